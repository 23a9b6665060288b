//! The console's dashboard, events and registrations as coordinators use them: counts that
//! match the registrations, filters and search, the CSV export parsed, decisions taken through
//! the registration's page (the same rules as the API's, mailed once), and refusals that
//! change nothing: a state that does not allow it, a forged form, a role too small.

use scraper::Html;
use serde_json::json;

use dialogo::db::models::{Registration, RegistrationStatus};

use crate::console_support::{Browser, PASSWORD, account_with_password, location};
use crate::helpers::{TestApp, berlin_webinar};
use crate::mails::MailDir;
use crate::on_both_backends;
use crate::public_pages::select;
use crate::registration_flow::{act, register, registrant, token};

on_both_backends!(
    a_coordinator_follows_and_decides_registrations_in_the_console,
    roles_see_and_decide_registrations_as_the_table_says,
    the_waitlist_shows_who_moves_up_first,
);

/// A published event that asks for approval; returns its id.
async fn event_with_approval(app: &TestApp) -> String {
    let mut event = berlin_webinar();
    event["approval_required"] = json!(true);
    event["capacity"] = json!(10);
    app.publish_event(&event).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Registers `email` for the event `id` as `name`; with `confirm`, confirms through the link
/// of the opt-in mail.
pub async fn registers(app: &TestApp, id: &str, email: &str, name: &str, confirm: bool) {
    let mut body = registrant(email);
    body["name"] = json!(name);
    assert_eq!(register(app, id, &body).await.status, 202);
    if confirm {
        let mails = app.quiet_mails(&MailDir(app.mail_dir())).await;
        let opt_in = mails.iter().rev().find(|m| m.to == email).unwrap();
        let reply = act(app, "confirm", &token(opt_in, "confirm")).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
}

pub async fn status_of(app: &TestApp, email: &str) -> RegistrationStatus {
    let email = email.to_owned();
    app.with_conn(move |conn| {
        use dialogo::db::schema::registrations;
        use diesel::prelude::*;
        let id: String = registrations::table
            .filter(registrations::email.eq(&email))
            .select(registrations::id)
            .first(conn)
            .unwrap();
        Registration::find(conn, &id).unwrap().unwrap().status
    })
    .await
}

async fn registration_path(app: &TestApp, event: &str, email: &str) -> String {
    let email = email.to_owned();
    let id = app
        .with_conn(move |conn| {
            use dialogo::db::schema::registrations;
            use diesel::prelude::*;
            registrations::table
                .filter(registrations::email.eq(&email))
                .select(registrations::id)
                .first::<String>(conn)
                .unwrap()
        })
        .await;
    format!("/console/events/{event}/registrations/{id}")
}

/// The rows' addresses of a registrations page.
fn listed(html: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    select(&page, "#registrations tbody tr td:first-child")
        .into_iter()
        .map(|cell| cell.text().collect::<String>())
        .collect()
}

/// The actions of the forms on a page.
pub fn form_actions(html: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    select(&page, "main form[method=post]")
        .into_iter()
        .filter_map(|form| form.value().attr("action").map(str::to_owned))
        .collect()
}

async fn a_coordinator_follows_and_decides_registrations_in_the_console(app: TestApp) {
    let id = event_with_approval(&app).await;
    registers(&app, &id, "ana@example.org", "Ana Morales", true).await;
    registers(&app, &id, "ben@example.org", "Ben 100% Ortiz", true).await;
    registers(&app, &id, "cleo@example.org", "Cleo Ruiz", false).await;
    account_with_password(&app, "coordinator@example.org", "coordinator").await;
    let browser = Browser::new(&app);
    assert_eq!(
        browser
            .sign_in("coordinator@example.org", PASSWORD)
            .await
            .status,
        303
    );

    let home = browser.get("/console").await;
    assert_eq!(home.status, 200, "{}", home.text);
    let awaiting = format!("/console/events/{id}/registrations?status=awaiting_approval");
    assert!(home.text.contains(&awaiting), "{}", home.text);
    assert!(home.text.contains("0 / 10"), "seats taken of capacity");

    let events = browser.get("/console/events").await;
    assert!(events.text.contains("Digitalisation of municipal services"));
    let refused = browser.get("/console/events?status=bogus").await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    let table = format!("/console/events/{id}/registrations");
    let all = browser.get(&table).await;
    assert_eq!(all.status, 200, "{}", all.text);
    assert_eq!(listed(&all.text).len(), 3, "{:?}", listed(&all.text));
    assert!(all.text.contains("awaiting approval: 2"), "{}", all.text);
    let pending = listed(&browser.get(&format!("{table}?status=pending")).await.text);
    assert_eq!(pending.len(), 1);
    assert!(pending[0].contains("cleo@example.org"), "{pending:?}");
    let searched = listed(&browser.get(&format!("{table}?q=MORALES")).await.text);
    assert_eq!(searched.len(), 1, "any case: {searched:?}");
    assert!(searched[0].contains("ana@example.org"));
    let literal = listed(&browser.get(&format!("{table}?q=100%25")).await.text);
    assert_eq!(literal.len(), 1, "% taken literally: {literal:?}");
    let wildcard = listed(&browser.get(&format!("{table}?q=_")).await.text);
    assert!(wildcard.is_empty(), "_ taken literally: {wildcard:?}");

    let export = browser
        .get(&format!("{table}.csv?status=awaiting_approval"))
        .await;
    assert_eq!(export.status, 200);
    assert!(
        export.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = export.text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let email_column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "email")
        .unwrap();
    let mut emails: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[email_column].to_owned())
        .collect();
    emails.sort();
    assert_eq!(emails, ["ana@example.org", "ben@example.org"]);

    let ana = registration_path(&app, &id, "ana@example.org").await;
    let page = browser.get(&ana).await;
    assert_eq!(
        form_actions(&page.text)
            .into_iter()
            .filter(|a| a.starts_with(&ana))
            .collect::<Vec<_>>(),
        [
            format!("{ana}/approve"),
            format!("{ana}/reject"),
            format!("{ana}/resend"),
            format!("{ana}/remove")
        ]
    );
    let token = crate::form_support::token_fields(&page.text).remove(0);
    let approved = browser.post(&format!("{ana}/approve"), &token, &[]).await;
    assert_eq!(approved.status, 303, "{}", approved.text);
    assert_eq!(location(&approved), format!("{ana}?done=approve"));
    let shown = browser.get(location(&approved)).await;
    assert!(
        shown.text.contains("The registration is approved"),
        "{}",
        shown.text
    );
    assert_eq!(
        status_of(&app, "ana@example.org").await,
        RegistrationStatus::Confirmed
    );

    let again = browser.post(&format!("{ana}/reject"), &token, &[]).await;
    assert_eq!(
        again.status, 409,
        "a confirmed registration is not rejected"
    );
    assert!(again.text.contains("Reload the page"), "{}", again.text);
    assert_eq!(
        status_of(&app, "ana@example.org").await,
        RegistrationStatus::Confirmed
    );

    let ben = registration_path(&app, &id, "ben@example.org").await;
    let forged = browser.post(&format!("{ben}/approve"), "forged", &[]).await;
    assert_eq!(forged.status, 403);
    assert_eq!(
        status_of(&app, "ben@example.org").await,
        RegistrationStatus::AwaitingApproval
    );

    let mails = app.quiet_mails(&MailDir(app.mail_dir())).await;
    let to_ana: Vec<_> = mails.iter().filter(|m| m.to == "ana@example.org").collect();
    assert_eq!(
        to_ana.len(),
        3,
        "opt-in, awaiting approval, seat: {:?}",
        to_ana.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert_eq!(
        mails.iter().filter(|m| m.to == "ben@example.org").count(),
        2
    );
}

async fn roles_see_and_decide_registrations_as_the_table_says(app: TestApp) {
    let id = event_with_approval(&app).await;
    registers(&app, &id, "dee@example.org", "Dee Salas", false).await;
    let dee = registration_path(&app, &id, "dee@example.org").await;
    let table = format!("/console/events/{id}/registrations");

    account_with_password(&app, "viewer@example.org", "viewer").await;
    let viewer = Browser::new(&app);
    viewer.sign_in("viewer@example.org", PASSWORD).await;
    let list = viewer.get(&table).await;
    assert_eq!(list.status, 200, "a viewer reads: {}", list.text);
    assert!(list.text.contains("dee@example.org"));
    let page = viewer.get(&dee).await;
    assert_eq!(page.status, 200);
    assert!(
        !form_actions(&page.text).iter().any(|a| a.starts_with(&dee)),
        "no buttons for a viewer: {:?}",
        form_actions(&page.text)
    );
    let token = crate::form_support::token_fields(&page.text).remove(0);
    let refused = viewer.post(&format!("{dee}/remove"), &token, &[]).await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert!(refused.text.contains("<h1"), "a page, not JSON");
    assert_eq!(
        status_of(&app, "dee@example.org").await,
        RegistrationStatus::Pending
    );
    assert_eq!(viewer.get(&format!("{table}.csv")).await.status, 200);

    account_with_password(&app, "editor@example.org", "newsletter_editor").await;
    let editor = Browser::new(&app);
    editor.sign_in("editor@example.org", PASSWORD).await;
    for path in [table.clone(), format!("{table}.csv"), dee.clone()] {
        let answer = editor.get(&path).await;
        assert_eq!(answer.status, 403, "{path}");
        assert!(!answer.text.contains("dee@example.org"), "{path}");
    }
    assert_eq!(
        editor.get(&format!("/console/events/{id}")).await.status,
        200
    );
    let home = editor.get("/console").await;
    assert!(
        !home.text.contains(&table),
        "no link to what the role may not open"
    );
    let token = crate::roles::token_of(&app, dialogo::accounts::Role::NewsletterEditor).await;
    let api = app
        .send(
            app.client
                .get(app.url(&format!("/api/v1/admin/events/{id}/registrations")))
                .bearer_auth(token),
        )
        .await;
    assert_eq!(api.status, 403, "the API answers the same: {}", api.text);

    account_with_password(&app, "coordinator@example.org", "coordinator").await;
    let coordinator = Browser::new(&app);
    coordinator
        .sign_in("coordinator@example.org", PASSWORD)
        .await;
    let page = coordinator.get(&dee).await;
    assert!(
        form_actions(&page.text).contains(&format!("{dee}/remove")),
        "{:?}",
        form_actions(&page.text)
    );
}

async fn the_waitlist_shows_who_moves_up_first(app: TestApp) {
    let mut event = berlin_webinar();
    event["capacity"] = json!(1);
    let id = app.publish_event(&event).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (email, name) in [
        ("ana@example.org", "Ana Morales"),
        ("ben@example.org", "Ben Ortiz"),
        ("cleo@example.org", "Cleo Ruiz"),
    ] {
        registers(&app, &id, email, name, true).await;
    }
    account_with_password(&app, "viewer@example.org", "viewer").await;
    let viewer = Browser::new(&app);
    viewer.sign_in("viewer@example.org", PASSWORD).await;
    let page = viewer.get(&format!("/console/events/{id}/waitlist")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let html = Html::parse_document(&page.text);
    let names: Vec<String> = select(&html, "#waitlist tbody tr td:nth-child(2)")
        .into_iter()
        .map(|cell| cell.text().collect())
        .collect();
    assert_eq!(names, ["Ben Ortiz", "Cleo Ruiz"]);
}
