//! The console's pages in every language, as staff use them: the sign-in page, a refused
//! sign-in, the start page, the second factor's setup, the accounts (admin), the page for a
//! role too small, a password refused on the link's page, and signing out. Each is checked
//! like the public pages (axe-core, the Nu HTML Checker, no message left unfilled).

use dialogo::accounts::sign_in::{SET_PASSWORD_LINK_WORKS, issue_password_link, set_password};
use dialogo::accounts::{self, NewAccount};

use crate::fixture::{Fixture, LANGUAGES};
use crate::harness::Registered;

pub(crate) const PASSWORD: &str = "Tlaxcala-mesa-verde-2027";

pub fn trials() -> Vec<Registered> {
    LANGUAGES
        .into_iter()
        .map(|lang| {
            Registered::new(
                format!("console::staff_sign_in_and_use_the_console::{lang}"),
                move |f| staff_sign_in_and_use_the_console(f, lang),
            )
        })
        .collect()
}

/// Opens an account of `role` in `lang` with [`PASSWORD`], and returns a link to set a new
/// one.
pub(crate) async fn account(fixture: &Fixture, email: &str, role: &str, lang: &str) -> String {
    let (email, role, lang) = (email.to_owned(), role.to_owned(), lang.to_owned());
    fixture
        .app
        .with_conn(move |conn| {
            let account = NewAccount {
                email: &email,
                name: "Nino Beridze",
                role: &role,
                language: &lang,
            };
            let user = accounts::create_user(conn, &account).unwrap();
            set_password(conn, &user, PASSWORD).unwrap();
            let now = dialogo::db::now();
            let token = issue_password_link(conn, &user, now, SET_PASSWORD_LINK_WORKS).unwrap();
            format!("/console/password/{token}")
        })
        .await
}

pub(crate) async fn type_into(fixture: &Fixture, selector: &str, text: &str) {
    let field = fixture.browser.find(selector).await;
    field.clear().await.expect("a field to clear");
    field.send_keys(text).await.expect("typed");
}

pub(crate) async fn sign_in(fixture: &Fixture, email: &str, password: &str) {
    fixture.browser.open("/console/sign-in").await;
    type_into(fixture, "input#email", email).await;
    type_into(fixture, "input#password", password).await;
    fixture
        .browser
        .follow("main form button[type=submit]")
        .await;
}

async fn sign_out(fixture: &Fixture) {
    fixture
        .browser
        .follow("form[action='/console/sign-out'] button")
        .await;
}

/// The events, the fixture's event, its registrations and one of them, as an admin sees them.
async fn registrations_in_the_console(fixture: &Fixture, lang: &str) {
    let browser = &fixture.browser;
    let email = format!("registrant-{lang}@example.org");
    let body = serde_json::json!({
        "name": "Tamar Kapanadze",
        "email": email,
        "organisation": "City of Kutaisi",
        "organisation_type": "municipality",
        "country": "GE",
        "language": lang,
        "consent": true
    });
    let path = format!("/api/v1/events/{}/registrations", fixture.event_id());
    let app = &fixture.app;
    let reply = app.send(app.client.post(app.url(&path)).json(&body)).await;
    assert_eq!(reply.status, 202, "{}", reply.text);

    browser.open("/console/events").await;
    assert!(browser.count("main table tbody tr").await >= 1);
    fixture
        .check(&format!("console-events-{lang}"), false)
        .await;
    let event = format!("/console/events/{}", fixture.event_id());
    browser
        .follow(&format!("main table a[href='{event}']"))
        .await;
    fixture.check(&format!("console-event-{lang}"), false).await;
    browser.open("/console/events/new").await;
    fixture
        .check(&format!("console-event-form-{lang}"), false)
        .await;
    type_into(fixture, "input#capacity", "0").await;
    browser
        .follow("main form.site-form button.kern-btn--primary")
        .await;
    assert!(browser.count("#error-summary a[href='#title']").await == 1);
    assert!(browser.count("#capacity-error").await == 1);
    fixture
        .check(&format!("console-event-form-refused-{lang}"), false)
        .await;
    browser.open(&format!("{event}/agenda")).await;
    fixture
        .check(&format!("console-agenda-{lang}"), false)
        .await;
    browser.open(&format!("{event}/cancel")).await;
    assert_eq!(
        browser
            .count("main form.site-form button[type=submit]")
            .await,
        1
    );
    fixture
        .check(&format!("console-confirm-{lang}"), false)
        .await;
    let registrations = format!("/console/events/{}/registrations", fixture.event_id());
    browser.open(&registrations).await;
    assert!(browser.text("#registrations").await.contains(&email));
    fixture
        .check(&format!("console-registrations-{lang}"), false)
        .await;
    browser
        .open(&format!("/console/events/{}/waitlist", fixture.event_id()))
        .await;
    fixture
        .check(&format!("console-waitlist-{lang}"), false)
        .await;
    invitations_in_the_console(fixture, lang).await;
    browser.open(&format!("{registrations}?q={email}")).await;
    assert_eq!(browser.count("#registrations tbody tr").await, 1);
    browser.follow("#registrations tbody a").await;
    assert!(browser.text("main dl").await.contains(&email));
    assert!(browser.count("main form[action$='/remove']").await == 1);
    fixture
        .check(&format!("console-registration-{lang}"), false)
        .await;
}

