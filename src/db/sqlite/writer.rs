//! Group commit for SQLite: one connection per database file runs every write transaction of
//! the process, and the transactions that queue up while one runs share its commit.
//!
//! SQLite admits one writer at a time, so write transactions are serial whatever we do; what
//! we can choose is what each one costs. A commit writes every page the transaction touched to
//! the WAL, and a pooled connection whose page cache another connection's commit invalidated
//! reads its pages again. Here the writer's cache stays warm, its prepared statements stay
//! cached, and one commit carries many transactions. Each caller's work runs in its own
//! savepoint, so a failing one is rolled back alone, and every caller returns only after the
//! commit that carries its work: durability is what it would be with a commit of its own.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection as _, TransactionManager};
use diesel::result::{DatabaseErrorKind, Error};

use super::checkpoints::{self, WalState};
use super::writing::WritingFlag;
use crate::db::connection::DbConnection;

/// At most this many transactions share a commit, so that a steady stream of writers still
/// commits (and lets other processes at the file) every so often.
const MAX_GROUP: usize = 64;

/// The connection that writes to one database file, shared by the transactions of a group.
pub(in crate::db) struct SqliteWriter {
    open: Mutex<OpenGroup>,
    /// Callers waiting for `open`: while there are any, the group stays open for them.
    waiting: AtomicUsize,
    /// What the writer and its checkpoint thread tell each other; the thread ends when the
    /// writer, the only strong owner, is dropped.
    wal: Arc<WalState>,
}

struct OpenGroup {
    conn: DbConnection,
    group: Option<Arc<Group>>,
    members: usize,
}

/// The transactions of one commit; each member waits here until the commit is done.
#[derive(Default)]
struct Group {
    outcome: Mutex<Option<Result<(), String>>>,
    finished: Condvar,
}

impl Group {
    fn finish(&self, outcome: Result<(), String>) {
        *self.outcome.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
        self.finished.notify_all();
    }

    fn wait(&self) -> Result<(), String> {
        let mut outcome = self.outcome.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(outcome) = outcome.as_ref() {
                return outcome.clone();
            }
            outcome = self
                .finished
                .wait(outcome)
                .unwrap_or_else(|p| p.into_inner());
        }
    }
}

impl SqliteWriter {
    /// A writer on `conn` (a fresh connection from [`crate::db::establish`]); `checkpoints`,
    /// another fresh connection to the file, copies the WAL back into the database beside it.
    pub(super) fn new(
        mut conn: DbConnection,
        checkpoints: DbConnection,
    ) -> Result<Arc<Self>, Error> {
        // A group's pages stay in memory until its commit rather than spilling to the WAL
        // (the default cache of 2 MiB is smaller than the pages a group of 64 registrations
        // touches).
        // Checkpoints, with their fsyncs, run on their own thread rather than in a commit
        // that every writer of the group waits for.
        conn.batch_execute("PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 0;")?;
        let writer = Arc::new(Self {
            open: Mutex::new(OpenGroup {
                conn,
                group: None,
                members: 0,
            }),
            waiting: AtomicUsize::new(0),
            wal: Arc::new(WalState::default()),
        });
        let DbConnection::Sqlite(checkpoints) = checkpoints else {
            unreachable!("a SQLite writer checkpoints on a SQLite connection");
        };
        if !checkpoints::spawn(Arc::downgrade(&writer.wal), checkpoints) {
            // Without the thread, the writer checkpoints as SQLite does by default.
            let mut open = writer.open.lock().unwrap_or_else(|p| p.into_inner());
            open.conn
                .batch_execute("PRAGMA wal_autocheckpoint = 1000")?;
        }
        Ok(writer)
    }

