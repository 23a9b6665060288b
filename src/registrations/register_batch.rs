//! First registrations, written in batches per event.
//!
//! Nothing about a first registration is serial: the batch is only there so that the
//! registrations arriving while one batch is written share the next write. On PostgreSQL that
//! is one statement ([`RegisterAll`]) and its commit: each statement costs the server its
//! planning, executor start-up, commit and WAL flush, and both sides a round trip; under load
//! that, more than the rows themselves, is what a registration costs the database. On SQLite
//! it is one transaction of the file's writer ([`sqlite_writes::register_all`]): one turn of
//! the writer, one savepoint and one check of the event for the batch.

use std::collections::HashSet;
use std::sync::Arc;

use diesel::RunQueryDsl as _;

use super::batching::{BatchQueue, batch_failed};
use super::ensure_open;
use super::fast_path::{FirstRegistration, FirstWrite};
use super::pg_statements::{RegisterAll, RegisterAllRow};
use super::rows::{NewPending, Written};
use super::sqlite_writes;
use crate::db::models::{Event, EventRecord};
use crate::db::{DbConnection, Pool, write_transaction};
use crate::error::ApiError;

/// More would make the statement's arrays large for no further gain.
const MAX_BATCH: usize = 64;

type Answer = Result<FirstWrite, ApiError>;

/// An application's first registrations waiting for the next batch of their event.
pub(super) struct RegistrationBatches(Arc<BatchQueue<Member, Answer>>);

struct Member {
    first: FirstRegistration,
    record: Arc<EventRecord>,
}

impl RegistrationBatches {
    /// Batches written with connections of `pool`, each opt-in within `cap` unsolicited
    /// mails per mailbox and day (0: no limit).
    pub(super) fn new(pool: Pool, cap: u32) -> Self {
        Self(Arc::new(BatchQueue::new(
            MAX_BATCH,
            Box::new(move |members| match pool.get() {
                Ok(mut conn) => write(&mut conn, &members, cap),
                Err(error) => batch_failed(members.len(), error.into()),
            }),
        )))
    }

    /// Writes `first` (its registration, token and mail) with whatever other first
    /// registrations for the event queue up meanwhile, unless the event closed (then it writes
    /// nothing).
    pub(super) async fn commit(
        &self,
        record: Arc<EventRecord>,
        first: FirstRegistration,
    ) -> Answer {
        ensure_open(&record.event)?;
        let key = record.event.id.clone();
        self.0
            .submit(&key, Member { first, record })
            .await
            .unwrap_or_else(|abandoned| Err(ApiError::internal(abandoned)))
    }
}

/// Answers each of `members` (first registrations for one event).
fn write(conn: &mut DbConnection, members: &[Member], cap: u32) -> Vec<Answer> {
    let event = &members[0].record.event;
    let mut addresses = HashSet::new();
    // Composed under another version of the event: the full path decides. An address twice
    // in the batch: the second one is a repeated registration, which the full path answers.
    let fit: Vec<Option<FirstWrite>> = members
        .iter()
        .map(|m| {
            if !m.record.event.same_version(event) {
                Some(FirstWrite::EventChanged)
            } else if !addresses.insert(m.first.registration().email_key.as_str()) {
                Some(FirstWrite::AddressKnown)
            } else {
                None
            }
        })
        .collect();
    let batch: Vec<NewPending<'_>> = members
        .iter()
        .zip(&fit)
        .filter(|(_, refused)| refused.is_none())
        .map(|(m, _)| m.first.new_pending())
        .collect();
    let written = match write_all(conn, event, &batch, cap) {
        Ok(written) => written,
        Err(error) => return batch_failed(members.len(), error),
    };
    members
        .iter()
        .zip(fit)
        .map(|(m, refused)| {
            let id = &m.first.registration().id;
            Ok(refused.unwrap_or(match &written {
                None => FirstWrite::EventChanged,
                Some(w) if w.registered.contains(id) => FirstWrite::Written,
                Some(w) if w.capped.contains(id) => FirstWrite::Capped,
                Some(_) => FirstWrite::AddressKnown,
            }))
        })
        .collect()
}

/// Writes `batch` and says what it wrote; `None`, with nothing written, when the event has
/// changed since.
fn write_all(
    conn: &mut DbConnection,
    event: &Event,
    batch: &[NewPending<'_>],
    cap: u32,
) -> Result<Option<Written>, ApiError> {
    match conn {
        DbConnection::Pg(pg) => {
            let outcome: RegisterAllRow = RegisterAll::new(event, batch, cap).get_result(pg)?;
            Ok((outcome.event_current != 0).then_some(Written {
                registered: outcome.registered,
                capped: outcome.capped,
            }))
        }
        DbConnection::Sqlite(_) => write_transaction(conn, |conn| {
            sqlite_writes::register_all(conn, event, batch, cap)
        }),
    }
}
