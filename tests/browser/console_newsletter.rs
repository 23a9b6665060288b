//! The console's newsletter issues in every language, as an editor uses them: the list, the
//! form (refused, then filled in English and Spanish), the issue's page with its texts
//! rendered, a test copy to oneself, the confirmation naming the readers, and the page
//! following the delivery to 100 % by itself. Each page is checked like the console's others
//! (axe-core, the Nu HTML Checker, no message left unfilled).
//!
//! One editor signs in once for every language (the console allows a client 20 attempts at
//! once, which the trials before use up); between trials only the account's language changes.

use std::time::{Duration, Instant};

use diesel::prelude::*;

use dialogo::db::models::User;
use dialogo::db::schema::users;

use crate::console::{PASSWORD, account, sign_in, type_into};
use crate::fixture::{Fixture, LANGUAGES};
use crate::harness::Registered;
use crate::mails::Mail;

/// The editor of every trial here.
const EDITOR: &str = "issues-editor@example.org";

pub fn trials() -> Vec<Registered> {
    LANGUAGES
        .into_iter()
        .map(|lang| {
            Registered::new(
                format!("console_newsletter::an_editor_writes_tests_and_sends_an_issue::{lang}"),
                move |f| an_editor_writes_tests_and_sends_an_issue(f, lang),
            )
        })
        .collect()
}

/// Three confirmed readers `reader-{lang}-{i}@example.org`, imported with consent.
async fn readers(fixture: &Fixture, lang: &str) {
    let mut csv = String::from("email,language,consent_at,consent_source\n");
    for i in 0..3 {
        csv.push_str(&format!(
            "reader-{lang}-{i}@example.org,{lang},2026-01-10,fair\n"
        ));
    }
    let reply = fixture.app.import_subscribers(&csv).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

/// [`EDITOR`] speaking `lang`, signed in (once for all trials).
async fn editor_in(fixture: &Fixture, lang: &'static str) {
    let exists = fixture
        .app
        .with_conn(|conn| User::find_by_email(conn, EDITOR).unwrap().is_some())
        .await;
    if !exists {
        account(fixture, EDITOR, "newsletter_editor", lang).await;
    }
    fixture
        .app
        .with_conn(move |conn| {
            diesel::update(users::table.filter(users::email.eq(EDITOR)))
                .set(users::language.eq(lang))
                .execute(conn)
                .unwrap()
        })
        .await;
    let browser = &fixture.browser;
    browser.accept_language(lang).await;
    browser.open("/console/newsletter").await;
    if browser.path().await.starts_with("/console/sign-in") {
        sign_in(fixture, EDITOR, PASSWORD).await;
        browser.open("/console/newsletter").await;
    }
}

/// The test copy of the issue with `subject`, once the sink has it.
async fn test_copy(fixture: &Fixture, subject: &str) -> Mail {
    let started = Instant::now();
    loop {
        let found = fixture
            .sink
            .mails()
            .iter()
            .map(|raw| Mail::parse(raw))
            .find(|mail| mail.to == EDITOR && mail.subject.contains(subject));
        if let Some(mail) = found {
            return mail;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no test copy of {subject}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The form's submit button (not the sign-out button above it).
const SUBMIT: &str = "main form[novalidate] button[type=submit]";
/// A confirmation page's button.
const CONFIRM: &str = "main form.site-form:not([action]) button";

async fn an_editor_writes_tests_and_sends_an_issue(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    readers(fixture, lang).await;
    editor_in(fixture, lang).await;
    assert_eq!(browser.lang().await, lang);
    assert_eq!(
        browser
            .count("a[href='/console/newsletter/subscribers']")
            .await,
        1
    );
    fixture
        .check(&format!("console-newsletter-{lang}"), false)
        .await;

    browser.follow("a[href='/console/newsletter/new']").await;
    fixture
        .check(&format!("console-issue-new-{lang}"), false)
        .await;
    let spanish = format!("Noticias del programa ({lang})");
    type_into(fixture, "input#subject-es", &spanish).await;
    browser.follow(SUBMIT).await;
    assert_eq!(browser.count("#error-summary a[href='#body-es']").await, 1);
    assert_eq!(browser.count("#body-es-error").await, 1);
    fixture
        .check(&format!("console-issue-refused-{lang}"), false)
        .await;

    // English is the second language offered.
    browser.click("label[for='fallback_language-2']").await;
    type_into(fixture, "input#subject-en", "Programme news").await;
    type_into(
        fixture,
        "textarea#body-en",
        "Hello **all**.\n\n- one\n- two",
    )
    .await;
    type_into(fixture, "textarea#body-es", "Hola **a todos**.").await;
    browser.follow(SUBMIT).await;
    assert_eq!(browser.count("main [role=status]").await, 1);
    assert_eq!(
        browser.text("div.site-markdown[lang=en] strong").await,
        "all"
    );
    assert_eq!(
        browser.text("div.site-markdown[lang=es] strong").await,
        "a todos"
    );
    fixture
        .check(&format!("console-issue-draft-{lang}"), false)
        .await;

    // Spanish is the second language the issue is written in.
    browser.click("label[for='language-2']").await;
    browser.follow("form[action$='/test'] button").await;
    let test = test_copy(fixture, &spanish).await;
    assert!(
        test.text.contains("/newsletter/unsubscribe/"),
        "{}",
        test.text
    );

    browser.follow("a[href$='/send']").await;
    let confirmation = browser.text("main").await;
    fixture
        .check(&format!("console-issue-send-{lang}"), false)
        .await;
    browser.follow(CONFIRM).await;
    // The confirmation named the audience sending fixed.
    let path = browser.path().await;
    let id = path.trim_start_matches("/console/newsletter/");
    let id = id.split('?').next().unwrap_or_default();
    let issue = fixture
        .app
        .admin_get(&format!("/api/v1/admin/newsletter/issues/{id}"))
        .await;
    let total = issue.body["progress"]["total"].as_i64().unwrap_or_default();
    assert!(total >= 3, "{}", issue.text);
    assert!(confirmation.contains(&total.to_string()), "{confirmation}");
    assert_eq!(browser.count("progress#progress-bar").await, 1);
    browser
        .until(
            "document.getElementById('progress-bar').value === 100 \
             && document.getElementById('progress').dataset.running === 'false'",
            "the page showing the delivery at 100 %",
        )
        .await;
    assert!(
        browser.text("#progress-counts").await.starts_with("100"),
        "the counts said too"
    );
    fixture
        .check(&format!("console-issue-sent-{lang}"), false)
        .await;
}
