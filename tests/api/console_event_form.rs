//! The console's event form: an event created with every field and two contacts, a contact
//! added and one removed, every refusal beside its field with nothing written, a slug taken,
//! and a move of a published event that asks first, naming how many will be mailed, then
//! mails them once.

use scraper::Html;
use serde_json::Value;

use crate::console_registrations::registers;
use crate::console_support::{Browser, PASSWORD, account_with_password, location};
use crate::form_support::token_fields;
use crate::helpers::{TestApp, berlin_webinar};
use crate::mails::MailDir;
use crate::on_both_backends;
use crate::public_pages::select;

on_both_backends!(
    a_coordinator_creates_an_event_with_two_contacts_and_edits_it,
    refused_forms_show_every_refusal_beside_its_field_and_write_nothing,
    moving_a_published_event_with_registrants_asks_first_and_mails_once,
);

async fn coordinator(app: &TestApp) -> (Browser, String) {
    account_with_password(app, "coordinator@example.org", "coordinator").await;
    let browser = Browser::new(app);
    assert_eq!(
        browser
            .sign_in("coordinator@example.org", PASSWORD)
            .await
            .status,
        303
    );
    let token = token_fields(&browser.get("/console").await.text).remove(0);
    (browser, token)
}

/// A whole event as the form sends it, with two contacts.
fn filled<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Diálogo Digital México–Alemania"),
        ("summary", "Two ministries compare notes."),
        ("description", "Cases from **Jalisco** and Hamburg."),
        ("languages", "es, en"),
        ("series", "Bilateral digital dialogue"),
        ("topics", "e-governance, data-policy"),
        ("slug", ""),
        ("timezone", "America/Mexico_City"),
        ("starts_at", "2030-03-10T09:00"),
        ("ends_at", "2030-03-10T17:30"),
        ("format", "hybrid"),
        ("venue-name", "Centro Cultural"),
        ("venue-address", "Av. Juárez 1"),
        ("venue-city", "Ciudad de México"),
        ("venue-country", "MX"),
        ("online_url", "https://meet.example.org/j/42"),
        ("capacity", "40"),
        ("max_per_organisation", "3"),
        ("approval_required", "true"),
        ("registration_opens_at", "2030-01-10T09:00"),
        ("registration_closes_at", "2030-03-09T18:00"),
        ("contact_rows", "2"),
        ("contact-0-name", "Nino Beridze"),
        ("contact-0-role", "Coordinator"),
        ("contact-0-email", "nino@example.org"),
        ("contact-1-name", "Luis Pérez"),
        ("contact-1-audience", "Press"),
        ("contact-1-phone", "+52 55 1234 5678"),
    ]
}

async fn admin_view(app: &TestApp, id: &str) -> Value {
    app.admin_get(&format!("/api/v1/admin/events/{id}"))
        .await
        .body
}

