//! The pages behind the links in mails, as someone who got the mail uses them: registered (or
//! subscribed) through the API, they open the link from the mail that reached the SMTP sink,
//! press the button and read the result; a used link and an unknown one answer readable pages.
//! Every page on the way is checked (screenshot, axe-core, kept for the HTML checker), in the
//! language of the registrant or subscriber.

use serde_json::json;

use dialogo::i18n::Locale;

use crate::fixture::{Fixture, LANGUAGES, path_of};
use crate::harness::Registered;

pub fn trials() -> Vec<Registered> {
    let mut trials: Vec<Registered> = LANGUAGES
        .into_iter()
        .map(|lang| {
            Registered::new(
                format!("links::a_registrant_confirms_then_withdraws::{lang}"),
                move |f| a_registrant_confirms_then_withdraws(f, lang),
            )
        })
        .collect();
    trials.push(Registered::new(
        "links::subscribers_confirm_then_unsubscribe_in_every_language",
        subscribers_confirm_then_unsubscribe_in_every_language,
    ));
    trials.push(Registered::new(
        "links::an_unknown_link_answers_a_page_in_the_browsers_language",
        an_unknown_link_answers_a_page_in_the_browsers_language,
    ));
    trials
}

/// The text of the message `id` in `lang`.
fn text(lang: &str, id: &str) -> String {
    Locale::parse(lang).expect("a language").text(id)
}

/// Presses the page's button and checks the result page as `name`.
async fn press(fixture: &Fixture, name: &str, lang: &str, expected: &str) {
    fixture
        .browser
        .follow("main form button[type=submit]")
        .await;
    assert_eq!(fixture.browser.lang().await, lang, "{name}");
    let said = fixture.browser.text("main").await;
    assert!(said.contains(expected), "{name}: {said}");
    fixture.check(name, false).await;
}

async fn a_registrant_confirms_then_withdraws(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    let email = format!("registrant-{lang}@example.org");
    let reply = fixture
        .app
        .send(
            fixture
                .app
                .client
                .post(fixture.app.url(&format!(
                    "/api/v1/events/{}/registrations",
                    fixture.event_id()
                )))
                .json(&json!({
                    "name": "Tamar Kapanadze",
                    "email": email,
                    "organisation": "City of Kutaisi",
                    "organisation_type": "municipality",
                    "country": "GE",
                    "language": lang,
                    "timezone": "Asia/Tbilisi",
                    "consent": true
                })),
        )
        .await;
    assert_eq!(reply.status, 202, "{}", reply.text);

    let opt_in = fixture.mail_to(&email, "/registrations/confirm/").await;
    let (confirm_url, _) = opt_in.link("/registrations/confirm/");
    browser.open(&path_of(&confirm_url)).await;
    assert_eq!(browser.lang().await, lang);
    let title = fixture.event["title"].as_str().unwrap();
    assert!(browser.text("main").await.contains(title));
    fixture
        .check(&format!("registration-1-confirm-{lang}"), true)
        .await;
    let confirmed = text(lang, "page-confirmed");
    press(
        fixture,
        &format!("registration-2-confirmed-{lang}"),
        lang,
        &confirmed,
    )
    .await;

    // The same link again: it was used.
    browser.open(&path_of(&confirm_url)).await;
    assert_eq!(browser.lang().await, lang);
    assert_eq!(
        browser.count("main form").await,
        0,
        "a used link has no button"
    );
    fixture
        .check(&format!("registration-3-link-used-{lang}"), true)
        .await;

    let confirmation = fixture.mail_to(&email, "/registrations/withdraw/").await;
    let (withdraw_url, _) = confirmation.link("/registrations/withdraw/");
    browser.open(&path_of(&withdraw_url)).await;
    assert_eq!(browser.lang().await, lang);
    fixture
        .check(&format!("registration-4-withdraw-{lang}"), true)
        .await;
    let withdrawn = text(lang, "page-withdrawn");
    press(
        fixture,
        &format!("registration-5-withdrawn-{lang}"),
        lang,
        &withdrawn,
    )
    .await;
}

async fn subscribers_confirm_then_unsubscribe_in_every_language(fixture: &Fixture) {
    let browser = &fixture.browser;
    let app = &fixture.app;
    for lang in LANGUAGES {
        let email = format!("reader-{lang}@example.org");
        let reply = app
            .send(
                app.client
                    .post(app.url("/api/v1/newsletter/subscriptions"))
                    .json(&json!({
                        "email": email,
                        "name": "Ana Morales",
                        "language": lang,
                        "topics": ["e-governance"],
                        "consent": true,
                        "privacy_notice_version": "2026-03"
                    })),
            )
            .await;
        assert_eq!(reply.status, 202, "{}", reply.text);
        let opt_in = fixture.mail_to(&email, "/newsletter/confirm/").await;
        browser
            .open(&path_of(&opt_in.link("/newsletter/confirm/").0))
            .await;
        assert_eq!(browser.lang().await, lang);
        fixture
            .check(&format!("newsletter-1-confirm-{lang}"), true)
            .await;
        let confirmed = text(lang, "newsletter-page-confirmed");
        press(
            fixture,
            &format!("newsletter-2-confirmed-{lang}"),
            lang,
            &confirmed,
        )
        .await;
    }

    // An issue reaches each of them with an unsubscribe link in their language.
    let subjects: serde_json::Map<_, _> = LANGUAGES
        .iter()
        .map(|lang| (lang.to_string(), json!(format!("News ({lang})"))))
        .collect();
    let bodies: serde_json::Map<_, _> = LANGUAGES
        .iter()
        .map(|lang| (lang.to_string(), json!("## Dialogue\n\n…")))
        .collect();
    let issue = app
        .admin_post(
            "/api/v1/admin/newsletter/issues",
            &json!({"subject": subjects, "body": bodies, "fallback_language": "en"}),
        )
        .await;
    assert_eq!(issue.status, 201, "{}", issue.text);
    let id = issue.body["id"].as_str().unwrap();
    let sent = app
        .admin_post(
            &format!("/api/v1/admin/newsletter/issues/{id}/send"),
            &json!({}),
        )
        .await;
    assert_eq!(sent.status, 202, "{}", sent.text);

    for lang in LANGUAGES {
        let email = format!("reader-{lang}@example.org");
        let mail = fixture.mail_to(&email, "/newsletter/unsubscribe/").await;
        browser
            .open(&path_of(&mail.link("/newsletter/unsubscribe/").0))
            .await;
        assert_eq!(browser.lang().await, lang);
        fixture
            .check(&format!("newsletter-3-unsubscribe-{lang}"), true)
            .await;
        let unsubscribed = text(lang, "newsletter-page-unsubscribed");
        press(
            fixture,
            &format!("newsletter-4-unsubscribed-{lang}"),
            lang,
            &unsubscribed,
        )
        .await;
    }
}

async fn an_unknown_link_answers_a_page_in_the_browsers_language(fixture: &Fixture) {
    let browser = &fixture.browser;
    for lang in LANGUAGES {
        browser.accept_language(lang).await;
        browser
            .open("/registrations/confirm/no-such-token-0123456789")
            .await;
        assert_eq!(browser.lang().await, lang);
        let said = browser.text("main").await;
        assert!(said.contains(&text(lang, "link-title")), "{said}");
        fixture.check(&format!("link-unknown-{lang}"), false).await;
    }
    browser.accept_language("en").await;
}
