//! A coordinator's day, in the browser from start to end: sign in, create an event with two
//! contacts, give it a three-item agenda, publish it; a participant registers through the
//! public page and confirms; the coordinator sees the registration, exports the CSV (read as
//! the browser downloads it, with the coordinator's session, and parsed), invites two
//! municipalities from a pasted list; then composes a newsletter in two languages, sends a
//! test, sends it and watches its progress reach 100 %. Every page is checked (a screenshot
//! as an artefact, axe-core, the Nu HTML Checker). The coordinator of this programme holds
//! the admin role: a coordinator's own role does not write newsletters.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::console::{PASSWORD, account, sign_in, type_into};
use crate::fixture::{Fixture, path_of};
use crate::harness::Registered;
use crate::tools::downloads;

pub fn trials() -> Vec<Registered> {
    vec![Registered::new(
        "coordinator_day::a_coordinator_runs_a_dialogue_from_the_browser".to_owned(),
        a_coordinator_runs_a_dialogue_from_the_browser,
    )]
}

/// The participant who registers through the public page.
const PARTICIPANT: &str = "tamar@kutaisi.example.org";

/// Sets the field `selector` to `value` as a date picker would (typing into one depends on
/// the browser's locale).
async fn set_value(fixture: &Fixture, selector: &str, value: &str) {
    fixture
        .browser
        .client
        .execute(
            "document.querySelector(arguments[0]).value = arguments[1];",
            vec![json!(selector), json!(value)],
        )
        .await
        .expect("a value set");
}

/// Ticks the choice `value` of the radio group `name`.
async fn choose(fixture: &Fixture, name: &str, value: &str) {
    fixture
        .browser
        .click(&format!("input[name={name}][value='{value}']"))
        .await;
}

