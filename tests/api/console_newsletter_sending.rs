//! Sending an issue from the console: the confirmation names how many confirmed readers the
//! issue reaches (the dispatcher's own count), the page's progress endpoint follows the
//! delivery to 100 %, and pause, resume and cancel work from the page, each recorded in the
//! audit log as the API records it.

use std::time::Duration;

use serde_json::Value;

use dialogo::db::models::User;

use crate::console_newsletter_issues::written_issue;
use crate::console_ops::{recorded, token_of};
use crate::console_support::{Browser, location};
use crate::helpers::{Backend, TestApp};
use crate::newsletter_issues::{import, issue_until, readers_csv};
use crate::registration_flow::{WAIT, app_with_sink};
use crate::{for_both_backends, on_both_backends};

on_both_backends!(sending_names_the_readers_reached_and_the_progress_reaches_all);
for_both_backends!(an_issue_is_paused_resumed_and_cancelled_from_its_page);

/// The progress endpoint's answer for the issue `id`.
async fn progress(browser: &Browser, id: &str) -> Value {
    let reply = browser
        .get(&format!("/console/newsletter/{id}/progress"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    serde_json::from_str(&reply.text).unwrap()
}

/// What the audit log records of `user` about issues, oldest first.
async fn issue_actions(app: &TestApp, user: &User) -> Vec<String> {
    let actions = recorded(app, user).await;
    actions
        .into_iter()
        .filter(|action| action.starts_with("issue_"))
        .collect()
}

/// Confirms sending (or resuming) the issue at `path` with its page's button.
async fn send(browser: &Browser, path: &str) {
    let token = token_of(browser, path).await;
    let sent = browser.post(&format!("{path}/send"), &token, &[]).await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    assert_eq!(location(&sent), format!("{path}?done=sent"));
}

async fn sending_names_the_readers_reached_and_the_progress_reaches_all(app: TestApp) {
    let imported = import(&app, &readers_csv(3)).await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    let (user, browser, id) = written_issue(&app, "editor@example.org").await;
    let path = format!("/console/newsletter/{id}");
    assert_eq!(progress(&browser, &id).await["status"], "draft");

    let confirm = browser.get(&format!("{path}/send")).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(
        confirm.text.contains("3 confirmed subscribers are reached"),
        "{}",
        confirm.text
    );
    send(&browser, &path).await;

    let deadline = tokio::time::Instant::now() + WAIT;
    let last = loop {
        let now = progress(&browser, &id).await;
        if now["running"] == false {
            break now;
        }
        assert!(tokio::time::Instant::now() < deadline, "{now}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(last["status"], "sent", "{last}");
    assert_eq!(last["percent"], 100, "{last}");
    assert!(
        last["text"].as_str().unwrap().contains("3 of 3 sent"),
        "{last}"
    );
    let shown = browser.get(&path).await;
    assert!(shown.text.contains("value=\"100\""), "{}", shown.text);
    assert!(
        !shown.text.contains(&format!("{path}/pause")),
        "nothing to pause"
    );

    // Sent: no confirmation applies any more.
    let again = browser.get(&format!("{path}/send")).await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert_eq!(issue_actions(&app, &user).await, ["issue_sent"]);
}

async fn an_issue_is_paused_resumed_and_cancelled_from_its_page(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    sink.hold();
    let imported = import(&app, &readers_csv(4)).await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    let (user, browser, id) = written_issue(&app, "editor@example.org").await;
    let path = format!("/console/newsletter/{id}");
    send(&browser, &path).await;
    issue_until(&app, &id, |i| i["progress"]["queued"].as_i64() > Some(0)).await;

    let shown = browser.get(&path).await;
    assert!(
        shown.text.contains(&format!("action=\"{path}/pause\"")),
        "{}",
        shown.text
    );
    assert!(shown.text.contains("data-running=\"true\""));
    assert!(
        shown.text.contains("Refresh the progress"),
        "a link without JavaScript"
    );
    let token = token_of(&browser, &path).await;
    let paused = browser.post(&format!("{path}/pause"), &token, &[]).await;
    assert_eq!(paused.status, 303, "{}", paused.text);
    assert_eq!(progress(&browser, &id).await["status"], "paused");
    let shown = browser.get(location(&paused)).await;
    assert!(shown.text.contains("Sending is paused"));
    assert!(
        shown.text.contains(&format!("action=\"{path}/send\"")),
        "resume"
    );
    assert!(shown.text.contains("data-running=\"false\""));

    send(&browser, &path).await;
    let resumed = progress(&browser, &id).await;
    assert!(
        resumed["status"] == "sending" || resumed["status"] == "sent",
        "{resumed}"
    );

    let cancel = format!("{path}/cancel");
    let confirm = browser.get(&cancel).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(confirm.text.contains("Programme news"));
    let token = token_of(&browser, &cancel).await;
    let cancelled = browser.post(&cancel, &token, &[]).await;
    assert_eq!(cancelled.status, 303, "{}", cancelled.text);
    assert_eq!(progress(&browser, &id).await["status"], "cancelled");
    sink.release();
    assert_eq!(
        issue_actions(&app, &user).await,
        [
            "issue_sent",
            "issue_paused",
            "issue_sent",
            "issue_cancelled"
        ]
    );
}
