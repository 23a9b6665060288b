//! [`ConfirmAll`]: a batch of confirmations in one statement.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamp, Untyped};

use super::{push_event_is, push_queue_members};
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
    /// The columns of `texts`, after the outbox id, in the order of [`ConfirmAll::walk_ast`].
    const TEXT_COLUMNS: &'static str = "token_hash, registration_id, status, withdraw_hash, \
         message_id, kind, recipient, subject, message";

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
