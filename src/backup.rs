//! `dialogo backup --to FILE`: a consistent copy of a SQLite database, made while servers keep
//! writing to it.
//!
//! SQLite's `VACUUM INTO` reads the whole database inside one read transaction, so the copy is
//! the database exactly as the last commit before it began left it; in WAL mode that reader
//! blocks no writer, and the commits made meanwhile stay out of the copy. The copy is written
//! beside the target under a temporary name, synced and then renamed: a crash or a full disk
//! never leaves a truncated file under the name the operator asked for. PostgreSQL has its own
//! tool for this (`pg_dump`), which knows its server better than any copy made through a
//! connection would.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail, ensure};
use diesel::sql_types::Text;
use diesel::{Connection as _, RunQueryDsl as _, SqliteConnection};

use crate::config::DatabaseUrl;

/// Copies the database at `url` to the new file `to`; returns the size of the copy in bytes.
pub fn backup(url: &DatabaseUrl, to: &Path) -> anyhow::Result<u64> {
    let source = match url {
        DatabaseUrl::Sqlite(path) => path,
        DatabaseUrl::Postgres(_) => bail!(
            "dialogo backup copies SQLite databases; for PostgreSQL use pg_dump \
             (e.g. pg_dump --format=custom --file=dialogo.dump \"$DIALOGO_DATABASE_URL\") \
             and restore with pg_restore"
        ),
    };
    // Opening a missing file would create an empty database, and back that up.
    ensure!(
        source.is_file(),
        "no SQLite database at {}",
        source.display()
    );
    ensure!(
        !to.exists(),
        "{} exists already; name a new file",
        to.display()
    );
    let partial = partial_name(to)?;
    let copied = copy(source, &partial).and_then(|()| publish(&partial, to));
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    copied?;
    Ok(std::fs::metadata(to)?.len())
}

/// The temporary name the copy is written under, in the target's directory (so that the
/// final rename stays within one file system).
fn partial_name(to: &Path) -> anyhow::Result<PathBuf> {
    let name = to
        .file_name()
        .with_context(|| format!("{} is not a file name", to.display()))?;
    let mut partial = name.to_owned();
    partial.push(format!(".partial-{}", std::process::id()));
    Ok(to.with_file_name(partial))
}

/// Writes the snapshot with `VACUUM INTO` and checks that the copy reads as a database.
fn copy(source: &Path, partial: &Path) -> anyhow::Result<()> {
    let source = source
        .to_str()
        .context("the SQLite path is not valid UTF-8")?;
    let target = partial
        .to_str()
        .context("the backup path is not valid UTF-8")?;
    let mut conn = SqliteConnection::establish(source)
        .with_context(|| format!("cannot open SQLite database {source}"))?;
    // A checkpoint of a server may hold the lock for a moment; wait for it as servers do.
    diesel::sql_query(format!(
        "PRAGMA busy_timeout = {}",
        crate::db::BUSY_TIMEOUT.as_millis()
    ))
    .execute(&mut conn)?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target)
        .execute(&mut conn)
        .with_context(|| format!("cannot copy {source} to {target}"))?;
    drop(conn);
    let mut copy = SqliteConnection::establish(target)
        .with_context(|| format!("cannot open the copy {target}"))?;
    let check: Vec<QuickCheck> = diesel::sql_query("PRAGMA quick_check").load(&mut copy)?;
    ensure!(
        check.len() == 1 && check[0].quick_check == "ok",
        "the copy {target} is damaged: {}",
        check
            .iter()
            .map(|row| row.quick_check.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct QuickCheck {
    #[diesel(sql_type = Text)]
    quick_check: String,
}

/// Syncs the copy (`VACUUM INTO` does not) and gives it its name.
fn publish(partial: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::File::open(partial)?.sync_all()?;
    std::fs::rename(partial, to)
        .with_context(|| format!("cannot rename {} to {}", partial.display(), to.display()))?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_database_is_refused_with_a_pointer_to_pg_dump() {
        let url = DatabaseUrl::Postgres("postgres://localhost/dialogo".into());
        let error = backup(&url, Path::new("copy.db")).unwrap_err().to_string();
        assert!(error.contains("pg_dump"), "{error}");
    }

    #[test]
    fn a_missing_database_is_not_created_to_be_copied() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.db");
        let url = DatabaseUrl::Sqlite(missing.clone());
        assert!(backup(&url, &dir.path().join("copy.db")).is_err());
        assert!(!missing.exists());
    }

    #[test]
    fn an_existing_target_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("dialogo.db");
        crate::db::establish(&DatabaseUrl::Sqlite(source.clone())).unwrap();
        let target = dir.path().join("copy.db");
        std::fs::write(&target, b"keep me").unwrap();
        assert!(backup(&DatabaseUrl::Sqlite(source), &target).is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    }
}
