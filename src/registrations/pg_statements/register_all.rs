//! [`RegisterAll`]: a batch of first registrations in one statement.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamp, Untyped};

use super::{SqlFile, push_arrays, push_event_slot, push_queue_members, unknown_slot};
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
    /// The text columns of `members` in `register_all.sql`, in its order; so are
    /// `optional_texts` and `times`.
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

static SQL: LazyLock<SqlFile> = LazyLock::new(|| SqlFile::parse(include_str!("register_all.sql")));

impl QueryFragment<Pg> for RegisterAll<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        SQL.push(&mut out, |name, out| match name {
            "now" => out.push_bind_param::<Timestamp, _>(&self.now),
            "outbox_ids" => out.push_bind_param::<Array<Text>, _>(&self.outbox_ids),
            "texts" => push_arrays::<Array<Text>, _>(out, &self.texts),
            "quota_keys" => out.push_bind_param::<Array<Text>, _>(&self.quota_keys),
            "optional_texts" => push_arrays::<Array<Nullable<Text>>, _>(out, &self.optional_texts),
            "times" => push_arrays::<Array<Timestamp>, _>(out, &self.times),
            "count_on_conflict" => push_count_on_conflict(out, &self.now, &self.quota_expired),
            "cap" => out.push_bind_param::<Integer, _>(&self.cap),
            "pending" => out.push_bind_param::<Text, _>(RegistrationStatus::Pending.as_str()),
            "confirm_purpose" => {
                out.push_bind_param::<Text, _>(TokenPurpose::ConfirmRegistration.as_str())
            }
            "queue_members" => push_queue_members(out, &self.event.id, &self.now),
            other => {
                push_event_slot(out, self.event, other).unwrap_or_else(|| Err(unknown_slot(other)))
            }
        })
    }
}

one_statement!(RegisterAll);
