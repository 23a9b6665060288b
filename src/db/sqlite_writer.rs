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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, Weak};

use diesel::connection::{AnsiTransactionManager, SimpleConnection as _, TransactionManager};
use diesel::result::{DatabaseErrorKind, Error};
use diesel::{Connection, RunQueryDsl};

use super::connection::{DbConnection, WritingFlag};

/// At most this many transactions share a commit, so that a steady stream of writers still
/// commits (and lets other processes at the file) every so often.
const MAX_GROUP: usize = 64;

diesel::define_sql_function! {
    /// The number under which this process knows the connection's database file.
    fn dialogo_database_id() -> diesel::sql_types::BigInt;
}

/// Database files this process opened, by number, and the writer of each while a pool of the
/// file is open.
#[derive(Default)]
struct Registry {
    ids: HashMap<PathBuf, i64>,
    writers: HashMap<i64, Weak<SqliteWriter>>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Teaches a new connection to `path` which database it is, so that a write transaction on it
/// finds the file's writer.
pub(super) fn identify(conn: &mut diesel::SqliteConnection, path: &Path) -> anyhow::Result<()> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let id = {
        let mut registry = registry();
        let next = registry.ids.len() as i64 + 1;
        *registry.ids.entry(path).or_insert(next)
    };
    dialogo_database_id_utils::register_impl(conn, move || id)?;
    Ok(())
}

/// The writer of the database `conn` is connected to, if a pool of it is open.
pub(super) fn writer_of(conn: &mut DbConnection) -> Result<Option<Arc<SqliteWriter>>, Error> {
    let id: i64 = diesel::select(dialogo_database_id()).get_result(conn)?;
    Ok(registry().writers.get(&id).and_then(Weak::upgrade))
}

/// The connection that writes to one database file, shared by the transactions of a group.
pub struct SqliteWriter {
    open: Mutex<OpenGroup>,
    /// Callers waiting for `open`: while there are any, the group stays open for them.
    waiting: AtomicUsize,
    /// Commits since the last checkpoint.
    commits: AtomicU64,
    /// Asked by the checkpoint thread: the next group starts by restarting the WAL.
    restart_log: AtomicBool,
    /// The last restart gave up (a reader stayed in the WAL); for the checkpoint thread.
    restart_gave_up: AtomicBool,
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
    /// The writer of the file `conn` (a fresh connection from [`super::establish`]) opened,
    /// shared with every other pool of the same file in this process. `checkpoints`, another
    /// fresh connection to the file, copies the WAL back into the database beside it.
    pub(super) fn for_connection(
        mut conn: DbConnection,
        checkpoints: DbConnection,
    ) -> Result<Arc<Self>, Error> {
        let id: i64 = diesel::select(dialogo_database_id()).get_result(&mut conn)?;
        let mut registry = registry();
        if let Some(writer) = registry.writers.get(&id).and_then(Weak::upgrade) {
            return Ok(writer);
        }
        // A group's pages stay in memory until its commit rather than spilling to the WAL
        // (the default cache is 2 MiB; a group of 64 registrations touches about 5 MiB).
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
            commits: AtomicU64::new(0),
            restart_log: AtomicBool::new(false),
            restart_gave_up: AtomicBool::new(false),
        });
        registry.writers.insert(id, Arc::downgrade(&writer));
        let DbConnection::Sqlite(checkpoints) = checkpoints else {
            unreachable!("a SQLite writer checkpoints on a SQLite connection");
        };
        if !super::sqlite_checkpoints::spawn(Arc::downgrade(&writer), checkpoints) {
            // Without the thread, the writer checkpoints as SQLite does by default.
            let mut open = writer.open.lock().unwrap_or_else(|p| p.into_inner());
            open.conn
                .batch_execute("PRAGMA wal_autocheckpoint = 1000")?;
        }
        Ok(writer)
    }

    /// The number of commits since the last call.
    pub(super) fn take_commits(&self) -> u64 {
        self.commits.swap(0, Ordering::Relaxed)
    }

    /// Has the next group, before it begins, restart the WAL
    /// ([`super::sqlite_checkpoints::restart_log`]): only there is none of our writes under way.
    pub(super) fn restart_log_between_groups(&self) {
        self.restart_log.store(true, Ordering::Relaxed);
    }

    /// Whether a restart gave up since the last call.
    pub(super) fn restart_gave_up(&self) -> bool {
        self.restart_gave_up.swap(false, Ordering::Relaxed)
    }

    /// Runs `f` in a savepoint of the open group transaction (beginning one with
    /// `BEGIN IMMEDIATE` if none is open) and returns once the group has committed.
    pub(super) fn transaction<T, E, F>(&self, f: F) -> Result<T, E>
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
                if self.restart_log.swap(false, Ordering::Relaxed)
                    && !super::sqlite_checkpoints::restart_log(sqlite)
                {
                    self.restart_gave_up.store(true, Ordering::Relaxed);
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
            self.commits.fetch_add(1, Ordering::Relaxed);
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
        // 400 MiB were written; the WAL starts again past 64 MiB.
        assert!(largest < 200 << 20, "the WAL grew to {} MiB", largest >> 20);
    }

    #[test]
    fn two_pools_of_one_file_share_its_writer() {
        let (dir, pool) = pool_with_table();
        let other = connect_pool(&DatabaseUrl::Sqlite(dir.path().join("w.db")), 2).unwrap();
        let writer = |pool: &Pool| super::writer_of(&mut pool.get().unwrap()).unwrap().unwrap();
        assert!(std::sync::Arc::ptr_eq(&writer(&pool), &writer(&other)));
    }
}