async fn a_coordinator_creates_an_event_with_two_contacts_and_edits_it(app: TestApp) {
    let (browser, token) = coordinator(&app).await;
    let form = browser.get("/console/events/new").await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("id=\"contact-0-name\""));
    assert!(!form.text.contains("id=\"contact-1-name\""));
    let more = browser
        .post(
            "/console/events/new",
            &token,
            &[("contact_rows", "1"), ("add_contact", "1")],
        )
        .await;
    assert_eq!(more.status, 200);
    assert!(more.text.contains("id=\"contact-1-name\""), "a second row");
    assert_eq!(app.event_count().await, 0, "adding a row saves nothing");

    let created = browser.post("/console/events/new", &token, &filled()).await;
    assert_eq!(created.status, 303, "{}", created.text);
    let id = location(&created)
        .trim_start_matches("/console/events/")
        .trim_end_matches("?done=created")
        .to_owned();
    let event = admin_view(&app, &id).await;
    assert_eq!(event["status"], "draft");
    assert_eq!(event["title"], "Diálogo Digital México–Alemania");
    assert_eq!(event["timezone"], "America/Mexico_City");
    assert_eq!(event["starts_at"], "2030-03-10T09:00:00-06:00", "{event}");
    assert_eq!(event["languages"], serde_json::json!(["es", "en"]));
    assert_eq!(event["capacity"], 40);
    assert_eq!(event["approval_required"], true);
    assert_eq!(event["venue"]["city"], "Ciudad de México");
    let contacts = event["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 2, "{event}");
    assert_eq!(contacts[1]["phone"], "+52 55 1234 5678");

    let edit = browser.get(&format!("/console/events/{id}/edit")).await;
    let page = Html::parse_document(&edit.text);
    let title = select(&page, "input#title")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    assert_eq!(title, "Diálogo Digital México–Alemania");
    let mut changed = filled();
    changed[0] = ("title", "Diálogo Digital 2030");
    changed.push(("contact-0-remove", "true"));
    let saved = browser
        .post(&format!("/console/events/{id}/edit"), &token, &changed)
        .await;
    assert_eq!(location(&saved), format!("/console/events/{id}?done=saved"));
    let event = admin_view(&app, &id).await;
    assert_eq!(event["title"], "Diálogo Digital 2030");
    let contacts = event["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["name"], "Luis Pérez");
}

async fn refused_forms_show_every_refusal_beside_its_field_and_write_nothing(app: TestApp) {
    let (browser, token) = coordinator(&app).await;
    let mut bad = filled();
    for (name, value) in [
        ("title", ""),
        ("ends_at", "2030-03-10T08:00"),
        ("capacity", "forty"),
        ("languages", "xx"),
        ("contact-0-email", "not-an-address"),
        ("online_url", "meet.example.org"),
    ] {
        bad.retain(|(n, _)| *n != name);
        bad.push((name, value));
    }
    let refused = browser.post("/console/events/new", &token, &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    let page = Html::parse_document(&refused.text);
    for id in [
        "title",
        "ends_at",
        "capacity",
        "languages",
        "contact-0-email",
        "online_url",
    ] {
        assert_eq!(
            select(&page, &format!("#{id}-error")).len(),
            1,
            "{id}: {}",
            refused.text
        );
        assert_eq!(
            select(&page, &format!("#error-summary a[href='#{id}']")).len(),
            1,
            "{id} in the summary"
        );
    }
    let capacity = select(&page, "input#capacity")[0].value().attr("value");
    assert_eq!(capacity, Some("forty"), "what was typed is kept");
    assert_eq!(app.event_count().await, 0, "nothing written");

    let taken = app.create_event(&berlin_webinar()).await["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut clash = filled();
    clash.retain(|(n, _)| *n != "slug");
    clash.push(("slug", &taken));
    let refused = browser.post("/console/events/new", &token, &clash).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.text.contains("id=\"slug-error\""),
        "{}",
        refused.text
    );
    assert_eq!(app.event_count().await, 1);
}

async fn moving_a_published_event_with_registrants_asks_first_and_mails_once(app: TestApp) {
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    registers(&app, &id, "ana@example.org", "Ana Morales", true).await;
    let (browser, token) = coordinator(&app).await;
    let edit = format!("/console/events/{id}/edit");
    let form = browser.get(&edit).await;
    let page = Html::parse_document(&form.text);
    let mut sent: Vec<(String, String)> = Vec::new();
    for input in select(
        &page,
        "main form.site-form input, main form.site-form textarea",
    ) {
        let element = input.value();
        let (Some(name), kind) = (element.attr("name"), element.attr("type")) else {
            continue;
        };
        let unticked =
            matches!(kind, Some("checkbox" | "radio")) && element.attr("checked").is_none();
        if name == "csrf_token" || unticked {
            continue;
        }
        let value = match element.name() {
            "textarea" => input.text().collect(),
            _ => element.attr("value").unwrap_or("").to_owned(),
        };
        sent.push((name.to_owned(), value));
    }
    for select_element in select(&page, "main form.site-form select") {
        let name = select_element.value().attr("name").unwrap().to_owned();
        let chosen = select_element
            .select(&scraper::Selector::parse("option[selected]").unwrap())
            .next()
            .and_then(|o| o.value().attr("value").map(str::to_owned))
            .unwrap_or_default();
        sent.push((name, chosen));
    }
    sent.retain(|(n, _)| n != "starts_at" && n != "ends_at");
    sent.push(("starts_at".into(), "2030-10-08T13:00".into()));
    sent.push(("ends_at".into(), "2030-10-08T15:30".into()));
    let fields: Vec<(&str, &str)> = sent.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();

    let asked = browser.post(&edit, &token, &fields).await;
    assert_eq!(asked.status, 200, "{}", asked.text);
    assert!(asked.text.contains("one registrant"), "{}", asked.text);
    assert_eq!(
        admin_view(&app, &id).await["starts_at"],
        "2030-10-07T13:00:00+02:00",
        "not yet"
    );

    let mut confirmed = fields.clone();
    confirmed.push(("confirm_move", "true"));
    let saved = browser.post(&edit, &token, &confirmed).await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    assert_eq!(
        admin_view(&app, &id).await["starts_at"],
        "2030-10-08T13:00:00+02:00"
    );
    app.app_state.schedule_changed.notify_one();
    let mails = app.quiet_mails(&MailDir(app.mail_dir())).await;
    let updates: Vec<_> = mails
        .iter()
        .filter(|m| m.to == "ana@example.org" && m.calendar_method.as_deref() == Some("REQUEST"))
        .collect();
    assert!(!updates.is_empty());
    let audit = crate::console_support::audited(&app, &id).await;
    assert!(audit.contains(&"event_moved".to_owned()), "{audit:?}");
}
