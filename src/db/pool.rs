//! Opening connections, and the pool. The backend comes from the URL scheme, never by trying
//! each one: a typo must be an error, not a new SQLite file named after a PostgreSQL URL.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::connection::{BUSY_TIMEOUT, DbConnection};
use super::sqlite::{self, SqliteWriter};
use crate::config::DatabaseUrl;

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
            // busy_timeout comes first: setting WAL needs a lock, and another connection (of
            // this process or another) may hold one just then; without the timeout that is
            // an immediate "database is locked". WAL lets readers run beside the one writer;
            // busy_timeout makes a second writer wait instead of failing; NORMAL is durable in
            // WAL mode except on power loss. Savepoints keep the pages they change in a
            // sub-journal: in memory, not in a file. secure_delete zeroes what a write removes
            // (erased personal data, the bodies of sent mails with their links) instead of
            // leaving it readable in free space.
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {};",
                BUSY_TIMEOUT.as_millis()
            ))
            .and_then(|()| {
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA temp_store = MEMORY;
                     PRAGMA secure_delete = ON;",
                )
            })
            .context("cannot configure SQLite connection")?;
            sqlite::identify(&mut conn, std::path::Path::new(path))
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

pub type Pool = r2d2::Pool<ConnectionManager>;

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
            sqlite::shared_writer(establish(url)?, establish(url)?)
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
