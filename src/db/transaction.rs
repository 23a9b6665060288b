//! Write transactions: on SQLite through the file's group-committing writer, on PostgreSQL as
//! plain transactions.

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};

use super::connection::DbConnection;
use super::sqlite::{WritingFlag, writer_of};

/// Writers on connections without a [`SqliteWriter`](super::sqlite::SqliteWriter) (opened by
/// [`super::establish`] alone) take turns here before SQLite's own lock. SQLite admits one writer at a time anyway, and while
/// its busy handler waits by sleeping (1, 2, 5 … 100 ms), a mutex hands the turn over at once.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `f` in a transaction that may write.
///
/// On SQLite, `f` runs on the file's [`SqliteWriter`](super::sqlite::SqliteWriter) while a pool
/// of the file is open (and on `conn` otherwise), in a transaction begun with `BEGIN IMMEDIATE`:
/// a deferred transaction that reads and then writes fails with `SQLITE_BUSY` when another connection wrote in between,
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
    if WritingFlag::is_set() {
        return Err(diesel::result::Error::AlreadyInTransaction.into());
    }
    if let Some(writer) = writer_of(conn)? {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseUrl;
    use crate::db::establish;

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
