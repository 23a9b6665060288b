//! Coordinators' side of the newsletter: importing CSV as spreadsheets write it, what an
//! import must not touch, deleting subscribers, listing and deleting issues, test copies.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp};
use crate::newsletter_flow::{link, subscribe, subscriber_status, subscription, unsubscribe};
use crate::newsletter_issues::{create_issue, import, issue_action};
use crate::registration_flow::app_with_sink;

for_both_backends!(
    imports_take_bom_crlf_and_quoted_fields_and_leave_known_addresses_alone,
    an_import_over_the_size_limit_is_refused_whole,
    subscribers_can_be_deleted_with_their_links,
    issues_are_listed_tested_and_deleted_while_drafts,
);

async fn subscriber_id(app: &TestApp, email: &str) -> String {
    let list = app.admin_get("/api/v1/admin/newsletter/subscribers").await;
    list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == email)
        .unwrap_or_else(|| panic!("{email} not listed: {}", list.text))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn imports_take_bom_crlf_and_quoted_fields_and_leave_known_addresses_alone(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    // A confirmed reader who then unsubscribed, and one still pending.
    assert_eq!(
        import(
            &app,
            "email,language,consent_at,consent_source\ngone@example.org,en,2026-01-10,fair\n"
        )
        .await
        .status,
        200
    );
    unsubscribe(&app, &subscriber_id(&app, "gone@example.org").await).await;
    assert_eq!(
        subscribe(&app, &subscription("pending@example.org", "en"))
            .await
            .status,
        202
    );
    assert_eq!(app.quiet_mails(&sink).await.len(), 1);

    // As a spreadsheet saves it: a byte-order mark, CRLF line ends, quoted fields with
    // commas, quotes and a line break inside.
    let csv = "\u{feff}email,name,language,topics,consent_at,consent_source\r\n\
               \"quoted@example.org\",\"Weber, Jonas \"\"JW\"\"\",de,\"e-governance;climate\",2026-01-10,\"fair, Berlin\"\r\n\
               gone@example.org,,en,,2026-01-10,fair\r\n\
               PENDING@example.org,,en,,2026-01-10,fair\r\n\
               \"multi@example.org\",\"Line\r\nBreak\",en,,,\r\n";
    let report = import(&app, csv).await;
    assert_eq!(report.status, 200, "{}", report.text);
    let body = &report.body;
    assert_eq!(
        (body["imported"].as_u64(), body["confirmed"].as_u64()),
        (Some(1), Some(1)),
        "{body}"
    );
    assert_eq!(body["skipped"], 2, "{body}");
    assert_eq!(
        body["skipped_rows"],
        json!([{"line": 3, "reason": "already_known"}, {"line": 4, "reason": "already_known"}])
    );
    assert_eq!(body["invalid"], 1, "a name over two lines: {body}");
    assert_eq!(body["invalid_rows"][0]["field"], "name");

    let quoted = app
        .admin_get(&format!(
            "/api/v1/admin/newsletter/subscribers/{}",
            subscriber_id(&app, "quoted@example.org").await
        ))
        .await;
    assert_eq!(
        quoted.body["name"], "Weber, Jonas \"JW\"",
        "{}",
        quoted.text
    );
    assert_eq!(quoted.body["topics"], json!(["climate", "e-governance"]));
    assert_eq!(quoted.body["consents"][0]["source"], "fair, Berlin");
    // The import neither subscribed the unsubscribed reader again nor confirmed the pending
    // one, nor mailed anyone.
    assert_eq!(
        subscriber_status(&app, "gone@example.org").await.as_deref(),
        Some("unsubscribed")
    );
    assert_eq!(
        subscriber_status(&app, "pending@example.org")
            .await
            .as_deref(),
        Some("pending")
    );
    assert_eq!(app.quiet_mails(&sink).await.len(), 1);
}

