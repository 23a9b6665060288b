//! The console's newsletter subscribers in every language, as a newsletter editor uses them:
//! an empty import refused beside its field, a pasted CSV with one bad line imported and its
//! report, the list filtered by a search, one subscriber, and its deletion behind a
//! confirmation. Each page is checked like the console's others (axe-core, the Nu HTML
//! Checker, no message left unfilled).

use crate::console::{PASSWORD, account, sign_in, type_into};
use crate::fixture::{Fixture, LANGUAGES};
use crate::harness::Registered;

pub fn trials() -> Vec<Registered> {
    LANGUAGES
        .into_iter()
        .map(|lang| {
            Registered::new(
                format!("console_subscribers::an_editor_imports_filters_and_deletes::{lang}"),
                move |f| an_editor_imports_filters_and_deletes(f, lang),
            )
        })
        .collect()
}

const LIST: &str = "/console/newsletter/subscribers";

async fn an_editor_imports_filters_and_deletes(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    let editor = format!("subscribers-editor-{lang}@example.org");
    let reader = format!("imported-reader-{lang}@example.org");
    account(fixture, &editor, "newsletter_editor", lang).await;
    browser.accept_language(lang).await;
    sign_in(fixture, &editor, PASSWORD).await;
    assert_eq!(browser.lang().await, lang);

    browser.open(LIST).await;
    browser.follow(&format!("a[href='{LIST}/import']")).await;
    fixture
        .check(&format!("console-subscribers-import-{lang}"), false)
        .await;
    browser.follow("main form.site-form button").await;
    assert_eq!(browser.count("#error-summary a[href='#csv']").await, 1);
    assert_eq!(browser.count("#csv-error").await, 1);
    fixture
        .check(&format!("console-subscribers-import-refused-{lang}"), false)
        .await;

    let csv = format!(
        "email,name,language,topics,consent_at,consent_source\n\
         {reader},Ana Morales,{lang},open-data,2026-01-10,partner list\n\
         not-an-address,Ben,en,,,\n"
    );
    type_into(fixture, "textarea#csv", &csv).await;
    browser.follow("main form.site-form button").await;
    assert_eq!(browser.count("#refused-lines tbody tr").await, 1);
    assert_eq!(browser.text("#refused-lines tbody td").await, "3");
    fixture
        .check(&format!("console-subscribers-report-{lang}"), false)
        .await;

    browser.open(LIST).await;
    type_into(fixture, "input#filter-q", &reader).await;
    browser.follow("form.site-filters button").await;
    assert_eq!(browser.count("#subscribers tbody tr").await, 1);
    fixture
        .check(&format!("console-subscribers-{lang}"), false)
        .await;

    browser.follow("#subscribers tbody a").await;
    assert!(browser.text("main").await.contains("partner list"));
    fixture
        .check(&format!("console-subscriber-{lang}"), false)
        .await;
    browser.follow("main a[href$='/delete']").await;
    assert!(browser.text("main").await.contains(&reader));
    fixture
        .check(&format!("console-subscriber-delete-{lang}"), false)
        .await;
    browser.follow("main form.site-form button").await;
    assert_eq!(browser.count("main [role=status]").await, 1);
    fixture
        .check(&format!("console-subscriber-deleted-{lang}"), false)
        .await;
    browser
        .follow("form[action='/console/sign-out'] button")
        .await;
}
