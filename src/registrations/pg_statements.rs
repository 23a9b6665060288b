//! Writes of the registration path that PostgreSQL runs as one statement each: data-modifying
//! `WITH` clauses chain the rows, so that the statement either writes all of them or none.
//!
//! Each round trip costs both the application and the server a wake-up, and on PostgreSQL the
//! hot writes of a registration are otherwise several small statements in a transaction.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamp, Untyped};

use super::notices::PreparedNotice;
use crate::db::models::{Event, Registration, RegistrationStatus, TokenPurpose};
use crate::db::{new_id, now};

/// `INSERT INTO outbox … SELECT … FROM <source>`: the notice queued once for each row of
/// `source`, a `WITH` clause of the statement.
pub(super) struct QueueFrom<'a> {
    source: &'static str,
    outbox_id: String,
    event_id: &'a str,
    notice: &'a PreparedNotice,
    now: NaiveDateTime,
}

impl<'a> QueueFrom<'a> {
    pub(super) fn new(source: &'static str, event_id: &'a str, notice: &'a PreparedNotice) -> Self {
        Self {
            source,
            outbox_id: new_id(),
            event_id,
            notice,
            now: now(),
        }
    }

    fn walk<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let mail = &self.notice.mail;
        out.push_sql(
            "INSERT INTO outbox (id, message_id, kind, event_id, recipient, subject, message, \
             status, attempts, next_attempt_at, created_at) SELECT ",
        );
        for text in [
            self.outbox_id.as_str(),
            &mail.message_id,
            self.notice.kind,
            self.event_id,
            &mail.recipient,
            &mail.subject,
            &mail.message,
        ] {
            out.push_bind_param::<Text, _>(text)?;
            out.push_sql(", ");
        }
        out.push_sql("'pending', 0, ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(" FROM ");
        out.push_sql(self.source);
        Ok(())
    }
}

/// `id = … AND updated_at = … AND status = … AND sequence = …`: the conditions under which
/// the events row is the version `event` was read as.
fn push_event_is<'b>(out: &mut AstPass<'_, 'b, Pg>, event: &'b Event) -> QueryResult<()> {
    out.push_sql("id = ");
    out.push_bind_param::<Text, _>(&event.id)?;
    out.push_sql(" AND updated_at = ");
    out.push_bind_param::<Timestamp, _>(&event.updated_at)?;
    out.push_sql(" AND status = ");
    out.push_bind_param::<Text, _>(&event.status)?;
    out.push_sql(" AND sequence = ");
    out.push_bind_param::<Integer, _>(&event.sequence)?;
    Ok(())
}

/// `INSERT INTO action_tokens … SELECT … FROM <source>`: a token of `purpose` for each
/// registration id that `source`, a `WITH` clause, returns.
fn push_token_from<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    source: &'static str,
    purpose: TokenPurpose,
    token_hash: &'b str,
    expires_at: &'b NaiveDateTime,
    created_at: &'b NaiveDateTime,
) -> QueryResult<()> {
    out.push_sql(
        "INSERT INTO action_tokens (token_hash, purpose, registration_id, expires_at, \
         created_at) SELECT ",
    );
    out.push_bind_param::<Text, _>(token_hash)?;
    out.push_sql(", ");
    out.push_bind_param::<Text, _>(purpose.as_str())?;
    out.push_sql(", id, ");
    out.push_bind_param::<Timestamp, _>(expires_at)?;
    out.push_sql(", ");
    out.push_bind_param::<Timestamp, _>(created_at)?;
    out.push_sql(" FROM ");
    out.push_sql(source);
    Ok(())
}

/// The impls that let a statement of this module be loaded by name (as its `…Outcome`) and
/// stay prepared: its SQL is the same on every run.
macro_rules! one_statement {
    ($statement:ident) => {
        impl Query for $statement<'_> {
            type SqlType = Untyped;
        }

        impl QueryId for $statement<'_> {
            type QueryId = $statement<'static>;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl RunQueryDsl<diesel::PgConnection> for $statement<'_> {}
    };
}

/// A first registration with its confirmation token and mail, written only while the event
/// is still the version the mail was composed for, and only when the address is new for the
/// event. Run on its own (autocommit): one round trip instead of six.
pub(super) struct RegisterAndQueue<'a> {
    event: &'a Event,
    registration: &'a Registration,
    token_hash: &'a str,
    token_expires_at: NaiveDateTime,
    queue: QueueFrom<'a>,
}

/// What [`RegisterAndQueue`] found: whether the event was as expected, and whether the
/// registration was written.
#[derive(QueryableByName)]
pub(super) struct RegisterOutcome {
    #[diesel(sql_type = BigInt)]
    pub(super) event_current: i64,
    #[diesel(sql_type = BigInt)]
    pub(super) registered: i64,
}

