//! Reminders, access links, updates, cancellations and follow-ups, driven by the scheduler
//! with the clock stopped and moved by the test.

use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::{Value, json};

use dialogo::db::DbConnection;

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::registration_flow::{act, register, registrant};
use crate::schedule_support::{
    add_registrant, at, delivered, expect_queued, ics_identity, put_schedule, queued, step,
};

on_both_backends!(
    a_scheduler_that_was_down_sends_what_still_makes_sense_once,
    a_step_leaves_an_event_another_process_holds_to_the_next_step,
    reminders_fire_once_at_their_instants_across_a_dst_change,
    reminders_keep_real_hours_across_the_autumn_change,
    a_late_access_link_goes_out_until_the_end_and_not_after,
    the_access_link_reaches_confirmed_registrants_only_once_released,
    moving_and_cancelling_mail_calendar_updates_and_reschedule_reminders,
    the_follow_up_goes_out_once_after_the_event,
);

/// An online event in Berlin on the day the clocks go forward (31 March 2030): it starts at
/// 10:00 CEST = 08:00 UTC, so "24 hours before" is 08:00 UTC the day before (09:00 CET).
fn dst_event() -> Value {
    let mut event = berlin_webinar();
    event["starts_at"] = json!("2030-03-31T10:00");
    event["ends_at"] = json!("2030-03-31T12:00");
    event
}

