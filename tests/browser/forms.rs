//! The forms, as a visitor fills them in: the registration form reached from the event page
//! and the newsletter form, each first sent with an address that is none — the error summary
//! takes the focus and links the field, the values stay — then fixed and sent; the link from
//! the mail that reached the SMTP sink confirms. Every page on the way, the form with its
//! error included, is checked in every language; the empty forms, and those sent empty, are
//! checked with the pages (reading.rs).

use dialogo::i18n::Locale;

use crate::fixture::{Fixture, LANGUAGES, path_of};
use crate::harness::Registered;

pub fn trials() -> Vec<Registered> {
    let mut trials = Vec::new();
    for lang in LANGUAGES {
        trials.push(Registered::new(
            format!("forms::a_visitor_registers_through_the_form::{lang}"),
            move |f| a_visitor_registers_through_the_form(f, lang),
        ));
        trials.push(Registered::new(
            format!("forms::a_reader_subscribes_through_the_form::{lang}"),
            move |f| a_reader_subscribes_through_the_form(f, lang),
        ));
    }
    trials
}

/// Types `text` into the empty field `selector`.
pub async fn type_into(fixture: &Fixture, selector: &str, text: &str) {
    let field = fixture.browser.find(selector).await;
    field.clear().await.expect("a field to clear");
    field.send_keys(text).await.expect("typed");
}

/// Sends the form with a wrong address, sees the error summary take the focus with a link to
/// the field, checks that page as `name`, and fixes the address.
pub async fn refused_then_fixed(fixture: &Fixture, name: &str, email: &str) {
    let browser = &fixture.browser;
    type_into(fixture, "input#email", "not-an-address").await;
    browser.follow("main form button[type=submit]").await;
    // The forms' script moves the focus once it has run.
    browser
        .until(
            "document.activeElement && document.activeElement.id === 'error-summary'",
            "the error summary takes the focus",
        )
        .await;
    assert_eq!(browser.count("#error-summary a[href='#email']").await, 1);
    let field = browser.find("input#email").await;
    assert_eq!(
        field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    fixture.check(name, false).await;
    // What was given is kept, the consent included.
    let consent = browser.find("input#consent").await;
    assert!(consent.is_selected().await.expect("a checkbox"), "{name}");
    type_into(fixture, "input#email", email).await;
    browser.follow("main form button[type=submit]").await;
}

async fn a_visitor_registers_through_the_form(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    let t = Locale::parse(lang).expect("a language");
    let slug = fixture.slug();
    browser.open(&format!("/events/{slug}?lang={lang}")).await;
    browser
        .follow(&format!("a[href='/events/{slug}/register']"))
        .await;
    assert_eq!(browser.lang().await, lang);
    // The empty form is checked with the pages (reading::accessible::registration_form).
    browser
        .screenshot(&format!("form-register-1-empty-{lang}"))
        .await;

    type_into(fixture, "input#name", "Tamar Kapanadze").await;
    type_into(fixture, "input#organisation", "City of Kutaisi").await;
    browser
        .click("select#organisation_type option[value=municipality]")
        .await;
    browser.click("select#country option[value=GE]").await;
    browser.click("label[for=consent]").await;
    let email = format!("visitor-{lang}@example.org");
    refused_then_fixed(fixture, &format!("form-register-2-refused-{lang}"), &email).await;
    let said = browser.text("main").await;
    assert!(
        said.contains(&t.text("invitation-page-check-inbox")),
        "{said}"
    );
    fixture
        .check(&format!("form-register-3-check-inbox-{lang}"), true)
        .await;

    let opt_in = fixture.mail_to(&email, "/registrations/confirm/").await;
    browser
        .open(&path_of(&opt_in.link("/registrations/confirm/").0))
        .await;
    browser.follow("main form button[type=submit]").await;
    let said = browser.text("main").await;
    assert!(said.contains(&t.text("page-confirmed")), "{said}");
    browser
        .screenshot(&format!("form-register-4-confirmed-{lang}"))
        .await;
}

async fn a_reader_subscribes_through_the_form(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    let t = Locale::parse(lang).expect("a language");
    browser.open(&format!("/newsletter?lang={lang}")).await;
    assert_eq!(browser.lang().await, lang);
    browser
        .screenshot(&format!("form-newsletter-1-empty-{lang}"))
        .await;
    type_into(fixture, "input#name", "Ana Morales").await;
    browser.click("label[for=consent]").await;
    let email = format!("form-reader-{lang}@example.org");
    refused_then_fixed(
        fixture,
        &format!("form-newsletter-2-refused-{lang}"),
        &email,
    )
    .await;
    let said = browser.text("main").await;
    assert!(
        said.contains(&t.text("newsletter-form-check-inbox")),
        "{said}"
    );
    fixture
        .check(&format!("form-newsletter-3-check-inbox-{lang}"), true)
        .await;

    let opt_in = fixture.mail_to(&email, "/newsletter/confirm/").await;
    browser
        .open(&path_of(&opt_in.link("/newsletter/confirm/").0))
        .await;
    browser.follow("main form button[type=submit]").await;
    let said = browser.text("main").await;
    assert!(
        said.contains(&t.text("newsletter-page-confirmed")),
        "{said}"
    );
    browser
        .screenshot(&format!("form-newsletter-4-confirmed-{lang}"))
        .await;
}
