//! Newsletter issues: import, languages and topics, exactly one copy per reader, pause and
//! resume, and the data subject's export and erasure.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Api, Backend, Reply, TestApp, berlin_webinar};
use crate::newsletter_flow::{subscribe, subscription};
use crate::registration_flow::{Mail, WAIT, app_with_sink, register, registrant};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    an_issue_reaches_each_reader_in_their_language_and_by_topic,
    a_paused_issue_resumes_without_sending_twice,
    an_issue_cancelled_while_sending_sends_no_more,
    a_person_can_be_exported_and_erased,
);

pub async fn import(app: &Api, csv: &str) -> Reply {
    app.import_subscribers(csv).await
}

/// `count` confirmed English readers `reader{i}@example.org`, imported with consent.
pub fn readers_csv(count: usize) -> String {
    let mut csv = String::from("email,language,consent_at,consent_source\n");
    for i in 0..count {
        csv.push_str(&format!(
            "reader{i}@example.org,en,2026-01-10,partner list\n"
        ));
    }
    csv
}

pub async fn create_issue(app: &Api, body: &Value) -> String {
    let reply = app
        .admin_post("/api/v1/admin/newsletter/issues", body)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.body["id"].as_str().unwrap().to_owned()
}

fn simple_issue() -> Value {
    json!({"subject": {"en": "Programme news"}, "body": {"en": "Hello **all**."}})
}

pub async fn issue_action(app: &Api, id: &str, action: &str) -> Reply {
    app.admin_post(
        &format!("/api/v1/admin/newsletter/issues/{id}/{action}"),
        &json!({}),
    )
    .await
}

/// Polls the issue until `done` holds for it.
pub async fn issue_until(app: &Api, id: &str, done: impl Fn(&Value) -> bool) -> Value {
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

fn recipients(mails: &[Mail], subject: &str) -> Vec<String> {
    mails
        .iter()
        .filter(|m| m.subject == subject)
        .map(|m| m.to.clone())
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
    let done = issue_until(&app, &id, |i| i["progress"]["sent"] == 3).await;
    let mails = app.quiet_mails(&sink).await;
    assert_eq!(mails.len(), 4, "pending@'s opt-in and one copy each");
    let mut german = recipients(&mails, "Neuigkeiten");
    german.sort();
    assert_eq!(german, ["de1@example.org", "de2@example.org"]);
    assert_eq!(
        recipients(&mails, "News"),
        ["es1@example.org"],
        "fallback language"
    );
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
    assert_eq!(app.quiet_mails(&sink).await.len(), 4);

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

/// An app sending an issue to 150 readers, in batches of five, through one connection, whose
/// first mail the sink keeps unanswered: the worker is mid-send, with a batch in hand.
async fn mid_send(backend: Backend) -> Option<(TestApp, SmtpSink, String)> {
    let settings = [
        ("DIALOGO_NEWSLETTER_BATCH", "5".to_owned()),
        ("DIALOGO_MAIL_CONNECTIONS", "1".to_owned()),
    ];
    let (app, sink) = app_with_sink(backend, &settings).await?;
    assert_eq!(import(&app, &readers_csv(150)).await.status, 200);
    sink.hold();
    let id = create_issue(&app, &simple_issue()).await;
    assert_eq!(issue_action(&app, &id, "send").await.status, 202);
    sink.wait_until_holding(WAIT).await;
    Some((app, sink, id))
}

async fn a_paused_issue_resumes_without_sending_twice(backend: Backend) {
    let Some((app, sink, id)) = mid_send(backend).await else {
        return;
    };
    let paused = issue_action(&app, &id, "pause").await;
    assert_eq!(
        (paused.status, paused.body["status"].as_str()),
        (200, Some("paused")),
        "{}",
        paused.text
    );
    sink.release();
    let held = issue_until(&app, &id, |i| i["progress"]["queued"] == 0).await;
    let sent_while_paused = held["progress"]["sent"].as_u64().unwrap();
    // The worker sends what it had claimed (a batch of 50 with one connection), no more.
    assert!(
        (1..=50).contains(&sent_while_paused),
        "pausing did not take the queued mails back: {held}"
    );
    assert_eq!(app.quiet_mails(&sink).await.len() as u64, sent_while_paused);

    let resumed = issue_action(&app, &id, "send").await;
    assert_eq!(resumed.body["status"], "sending", "{}", resumed.text);
    issue_until(&app, &id, |i| {
        i["status"] == "sent" && i["progress"]["sent"] == 150
    })
    .await;
    let mails = app.quiet_mails(&sink).await;
    let got: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    let unique: HashSet<&str> = got.iter().copied().collect();
    assert_eq!((got.len(), unique.len()), (150, 150), "each reader once");

    // A cancelled issue cannot be sent.
    let other = create_issue(&app, &simple_issue()).await;
    let cancelled = issue_action(&app, &other, "cancel").await;
    assert_eq!(cancelled.body["status"], "cancelled");
    let refused = issue_action(&app, &other, "send").await;
    assert_eq!((refused.status, refused.code()), (409, "issue_cancelled"));
}

/// Cancelling an issue while it is being sent takes back every mail no worker has in hand:
/// those go out, no other.
async fn an_issue_cancelled_while_sending_sends_no_more(backend: Backend) {
    let Some((app, sink, id)) = mid_send(backend).await else {
        return;
    };
    let cancelled = issue_action(&app, &id, "cancel").await;
    assert_eq!(
        (cancelled.status, cancelled.body["status"].as_str()),
        (200, Some("cancelled")),
        "{}",
        cancelled.text
    );
    sink.release();
    let mails = app.quiet_mails(&sink).await;
    let issue = issue_until(&app, &id, |_| true).await;
    assert_eq!(issue["status"], "cancelled");
    let sent = issue["progress"]["sent"].as_u64().unwrap();
    assert!((1..=50).contains(&sent), "{issue}");
    assert_eq!(issue["progress"]["queued"], 0, "{issue}");
    assert_eq!(mails.len() as u64, sent, "only the mails in hand went out");
    let refused = issue_action(&app, &id, "send").await;
    assert_eq!((refused.status, refused.code()), (409, "issue_cancelled"));
    assert_eq!(app.quiet_mails(&sink).await.len() as u64, sent);
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
    // The registration still counts, withdrawn and without personal data.
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{event_id}/registrations"))
        .await;
    assert_eq!(list.body["counts"]["withdrawn"], 1, "{}", list.text);
    assert_eq!(list.body["items"][0]["email"], "(erased)");
    assert!(!list.text.contains("ana@"), "{}", list.text);
    let bad = app.admin_get("/api/v1/admin/people?email=nope").await;
    assert_eq!((bad.status, bad.field()), (400, "email"));
}