async fn published(app: &TestApp, event: &Value) -> String {
    app.publish_event(event).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn reminders_fire_once_at_their_instants_across_a_dst_change(app: TestApp) {
    let id = published(&app, &dst_event()).await;
    add_registrant(&app, &id, "ana@example.org", "confirmed", "es").await;
    add_registrant(&app, &id, "pending@example.org", "pending", "en").await;
    add_registrant(&app, &id, "waiting@example.org", "waitlisted", "en").await;
    let s = &app.app_state;

    assert_eq!(
        step(&[s], "2030-03-30T07:59").await,
        0,
        "not before it is due"
    );
    step(&[s], "2030-03-30T08:00").await;
    assert_eq!(
        expect_queued(&app, "event_reminder", 1).await,
        ["ana@example.org"]
    );
    assert_eq!(step(&[s], "2030-03-30T08:01").await, 0, "not twice");
    assert_eq!(step(&[s], "2030-03-31T06:59").await, 0);
    step(&[s], "2030-03-31T07:00").await;
    expect_queued(&app, "event_reminder", 2).await;
    assert_eq!(step(&[s], "2030-03-31T07:30").await, 0);
    assert_eq!(
        step(&[s], "2030-03-31T08:00").await,
        0,
        "never after the start"
    );

    let mails = delivered(&app, "Recordatorio:", 2).await;
    for mail in &mails {
        assert_eq!(mail.to, "ana@example.org");
        // Spanish, the event's time in Berlin and the registrant's own in Bogotá.
        assert!(mail.text.contains("31 de marzo de 2030"), "{}", mail.text);
        assert!(
            mail.text.contains("hora de Colombia (GMT-5)"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("https://meet.example.org/j/83520011"));
        let (method, _, _) = ics_identity(mail.calendar.as_ref().unwrap());
        assert_eq!(method, "REQUEST");
    }
}

async fn the_access_link_reaches_confirmed_registrants_only_once_released(app: TestApp) {
    let mut event = berlin_webinar();
    event["capacity"] = json!(1);
    let id = published(&app, &event).await;
    let reply = put_schedule(&app, &id, &json!({"access_link_hours_before": 48})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    // Confirmed through the real flow: the confirmation comes without the link.
    assert_eq!(
        register(&app, &id, &registrant("ana@example.org"))
            .await
            .status,
        202
    );
    let opt_in = delivered(&app, "", 1).await.remove(0);
    let token = crate::registration_flow::token(&opt_in, "confirm");
    assert_eq!(act(&app, "confirm", &token).await.status, 200);
    add_registrant(&app, &id, "pending@example.org", "pending", "en").await;
    add_registrant(&app, &id, "waiting@example.org", "waitlisted", "de").await;
    let s = &app.app_state;

    // 2030-10-07T13:00 Berlin = 11:00 UTC; released 48 hours before.
    step(&[s], "2030-10-05T10:59").await;
    assert!(queued(&app, "event_access_link").await.is_empty());
    step(&[s], "2030-10-05T11:00").await;
    assert_eq!(
        expect_queued(&app, "event_access_link", 1).await,
        ["ana@example.org"]
    );
    step(&[s], "2030-10-05T11:01").await;
    expect_queued(&app, "event_access_link", 1).await;
    step(&[s], "2030-10-06T11:00").await;
    expect_queued(&app, "event_reminder", 1).await;

    let all = delivered(&app, "", 4).await;
    for mail in &all {
        let has_link =
            mail.text.contains("meet.example.org") || mail.html.contains("meet.example.org");
        let released =
            mail.subject.starts_with("Your access link") || mail.subject.starts_with("Reminder");
        assert_eq!(
            has_link,
            released && mail.to == "ana@example.org",
            "{mail:?}"
        );
    }
}

async fn moving_and_cancelling_mail_calendar_updates_and_reschedule_reminders(app: TestApp) {
    let id = published(&app, &berlin_webinar()).await;
    add_registrant(&app, &id, "ana@example.org", "confirmed", "fr").await;
    add_registrant(&app, &id, "waiting@example.org", "waitlisted", "de").await;
    let s = &app.app_state;
    step(&[s], "2030-10-06T11:00").await;
    expect_queued(&app, "event_reminder", 1).await;

    // Moved a week later: an update to both, and the reminder again before the new date.
    let path = format!("/api/v1/admin/events/{id}");
    let moved = app
        .admin_patch(
            &path,
            &json!({"starts_at": "2030-10-14T13:00", "ends_at": "2030-10-14T15:30"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    let sequence = moved.body["sequence"].as_u64().unwrap() as u32;
    step(&[s], "2030-10-06T11:30").await;
    expect_queued(&app, "event_update", 2).await;
    step(&[s], "2030-10-13T11:00").await;
    expect_queued(&app, "event_reminder", 2).await;

    let cancelled = app.admin_post(&format!("{path}/cancel"), &json!({})).await;
    assert_eq!(cancelled.status, 200);
    step(&[s], "2030-10-13T11:30").await;
    expect_queued(&app, "event_cancellation", 2).await;
    step(&[s], "2030-10-14T10:00").await;
    expect_queued(&app, "event_reminder", 2).await;
    let again = register(&app, &id, &registrant("late@example.org")).await;
    assert_eq!((again.status, again.code()), (409, "event_cancelled"));

    let uid = format!("{id}@events.example.org");
    for mail in delivered(&app, "Modifié :", 1)
        .await
        .iter()
        .chain(&delivered(&app, "Geändert:", 1).await)
    {
        let (method, got_uid, seq) = ics_identity(mail.calendar.as_ref().unwrap());
        assert_eq!(
            (method.as_str(), got_uid.as_str(), seq),
            ("REQUEST", uid.as_str(), sequence)
        );
        assert_eq!(
            mail.text.contains("meet.example.org"),
            mail.to == "ana@example.org"
        );
    }
    let cancellations = delivered(&app, "", 6).await;
    let cancellations: Vec<_> = cancellations
        .iter()
        .filter(|m| m.calendar_method.as_deref() == Some("CANCEL"))
        .collect();
    assert_eq!(cancellations.len(), 2);
    for mail in cancellations {
        let (method, got_uid, seq) = ics_identity(mail.calendar.as_ref().unwrap());
        assert_eq!(
            (method.as_str(), got_uid.as_str()),
            ("CANCEL", uid.as_str())
        );
        assert!(seq > sequence, "the cancellation supersedes the update");
    }
}

async fn the_follow_up_goes_out_once_after_the_event(app: TestApp) {
    let id = published(&app, &berlin_webinar()).await;
    let reply = put_schedule(
        &app,
        &id,
        &json!({"reminder_hours_before": [], "follow_up": {"message": "Gracias", "url": "https://example.org/slides", "hours_after_end": 2}}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    add_registrant(&app, &id, "ana@example.org", "confirmed", "en").await;
    add_registrant(&app, &id, "waiting@example.org", "waitlisted", "en").await;
    let s = &app.app_state;
    // Ends 15:30 Berlin = 13:30 UTC; the follow-up two hours later.
    step(&[s], "2030-10-07T15:29").await;
    assert!(queued(&app, "event_follow_up").await.is_empty());
    step(&[s], "2030-10-07T15:30").await;
    step(&[s], "2030-10-08T15:30").await;
    assert_eq!(
        expect_queued(&app, "event_follow_up", 1).await,
        ["ana@example.org"]
    );
    let mail = delivered(&app, "Follow-up:", 1).await.remove(0);
    assert!(mail.text.contains("https://example.org/slides") && mail.text.contains("Gracias"));
}

/// The scheduler keeps no state of its own: what it did is in the database, and what fell due
/// while no step ran (the process was down) is judged by the late-mail rules.
async fn a_scheduler_that_was_down_sends_what_still_makes_sense_once(app: TestApp) {
    let id = published(&app, &berlin_webinar()).await;
    add_registrant(&app, &id, "ana@example.org", "confirmed", "de").await;
    let s = &app.app_state;

    // The day-before reminder goes out; a step later the same day repeats nothing.
    step(&[s], "2030-10-06T11:00").await;
    expect_queued(&app, "event_reminder", 1).await;
    assert_eq!(step(&[s], "2030-10-06T18:00").await, 0);

    // Down through the hour-before instant, up again 20 minutes before the start: the hour
    // reminder still makes sense and goes out late, once; after the start nothing does.
    step(&[s], "2030-10-07T10:40").await;
    expect_queued(&app, "event_reminder", 2).await;
    assert_eq!(step(&[s], "2030-10-07T10:50").await, 0);
    assert_eq!(step(&[s], "2030-10-07T11:05").await, 0);
    expect_queued(&app, "event_reminder", 2).await;
}

/// While another process holds the event's row (on PostgreSQL) a step skips it, and a skipped
/// event is not taken as done: the next step does what is due.
async fn a_step_leaves_an_event_another_process_holds_to_the_next_step(app: TestApp) {
    let id = published(&app, &berlin_webinar()).await;
    add_registrant(&app, &id, "ana@example.org", "confirmed", "de").await;
    let s = &app.app_state;
    let (pool, event_id) = (app.app_state.pool.clone(), id.clone());
    let (locked, is_locked) = tokio::sync::oneshot::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let DbConnection::Pg(pg) = &mut *conn else {
            locked.send(false).unwrap();
            return;
        };
        pg.transaction(|pg| {
            diesel::sql_query("SELECT id FROM events WHERE id = $1 FOR UPDATE")
                .bind::<Text, _>(&event_id)
                .execute(pg)?;
            locked.send(true).unwrap();
            released.recv().unwrap();
            diesel::QueryResult::Ok(())
        })
        .unwrap();
    });
    let held = is_locked.await.unwrap();
    let during = step(&[s], "2030-10-06T11:00").await;
    release.send(()).unwrap_or_default();
    holder.await.unwrap();
    if held {
        assert_eq!(during, 0, "a step wrote for an event another process held");
        assert!(queued(&app, "event_reminder").await.is_empty());
        assert_eq!(
            step(&[s], "2030-10-06T11:00").await,
            1,
            "the skipped event was lost"
        );
    } else {
        assert_eq!(during, 1);
    }
    expect_queued(&app, "event_reminder", 1).await;
}

/// An event the morning after the clocks go back (27 October 2030, 03:00 CEST → 02:00 CET):
/// 10:00 CET is 09:00 UTC, and "24 hours before" is 09:00 UTC the day before, which is 11:00
/// CEST there, not the same wall-clock time.
async fn reminders_keep_real_hours_across_the_autumn_change(app: TestApp) {
    let mut event = berlin_webinar();
    event["starts_at"] = json!("2030-10-27T10:00");
    event["ends_at"] = json!("2030-10-27T12:00");
    let id = published(&app, &event).await;
    add_registrant(&app, &id, "ana@example.org", "confirmed", "de").await;
    let s = &app.app_state;
    // 10:00 the day before, wall clock: 08:00 UTC. Not yet.
    assert_eq!(step(&[s], "2030-10-26T08:00").await, 0);
    assert_eq!(step(&[s], "2030-10-26T08:59").await, 0);
    assert_eq!(step(&[s], "2030-10-26T09:00").await, 1);
    assert_eq!(step(&[s], "2030-10-27T07:59").await, 0);
    assert_eq!(step(&[s], "2030-10-27T08:00").await, 1, "an hour before");
    assert_eq!(step(&[s], "2030-10-27T08:30").await, 0);
    let mails = delivered(&app, "Erinnerung:", 2).await;
    for mail in &mails {
        assert!(mail.text.contains("27. Oktober 2030"), "{}", mail.text);
        assert!(mail.text.contains("10:00"), "{}", mail.text);
    }
}

/// The access link goes out late while it still makes sense (until the event ends), and
/// not after; a released link is not sent again.
async fn a_late_access_link_goes_out_until_the_end_and_not_after(app: TestApp) {
    let late = published(&app, &berlin_webinar()).await;
    let mut other = berlin_webinar();
    other["title"] = json!("Second webinar");
    let missed = published(&app, &other).await;
    for id in [&late, &missed] {
        let reply = put_schedule(
            &app,
            id,
            &json!({"access_link_hours_before": 48, "reminder_hours_before": []}),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    add_registrant(&app, &late, "ana@example.org", "confirmed", "en").await;
    add_registrant(&app, &missed, "ben@example.org", "confirmed", "en").await;
    let s = &app.app_state;
    // Both start 2030-10-07 11:00 UTC and end 13:30 UTC; released at 11:00 UTC on the 5th.
    // No step ran since before then. Half an hour into the event, the link still helps.
    step(&[s], "2030-10-04T12:00").await;
    assert_eq!(step(&[s], "2030-10-07T11:30").await, 2);
    assert_eq!(
        expect_queued(&app, "event_access_link", 2).await,
        ["ana@example.org", "ben@example.org"]
    );
    assert_eq!(step(&[s], "2030-10-07T12:00").await, 0, "not twice");

    // A third event whose scheduler was down until after its end: no link any more. (The
    // app's own scheduler runs too, on the same stopped clock: it is past the end already.)
    s.clock.set(at("2030-10-07T13:31"));
    let mut third = berlin_webinar();
    third["title"] = json!("Third webinar");
    let after = published(&app, &third).await;
    let reply = put_schedule(&app, &after, &json!({"access_link_hours_before": 48})).await;
    assert_eq!(reply.status, 200);
    add_registrant(&app, &after, "cleo@example.org", "confirmed", "en").await;
    assert_eq!(step(&[s], "2030-10-07T13:31").await, 0, "after the end");
    expect_queued(&app, "event_access_link", 2).await;
}
