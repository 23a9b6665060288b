//! Which mailings of an event are due at an instant. Pure functions of the event, its plan and
//! the marks of what was done, so the rules are tested without a database or a clock.
//!
//! Every mailing has a window in which it still makes sense. A server that was down when a
//! window opened sends the mailing late while the window lasts, and never after: the window of
//! one reminder closes when the next (closer) one's opens, the last one's at the start, so
//! nobody gets "a day before" an hour before, or any reminder once the event has begun.

use chrono::{NaiveDateTime, TimeDelta};

use super::plan::EventPlan;
use crate::db::models::{Event, EventStatus};
use crate::domain::EventFormat;

/// How long after its due time a follow-up still goes out.
pub const FOLLOW_UP_WINDOW: TimeDelta = TimeDelta::days(7);

/// One mailing to do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Time or place changed since registrants were last told; carries the new sequence.
    Update { sequence: i32 },
    /// The event was cancelled.
    Cancellation,
    /// The access link is released to those confirmed by now.
    AccessLink,
    /// A reminder `hours` before the start.
    Reminder { hours: i32 },
    /// The published agenda is new or changed, and the quiet period has passed.
    Agenda,
    /// The follow-up after the event.
    FollowUp,
    /// A pending agenda mail that no longer makes sense (the event is over or cancelled).
    DropAgendaMail,
}

impl Due {
    /// The mark recorded once a one-off mailing is done; `None` for mailings tracked in the
    /// plan itself (updates, cancellation, agenda).
    pub fn mark(&self, event: &Event) -> Option<String> {
        match self {
            Self::AccessLink => Some("access_link".into()),
            Self::Reminder { hours } => Some(format!(
                "reminder:{hours}h:{}",
                event.starts_at.format("%Y-%m-%dT%H:%M:%S")
            )),
            Self::FollowUp => Some("follow_up".into()),
            _ => None,
        }
    }
}

/// Everything due for `event` at `now`, in the order it should go out.
pub fn due(event: &Event, plan: &EventPlan, marks: &[String], now: NaiveDateTime) -> Vec<Due> {
    let mut due = Vec::new();
    let done = |d: &Due| d.mark(event).is_some_and(|m| marks.contains(&m));
    match event.status {
        EventStatus::Draft => return due,
        EventStatus::Cancelled => {
            if !plan.cancel_notified {
                due.push(Due::Cancellation);
            }
            if plan.agenda_mail_due_at.is_some() {
                due.push(Due::DropAgendaMail);
            }
            return due;
        }
        EventStatus::Published => {}
    }
    let before_end = now < event.ends_at;
    if event.sequence > plan.notified_sequence {
        due.push(Due::Update {
            sequence: event.sequence,
        });
    }
    match plan.agenda_mail_due_at {
        Some(_) if !before_end => due.push(Due::DropAgendaMail),
        Some(at) if now >= at => due.push(Due::Agenda),
        _ => {}
    }
    let online = event.format != EventFormat::InPerson;
    let release_due = match plan.access_link_hours_before {
        Some(hours) => now >= event.starts_at - TimeDelta::hours(i64::from(hours)),
        None => plan.access_link_owed,
    };
    if release_due && online && event.online_url.is_some() && before_end && !done(&Due::AccessLink)
    {
        due.push(Due::AccessLink);
    }
    if let Some(hours) = reminder_in_window(&plan.reminder_hours(), event.starts_at, now) {
        let reminder = Due::Reminder { hours };
        if !done(&reminder) {
            due.push(reminder);
        }
    }
    let has_follow_up = plan.follow_up_message.is_some() || plan.follow_up_url.is_some();
    let follow_up_at = event.ends_at + TimeDelta::hours(i64::from(plan.follow_up_hours_after));
    if has_follow_up
        && now >= follow_up_at
        && now < follow_up_at + FOLLOW_UP_WINDOW
        && !done(&Due::FollowUp)
    {
        due.push(Due::FollowUp);
    }
    due
}

/// The reminder whose window holds `now`, given offsets largest first.
pub fn reminder_in_window(
    hours: &[i32],
    starts_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Option<i32> {
    let opens = |h: i32| starts_at - TimeDelta::hours(i64::from(h));
    hours.iter().enumerate().find_map(|(i, &h)| {
        let closes = hours.get(i + 1).map_or(starts_at, |&next| opens(next));
        (now >= opens(h) && now < closes).then_some(h)
    })
}

/// How far ahead of the start (and, plus the follow-up window, after the end) the scheduler
/// looks at events; offsets are limited to it. Only bounds work, never decides.
pub const LOOKAHEAD: TimeDelta = TimeDelta::days(30);

#[cfg(test)]
#[path = "due_tests.rs"]
mod tests;
