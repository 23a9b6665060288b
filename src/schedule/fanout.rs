//! Queuing one due mailing to everyone it is for, each mail with a dedupe key so that even a
//! mailing run twice would queue each mail once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::due::Due;
use super::plan::{self, EventPlan};
use crate::db::DbConnection;
use crate::db::models::{EventRecord, Registration, RegistrationStatus};
use crate::db::schema::registrations;
use crate::error::ApiError;
use crate::mail::event_mail::MailContext;
use crate::mail::outbox::MailMeta;
use crate::mail::schedule_mail::{ScheduleMailKind, compose_schedule_mail};
use crate::mail::{EventMailKind, OutboxMail, Recipient, compose_event_mail};

/// Registrants of an event in any of `statuses`.
fn registrants(
    conn: &mut DbConnection,
    event_id: &str,
    statuses: &[RegistrationStatus],
) -> QueryResult<Vec<Registration>> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    registrations::table
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq_any(statuses))
        .order(registrations::created_at)
        .select(Registration::as_select())
        .load(conn)
}

/// Who a mailing goes to: updates and cancellations to everyone holding or awaiting a seat,
/// everything else to confirmed registrants only.
fn audience(due: &Due) -> &'static [RegistrationStatus] {
    use RegistrationStatus::*;
    match due {
        Due::Update { .. } | Due::Cancellation => &super::TOLD_OF_CHANGES,
        _ => &[Confirmed],
    }
}

/// The outbox kind and the part of the dedupe key that tells runs of one mailing apart.
fn naming(due: &Due, record: &EventRecord, plan: &EventPlan) -> (&'static str, String) {
    match due {
        Due::Update { sequence } => ("event_update", sequence.to_string()),
        Due::Cancellation => ("event_cancellation", String::new()),
        Due::AccessLink => ("event_access_link", String::new()),
        Due::Reminder { hours } => (
            "event_reminder",
            format!(
                "{hours}h:{}",
                record.event.starts_at.format("%Y%m%dT%H%M%S")
            ),
        ),
        Due::Agenda => ("event_agenda", plan.agenda_version.to_string()),
        Due::FollowUp => ("event_follow_up", String::new()),
        Due::DropAgendaMail => ("", String::new()),
    }
}

/// Queues the mails of `due` and records it as done (in `plan` or as a mark). Returns how many
/// mails were queued. Runs inside the caller's transaction.
pub fn run(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    plan: &mut EventPlan,
    due: &Due,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let event = &record.event;
    match due {
        Due::DropAgendaMail => {
            plan.agenda_mail_due_at = None;
            return Ok(0);
        }
        Due::Update { sequence } => plan.notified_sequence = *sequence,
        Due::Cancellation => plan.cancel_notified = true,
        Due::Agenda => plan.agenda_mail_due_at = None,
        Due::AccessLink => plan.access_link_owed = false,
        _ => {}
    }
    // A change after the event is over is nobody's business any more.
    let pointless = matches!(due, Due::Update { .. }) && now >= event.ends_at;
    let recipients = if pointless {
        Vec::new()
    } else {
        registrants(conn, &event.id, audience(due))?
    };
    let (kind, discriminator) = naming(due, record, plan);
    let published_agenda = plan.published_agenda(event);
    let released = plan.access_link_released(event, now);
    let mut queued = 0;
    for registration in &recipients {
        let confirmed = registration.status == RegistrationStatus::Confirmed;
        // The access link reaches confirmed registrants only, and only once released.
        let sees_access_link = confirmed && (released || matches!(due, Due::AccessLink));
        // One registrant who cannot be mailed is left out; the others get their mails.
        let Ok(recipient) = Recipient::of_registration(registration, sees_access_link) else {
            crate::mail::skip_recipient(kind, &registration.id, &"its address is not usable");
            continue;
        };
        let agenda = published_agenda.as_deref();
        let mail = match due {
            Due::Cancellation => {
                compose_event_mail(context, record, &recipient, &EventMailKind::Cancellation)
            }
            Due::Update { .. } => {
                compose_schedule_mail(context, record, &recipient, ScheduleMailKind::Update, None)
            }
            Due::AccessLink => compose_schedule_mail(
                context,
                record,
                &recipient,
                ScheduleMailKind::AccessLink,
                None,
            ),
            Due::Reminder { .. } => compose_schedule_mail(
                context,
                record,
                &recipient,
                ScheduleMailKind::Reminder,
                agenda,
            ),
            Due::Agenda => compose_schedule_mail(
                context,
                record,
                &recipient,
                ScheduleMailKind::Agenda,
                agenda,
            ),
            Due::FollowUp => compose_schedule_mail(
                context,
                record,
                &recipient,
                ScheduleMailKind::FollowUp {
                    message: plan.follow_up_message.as_deref(),
                    url: plan.follow_up_url.as_deref(),
                },
                None,
            ),
            Due::DropAgendaMail => unreachable!("handled above"),
        };
        let mail = match mail {
            Ok(mail) => mail,
            Err(error) => {
                crate::mail::skip_recipient(kind, &registration.id, &format_args!("{error:#}"));
                continue;
            }
        };
        let key = format!("{kind}:{}:{discriminator}", registration.id);
        let meta = MailMeta {
            kind,
            event_id: Some(&event.id),
            dedupe_key: Some(&key),
        };
        if OutboxMail::enqueue(conn, &mail, &meta)? {
            queued += 1;
        }
    }
    if let Some(mark) = due.mark(event) {
        plan::mark_done(conn, &event.id, &mark, queued, now)?;
    }
    Ok(queued)
}
