//! Writes of the registration path that PostgreSQL runs as one statement each, for a whole
//! batch of registrants (their rows passed as arrays, through `unnest`): data-modifying
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
use crate::db::models::{
    Event, MailQuota, QUOTA_WINDOW, Registration, RegistrationStatus, TokenPurpose,
    push_count_on_conflict,
};
use crate::db::{new_id, now};

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

/// First registrations for one event, each with its confirmation token and mail, in one
/// statement: written only while the event is still the version the mails were composed for,
/// and each only when its address is new for the event. [`RegisterOutcome`] tells which were
/// written. Run on its own (autocommit).
///
/// Each new address's opt-in counts against its mailbox's unsolicited mails
/// ([`crate::db::models::MailQuota`]); one over the cap is not written.
pub(super) struct RegisterAll<'a> {
    event: &'a Event,
    now: NaiveDateTime,
    texts: [Vec<&'a str>; 15],
    outbox_ids: Vec<String>,
    quota_keys: Vec<String>,
    optional_texts: [Vec<Option<&'a str>>; 2],
    times: [Vec<NaiveDateTime>; 2],
    /// Unsolicited mails per mailbox and day; 0 for no limit.
    cap: i32,
    /// Windows of the count that started at or before this are over.
    quota_expired: NaiveDateTime,
}

/// What [`RegisterAll`] did: whether the event was as expected, the registrations it wrote,
/// and those left out for their mailbox's cap.
#[derive(QueryableByName)]
pub(super) struct RegisterOutcome {
    #[diesel(sql_type = BigInt)]
    pub(super) event_current: i64,
    #[diesel(sql_type = Array<Text>)]
    pub(super) registered: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    pub(super) capped: Vec<String>,
}

/// Of a batch of first registrations (on either database): those written (their addresses
/// new for the event) and those left out for their mailbox's cap on unsolicited mails.
pub(super) struct Written {
    pub(super) registered: Vec<String>,
    pub(super) capped: Vec<String>,
}

/// A registration of a [`RegisterAll`] batch: new and pending, as
/// [`Registration::new_pending`] makes it, with its token and mail.
pub(super) struct NewPending<'a> {
    pub(super) registration: &'a Registration,
    pub(super) token_hash: &'a str,
    pub(super) token_expires_at: NaiveDateTime,
    pub(super) notice: &'a PreparedNotice,
}

impl<'a> RegisterAll<'a> {
    /// The columns of `texts`, after the outbox id, in the order of [`RegisterAll::new`].
    const TEXT_COLUMNS: &'static str = "id, name, email, email_key, organisation, \
         organisation_key, organisation_type, country, language, token_hash, message_id, kind, \
         recipient, subject, message";

    pub(super) fn new(event: &'a Event, batch: &[NewPending<'a>], cap: u32) -> Self {
        let column = |f: fn(&NewPending<'a>) -> &'a str| batch.iter().map(f).collect();
        let texts = [
            column(|n| &n.registration.id),
            column(|n| &n.registration.name),
            column(|n| &n.registration.email),
            column(|n| &n.registration.email_key),
            column(|n| &n.registration.organisation),
            column(|n| &n.registration.organisation_key),
            column(|n| &n.registration.organisation_type),
            column(|n| &n.registration.country),
            column(|n| &n.registration.language),
            column(|n| n.token_hash),
            column(|n| &n.notice.mail.message_id),
            column(|n| n.notice.kind),
            column(|n| &n.notice.mail.recipient),
            column(|n| &n.notice.mail.subject),
            column(|n| &n.notice.mail.message),
        ];
        let optional_texts = [
            batch
                .iter()
                .map(|n| n.registration.position.as_deref())
                .collect(),
            batch
                .iter()
                .map(|n| n.registration.timezone.as_deref())
                .collect(),
        ];
        let now = now();
        Self {
            event,
            now,
            texts,
            outbox_ids: batch.iter().map(|_| new_id()).collect(),
            quota_keys: batch
                .iter()
                .map(|n| MailQuota::key(&n.registration.email_key))
                .collect(),
            cap: i32::try_from(cap).unwrap_or(i32::MAX),
            quota_expired: now - QUOTA_WINDOW,
            optional_texts,
            times: [
                batch.iter().map(|n| n.registration.created_at).collect(),
                batch.iter().map(|n| n.token_expires_at).collect(),
            ],
        }
    }
}