    /// Runs `f` in a savepoint of the open group transaction (beginning one with
    /// `BEGIN IMMEDIATE` if none is open) and returns once the group has committed.
    pub(in crate::db) fn transaction<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<Error>,
    {
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let group = match open.group.clone() {
            Some(group) => group,
            None => {
                let DbConnection::Sqlite(sqlite) = &mut open.conn else {
                    unreachable!("a SQLite writer holds a SQLite connection");
                };
                if self.wal.restart_asked() {
                    let restarted = checkpoints::restart_log(sqlite);
                    self.wal.restart_done(restarted);
                }
                AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
                let group = Arc::new(Group::default());
                open.group = Some(group.clone());
                open.members = 0;
                group
            }
        };
        open.members += 1;
        let result = run_in_savepoint(&mut open.conn, f);
        if self.waiting.load(Ordering::SeqCst) == 0 || open.members >= MAX_GROUP {
            let committed = commit(&mut open.conn);
            self.wal.committed();
            open.group = None;
            drop(open);
            group.finish(committed);
        } else {
            drop(open);
        }
        let committed = group.wait();
        let result = match result {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match (result, committed) {
            (Ok(value), Ok(())) => Ok(value),
            (Err(error), _) => Err(error),
            (Ok(_), Err(message)) => Err(Error::DatabaseError(
                DatabaseErrorKind::Unknown,
                Box::new(format!("the commit failed: {message}")),
            )
            .into()),
        }
    }
}

type Panic = Box<dyn std::any::Any + Send>;

/// Runs `f` in a savepoint, released when it succeeds and rolled back when it fails or panics.
fn run_in_savepoint<T, E, F>(conn: &mut DbConnection, f: F) -> Result<Result<T, E>, Panic>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<Error>,
{
    type Manager = <DbConnection as Connection>::TransactionManager;
    if let Err(error) = Manager::begin_transaction(conn) {
        return Ok(Err(error.into()));
    }
    let ran = {
        let _writing = WritingFlag::set();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut *conn)))
    };
    Ok(match ran {
        Ok(Ok(value)) => match Manager::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(error) => {
                let _ = Manager::rollback_transaction(conn);
                Err(error.into())
            }
        },
        Ok(Err(error)) => {
            let _ = Manager::rollback_transaction(conn);
            Err(error)
        }
        Err(panic) => {
            let _ = Manager::rollback_transaction(conn);
            return Err(panic);
        }
    })
}

/// Commits the group; a failed commit is rolled back so that the next group starts clean.
fn commit(conn: &mut DbConnection) -> Result<(), String> {
    type Manager = <DbConnection as Connection>::TransactionManager;
    Manager::commit_transaction(conn).map_err(|error| {
        let _ = Manager::rollback_transaction(conn);
        error.to_string()
    })
}

#[cfg(test)]
mod tests {
    use diesel::RunQueryDsl as _;
    use diesel::connection::SimpleConnection as _;
    use diesel::sql_types::BigInt;

