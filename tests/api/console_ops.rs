//! The console's outbox and audit log sections, on the same service code as the API: a failed
//! mail queued again from its button, refused to a role without the permission; the log
//! listed newest first, filtered, in pages and as CSV, and refused to a coordinator. The
//! people section is in `console_people.rs`, which shares the helpers here.

use scraper::Html;

use dialogo::db::models::{AuditEntry, AuditFilter, NewAuditEntry, User};

use crate::console_support::{Browser, PASSWORD, account_with_password, location};
use crate::form_support::token_fields;
use crate::helpers::{Backend, TestApp};
use crate::mail_delivery::wait_for_status;
use crate::mail_outbox::queue_test_mail;
use crate::public_pages::select;
use crate::registration_flow::app_with_sink;
use crate::smtp_sink::SmtpSink;
use crate::{for_both_backends, on_both_backends};

for_both_backends!(
    a_failed_mail_retried_from_the_outbox_is_queued_again,
    a_viewer_sees_the_outbox_without_retry_buttons_and_may_not_retry,
);

on_both_backends!(
    a_coordinator_may_not_open_the_audit_log,
    the_audit_log_lists_entries_newest_first_filtered_and_in_pages,
);

/// The address the sink refuses for good.
const BOUNCE: &str = "bounce@example.org";

/// An app whose sink refused a test mail to [`BOUNCE`] for good, with that mail's id.
async fn app_with_failed_mail(backend: Backend) -> Option<(TestApp, SmtpSink, String)> {
    let (app, sink) = app_with_sink(backend, &[]).await?;
    sink.refuse_recipient(BOUNCE, true);
    let id = queue_test_mail(&app, BOUNCE).await;
    wait_for_status(&app, &id, "failed").await;
    Some((app, sink, id))
}

/// A browser signed in to an account of `role` at `email`.
pub async fn signed_in(app: &TestApp, email: &str, role: &str) -> (User, Browser) {
    let user = account_with_password(app, email, role).await;
    let browser = Browser::new(app);
    let reply = browser.sign_in(email, PASSWORD).await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    (user, browser)
}

/// The first form token of the page at `path`.
pub async fn token_of(browser: &Browser, path: &str) -> String {
    let page = browser.get(path).await;
    token_fields(&page.text).into_iter().next().expect("a form")
}

/// The status of the outbox's mail `id`, as the API tells it.
async fn status_of(app: &TestApp, id: &str) -> String {
    let reply = app.admin_get(&format!("/api/v1/admin/outbox/{id}")).await;
    reply.body["status"].as_str().unwrap_or_default().to_owned()
}

/// The actions `user` is recorded with.
pub async fn recorded(app: &TestApp, user: &User) -> Vec<String> {
    let filter = AuditFilter {
        user_id: Some(user.id.clone()),
        ..Default::default()
    };
    app.with_conn(move |conn| AuditEntry::list(conn, &filter, None, None).unwrap())
        .await
        .into_iter()
        .map(|entry| entry.action)
        .collect()
}
/// The texts of the `n`th column of the table on `html`.
fn column(html: &str, n: usize) -> Vec<String> {
    let page = Html::parse_document(html);
    select(&page, &format!("tbody tr td:nth-child({n})"))
        .iter()
        .map(|cell| cell.text().collect())
        .collect()
}

