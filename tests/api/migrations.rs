//! Every migration can be taken back and applied again, on a database with data in it.

use diesel::prelude::*;
use diesel_migrations::{FileBasedMigrations, MigrationHarness};

use dialogo::db::{DbConnection, Pool};

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar, spawn_app_with};
use crate::registration_flow::{register, registrant};

for_both_backends!(migrations_go_down_and_up_again);

/// Applied migrations, and tables other than diesel's own.
fn state(conn: &mut DbConnection) -> (usize, Vec<String>) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let query = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        DbConnection::Pg(_) => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
        }
    };
    let mut tables: Vec<String> = diesel::sql_query(query)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .filter(|t| t != "__diesel_schema_migrations")
        .collect();
    tables.sort();
    let applied = match conn {
        DbConnection::Sqlite(c) => c.applied_migrations().unwrap().len(),
        DbConnection::Pg(c) => c.applied_migrations().unwrap().len(),
    };
    (applied, tables)
}

/// Reverts every migration, with the files the binary embeds.
fn revert_all(pool: &Pool) -> usize {
    let mut conn = pool.get().unwrap();
    let dir = |name: &str| {
        FileBasedMigrations::from_path(format!("{}/migrations/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
    };
    match &mut *conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(dir("sqlite")).unwrap().len(),
        DbConnection::Pg(c) => c.revert_all_migrations(dir("postgres")).unwrap().len(),
    }
}

async fn migrations_go_down_and_up_again(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    // Data in every kind of table the triggers and indexes touch.
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        register(&app, &id, &registrant("ana@example.org"))
            .await
            .status,
        202
    );
    let pool = app.app_state.pool.clone();
    let (applied, tables) = {
        let pool = pool.clone();
        tokio::task::spawn_blocking(move || state(&mut pool.get().unwrap()))
            .await
            .unwrap()
    };
    assert!(applied > 0 && !tables.is_empty());

    // The app keeps running (its database goes with it); its workers only log meanwhile.

    let (reverted, after_down, reapplied, after_up) = tokio::task::spawn_blocking(move || {
        let reverted = revert_all(&pool);
        let after_down = state(&mut pool.get().unwrap());
        let reapplied = dialogo::db::run_migrations(&mut pool.get().unwrap()).unwrap();
        let after_up = state(&mut pool.get().unwrap());
        (reverted, after_down, reapplied, after_up)
    })
    .await
    .unwrap();
    assert_eq!(reverted, applied, "every migration went down");
    assert_eq!(after_down, (0, vec![]), "down left something behind");
    assert_eq!(reapplied, applied);
    assert_eq!(after_up, (applied, tables), "up again is what up was");
}