impl<'a> RegisterAndQueue<'a> {
    pub(super) fn new(
        event: &'a Event,
        registration: &'a Registration,
        token_hash: &'a str,
        token_expires_at: NaiveDateTime,
        notice: &'a PreparedNotice,
    ) -> Self {
        Self {
            event,
            registration,
            token_hash,
            token_expires_at,
            queue: QueueFrom::new("registered", &event.id, notice),
        }
    }
}

impl QueryFragment<Pg> for RegisterAndQueue<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let (event, r) = (self.event, self.registration);
        out.push_sql("WITH current_event AS (SELECT 1 FROM events WHERE ");
        push_event_is(&mut out, event)?;
        out.push_sql(
            "), registered AS (INSERT INTO registrations (id, event_id, name, email, email_key, \
             organisation, organisation_key, organisation_type, country, position, language, \
             timezone, status, waitlist_seq, consent_at, created_at, updated_at, confirmed_at, \
             withdrawn_at, last_mail_at) SELECT ",
        );
        for text in [
            &r.id,
            &r.event_id,
            &r.name,
            &r.email,
            &r.email_key,
            &r.organisation,
            &r.organisation_key,
            &r.organisation_type,
            &r.country,
        ] {
            out.push_bind_param::<Text, _>(text)?;
            out.push_sql(", ");
        }
        out.push_bind_param::<Nullable<Text>, _>(&r.position)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&r.language)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&r.timezone)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&r.status)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Integer>, _>(&r.waitlist_seq)?;
        for time in [&r.consent_at, &r.created_at, &r.updated_at] {
            out.push_sql(", ");
            out.push_bind_param::<Timestamp, _>(time)?;
        }
        for time in [&r.confirmed_at, &r.withdrawn_at, &r.last_mail_at] {
            out.push_sql(", ");
            out.push_bind_param::<Nullable<Timestamp>, _>(time)?;
        }
        out.push_sql(
            " FROM current_event ON CONFLICT (event_id, email_key) DO NOTHING RETURNING id), \
             token AS (",
        );
        push_token_from(
            &mut out,
            "registered",
            TokenPurpose::ConfirmRegistration,
            self.token_hash,
            &self.token_expires_at,
            &r.created_at,
        )?;
        out.push_sql("), mail AS (");
        self.queue.walk(out.reborrow())?;
        out.push_sql(
            ") SELECT (SELECT count(*) FROM current_event) AS event_current, \
             (SELECT count(*) FROM registered) AS registered",
        );
        Ok(())
    }
}

one_statement!(RegisterAndQueue);

/// One confirmation of a [`ConfirmAll`] batch: what it becomes, and its mail.
pub(super) struct Admission<'a> {
    pub(super) token_hash: &'a str,
    pub(super) registration_id: &'a str,
    pub(super) status: RegistrationStatus,
    pub(super) waitlist_seq: Option<i32>,
    pub(super) withdraw_token_hash: &'a str,
    pub(super) notice: &'a PreparedNotice,
}

/// The event's plan for releasing the access link, as a batch's mails were composed under it:
/// its `access_link_hours_before` and, while the link is not released yet, when it will be.
pub(super) type AccessLinkPlan = (Option<i32>, Option<NaiveDateTime>);

/// Confirmations of one event, in one statement: each uses up its token, admits its pending
/// registration with the status decided for it, and writes its withdrawal token and its mail.
///
/// Writes nothing unless the event is still the version the mails were composed for and
/// shows the access link as they do, and — when `seats_for_all` is set, run on its own in
/// autocommit — has a seat free for every one of them; the event's row is then held only
/// from the seat count to the commit. A confirmation whose token is used already or whose
/// registration is no longer pending is left out; [`ConfirmOutcome`] tells which were written.
pub(super) struct ConfirmAll<'a> {
    event: &'a Event,
    plan: AccessLinkPlan,
    seats_for_all: Option<i32>,
    now: NaiveDateTime,
    withdraw_expires_at: NaiveDateTime,
    texts: [Vec<&'a str>; 9],
    outbox_ids: Vec<String>,
    waitlist_seqs: Vec<Option<i32>>,
}

/// What [`ConfirmAll`] did: whether the event was as expected (and held), and the
/// registrations it admitted.
#[derive(QueryableByName)]
pub(super) struct ConfirmOutcome {
    #[diesel(sql_type = BigInt)]
    pub(super) event_current: i64,
    #[diesel(sql_type = Array<Text>)]
    pub(super) admitted: Vec<String>,
}

impl<'a> ConfirmAll<'a> {
    /// The columns of `texts`, after the outbox id, in the order of [`ConfirmAll::walk_ast`].
    const TEXT_COLUMNS: &'static str = "token_hash, registration_id, status, withdraw_hash, \
         message_id, kind, recipient, subject, message";

