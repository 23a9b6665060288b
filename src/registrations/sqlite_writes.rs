//! The batch writes of the registration path on SQLite: what [`super::pg_statements`] does in
//! one statement on PostgreSQL, here as one statement per row inside the batch's transaction
//! of the file's writer, which admits one transaction at a time anyway. The batch, not each
//! registrant, then pays for the writer's turn, its savepoint and the event's checks.

use diesel::RunQueryDsl as _;

use super::notices::queue_composed;
use super::rows::{AccessLinkPlan, Admission, NewPending, Written};
use crate::db::models::{ActionToken, AdmitPending, Event, MailQuota, Registration, TokenPurpose};
use crate::db::{DbConnection, now, on_backend};
use crate::error::ApiError;
use crate::schedule::plan::EventPlan;

/// Writes each of `batch` (first registrations for `event`) whose address is new for the
/// event and within its mailbox's `cap` of unsolicited mails, with its token and its mail, and
/// says which were written and which left out for the cap; `None`, with nothing written, when
/// the event is no longer the version they were composed for. Call in a write transaction.
pub(super) fn register_all(
    conn: &mut DbConnection,
    event: &Event,
    batch: &[NewPending<'_>],
    cap: u32,
) -> Result<Option<Written>, ApiError> {
    if !Event::version(conn, &event.id, false)?.is_of(event) {
        return Ok(None);
    }
    let mut written = Written {
        registered: Vec::with_capacity(batch.len()),
        capped: Vec::new(),
    };
    for member in batch {
        // The unique index on (event, address) tells a repeated registration.
        if !Registration::insert(conn, member.registration)? {
            continue;
        }
        let key = MailQuota::key(&member.registration.email_key);
        if !MailQuota::take(conn, &key, member.registration.created_at, cap)? {
            // Rare (someone is being mail-bombed): the row just written goes again.
            Registration::delete(conn, &member.registration.id)?;
            written.capped.push(member.registration.id.clone());
            continue;
        }
        ActionToken::insert_hashed(
            conn,
            TokenPurpose::ConfirmRegistration,
            &member.registration.id,
            member.token_expires_at,
            member.token_hash,
        )?;
        queue_composed(conn, &event.id, member.notice)?;
        written.registered.push(member.registration.id.clone());
    }
    Ok(Some(written))
}

/// Admits each of `admissions` whose registration is still pending: uses up its token,
/// gives it its status, writes its withdrawal token and queues its mail; returns the ids
/// admitted. Admits none (and returns none) unless the event's plan still shows the access
/// link as the mails do. The caller has checked `version` to be `event`'s and rolls back
/// unless every one was admitted. Call in a write transaction.
pub(super) fn admit_all(
    conn: &mut DbConnection,
    event: &Event,
    (hours_before, release): AccessLinkPlan,
    withdraw_expires_at: chrono::NaiveDateTime,
    admissions: &[Admission<'_>],
) -> Result<Vec<String>, ApiError> {
    let plan_holds = EventPlan::find(conn, &event.id)?.is_some_and(|plan| {
        plan.access_link_hours_before == hours_before && release.is_none_or(|r| now() < r)
    });
    if !plan_holds {
        return Ok(Vec::new());
    }
    let mut admitted = Vec::with_capacity(admissions.len());
    for admission in admissions {
        let admit = AdmitPending::new(
            admission.registration_id,
            admission.status,
            admission.waitlist_seq,
        );
        // No longer pending (confirmed by another link of it, withdrawn, expired): left out.
        if on_backend!(conn, |c| admit.execute(c))? != 1 {
            continue;
        }
        // Its link used meanwhile: the caller rolls back and decides one by one.
        if !ActionToken::consume_unused(conn, admission.token_hash)? {
            continue;
        }
        ActionToken::insert_hashed(
            conn,
            TokenPurpose::WithdrawRegistration,
            admission.registration_id,
            withdraw_expires_at,
            admission.withdraw_token_hash,
        )?;
        queue_composed(conn, &event.id, admission.notice)?;
        admitted.push(admission.registration_id.to_owned());
    }
    Ok(admitted)
}
