//! Scheduling settings: validated with field paths, and the access link in the confirmation
//! exactly when it is already released.

use serde_json::json;

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::registration_flow::{act, register, registrant, token};
use crate::schedule_support::{delivered_to, put_schedule};

on_both_backends!(
    bad_settings_are_refused_with_the_field_and_nothing_is_written,
    a_confirmation_carries_the_access_link_only_once_it_is_released,
);

async fn bad_settings_are_refused_with_the_field_and_nothing_is_written(app: TestApp) {
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/admin/events/{id}/schedule");
    let defaults = app.admin_get(&path).await;
    assert_eq!(defaults.status, 200);
    assert_eq!(
        defaults.body,
        json!({"access_link_hours_before": null, "reminder_hours_before": [24, 1], "follow_up": null})
    );
    for (body, field) in [
        (
            json!({"access_link_hours_before": 0}),
            "access_link_hours_before",
        ),
        (
            json!({"reminder_hours_before": [24, -1]}),
            "reminder_hours_before[1]",
        ),
        (
            json!({"reminder_hours_before": [100000]}),
            "reminder_hours_before[0]",
        ),
        (json!({"follow_up": {"url": "not a url"}}), "follow_up.url"),
        (json!({"follow_up": {"message": " "}}), "follow_up"),
        (
            json!({"follow_up": {"message": "Thanks", "hours_after_end": 10000}}),
            "follow_up.hours_after_end",
        ),
    ] {
        let reply = put_schedule(&app, &id, &body).await;
        assert_eq!(reply.status, 422, "{body}: {}", reply.text);
        assert_eq!(reply.field(), field, "{}", reply.text);
    }
    let reply = put_schedule(&app, &id, &json!({"reminders": [1]})).await;
    assert!(matches!(reply.status, 400 | 422), "{}", reply.text);
    assert_eq!(app.admin_get(&path).await.body, defaults.body);

    let reply = put_schedule(
        &app,
        &id,
        &json!({"access_link_hours_before": 48, "reminder_hours_before": [1, 168, 24, 24]}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["reminder_hours_before"], json!([168, 24, 1]));
}

/// Registers and confirms through the mails; returns the confirmation mail's text.
async fn confirm_through_mail(app: &TestApp, id: &str, email: &str) -> String {
    assert_eq!(register(app, id, &registrant(email)).await.status, 202);
    let opt_in = delivered_to(app, email, "Please confirm").await;
    assert_eq!(
        act(app, "confirm", &token(&opt_in, "confirm")).await.status,
        200
    );
    delivered_to(app, email, "Registration confirmed")
        .await
        .text
}

async fn a_confirmation_carries_the_access_link_only_once_it_is_released(app: TestApp) {
    // Starts in two days of real time: not yet released at 24 hours before.
    let starts = chrono::Utc::now() + chrono::TimeDelta::days(2);
    let mut event = berlin_webinar();
    event["starts_at"] = json!(starts.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    event["ends_at"] = json!(
        (starts + chrono::TimeDelta::hours(2))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    );
    event["timezone"] = json!("UTC");
    let id = app.publish_event(&event).await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    put_schedule(&app, &id, &json!({"access_link_hours_before": 24})).await;
    let text = confirm_through_mail(&app, &id, "early@example.org").await;
    assert!(!text.contains("meet.example.org"), "{text}");

    // Releasing it with the confirmation from now on: the scheduler mails it to those
    // confirmed without it, and the next confirmation carries it.
    put_schedule(&app, &id, &json!({"access_link_hours_before": null})).await;
    let released = delivered_to(&app, "early@example.org", "Your access link").await;
    assert!(
        released
            .text
            .contains("https://meet.example.org/j/83520011")
    );
    let text = confirm_through_mail(&app, &id, "late@example.org").await;
    assert!(
        text.contains("https://meet.example.org/j/83520011"),
        "{text}"
    );
}
