//! Storage: one Diesel code path over SQLite and PostgreSQL.

mod connection;
mod cursor;
mod migrations;
pub mod models;
mod pool;
pub mod schema;
mod sqlite;
mod statement;
mod stored;
mod transaction;

pub(crate) use connection::BUSY_TIMEOUT;
/// The query backend of [`DbConnection`], for boxed queries.
pub use connection::MultiBackend as DbBackend;
pub use connection::{Backend, DbConnection};
pub use cursor::{CURSOR_PATTERN, Cursor};
pub use migrations::run_migrations;
pub use pool::{Pool, connect_pool, establish};
pub(crate) use statement::{fixed_statement, on_backend};
pub use stored::{NullableZone, UnknownStoredValue, known};
pub use transaction::write_transaction;

diesel::define_sql_function!(
    /// SQL's `lower`: text in lower case (on SQLite only ASCII letters are lowered).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

/// Runs blocking database work with a connection of `pool` on Tokio's blocking pool, never on
/// the async executor. Call within a Tokio runtime.
pub async fn run_blocking<T, F>(pool: &Pool, work: F) -> Result<T, crate::error::ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, crate::error::ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await
    .map_err(|error| crate::error::ApiError::internal(anyhow::Error::new(error)))?
}

/// Empties SQLite's WAL into the database file and truncates it, so that older copies of
/// pages (with data just removed) are gone from disk; nothing on PostgreSQL. False if readers or
/// writers kept it busy. Call outside a transaction.
pub fn truncate_wal(conn: &mut DbConnection) -> diesel::QueryResult<bool> {
    match conn {
        DbConnection::Sqlite(sqlite) => sqlite::truncate(sqlite),
        DbConnection::Pg(_) => Ok(true),
    }
}

/// A new primary key: a UUID v7, so ids sort roughly by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current time as stored: naive UTC with microsecond precision, which both backends keep
/// exactly (PostgreSQL would otherwise drop the nanoseconds SQLite keeps).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Utc};
    Utc::now().naive_utc().trunc_subsecs(6)
}
