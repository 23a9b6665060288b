//! The connection type every database function takes: SQLite or PostgreSQL, chosen by the
//! configured URL (see [`super::establish`]).

use diesel::{PgConnection, SqliteConnection};

/// One connection to the configured database.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// Which database engine a connection speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl DbConnection {
    /// The engine of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Pg(_) => Backend::Postgres,
        }
    }
}

/// How long a SQLite connection waits for a lock another connection (or process) holds.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
