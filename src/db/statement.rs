//! Making the statements that run on every registration cheap to run again.
//!
//! - [`on_backend!`] runs a statement on the `SqliteConnection` or `PgConnection` inside
//!   [`DbConnection`](super::DbConnection). Diesel's MultiConnection turns a statement into
//!   SQL text on every pass over it (looking it up in the statement cache, checking that it may
//!   be cached, binding its values): three times per execution. On the backend's own
//!   connection a statement with a static query id is found in the cache by its type.
//! - Diesel prepares every UPDATE it builds anew (SQLite parses it again, PostgreSQL parses and
//!   plans it again), since an UPDATE's SQL may vary with its values; an INSERT it finds in
//!   the cache by its SQL text, built anew on every run. The few UPDATEs and INSERTs that run
//!   on every registration are written out as query fragments of fixed SQL with a static
//!   query id instead ([`fixed_statement!`]), next to their models, and stay prepared.
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

/// The impls that keep a statement of fixed SQL prepared: found in the statement cache by its
/// type, not by SQL text built on every run (see the module docs).
macro_rules! fixed_statement {
    ($statement:ident) => {
        impl diesel::query_builder::QueryId for $statement<'_> {
            type QueryId = $statement<'static>;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl<Conn> diesel::RunQueryDsl<Conn> for $statement<'_> {}
    };
}
pub(crate) use fixed_statement;

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use diesel::connection::InstrumentationEvent;
    use diesel::prelude::*;

    use crate::config::DatabaseUrl;
    use diesel::connection::SimpleConnection as _;

    use crate::db::models::{
        ActionToken, AdmitPending, Registration, RegistrationStatus, TokenPurpose,
    };
    use crate::db::{DbConnection, establish, run_migrations};
    use crate::mail::outbox::MailMeta;
    use crate::mail::{ComposedMail, OutboxMail};
    use crate::registrations::RegistrationInput;

    /// Runs `statements` `rounds` times (with the round's number); returns how many statements
    /// were put in the statement cache in each round.
    fn cached_per_round(
        conn: &mut DbConnection,
        rounds: usize,
        mut statements: impl FnMut(&mut DbConnection, usize),
    ) -> Vec<usize> {
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
            .map(|round| {
                *cached.lock().unwrap() = 0;
                statements(conn, round);
                *cached.lock().unwrap()
            })
            .collect()
    }

    fn migrated_sqlite() -> (tempfile::TempDir, DbConnection) {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("statements.db"));
        let mut conn = establish(&url).unwrap();
        run_migrations(&mut conn).unwrap();
        (dir, conn)
    }

    #[test]
    fn the_updates_of_a_confirmation_are_prepared_once() {
        let (_dir, mut conn) = migrated_sqlite();
        let rounds = cached_per_round(&mut conn, 3, |conn, _| {
            assert!(!ActionToken::consume_unused(conn, "no-such-hash").unwrap());
            for status in [
                RegistrationStatus::Confirmed,
                RegistrationStatus::Waitlisted,
            ] {
                let admit = AdmitPending::new("no-such-id", status, None);
                assert_eq!(on_backend!(&mut *conn, |c| admit.execute(c)).unwrap(), 0);
            }
        });
        assert_eq!(rounds, [2, 0, 0]);
    }

    #[test]
    fn the_inserts_of_a_registrant_are_prepared_once() {
        let (_dir, mut conn) = migrated_sqlite();
        // The rows point to an event that is not there: only the statements matter here.
        conn.batch_execute("PRAGMA foreign_keys = OFF").unwrap();
        let rounds = cached_per_round(&mut conn, 3, |conn, round| {
            let now = crate::db::now();
            let input: RegistrationInput = serde_json::from_value(serde_json::json!({
                "name": "Ana", "email": format!("ana{round}@example.org"),
                "organisation": "Municipio", "organisation_type": "municipality",
                "country": "MX", "language": "es", "consent": true
            }))
            .unwrap();
            let registration = Registration::new_pending("event", &input.parse().unwrap(), now);
            assert!(Registration::insert(conn, &registration).unwrap());
            // The same address again is no error, and writes nothing.
            let again = Registration {
                id: crate::db::new_id(),
                ..registration.clone()
            };
            assert!(!Registration::insert(conn, &again).unwrap());
            let purpose = TokenPurpose::ConfirmRegistration;
            let hash = format!("hash-{round}");
            ActionToken::insert_hashed(conn, purpose, &registration.id, now, &hash).unwrap();
            let mail = ComposedMail {
                message_id: format!("<{round}@example.org>"),
                recipient: registration.email.clone(),
                subject: "Bitte bestätigen".into(),
                message: "Subject: Bitte bestätigen\r\n\r\nHallo".into(),
            };
            let meta = MailMeta {
                kind: "registration_confirm",
                event_id: Some("event"),
                dedupe_key: None,
            };
            assert!(OutboxMail::enqueue(conn, &mail, &meta).unwrap());
        });
        assert_eq!(rounds, [3, 0, 0]);
    }
}