    use crate::config::DatabaseUrl;
    use crate::db::{Pool, connect_pool, write_transaction};

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    fn pool_with_table() -> (tempfile::TempDir, Pool) {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("w.db"));
        let pool = connect_pool(&url, 4).unwrap();
        pool.get()
            .unwrap()
            .batch_execute("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)")
            .unwrap();
        (dir, pool)
    }

    fn insert(
        x: i64,
    ) -> impl FnOnce(&mut super::DbConnection) -> Result<(), diesel::result::Error> {
        move |conn| {
            diesel::sql_query("INSERT INTO t (x) VALUES (?)")
                .bind::<BigInt, _>(x)
                .execute(conn)
                .map(drop)
        }
    }

    fn rows(pool: &Pool) -> i64 {
        diesel::sql_query("SELECT count(*) AS n FROM t")
            .get_result::<Count>(&mut pool.get().unwrap())
            .unwrap()
            .n
    }

    #[test]
    fn concurrent_transactions_all_commit_and_a_failing_one_is_rolled_back_alone() {
        let (_dir, pool) = pool_with_table();
        let results: Vec<Result<(), diesel::result::Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..200)
                .map(|i| {
                    let pool = pool.clone();
                    scope.spawn(move || {
                        let mut conn = pool.get().unwrap();
                        write_transaction(&mut conn, |conn| {
                            insert(i)(conn)?;
                            // Every tenth transaction writes and then fails on a duplicate:
                            // its first row must go with it, the others' rows must stay.
                            if i % 10 == 0 {
                                insert(1_000 + i)(conn)?;
                                insert(1_000 + i)(conn)?;
                            }
                            Ok(())
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 20);
        assert_eq!(rows(&pool), 180);
        // Nothing is left open: the next transaction commits and is seen by other connections.
        write_transaction(&mut pool.get().unwrap(), insert(5_000)).unwrap();
        assert_eq!(rows(&pool), 181);
    }

    #[test]
    fn a_panicking_transaction_is_rolled_back_and_the_writer_goes_on() {
        let (_dir, pool) = pool_with_table();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut conn = pool.get().unwrap();
            let _: Result<(), diesel::result::Error> = write_transaction(&mut conn, |conn| {
                insert(1)(conn)?;
                panic!("a bug in the middle of a transaction");
            });
        }));
        assert!(panicked.is_err());
        assert_eq!(rows(&pool), 0);
        write_transaction(&mut pool.get().unwrap(), insert(2)).unwrap();
        assert_eq!(rows(&pool), 1);
    }

    #[test]
    fn the_wal_is_copied_into_the_database_beside_the_writer() {
        let (dir, pool) = pool_with_table();
        let file = dir.path().join("w.db");
        let before = std::fs::metadata(&file).unwrap().len();
        for chunk in 0..20 {
            write_transaction(&mut pool.get().unwrap(), |conn| {
                (0..100).try_for_each(|i| insert(chunk * 1_000 + i)(conn))
            })
            .unwrap();
        }
        // The writer never checkpoints itself: the database file grows only when the
        // checkpoint thread copies the WAL into it.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::metadata(&file).unwrap().len() <= before {
            assert!(
                std::time::Instant::now() < deadline,
                "no checkpoint within 10 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(rows(&pool), 2_000);
    }

    #[test]
    fn the_wal_file_is_emptied_when_the_writes_stop() {
        let (dir, pool) = pool_with_table();
        let wal = dir.path().join("w.db-wal");
        for chunk in 0..20 {
            write_transaction(&mut pool.get().unwrap(), |conn| {
                (0..100).try_for_each(|i| insert(chunk * 1_000 + i)(conn))
            })
            .unwrap();
        }
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        // A reader between the writes and the truncation must not stop it for good.
        assert_eq!(rows(&pool), 2_000);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::fs::metadata(&wal).unwrap().len() > 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "the WAL was not truncated within 10 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        write_transaction(&mut pool.get().unwrap(), insert(100_000)).unwrap();
        assert_eq!(rows(&pool), 2_001);
    }

    #[test]
    fn under_steady_writes_the_wal_starts_again_instead_of_growing() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect_pool(&DatabaseUrl::Sqlite(dir.path().join("w.db")), 2).unwrap();
        // 64 rows of 64 KiB, each rewritten by every transaction: 4 MiB of WAL per commit,
        // on a database that stays at 4 MiB.
        let rewrite = |conn: &mut super::DbConnection| {
            diesel::sql_query(
                "WITH RECURSIVE n (id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 64) \
                 REPLACE INTO b (id, data) SELECT id, randomblob(65536) FROM n",
            )
            .execute(conn)
            .map(drop)
        };
        pool.get()
            .unwrap()
            .batch_execute("CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
            .unwrap();
        let wal = dir.path().join("w.db-wal");
        let mut largest = 0;
        for _ in 0..100 {
            write_transaction(&mut pool.get().unwrap(), rewrite).unwrap();
            largest = largest.max(std::fs::metadata(&wal).unwrap().len());
        }
        // 400 MiB were written, which a WAL that never starts again would hold. It starts
        // again past 64 MiB at the checkpoint thread's next turn; how many commits come
        // before that turn depends on the machine's load (218 MiB were seen with the other
        // unit tests running on two cores), so the bound only asks that it started again.
        assert!(largest < 300 << 20, "the WAL grew to {} MiB", largest >> 20);
    }
}
