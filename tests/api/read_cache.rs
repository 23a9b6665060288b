//! The public reads kept rendered until the next change: revalidation by `ETag` and
//! `Last-Modified` answers 304 without a body, a write drops what was kept, and answers that
//! vary with the language are kept apart.

use serde_json::json;

use crate::helpers::{Reply, TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::registration_flow::{register, registrant};

on_both_backends!(
    the_event_list_is_revalidated_by_etag_and_date_until_an_event_changes,
    event_pages_are_kept_per_language_and_show_a_change_at_once,
);

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.send(request).await
}

fn header<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", reply.headers))
        .to_str()
        .unwrap()
}

async fn the_event_list_is_revalidated_by_etag_and_date_until_an_event_changes(app: TestApp) {
    app.publish_event(&berlin_webinar()).await;
    let first = app.get("/api/v1/events").await;
    assert_eq!(first.status, 200, "{}", first.text);
    let etag = header(&first, "etag").to_owned();
    let modified = header(&first, "last-modified").to_owned();
    assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
    assert_eq!(header(&first, "cache-control"), "no-cache");

    // The same list again is the same body; held by the client, it is not sent again.
    let again = app.get("/api/v1/events").await;
    assert_eq!(
        (again.text.as_str(), header(&again, "etag")),
        (first.text.as_str(), etag.as_str())
    );
    let held = get_with(&app, "/api/v1/events", &[("If-None-Match", &etag)]).await;
    assert_eq!(held.status, 304);
    assert!(held.text.is_empty(), "{}", held.text);
    assert_eq!(header(&held, "etag"), etag);
    let dated = get_with(&app, "/api/v1/events", &[("If-Modified-Since", &modified)]).await;
    assert_eq!(dated.status, 304);
    let other = get_with(&app, "/api/v1/events", &[("If-None-Match", "\"other\"")]).await;
    assert_eq!(other.status, 200);

    // A new event is in the very next answer, under another tag.
    let mut second = berlin_webinar();
    second["title"] = json!("Water utilities in the Caucasus");
    app.publish_event(&second).await;
    let changed = get_with(&app, "/api/v1/events", &[("If-None-Match", &etag)]).await;
    assert_eq!(changed.status, 200);
    assert!(changed.text.contains("Water utilities"), "{}", changed.text);
    assert_ne!(header(&changed, "etag"), etag);

    // A refused write changes nothing and keeps what was kept.
    let new_etag = header(&changed, "etag").to_owned();
    let refused = app
        .admin_post("/api/v1/admin/events", &json!({"title": ""}))
        .await;
    assert_eq!(refused.status, 422);
    let kept = get_with(&app, "/api/v1/events", &[("If-None-Match", &new_etag)]).await;
    assert_eq!(kept.status, 304);
}

async fn event_pages_are_kept_per_language_and_show_a_change_at_once(app: TestApp) {
    let mut event = berlin_webinar();
    event["capacity"] = json!(3);
    let event = app.publish_event(&event).await;
    let page = format!("/events/{}", event["slug"].as_str().unwrap());
    let german = get_with(&app, &page, &[("Accept-Language", "de")]).await;
    let english = get_with(&app, &page, &[("Accept-Language", "en")]).await;
    assert_eq!((german.status, english.status), (200, 200));
    assert!(german.text.contains("lang=\"de\""), "{}", german.text);
    assert!(english.text.contains("lang=\"en\""), "{}", english.text);
    assert_ne!(header(&german, "etag"), header(&english, "etag"));
    let again = get_with(&app, &page, &[("Accept-Language", "de")]).await;
    assert_eq!(again.text, german.text);
    // The security headers of a page come with a kept page too.
    for reply in [&german, &again] {
        assert!(header(reply, "content-security-policy").contains("default-src 'none'"));
    }

    // A registrant and a change by a coordinator are there at once.
    let reply = register(
        &app,
        event["id"].as_str().unwrap(),
        &registrant("ana@example.org"),
    )
    .await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    let id = event["id"].as_str().unwrap();
    let path = format!("/api/v1/admin/events/{id}");
    let changed = app
        .admin_patch(&path, &json!({"summary": "Now with Batumi."}))
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    let after = get_with(&app, &page, &[("Accept-Language", "en")]).await;
    assert_eq!(after.status, 200);
    assert!(after.text.contains("Now with Batumi."), "{}", after.text);
}
