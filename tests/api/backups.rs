//! `dialogo backup --to FILE` as operators run it: beside a `dialogo serve` that keeps
//! writing, and the copy restored and served.

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use diesel::prelude::*;
use serde_json::json;

use dialogo::db::schema::events;

use crate::for_both_backends;
use crate::helpers::{Api, Backend, berlin_webinar, fresh_database, test_settings};
use crate::served::{Served, test_pool};

for_both_backends!(a_backup_taken_under_writes_restores_every_row_committed_before_it);

/// Runs `dialogo backup --to to` on `database_url`, off the async executor.
async fn backup(database_url: &str, to: &std::path::Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dialogo"));
    command.arg("backup").arg("--to").arg(to);
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("DIALOGO_")) {
        command.env_remove(name);
    }
    for (name, value) in test_settings(database_url, "file:///nonexistent") {
        command.env(name, value);
    }
    command.env("RUST_LOG", "warn");
    tokio::task::spawn_blocking(move || command.output().expect("dialogo backup runs"))
        .await
        .unwrap()
}

/// Creates events one after another until `stop` is set; the id of each one created (whose
/// 201 has arrived, so committed) is added to `committed`.
async fn keep_creating_events(api: &Api, committed: &Mutex<Vec<String>>, stop: &Mutex<bool>) {
    let mut event = berlin_webinar();
    for i in 0.. {
        if *stop.lock().unwrap() {
            break;
        }
        event["title"] = json!(format!("Municipal dialogue {i}"));
        let created = api.create_event(&event).await;
        let id = created["id"].as_str().unwrap().to_owned();
        committed.lock().unwrap().push(id);
    }
}

async fn a_backup_taken_under_writes_restores_every_row_committed_before_it(backend: Backend) {
    let files = tempfile::tempdir().unwrap();
    let (_database, url) = fresh_database(backend, files.path()).expect("a database");
    let mail_url = format!("file://{}", files.path().join("mail").display());
    let pool = test_pool(&url).await;
    let target = files.path().join("backup").join("copy.db");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();

    if backend == Backend::Postgres {
        let output = backup(&url, &target).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "a PostgreSQL backup claimed success"
        );
        assert!(stderr.contains("pg_dump"), "{stderr}");
        assert!(!target.exists());
        return;
    }

    let server = Arc::new(Served::start(&url, &mail_url, &[], &pool).await);
    // Some rows first, so that the copy has work to do while writes go on.
    let mut first = Vec::new();
    for i in 0..50 {
        let mut event = berlin_webinar();
        event["title"] = json!(format!("Regional forum {i}"));
        first.push(
            server.create_event(&event).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let committed = Arc::new(Mutex::new(first));
    let stop = Arc::new(Mutex::new(false));
    let writer = tokio::spawn({
        let (server, committed, stop) = (server.clone(), committed.clone(), stop.clone());
        async move { keep_creating_events(&server, &committed, &stop).await }
    });
    let before: Vec<String> = committed.lock().unwrap().clone();
    let output = backup(&url, &target).await;
    let during = committed.lock().unwrap().len() - before.len();
    *stop.lock().unwrap() = true;
    writer.await.unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("copy.db"),
        "it says where the copy is"
    );
    assert!(during > 0, "no write committed while the backup ran");
    let written: Vec<String> = committed.lock().unwrap().clone();

    // Restored as the README says: the copy becomes the database of a server.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = restored_dir.path().join("dialogo.db");
    std::fs::copy(&target, &restored).unwrap();
    let restored_url = format!("sqlite://{}", restored.display());
    let restored_pool = test_pool(&restored_url).await;
    let again = Served::start(&restored_url, &mail_url, &[], &restored_pool).await;
    for id in &before {
        let reply = again.admin_get(&format!("/api/v1/admin/events/{id}")).await;
        assert_eq!(reply.status, 200, "event {id} is missing from the copy");
    }
    let ids: Vec<String> = tokio::task::spawn_blocking(move || {
        let mut conn = restored_pool.get().unwrap();
        events::table.select(events::id).load(&mut conn).unwrap()
    })
    .await
    .unwrap();
    assert!(
        ids.iter().all(|id| written.contains(id)),
        "the copy holds events nobody created"
    );
    assert!(ids.len() >= before.len());
}
