//! Two ways to make a statement that runs on every registration cheaper to run again.
//!
//! - [`on_backend!`] runs it on the `SqliteConnection` or `PgConnection` inside
//!   [`DbConnection`](super::DbConnection). Diesel's MultiConnection turns a statement into
//!   SQL text on every pass over it (looking it up in the statement cache, checking that it may
//!   be cached, binding its values): three times per execution. On the backend's own
//!   connection a statement with a static query id is found in the cache by its type.
//! - [`KeepPrepared`] keeps a statement prepared that Diesel would prepare anew each time:
//!   every UPDATE, and an INSERT that may write `DEFAULT`, since their SQL can vary with the
//!   values. SQLite then parses the statement again, PostgreSQL parses and plans it again.
//!
//! Everything else goes through `DbConnection` as usual.

use diesel::QueryResult;
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::query_dsl::RunQueryDsl;

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

/// A statement kept in the connection's statement cache, by its SQL text: each distinct text
/// becomes one entry. Wrap only statements whose text takes few forms: not an `IN` list of
/// varying length, not a batch insert.
#[derive(Debug, Clone, Copy)]
pub struct KeepPrepared<Q>(pub Q);

impl<Q> QueryId for KeepPrepared<Q> {
    // No static id: the cache key is the SQL text, so differing texts never share an entry.
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q, DB> QueryFragment<DB> for KeepPrepared<Q>
where
    DB: Backend,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &DB) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Q, Conn> RunQueryDsl<Conn> for KeepPrepared<Q> {}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection as _;
    use diesel::prelude::*;

    use super::*;

    diesel::table! {
        counters (id) {
            id -> Integer,
            a -> Integer,
            b -> Integer,
        }
    }

    /// Sets `a`, and `b` when given: two forms of one statement.
    fn set(conn: &mut SqliteConnection, id: i32, a: i32, b: Option<i32>) -> usize {
        KeepPrepared(
            diesel::update(counters::table.find(id))
                .set((counters::a.eq(a), b.map(|b| counters::b.eq(b)))),
        )
        .execute(conn)
        .unwrap()
    }

    #[test]
    fn each_form_of_a_statement_keeps_its_own_prepared_statement() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute(
            "CREATE TABLE counters (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b INTEGER NOT NULL);
             INSERT INTO counters VALUES (1, 0, 0), (2, 0, 0);",
        )
        .unwrap();
        assert_eq!(set(&mut conn, 1, 10, Some(100)), 1);
        assert_eq!(set(&mut conn, 2, 20, None), 1);
        assert_eq!(set(&mut conn, 2, 21, Some(200)), 1);
        assert_eq!(set(&mut conn, 1, 11, None), 1);
        assert_eq!(set(&mut conn, 3, 30, None), 0);
        let rows: Vec<(i32, i32, i32)> =
            counters::table.order(counters::id).load(&mut conn).unwrap();
        assert_eq!(rows, [(1, 11, 100), (2, 21, 200)]);
    }
}
