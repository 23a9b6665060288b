//! Reading: the list leads to the event, the language switcher changes the page's language,
//! and every page a visitor reads — the list, an event, the privacy notice, the 404 page, the
//! registration and newsletter forms, also refused — has no accessibility violation in any
//! language.

use crate::fixture::{Fixture, LANGUAGES};
use crate::harness::Registered;

pub fn trials() -> Vec<Registered> {
    vec![
        Registered::new(
            "reading::the_list_leads_to_the_event_and_the_switcher_changes_its_language",
            the_list_leads_to_the_event_and_the_switcher_changes_its_language,
        ),
        Registered::new(
            "reading::accessible::the_check_finds_a_page_without_its_language",
            the_check_finds_a_page_without_its_language,
        ),
        Registered::new("reading::accessible::events_list", |f| {
            every_language(f, "events-list", "/events".to_owned())
        }),
        Registered::new("reading::accessible::event_page", |f| {
            every_language(f, "event-page", format!("/events/{}", f.slug()))
        }),
        Registered::new("reading::accessible::privacy_notice", |f| {
            every_language(f, "privacy", "/privacy".to_owned())
        }),
        Registered::new("reading::accessible::not_found_page", |f| {
            every_language(f, "not-found", "/events/no-such-event".to_owned())
        }),
        Registered::new("reading::accessible::registration_form", |f| {
            every_language(f, "register-form", format!("/events/{}/register", f.slug()))
        }),
        Registered::new("reading::accessible::newsletter_form", |f| {
            every_language(f, "newsletter-form", "/newsletter".to_owned())
        }),
        Registered::new(
            "reading::accessible::refused_forms_lead_with_their_error_summary",
            refused_forms_lead_with_their_error_summary,
        ),
    ]
}

/// Each form sent empty, in each language: it comes back with its error summary, which has
/// the focus, and is as accessible as the form.
async fn refused_forms_lead_with_their_error_summary(fixture: &Fixture) {
    let browser = &fixture.browser;
    for (name, path) in [
        (
            "register-refused",
            format!("/events/{}/register", fixture.slug()),
        ),
        ("newsletter-refused", "/newsletter".to_owned()),
    ] {
        for lang in LANGUAGES {
            browser.open(&format!("{path}?lang={lang}")).await;
            browser.follow("form.site-form button[type=submit]").await;
            assert_eq!(browser.lang().await, lang, "{path}");
            // The forms' deferred script moves the focus: awaited, not read at once.
            browser
                .until(
                    "document.activeElement && document.activeElement.id === 'error-summary'",
                    &format!("{path} in {lang}: the error summary takes the focus"),
                )
                .await;
            fixture.check(&format!("{name}-{lang}"), false).await;
        }
    }
}

async fn the_list_leads_to_the_event_and_the_switcher_changes_its_language(fixture: &Fixture) {
    let browser = &fixture.browser;
    browser.open("/events?lang=en").await;
    assert_eq!(browser.lang().await, "en");
    browser.screenshot("reading-1-events-list").await;

    let title = fixture.event["title"].as_str().unwrap();
    browser
        .follow(&format!("a[href='/events/{}']", fixture.slug()))
        .await;
    assert_eq!(browser.path().await, format!("/events/{}", fixture.slug()));
    assert_eq!(browser.text("h1").await, title);
    browser.screenshot("reading-2-event-page").await;

    // The switcher's German link: the same event, now in German, and so it stays.
    browser.follow("nav.site-languages a[hreflang='de']").await;
    assert_eq!(browser.lang().await, "de");
    assert!(browser.path().await.ends_with("lang=de"));
    assert_eq!(browser.text("h1").await, title);
    assert_eq!(
        browser.text("nav.site-languages [aria-current]").await,
        "Deutsch"
    );
    browser.screenshot("reading-3-event-page-de").await;
    browser.open("/events").await;
    assert_eq!(browser.lang().await, "de", "the language is remembered");

    // And back to English for the trials after this one.
    browser.follow("nav.site-languages a[hreflang='en']").await;
    assert_eq!(browser.lang().await, "en");
}

/// The check itself works: a page stripped of its `lang` is found wanting, not passed.
async fn the_check_finds_a_page_without_its_language(fixture: &Fixture) {
    let browser = &fixture.browser;
    browser.open("/privacy?lang=en").await;
    browser
        .client
        .execute("document.documentElement.removeAttribute('lang');", vec![])
        .await
        .expect("the script runs");
    let found = browser.violations().await;
    assert!(
        found.iter().any(|v| v.id == "html-has-lang"),
        "axe-core missed the missing language: {found:?}"
    );
}

/// Opens `path` in each language and checks it as `NAME-LANG`.
async fn every_language(fixture: &Fixture, name: &str, path: String) {
    for lang in LANGUAGES {
        fixture.browser.open(&format!("{path}?lang={lang}")).await;
        assert_eq!(fixture.browser.lang().await, lang, "{path}");
        fixture.check(&format!("{name}-{lang}"), true).await;
    }
}
