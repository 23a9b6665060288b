//! The Atom feed of the public events: what a feed reader gets, parsed by a real parser, with
//! the list's filters, and linked from the list.

use scraper::Html;
use serde_json::json;

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::public_pages::select;

on_both_backends!(the_atom_feed_lists_upcoming_events_with_the_lists_filters_and_parses);

async fn the_atom_feed_lists_upcoming_events_with_the_lists_filters_and_parses(app: TestApp) {
    let webinar = app.publish_event(&berlin_webinar()).await;
    let mut water = berlin_webinar();
    water["title"] = json!("Water utilities in transition");
    water["topics"] = json!(["water"]);
    app.publish_event(&water).await;
    let mut draft = berlin_webinar();
    draft["title"] = json!("A draft nobody may see");
    app.create_event(&draft).await;

    let reply = app.get("/events.atom?lang=de").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.headers["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed = atom_syndication::Feed::read_from(reply.text.as_bytes()).expect("Atom");
    assert_eq!(feed.lang(), Some("de"));
    assert!(
        feed.title().as_str().starts_with("Veranstaltungen"),
        "{}",
        feed.title().as_str()
    );
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles.contains(&webinar["title"].as_str().unwrap()),
        "{titles:?}"
    );
    let slug = webinar["slug"].as_str().unwrap();
    let entry = feed
        .entries()
        .iter()
        .find(|e| {
            e.links()
                .iter()
                .any(|l| l.href().ends_with(&format!("/events/{slug}")))
        })
        .expect("an entry linking the event page");
    assert_eq!(entry.links()[0].rel(), "alternate");
    let summary = entry.summary().unwrap().as_str();
    assert!(summary.contains("(GMT+2)"), "{summary}");
    assert!(!reply.text.contains("meet.example.org"), "{}", reply.text);

    let filtered = app.get("/events.atom?topic=water").await;
    let feed = atom_syndication::Feed::read_from(filtered.text.as_bytes()).expect("Atom");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles, ["Water utilities in transition"]);
    let refused = app.get("/events.atom?format=carrier-pigeon").await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    assert_eq!(refused.code(), "invalid_format", "{}", refused.text);

    // The list links both feeds, with its filters.
    let page = Html::parse_document(&app.get("/events?topic=water").await.text);
    let atom = select(&page, "link[rel=alternate][type='application/atom+xml']");
    assert_eq!(
        atom[0].value().attr("href"),
        Some("/events.atom?topic=water")
    );
    let ics = select(&page, "link[rel=alternate][type='text/calendar']");
    assert_eq!(
        ics[0].value().attr("href"),
        Some("/api/v1/events.ics?topic=water")
    );
}
