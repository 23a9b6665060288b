//! Copying SQLite's WAL back into the database on a thread of its own, beside the writer
//! ([`super::SqliteWriter`]), and keeping the WAL file from growing without end.
//!
//! A passive checkpoint never makes anyone wait, but it cannot make the WAL start again from
//! its beginning: SQLite restarts the log only when a write transaction begins while every
//! frame has been copied back and no reader still needs one. Under steady load the writer's
//! next group began before that, so the file only grew (230 MB for 5,000 registrants on a
//! 55 MB database). Past [`RESTART_FRAMES`], the checkpoint thread therefore asks the writer to
//! restart the log between two of its groups, where nothing of ours writes; and when the
//! writes stop, it truncates the file.

use std::sync::Weak;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use diesel::connection::SimpleConnection as _;
use diesel::sql_types::Integer;
use diesel::{QueryableByName, RunQueryDsl as _, SqliteConnection};

use crate::db::connection::BUSY_TIMEOUT;

/// How often the WAL is copied back into the database while there are commits.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(200);

/// The WAL's length in frames (pages of 4 KiB: 64 MiB) beyond which the writer restarts it.
const RESTART_FRAMES: i32 = 16_384;

/// How long a restart or a truncation waits for readers to leave the WAL (and holds up the
/// writer meanwhile) before it gives up until a later turn.
const WAIT_FOR_READERS: Duration = Duration::from_millis(100);

/// Turns to let pass after the writer gave up a restart, so that a long read (an export, a
/// newsletter's recipients) does not hold up the writer again and again.
const TURNS_AFTER_GIVING_UP: u32 = 5;

/// What `PRAGMA wal_checkpoint` reports.
#[derive(QueryableByName)]
struct Checkpoint {
    /// 1 when the checkpoint could not do all it was asked (a reader or a writer was busy).
    #[diesel(sql_type = Integer)]
    busy: i32,
    /// Frames in the WAL.
    #[diesel(sql_type = Integer)]
    log: i32,
}

fn checkpoint(conn: &mut SqliteConnection, mode: &str) -> diesel::QueryResult<Checkpoint> {
    diesel::sql_query(format!("PRAGMA wal_checkpoint({mode})")).get_result(conn)
}

fn set_busy_timeout(conn: &mut SqliteConnection, timeout: Duration) -> diesel::QueryResult<()> {
    conn.batch_execute(&format!("PRAGMA busy_timeout = {}", timeout.as_millis()))
}

/// Copies what is left of the WAL into the database and has the next write transaction start
/// the log from its beginning; run by the writer between two groups, on its own connection.
/// False when it gave up: a reader stayed in the WAL, or it failed (logged).
pub(super) fn restart_log(conn: &mut SqliteConnection) -> bool {
    let restarted = set_busy_timeout(conn, WAIT_FOR_READERS)
        .and_then(|()| checkpoint(conn, "RESTART"))
        .and_then(|restart| set_busy_timeout(conn, BUSY_TIMEOUT).map(|()| restart));
    match restarted {
        Ok(restart) => restart.busy == 0,
        Err(error) => {
            // The connection must not keep the short timeout for its writes.
            let _ = set_busy_timeout(conn, BUSY_TIMEOUT);
            tracing::warn!(error = %error, "restarting the WAL failed");
            false
        }
    }
}

/// Copies the whole WAL into the database and truncates the WAL file, waiting for readers and
/// writers under the connection's `busy_timeout`; false if one stayed (the checkpoint thread
/// truncates the file once the writes stop). Used after an erasure, whose removed data the
/// WAL would otherwise keep in older copies of its pages. Not inside a transaction.
pub(in crate::db) fn truncate(conn: &mut SqliteConnection) -> diesel::QueryResult<bool> {
    Ok(checkpoint(conn, "TRUNCATE")?.busy == 0)
}

/// What a writer and its checkpoint thread tell each other.
#[derive(Default)]
pub(super) struct WalState {
    /// Commits since the checkpoint thread last looked.
    commits: AtomicU64,
    /// Asked by the checkpoint thread: the next group starts by restarting the WAL.
    restart_log: AtomicBool,
    /// The last restart gave up (a reader stayed in the WAL); for the checkpoint thread.
    restart_gave_up: AtomicBool,
}

impl WalState {
    /// The writer committed a group.
    pub(super) fn committed(&self) {
        self.commits.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether the writer is to restart the log ([`restart_log`]) before its next group, where
    /// none of our writes is under way; asking clears the request.
    pub(super) fn restart_asked(&self) -> bool {
        self.restart_log.swap(false, Ordering::Relaxed)
    }

    /// The writer tried to restart the log: `restarted` false when it gave up.
    pub(super) fn restart_done(&self, restarted: bool) {
        if !restarted {
            self.restart_gave_up.store(true, Ordering::Relaxed);
        }
    }

    fn take_commits(&self) -> u64 {
        self.commits.swap(0, Ordering::Relaxed)
    }

    fn ask_for_restart(&self) {
        self.restart_log.store(true, Ordering::Relaxed);
    }

    fn restart_gave_up(&self) -> bool {
        self.restart_gave_up.swap(false, Ordering::Relaxed)
    }
}

/// Checkpoints the file of the writer owning `wal` every [`CHECKPOINT_INTERVAL`] while it
/// commits, on `conn` (a connection of its own to the file); ends with the writer. False if no
/// thread could start.
pub(super) fn spawn(wal: Weak<WalState>, mut conn: SqliteConnection) -> bool {
    if let Err(error) = set_busy_timeout(&mut conn, WAIT_FOR_READERS) {
        tracing::error!(error = %error, "cannot configure the WAL checkpoint connection");
        return false;
    }
    let spawned = std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            let mut checkpoints = Checkpoints::default();
            loop {
                std::thread::sleep(CHECKPOINT_INTERVAL);
                let Some(wal) = wal.upgrade() else {
                    return;
                };
                if let Err(error) = checkpoints.turn(&mut conn, &wal) {
                    tracing::warn!(error = %error, "WAL checkpoint failed; retrying");
                }
            }
        });
    if let Err(error) = &spawned {
        tracing::error!(error = %error, "cannot start the WAL checkpoint thread");
    }
    spawned.is_ok()
}

/// What the checkpoint thread remembers from one turn to the next.
#[derive(Default)]
struct Checkpoints {
    /// Commits came since the WAL file was last truncated.
    written: bool,
    /// Turns left before the writer is asked to restart the log again after it gave up.
    restart_pause: u32,
}

impl Checkpoints {
    fn turn(&mut self, conn: &mut SqliteConnection, wal: &WalState) -> diesel::QueryResult<()> {
        self.restart_pause = self.restart_pause.saturating_sub(1);
        if wal.take_commits() > 0 {
            self.written = true;
            if wal.restart_gave_up() {
                self.restart_pause = TURNS_AFTER_GIVING_UP;
            }
            if checkpoint(conn, "PASSIVE")?.log > RESTART_FRAMES && self.restart_pause == 0 {
                wal.ask_for_restart();
            }
        } else if self.written && checkpoint(conn, "TRUNCATE")?.busy == 0 {
            self.written = false;
        }
        Ok(())
    }
}
