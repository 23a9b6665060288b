use std::collections::HashSet;

use serde_json::{Value, json};

use crate::helpers::{TestApp, berlin_webinar, mexico_dialogue};
use crate::on_both_backends;

on_both_backends!(
    pages_are_stable_complete_and_ordered,
    public_lists_show_what_is_coming_unless_asked_for_the_past,
    lists_filter_by_topic_language_format_series_and_time,
    bad_list_parameters_are_400s_naming_the_parameter,
);

/// Follows `next_cursor` to the end and returns every item.
async fn all_pages(app: &TestApp, first: &str, admin: bool) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut path = first.to_owned();
    loop {
        let reply = if admin {
            app.admin_get(&path).await
        } else {
            app.get(&path).await
        };
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        pages += 1;
        items.extend(reply.body["items"].as_array().unwrap().iter().cloned());
        match reply.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("{first}&cursor={cursor}"),
            None => break,
        }
        assert!(pages < 50, "pagination does not end");
    }
    (items, pages)
}

async fn pages_are_stable_complete_and_ordered(app: TestApp) {
    // 23 events on 5 start times, so that many share a start and the id breaks ties.
    for i in 0..23 {
        let mut event = berlin_webinar();
        event["title"] = json!(format!("Webinar {i}"));
        event["starts_at"] = json!(format!("2030-11-{:02}T10:00", 3 + i % 5));
        event["ends_at"] = json!(format!("2030-11-{:02}T12:00", 3 + i % 5));
        app.publish_event(&event).await;
    }
    let (items, pages) = all_pages(&app, "/api/v1/events?limit=5", false).await;
    assert_eq!((items.len(), pages), (23, 5));
    let ids: HashSet<&str> = items.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 23, "an event appeared twice");
    let keys: Vec<(String, String)> = items
        .iter()
        .map(|e| {
            (
                e["starts_at_utc"].as_str().unwrap().into(),
                e["id"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "not ordered by start, then id");

    // An event added before the cursor's position does not shift later pages.
    let first = app.get("/api/v1/events?limit=5").await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let mut early = berlin_webinar();
    early["starts_at"] = json!("2030-11-01T10:00");
    early["ends_at"] = json!("2030-11-01T11:00");
    app.publish_event(&early).await;
    let second = app
        .get(&format!("/api/v1/events?limit=5&cursor={cursor}"))
        .await;
    assert_eq!(second.body["items"][0], items[5]);

    let (admin_items, _) = all_pages(&app, "/api/v1/admin/events?limit=7", true).await;
    assert_eq!(admin_items.len(), 24);
}

async fn public_lists_show_what_is_coming_unless_asked_for_the_past(app: TestApp) {
    let mut past = berlin_webinar();
    past["starts_at"] = json!("2020-10-07T13:00");
    past["ends_at"] = json!("2020-10-07T15:30");
    let past = app.publish_event(&past).await;
    let future = app.publish_event(&berlin_webinar()).await;

    let upcoming = app.get("/api/v1/events").await;
    let ids: Vec<&Value> = upcoming.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["id"])
        .collect();
    assert_eq!(ids, vec![&future["id"]]);

    let archive = app.get("/api/v1/events?from=2020-01-01").await;
    let ids: Vec<&Value> = archive.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["id"])
        .collect();
    assert_eq!(ids, vec![&past["id"], &future["id"]]);
    assert_eq!(archive.body["items"][0]["registration"]["state"], "closed");
}

async fn lists_filter_by_topic_language_format_series_and_time(app: TestApp) {
    let webinar = app.publish_event(&berlin_webinar()).await;
    let mut mexico = mexico_dialogue();
    mexico["starts_at"] = json!("2031-06-15T10:00");
    mexico["ends_at"] = json!("2031-06-15T17:00");
    let dialogue = app.publish_event(&mexico).await;
    app.create_event(&berlin_webinar()).await; // a draft never matches

    let ids_of = |reply: &crate::helpers::Reply| -> Vec<Value> {
        reply.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].clone())
            .collect()
    };
    for (query, expected) in [
        ("topic=e-governance", vec![&webinar]),
        ("topic=E-Governance", vec![&webinar]),
        ("topic=data-governance", vec![&dialogue]),
        ("topic=unused", vec![]),
        ("language=de", vec![&webinar, &dialogue]),
        ("language=ES", vec![&dialogue]),
        ("format=hybrid", vec![&dialogue]),
        ("format=online", vec![&webinar]),
        (
            "series=Municipal%20Response%20to%20COVID-19",
            vec![&webinar],
        ),
        ("from=2031-01-01", vec![&dialogue]),
        ("to=2031-01-01T00:00:00Z", vec![&webinar]),
        (
            "language=de&format=online&topic=urban-development",
            vec![&webinar],
        ),
    ] {
        let reply = app.get(&format!("/api/v1/events?{query}")).await;
        assert_eq!(reply.status, 200, "{query}: {}", reply.text);
        let expected: Vec<Value> = expected.iter().map(|e| e["id"].clone()).collect();
        assert_eq!(ids_of(&reply), expected, "{query}");
    }
    let drafts = app.admin_get("/api/v1/admin/events?status=draft").await;
    assert_eq!(drafts.body["items"].as_array().unwrap().len(), 1);
}

async fn bad_list_parameters_are_400s_naming_the_parameter(app: TestApp) {
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("cursor=bogus", "cursor"),
        ("from=yesterday", "from"),
        ("to=2026-13-01", "to"),
        ("language=xx", "language"),
        ("format=webinar", "format"),
        ("topic=a%20b", "topic"),
    ] {
        let reply = app.get(&format!("/api/v1/events?{query}")).await;
        assert_eq!(
            (reply.status, reply.field()),
            (400, field),
            "{query}: {}",
            reply.text
        );
    }
    let reply = app.admin_get("/api/v1/admin/events?status=archived").await;
    assert_eq!((reply.status, reply.field()), (400, "status"));
}
