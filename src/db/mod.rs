//! Storage: one Diesel code path over SQLite and PostgreSQL.

mod connection;
mod cursor;
mod lease;
mod migrations;
pub mod models;
pub mod schema;
mod sqlite_writer;
mod statement;

/// The query backend of [`DbConnection`], for boxed queries.
pub use connection::MultiBackend as DbBackend;
pub use connection::{Backend, DbConnection, Pool, connect_pool, establish, write_transaction};
pub use cursor::Cursor;
pub use lease::Lease;
pub use migrations::run_migrations;
pub(crate) use statement::{fixed_statement, on_backend};

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
