//! Queuing the mail of a registration's new state, in the caller's transaction.

use crate::db::DbConnection;
use crate::db::models::{EventRecord, Registration, RegistrationStatus};
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::event_mail::{MailContext, Notice};
use crate::mail::outbox::MailMeta;
use crate::mail::{EventMailKind, OutboxMail, Recipient, compose_event_mail};

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

pub fn send_notice(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
    notice: Notice,
) -> Result<(), ApiError> {
    let recipient = Recipient {
        name: Some(registration.name.clone()),
        email: Email::parse(&registration.email)
            .map_err(|e| ApiError::internal(anyhow::anyhow!(e.message)))?,
        locale: registration.locale(),
        timezone: registration
            .timezone
            .as_deref()
            .and_then(|tz| tz.parse().ok()),
        // The access link goes to confirmed registrants only, and only once it is released.
        sees_access_link: registration.status() == RegistrationStatus::Confirmed
            && crate::schedule::plan::EventPlan::find(conn, &record.event.id)?
                .is_none_or(|plan| plan.access_link_released(&record.event, crate::db::now())),
    };
    let kind = kind_name(&notice);
    let mail = compose_event_mail(
        context,
        record,
        &recipient,
        &EventMailKind::Registration(notice),
    )
    .map_err(ApiError::internal)?;
    OutboxMail::enqueue(
        conn,
        &mail,
        &MailMeta {
            kind,
            event_id: Some(&record.event.id),
            dedupe_key: None,
        },
    )?;
    Registration::mark_mailed(conn, &registration.id)?;
    Ok(())
}
