//! Retention by policy, with the scheduler's clock moved on: a year after an event its
//! registrants are anonymised, the figures of the event stay, and nothing else is touched.

use chrono::{NaiveDate, TimeDelta};
use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp, berlin_webinar};
use crate::mails::WAIT;
use crate::registration_flow::{act, app_with_sink, register, registrant, token};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    a_year_after_an_event_its_registrants_are_anonymised_and_its_figures_kept,
    unconfirmed_registrations_mails_and_tokens_go_after_their_own_periods_only,
);

/// Registers `email` from `organisation_type` in `country` and confirms through the mail.
async fn register_and_confirm(
    app: &TestApp,
    sink: &SmtpSink,
    event: &str,
    (email, organisation_type, country): (&str, &str, &str),
) {
    let mut body = registrant(email);
    body["organisation_type"] = json!(organisation_type);
    body["country"] = json!(country);
    assert_eq!(register(app, event, &body).await.status, 202);
    let opt_in = app
        .quiet_mails(sink)
        .await
        .into_iter()
        .rfind(|m| m.to == email)
        .expect("an opt-in mail");
    assert_eq!(
        act(app, "confirm", &token(&opt_in, "confirm")).await.status,
        200
    );
}

/// The event's registrations as the coordinators' list shows them, and its counts.
async fn registrations(app: &TestApp, event: &str) -> (Vec<Value>, Value) {
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{event}/registrations"))
        .await;
    assert_eq!(list.status, 200, "{}", list.text);
    let mut items = list.body["items"].as_array().unwrap().clone();
    items.sort_by_key(|r| r["id"].as_str().unwrap().to_owned());
    (items, list.body["counts"].clone())
}

/// What reports are made of: each registration's status, organisation type and country.
fn figures(items: &[Value]) -> Vec<(Value, Value, Value)> {
    items
        .iter()
        .map(|r| {
            (
                r["status"].clone(),
                r["organisation_type"].clone(),
                r["country"].clone(),
            )
        })
        .collect()
}

async fn a_year_after_an_event_its_registrants_are_anonymised_and_its_figures_kept(
    backend: Backend,
) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let past = app.publish_event(&berlin_webinar()).await;
    let past = past["id"].as_str().unwrap().to_owned();
    let mut later = berlin_webinar();
    later["title"] = json!("Digital municipalities: the follow-up");
    later["starts_at"] = json!("2032-10-07T13:00");
    later["ends_at"] = json!("2032-10-07T15:30");
    let later = app.publish_event(&later).await;
    let later = later["id"].as_str().unwrap().to_owned();
    for registrant in [
        ("ana@example.org", "municipality", "GE"),
        ("ben@example.org", "ngo", "DE"),
        ("chi@example.org", "municipality", "AM"),
    ] {
        register_and_confirm(&app, &sink, &past, registrant).await;
    }
    register_and_confirm(&app, &sink, &later, ("dan@example.org", "ngo", "DE")).await;
    let (before, counts) = registrations(&app, &past).await;
    let (later_before, _) = registrations(&app, &later).await;

    // A year and a day after the event ended (15:30 in Berlin, 13:30 UTC).
    let ended = NaiveDate::from_ymd_opt(2030, 10, 7)
        .unwrap()
        .and_hms_opt(13, 30, 0)
        .unwrap();
    let then = ended + TimeDelta::days(366);
    // A dry run counts and changes nothing.
    let dry = retain(&app, then, true).await;
    assert_eq!(count(&dry, "registrants"), 3, "{dry:?}");
    assert_eq!(registrations(&app, &past).await.0, before);

    // The scheduler's daily step, on the moved clock.
    app.app_state.clock.set(then);
    app.app_state.schedule_changed.notify_one();
    let started = std::time::Instant::now();
    let after = loop {
        let (items, _) = registrations(&app, &past).await;
        if items.iter().all(|r| r["name"] == "(erased)") {
            break items;
        }
        assert!(started.elapsed() < WAIT, "not anonymised: {items:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    for registration in &after {
        assert_eq!(registration["email"], "(erased)");
        assert_eq!(registration["organisation"], "(erased)");
    }
    let (_, counts_after) = registrations(&app, &past).await;
    assert_eq!(counts_after, counts, "the event's counts changed");
    assert_eq!(figures(&after), figures(&before));
    // The later event's registrant is untouched.
    assert_eq!(registrations(&app, &later).await.0, later_before);
}