/// Creates the event through its form, adding the second contact's row on the way; its id.
async fn create_event(fixture: &Fixture) -> String {
    let browser = &fixture.browser;
    browser.open("/console/events/new").await;
    type_into(
        fixture,
        "input#title",
        "Bilateral digital dialogue Mexico–Germany",
    )
    .await;
    type_into(fixture, "input#languages", "en, es").await;
    browser
        .click("select#timezone option[value='America/Mexico_City']")
        .await;
    set_value(fixture, "input#starts_at", "2030-03-10T09:00").await;
    set_value(fixture, "input#ends_at", "2030-03-10T12:30").await;
    choose(fixture, "format", "online").await;
    type_into(fixture, "input#online_url", "https://meet.example.org/j/42").await;
    type_into(fixture, "input#capacity", "40").await;
    type_into(fixture, "input#contact-0-name", "Nino Beridze").await;
    type_into(fixture, "input#contact-0-email", "nino@example.org").await;
    browser.follow("button[name=add_contact]").await;
    assert_eq!(
        browser
            .find("input#contact-0-name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Nino Beridze"),
        "the first contact is kept"
    );
    type_into(fixture, "input#contact-1-name", "Luis Pérez").await;
    type_into(fixture, "input#contact-1-phone", "+52 55 1234 5678").await;
    fixture.check("day-01-event-form", false).await;
    browser
        .follow("main form.site-form button.kern-btn--primary")
        .await;
    let path = browser.path().await;
    let id = path
        .trim_start_matches("/console/events/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 36, "on the new event's page: {path}");
    fixture.check("day-02-event-created", false).await;
    id
}

/// Writes the three items of the agenda, adding rows on the way, and publishes it.
async fn write_agenda(fixture: &Fixture, event: &str) {
    let browser = &fixture.browser;
    browser.open(&format!("{event}/agenda")).await;
    let items = [
        ("Opening", "2030-03-10T09:00", "2030-03-10T09:30"),
        (
            "Open data in Jalisco and Hamburg",
            "2030-03-10T09:30",
            "2030-03-10T11:00",
        ),
        ("Discussion", "2030-03-10T11:00", "2030-03-10T12:30"),
    ];
    for (n, (title, starts, ends)) in items.into_iter().enumerate() {
        if n > 0 {
            browser.follow("button[name=add_item]").await;
        }
        type_into(fixture, &format!("input#item-{n}-title"), title).await;
        set_value(fixture, &format!("input#item-{n}-starts_at"), starts).await;
        set_value(fixture, &format!("input#item-{n}-ends_at"), ends).await;
    }
    browser.click("label[for=published]").await;
    fixture.check("day-03-agenda", false).await;
    browser
        .follow("main form.site-form button.kern-btn--primary")
        .await;
    assert_eq!(browser.count("main [role=status]").await, 1, "saved");
}

/// The API's view of the event `id`.
async fn event_of(fixture: &Fixture, id: &str) -> Value {
    let reply = fixture
        .app
        .admin_get(&format!("/api/v1/admin/events/{id}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

/// Registers [`PARTICIPANT`] through the public form and confirms through the mail's link.
async fn participant_registers(fixture: &Fixture, slug: &str) {
    let browser = &fixture.browser;
    browser.open(&format!("/events/{slug}/register")).await;
    type_into(fixture, "input#name", "Tamar Kapanadze").await;
    type_into(fixture, "input#email", PARTICIPANT).await;
    type_into(fixture, "input#organisation", "City of Kutaisi").await;
    browser
        .click("select#organisation_type option[value=municipality]")
        .await;
    browser.click("select#country option[value=GE]").await;
    browser.click("label[for=consent]").await;
    browser.follow("main form button[type=submit]").await;
    fixture.check("day-04-participant-registered", true).await;
    let opt_in = fixture
        .mail_to(PARTICIPANT, "/registrations/confirm/")
        .await;
    browser
        .open(&path_of(&opt_in.link("/registrations/confirm/").0))
        .await;
    browser.follow("main form button[type=submit]").await;
    fixture.check("day-05-participant-confirmed", false).await;
}

/// The CSV the export link downloads, once the browser has saved it whole.
async fn exported_csv(fixture: &Fixture) -> String {
    let folder = downloads();
    std::fs::create_dir_all(&folder).expect("the downloads folder");
    fixture.browser.click("a[download]").await;
    let started = Instant::now();
    loop {
        let saved: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("the downloads folder")
            .map(|entry| entry.expect("an entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "csv"))
            .collect();
        if let [file] = saved.as_slice() {
            return std::fs::read_to_string(file).expect("the CSV");
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no CSV downloaded: {saved:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The registration in the table and in the export.
async fn registration_seen_and_exported(fixture: &Fixture, event: &str) {
    let browser = &fixture.browser;
    browser.open(&format!("{event}/registrations")).await;
    assert!(browser.text("#registrations").await.contains(PARTICIPANT));
    fixture.check("day-06-registrations", false).await;
    let csv = exported_csv(fixture).await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let email = header
        .iter()
        .position(|h| h == "email")
        .unwrap_or_else(|| panic!("no email column in {csv}"));
    let status = header
        .iter()
        .position(|h| h == "status")
        .expect("a status column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(
        (&rows[0][email], &rows[0][status]),
        (PARTICIPANT, "confirmed")
    );
}

/// Invites two municipalities from a pasted list, previewed first.
async fn municipalities_invited(fixture: &Fixture, event: &str) {
    let browser = &fixture.browser;
    browser.open(&format!("{event}/invitations/new")).await;
    type_into(
        fixture,
        "textarea#invitees",
        "name,email,organisation,organisation_type,country,language\n\
         Ana Morales,ana@guadalajara.example.org,Guadalajara,municipality,MX,es\n\
         Jonas Weber,jonas@bonn.example.org,Stadt Bonn,municipality,DE,de\n",
    )
    .await;
    fixture.check("day-07-invite-form", false).await;
    browser
        .follow("main form.site-form button.kern-btn--secondary")
        .await;
    assert_eq!(browser.count("#to-invite tbody tr").await, 2);
    fixture.check("day-08-invite-preview", false).await;
    browser.follow("#send-invitations").await;
    assert!(
        browser
            .path()
            .await
            .ends_with("/invitations?invited=2&skipped=0")
    );
    assert_eq!(browser.count("#invitations tbody tr").await, 2);
    fixture.check("day-09-invitations", false).await;
    fixture
        .mail_to("ana@guadalajara.example.org", "/invitations/")
        .await;
}

async fn a_coordinator_runs_a_dialogue_from_the_browser(fixture: &Fixture) {
    let browser = &fixture.browser;
    let coordinator = "day-coordinator@example.org";
    account(fixture, coordinator, "admin", "en").await;
    browser.accept_language("en").await;
    sign_in(fixture, coordinator, PASSWORD).await;

    let id = create_event(fixture).await;
    let created = event_of(fixture, &id).await;
    assert_eq!(
        created["contacts"].as_array().map(Vec::len),
        Some(2),
        "{created}"
    );
    let event = format!("/console/events/{id}");
    write_agenda(fixture, &event).await;
    let agenda = fixture
        .app
        .admin_get(&format!("/api/v1/admin/events/{id}/agenda"))
        .await;
    assert_eq!(
        agenda.body["items"].as_array().map(Vec::len),
        Some(3),
        "{}",
        agenda.text
    );

    browser.open(&format!("{event}/publish")).await;
    fixture.check("day-03b-publish-confirm", false).await;
    browser
        .follow("main form.site-form button[type=submit]")
        .await;
    let published = event_of(fixture, &id).await;
    assert_eq!(published["status"], "published");

    participant_registers(fixture, published["slug"].as_str().unwrap()).await;
    registration_seen_and_exported(fixture, &event).await;
    municipalities_invited(fixture, &event).await;
    newsletter_sent(fixture, coordinator).await;
    browser
        .follow("form[action='/console/sign-out'] button")
        .await;
}

/// Two confirmed readers, one in English and one in Spanish.
async fn readers(fixture: &Fixture) {
    let csv = "email,language,consent_at,consent_source\n\
        day-reader-en@example.org,en,2026-01-10,fair\n\
        day-reader-es@example.org,es,2026-01-10,fair\n";
    let reply = fixture.app.import_subscribers(csv).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

/// An issue written in English and Spanish, previewed, tested, sent and followed to 100 %.
async fn newsletter_sent(fixture: &Fixture, coordinator: &str) {
    let browser = &fixture.browser;
    readers(fixture).await;
    browser.open("/console/newsletter/new").await;
    // English is the second language offered.
    browser.click("label[for='fallback_language-2']").await;
    type_into(fixture, "input#subject-en", "Dialogue news: Mexico–Germany").await;
    type_into(fixture, "textarea#body-en", "Registration is **open**.").await;
    type_into(
        fixture,
        "input#subject-es",
        "Noticias del diálogo México–Alemania",
    )
    .await;
    type_into(
        fixture,
        "textarea#body-es",
        "La inscripción está **abierta**.",
    )
    .await;
    fixture.check("day-10-newsletter-form", false).await;
    browser
        .follow("main form[novalidate] button[type=submit]")
        .await;
    assert_eq!(
        browser.text("div.site-markdown[lang=es] strong").await,
        "abierta"
    );
    fixture.check("day-11-newsletter-preview", false).await;

    browser.follow("form[action$='/test'] button").await;
    fixture
        .mail_to(coordinator, "/newsletter/unsubscribe/")
        .await;
    browser.follow("a[href$='/send']").await;
    let listed = fixture
        .app
        .admin_get("/api/v1/admin/newsletter/subscribers")
        .await;
    let confirmed = listed.body["counts"]["confirmed"].as_i64().unwrap();
    assert!(confirmed >= 2, "{}", listed.text);
    let said = browser.text("main").await;
    assert!(
        said.contains(&format!("{confirmed} confirmed subscribers are reached")),
        "the readers reached are named: {said}"
    );
    fixture.check("day-12-newsletter-confirm", false).await;
    browser
        .follow("main form.site-form:not([action]) button")
        .await;
    browser
        .until(
            "document.getElementById('progress-bar').value === 100 \
             && document.getElementById('progress').dataset.running === 'false'",
            "the newsletter's delivery at 100 %",
        )
        .await;
    fixture.check("day-13-newsletter-sent", false).await;
    fixture
        .mail_to("day-reader-es@example.org", "/newsletter/unsubscribe/")
        .await;
}
