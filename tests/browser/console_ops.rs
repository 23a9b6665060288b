//! The console's outbox, people and audit log sections in every language, as an admin uses
//! them: the outbox with a failed mail, a person looked up (and an address refused), the
//! erasure's confirmation and its result, and the audit log. Each page is checked like the
//! console's others (axe-core, the Nu HTML Checker, no message left unfilled).

use std::time::{Duration, Instant};

use serde_json::json;

use crate::console::{PASSWORD, account, sign_in, type_into};
use crate::fixture::{Fixture, LANGUAGES};
use crate::harness::Registered;

pub fn trials() -> Vec<Registered> {
    LANGUAGES
        .into_iter()
        .map(|lang| {
            Registered::new(
                format!("console_ops::an_admin_uses_the_outbox_people_and_audit_log::{lang}"),
                move |f| an_admin_uses_the_outbox_people_and_audit_log(f, lang),
            )
        })
        .collect()
}

/// A test mail to `to` that the sink refuses for good, once it has failed.
async fn failed_mail(fixture: &Fixture, to: &str) {
    fixture.sink.refuse_recipient(to, true);
    let reply = fixture
        .app
        .admin_post(
            "/api/v1/admin/mail/test",
            &json!({"to": to, "language": "en", "event_id": fixture.event_id()}),
        )
        .await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    let path = format!(
        "/api/v1/admin/outbox/{}",
        reply.body["id"].as_str().unwrap()
    );
    let started = Instant::now();
    while fixture.app.admin_get(&path).await.body["status"] != "failed" {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the mail never failed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `email` registered for the fixture's event, in `lang`.
async fn registered(fixture: &Fixture, email: &str, lang: &str) {
    let path = format!("/api/v1/events/{}/registrations", fixture.event_id());
    let body = json!({
        "name": "Tamar Kapanadze",
        "email": email,
        "organisation": "City of Kutaisi",
        "organisation_type": "municipality",
        "country": "GE",
        "language": lang,
        "timezone": "Asia/Tbilisi",
        "consent": true
    });
    let app = &fixture.app;
    let reply = app.send(app.client.post(app.url(&path)).json(&body)).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
}

async fn an_admin_uses_the_outbox_people_and_audit_log(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    let admin = format!("ops-admin-{lang}@example.org");
    let bounce = format!("bounce-{lang}@example.org");
    let person = format!("person-{lang}@example.org");
    account(fixture, &admin, "admin", lang).await;
    failed_mail(fixture, &bounce).await;
    registered(fixture, &person, lang).await;
    browser.accept_language(lang).await;
    sign_in(fixture, &admin, PASSWORD).await;
    assert_eq!(browser.lang().await, lang);

    browser.open("/console/outbox").await;
    assert!(browser.text("main table").await.contains(&bounce));
    assert!(
        browser.count("main table form button").await >= 1,
        "a retry button"
    );
    fixture
        .check(&format!("console-outbox-{lang}"), false)
        .await;

    browser.open("/console/people").await;
    type_into(fixture, "input#email", "not an address").await;
    browser
        .follow("form[action='/console/people'] button")
        .await;
    assert_eq!(browser.count("#error-summary a[href='#email']").await, 1);
    fixture
        .check(&format!("console-people-refused-{lang}"), false)
        .await;
    type_into(fixture, "input#email", &person).await;
    browser
        .follow("form[action='/console/people'] button")
        .await;
    assert!(browser.text("main table").await.contains("City of Kutaisi"));
    fixture
        .check(&format!("console-people-{lang}"), false)
        .await;

    browser.follow("a[href^='/console/people/erase']").await;
    assert!(browser.text("main").await.contains(&person));
    fixture
        .check(&format!("console-people-erase-{lang}"), false)
        .await;
    browser
        .follow("form[action='/console/people/erase'] button")
        .await;
    assert_eq!(browser.count("main [role=status]").await, 1);
    fixture
        .check(&format!("console-people-erased-{lang}"), false)
        .await;

    browser.open("/console/audit").await;
    assert!(browser.count("main table tbody tr").await >= 3);
    fixture.check(&format!("console-audit-{lang}"), false).await;
    browser
        .follow("form[action='/console/sign-out'] button")
        .await;
}