/// Runs every rule as of `now` on the app's database (or counts, in a `dry_run`); the count
/// of each kind.
async fn retain(
    app: &TestApp,
    now: chrono::NaiveDateTime,
    dry_run: bool,
) -> Vec<(&'static str, usize)> {
    let (pool, policy) = (
        app.app_state.pool.clone(),
        app.app_state.settings.retention.clone(),
    );
    tokio::task::spawn_blocking(move || {
        dialogo::retention::run(&mut pool.get().unwrap(), &policy, now, dry_run).unwrap()
    })
    .await
    .unwrap()
    .into_iter()
    .map(|swept| (swept.data, swept.count))
    .collect()
}

fn count(report: &[(&str, usize)], data: &str) -> usize {
    report.iter().find(|(d, _)| *d == data).unwrap().1
}

async fn unconfirmed_registrations_mails_and_tokens_go_after_their_own_periods_only(
    backend: Backend,
) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let event = event["id"].as_str().unwrap().to_owned();
    register_and_confirm(&app, &sink, &event, ("dan@example.org", "ngo", "DE")).await;
    assert_eq!(
        register(&app, &event, &registrant("eve@example.org"))
            .await
            .status,
        202
    );
    let sent = app.quiet_mails(&sink).await.len();
    assert_eq!(sent, 3, "two opt-ins and a confirmation");
    let (before, counts) = registrations(&app, &event).await;
    let now = dialogo::db::now();

    // Within every period nothing goes.
    let early = retain(&app, now + TimeDelta::hours(47), false).await;
    assert!(early.iter().all(|(_, n)| *n == 0), "{early:?}");
    assert_eq!(registrations(&app, &event).await.0, before);

    // Eve never confirmed: anonymised once her 48 hours are over; Dan is not touched.
    let report = retain(&app, now + TimeDelta::hours(49), false).await;
    assert_eq!(count(&report, "unconfirmed_registrations"), 1, "{report:?}");
    assert_eq!(
        report.iter().map(|(_, n)| n).sum::<usize>(),
        1,
        "{report:?}"
    );
    let (after, counts_after) = registrations(&app, &event).await;
    for (old, new) in before.iter().zip(&after) {
        if old["email"] == "eve@example.org" {
            assert_eq!(new["name"], "(erased)");
            assert_eq!(
                figures(std::slice::from_ref(new)),
                figures(std::slice::from_ref(old))
            );
        } else {
            assert_eq!(new, old);
        }
    }
    assert_eq!(counts_after, counts);

    // Ninety-one days on, the mails lose their recipients and old tokens go.
    let report = retain(&app, now + TimeDelta::days(91), false).await;
    assert_eq!(count(&report, "mails"), sent, "{report:?}");
    assert!(count(&report, "link_tokens") >= 1, "{report:?}");
    assert_eq!(count(&report, "registrants"), 0, "the event has not ended");
    let outbox = app.admin_get("/api/v1/admin/outbox").await;
    let items = outbox.body["items"].as_array().unwrap();
    assert_eq!(items.len(), sent, "the rows stay");
    assert!(
        items.iter().all(|m| m["recipient"] == "(erased)"),
        "{items:?}"
    );
    assert_eq!(registrations(&app, &event).await.1, counts);
    // And a second run finds nothing more.
    let again = retain(&app, now + TimeDelta::days(91), false).await;
    assert!(again.iter().all(|(_, n)| *n == 0), "{again:?}");
}
