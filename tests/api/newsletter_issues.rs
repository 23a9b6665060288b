//! Newsletter issues: import, languages and topics, exactly one copy per reader (also from two
//! processes on one database), pause and resume, and the data subject's export and erasure.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Backend, Reply, TestApp, berlin_webinar, fresh_database, spawn_app_with};
use crate::newsletter_flow::{subscribe, subscription};
use crate::registration_flow::{WAIT, app_with_sink, parse_mails, register, registrant};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    an_issue_reaches_each_reader_in_their_language_and_by_topic,
    two_processes_deliver_each_reader_one_copy,
    a_paused_issue_resumes_without_sending_twice,
    a_person_can_be_exported_and_erased,
);

pub async fn import(app: &TestApp, csv: &str) -> Reply {
    app.send(
        app.client
            .post(app.url("/api/v1/admin/newsletter/subscribers/import"))
            .bearer_auth(&app.admin_token)
            .header("Content-Type", "text/csv")
            .body(csv.to_owned()),
    )
    .await
}

/// `count` confirmed English readers `reader{i}@example.org`, imported with consent.
fn readers_csv(count: usize) -> String {
    let mut csv = String::from("email,language,consent_at,consent_source\n");
    for i in 0..count {
        csv.push_str(&format!(
            "reader{i}@example.org,en,2026-01-10,partner list\n"
        ));
    }
    csv
}

async fn create_issue(app: &TestApp, body: &Value) -> String {
    let reply = app
        .admin_post("/api/v1/admin/newsletter/issues", body)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body["id"].as_str().unwrap().to_owned()
}

fn simple_issue() -> Value {
    json!({"subject": {"en": "Programme news"}, "body": {"en": "Hello **all**."}})
}

async fn issue_action(app: &TestApp, id: &str, action: &str) -> Reply {
    app.admin_post(
        &format!("/api/v1/admin/newsletter/issues/{id}/{action}"),
        &json!({}),
    )
    .await
}

