//! What happens to an event between its announcement and its aftermath: the agenda, the
//! release of the access link, reminders, update and cancellation mails, and the follow-up.
//!
//! Coordinators' changes only write state (the event, its [`plan::EventPlan`]); the scheduler
//! ([`runner`]) derives from that state what is due and queues the mails, marking each mailing
//! done in the same transaction. Nothing is remembered in memory, so a restart loses nothing
//! and repeats nothing, and several processes on one database share the work.

pub mod agenda;
pub mod due;
mod fanout;
pub mod plan;
pub mod runner;
pub mod settings;

use chrono::{NaiveDateTime, TimeDelta};

use diesel::prelude::*;

use crate::db::models::{Event, EventStatus, RegistrationStatus, lock_for_update};
use crate::db::schema::registrations;
use crate::db::{DbConnection, write_transaction};
use crate::error::ApiError;
use agenda::AgendaInput;
use plan::EventPlan;
use settings::ScheduleSettings;

pub use runner::run_due;

/// Who is told of a change of time or place and of a cancellation: everyone holding or
/// awaiting a seat.
pub const TOLD_OF_CHANGES: [RegistrationStatus; 3] = [
    RegistrationStatus::Confirmed,
    RegistrationStatus::Waitlisted,
    RegistrationStatus::AwaitingApproval,
];

/// How many registrants of the event `event_id` a change or a cancellation would be mailed to
/// now.
pub fn told_of_changes(conn: &mut DbConnection, event_id: &str) -> QueryResult<i64> {
    let statuses: Vec<&str> = TOLD_OF_CHANGES
        .iter()
        .map(RegistrationStatus::as_str)
        .collect();
    registrations::table
        .filter(registrations::event_id.eq(event_id))
        .filter(registrations::status.eq_any(statuses))
        .count()
        .get_result(conn)
}

fn ensure_not_cancelled(event: &Event) -> Result<(), ApiError> {
    if event.status == EventStatus::Cancelled {
        return Err(ApiError::conflict(
            "event_cancelled",
            "A cancelled event cannot be changed.",
        ));
    }
    Ok(())
}

/// Replaces the agenda. Publishing it, or changing it while published, (re)starts the quiet
/// period after which confirmed registrants get one mail, however many edits come in between.
pub fn put_agenda(
    conn: &mut DbConnection,
    event_id: &str,
    input: &AgendaInput,
    now: NaiveDateTime,
    quiet: TimeDelta,
) -> Result<(Event, EventPlan), ApiError> {
    write_transaction(conn, |conn| {
        lock_for_update(conn, event_id)?;
        let event = Event::find(conn, event_id)?;
        ensure_not_cancelled(&event)?;
        let items = input.parse(&event)?;
        let mut plan = EventPlan::ensure(conn, &event)?;
        let news =
            input.published && (!plan.agenda_published || plan.agenda_items(&event) != items);
        if !input.published {
            plan.agenda_mail_due_at = None;
        } else if news && event.status == EventStatus::Published {
            plan.agenda_version += 1;
            plan.agenda_mail_due_at = Some(now + quiet);
        }
        plan.set_agenda(&event, &items)
            .map_err(ApiError::internal)?;
        plan.agenda_published = input.published;
        plan.updated_at = crate::db::now();
        plan.save(conn)?;
        Ok((event, plan))
    })
}

/// The event with its plan, for reading.
pub fn load(conn: &mut DbConnection, event_id: &str) -> Result<(Event, EventPlan), ApiError> {
    let event = Event::find(conn, event_id)?;
    let plan = EventPlan::load_or_fresh(conn, &event)?;
    Ok((event, plan))
}

/// Replaces the scheduling settings of an event.
pub fn put_settings(
    conn: &mut DbConnection,
    event_id: &str,
    settings: &ScheduleSettings,
    now: NaiveDateTime,
) -> Result<EventPlan, ApiError> {
    write_transaction(conn, |conn| {
        lock_for_update(conn, event_id)?;
        let event = Event::find(conn, event_id)?;
        ensure_not_cancelled(&event)?;
        let mut plan = EventPlan::ensure(conn, &event)?;
        settings.apply(&mut plan, &event, now)?;
        plan.updated_at = crate::db::now();
        plan.save(conn)?;
        Ok(plan)
    })
}

/// Gives an event its plan (if it has none) before it is published or cancelled, so that later
/// changes of time or place, and the cancellation, are compared with what registrants were told.
pub fn ensure_plan(conn: &mut DbConnection, event_id: &str) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        let event = Event::find(conn, event_id)?;
        EventPlan::ensure(conn, &event)?;
        Ok(())
    })
}
