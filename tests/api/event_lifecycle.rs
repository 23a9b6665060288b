use serde_json::json;

use crate::helpers::{TestApp, berlin_webinar, mexico_dialogue};
use crate::on_both_backends;

on_both_backends!(
    a_published_event_round_trips_to_the_public_api,
    private_fields_never_reach_public_responses,
    drafts_are_private_and_cancelled_events_are_not_open,
    slugs_are_generated_transliterated_and_unique,
    a_patch_merges_validates_and_bumps_the_calendar_sequence,
    an_invalid_patch_changes_nothing,
    only_drafts_can_be_deleted_and_transitions_are_checked,
    ids_are_validated_and_unknown_events_are_404,
);

async fn a_published_event_round_trips_to_the_public_api(app: TestApp) {
    let created = app.create_event(&berlin_webinar()).await;
    assert_eq!(created["status"], "draft");
    assert_eq!(created["online_url"], "https://meet.example.org/j/83520011");
    let id = created["id"].as_str().unwrap();
    assert!(uuid::Uuid::try_parse(id).is_ok());

    let published = app
        .admin_post(&format!("/api/v1/admin/events/{id}/publish"), &json!({}))
        .await;
    assert_eq!(published.status, 200);
    assert_eq!(published.body["status"], "published");
    assert!(published.body["published_at"].is_string());

    let list = app.get("/api/v1/events").await;
    assert_eq!(list.status, 200);
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id);

    for key in [id, created["slug"].as_str().unwrap()] {
        let detail = app.get(&format!("/api/v1/events/{key}")).await;
        assert_eq!(detail.status, 200, "{key}: {}", detail.text);
        let event = &detail.body;
        assert_eq!(event["title"], berlin_webinar()["title"]);
        assert_eq!(event["starts_at"], "2030-10-07T13:00:00+02:00");
        assert_eq!(event["starts_at_utc"], "2030-10-07T11:00:00Z");
        assert_eq!(event["ends_at"], "2030-10-07T15:30:00+02:00");
        assert_eq!(event["timezone"], "Europe/Berlin");
        assert_eq!(event["languages"], json!(["en", "de"]));
        assert_eq!(
            event["topics"],
            json!(["e-governance", "urban-development"])
        );
        assert_eq!(event["format"], "online");
        assert_eq!(event["capacity"], 60);
        assert_eq!(
            event["contacts"][0]["audience"],
            "International participants"
        );
        assert_eq!(event["registration"]["state"], "open");
        assert_eq!(event["registration"]["seats_left"], 60);
    }
}

async fn private_fields_never_reach_public_responses(app: TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    let secret_link = "meet.example.org/j/83520011";
    for path in [
        "/api/v1/events".to_owned(),
        "/api/v1/events?from=2000-01-01".to_owned(),
        format!("/api/v1/events/{id}"),
    ] {
        let reply = app.get(&path).await;
        assert_eq!(reply.status, 200);
        assert!(
            !reply.text.contains(secret_link),
            "{path} leaks the access link"
        );
        assert!(
            !reply.text.contains("online_url"),
            "{path} names the private field"
        );
        assert!(
            !reply.text.contains("sequence"),
            "{path} shows admin fields"
        );
    }
    let admin = app.admin_get(&format!("/api/v1/admin/events/{id}")).await;
    assert!(admin.text.contains(secret_link));
}

async fn drafts_are_private_and_cancelled_events_are_not_open(app: TestApp) {
    let draft = app.create_event(&berlin_webinar()).await;
    let draft_id = draft["id"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/api/v1/events/{draft_id}")).await.status,
        404
    );
    let slug = draft["slug"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/v1/events/{slug}")).await.status, 404);

    let mut other = mexico_dialogue();
    other["starts_at"] = json!("2031-06-15T10:00");
    other["ends_at"] = json!("2031-06-15T17:00");
    let published = app.publish_event(&other).await;
    let id = published["id"].as_str().unwrap();
    let cancelled = app
        .admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(
        cancelled.body["sequence"], 1,
        "a cancellation is a calendar change"
    );

    let list = app.get("/api/v1/events").await;
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "the draft is not listed");
    assert_eq!(items[0]["status"], "cancelled");
    assert_eq!(items[0]["registration"]["state"], "closed");
    let detail = app.get(&format!("/api/v1/events/{id}")).await;
    assert_eq!(detail.body["registration"]["state"], "closed");
}

async fn slugs_are_generated_transliterated_and_unique(app: TestApp) {
    let mut event = berlin_webinar();
    event["title"] = json!("Diálogo Städte & Señales");
    let first = app.create_event(&event).await;
    let second = app.create_event(&event).await;
    assert_eq!(first["slug"], "dialogo-stadte-senales");
    assert_eq!(second["slug"], "dialogo-stadte-senales-2");

    event["slug"] = json!("dialogo-stadte-senales");
    let taken = app.admin_post("/api/v1/admin/events", &event).await;
    assert_eq!(
        (taken.status, taken.code(), taken.field()),
        (409, "slug_taken", "slug")
    );
    assert_eq!(app.event_count().await, 2);

    event["slug"] = json!("Not A Slug");
    let bad = app.admin_post("/api/v1/admin/events", &event).await;
    assert_eq!((bad.status, bad.field()), (422, "slug"));
}

