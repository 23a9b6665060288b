//! The audit log: actions leave entries naming who, what, which object and from where; the
//! log pages, filters and exports; the database refuses to change it; erasure leaves no
//! personal data in it.

use diesel::prelude::*;
use serde_json::{Value, json};

use dialogo::accounts::Role;

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::roles::token_of;

on_both_backends!(
    audited_actions_write_their_entries,
    the_log_pages_filters_and_exports,
    the_database_refuses_to_change_the_log,
);

/// The entries of `action`, oldest first.
async fn entries(app: &TestApp, action: &str) -> Vec<Value> {
    let reply = app
        .admin_get(&format!("/api/v1/admin/audit?action={action}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["items"].as_array().unwrap().clone()
}

async fn audited_actions_write_their_entries(app: TestApp) {
    let published = app.publish_event(&berlin_webinar()).await;
    let id = published["id"].as_str().unwrap().to_owned();
    let moved = app
        .admin_patch(
            &format!("/api/v1/admin/events/{id}"),
            &json!({"starts_at": "2030-10-07T14:00", "ends_at": "2030-10-07T16:00"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    // A change of anything else is no move.
    let retitled = app
        .admin_patch(
            &format!("/api/v1/admin/events/{id}"),
            &json!({"title": "New"}),
        )
        .await;
    assert_eq!(retitled.status, 200, "{}", retitled.text);
    let exported = app
        .admin_get(&format!(
            "/api/v1/admin/events/{id}/registrations?format=csv"
        ))
        .await;
    assert_eq!(exported.status, 200);
    // Pages of a list are no export.
    app.admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    app.admin_get("/api/v1/admin/newsletter/subscribers?format=csv")
        .await;
    let cancelled = app
        .admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200);
    let draft = app.create_event(&berlin_webinar()).await;
    let draft_id = draft["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.admin_delete(&format!("/api/v1/admin/events/{draft_id}"))
            .await
            .status,
        204
    );

    for (action, object) in [
        ("event_published", Some(id.as_str())),
        ("event_moved", Some(id.as_str())),
        ("registrants_exported", Some(id.as_str())),
        ("subscribers_exported", None),
        ("event_cancelled", Some(id.as_str())),
        ("event_deleted", Some(draft_id.as_str())),
    ] {
        let found = entries(&app, action).await;
        assert_eq!(found.len(), 1, "{action}: {found:?}");
        let entry = &found[0];
        assert_eq!(entry["object_id"].as_str(), object, "{action}");
        assert_eq!(entry["token_name"], app.admin_token_name.as_str());
        assert_eq!(entry["user_id"], dialogo::db::models::User::SYSTEM_ID);
        assert_eq!(entry["client_address"], "127.0.0.1");
    }
}

async fn the_log_pages_filters_and_exports(app: TestApp) {
    let coordinator = token_of(&app, Role::Coordinator).await;
    for _ in 0..3 {
        let created = app.create_event(&berlin_webinar()).await;
        let id = created["id"].as_str().unwrap();
        let reply = app
            .send(
                app.client
                    .post(app.url(&format!("/api/v1/admin/events/{id}/publish")))
                    .bearer_auth(&coordinator),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    // Only admins read the log.
    let refused = app
        .send(
            app.client
                .get(app.url("/api/v1/admin/audit"))
                .bearer_auth(&coordinator),
        )
        .await;
    assert_eq!((refused.status, refused.code()), (403, "forbidden"));

    let all = entries(&app, "event_published").await;
    assert_eq!(all.len(), 3);
    let user_id = all[0]["user_id"].as_str().unwrap().to_owned();
    assert_ne!(user_id, dialogo::db::models::User::SYSTEM_ID);
    let first = app
        .admin_get(&format!("/api/v1/admin/audit?user_id={user_id}&limit=2"))
        .await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let rest = app
        .admin_get(&format!(
            "/api/v1/admin/audit?user_id={user_id}&limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 1);
    assert!(rest.body["next_cursor"].is_null());
    assert_eq!(rest.body["items"][0]["id"], all[2]["id"]);

    let later = app.admin_get("/api/v1/admin/audit?from=2100-01-01").await;
    assert_eq!(later.body["items"].as_array().unwrap().len(), 0);
    let unknown = app
        .admin_get("/api/v1/admin/audit?action=event_eaten")
        .await;
    assert_eq!((unknown.status, unknown.field()), (400, "action"));

    let csv = app
        .admin_get("/api/v1/admin/audit?format=csv&action=event_published")
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = csv.text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "{}", csv.text);
    assert!(
        lines[0].starts_with("id,at,user_id,token_name,action"),
        "{}",
        lines[0]
    );
}

async fn the_database_refuses_to_change_the_log(app: TestApp) {
    app.publish_event(&berlin_webinar()).await;
    let erased = app
        .send(
            app.client
                .delete(app.url("/api/v1/admin/people?email=nino.beridze@example.org"))
                .bearer_auth(&app.admin_token),
        )
        .await;
    assert_eq!(erased.status, 200, "{}", erased.text);
    let erasures = entries(&app, "person_erased").await;
    assert_eq!(erasures.len(), 1);
    assert!(erasures[0]["object_id"].is_null());

    let pool = app.app_state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        for statement in [
            "UPDATE audit_log SET action = 'nothing'",
            "DELETE FROM audit_log",
        ] {
            let refused = diesel::sql_query(statement).execute(&mut *conn);
            let error = refused.expect_err(statement).to_string();
            assert!(error.contains("append-only"), "{statement}: {error}");
        }
        // No personal data in it: the log names objects by id only.
        let rows: Vec<String> =
            dialogo::db::models::AuditEntry::list(&mut conn, &Default::default(), None, None)
                .unwrap()
                .into_iter()
                .map(|e| format!("{e:?}"))
                .collect();
        assert!(rows.len() >= 2);
        assert!(rows.iter().all(|row| !row.contains('@')), "{rows:?}");
    })
    .await
    .unwrap();
}
