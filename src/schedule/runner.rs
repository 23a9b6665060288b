//! The scheduler's step: find events with something due, and do it, one event per transaction.
//!
//! On PostgreSQL the event's row is taken with `FOR UPDATE SKIP LOCKED`, so of several
//! processes exactly one handles an event at a time and the others move on; on SQLite
//! `BEGIN IMMEDIATE` admits one writer anyway. Inside the transaction what is due is computed
//! again from the committed state, so a mailing another process just did is not due any more.
//!
//! The holder of a lock may be working for an earlier instant (a run that started just before
//! ours), so a skipped event is not taken as done: it is tried again at the end of the step.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::due::{FOLLOW_UP_WINDOW, LOOKAHEAD, due};
use super::fanout;
use super::plan::{self, EventPlan};
use crate::db::models::{Event, EventStatus};
use crate::db::schema::{event_plans, events};
use crate::db::{DbConnection, write_transaction};
use crate::error::ApiError;
use crate::mail::event_mail::MailContext;
use crate::state::AppState;

/// How often, and after how long a pause, an event another process holds is tried again
/// within one step. Transactions of one event are short, so this is mostly one retry.
const LOCKED_RETRIES: u32 = 8;
const LOCKED_PAUSE: Duration = Duration::from_millis(25);

/// Runs everything due at the state's clock; returns how many mails were queued.
pub async fn run_due(state: &AppState) -> Result<usize, ApiError> {
    let now = state.clock.now();
    let mut pending = state.db(move |conn| candidates(conn, now)).await?;
    let mut queued = 0;
    for attempt in 0..=LOCKED_RETRIES {
        if attempt > 0 {
            tokio::time::sleep(LOCKED_PAUSE * attempt).await;
        }
        let mut locked = Vec::new();
        for id in pending {
            let worker = state.clone();
            let event_id = id.clone();
            let result = state
                .db(move |conn| process_event(conn, &worker.mail_context(), &event_id, now))
                .await;
            match result {
                Ok(Some(n)) => queued += n,
                Ok(None) => locked.push(id),
                // One event's failure must not hold up the others; it is tried again next step.
                Err(error) => tracing::error!(
                    error = format!("{:#}", anyhow::Error::new(error)),
                    "scheduled mailing failed"
                ),
            }
        }
        pending = locked;
        if pending.is_empty() {
            break;
        }
    }
    if !pending.is_empty() {
        tracing::info!(
            events = pending.len(),
            "events held by another process are left to the next step"
        );
    }
    if queued > 0 {
        state.mail_queued.notify_one();
        tracing::info!(queued, "scheduled mails queued");
    }
    Ok(queued)
}

/// Events that may have something due at `now`: published ones near their time, and those
/// whose plan has news to tell.
fn candidates(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<String> = events::table
        .filter(events::status.eq(EventStatus::Published.as_str()))
        .filter(events::starts_at.le(now + LOOKAHEAD))
        .filter(events::ends_at.ge(now - LOOKAHEAD - FOLLOW_UP_WINDOW))
        .select(events::id)
        .load(conn)?;
    let news: Vec<String> = event_plans::table
        .inner_join(events::table)
        .filter(
            events::status
                .eq(EventStatus::Published.as_str())
                .and(events::sequence.gt(event_plans::notified_sequence))
                .or(events::status
                    .eq(EventStatus::Cancelled.as_str())
                    .and(event_plans::cancel_notified.eq(false)))
                .or(event_plans::agenda_mail_due_at.le(now)),
        )
        .select(events::id)
        .load(conn)?;
    ids.extend(news);
    ids.sort();
    ids.dedup();
    Ok(ids)
}

#[derive(QueryableByName)]
struct LockedId {
    #[diesel(sql_type = Text)]
    #[allow(dead_code)]
    id: String,
}

/// Takes the event's row unless another process holds it; `false` means "skip it this time".
fn try_lock(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
    match conn {
        DbConnection::Pg(pg) => Ok(!diesel::sql_query(
            "SELECT id FROM events WHERE id = $1 FOR UPDATE SKIP LOCKED",
        )
        .bind::<Text, _>(id)
        .load::<LockedId>(pg)?
        .is_empty()),
        DbConnection::Sqlite(_) => Ok(true),
    }
}

/// Does what is due for one event at `now`; returns how many mails were queued, or `None`
/// when another process holds the event (whose run may be for an earlier instant).
pub fn process_event(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    id: &str,
    now: NaiveDateTime,
) -> Result<Option<usize>, ApiError> {
    // A read first, so that the common case (nothing due) takes no write lock.
    let event = Event::find(conn, id)?;
    let current = EventPlan::load_or_fresh(conn, &event)?;
    if due(&event, &current, &plan::marks(conn, id)?, now).is_empty() {
        return Ok(Some(0));
    }
    write_transaction(conn, |conn| {
        if !try_lock(conn, id)? {
            return Ok(None);
        }
        let record = Event::load(conn, id)?;
        let mut plan = EventPlan::ensure(conn, &record.event)?;
        let marks = plan::marks(conn, id)?;
        let mut queued = 0;
        for item in due(&record.event, &plan, &marks, now) {
            queued += fanout::run(conn, context, &record, &mut plan, &item, now)?;
        }
        plan.save(conn)?;
        Ok(Some(queued))
    })
}
