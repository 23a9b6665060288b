//! The scheduler keeps its promises across restarts and beside other processes: every
//! reminder is queued once, whoever runs when.

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::json;

use dialogo::db::DbConnection;

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::schedule_support::{add_registrant, expect_queued, spawn_peer, step};

on_both_backends!(
    a_restart_mid_schedule_neither_loses_nor_repeats_a_reminder,
    two_processes_on_one_database_send_each_reminder_once,
    a_step_does_what_is_due_even_while_another_process_holds_the_event,
);

async fn a_restart_mid_schedule_neither_loses_nor_repeats_a_reminder(app: TestApp) {
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    add_registrant(&app, &id, "ana@example.org", "confirmed", "de").await;

    // The first process sends the day-before reminder and stops.
    let first = spawn_peer(&app).await;
    step(&[&first.state], "2030-10-06T11:00").await;
    expect_queued(&app, "event_reminder", 1).await;
    drop(first);

    // The next one starts later the same day: nothing is repeated.
    let second = spawn_peer(&app).await;
    assert_eq!(step(&[&second.state], "2030-10-06T18:00").await, 0);
    drop(second);

    // Down through the hour-before instant, up again 20 minutes before the start: the hour
    // reminder still makes sense and goes out late, once; after the start nothing does.
    let third = spawn_peer(&app).await;
    step(&[&third.state], "2030-10-07T10:40").await;
    expect_queued(&app, "event_reminder", 2).await;
    assert_eq!(step(&[&third.state], "2030-10-07T10:50").await, 0);
    drop(third);
    let fourth = spawn_peer(&app).await;
    assert_eq!(step(&[&fourth.state], "2030-10-07T11:05").await, 0);
    expect_queued(&app, "event_reminder", 2).await;
}

async fn two_processes_on_one_database_send_each_reminder_once(app: TestApp) {
    const REGISTRANTS: usize = 30;
    let mut ids = Vec::new();
    for n in 0..3 {
        let mut event = berlin_webinar();
        event["title"] = json!(format!("Municipal dialogue {n}"));
        let id = app.publish_event(&event).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        ids.push(id);
    }
    for (i, id) in ids.iter().enumerate() {
        for n in 0..REGISTRANTS / 3 {
            add_registrant(
                &app,
                id,
                &format!("r{i}-{n}@example.org"),
                "confirmed",
                "en",
            )
            .await;
        }
    }
    let peer = spawn_peer(&app).await;
    let states = [&app.app_state, &peer.state];
    // Both processes step through the same instants at the same time.
    for instant in [
        "2030-10-06T10:59",
        "2030-10-06T11:00",
        "2030-10-06T11:00",
        "2030-10-06T12:00",
        "2030-10-07T10:00",
        "2030-10-07T10:00",
        "2030-10-07T10:30",
        "2030-10-07T11:00",
    ] {
        step(&states, instant).await;
    }
    let to = expect_queued(&app, "event_reminder", 2 * REGISTRANTS).await;
    let mut unique = to.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        REGISTRANTS,
        "each registrant gets two reminders"
    );
}

/// Another process's run may hold the event (on PostgreSQL) while working for an earlier
/// instant, with nothing due then: a step must not take the skipped event as done.
async fn a_step_does_what_is_due_even_while_another_process_holds_the_event(app: TestApp) {
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    add_registrant(&app, &id, "ana@example.org", "confirmed", "de").await;

    let (pool, event_id) = (app.app_state.pool.clone(), id.clone());
    let (locked, is_locked) = tokio::sync::oneshot::channel();
    let holder = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let DbConnection::Pg(pg) = &mut *conn else {
            locked.send(()).unwrap();
            return;
        };
        pg.transaction(|pg| {
            diesel::sql_query("SELECT id FROM events WHERE id = $1 FOR UPDATE")
                .bind::<Text, _>(&event_id)
                .execute(pg)?;
            locked.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(200));
            diesel::QueryResult::Ok(())
        })
        .unwrap();
    });
    is_locked.await.unwrap();
    let queued = step(&[&app.app_state], "2030-10-06T11:00").await;
    holder.await.unwrap();
    assert_eq!(
        queued, 1,
        "the step waits out the other process's short hold"
    );
    expect_queued(&app, "event_reminder", 1).await;
}
