//! The invitation pages: an invitee opens their personal link, finds the form filled in from
//! the invitation, gives consent and registers; another declines through their link. Every
//! page on the way is checked in the invitee's language.

use serde_json::json;

use dialogo::i18n::Locale;

use crate::fixture::{Fixture, LANGUAGES, path_of};
use crate::harness::Registered;

pub fn trials() -> Vec<Registered> {
    LANGUAGES
        .into_iter()
        .map(|lang| {
            Registered::new(
                format!(
                    "invitations::an_invitee_registers_through_the_form_another_declines::{lang}"
                ),
                move |f| an_invitee_registers_through_the_form_another_declines(f, lang),
            )
        })
        .collect()
}

async fn an_invitee_registers_through_the_form_another_declines(
    fixture: &Fixture,
    lang: &'static str,
) {
    let browser = &fixture.browser;
    let t = Locale::parse(lang).expect("a language");
    let guest = format!("guest-{lang}@example.org");
    let absent = format!("absent-{lang}@example.org");
    let invitee = |email: &str| {
        json!({"name": "Giorgi Maisuradze", "email": email, "organisation": "City of Kutaisi",
               "organisation_type": "municipality", "country": "GE", "language": lang})
    };
    let reply = fixture
        .app
        .admin_post(
            &format!("/api/v1/admin/events/{}/invitations", fixture.event_id()),
            &json!({"invitees": [invitee(&guest), invitee(&absent)]}),
        )
        .await;
    assert_eq!(reply.status, 202, "{}", reply.text);

    let invitation = fixture.mail_to(&guest, "/invitations/register/").await;
    browser
        .open(&path_of(&invitation.link("/invitations/register/").0))
        .await;
    assert_eq!(browser.lang().await, lang);
    let email = browser.find("input#email").await;
    assert_eq!(email.prop("value").await.unwrap().as_deref(), Some(&*guest));
    fixture
        .check(&format!("invitation-1-register-form-{lang}"), true)
        .await;
    // Its label, as a person clicks it: the design system draws the box over the input.
    browser.click("label[for=consent]").await;
    let consent = browser.find("input#consent").await;
    assert!(consent.is_selected().await.unwrap(), "consent given");
    browser.follow("main form button[type=submit]").await;
    assert_eq!(browser.lang().await, lang);
    let said = browser.text("main").await;
    assert!(said.contains(&t.text("page-confirmed")), "{said}");
    fixture
        .check(&format!("invitation-2-registered-{lang}"), false)
        .await;

    let invitation = fixture.mail_to(&absent, "/invitations/decline/").await;
    browser
        .open(&path_of(&invitation.link("/invitations/decline/").0))
        .await;
    assert_eq!(browser.lang().await, lang);
    fixture
        .check(&format!("invitation-3-decline-{lang}"), true)
        .await;
    browser.follow("main form button[type=submit]").await;
    let said = browser.text("main").await;
    assert!(said.contains(&t.text("invitation-page-declined")), "{said}");
    fixture
        .check(&format!("invitation-4-declined-{lang}"), false)
        .await;
}