impl QueryFragment<Pg> for RegisterAll<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH current_event AS (SELECT 1 FROM events WHERE ");
        push_event_is(&mut out, self.event)?;
        out.push_sql("), members AS (SELECT * FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.outbox_ids)?;
        for column in &self.texts {
            out.push_sql(", ");
            out.push_bind_param::<Array<Text>, _>(column)?;
        }
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.quota_keys)?;
        for column in &self.optional_texts {
            out.push_sql(", ");
            out.push_bind_param::<Array<Nullable<Text>>, _>(column)?;
        }
        for column in &self.times {
            out.push_sql(", ");
            out.push_bind_param::<Array<Timestamp>, _>(column)?;
        }
        out.push_sql(") AS m(outbox_id, ");
        out.push_sql(Self::TEXT_COLUMNS);
        // Each address new for the event counts one unsolicited mail; those within the cap
        // are allowed.
        out.push_sql(
            ", quota_key, position, timezone, created_at, token_expires_at)), quota AS (INSERT \
             INTO unsolicited_mails (recipient_hash, window_start, mails) SELECT m.quota_key, ",
        );
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(
            ", 1 FROM members m, current_event WHERE NOT EXISTS (SELECT 1 FROM registrations \
             r WHERE r.event_id = ",
        );
        out.push_bind_param::<Text, _>(&self.event.id)?;
        out.push_sql(" AND r.email_key = m.email_key)");
        push_count_on_conflict(&mut out, &self.now, &self.quota_expired)?;
        out.push_sql(
            " RETURNING recipient_hash, mails), allowed AS (SELECT m.* FROM members m JOIN \
             quota q ON q.recipient_hash = m.quota_key WHERE ",
        );
        out.push_bind_param::<Integer, _>(&self.cap)?;
        out.push_sql(" = 0 OR q.mails <= ");
        out.push_bind_param::<Integer, _>(&self.cap)?;
        out.push_sql(
            "), registered AS (INSERT INTO \
             registrations (id, event_id, name, email, email_key, organisation, \
             organisation_key, organisation_type, country, position, language, timezone, \
             status, waitlist_seq, consent_at, created_at, updated_at, confirmed_at, \
             withdrawn_at, last_mail_at) SELECT m.id, ",
        );
        out.push_bind_param::<Text, _>(&self.event.id)?;
        out.push_sql(
            ", m.name, m.email, m.email_key, m.organisation, m.organisation_key, \
             m.organisation_type, m.country, m.position, m.language, m.timezone, ",
        );
        out.push_bind_param::<Text, _>(RegistrationStatus::Pending.as_str())?;
        out.push_sql(
            ", NULL, m.created_at, m.created_at, m.created_at, NULL, NULL, m.created_at \
             FROM allowed m, current_event ON CONFLICT (event_id, email_key) DO NOTHING \
             RETURNING id), token AS (INSERT INTO action_tokens (token_hash, purpose, \
             registration_id, expires_at, created_at) SELECT m.token_hash, ",
        );
        out.push_bind_param::<Text, _>(TokenPurpose::ConfirmRegistration.as_str())?;
        out.push_sql(
            ", m.id, m.token_expires_at, m.created_at FROM members m JOIN registered r ON \
             r.id = m.id), mail AS (",
        );
        push_queue_members(
            &mut out,
            &self.event.id,
            &self.now,
            "registered r ON r.id = m.id",
        )?;
        out.push_sql(
            ") SELECT (SELECT count(*) FROM current_event) AS event_current, \
             ARRAY(SELECT id FROM registered) AS registered, ARRAY(SELECT m.id FROM members m \
             WHERE m.id NOT IN (SELECT id FROM allowed) AND m.quota_key IN (SELECT \
             recipient_hash FROM quota)) AS capped",
        );
        Ok(())
    }
}

one_statement!(RegisterAll);

/// `INSERT INTO outbox … SELECT … FROM members m JOIN <joined>`: the mail of each member
/// (columns `outbox_id`, `message_id`, `kind`, `recipient`, `subject`, `message`) that the
/// join keeps.
fn push_queue_members<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    event_id: &'b str,
    now: &'b NaiveDateTime,
    joined: &'static str,
) -> QueryResult<()> {
    out.push_sql(
        "INSERT INTO outbox (id, message_id, kind, event_id, recipient, subject, message, \
         status, attempts, next_attempt_at, created_at) SELECT m.outbox_id, m.message_id, \
         m.kind, ",
    );
    out.push_bind_param::<Text, _>(event_id)?;
    out.push_sql(", m.recipient, m.subject, m.message, 'pending', 0, ");
    out.push_bind_param::<Timestamp, _>(now)?;
    out.push_sql(", ");
    out.push_bind_param::<Timestamp, _>(now)?;
    out.push_sql(" FROM members m JOIN ");
    out.push_sql(joined);
    Ok(())
}

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
        out.push_sql(" FROM members m JOIN admitted a ON a.id = m.registration_id), mail AS (");
        push_queue_members(
            &mut out,
            &self.event.id,
            &self.now,
            "admitted a ON a.id = m.registration_id",
        )?;
        out.push_sql(
            ") SELECT (SELECT count(*) FROM current_event) AS event_current, \
             ARRAY(SELECT id FROM admitted) AS admitted",
        );
        Ok(())
    }
}

one_statement!(ConfirmAll);
