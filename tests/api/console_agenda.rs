//! The console's agenda editor and the settings of the mails around an event (access link,
//! reminders, follow-up): three items with speakers saved and published (kept in the
//! order of their start), an item removed, refusals beside each item's fields with nothing
//! written, and no editor for a viewer.

use scraper::Html;

use crate::console_support::{Browser, PASSWORD, account_with_password, location};
use crate::form_support::token_fields;
use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::public_pages::select;

on_both_backends!(
    a_coordinator_writes_publishes_and_trims_an_agenda,
    a_coordinator_sets_the_mails_around_an_event,
);

async fn a_coordinator_writes_publishes_and_trims_an_agenda(app: TestApp) {
    let id = app.create_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    account_with_password(&app, "viewer@example.org", "viewer").await;
    let viewer = Browser::new(&app);
    viewer.sign_in("viewer@example.org", PASSWORD).await;
    let path = format!("/console/events/{id}/agenda");
    assert_eq!(viewer.get(&path).await.status, 403);

    account_with_password(&app, "coordinator@example.org", "coordinator").await;
    let browser = Browser::new(&app);
    browser.sign_in("coordinator@example.org", PASSWORD).await;
    let form = browser.get(&path).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("id=\"item-0-title\""));
    let token = token_fields(&form.text).remove(0);

    let agenda = [
        ("item_rows", "3"),
        ("published", "true"),
        ("item-0-starts_at", "2030-10-07T14:30"),
        ("item-0-ends_at", "2030-10-07T15:30"),
        ("item-0-title", "Discussion"),
        ("item-0-kind", "discussion"),
        ("item-0-speaker_rows", "1"),
        ("item-1-starts_at", "2030-10-07T13:00"),
        ("item-1-ends_at", "2030-10-07T13:30"),
        ("item-1-title", "Opening"),
        ("item-1-kind", "talk"),
        ("item-1-speaker_rows", "2"),
        ("item-1-speaker-0-name", "Nino Beridze"),
        ("item-1-speaker-0-affiliation", "City of Kutaisi"),
        ("item-1-speaker-1-name", "Luis Pérez"),
        ("item-1-speaker-1-role", "Moderator"),
        ("item-2-starts_at", "2030-10-07T13:30"),
        ("item-2-ends_at", "2030-10-07T14:30"),
        ("item-2-title", "Panel of mayors"),
        ("item-2-kind", "panel"),
        ("item-2-speaker_rows", "1"),
    ];
    let saved = browser.post(&path, &token, &agenda).await;
    assert_eq!(
        location(&saved),
        format!("{path}?done=saved"),
        "{}",
        saved.text
    );
    let stored = app
        .admin_get(&format!("/api/v1/admin/events/{id}/agenda"))
        .await
        .body;
    assert_eq!(stored["published"], true);
    let titles: Vec<&str> = stored["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Opening", "Panel of mayors", "Discussion"],
        "by start"
    );
    assert_eq!(stored["items"][0]["speakers"][1]["role"], "Moderator");

    let mut bad = agenda.to_vec();
    bad.retain(|(n, _)| !["item-0-starts_at", "item-1-ends_at"].contains(n));
    bad.push(("item-0-starts_at", "2030-10-07T09:00"));
    bad.push(("item-1-ends_at", "2030-10-07T12:59"));
    let refused = browser.post(&path, &token, &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    let page = Html::parse_document(&refused.text);
    for id in ["item-0-starts_at", "item-1-ends_at"] {
        assert_eq!(select(&page, &format!("#{id}-error")).len(), 1, "{id}");
    }
    let unchanged = app
        .admin_get(&format!("/api/v1/admin/events/{id}/agenda"))
        .await
        .body;
    assert_eq!(unchanged, stored, "nothing written");

    let mut trimmed = agenda.to_vec();
    trimmed.push(("item-0-remove", "true"));
    let saved = browser.post(&path, &token, &trimmed).await;
    assert_eq!(saved.status, 303);
    let stored = app
        .admin_get(&format!("/api/v1/admin/events/{id}/agenda"))
        .await
        .body;
    assert_eq!(stored["items"].as_array().unwrap().len(), 2);
}

async fn a_coordinator_sets_the_mails_around_an_event(app: TestApp) {
    let id = app.create_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    account_with_password(&app, "coordinator@example.org", "coordinator").await;
    let browser = Browser::new(&app);
    browser.sign_in("coordinator@example.org", PASSWORD).await;
    let path = format!("/console/events/{id}/schedule");
    let form = browser.get(&path).await;
    assert_eq!(form.status, 200, "{}", form.text);
    let token = token_fields(&form.text).remove(0);
    let settings = [
        ("access_link_hours_before", "48"),
        ("reminder_hours_before", "1, 24"),
        ("follow_up-message", "Thank you for coming."),
        ("follow_up-url", "https://example.org/slides"),
        ("follow_up-hours_after_end", "12"),
    ];
    let saved = browser.post(&path, &token, &settings).await;
    assert_eq!(
        location(&saved),
        format!("{path}?done=saved"),
        "{}",
        saved.text
    );
    let stored = app
        .admin_get(&format!("/api/v1/admin/events/{id}/schedule"))
        .await
        .body;
    assert_eq!(stored["access_link_hours_before"], 48);
    assert_eq!(stored["reminder_hours_before"], serde_json::json!([24, 1]));
    assert_eq!(stored["follow_up"]["hours_after_end"], 12);

    let mut bad = settings.to_vec();
    bad[1] = ("reminder_hours_before", "24, soon");
    let refused = browser.post(&path, &token, &bad).await;
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("id=\"reminder_hours_before-error\""));
    bad[1] = ("reminder_hours_before", "24");
    bad[2] = ("follow_up-message", "");
    bad[3] = ("follow_up-url", "slides");
    let refused = browser.post(&path, &token, &bad).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.text.contains("id=\"follow_up-url-error\""),
        "{}",
        refused.text
    );
    let unchanged = app
        .admin_get(&format!("/api/v1/admin/events/{id}/schedule"))
        .await
        .body;
    assert_eq!(unchanged, stored, "nothing written");
}