async fn a_failed_mail_retried_from_the_outbox_is_queued_again(backend: Backend) {
    let Some((app, sink, id)) = app_with_failed_mail(backend).await else {
        return;
    };
    let (_, browser) = signed_in(&app, "coordinator@example.org", "coordinator").await;
    let outbox = browser.get("/console/outbox").await;
    assert_eq!(outbox.status, 200, "{}", outbox.text);
    assert!(outbox.text.contains(BOUNCE), "failed mails by default");
    assert!(outbox.text.contains("550"), "with the last error");
    let page = Html::parse_document(&outbox.text);
    let retry = format!("/console/outbox/{id}/retry");
    assert_eq!(select(&page, &format!("form[action='{retry}']")).len(), 1);
    assert_eq!(
        select(&page, "a[href='/console/outbox'][aria-current=page]").len(),
        1
    );

    // Held at the sink, the mail stays queued for as long as the test looks at it.
    sink.refuse_recipient(BOUNCE, false);
    sink.hold();
    let token = token_of(&browser, "/console/outbox").await;
    let retried = browser.post(&retry, &token, &[]).await;
    assert_eq!(retried.status, 303, "{}", retried.text);
    assert_eq!(location(&retried), "/console/outbox?retried");
    assert_eq!(status_of(&app, &id).await, "pending");
    let confirmed = browser.get(location(&retried)).await;
    assert!(
        confirmed.text.contains("queued again"),
        "{}",
        confirmed.text
    );
    assert!(
        !confirmed.text.contains(BOUNCE),
        "no longer among the failed"
    );
    sink.release();
    wait_for_status(&app, &id, "sent").await;

    let again = browser.post(&retry, &token, &[]).await;
    assert_eq!(again.status, 409, "only failed mails: {}", again.text);
    assert!(
        again.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let lost = browser.get("/console/outbox?status=lost").await;
    assert_eq!(lost.status, 400, "{}", lost.text);
}

async fn a_viewer_sees_the_outbox_without_retry_buttons_and_may_not_retry(backend: Backend) {
    let Some((app, _sink, id)) = app_with_failed_mail(backend).await else {
        return;
    };
    let (_, browser) = signed_in(&app, "viewer@example.org", "viewer").await;
    let outbox = browser.get("/console/outbox?status=all").await;
    assert_eq!(outbox.status, 200, "{}", outbox.text);
    assert!(outbox.text.contains(BOUNCE));
    assert!(!outbox.text.contains("/retry"), "no button for a viewer");

    let token = token_of(&browser, "/console/outbox").await;
    let refused = browser
        .post(&format!("/console/outbox/{id}/retry"), &token, &[])
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(select(&Html::parse_document(&refused.text), "h1").len(), 1);
    assert_eq!(status_of(&app, &id).await, "failed", "nothing changed");
}

async fn a_coordinator_may_not_open_the_audit_log(app: TestApp) {
    let (_, browser) = signed_in(&app, "coordinator@example.org", "coordinator").await;
    for path in ["/console/audit", "/console/audit/export?action=signed_in"] {
        let refused = browser.get(path).await;
        assert_eq!(refused.status, 403, "{path}: {}", refused.text);
        assert!(!refused.text.contains("coordinator@example.org"), "{path}");
    }
}

async fn the_audit_log_lists_entries_newest_first_filtered_and_in_pages(app: TestApp) {
    let (admin, browser) = signed_in(&app, "admin@example.org", "admin").await;
    browser
        .get("/console/people?email=someone@example.org")
        .await;
    let log = browser.get("/console/audit").await;
    assert_eq!(log.status, 200, "{}", log.text);
    assert_eq!(
        column(&log.text, 3)[..2],
        ["Person's data exported", "Signed in"],
        "newest first"
    );
    assert_eq!(column(&log.text, 2)[0], "Ana Morales (admin@example.org)");

    let filtered = browser
        .get("/console/audit?action=signed_in&user_id=&object_id=&from=&until=")
        .await;
    assert_eq!(filtered.status, 200, "{}", filtered.text);
    assert_eq!(column(&filtered.text, 3), ["Signed in"]);
    let mine = browser
        .get(&format!(
            "/console/audit?user_id={}&from=2020-01-01",
            admin.id
        ))
        .await;
    assert_eq!(column(&mine.text, 3).len(), 2, "{}", mine.text);
    let csv = browser
        .get("/console/audit/export?action=person_exported")
        .await;
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert_eq!(csv.text.lines().count(), 2, "{}", csv.text);
    assert!(csv.text.contains(&admin.id));

    let refused = browser.get("/console/audit?from=yesterday").await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    let page = Html::parse_document(&refused.text);
    assert_eq!(select(&page, "#from-error").len(), 1);
    assert_eq!(select(&page, "table").len(), 0);

    let object = uuid::Uuid::now_v7().to_string();
    let appended = object.clone();
    app.with_conn(move |conn| {
        for _ in 0..53 {
            let entry = NewAuditEntry {
                user_id: None,
                token_name: None,
                action: "event_published",
                object_type: "event",
                object_id: Some(appended.clone()),
                client_address: None,
            };
            AuditEntry::append(conn, &entry).unwrap();
        }
    })
    .await;
    let first = browser
        .get(&format!("/console/audit?object_id={object}"))
        .await;
    let page = Html::parse_document(&first.text);
    assert_eq!(select(&page, "tbody tr").len(), 50);
    assert!(first.text.contains("Command line"));
    let next = select(&page, "a[rel=next]")[0]
        .attr("href")
        .unwrap()
        .to_owned();
    let second = browser.get(&next).await;
    assert_eq!(second.status, 200, "{}", second.text);
    let page = Html::parse_document(&second.text);
    assert_eq!(select(&page, "tbody tr").len(), 3);
    assert_eq!(select(&page, "a[rel=next]").len(), 0);
}