/// Polls the issue until `done` holds for it.
async fn issue_until(app: &TestApp, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let reply = app
            .admin_get(&format!("/api/v1/admin/newsletter/issues/{id}"))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        if done(&reply.body) {
            return reply.body;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "issue never got there: {}",
            reply.text
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn recipients(raw: &[Vec<u8>], subject: &str) -> Vec<String> {
    parse_mails(raw)
        .into_iter()
        .filter(|m| m.subject == subject)
        .map(|m| m.to)
        .collect()
}

async fn an_issue_reaches_each_reader_in_their_language_and_by_topic(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let report = import(
        &app,
        "email,name,language,topics,consent_at,consent_source\n\
         de1@example.org,Jonas Weber,de,e-governance,2026-01-10,sign-up sheet Berlin\n\
         de2@example.org,,de,,2026-01-10T09:00:00Z,sign-up sheet Berlin\n\
         en1@example.org,,en,climate,2026-01-10,fair\n\
         es1@example.org,,es,e-governance;climate,2026-01-10,fair\n\
         pending@example.org,,en,,,\n\
         bad-address,,en,,,\n\
         DE1@example.org,,de,,2026-01-10,again\n\
         x@example.org,,it,,,\n\
         y@example.org,,en,,2026-01-10,\n",
    )
    .await;
    assert_eq!(report.status, 200, "{}", report.text);
    let body = &report.body;
    assert_eq!(
        (
            body["imported"].as_u64(),
            body["confirmed"].as_u64(),
            body["pending"].as_u64()
        ),
        (Some(5), Some(4), Some(1)),
        "{body}"
    );
    assert_eq!(
        (body["skipped"].as_u64(), body["invalid"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(
        body["skipped_rows"][0],
        json!({"line": 8, "reason": "duplicate_in_file"})
    );
    let invalid: Vec<(u64, &str)> = body["invalid_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["field"].as_str().unwrap()))
        .collect();
    assert_eq!(invalid, [(7, "email"), (9, "language"), (10, "consent_at")]);
    sink.wait_for(1, WAIT).await; // pending@'s opt-in

    let id = create_issue(
        &app,
        &json!({
            "subject": {"de": "Neuigkeiten", "en": "News"},
            "body": {"de": "Hallo", "en": "Hello"},
            "fallback_language": "en",
            "topics": ["e-governance"]
        }),
    )
    .await;
    let sent = issue_action(&app, &id, "send").await;
    assert_eq!(sent.status, 202, "{}", sent.text);
    assert_eq!(sent.body["progress"]["total"], 3, "{}", sent.text);
    let raw = sink.wait_for(4, WAIT).await;
    let mut german = recipients(&raw, "Neuigkeiten");
    german.sort();
    assert_eq!(german, ["de1@example.org", "de2@example.org"]);
    assert_eq!(
        recipients(&raw, "News"),
        ["es1@example.org"],
        "fallback language"
    );
    let done = issue_until(&app, &id, |i| i["progress"]["sent"] == 3).await;
    assert_eq!(done["status"], "sent");
    assert_eq!(
        done["progress"],
        json!({"total": 3, "queued": 0, "sent": 3, "failed": 0})
    );

    // Sending again sends nothing again.
    let again = issue_action(&app, &id, "send").await;
    assert_eq!(
        (again.status, again.body["status"].as_str()),
        (202, Some("sent"))
    );
    let after = issue_until(&app, &id, |_| true).await;
    assert_eq!(after["progress"]["sent"], 3);
    let outbox = app.admin_get("/api/v1/admin/outbox?limit=100").await;
    assert_eq!(outbox.body["items"].as_array().unwrap().len(), 4);

    let csv = app
        .admin_get("/api/v1/admin/newsletter/subscribers?format=csv&language=de")
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.text.starts_with('\u{feff}'), "Excel-friendly BOM");
    assert_eq!(csv.text.lines().count(), 3, "{}", csv.text);
    let topic = app
        .admin_get("/api/v1/admin/newsletter/subscribers?topic=climate")
        .await;
    assert_eq!(topic.body["items"].as_array().unwrap().len(), 2);
}

async fn two_processes_deliver_each_reader_one_copy(backend: Backend) {
    let files = tempfile::tempdir().unwrap();
    let Some((_database, url)) = fresh_database(backend, files.path()) else {
        return;
    };
    let sink = SmtpSink::start();
    let settings = [
        ("DIALOGO_DATABASE_URL", url.clone()),
        ("DIALOGO_MAIL_URL", sink.url()),
        ("DIALOGO_NEWSLETTER_BATCH", "7".to_owned()),
    ];
    let first = spawn_app_with(backend, &settings).await.unwrap();
    let second = spawn_app_with(backend, &settings).await.unwrap();
    assert_eq!(import(&first, &readers_csv(120)).await.status, 200);
    let id = create_issue(&first, &simple_issue()).await;
    let (a, b) = tokio::join!(
        issue_action(&first, &id, "send"),
        issue_action(&second, &id, "send")
    );
    assert_eq!((a.status, b.status), (202, 202));
    let raw = sink.wait_for(120, WAIT).await;
    issue_until(&first, &id, |i| i["progress"]["sent"] == 120).await;
    let got = recipients(&raw, "Programme news");
    let unique: HashSet<&String> = got.iter().collect();
    assert_eq!(
        (got.len(), unique.len()),
        (120, 120),
        "each reader exactly once"
    );
    assert_eq!(sink.accepted(), 120);
}

async fn a_paused_issue_resumes_without_sending_twice(backend: Backend) {
    let Some((app, sink)) = app_with_sink(
        backend,
        &[
            ("DIALOGO_NEWSLETTER_BATCH", "5".to_owned()),
            ("DIALOGO_MAIL_CONNECTIONS", "1".to_owned()),
        ],
    )
    .await
    else {
        return;
    };
    assert_eq!(import(&app, &readers_csv(150)).await.status, 200);
    sink.delay_each(Duration::from_millis(5));
    let id = create_issue(&app, &simple_issue()).await;
    assert_eq!(issue_action(&app, &id, "send").await.status, 202);
    sink.wait_for(3, WAIT).await;
    let paused = issue_action(&app, &id, "pause").await;
    assert_eq!(
        (paused.status, paused.body["status"].as_str()),
        (200, Some("paused")),
        "{}",
        paused.text
    );
    let held = issue_until(&app, &id, |i| i["progress"]["queued"] == 0).await;
    let sent_while_paused = held["progress"]["sent"].as_u64().unwrap();
    // The worker sends what it has claimed (a batch of 50 with one connection), no more.
    assert!(
        sent_while_paused <= 60,
        "pausing stopped the issue early: {held}"
    );

    sink.delay_each(Duration::ZERO);
    let resumed = issue_action(&app, &id, "send").await;
    assert_eq!(resumed.body["status"], "sending", "{}", resumed.text);
    let raw = sink.wait_for(150, WAIT).await;
    issue_until(&app, &id, |i| {
        i["status"] == "sent" && i["progress"]["sent"] == 150
    })
    .await;
    let got = recipients(&raw, "Programme news");
    let unique: HashSet<&String> = got.iter().collect();
    assert_eq!((got.len(), unique.len()), (150, 150));

    // A cancelled issue cannot be sent.
    let other = create_issue(&app, &simple_issue()).await;
    let cancelled = issue_action(&app, &other, "cancel").await;
    assert_eq!(cancelled.body["status"], "cancelled");
    let refused = issue_action(&app, &other, "send").await;
    assert_eq!((refused.status, refused.code()), (409, "issue_cancelled"));
}

async fn a_person_can_be_exported_and_erased(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let event_id = event["id"].as_str().unwrap();
    assert_eq!(
        register(&app, event_id, &registrant("ana@example.org"))
            .await
            .status,
        202
    );
    assert_eq!(
        subscribe(&app, &subscription("Ana@example.org", "en"))
            .await
            .status,
        202
    );
    sink.wait_for(2, WAIT).await;

    let export = app
        .admin_get("/api/v1/admin/people?email=ana@example.org")
        .await;
    assert_eq!(export.status, 200, "{}", export.text);
    assert_eq!(
        export.body["subscriptions"][0]["consents"][0]["action"],
        "subscribe"
    );
    assert_eq!(
        export.body["registrations"][0]["organisation"],
        "City of Kutaisi"
    );
    assert_eq!(export.body["mails"].as_array().unwrap().len(), 2);

    let erased = app
        .admin_delete("/api/v1/admin/people?email=ana@example.org")
        .await;
    assert_eq!(erased.status, 200, "{}", erased.text);
    assert_eq!(
        erased.body,
        json!({"subscriptions": 1, "registrations": 1, "invitations": 0, "mails": 2})
    );
    let after = app
        .admin_get("/api/v1/admin/people?email=ana@example.org")
        .await;
    for part in ["subscriptions", "registrations", "invitations", "mails"] {
        assert_eq!(after.body[part], json!([]), "{part}");
    }
    // The registration still counts, without personal data.
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{event_id}/registrations"))
        .await;
    assert_eq!(list.body["counts"]["pending"], 1);
    assert_eq!(list.body["items"][0]["email"], "(erased)");
    assert!(!list.text.contains("ana@"), "{}", list.text);
    let bad = app.admin_get("/api/v1/admin/people?email=nope").await;
    assert_eq!((bad.status, bad.field()), (400, "email"));
}