async fn an_import_over_the_size_limit_is_refused_whole(backend: Backend) {
    let Some((app, _sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut csv = String::from("email,language,consent_at,consent_source\n");
    let mut i = 0;
    while csv.len() <= 64 * 1024 * 1024 {
        csv.push_str(&format!(
            "reader{i}@example.org,en,2026-01-10,partner list\n"
        ));
        i += 1;
    }
    let reply = import(&app, &csv).await;
    assert_eq!(
        (reply.status, reply.code()),
        (413, "payload_too_large"),
        "{}",
        reply.text
    );
    let list = app.admin_get("/api/v1/admin/newsletter/subscribers").await;
    assert_eq!(list.body["items"], json!([]), "nothing imported");
    // Just under the limit is taken.
    let small = format!(
        "email,language,consent_at,consent_source\n{}",
        "a@example.org,en,2026-01-10,x\n"
    );
    assert_eq!(import(&app, &small).await.status, 200);
}

async fn subscribers_can_be_deleted_with_their_links(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    assert_eq!(
        subscribe(&app, &subscription("ana@example.org", "en"))
            .await
            .status,
        202
    );
    let opt_in = app.quiet_mails(&sink).await.pop().unwrap();
    let (_, token) = link(&opt_in, "confirm");
    let id = subscriber_id(&app, "ana@example.org").await;
    let path = format!("/api/v1/admin/newsletter/subscribers/{id}");
    assert_eq!(app.admin_delete(&path).await.status, 204);
    assert_eq!(subscriber_status(&app, "ana@example.org").await, None);
    assert_eq!(app.admin_get(&path).await.status, 404);
    assert_eq!(app.admin_delete(&path).await.status, 404);
    let confirm = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/confirm"))
                .json(&json!({"token": token})),
        )
        .await;
    assert_eq!(confirm.status, 404, "the link went with the subscriber");
    let consents = app
        .admin_get("/api/v1/admin/newsletter/consents?format=csv")
        .await;
    assert!(
        !consents.text.contains("ana@example.org"),
        "{}",
        consents.text
    );
    assert_eq!(app.get(&path).await.status, 401);
}

async fn issues_are_listed_tested_and_deleted_while_drafts(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let body = json!({
        "subject": {"de": "Neuigkeiten", "en": "News"},
        "body": {"de": "Hallo", "en": "Hello"},
        "fallback_language": "en"
    });
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(create_issue(&app, &body).await);
    }
    let page = app
        .admin_get("/api/v1/admin/newsletter/issues?limit=2")
        .await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(page.body["items"].as_array().unwrap().len(), 2);
    let next = page.body["next_cursor"].as_str().unwrap();
    let rest = app
        .admin_get(&format!(
            "/api/v1/admin/newsletter/issues?limit=2&cursor={next}"
        ))
        .await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 1);
    assert!(rest.body["next_cursor"].is_null());
    let listed: Vec<&str> = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest.body["items"].as_array().unwrap())
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    let mut got: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    got.sort();
    assert_eq!(got, sorted);

    // A test copy goes to one address only, marked, in the edition asked for.
    let test = |id: &str, to: serde_json::Value| {
        let path = format!("/api/v1/admin/newsletter/issues/{id}/test");
        let app = &app;
        async move { app.admin_post(&path, &to).await }
    };
    let sent = test(
        &ids[0],
        json!({"email": "editor@example.org", "language": "de"}),
    )
    .await;
    assert_eq!(sent.status, 202, "{}", sent.text);
    let bad = test(&ids[0], json!({"email": "not-an-address"})).await;
    assert_eq!((bad.status, bad.field()), (422, "email"));
    let mails = app.quiet_mails(&sink).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "editor@example.org");
    assert!(
        mails[0].subject.ends_with("Neuigkeiten") && mails[0].subject != "Neuigkeiten",
        "{}",
        mails[0].subject
    );
    assert_eq!(
        app.admin_get(&format!("/api/v1/admin/newsletter/issues/{}", ids[0]))
            .await
            .body["status"],
        "draft",
        "a test sends nothing to readers"
    );

    let draft = format!("/api/v1/admin/newsletter/issues/{}", ids[1]);
    assert_eq!(app.admin_delete(&draft).await.status, 204);
    assert_eq!(app.admin_get(&draft).await.status, 404);
    assert_eq!(app.admin_delete(&draft).await.status, 404);
    assert_eq!(issue_action(&app, &ids[2], "send").await.status, 202);
    let sent = app
        .admin_delete(&format!("/api/v1/admin/newsletter/issues/{}", ids[2]))
        .await;
    assert_eq!((sent.status, sent.code()), (409, "not_a_draft"));
    let list = app.admin_get("/api/v1/admin/newsletter/issues").await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
}
