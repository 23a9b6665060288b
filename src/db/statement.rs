//! Making the statements that run on every registration cheap to run again.
//!
//! - [`on_backend!`] runs a statement on the `SqliteConnection` or `PgConnection` inside
//!   [`DbConnection`](super::DbConnection). Diesel's MultiConnection turns a statement into
//!   SQL text on every pass over it (looking it up in the statement cache, checking that it may
//!   be cached, binding its values): three times per execution. On the backend's own
//!   connection a statement with a static query id is found in the cache by its type.
//! - Diesel prepares every UPDATE it builds anew (SQLite parses it again, PostgreSQL parses and
//!   plans it again), since an UPDATE's SQL may vary with its values. The few UPDATEs that run
//!   on every registration are written out as query fragments of fixed SQL with a static
//!   query id instead, next to their models, and stay prepared.
//!
//! Everything else goes through `DbConnection` as usual. The test below checks that these
//! statements are prepared once.

/// Runs `$body` with `$c` bound to the backend's own connection; see the module docs.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Pg($c) => $body,
        }
    };
}
pub(crate) use on_backend;

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use diesel::connection::InstrumentationEvent;
    use diesel::prelude::*;

    use crate::config::DatabaseUrl;
    use crate::db::models::{ActionToken, AdmitPending, RegistrationStatus};
    use crate::db::{DbConnection, establish, run_migrations};

    /// Runs the UPDATEs of a confirmation `rounds` times; returns how many statements were
    /// put in the statement cache in each round.
    fn cached_per_round(conn: &mut DbConnection, rounds: usize) -> Vec<usize> {
        let cached = Arc::new(Mutex::new(0));
        let counter = cached.clone();
        let count = move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::CacheQuery { .. } = event {
                *counter.lock().unwrap() += 1;
            }
        };
        match conn {
            DbConnection::Sqlite(c) => c.set_instrumentation(count),
            DbConnection::Pg(c) => c.set_instrumentation(count),
        }
        (0..rounds)
            .map(|_| {
                *cached.lock().unwrap() = 0;
                assert!(!ActionToken::consume_unused(conn, "no-such-hash").unwrap());
                for status in [
                    RegistrationStatus::Confirmed,
                    RegistrationStatus::Waitlisted,
                ] {
                    let admit = AdmitPending::new("no-such-id", status, None);
                    assert_eq!(on_backend!(&mut *conn, |c| admit.execute(c)).unwrap(), 0);
                }
                *cached.lock().unwrap()
            })
            .collect()
    }

    #[test]
    fn the_updates_of_a_confirmation_are_prepared_once() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("statements.db"));
        let mut conn = establish(&url).unwrap();
        run_migrations(&mut conn).unwrap();
        assert_eq!(cached_per_round(&mut conn, 3), [2, 0, 0]);
    }
}
