//! Connections and the pool. The backend comes from the URL scheme, never by trying each one:
//! a typo must be an error, not a new SQLite file named after a PostgreSQL URL.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::sqlite_writer::{self, SqliteWriter};
use crate::config::DatabaseUrl;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub type Pool = r2d2::Pool<ConnectionManager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Pg(_) => Backend::Postgres,
        }
    }
}

/// How long a SQLite connection waits for a lock another connection (or process) holds.
pub(super) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens one connection, configured for this application.
pub fn establish(url: &DatabaseUrl) -> anyhow::Result<DbConnection> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create directory {}", dir.display()))?;
            }
            let path = path
                .to_str()
                .context("the SQLite path is not valid UTF-8")?;
            let mut conn = SqliteConnection::establish(path)
                .with_context(|| format!("cannot open SQLite database {path}"))?;
            // WAL lets readers run beside the one writer; busy_timeout makes a second writer
            // wait instead of failing; NORMAL is durable in WAL mode except on power loss.
            // Savepoints keep the pages they change in a sub-journal: in memory, not in a file.
            // secure_delete zeroes what a write removes (erased personal data, the bodies of
            // sent mails with their links) instead of leaving it readable in free space.
            conn.batch_execute(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA temp_store = MEMORY;
                 PRAGMA secure_delete = ON;",
            )
            .and_then(|()| {
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {};",
                    BUSY_TIMEOUT.as_millis()
                ))
            })
            .context("cannot configure SQLite connection")?;
            sqlite_writer::identify(&mut conn, std::path::Path::new(path))
                .context("cannot configure SQLite connection")?;
            Ok(DbConnection::Sqlite(conn))
        }
        DatabaseUrl::Postgres(url) => {
            // libpq's OpenSSL frees its global state in an `atexit` handler unless its first
            // initialisation says not to. A thread still opening or closing a connection while
            // the process exits then touched freed memory: a SIGSEGV or a double free after
            // all work was done. openssl-sys initialises with OPENSSL_INIT_NO_ATEXIT; the
            // operating system reclaims that memory at exit anyway.
            openssl_sys::init();
            let conn = PgConnection::establish(url)
                .with_context(|| format!("cannot connect to {}", url_for_logs(url)))?;
            Ok(DbConnection::Pg(conn))
        }
    }
}

fn url_for_logs(url: &str) -> String {
    DatabaseUrl::Postgres(url.to_owned()).redacted()
}

/// r2d2 manager that opens connections with [`establish`]. For SQLite it also keeps the
/// file's writer open while the pool lives.
pub struct ConnectionManager {
    url: DatabaseUrl,
    /// Held so that the writer lives as long as the pool; write transactions find it by the
    /// database their connection is open on.
    _writer: Option<Arc<SqliteWriter>>,
}

impl std::fmt::Debug for ConnectionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionManager")
            .field("url", &self.url.redacted())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0:#}")]
pub struct ConnectError(anyhow::Error);

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        establish(&self.url).map_err(ConnectError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1")
            .map_err(|e| ConnectError(e.into()))
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

/// Builds the pool; fails at once when the database cannot be reached. On SQLite, write
/// transactions on the pool's connections go through the file's [`SqliteWriter`].
pub fn connect_pool(url: &DatabaseUrl, size: u32) -> anyhow::Result<Pool> {
    let writer = match url {
        DatabaseUrl::Sqlite(_) => Some(
            SqliteWriter::for_connection(establish(url)?, establish(url)?)
                .with_context(|| format!("cannot open database {}", url.redacted()))?,
        ),
        DatabaseUrl::Postgres(_) => None,
    };
    r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        // Broken connections are noticed when used (`has_broken`); a ping per checkout
        // would cost a round trip on every request.
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(10))
        .build(ConnectionManager {
            url: url.clone(),
            _writer: writer,
        })
        .with_context(|| format!("cannot open database {}", url.redacted()))
}

/// Writers on connections without a [`SqliteWriter`] (opened by [`establish`] alone) take
/// turns here before SQLite's own lock. SQLite admits one writer at a time anyway, and while
/// its busy handler waits by sleeping (1, 2, 5 … 100 ms), a mutex hands the turn over at once.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    /// Set while this thread holds [`SQLITE_WRITER`]: a nested write transaction would wait for
    /// itself forever, so it is refused instead.
    static WRITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` in a transaction that may write.
///
/// On SQLite, `f` runs on the file's [`SqliteWriter`] while a pool of the file is open (and on
/// `conn` otherwise), in a transaction begun with `BEGIN IMMEDIATE`: a deferred transaction that
/// reads and then writes fails with `SQLITE_BUSY` when another connection wrote in between,
/// whereas an immediate one takes the write lock up front (waiting for other processes under
/// `busy_timeout`).
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    if !matches!(conn, DbConnection::Sqlite(_)) {
        return conn.transaction(f);
    }
    if WRITING.get() {
        return Err(diesel::result::Error::AlreadyInTransaction.into());
    }
    if let Some(writer) = sqlite_writer::writer_of(conn)? {
        return writer.transaction(f);
    }
    let DbConnection::Sqlite(sqlite) = conn else {
        unreachable!("checked above");
    };
    let _turn = SQLITE_WRITER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let _writing = WritingFlag::set();
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    match f(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(error)
        }
    }
}

/// Marks this thread as writing until dropped, also when the transaction panics.
pub(super) struct WritingFlag;

impl WritingFlag {
    pub(super) fn set() -> Self {
        WRITING.set(true);
        Self
    }
}

impl Drop for WritingFlag {
    fn drop(&mut self) {
        WRITING.set(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_sqlite_write_transaction_is_refused_rather_than_deadlocking() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = establish(&DatabaseUrl::Sqlite(dir.path().join("t.db"))).unwrap();
        let result: Result<(), diesel::result::Error> = write_transaction(&mut conn, |conn| {
            let nested: Result<(), diesel::result::Error> = write_transaction(conn, |_| Ok(()));
            assert!(matches!(
                nested,
                Err(diesel::result::Error::AlreadyInTransaction)
            ));
            Ok(())
        });
        assert!(result.is_ok());
        // The flag is cleared afterwards: the next transaction runs.
        assert!(write_transaction(&mut conn, |_| Ok::<_, diesel::result::Error>(())).is_ok());
    }
}
