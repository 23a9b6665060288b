//! Queuing the mail of a registration's new state, in the caller's transaction.

use crate::db::DbConnection;
use crate::db::models::{Event, EventRecord, Registration, RegistrationStatus};
use crate::error::ApiError;
use crate::mail::ComposedMail;
use crate::mail::event_mail::{MailContext, Notice};
use crate::mail::outbox::MailMeta;
use crate::mail::{EventMailKind, OutboxMail, Recipient, compose_event_mail};
use crate::schedule::plan::EventPlan;

fn kind_name(notice: &Notice) -> &'static str {
    match notice {
        Notice::ConfirmRequest { .. } => "registration_confirm",
        Notice::Confirmed { .. } => "registration_confirmed",
        Notice::Promoted { .. } => "registration_promoted",
        Notice::Waitlisted { .. } => "registration_waitlisted",
        Notice::AwaitingApproval { .. } => "registration_awaiting_approval",
        Notice::Rejected => "registration_rejected",
        Notice::Withdrawn { .. } => "registration_withdrawn",
        Notice::Removed { .. } => "registration_removed",
    }
}

/// A registration mail composed ahead of the transaction that queues it, so that the
/// transaction (which holds SQLite's one writer, or the event's row) stays short.
#[derive(Clone)]
pub struct ComposedNotice {
    pub(super) kind: &'static str,
    pub(super) mail: ComposedMail,
}

/// Whether a mail to `registration` may carry the event's access link: to confirmed
/// registrants only, and only once it is released.
pub fn sees_access_link(
    conn: &mut DbConnection,
    event: &Event,
    registration: &Registration,
) -> Result<bool, ApiError> {
    Ok(registration.status == RegistrationStatus::Confirmed
        && access_link_released(EventPlan::find(conn, &event.id)?.as_ref(), event))
}

/// Whether the access link is released now under the event's `plan` (without one: always).
pub fn access_link_released(plan: Option<&EventPlan>, event: &Event) -> bool {
    plan.is_none_or(|plan| plan.access_link_released(event, crate::db::now()))
}

pub fn compose_notice(
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
    notice: Notice,
    sees_access_link: bool,
) -> Result<ComposedNotice, ApiError> {
    let recipient = Recipient::of_registration(registration, sees_access_link)
        .map_err(|e| ApiError::internal(anyhow::anyhow!(e.message)))?;
    let kind = kind_name(&notice);
    let mail = compose_event_mail(
        context,
        record,
        &recipient,
        &EventMailKind::Registration(notice),
    )
    .map_err(ApiError::internal)?;
    Ok(ComposedNotice { kind, mail })
}

/// Queues a composed mail; the caller records it on the registration.
pub fn queue_composed(
    conn: &mut DbConnection,
    event_id: &str,
    notice: &ComposedNotice,
) -> Result<(), ApiError> {
    OutboxMail::enqueue(
        conn,
        &notice.mail,
        &MailMeta {
            kind: notice.kind,
            event_id: Some(event_id),
            dedupe_key: None,
        },
    )?;
    Ok(())
}

/// Like [`queue_notice`], for one registrant of several that a change mails (the waitlist
/// moving up): one whose mail cannot be composed is skipped and logged by id, never stopping
/// the others' mails or the change.
pub fn queue_notice_or_skip(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
    notice: Notice,
) -> Result<(), ApiError> {
    let sees_access_link = sees_access_link(conn, &record.event, registration)?;
    match compose_notice(context, record, registration, notice, sees_access_link) {
        Ok(composed) => {
            queue_composed(conn, &record.event.id, &composed)?;
            Registration::mark_mailed(conn, &registration.id)?;
        }
        Err(error) => crate::mail::skip_recipient(
            "registration",
            &registration.id,
            &format_args!("{:#}", anyhow::Error::new(error)),
        ),
    }
    Ok(())
}

/// Composes and queues `notice` in the caller's transaction.
pub fn queue_notice(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
    notice: Notice,
) -> Result<(), ApiError> {
    let sees_access_link = sees_access_link(conn, &record.event, registration)?;
    let composed = compose_notice(context, record, registration, notice, sees_access_link)?;
    queue_composed(conn, &record.event.id, &composed)?;
    Registration::mark_mailed(conn, &registration.id)?;
    Ok(())
}
