//! The audit log: actions leave entries naming who, what, which object and from where; the
//! log pages, filters and exports; the database refuses to change it; erasure leaves no
//! personal data in it.

use diesel::prelude::*;
use serde_json::{Value, json};

use dialogo::accounts::Role;

use crate::helpers::{Reply, TestApp, berlin_webinar};
use crate::newsletter_issues::{create_issue, import, issue_action, readers_csv};
use crate::on_both_backends;
use crate::registration_flow::{register, registrant};
use crate::roles::token_of;

on_both_backends!(
    audited_actions_write_their_entries,
    mailings_registrations_and_people_write_their_entries,
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

async fn mailings_registrations_and_people_write_their_entries(app: TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap().to_owned();
    // Each call with the action it is recorded as, and its object.
    let mut calls: Vec<(&str, Option<String>, Reply)> = Vec::new();

    let agenda = app
        .admin_put(
            &format!("/api/v1/admin/events/{id}/agenda"),
            &json!({"published": true, "items": []}),
        )
        .await;
    calls.push(("agenda_published", Some(id.clone()), agenda));
    let invitees = json!({"invitees": [{"name": "Ana Morales", "email": "ana@cdmx.example.org"}]});
    let invited = app
        .admin_post(&format!("/api/v1/admin/events/{id}/invitations"), &invitees)
        .await;
    assert_eq!(invited.status, 202, "{}", invited.text);
    calls.push(("invitations_sent", Some(id.clone()), invited));
    let followed = app
        .admin_post(
            &format!("/api/v1/admin/events/{id}/invitations/follow-up"),
            &json!({}),
        )
        .await;
    calls.push(("invitation_follow_up_sent", Some(id.clone()), followed));

    assert_eq!(
        register(&app, &id, &registrant("lea@example.org"))
            .await
            .status,
        202
    );
    let listed = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    let registration = listed.body["items"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/admin/events/{id}/registrations/{registration}");
    let removed = app.admin_delete(&path).await;
    assert_eq!(removed.status, 200, "{}", removed.text);
    calls.push(("registration_removed", Some(registration.clone()), removed));
    // Refused actions leave no entry.
    let approved = app.admin_post(&format!("{path}/approve"), &json!({})).await;
    assert_eq!(approved.status, 409, "{}", approved.text);
    calls.push((
        "registration_approved",
        Some(registration.clone()),
        approved,
    ));
    let rejected = app.admin_post(&format!("{path}/reject"), &json!({})).await;
    calls.push(("registration_rejected", Some(registration), rejected));

    let imported = import(&app, &readers_csv(2)).await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    calls.push(("subscribers_imported", None, imported));
    let issue = create_issue(
        &app,
        &json!({"subject": {"en": "News"}, "body": {"en": "Hello."}}),
    )
    .await;
    let sent = issue_action(&app, &issue, "send").await;
    assert_eq!(sent.status, 202, "{}", sent.text);
    calls.push(("issue_sent", Some(issue.clone()), sent));
    for (action, name) in [("pause", "issue_paused"), ("cancel", "issue_cancelled")] {
        let reply = issue_action(&app, &issue, action).await;
        calls.push((name, Some(issue.clone()), reply));
    }
    let exported = app
        .admin_get("/api/v1/admin/people?email=lea@example.org")
        .await;
    assert_eq!(exported.status, 200, "{}", exported.text);
    calls.push(("person_exported", None, exported));

    for (action, object, reply) in &calls {
        let found = entries(&app, action).await;
        let expected = usize::from((200..300).contains(&reply.status));
        assert_eq!(
            found.len(),
            expected,
            "{action} ({}): {found:?}",
            reply.status
        );
        if let Some(entry) = found.first() {
            assert_eq!(entry["object_id"].as_str(), object.as_deref(), "{action}");
        }
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
