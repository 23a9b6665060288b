//! The rules of registering, decided on plain values without a connection: whether an event
//! takes a registration or a confirmation now, which confirmations may be written in a batch,
//! and where a proven address goes (a seat, the waitlist, the coordinators' queue). The write
//! paths — the batches and the full path — gather the values, ask here, and write what was
//! decided; a rule changes in this file only.

use chrono::NaiveDateTime;

use crate::db::models::{Event, EventStatus, RegistrationStatus};
use crate::error::ApiError;

/// What the rules need to know of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Terms {
    pub status: EventStatus,
    pub starts_at: NaiveDateTime,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub capacity: Option<i32>,
    pub max_per_organisation: Option<i32>,
    pub approval_required: bool,
}

impl Terms {
    /// The terms `event` sets.
    pub(crate) fn of(event: &Event) -> Self {
        Self {
            status: event.status,
            starts_at: event.starts_at,
            registration_opens_at: event.registration_opens_at,
            registration_closes_at: event.registration_closes_at,
            capacity: event.capacity,
            max_per_organisation: event.max_per_organisation,
            approval_required: event.approval_required,
        }
    }
}

/// Why an event refuses a registrant's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A draft is nobody's business yet: it answers as an unknown event does.
    Draft,
    Cancelled,
    NotOpenYet,
    Closed,
    /// A confirmation after the event began.
    Started,
    /// A confirmation of a registration that is not pending any more.
    NotPending,
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Draft => ApiError::not_found("event"),
            Refusal::Cancelled => {
                ApiError::conflict("event_cancelled", "The event has been cancelled.")
            }
            Refusal::NotOpenYet => {
                ApiError::conflict("registration_not_open", "Registration has not opened yet.")
            }
            Refusal::Closed => ApiError::conflict("registration_closed", "Registration is closed."),
            Refusal::Started => {
                ApiError::conflict("registration_closed", "The event has already started.")
            }
            Refusal::NotPending => {
                ApiError::conflict("token_used", "This registration is already confirmed.")
                    .at("token")
            }
        }
    }
}

/// Whether the event takes registrations at `now`: published, its registration window open,
/// not yet begun.
pub(crate) fn may_register(terms: &Terms, now: NaiveDateTime) -> Result<(), Refusal> {
    match terms.status {
        EventStatus::Draft => Err(Refusal::Draft),
        EventStatus::Cancelled => Err(Refusal::Cancelled),
        EventStatus::Published if terms.registration_opens_at.is_some_and(|t| now < t) => {
            Err(Refusal::NotOpenYet)
        }
        EventStatus::Published
            if now >= terms.starts_at || terms.registration_closes_at.is_some_and(|t| now >= t) =>
        {
            Err(Refusal::Closed)
        }
        EventStatus::Published => Ok(()),
    }
}

/// Whether a registration in `status` may be confirmed at `now`. A registration made before
/// the registration window closed may still be confirmed after it, until the event begins.
pub(crate) fn may_confirm(
    terms: &Terms,
    status: RegistrationStatus,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    if terms.status == EventStatus::Cancelled {
        Err(Refusal::Cancelled)
    } else if now >= terms.starts_at {
        Err(Refusal::Started)
    } else if status != RegistrationStatus::Pending {
        Err(Refusal::NotPending)
    } else {
        Ok(())
    }
}

/// Whether confirmations of the event may be written in batches, whose places depend only on
/// the event's counts: not where a coordinator decides or an organisation's seats are counted
/// (those take the full path, one at a time).
pub(crate) fn confirmable_in_batch(terms: &Terms, now: NaiveDateTime) -> bool {
    terms.status == EventStatus::Published
        && now < terms.starts_at
        && !terms.approval_required
        && terms.max_per_organisation.is_none()
}

/// Confirmed seats of the event, and of the organisation of the registrant in question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Seats {
    pub taken: i64,
    pub taken_by_organisation: i64,
}

fn under(limit: Option<i32>, taken: i64) -> bool {
    limit.is_none_or(|limit| taken < i64::from(limit))
}

/// Whether every seat of the event is taken.
pub(crate) fn event_full(terms: &Terms, seats: Seats) -> bool {
    !under(terms.capacity, seats.taken)
}

/// Whether a seat is free for the registrant: one under the capacity and one under the
/// per-organisation limit.
pub(crate) fn seat_free(terms: &Terms, seats: Seats) -> bool {
    !event_full(terms, seats) && under(terms.max_per_organisation, seats.taken_by_organisation)
}

/// Where a confirmation goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// The coordinators decide first.
    AwaitingApproval,
    Seat,
    /// The end of the waitlist.
    Waitlist,
}

/// Where a confirmed address goes, with the event's seats as they are now.
pub(crate) fn place(terms: &Terms, seats: Seats) -> Place {
    if terms.approval_required {
        Place::AwaitingApproval
    } else if seat_free(terms, seats) {
        Place::Seat
    } else {
        Place::Waitlist
    }
}

/// Where a coordinator's approval puts the registration: a seat if one is free, else the
/// waitlist.
pub(crate) fn place_approved(terms: &Terms, seats: Seats) -> Place {
    if seat_free(terms, seats) {
        Place::Seat
    } else {
        Place::Waitlist
    }
}

/// The event's queue as a batch finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Queue {
    pub seats_taken: i32,
    /// Registrations on the waitlist.
    pub waitlisted: i32,
    /// The last waitlist number handed out; the next is one more.
    pub waitlist_last: i32,
}

/// A place in a batch: a seat, or the waitlist with its number and 1-based position.
pub(crate) type BatchPlace = Option<(i32, i64)>;

/// The places of `count` confirmations in arrival order (of an event whose confirmations may
/// be written in batches): seats while there are any, then the waitlist.
pub(crate) fn batch_places(capacity: Option<i32>, queue: Queue, count: usize) -> Vec<BatchPlace> {
    let seats_left =
        capacity.map(|capacity| usize::try_from(capacity - queue.seats_taken).unwrap_or(0));
    let seated = seats_left.map_or(count, |seats| seats.min(count));
    (0..count)
        .map(|i| {
            let n = i32::try_from(i.checked_sub(seated)?).ok()? + 1;
            Some((queue.waitlist_last + n, i64::from(queue.waitlisted + n)))
        })
        .collect()
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
