//! Which database file a connection is open on, and the one writer of each file: every pool
//! of the same file in this process shares it, so that their write transactions queue at one
//! place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, Weak};

use diesel::RunQueryDsl;
use diesel::result::Error;

use super::writer::SqliteWriter;
use crate::db::connection::DbConnection;

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
pub(in crate::db) fn identify(
    conn: &mut diesel::SqliteConnection,
    path: &Path,
) -> anyhow::Result<()> {
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
pub(in crate::db) fn writer_of(
    conn: &mut DbConnection,
) -> Result<Option<Arc<SqliteWriter>>, Error> {
    let id: i64 = diesel::select(dialogo_database_id()).get_result(conn)?;
    Ok(registry().writers.get(&id).and_then(Weak::upgrade))
}

/// The writer of the file `conn` (a fresh connection from [`crate::db::establish`]) opened,
/// shared with every other pool of the same file in this process; a new one when there is
/// none, with `checkpoints` (another fresh connection to the file) for its checkpoint thread.
pub(in crate::db) fn shared_writer(
    mut conn: DbConnection,
    checkpoints: DbConnection,
) -> Result<Arc<SqliteWriter>, Error> {
    let id: i64 = diesel::select(dialogo_database_id()).get_result(&mut conn)?;
    let mut registry = registry();
    if let Some(writer) = registry.writers.get(&id).and_then(Weak::upgrade) {
        return Ok(writer);
    }
    let writer = SqliteWriter::new(conn, checkpoints)?;
    registry.writers.insert(id, Arc::downgrade(&writer));
    Ok(writer)
}

#[cfg(test)]
mod tests {
    use crate::config::DatabaseUrl;
    use crate::db::{Pool, connect_pool};

    #[test]
    fn two_pools_of_one_file_share_its_writer() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("w.db"));
        let (pool, other) = (
            connect_pool(&url, 2).unwrap(),
            connect_pool(&url, 2).unwrap(),
        );
        let writer = |pool: &Pool| super::writer_of(&mut pool.get().unwrap()).unwrap().unwrap();
        assert!(std::sync::Arc::ptr_eq(&writer(&pool), &writer(&other)));
    }
}
