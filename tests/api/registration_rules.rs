//! What registration refuses, the coordinators' lists and exports, limits and expiry.

use diesel::ExpressionMethods as _;
use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp, berlin_webinar, spawn_app, spawn_app_with};
use crate::registration_flow::{
    WAIT, act, app_with_sink, parse_mails, register, registrant, token,
};

for_both_backends!(
    bad_registrations_get_their_4xx_and_change_nothing,
    coordinators_filter_count_and_export_registrations,
    an_organisation_gets_no_more_seats_than_its_limit,
    public_writes_are_rate_limited_per_address,
    unconfirmed_registrations_expire_with_their_links,
);

async fn nothing_written(app: &TestApp, event_id: &str) {
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{event_id}/registrations"))
        .await;
    assert_eq!(list.body["items"], json!([]), "a registration was written");
    let outbox = app.admin_get("/api/v1/admin/outbox").await;
    assert_eq!(outbox.body["items"], json!([]), "a mail was queued");
}

fn with(changes: Value) -> Value {
    let mut body = registrant("x@example.org");
    json_patch::merge(&mut body, &changes);
    body
}

async fn bad_registrations_get_their_4xx_and_change_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let open = app.publish_event(&berlin_webinar()).await;
    let id = open["id"].as_str().unwrap();
    for (changes, field, code) in [
        (json!({"email": "not-an-address"}), "email", "invalid_email"),
        (json!({"email": null}), "email", "invalid_email"),
        (json!({"consent": false}), "consent", "consent_required"),
        (json!({"consent": null}), "consent", "consent_required"),
        (json!({"country": "XX"}), "country", "invalid_country"),
        (
            json!({"language": "it"}),
            "language",
            "unsupported_language",
        ),
        (
            json!({"organisation_type": "club"}),
            "organisation_type",
            "invalid_organisation_type",
        ),
        (
            json!({"timezone": "Mars/Base"}),
            "timezone",
            "invalid_timezone",
        ),
        (json!({"name": "  "}), "name", "required"),
        (
            json!({"name": "Evil\nBcc: x@y.z"}),
            "name",
            "invalid_characters",
        ),
        (json!({"shoe_size": 44}), "shoe_size", "unknown_field"),
    ] {
        let reply = register(&app, id, &with(changes.clone())).await;
        assert_eq!(
            (reply.status, reply.field(), reply.code()),
            (422, field, code),
            "{changes}: {}",
            reply.text
        );
        if code == "unsupported_language" {
            assert!(reply.text.contains("de, en, es, fr, pt"), "{}", reply.text);
        }
    }
    let unknown = register(
        &app,
        &uuid::Uuid::now_v7().to_string(),
        &registrant("a@example.org"),
    )
    .await;
    assert_eq!(unknown.status, 404);
    nothing_written(&app, id).await;

    // A draft answers as an unknown event does, by id and by slug.
    let draft = app.create_event(&berlin_webinar()).await;
    for key in [&draft["id"], &draft["slug"]] {
        let reply = register(&app, key.as_str().unwrap(), &registrant("a@example.org")).await;
        assert_eq!(
            (reply.status, reply.code()),
            (404, "not_found"),
            "{}",
            reply.text
        );
        assert_eq!(
            reply.body, unknown.body,
            "nothing tells a draft from nothing"
        );
    }

    let mut past = berlin_webinar();
    past["starts_at"] = json!("2020-10-07T13:00");
    past["ends_at"] = json!("2020-10-07T15:00");
    let past = app.publish_event(&past).await;
    let reply = register(
        &app,
        past["id"].as_str().unwrap(),
        &registrant("a@example.org"),
    )
    .await;
    assert_eq!((reply.status, reply.code()), (409, "registration_closed"));

    let mut later = berlin_webinar();
    later["registration_opens_at"] = json!("2030-09-01T00:00");
    let later = app.publish_event(&later).await;
    let reply = register(
        &app,
        later["slug"].as_str().unwrap(),
        &registrant("a@example.org"),
    )
    .await;
    assert_eq!((reply.status, reply.code()), (409, "registration_not_open"));

    let mut closed = berlin_webinar();
    closed["registration_opens_at"] = json!("2020-01-01T00:00");
    closed["registration_closes_at"] = json!("2021-01-01T00:00");
    let closed = app.publish_event(&closed).await;
    let reply = register(
        &app,
        closed["id"].as_str().unwrap(),
        &registrant("a@example.org"),
    )
    .await;
    assert_eq!((reply.status, reply.code()), (409, "registration_closed"));

    let cancelled = app.publish_event(&berlin_webinar()).await;
    let cancelled_id = cancelled["id"].as_str().unwrap();
    app.admin_post(
        &format!("/api/v1/admin/events/{cancelled_id}/cancel"),
        &json!({}),
    )
    .await;
    let reply = register(&app, cancelled_id, &registrant("a@example.org")).await;
    assert_eq!((reply.status, reply.code()), (409, "event_cancelled"));

    for event in [&draft, &past, &later, &closed, &cancelled] {
        nothing_written(&app, event["id"].as_str().unwrap()).await;
    }
}

