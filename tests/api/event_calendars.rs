use serde_json::json;

use crate::helpers::{TestApp, berlin_webinar, mexico_dialogue};
use crate::on_both_backends;

on_both_backends!(calendar_files_and_feeds_list_public_events_without_access_links);

fn parse(text: &str) -> ical::parser::ical::component::IcalCalendar {
    ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap()
}

fn value<'a>(props: &'a [ical::property::Property], name: &str) -> &'a str {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or("")
}

async fn calendar_files_and_feeds_list_public_events_without_access_links(app: TestApp) {
    let webinar = app.publish_event(&berlin_webinar()).await;
    let mut moved = mexico_dialogue();
    moved["starts_at"] = json!("2031-06-15T10:00");
    moved["ends_at"] = json!("2031-06-15T17:00");
    let cancelled = app.publish_event(&moved).await;
    let cancelled_id = cancelled["id"].as_str().unwrap();
    app.admin_post(
        &format!("/api/v1/admin/events/{cancelled_id}/cancel"),
        &json!({}),
    )
    .await;
    let draft = app.create_event(&berlin_webinar()).await;

    let feed = app.get("/api/v1/events.ics").await;
    assert_eq!(feed.status, 200);
    assert_eq!(feed.headers["content-type"], "text/calendar; charset=utf-8");
    assert!(
        !feed.text.contains("meet.example.org"),
        "the feed leaks the access link"
    );
    let calendar = parse(&feed.text);
    assert_eq!(value(&calendar.properties, "METHOD"), "PUBLISH");
    assert_eq!(calendar.events.len(), 2, "drafts are not in the feed");
    let uids: Vec<&str> = calendar
        .events
        .iter()
        .map(|e| value(&e.properties, "UID"))
        .collect();
    let webinar_uid = format!("{}@events.example.org", webinar["id"].as_str().unwrap());
    assert_eq!(
        uids,
        [
            webinar_uid.as_str(),
            &format!("{cancelled_id}@events.example.org")
        ]
    );
    assert_eq!(value(&calendar.events[1].properties, "STATUS"), "CANCELLED");
    assert_eq!(value(&calendar.events[1].properties, "SEQUENCE"), "1");
    assert!(value(&calendar.events[1].properties, "LOCATION").contains("Ciudad de México"));

    let filtered = parse(
        &app.get("/api/v1/events.ics?topic=data-governance")
            .await
            .text,
    );
    assert_eq!(filtered.events.len(), 1);

    let one = app
        .get(&format!(
            "/api/v1/events/{}/calendar.ics",
            webinar["slug"].as_str().unwrap()
        ))
        .await;
    assert_eq!(one.status, 200);
    let calendar = parse(&one.text);
    let entry = &calendar.events[0].properties;
    assert_eq!(value(entry, "DTSTART"), "20301007T110000Z");
    assert_eq!(value(entry, "DTEND"), "20301007T133000Z");
    assert_eq!(value(entry, "UID"), webinar_uid);
    assert!(!one.text.contains("meet.example.org"));

    let hidden = app
        .get(&format!(
            "/api/v1/events/{}/calendar.ics",
            draft["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(hidden.status, 404);
    let bad = app.get("/api/v1/events.ics?language=xx").await;
    assert_eq!((bad.status, bad.field()), (400, "language"));
}
