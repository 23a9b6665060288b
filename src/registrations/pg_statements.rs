//! Writes of the registration path that PostgreSQL runs as one statement each: data-modifying
//! `WITH` clauses chain the rows, so that the statement either writes all of them or none.
//!
//! Each round trip costs both the application and the server a wake-up, and on PostgreSQL the
//! hot writes of a registration are otherwise several small statements in a transaction.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp, Untyped};

use super::notices::PreparedNotice;
use crate::db::models::{AdmitPending, Event, Registration, TokenPurpose, UseUp};
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

/// `WITH admitted AS (UPDATE registrations … RETURNING id) INSERT INTO outbox … FROM admitted`:
/// one row queued when the registration was admitted, none otherwise.
pub(super) struct AdmitAndQueue<'a> {
    admit: AdmitPending<'a>,
    queue: QueueFrom<'a>,
}

impl<'a> AdmitAndQueue<'a> {
    pub(super) fn new(
        admit: AdmitPending<'a>,
        event_id: &'a str,
        notice: &'a PreparedNotice,
    ) -> Self {
        Self {
            admit,
            queue: QueueFrom::new("admitted", event_id, notice),
        }
    }
}

impl QueryFragment<Pg> for AdmitAndQueue<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("WITH admitted AS (");
        self.admit.walk_ast(out.reborrow())?;
        out.push_sql(" RETURNING id) ");
        self.queue.walk(out)
    }
}

impl QueryId for AdmitAndQueue<'_> {
    type QueryId = AdmitAndQueue<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl RunQueryDsl<diesel::PgConnection> for AdmitAndQueue<'_> {}

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

/// A confirmation that takes a free seat, in one statement run on its own (autocommit): the
/// event's row is held from the seat count to the commit and for nothing else, with no round
/// trip to the application in between.
///
/// Writes nothing unless the event is still the version the mail was composed for, has a
/// seat free, and shows the access link as the mail does; nor unless the token is unused and
/// the registration pending. The caller then takes the transaction path.
pub(super) struct SeatAndQueue<'a> {
    pub(super) event: &'a Event,
    /// The plan's `access_link_hours_before` the mail was composed under.
    pub(super) access_link_hours_before: Option<i32>,
    /// When the access link is released, if the mail was composed before that.
    pub(super) access_link_release: Option<NaiveDateTime>,
    pub(super) use_up: UseUp<'a>,
    pub(super) admit: AdmitPending<'a>,
    pub(super) registration_id: &'a str,
    pub(super) withdraw_token_hash: &'a str,
    pub(super) withdraw_expires_at: NaiveDateTime,
    pub(super) queue: QueueFrom<'a>,
}

/// What [`SeatAndQueue`] did; ones when the seat was taken.
#[derive(QueryableByName)]
pub(super) struct SeatOutcome {
    #[diesel(sql_type = BigInt)]
    pub(super) token_used: i64,
    #[diesel(sql_type = BigInt)]
    pub(super) admitted: i64,
}

impl QueryFragment<Pg> for SeatAndQueue<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let event = self.event;
        // FOR NO KEY UPDATE, as elsewhere (see `Event::version`). A row that no longer
        // matches once its lock is granted is neither locked nor returned.
        out.push_sql("WITH current_event AS (SELECT 1 FROM events WHERE ");
        push_event_is(&mut out, event)?;
        out.push_sql(
            " AND (capacity IS NULL OR seats_taken < capacity) AND EXISTS (SELECT 1 FROM \
             event_plans WHERE event_id = events.id AND access_link_hours_before IS NOT \
             DISTINCT FROM ",
        );
        out.push_bind_param::<Nullable<Integer>, _>(&self.access_link_hours_before)?;
        out.push_sql(") AND (");
        out.push_bind_param::<Nullable<Timestamp>, _>(&self.access_link_release)?;
        out.push_sql(" IS NULL OR ");
        out.push_bind_param::<Timestamp, _>(&self.queue.now)?;
        out.push_sql(" < ");
        out.push_bind_param::<Nullable<Timestamp>, _>(&self.access_link_release)?;
        out.push_sql(") FOR NO KEY UPDATE), used AS (");
        self.use_up.walk_ast(out.reborrow())?;
        out.push_sql(
            " AND EXISTS (SELECT 1 FROM current_event) AND EXISTS (SELECT 1 FROM registrations \
             WHERE id = ",
        );
        out.push_bind_param::<Text, _>(self.registration_id)?;
        out.push_sql(" AND status = 'pending') RETURNING 1), admitted AS (");
        self.admit.walk_ast(out.reborrow())?;
        out.push_sql(" AND EXISTS (SELECT 1 FROM used) RETURNING id), withdrawal AS (");
        push_token_from(
            &mut out,
            "admitted",
            TokenPurpose::WithdrawRegistration,
            self.withdraw_token_hash,
            &self.withdraw_expires_at,
            &self.queue.now,
        )?;
        out.push_sql("), mail AS (");
        self.queue.walk(out.reborrow())?;
        out.push_sql(
            ") SELECT (SELECT count(*) FROM used) AS token_used, \
             (SELECT count(*) FROM admitted) AS admitted",
        );
        Ok(())
    }
}

one_statement!(SeatAndQueue);