async fn coordinators_filter_count_and_export_registrations(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    let people = [
        ("ana@example.org", "municipality", "GE", "City of Kutaisi"),
        (
            "luis@example.org",
            "ministry",
            "MX",
            "=HYPERLINK(\"http://x\")",
        ),
        ("eva@example.org", "municipality", "DE", "Stadt Köln"),
    ];
    for (email, kind, country, organisation) in people {
        let body = with(
            json!({"email": email, "organisation_type": kind, "country": country, "organisation": organisation}),
        );
        assert_eq!(register(&app, id, &body).await.status, 202);
    }
    let base = format!("/api/v1/admin/events/{id}/registrations");
    for (query, expected) in [
        ("organisation_type=municipality", 2),
        ("country=mx", 1),
        ("status=pending", 3),
        ("status=confirmed", 0),
        ("organisation_type=municipality&country=DE", 1),
    ] {
        let reply = app.admin_get(&format!("{base}?{query}")).await;
        assert_eq!(
            reply.body["items"].as_array().unwrap().len(),
            expected,
            "{query}"
        );
    }
    let page = app.admin_get(&format!("{base}?limit=2")).await;
    assert_eq!(page.body["counts"]["pending"], 3);
    let next = page.body["next_cursor"].as_str().unwrap();
    let rest = app
        .admin_get(&format!("{base}?limit=2&cursor={next}"))
        .await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 1);
    assert!(rest.body["next_cursor"].is_null());

    let bad = app.admin_get(&format!("{base}?status=maybe")).await;
    assert_eq!((bad.status, bad.field()), (400, "status"));
    assert_eq!(app.get(&base).await.status, 401);

    let export = app
        .send(
            app.client
                .get(app.url(&format!("{base}?format=csv")))
                .bearer_auth(&app.admin_token),
        )
        .await;
    assert_eq!(export.status, 200);
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        export.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    assert!(
        export.text.starts_with('\u{feff}'),
        "Excel needs the byte-order mark"
    );
    let mut reader =
        csv::Reader::from_reader(export.text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(reader.headers().unwrap().get(1), Some("email"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| r.get(2) == Some("Stadt Köln")));
    assert!(
        rows.iter()
            .any(|r| r.get(2) == Some("'=HYPERLINK(\"http://x\")")),
        "formulas are neutralised"
    );
}

async fn an_organisation_gets_no_more_seats_than_its_limit(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["max_per_organisation"] = json!(2);
    let event = app.publish_event(&event).await;
    let id = event["id"].as_str().unwrap();
    for i in 0..3 {
        let body = with(
            json!({"email": format!("kutaisi{i}@example.org"), "organisation": "City of KUTAISI"}),
        );
        register(&app, id, &body).await;
    }
    register(
        &app,
        id,
        &with(json!({"email": "other@example.org", "organisation": "Tbilisi"})),
    )
    .await;
    let mails = parse_mails(&sink.wait_for(4, WAIT).await);
    let mut statuses = Vec::new();
    for mail in &mails {
        statuses.push((
            mail.to.clone(),
            act(&app, "confirm", &token(mail, "confirm")).await.body["status"].clone(),
        ));
    }
    let confirmed = |prefix: &str| {
        statuses
            .iter()
            .filter(|(to, s)| to.starts_with(prefix) && s == "confirmed")
            .count()
    };
    assert_eq!(confirmed("kutaisi"), 2);
    assert_eq!(confirmed("other"), 1);
}

async fn public_writes_are_rate_limited_per_address(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("DIALOGO_RATE_LIMIT_PER_MINUTE", "3".into())]).await
    else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    for i in 0..3 {
        let reply = register(&app, id, &registrant(&format!("r{i}@example.org"))).await;
        assert_eq!(reply.status, 202);
    }
    let limited = register(&app, id, &registrant("r4@example.org")).await;
    assert_eq!((limited.status, limited.code()), (429, "rate_limited"));
    let limited = act(&app, "confirm", "whatever").await;
    assert_eq!(limited.status, 429);
    // Reading stays free.
    assert_eq!(app.get(&format!("/api/v1/events/{id}")).await.status, 200);
}

async fn unconfirmed_registrations_expire_with_their_links(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    register(&app, id, &registrant("late@example.org")).await;
    let mails = parse_mails(&sink.wait_for(1, WAIT).await);
    let confirm_token = token(&mails[0], "confirm");
    // Move the registration and its link 49 hours into the past.
    let pool = app.app_state.pool.clone();
    let expired = tokio::task::spawn_blocking(move || {
        use diesel::RunQueryDsl;
        let mut conn = pool.get().unwrap();
        let past = chrono::Utc::now().naive_utc() - chrono::TimeDelta::hours(49);
        diesel::update(dialogo::db::schema::registrations::table)
            .set(dialogo::db::schema::registrations::updated_at.eq(past))
            .execute(&mut conn)
            .unwrap();
        diesel::update(dialogo::db::schema::action_tokens::table)
            .set(dialogo::db::schema::action_tokens::expires_at.eq(past))
            .execute(&mut conn)
            .unwrap();
        dialogo::registrations::expire_unconfirmed(&mut conn).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(expired, 1);
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["items"][0]["status"], "expired");
    let reply = act(&app, "confirm", &confirm_token).await;
    assert_eq!((reply.status, reply.code()), (410, "token_expired"));
    let page = app
        .get(&format!("/registrations/confirm/{confirm_token}"))
        .await;
    assert_eq!(page.status, 410);

    // Registering again starts over.
    assert_eq!(
        register(&app, id, &registrant("late@example.org"))
            .await
            .status,
        202
    );
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["items"][0]["status"], "pending");
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
}
