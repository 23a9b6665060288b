//! The gauges read at each scrape: what the database holds now (outbox by status and the
//! oldest due mail, registrations by status, issues being sent), this process's connection
//! pool, and the size of SQLite's write-ahead log.

use std::path::PathBuf;

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use super::{Metrics, StatusLabels};
use crate::config::DatabaseUrl;
use crate::db::schema::{newsletter_issues, outbox, registrations};
use crate::db::{DbConnection, Pool};

/// The database's side of a scrape.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub outbox: Vec<(String, i64)>,
    /// When the longest-waiting due mail became due.
    pub oldest_due: Option<NaiveDateTime>,
    pub registrations: Vec<(String, i64)>,
    pub issues_sending: i64,
}

impl Snapshot {
    /// Counts as of `now`, in one read each (grouped by status).
    pub fn read(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<Self> {
        let outbox = outbox::table
            .group_by(outbox::status)
            .select((outbox::status, count_star()))
            .load(conn)?;
        let oldest_due = outbox::table
            .filter(outbox::status.eq("pending"))
            .filter(outbox::next_attempt_at.le(now))
            .select(min(outbox::next_attempt_at))
            .first(conn)?;
        let registrations = registrations::table
            .group_by(registrations::status)
            .select((registrations::status, count_star()))
            .load(conn)?;
        let issues_sending = newsletter_issues::table
            .filter(newsletter_issues::status.eq("sending"))
            .count()
            .get_result(conn)?;
        Ok(Self {
            outbox,
            oldest_due,
            registrations,
            issues_sending,
        })
    }
}

impl Metrics {
    /// Sets the gauges from a snapshot taken at `now`; statuses that have no rows any more
    /// disappear rather than keep their last count.
    pub fn update(&self, snapshot: &Snapshot, now: NaiveDateTime) {
        set_by_status(&self.outbox_mails, &snapshot.outbox);
        set_by_status(&self.registrations, &snapshot.registrations);
        let waited = snapshot
            .oldest_due
            .map_or(0.0, |due| (now - due).as_seconds_f64().max(0.0));
        self.outbox_oldest_due.set(waited);
        self.issues_sending.set(snapshot.issues_sending);
    }

    /// Sets the gauges of this process's pool and, on SQLite, of the write-ahead log's size.
    pub fn update_storage(&self, pool: &Pool, url: &DatabaseUrl) {
        let state = pool.state();
        self.pool_connections.set(i64::from(state.connections));
        self.pool_idle_connections
            .set(i64::from(state.idle_connections));
        self.pool_max_connections.set(i64::from(pool.max_size()));
        let wal_bytes = match url {
            DatabaseUrl::Sqlite(path) => std::fs::metadata(wal_path(path)).map_or(0, |m| m.len()),
            DatabaseUrl::Postgres(_) => 0,
        };
        self.sqlite_wal_bytes
            .set(i64::try_from(wal_bytes).unwrap_or(i64::MAX));
    }
}

fn set_by_status(
    family: &prometheus_client::metrics::family::Family<
        StatusLabels,
        prometheus_client::metrics::gauge::Gauge,
    >,
    counts: &[(String, i64)],
) {
    family.clear();
    for (status, count) in counts {
        family
            .get_or_create(&StatusLabels {
                status: status.clone(),
            })
            .set(*count);
    }
}

/// SQLite keeps the log beside the database, named after it with `-wal` appended.
fn wal_path(database: &std::path::Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}
