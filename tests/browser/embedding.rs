//! Embedding, as an agency's site does it: a page of another site frames the registration form
//! (`?embed=1`), and a visitor fills it in and sends it inside the frame — first with an
//! address that is none, then fixed — and sees "check your inbox" there.
//!
//! The agency's page is served from `localhost` and the app from `127.0.0.1`: two sites, so
//! the frame is cross-site as in production, and the browser sends the frame no
//! `SameSite=Lax` cookie; only the framed forms' own token cookie lets the form through. Both
//! hosts are loopback, which Chromium trusts with `Secure` cookies over plain http.

use actix_web::{App, HttpResponse, HttpServer, web};
use dialogo::i18n::Locale;

use crate::fixture::{Fixture, LANGUAGES};
use crate::forms::{refused_then_fixed, type_into};
use crate::harness::Registered;
use crate::helpers::{Backend, TestApp, berlin_webinar, spawn_app_with};

pub fn trials() -> Vec<Registered> {
    LANGUAGES
        .into_iter()
        .map(|lang| {
            Registered::new(
                format!("embedding::a_visitor_registers_in_a_form_framed_by_another_site::{lang}"),
                move |f| a_visitor_registers_in_a_form_framed_by_another_site(f, lang),
            )
        })
        .collect()
}

/// The agency's site: one page framing `src`, served from `listener`.
fn serve_agency_page(listener: std::net::TcpListener, src: String) -> actix_web::dev::ServerHandle {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Agency</title></head><body><main><h1>Agency</h1>\
         <iframe title=\"Registration\" src=\"{src}\" width=\"900\" height=\"1400\"></iframe>\
         </main></body></html>"
    );
    let server = HttpServer::new(move || {
        let page = page.clone();
        App::new().default_service(web::to(move || {
            let page = page.clone();
            async move {
                HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .body(page)
            }
        }))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .expect("the agency's page is served")
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    handle
}

/// An app that lets `agency` frame its forms, with a published event's slug.
async fn embedding_app(agency: &str) -> (TestApp, String) {
    let setting = [("DIALOGO_FRAME_ANCESTORS", agency.to_owned())];
    let app = spawn_app_with(Backend::Sqlite, &setting)
        .await
        .expect("the app starts");
    let event = app.publish_event(&berlin_webinar()).await;
    let slug = event["slug"].as_str().expect("a slug").to_owned();
    (app, slug)
}

async fn a_visitor_registers_in_a_form_framed_by_another_site(
    fixture: &Fixture,
    lang: &'static str,
) {
    let browser = &fixture.browser;
    let t = Locale::parse(lang).expect("a language");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let agency = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    let (app, slug) = embedding_app(&agency).await;
    let form = app.url(&format!("/events/{slug}/register?embed=1&lang={lang}"));
    let server = serve_agency_page(listener, form);

    browser.open(&format!("{agency}/")).await;
    browser
        .find("iframe")
        .await
        .enter_frame()
        .await
        .expect("into the frame");
    assert_eq!(browser.lang().await, lang);
    assert_eq!(browser.count("header, footer").await, 0);
    // Kept as the browser shows it: fetched again, the address would be the agency's page.
    fixture
        .check(&format!("embedded-register-1-empty-{lang}"), false)
        .await;

    type_into(fixture, "input#name", "Nino Beridze").await;
    type_into(fixture, "input#organisation", "City of Batumi").await;
    browser
        .click("select#organisation_type option[value=municipality]")
        .await;
    browser.click("select#country option[value=GE]").await;
    browser.click("label[for=consent]").await;
    let email = format!("framed-{lang}@example.org");
    let refused = format!("embedded-register-2-refused-{lang}");
    refused_then_fixed(fixture, &refused, &email).await;

    let said = browser.text("main").await;
    assert!(
        said.contains(&t.text("invitation-page-check-inbox")),
        "{said}"
    );
    let search = browser
        .client
        .execute("return location.search;", vec![])
        .await
        .expect("the frame's address");
    assert!(
        search.as_str().is_some_and(|q| q.contains("embed=1")),
        "{search}"
    );
    fixture
        .check(&format!("embedded-register-3-check-inbox-{lang}"), false)
        .await;
    browser
        .client
        .enter_parent_frame()
        .await
        .expect("back to the page");
    server.stop(false).await;
}
