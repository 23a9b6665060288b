use anyhow::{Context, anyhow};
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConnection;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Key of the advisory lock that keeps several processes starting at once on one PostgreSQL
/// from running the same migration twice.
const MIGRATION_LOCK: i64 = 0x0064_6961_6c6f_676f; // "dialogo" in ASCII

/// Applies pending migrations and returns how many ran.
pub fn run_migrations(conn: &mut DbConnection) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConnection::Sqlite(conn) => conn
            .run_pending_migrations(SQLITE)
            .map_err(|e| anyhow!(e))?
            .len(),
        DbConnection::Pg(conn) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                .execute(conn)
                .context("cannot take the migration lock")?;
            let result = conn
                .run_pending_migrations(POSTGRES)
                .map(|versions| versions.len())
                .map_err(|e| anyhow!(e));
            conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
                .context("cannot release the migration lock")?;
            result?
        }
    };
    Ok(applied)
}