/// The fixture event's invitations, the invitation form refusing a line and previewing a
/// list, and the API tokens, as an admin sees them.
async fn invitations_in_the_console(fixture: &Fixture, lang: &str) {
    let browser = &fixture.browser;
    let invitations = format!("/console/events/{}/invitations", fixture.event_id());
    browser.open(&invitations).await;
    fixture
        .check(&format!("console-invitations-{lang}"), false)
        .await;
    browser.open(&format!("{invitations}/new")).await;
    type_into(fixture, "textarea#invitees", "email\nbroken\n").await;
    browser
        .follow("main form.site-form button.kern-btn--secondary")
        .await;
    assert_eq!(browser.count("#error-summary a[href='#invitees']").await, 1);
    fixture
        .check(&format!("console-invite-refused-{lang}"), false)
        .await;
    let list = format!("email,language\ninvitee-{lang}@example.org,{lang}\n");
    type_into(fixture, "textarea#invitees", &list).await;
    browser
        .follow("main form.site-form button.kern-btn--secondary")
        .await;
    assert_eq!(browser.count("#to-invite tbody tr").await, 1);
    fixture
        .check(&format!("console-invite-preview-{lang}"), false)
        .await;
    browser.open("/console/tokens").await;
    fixture
        .check(&format!("console-tokens-{lang}"), false)
        .await;
}

async fn staff_sign_in_and_use_the_console(fixture: &Fixture, lang: &'static str) {
    let browser = &fixture.browser;
    let admin = format!("admin-{lang}@example.org");
    let viewer = format!("viewer-{lang}@example.org");
    let link = account(fixture, &admin, "admin", lang).await;
    account(fixture, &viewer, "viewer", lang).await;
    browser.accept_language(lang).await;

    browser.open("/console/sign-in").await;
    assert_eq!(browser.lang().await, lang);
    fixture
        .check(&format!("console-sign-in-{lang}"), true)
        .await;
    sign_in(fixture, &admin, "not the password").await;
    assert_eq!(browser.count("#error-summary a[href='#email']").await, 1);
    fixture
        .check(&format!("console-sign-in-refused-{lang}"), false)
        .await;

    sign_in(fixture, &admin, PASSWORD).await;
    assert_eq!(browser.path().await, "/console");
    assert_eq!(browser.lang().await, lang, "the account's language");
    fixture.check(&format!("console-home-{lang}"), false).await;
    browser
        .follow("a[href='/console/account/two-factor']")
        .await;
    assert!(browser.text("#secret").await.len() >= 32);
    fixture
        .check(&format!("console-two-factor-{lang}"), false)
        .await;
    browser.open("/console/users").await;
    assert!(browser.text("main table").await.contains(&viewer));
    fixture.check(&format!("console-users-{lang}"), false).await;
    registrations_in_the_console(fixture, lang).await;
    sign_out(fixture).await;
    assert_eq!(browser.path().await, "/console/sign-in?signed_out");

    sign_in(fixture, &viewer, PASSWORD).await;
    browser.open("/console/users").await;
    assert!(!browser.text("main").await.contains(&admin));
    fixture
        .check(&format!("console-forbidden-{lang}"), false)
        .await;
    browser.open("/console").await;
    sign_out(fixture).await;

    browser.open(&link).await;
    type_into(fixture, "input#password", "short").await;
    type_into(fixture, "input#password_repeated", "short").await;
    browser.follow("main form button[type=submit]").await;
    assert_eq!(browser.count("#error-summary a[href='#password']").await, 1);
    fixture
        .check(&format!("console-password-refused-{lang}"), false)
        .await;
}
