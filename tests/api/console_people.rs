//! The console's people section: a role without the permission refused every page of it, an
//! admin looking up, downloading and erasing a person behind a confirmation (the erasure in
//! the database, both in the audit log as the API records them), an address that is not one
//! shown again beside its field with nothing recorded, a forged erasure refused.

use scraper::Html;

use dialogo::domain::Email;

use crate::console_ops::{recorded, signed_in, token_of};
use crate::form_support::token_fields;
use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::public_pages::select;
use crate::registration_flow::{register, registrant};

on_both_backends!(
    a_coordinator_may_open_no_page_of_people,
    an_admin_looks_up_downloads_and_erases_a_person,
    an_address_that_is_not_one_is_shown_again_beside_its_field,
    an_erasure_without_its_form_token_is_refused_and_changes_nothing,
);

/// The person looked up and erased.
const PERSON: &str = "tamar.person@example.org";

/// What is held about [`PERSON`]: registrations, subscriptions, invitations and mails.
async fn held(app: &TestApp) -> usize {
    let export = app
        .with_conn(|conn| dialogo::people::export(conn, &Email::parse(PERSON).unwrap()).unwrap())
        .await;
    export.registrations.len() + export.subscriptions.len() + export.invitations.len()
}

/// [`PERSON`] registered for a published event.
async fn person_registered(app: &TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let reply = register(app, event["id"].as_str().unwrap(), &registrant(PERSON)).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    assert_eq!(held(app).await, 1);
}

async fn a_coordinator_may_open_no_page_of_people(app: TestApp) {
    person_registered(&app).await;
    let (_, browser) = signed_in(&app, "coordinator@example.org", "coordinator").await;
    let nav = browser.get("/console/outbox").await;
    assert!(!nav.text.contains("/console/people"), "not offered");
    for path in [
        "/console/people",
        &format!("/console/people?email={PERSON}"),
        &format!("/console/people/export?email={PERSON}"),
        &format!("/console/people/erase?email={PERSON}"),
    ] {
        let refused = browser.get(path).await;
        assert_eq!(refused.status, 403, "{path}: {}", refused.text);
        assert!(!refused.text.contains("Tamar"), "{path}");
    }
    let token = token_of(&browser, "/console").await;
    let refused = browser
        .post("/console/people/erase", &token, &[("email", PERSON)])
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(held(&app).await, 1, "nothing erased");
}

async fn an_admin_looks_up_downloads_and_erases_a_person(app: TestApp) {
    person_registered(&app).await;
    let (admin, browser) = signed_in(&app, "admin@example.org", "admin").await;
    let found = browser
        .get(&format!("/console/people?email={PERSON}"))
        .await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert!(found.text.contains("Tamar Kapanadze"), "{}", found.text);
    assert!(found.text.contains("City of Kutaisi"));
    let page = Html::parse_document(&found.text);
    assert_eq!(select(&page, "input#email").len(), 1);
    let export = select(&page, "a[download]")[0]
        .attr("href")
        .unwrap()
        .to_owned();
    let erase = select(&page, "a[href^='/console/people/erase']")[0]
        .attr("href")
        .unwrap()
        .to_owned();

    let download = browser.get(&export).await;
    assert_eq!(download.status, 200, "{}", download.text);
    assert!(
        download.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(
        download.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let json: serde_json::Value = serde_json::from_str(&download.text).unwrap();
    assert_eq!(json["email"], PERSON);
    assert_eq!(json["registrations"][0]["name"], "Tamar Kapanadze");

    let confirm = browser.get(&erase).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(confirm.text.contains(PERSON));
    assert!(
        confirm
            .text
            .contains("Registrations, kept without personal data (a seat held is given up): 1")
    );
    assert_eq!(held(&app).await, 1, "a confirmation erases nothing");
    let token = token_fields(&confirm.text).into_iter().next().unwrap();
    let erased = browser
        .post("/console/people/erase", &token, &[("email", PERSON)])
        .await;
    assert_eq!(erased.status, 200, "{}", erased.text);
    assert!(erased.text.contains("is erased"), "{}", erased.text);
    assert_eq!(held(&app).await, 0);
    let stored = app
        .with_conn(|conn| {
            use dialogo::db::schema::registrations;
            use diesel::prelude::*;
            registrations::table
                .select(registrations::name)
                .load::<String>(conn)
                .unwrap()
        })
        .await;
    assert_eq!(stored, ["(erased)"]);
    let actions = recorded(&app, &admin).await;
    let people: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|a| a.starts_with("person_"))
        .collect();
    assert_eq!(
        people,
        ["person_exported", "person_exported", "person_erased"]
    );
}

async fn an_address_that_is_not_one_is_shown_again_beside_its_field(app: TestApp) {
    let (admin, browser) = signed_in(&app, "admin@example.org", "admin").await;
    for path in [
        "/console/people?email=not-an-address",
        "/console/people/erase?email=not-an-address",
    ] {
        let refused = browser.get(path).await;
        assert_eq!(refused.status, 422, "{path}: {}", refused.text);
        let page = Html::parse_document(&refused.text);
        assert_eq!(select(&page, "#email-error").len(), 1, "{path}");
        assert_eq!(select(&page, "#error-summary a[href='#email']").len(), 1);
        let field = select(&page, "input#email[aria-invalid=true]");
        assert_eq!(field[0].attr("value"), Some("not-an-address"), "kept");
    }
    let token = token_of(&browser, "/console/people").await;
    let refused = browser
        .post("/console/people/erase", &token, &[("email", "no at sign")])
        .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    let export = browser.get("/console/people/export?email=nope").await;
    assert_eq!(export.status, 400, "{}", export.text);
    let actions = recorded(&app, &admin).await;
    assert!(
        !actions.iter().any(|a| a.starts_with("person_")),
        "{actions:?}"
    );
}

async fn an_erasure_without_its_form_token_is_refused_and_changes_nothing(app: TestApp) {
    person_registered(&app).await;
    let (admin, browser) = signed_in(&app, "admin@example.org", "admin").await;
    let forged = browser
        .post("/console/people/erase", "forged", &[("email", PERSON)])
        .await;
    assert_eq!(forged.status, 403, "{}", forged.text);
    assert_eq!(held(&app).await, 1);
    assert!(
        !recorded(&app, &admin)
            .await
            .contains(&"person_erased".to_owned())
    );
}
