//! Confirmations, written in batches per event.
//!
//! A confirmation hands out a seat or a waitlist place, so the confirmations of one event are
//! serial: on PostgreSQL each holds the event's row from the seat count to its commit, WAL
//! flush included; on SQLite each holds the file's one writer. One at a time, that caps an
//! event at about as many confirmations per second as the server flushes commits, or as the
//! writer runs transactions. Here the confirmations of an event that queue up in this
//! application while one batch is written are written together next ([`BatchQueue`]): one
//! lock (or turn of the writer), one statement (or savepoint), one commit for all of them.
//! Other instances sharing the database queue at the event's row (or the writer).
//!
//! On PostgreSQL a batch first tries to seat everyone in one autocommit statement. Otherwise
//! (fewer seats left than that, the event full last time, or SQLite) a transaction holds the
//! event, decides seats and waitlist places in arrival order and writes them all. The
//! waitlist mails tell the place, known for certain only there; they are composed before, from
//! the places the event's counts give when the batch starts, and composed again in the
//! transaction only if those counts changed meanwhile (another instance, a withdrawal). A
//! confirmation that does not fit the batch's assumptions takes the full path on its own, as
//! it would without batching.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use diesel::RunQueryDsl as _;

use super::batching::{BatchQueue, batch_failed};
use super::fast_path::{Confirmation, NotWritten};
use super::notices::ComposedNotice;
use super::pg_statements::{ConfirmAll, ConfirmAllRow};
use super::rows::{AccessLinkPlan, Admission};
use super::rules::{self, BatchPlace, Queue};
use super::sqlite_writes;
use super::{Standing, withdraw_expiry};
use crate::config::Settings;
use crate::db::models::{Event, EventVersion, RegistrationStatus};
use crate::db::{DbConnection, Pool, now, write_transaction};
use crate::error::ApiError;
use crate::mail::event_mail::MailContext;

/// More would hold the event's row longer than the commit a batch saves.
const MAX_BATCH: usize = 64;

type Answer = Result<Standing, NotWritten>;

/// An application's confirmations waiting for the next batch of their event. Each
/// application (each process, in production) batches its own; several of them meet at the
/// event's row in the database.
pub(super) struct ConfirmationBatches(Arc<BatchQueue<Confirmation, Answer>>);

impl ConfirmationBatches {
    /// Batches written with connections of `pool`, their mails composed with the sender and
    /// site of `settings`.
    pub(super) fn new(pool: Pool, settings: Arc<Settings>) -> Self {
        Self(Arc::new(BatchQueue::new(
            MAX_BATCH,
            Box::new(move |members| match pool.get() {
                Ok(mut conn) => write(&mut conn, &MailContext::of(&settings), &members),
                Err(error) => batch_failed(members.len(), error.into()),
            }),
        )))
    }

    /// Writes `confirmation` with whatever other confirmations of its event queue up
    /// meanwhile.
    pub(super) async fn commit(&self, confirmation: Confirmation) -> Answer {
        let key = confirmation.event_id().to_owned();
        self.0
            .submit(&key, confirmation)
            .await
            .unwrap_or_else(|abandoned| Err(NotWritten::Refused(ApiError::internal(abandoned))))
    }
}

/// Answers each of `members` (confirmations of one event, in arrival order).
fn write(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    members: &[Confirmation],
) -> Vec<Answer> {
    let mut answers: Vec<Option<Answer>> = members.iter().map(|_| None).collect();
    let first = &members[0];
    let mut registrations = HashSet::new();
    let batch: Vec<&Confirmation> = members
        .iter()
        .zip(&mut answers)
        .filter_map(|(c, answer)| {
            // A confirmation sent twice at once is written once; the other one is told so
            // by the full path.
            if c.fits_batch_of(first) && registrations.insert(c.registration.id.as_str()) {
                Some(c)
            } else {
                *answer = Some(Err(NotWritten::TakeFullPath));
                None
            }
        })
        .collect();
    let written = match first.access_link_plan {
        Some(plan) if now() < first.record.event.starts_at => {
            write_batch(conn, context, &batch, plan)
        }
        _ => Ok(all_take_full_path(&batch)),
    };
    let mut written = match written {
        Ok(written) => written.into_iter(),
        Err(error) => batch_failed(batch.len(), error).into_iter(),
    };
    answers
        .into_iter()
        .map(|answer| answer.unwrap_or_else(|| written.next().expect("one per member")))
        .collect()
}

/// The answers of a batch whose assumptions no longer hold: each member is decided on its own.
fn all_take_full_path<T>(batch: &[T]) -> Vec<Answer> {
    batch
        .iter()
        .map(|_| Err(NotWritten::TakeFullPath))
        .collect()
}

