//! A PostgreSQL database made for one test or benchmark run, dropped with it.

use diesel::RunQueryDsl as _;

use dialogo::config::DatabaseUrl;
use dialogo::db::{DbConnection, establish};

/// A fresh, empty database on a PostgreSQL server; dropped (with whatever connections to it
/// are left) when this is.
pub struct ScratchDatabase {
    server_url: String,
    name: String,
    url: String,
}

/// A connection to the database `url` names, opened the way the application opens its own
/// (which matters for how the process exits).
pub fn connect(url: &str) -> anyhow::Result<DbConnection> {
    establish(&DatabaseUrl::Postgres(url.to_owned()))
}

impl ScratchDatabase {
    /// Creates a database named `prefix` and a random suffix on the server `server_url` names
    /// (the URL of any database on it), through `conn`, a connection to that server.
    pub fn create(conn: &mut DbConnection, server_url: &str, prefix: &str) -> anyhow::Result<Self> {
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(conn)?;
        let mut url = url::Url::parse(server_url)?;
        url.set_path(&name);
        Ok(Self {
            server_url: server_url.to_owned(),
            name,
            url: url.to_string(),
        })
    }

    /// The new database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let dropped = connect(&self.server_url).and_then(|mut conn| {
            diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn)
            .map_err(anyhow::Error::from)
        });
        if let Err(error) = dropped {
            eprintln!("could not drop the database {}: {error:#}", self.name);
        }
    }
}
