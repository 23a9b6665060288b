//! [`RegisterAll`]: a batch of first registrations in one statement.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamp, Untyped};

use super::{push_event_is, push_queue_members};
use crate::db::models::{
    Event, MailQuota, QUOTA_WINDOW, RegistrationStatus, TokenPurpose, push_count_on_conflict,
};
use crate::db::{new_id, now};
use crate::registrations::rows::NewPending;

/// First registrations for one event, each with its confirmation token and mail, in one
/// statement: written only while the event is still the version the mails were composed for,
/// and each only when its address is new for the event. [`RegisterAllRow`] tells which were
/// written. Run on its own (autocommit).
///
/// Each new address's opt-in counts against its mailbox's unsolicited mails
/// ([`crate::db::models::MailQuota`]); one over the cap is not written.
pub(in crate::registrations) struct RegisterAll<'a> {
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
pub(in crate::registrations) struct RegisterAllRow {
    #[diesel(sql_type = BigInt)]
    pub(in crate::registrations) event_current: i64,
    #[diesel(sql_type = Array<Text>)]
    pub(in crate::registrations) registered: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    pub(in crate::registrations) capped: Vec<String>,
}

impl<'a> RegisterAll<'a> {
    /// The columns of `texts`, after the outbox id, in the order of [`RegisterAll::new`].
    const TEXT_COLUMNS: &'static str = "id, name, email, email_key, organisation, \
         organisation_key, organisation_type, country, language, token_hash, message_id, kind, \
         recipient, subject, message";

    pub(in crate::registrations) fn new(
        event: &'a Event,
        batch: &[NewPending<'a>],
        cap: u32,
    ) -> Self {
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
                .map(|n| n.registration.timezone.map(|tz| tz.name()))
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
