//! Mails keep their content (and the links in it) only while it may still be sent: a failed
//! mail for a retry, for the configured days; then it keeps only its outline, as a sent one.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use serde_json::json;

use dialogo::db::schema::outbox;

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp};
use crate::registration_flow::{WAIT, app_with_sink, register, registrant};
use crate::security_support::event_with_seats;

for_both_backends!(failed_mails_keep_their_content_for_a_retry_and_then_lose_it);

/// Whether the mail `id` still holds its content.
async fn has_content(app: &TestApp, id: &str) -> bool {
    let (pool, id) = (app.app_state.pool.clone(), id.to_owned());
    tokio::task::spawn_blocking(move || {
        outbox::table
            .find(id)
            .select(outbox::message.is_not_null())
            .get_result::<bool>(&mut pool.get().unwrap())
            .unwrap()
    })
    .await
    .unwrap()
}

/// Waits until the outbox's only mail to `to` has `status`; its id.
async fn mail_in(app: &TestApp, status: &str) -> String {
    let started = Instant::now();
    loop {
        let list = app
            .admin_get(&format!("/api/v1/admin/outbox?status={status}"))
            .await;
        if let Some(id) = list.body["items"][0]["id"].as_str() {
            return id.to_owned();
        }
        assert!(started.elapsed() < WAIT, "no {status} mail: {}", list.text);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn until(app: &TestApp, id: &str, content: bool) {
    let started = Instant::now();
    while has_content(app, id).await != content {
        assert!(started.elapsed() < WAIT, "{id} never had content {content}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn failed_mails_keep_their_content_for_a_retry_and_then_lose_it(backend: Backend) {
    let Some((app, sink)) =
        app_with_sink(backend, &[("DIALOGO_FAILED_MAIL_KEEP_DAYS", "7".into())]).await
    else {
        return;
    };
    let event = event_with_seats(&app, 10).await;
    // A sent mail keeps no content.
    assert_eq!(
        register(&app, &event, &registrant("ben@example.org"))
            .await
            .status,
        202
    );
    let sent = mail_in(&app, "sent").await;
    until(&app, &sent, false).await;

    sink.refuse_recipient("ana@example.org", true);
    assert_eq!(
        register(&app, &event, &registrant("ana@example.org"))
            .await
            .status,
        202
    );
    let failed = mail_in(&app, "failed").await;
    assert!(has_content(&app, &failed).await, "kept for a retry");
    let retry = format!("/api/v1/admin/outbox/{failed}/retry");
    let retried = app.admin_post(&retry, &json!({})).await;
    assert_eq!(retried.status, 200, "{}", retried.text);
    mail_in(&app, "failed").await;

    // A week later (by the scheduler's clock) the content is gone, and so is the retry.
    app.app_state.clock.advance(chrono::TimeDelta::days(6));
    app.app_state.schedule_changed.notify_one();
    let quiet = Instant::now();
    while quiet.elapsed() < Duration::from_millis(500) {
        assert!(
            has_content(&app, &failed).await,
            "cleared before its days were up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.app_state.clock.advance(chrono::TimeDelta::days(2));
    app.app_state.schedule_changed.notify_one();
    until(&app, &failed, false).await;
    let refused = app.admin_post(&retry, &json!({})).await;
    assert_eq!(
        (refused.status, refused.code()),
        (409, "content_cleared"),
        "{}",
        refused.text
    );
    let still = app
        .admin_get(&format!("/api/v1/admin/outbox/{failed}"))
        .await;
    assert_eq!(
        still.body["status"], "failed",
        "the outline stays: {}",
        still.text
    );
}
