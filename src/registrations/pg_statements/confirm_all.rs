//! [`ConfirmAll`]: a batch of confirmations in one statement.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamp, Untyped};

use super::{SqlFile, push_arrays, push_event_slot, push_queue_members, unknown_slot};
use crate::db::models::{Event, TokenPurpose};
use crate::db::{new_id, now};
use crate::registrations::rows::{AccessLinkPlan, Admission};

/// Confirmations of one event, in one statement: each uses up its token, admits its pending
/// registration with the status decided for it, and writes its withdrawal token and its mail.
///
/// Writes nothing unless the event is still the version the mails were composed for and
/// shows the access link as they do, and — when `seats_for_all` is set, run on its own in
/// autocommit — has a seat free for every one of them; the event's row is then held only
/// from the seat count to the commit. A confirmation whose token is used already or whose
/// registration is no longer pending is left out; [`ConfirmAllRow`] tells which were written.
pub(in crate::registrations) struct ConfirmAll<'a> {
    event: &'a Event,
    plan: AccessLinkPlan,
    seats_for_all: Option<i32>,
    now: NaiveDateTime,
    withdraw_expires_at: NaiveDateTime,
    /// The text columns of `members` in `confirm_all.sql`, in its order.
    texts: [Vec<&'a str>; 9],
    outbox_ids: Vec<String>,
    waitlist_seqs: Vec<Option<i32>>,
}

/// What [`ConfirmAll`] did: whether the event was as expected (and held), and the
/// registrations it admitted.
#[derive(QueryableByName)]
pub(in crate::registrations) struct ConfirmAllRow {
    #[diesel(sql_type = BigInt)]
    pub(in crate::registrations) event_current: i64,
    #[diesel(sql_type = Array<Text>)]
    pub(in crate::registrations) admitted: Vec<String>,
}

impl<'a> ConfirmAll<'a> {
    pub(in crate::registrations) fn new(
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

static SQL: LazyLock<SqlFile> = LazyLock::new(|| SqlFile::parse(include_str!("confirm_all.sql")));

impl QueryFragment<Pg> for ConfirmAll<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let (hours_before, release) = &self.plan;
        SQL.push(&mut out, |name, out| match name {
            "seats_for_all" => out.push_bind_param::<Nullable<Integer>, _>(&self.seats_for_all),
            "hours_before" => out.push_bind_param::<Nullable<Integer>, _>(hours_before),
            "release" => out.push_bind_param::<Nullable<Timestamp>, _>(release),
            "now" => out.push_bind_param::<Timestamp, _>(&self.now),
            "outbox_ids" => out.push_bind_param::<Array<Text>, _>(&self.outbox_ids),
            "texts" => push_arrays::<Array<Text>, _>(out, &self.texts),
            "waitlist_seqs" => {
                out.push_bind_param::<Array<Nullable<Integer>>, _>(&self.waitlist_seqs)
            }
            "withdraw_purpose" => {
                out.push_bind_param::<Text, _>(TokenPurpose::WithdrawRegistration.as_str())
            }
            "withdraw_expires_at" => out.push_bind_param::<Timestamp, _>(&self.withdraw_expires_at),
            "queue_members" => push_queue_members(out, &self.event.id, &self.now),
            other => {
                push_event_slot(out, self.event, other).unwrap_or_else(|| Err(unknown_slot(other)))
            }
        })
    }
}

one_statement!(ConfirmAll);
