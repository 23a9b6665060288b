use serde_json::{Value, json};

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;

on_both_backends!(
    each_invalid_field_gets_a_422_naming_it_and_nothing_is_written,
    malformed_oversized_and_mistyped_bodies_are_refused,
);

fn with(changes: Value) -> Value {
    let mut event = berlin_webinar();
    json_patch::merge(&mut event, &changes);
    event
}

async fn each_invalid_field_gets_a_422_naming_it_and_nothing_is_written(app: TestApp) {
    let cases = [
        (json!({"title": null}), "title", "required"),
        (json!({"title": "   "}), "title", "required"),
        (
            json!({"timezone": "Europe/Atlantis"}),
            "timezone",
            "invalid_timezone",
        ),
        (json!({"timezone": null}), "timezone", "required"),
        (
            json!({"starts_at": "tomorrow"}),
            "starts_at",
            "invalid_datetime",
        ),
        (
            json!({"ends_at": "2030-10-07T13:00"}),
            "ends_at",
            "ends_before_start",
        ),
        (json!({"languages": []}), "languages", "required"),
        (
            json!({"languages": ["en", "xx"]}),
            "languages[1]",
            "invalid_language",
        ),
        (json!({"format": "webinar"}), "format", "invalid_format"),
        (json!({"format": "in_person"}), "venue", "venue_required"),
        (
            json!({"format": "hybrid", "venue": {"name": "Rathaus", "country": "XX"}}),
            "venue.country",
            "invalid_country",
        ),
        (
            json!({"online_url": "javascript:alert(1)"}),
            "online_url",
            "invalid_url",
        ),
        (
            json!({"contacts": [{"name": "A", "email": "a@example.org"}, {"name": "B", "email": "b@"}]}),
            "contacts[1].email",
            "invalid_email",
        ),
        (
            json!({"contacts": [{"email": "a@example.org"}]}),
            "contacts[0].name",
            "required",
        ),
        (
            json!({"topics": ["ok", "not ok"]}),
            "topics[1]",
            "invalid_topic",
        ),
        (json!({"capacity": 0}), "capacity", "invalid_capacity"),
        (json!({"capacity": -5}), "capacity", "invalid_capacity"),
        (
            json!({"registration_opens_at": "2030-10-01T10:00", "registration_closes_at": "2030-09-01T10:00"}),
            "registration_closes_at",
            "closes_before_opens",
        ),
        (
            json!({"slug": "0190f0b8-7c1e-7000-8000-000000000000"}),
            "slug",
            "invalid_slug",
        ),
        (json!({"title": "x".repeat(301)}), "title", "too_long"),
        (
            json!({"organiser": "someone"}),
            "organiser",
            "unknown_field",
        ),
        (
            json!({"venue": {"name": "Rathaus", "floor": 3}}),
            "venue.floor",
            "unknown_field",
        ),
        (json!({"capacity": "sixty"}), "capacity", "invalid_type"),
        (json!({"languages": "en"}), "languages", "invalid_type"),
    ];
    for (changes, field, code) in cases {
        let reply = app
            .admin_post("/api/v1/admin/events", &with(changes.clone()))
            .await;
        assert_eq!(reply.status, 422, "{changes}: {}", reply.text);
        assert_eq!((reply.field(), reply.code()), (field, code), "{changes}");
        assert!(!reply.body["error"]["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(app.event_count().await, 0, "an invalid event was stored");
}

async fn malformed_oversized_and_mistyped_bodies_are_refused(app: TestApp) {
    let post = |body: reqwest::Body, content_type: &str| {
        app.client
            .post(app.url("/api/v1/admin/events"))
            .bearer_auth(&app.admin_token)
            .header("content-type", content_type)
            .body(body)
    };
    let reply = app
        .send(post("{\"title\": ".into(), "application/json"))
        .await;
    assert_eq!((reply.status, reply.code()), (400, "malformed_json"));
    let reply = app
        .send(post("{} trailing".into(), "application/json"))
        .await;
    assert_eq!((reply.status, reply.code()), (400, "malformed_json"));

    let mut huge = berlin_webinar();
    huge["description"] = json!("x".repeat(300 * 1024));
    let reply = app
        .send(post(huge.to_string().into(), "application/json"))
        .await;
    assert_eq!((reply.status, reply.code()), (413, "payload_too_large"));

    // Without a Content-Length (chunked), the limit still holds.
    let chunks = futures_util::stream::iter(
        (0..40).map(|_| Ok::<_, std::io::Error>("x".repeat(8 * 1024).into_bytes())),
    );
    let reply = app
        .send(post(reqwest::Body::wrap_stream(chunks), "application/json"))
        .await;
    assert_eq!(reply.status, 413);

    let reply = app
        .send(post(berlin_webinar().to_string().into(), "text/plain"))
        .await;
    assert_eq!(
        (reply.status, reply.code()),
        (415, "unsupported_media_type")
    );
    assert_eq!(app.event_count().await, 0);
}

on_both_backends!(arrays_where_objects_belong_and_blank_languages_are_refused);

/// serde would fill a struct's fields from an array by position; the API takes objects only,
/// and a language must be one, not blank. Each is refused with 422 at its field and changes
/// nothing.
async fn arrays_where_objects_belong_and_blank_languages_are_refused(app: TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    let created = app.event_count().await;
    let mut with_venue = berlin_webinar();
    with_venue["venue"] = json!(["Rathaus", "Berlin"]);
    let mut with_contacts = berlin_webinar();
    with_contacts["contacts"] = json!([[null, null, null]]);
    let refused = [
        ("/api/v1/admin/events".to_owned(), with_venue, "venue"),
        ("/api/v1/admin/events".to_owned(), with_contacts, "contacts"),
        (
            format!("/api/v1/admin/events/{id}/invitations"),
            json!({"invitees": [], "subscribers": [null, null]}),
            "subscribers",
        ),
        (
            format!("/api/v1/admin/events/{id}/invitations"),
            json!({"invitees": [["Kutaisi", "mayor@kutaisi.example.org"]]}),
            "invitees",
        ),
        (
            "/api/v1/admin/newsletter/issues".to_owned(),
            json!({"subject": {"de": "Neues"}, "body": {"de": "Hallo"}, "fallback_language": ""}),
            "fallback_language",
        ),
    ];
    for (path, body, field) in refused {
        let reply = app.admin_post(&path, &body).await;
        assert_eq!(reply.status, 422, "{path} {body}: {}", reply.text);
        assert!(reply.field().starts_with(field), "{}", reply.text);
    }
    let agenda = json!({"published": false, "items": [["13:00", "13:30", "Welcome"]]});
    let reply = app
        .admin_put(&format!("/api/v1/admin/events/{id}/agenda"), &agenda)
        .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert!(reply.field().starts_with("items"), "{}", reply.text);

    assert_eq!(app.event_count().await, created);
    let batches = app
        .admin_get(&format!("/api/v1/admin/events/{id}/invitations"))
        .await;
    assert_eq!(batches.body["items"], json!([]), "{}", batches.text);
    let issues = app.admin_get("/api/v1/admin/newsletter/issues").await;
    assert_eq!(issues.body["items"], json!([]), "{}", issues.text);
}