async fn a_patch_merges_validates_and_bumps_the_calendar_sequence(app: TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    let path = format!("/api/v1/admin/events/{id}");

    let retitled = app
        .admin_patch(&path, &json!({"summary": null, "title": "New title"}))
        .await;
    assert_eq!(retitled.status, 200, "{}", retitled.text);
    assert_eq!(retitled.body["title"], "New title");
    assert_eq!(retitled.body["summary"], json!(null));
    assert_eq!(
        retitled.body["slug"], event["slug"],
        "the slug stays stable"
    );
    assert_eq!(retitled.body["starts_at"], "2030-10-07T13:00:00+02:00");
    assert_eq!(retitled.body["sequence"], 0, "no change of time or place");

    let moved = app
        .admin_patch(
            &path,
            &json!({"starts_at": "2030-10-08T13:00", "ends_at": "2030-10-08T15:00"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.body["starts_at_utc"], "2030-10-08T11:00:00Z");
    assert_eq!(moved.body["sequence"], 1);

    // Changing only the zone keeps the wall-clock times and moves the instant.
    let rezoned = app
        .admin_patch(&path, &json!({"timezone": "Asia/Tbilisi"}))
        .await;
    assert_eq!(rezoned.status, 200, "{}", rezoned.text);
    assert_eq!(rezoned.body["starts_at"], "2030-10-08T13:00:00+04:00");
    assert_eq!(rezoned.body["sequence"], 2);

    let venue = app
        .admin_patch(
            &path,
            &json!({"format": "hybrid", "venue": {"name": "Rathaus", "city": "Bonn", "country": "de"}}),
        )
        .await;
    assert_eq!(venue.status, 200, "{}", venue.text);
    assert_eq!(venue.body["venue"]["country"], "DE");
    let city_only = app
        .admin_patch(&path, &json!({"venue": {"city": "Köln"}}))
        .await;
    assert_eq!(
        city_only.body["venue"]["name"], "Rathaus",
        "nested objects merge"
    );
    assert_eq!(city_only.body["venue"]["city"], "Köln");

    let public = app.get(&format!("/api/v1/events/{id}")).await;
    assert_eq!(public.body["title"], "New title");
}

async fn an_invalid_patch_changes_nothing(app: TestApp) {
    let event = app.create_event(&berlin_webinar()).await;
    let path = format!("/api/v1/admin/events/{}", event["id"].as_str().unwrap());
    for (patch, status, field) in [
        (json!({"ends_at": "2030-10-07T12:00"}), 422, "ends_at"),
        (json!({"title": null}), 422, "title"),
        (json!({"timezone": "Mars/Olympus"}), 422, "timezone"),
        (json!({"format": "in_person"}), 422, "venue"),
        (json!({"status": "published"}), 422, "status"),
        (json!({"capacity": "many"}), 422, "capacity"),
        (json!(["not", "an", "object"]), 422, ""),
    ] {
        let reply = app.admin_patch(&path, &patch).await;
        assert_eq!(
            (reply.status, reply.field()),
            (status, field),
            "{patch}: {}",
            reply.text
        );
    }
    let after = app.admin_get(&path).await;
    let mut expected = event.clone();
    let mut actual = after.body.clone();
    expected.as_object_mut().unwrap().remove("updated_at");
    actual.as_object_mut().unwrap().remove("updated_at");
    assert_eq!(actual, expected);
    assert_eq!(after.body["updated_at"], event["updated_at"]);
}

async fn only_drafts_can_be_deleted_and_transitions_are_checked(app: TestApp) {
    let draft = app.create_event(&berlin_webinar()).await;
    let id = draft["id"].as_str().unwrap();
    let cancel_draft = app
        .admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(
        (cancel_draft.status, cancel_draft.code()),
        (409, "invalid_status_transition")
    );
    assert_eq!(
        app.admin_delete(&format!("/api/v1/admin/events/{id}"))
            .await
            .status,
        204
    );
    assert_eq!(
        app.admin_get(&format!("/api/v1/admin/events/{id}"))
            .await
            .status,
        404
    );

    let published = app.publish_event(&berlin_webinar()).await;
    let id = published["id"].as_str().unwrap();
    let delete = app
        .admin_delete(&format!("/api/v1/admin/events/{id}"))
        .await;
    assert_eq!((delete.status, delete.code()), (409, "not_a_draft"));
    let again = app
        .admin_post(&format!("/api/v1/admin/events/{id}/publish"), &json!({}))
        .await;
    assert_eq!(again.status, 409);
    app.admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    let patch = app
        .admin_patch(
            &format!("/api/v1/admin/events/{id}"),
            &json!({"title": "Revived"}),
        )
        .await;
    assert_eq!((patch.status, patch.code()), (409, "event_cancelled"));
    let republish = app
        .admin_post(&format!("/api/v1/admin/events/{id}/publish"), &json!({}))
        .await;
    assert_eq!(republish.status, 409);
    assert_eq!(app.event_count().await, 1);
}

async fn ids_are_validated_and_unknown_events_are_404(app: TestApp) {
    let bad = app.admin_get("/api/v1/admin/events/not-a-uuid").await;
    assert_eq!(
        (bad.status, bad.code(), bad.field()),
        (400, "invalid_id", "id")
    );
    let unknown = uuid::Uuid::now_v7();
    let reply = app
        .admin_get(&format!("/api/v1/admin/events/{unknown}"))
        .await;
    assert_eq!((reply.status, reply.code()), (404, "not_found"));
    let reply = app
        .admin_post(
            &format!("/api/v1/admin/events/{unknown}/publish"),
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        app.get(&format!("/api/v1/events/{unknown}")).await.status,
        404
    );
    assert_eq!(app.get("/api/v1/events/no-such-slug").await.status, 404);
}