    pub(super) fn new(
        event: &'a Event,
        plan: AccessLinkPlan,
        seats_for_all: bool,
        withdraw_expires_at: NaiveDateTime,
        admissions: &[Admission<'a>],
    ) -> Self {
        let texts = [
            admissions.iter().map(|a| a.token_hash).collect(),
            admissions.iter().map(|a| a.registration_id).collect(),
            admissions.iter().map(|a| a.status.as_str()).collect(),
            admissions.iter().map(|a| a.withdraw_token_hash).collect(),
            admissions
                .iter()
                .map(|a| a.notice.mail.message_id.as_str())
                .collect(),
            admissions.iter().map(|a| a.notice.kind).collect(),
            admissions
                .iter()
                .map(|a| a.notice.mail.recipient.as_str())
                .collect(),
            admissions
                .iter()
                .map(|a| a.notice.mail.subject.as_str())
                .collect(),
            admissions
                .iter()
                .map(|a| a.notice.mail.message.as_str())
                .collect(),
        ];
        Self {
            event,
            plan,
            seats_for_all: seats_for_all.then_some(admissions.len() as i32),
            now: now(),
            withdraw_expires_at,
            texts,
            outbox_ids: admissions.iter().map(|_| new_id()).collect(),
            waitlist_seqs: admissions.iter().map(|a| a.waitlist_seq).collect(),
        }
    }
}

impl QueryFragment<Pg> for ConfirmAll<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let (hours_before, release) = &self.plan;
        // FOR NO KEY UPDATE, as elsewhere (see `Event::version`). A row that no longer
        // matches once its lock is granted is neither locked nor returned.
        out.push_sql("WITH current_event AS (SELECT 1 FROM events WHERE ");
        push_event_is(&mut out, self.event)?;
        out.push_sql(" AND (");
        out.push_bind_param::<Nullable<Integer>, _>(&self.seats_for_all)?;
        out.push_sql(" IS NULL OR capacity IS NULL OR seats_taken + ");
        out.push_bind_param::<Nullable<Integer>, _>(&self.seats_for_all)?;
        out.push_sql(
            " <= capacity) AND EXISTS (SELECT 1 FROM event_plans WHERE event_id = events.id \
             AND access_link_hours_before IS NOT DISTINCT FROM ",
        );
        out.push_bind_param::<Nullable<Integer>, _>(hours_before)?;
        out.push_sql(") AND (");
        out.push_bind_param::<Nullable<Timestamp>, _>(release)?;
        out.push_sql(" IS NULL OR ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(" < ");
        out.push_bind_param::<Nullable<Timestamp>, _>(release)?;
        out.push_sql(") FOR NO KEY UPDATE), members AS (SELECT * FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.outbox_ids)?;
        for column in &self.texts {
            out.push_sql(", ");
            out.push_bind_param::<Array<Text>, _>(column)?;
        }
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Integer>>, _>(&self.waitlist_seqs)?;
        out.push_sql(") AS m(outbox_id, ");
        out.push_sql(Self::TEXT_COLUMNS);
        out.push_sql(", waitlist_seq)), used AS (UPDATE action_tokens t SET used_at = ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(
            " FROM members m WHERE t.token_hash = m.token_hash AND t.used_at IS NULL \
             AND EXISTS (SELECT 1 FROM current_event) AND EXISTS (SELECT 1 FROM registrations \
             r WHERE r.id = m.registration_id AND r.status = 'pending') \
             RETURNING m.registration_id), \
             admitted AS (UPDATE registrations r SET status = m.status, \
             waitlist_seq = m.waitlist_seq, updated_at = ",
        );
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", last_mail_at = ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", confirmed_at = CASE WHEN m.status = 'confirmed' THEN ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(
            " ELSE r.confirmed_at END FROM members m WHERE r.id = m.registration_id \
             AND r.status = 'pending' AND m.registration_id IN (SELECT registration_id FROM \
             used) RETURNING r.id), withdrawal AS (INSERT INTO action_tokens (token_hash, \
             purpose, registration_id, expires_at, created_at) SELECT m.withdraw_hash, ",
        );
        out.push_bind_param::<Text, _>(TokenPurpose::WithdrawRegistration.as_str())?;
        out.push_sql(", m.registration_id, ");
        out.push_bind_param::<Timestamp, _>(&self.withdraw_expires_at)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(
            " FROM members m JOIN admitted a ON a.id = m.registration_id), mail AS (INSERT \
             INTO outbox (id, message_id, kind, event_id, recipient, subject, message, status, \
             attempts, next_attempt_at, created_at) SELECT m.outbox_id, m.message_id, m.kind, ",
        );
        out.push_bind_param::<Text, _>(&self.event.id)?;
        out.push_sql(", m.recipient, m.subject, m.message, 'pending', 0, ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(
            " FROM members m JOIN admitted a ON a.id = m.registration_id) \
             SELECT (SELECT count(*) FROM current_event) AS event_current, \
             ARRAY(SELECT id FROM admitted) AS admitted",
        );
        Ok(())
    }
}

one_statement!(ConfirmAll);
