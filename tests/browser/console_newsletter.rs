//! The console's newsletter issues in every language, as an editor uses them: the list, the
//! form (refused, then filled in English and Spanish), the issue's page with its texts
//! rendered, a test copy to oneself, the confirmation naming the readers, and the page
//! following the delivery to 100 % by itself. Each page is checked like the console's others
//! (axe-core, the Nu HTML Checker, no message left unfilled).

use crate::console::{PASSWORD, account, sign_in, type_into};
use crate::fixture::{Fixture, LANGUAGES};
use crate::harness::Registered;

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
    let app = &fixture.app;
    let reply = app
        .send(
            app.client
                .post(app.url("/api/v1/admin/newsletter/subscribers/import"))
                .bearer_auth(&app.admin_token)
                .header("Content-Type", "text/csv")
                .body(csv),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

/// The form's submit button (not the sign-out button above it).
const SUBMIT: &str = "main form[novalidate] button[type=submit]";
/// A confirmation page's button.
const CONFIRM: &str = "main form.site-form:not([action]) button";

async fn an_editor_writes_tests_and_sends_an_issue(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    let editor = format!("editor-{lang}@example.org");
    account(fixture, &editor, "newsletter_editor", lang).await;
    readers(fixture, lang).await;
    browser.accept_language(lang).await;
    sign_in(fixture, &editor, PASSWORD).await;

    browser.open("/console/newsletter").await;
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
    type_into(fixture, "input#subject-es", "Noticias del programa").await;
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
    let test = fixture.mail_to(&editor, "/newsletter/unsubscribe/").await;
    assert!(
        test.subject.contains("Noticias del programa"),
        "{}",
        test.subject
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
    assert_eq!(browser.count("progress#issue-progress-bar").await, 1);
    browser
        .until(
            "document.getElementById('issue-progress-bar').value === 100 \
             && document.getElementById('issue-delivery').dataset.running === 'false'",
            "the page showing the delivery at 100 %",
        )
        .await;
    assert!(
        browser
            .text("#issue-progress-counts")
            .await
            .starts_with("100"),
        "the counts said too"
    );
    fixture
        .check(&format!("console-issue-sent-{lang}"), false)
        .await;
    browser
        .follow("form[action='/console/sign-out'] button")
        .await;
}
