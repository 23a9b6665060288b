//! Agendas: validated against the event, sorted, shown publicly once published, and mailed to
//! confirmed registrants once per quiet period.

use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::schedule_support::{add_registrant, delivered, expect_queued, queued, step};

on_both_backends!(
    bad_agendas_are_refused_with_the_field_and_nothing_is_written,
    a_published_agenda_is_sorted_local_and_public,
    agenda_edits_within_the_quiet_period_make_one_mail,
);

async fn put_agenda(app: &TestApp, id: &str, body: &Value) -> Reply {
    app.admin_put(&format!("/api/v1/admin/events/{id}/agenda"), body)
        .await
}

fn item(starts: &str, ends: &str, title: &str, kind: &str) -> Value {
    json!({
        "starts_at": starts, "ends_at": ends, "title": title, "kind": kind,
        "speakers": [{"name": "Nino Beridze", "affiliation": "City of Tbilisi", "role": "Moderator"}]
    })
}

async fn bad_agendas_are_refused_with_the_field_and_nothing_is_written(app: TestApp) {
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let good = item("2030-10-07T13:00", "2030-10-07T13:30", "Opening", "talk");
    for (items, field, code) in [
        (
            json!([
                good,
                item("2030-10-07T12:00", "2030-10-07T13:30", "Early", "talk")
            ]),
            "items[1].starts_at",
            "outside_event",
        ),
        (
            json!([item(
                "2030-10-07T14:00",
                "2030-10-07T13:30",
                "Backwards",
                "talk"
            )]),
            "items[0].ends_at",
            "ends_before_start",
        ),
        (
            json!([item(
                "2030-10-07T13:00",
                "2030-10-07T13:30",
                "Opening",
                "keynote"
            )]),
            "items[0].kind",
            "invalid_kind",
        ),
        (
            json!([item("2030-10-07T13:00", "2030-10-07T13:30", " ", "talk")]),
            "items[0].title",
            "required",
        ),
        (
            json!([{"starts_at": "2030-10-07T13:00", "ends_at": "2030-10-07T13:30", "title": "x",
                    "kind": "talk", "speakers": [{"name": ""}]}]),
            "items[0].speakers[0].name",
            "required",
        ),
        (
            json!([item(
                "2030-10-07T25:00",
                "2030-10-07T13:30",
                "Opening",
                "talk"
            )]),
            "items[0].starts_at",
            "invalid_datetime",
        ),
    ] {
        let reply = put_agenda(&app, &id, &json!({"published": true, "items": items})).await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        assert_eq!(
            (reply.field(), reply.code()),
            (field, code),
            "{}",
            reply.text
        );
    }
    let reply = put_agenda(&app, &id, &json!({"published": true, "item": []})).await;
    assert!(matches!(reply.status, 400 | 422), "{}", reply.text);
    assert!(reply.body["error"]["code"].is_string());
    let reply = put_agenda(&app, "not-a-uuid", &json!({"items": []})).await;
    assert_eq!(reply.status, 400);

    let stored = app
        .admin_get(&format!("/api/v1/admin/events/{id}/agenda"))
        .await;
    assert_eq!(stored.body, json!({"published": false, "items": []}));
    assert!(app.get(&format!("/api/v1/events/{id}")).await.body["agenda"].is_null());
}

async fn a_published_agenda_is_sorted_local_and_public(app: TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let (id, slug) = (
        event["id"].as_str().unwrap(),
        event["slug"].as_str().unwrap(),
    );
    let items = json!([
        item("2030-10-07T14:00", "2030-10-07T15:30", "Panel", "panel"),
        item("2030-10-07T13:00", "2030-10-07T14:00", "Opening", "talk"),
    ]);
    let reply = put_agenda(&app, id, &json!({"published": false, "items": items})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["items"][0]["title"], "Opening");
    assert!(app.get(&format!("/api/v1/events/{slug}")).await.body["agenda"].is_null());

    let reply = put_agenda(&app, id, &json!({"published": true, "items": items})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let public = app.get(&format!("/api/v1/events/{slug}")).await;
    let agenda = &public.body["agenda"];
    assert_eq!(agenda["published"], true);
    assert_eq!(agenda["items"][0]["starts_at"], "2030-10-07T13:00:00+02:00");
    assert_eq!(agenda["items"][0]["starts_at_utc"], "2030-10-07T11:00:00Z");
    assert_eq!(agenda["items"][1]["kind"], "panel");
    assert_eq!(agenda["items"][1]["speakers"][0]["role"], "Moderator");
    assert!(!public.text.contains("meet.example.org"));

    // The agenda moves with the event.
    let moved = app
        .admin_patch(
            &format!("/api/v1/admin/events/{id}"),
            &json!({"starts_at": "2030-10-14T13:00", "ends_at": "2030-10-14T15:30"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    let public = app.get(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(
        public.body["agenda"]["items"][1]["ends_at"],
        "2030-10-14T15:30:00+02:00"
    );
}

async fn agenda_edits_within_the_quiet_period_make_one_mail(app: TestApp) {
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    add_registrant(&app, &id, "ana@example.org", "confirmed", "de").await;
    add_registrant(&app, &id, "waiting@example.org", "waitlisted", "de").await;
    let s = &app.app_state;
    let opening = item("2030-10-07T13:00", "2030-10-07T14:00", "Eröffnung", "talk");
    let panel = item("2030-10-07T14:00", "2030-10-07T15:00", "Podium", "panel");

    // Two edits five minutes apart; the quiet period (900 s by default) runs from the last.
    step(&[s], "2030-09-01T10:00").await;
    let first = json!({"published": true, "items": [opening]});
    assert_eq!(put_agenda(&app, &id, &first).await.status, 200);
    step(&[s], "2030-09-01T10:05").await;
    let second = json!({"published": true, "items": [opening, panel]});
    assert_eq!(put_agenda(&app, &id, &second).await.status, 200);
    step(&[s], "2030-09-01T10:19").await;
    assert!(queued(&app, "event_agenda").await.is_empty());
    step(&[s], "2030-09-01T10:20").await;
    assert_eq!(
        expect_queued(&app, "event_agenda", 1).await,
        ["ana@example.org"]
    );
    // The same agenda again is no news; a later change is.
    assert_eq!(put_agenda(&app, &id, &second).await.status, 200);
    step(&[s], "2030-09-02T10:00").await;
    expect_queued(&app, "event_agenda", 1).await;
    let third = json!({"published": true, "items": [panel]});
    assert_eq!(put_agenda(&app, &id, &third).await.status, 200);
    step(&[s], "2030-09-03T10:00").await;
    expect_queued(&app, "event_agenda", 2).await;

    let mails = delivered(&app, "Programm:", 2).await;
    let first_mail = mails.iter().find(|m| m.text.contains("Eröffnung")).unwrap();
    assert!(first_mail.text.contains("13:00–14:00") && first_mail.text.contains("Podium"));
}