/// Seats everyone if there are seats for all (PostgreSQL, in one autocommit statement), else
/// decides seats and waitlist places in a transaction.
fn write_batch(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    batch: &[&Confirmation],
    plan: AccessLinkPlan,
) -> Result<Vec<Answer>, ApiError> {
    let event = &batch[0].record.event;
    if let DbConnection::Pg(pg) = conn
        && !Event::seemed_full(&event.id)
    {
        let notices = batch
            .iter()
            .map(|c| c.seat_notice(context))
            .collect::<Result<Vec<_>, ApiError>>()?;
        let seats: Vec<Admission<'_>> = batch
            .iter()
            .zip(&notices)
            .map(|(c, notice)| c.admission(RegistrationStatus::Confirmed, None, notice))
            .collect();
        let statement = ConfirmAll::new(event, plan, true, withdraw_expiry(event), &seats);
        let outcome: ConfirmAllRow = statement.get_result(pg)?;
        if outcome.event_current == 1 {
            return Ok(batch
                .iter()
                .map(|c| {
                    if outcome.admitted.contains(&c.registration.id) {
                        Ok(c.standing(RegistrationStatus::Confirmed, None))
                    } else {
                        // The registration stopped being pending since it was composed.
                        Err(NotWritten::TakeFullPath)
                    }
                })
                .collect());
        }
    }
    let version = Event::version(conn, &event.id, false)?;
    if !version.is_of(event) {
        return Ok(all_take_full_path(batch));
    }
    let expected = Places::of(&version, event, batch.len());
    let notices = expected.notices(context, batch)?;
    let decided = write_transaction(conn, |conn| {
        seat_or_waitlist(conn, context, batch, plan, (&expected, notices))
    });
    match decided {
        Ok(answers) => Ok(answers),
        Err(NotWritten::TakeFullPath) => Ok(all_take_full_path(batch)),
        Err(NotWritten::Refused(error)) => Err(error),
    }
}

/// Where the members of a batch go, in arrival order: a seat (`None`) while there are any,
/// then the waitlist with their number and position.
#[derive(PartialEq, Eq)]
struct Places(Vec<BatchPlace>);

impl Places {
    /// The places `count` confirmations get from the event's counts in `version`
    /// ([`rules::batch_places`]).
    fn of(version: &EventVersion, event: &Event, count: usize) -> Self {
        let queue = Queue {
            seats_taken: version.seats_taken,
            waitlisted: version.waitlisted,
            waitlist_last: version.waitlist_last,
        };
        Self(rules::batch_places(event.capacity, queue, count))
    }

    fn all_seated(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// The mail of each member in its place; seat mails as composed ahead where they were.
    fn notices<'a>(
        &self,
        context: &MailContext<'_>,
        batch: &[&'a Confirmation],
    ) -> Result<Vec<Cow<'a, ComposedNotice>>, ApiError> {
        batch
            .iter()
            .zip(&self.0)
            .map(|(c, place)| match *place {
                None => c.seat_notice(context),
                Some((seq, position)) => c.waitlist_notice(context, seq, position).map(Cow::Owned),
            })
            .collect()
    }
}

/// Under the event's lock (PostgreSQL) or in the writer's transaction (SQLite): seats while
/// there are any, then waitlist places, in order, with the mails composed for the places
/// `expected` if the event's counts still give them.
fn seat_or_waitlist<'a>(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    batch: &[&'a Confirmation],
    plan: AccessLinkPlan,
    (expected, composed): (&Places, Vec<Cow<'a, ComposedNotice>>),
) -> Result<Vec<Answer>, NotWritten> {
    let event = &batch[0].record.event;
    let version = Event::version(conn, &event.id, true)?;
    if !version.is_of(event) {
        return Err(NotWritten::TakeFullPath);
    }
    let places = Places::of(&version, event, batch.len());
    let notices = if places == *expected {
        composed
    } else {
        places.notices(context, batch)?
    };
    let admissions: Vec<Admission<'_>> = batch
        .iter()
        .zip(&places.0)
        .zip(&notices)
        .map(|((c, place), notice)| match place {
            None => c.admission(RegistrationStatus::Confirmed, None, notice),
            Some((seq, _)) => c.admission(RegistrationStatus::Waitlisted, Some(*seq), notice),
        })
        .collect();
    let withdraw_expires_at = withdraw_expiry(event);
    let admitted = match conn {
        DbConnection::Pg(pg) => {
            let statement = ConfirmAll::new(event, plan, false, withdraw_expires_at, &admissions);
            let outcome: ConfirmAllRow = statement.get_result(pg)?;
            if outcome.event_current == 0 {
                return Err(NotWritten::TakeFullPath);
            }
            outcome.admitted.len()
        }
        DbConnection::Sqlite(_) => {
            sqlite_writes::admit_all(conn, event, plan, withdraw_expires_at, &admissions)?.len()
        }
    };
    if admitted != batch.len() {
        // Waitlist places and mails assumed every one of them: decide again, one by one.
        return Err(NotWritten::TakeFullPath);
    }
    Event::note_seat_free(&event.id, places.all_seated());
    Ok(batch
        .iter()
        .zip(&places.0)
        .map(|(c, place)| {
            Ok(match place {
                None => c.standing(RegistrationStatus::Confirmed, None),
                Some((_, position)) => c.standing(RegistrationStatus::Waitlisted, Some(*position)),
            })
        })
        .collect())
}
