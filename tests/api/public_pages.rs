//! The public pages a browser opens: the events, one event, the privacy notice — in every
//! language, with what an event page must show, never its access link or its registrants,
//! and reached from the "more information" link of a mail.

use scraper::{Html, Selector};
use serde_json::{Value, json};

use crate::helpers::{Backend, Reply, TestApp, berlin_webinar};
use crate::registration_flow::{app_with_sink, register, registrant};
use crate::security_support::{newest_link_mail, register_and_confirm};
use crate::{for_both_backends, on_both_backends};

on_both_backends!(
    every_page_answers_in_every_language_with_its_html_lang_and_headers,
    the_language_comes_from_the_query_then_the_cookie_then_the_browser,
    the_list_filters_pages_and_links_its_feed_and_past_events,
    unknown_and_draft_events_answer_a_404_page,
);
for_both_backends!(
    the_event_page_shows_what_it_must_and_never_the_access_link_or_a_registrant,
    the_more_information_link_of_a_mail_opens_the_event_page,
);

const LANGUAGES: [&str; 5] = ["de", "en", "es", "fr", "pt"];

pub fn select<'a>(page: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(selector).unwrap()).collect()
}

fn text_of(page: &Html, selector: &str) -> String {
    select(page, selector)
        .iter()
        .flat_map(|e| e.text())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.send(request).await
}

fn assert_html_page(reply: &Reply, status: u16, lang: &str, what: &str) -> Html {
    assert_eq!(reply.status, status, "{what}: {}", reply.text);
    let content_type = reply.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("text/html"),
        "{what}: {content_type}"
    );
    let page = Html::parse_document(&reply.text);
    let html_lang = select(&page, "html")[0].value().attr("lang");
    assert_eq!(html_lang, Some(lang), "{what}");
    let policy = reply.headers["content-security-policy"].to_str().unwrap();
    for part in [
        "default-src 'none'",
        "style-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(part), "{what}: {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{what}: {policy}");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(reply.headers["x-frame-options"], "DENY", "{what}");
    assert!(select(&page, "[style], style").is_empty(), "{what}");
    page
}

async fn published(app: &TestApp) -> Value {
    app.publish_event(&berlin_webinar()).await
}

async fn every_page_answers_in_every_language_with_its_html_lang_and_headers(app: TestApp) {
    let event = published(&app).await;
    let slug = event["slug"].as_str().unwrap();
    let title = event["title"].as_str().unwrap();
    for path in ["/", "/events", &format!("/events/{slug}"), "/privacy"] {
        for lang in LANGUAGES {
            let reply = app.get(&format!("{path}?lang={lang}")).await;
            let what = format!("{path} in {lang}");
            let page = assert_html_page(&reply, 200, lang, &what);
            let t = dialogo::i18n::Locale::parse(lang).unwrap();
            // The frame in the page's language: the skip link, the footer's privacy link.
            assert_eq!(
                text_of(&page, "a[href='#main']"),
                t.text("page-skip-to-content"),
                "{what}"
            );
            assert!(
                text_of(&page, "footer").contains(&t.text("page-privacy")),
                "{what}"
            );
            // One alternate per language, each asking for it.
            let alternates = select(&page, "link[rel=alternate][hreflang]");
            assert_eq!(alternates.len(), LANGUAGES.len(), "{what}");
            for (link, code) in alternates.iter().zip(LANGUAGES) {
                let href = link.value().attr("href").unwrap();
                assert_eq!(link.value().attr("hreflang"), Some(code));
                assert!(
                    href.starts_with("http") && href.ends_with(&format!("lang={code}")),
                    "{href}"
                );
            }
            let current = select(&page, "nav [aria-current]");
            assert_eq!(current.len(), 1, "{what}");
            assert_eq!(current[0].value().attr("lang"), Some(lang));
            assert_eq!(select(&page, "h1").len(), 1, "{what}: {}", reply.text);
            if path != "/privacy" {
                assert!(text_of(&page, "main").contains(title), "{what}");
            }
        }
    }
    // The notice names its version.
    let privacy = app.get("/privacy?lang=de").await;
    assert!(
        privacy.text.contains(dialogo::site::BUILT_IN_VERSION),
        "{}",
        privacy.text
    );
}

async fn the_language_comes_from_the_query_then_the_cookie_then_the_browser(app: TestApp) {
    let browser = [("Accept-Language", "es-MX, es;q=0.9")];
    let reply = get_with(&app, "/events", &browser).await;
    assert_html_page(&reply, 200, "es", "the browser's language");
    assert!(reply.headers.get("set-cookie").is_none());

    let reply = get_with(&app, "/events?lang=fr", &browser).await;
    assert_html_page(&reply, 200, "fr", "?lang=fr");
    let cookie = reply.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("dialogo_lang=fr;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let remembered = [("Accept-Language", "es"), ("Cookie", "dialogo_lang=fr")];
    let reply = get_with(&app, "/privacy", &remembered).await;
    assert_html_page(&reply, 200, "fr", "the cookie");
    let reply = get_with(&app, "/privacy?lang=pt", &remembered).await;
    assert_html_page(&reply, 200, "pt", "?lang over the cookie");
    // What dialogo does not speak is passed over.
    let reply = get_with(&app, "/events?lang=ka", &[("Cookie", "dialogo_lang=xx")]).await;
    assert_html_page(&reply, 200, "en", "nothing usable");
}

async fn the_list_filters_pages_and_links_its_feed_and_past_events(app: TestApp) {
    let webinar = published(&app).await;
    let mut other = berlin_webinar();
    other["title"] = json!("Water utilities in transition");
    other["topics"] = json!(["water"]);
    other["series"] = json!(null);
    other["languages"] = json!(["es"]);
    other["starts_at"] = json!("2030-11-07T13:00");
    other["ends_at"] = json!("2030-11-07T15:00");
    app.publish_event(&other).await;
    let mut draft = berlin_webinar();
    draft["title"] = json!("A draft nobody may see");
    app.create_event(&draft).await;

    let page = Html::parse_document(&app.get("/events?lang=en").await.text);
    let titles = text_of(&page, "main h2 a");
    assert!(
        titles.contains("Digitalisation") && titles.contains("Water"),
        "{titles}"
    );
    assert!(!titles.contains("draft"), "{titles}");
    // The form offers the topics and languages the events have, languages named in the reader's.
    let topics: Vec<_> = select(&page, "select[name=topic] option")
        .iter()
        .filter_map(|o| o.value().attr("value"))
        .collect();
    assert_eq!(topics, ["", "e-governance", "urban-development", "water"]);
    let languages = text_of(&page, "select[name=language] option");
    assert!(
        languages.contains("Spanish") && languages.contains("German"),
        "{languages}"
    );
    assert_eq!(select(&page, "label[for=filter-topic]").len(), 1);

    let page = Html::parse_document(&app.get("/events?topic=water&language=").await.text);
    let titles = text_of(&page, "main h2 a");
    assert!(
        titles.contains("Water") && !titles.contains("Digitalisation"),
        "{titles}"
    );
    assert_eq!(
        select(&page, "select[name=topic] option[selected]")[0]
            .value()
            .attr("value"),
        Some("water")
    );
    // The feeds keep the filters.
    let feed = select(&page, "link[rel=alternate][type='text/calendar']");
    let href = feed[0].value().attr("href").unwrap();
    assert_eq!(href, "/api/v1/events.ics?topic=water");
    assert_eq!(app.get(href).await.status, 200);

    // A refused filter says so on the page, with 400.
    let reply = app.get("/events?format=carrier-pigeon&lang=de").await;
    let page = assert_html_page(&reply, 400, "de", "a refused filter");
    assert_eq!(select(&page, "[role=alert]").len(), 1);

    // Page by page, and past events one link away.
    let page = Html::parse_document(&app.get("/events").await.text);
    assert!(select(&page, "a[rel=next]").is_empty());
    let past_link = select(&page, "a[href='/events?when=past']");
    assert_eq!(past_link.len(), 1);
    let past = Html::parse_document(&app.get("/events?when=past").await.text);
    assert!(
        text_of(&past, "main h2 a").is_empty(),
        "nothing has happened yet"
    );
    let slug = webinar["slug"].as_str().unwrap();
    assert_eq!(
        select(
            &Html::parse_document(&app.get("/").await.text),
            &format!("a[href='/events/{slug}']")
        )
        .len(),
        1
    );
}

async fn unknown_and_draft_events_answer_a_404_page(app: TestApp) {
    let draft = app.create_event(&berlin_webinar()).await;
    for path in [
        format!("/events/{}", draft["slug"].as_str().unwrap()),
        "/events/no-such-event".to_owned(),
    ] {
        let reply = get_with(&app, &path, &[("Accept-Language", "de")]).await;
        let page = assert_html_page(&reply, 404, "de", &path);
        let t = dialogo::i18n::Locale::parse("de").unwrap();
        assert_eq!(text_of(&page, "h1"), t.text("page-not-found-title"));
        assert!(!reply.text.contains("A draft"), "{path}");
    }
}

async fn the_event_page_shows_what_it_must_and_never_the_access_link_or_a_registrant(
    backend: Backend,
) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = published(&app).await;
    let (id, slug) = (
        event["id"].as_str().unwrap(),
        event["slug"].as_str().unwrap(),
    );
    let agenda = json!({"published": true, "items": [{
        "starts_at": "2030-10-07T13:00", "ends_at": "2030-10-07T14:00",
        "title": "Opening </script><b>round</b>", "kind": "talk",
        "speakers": [{"name": "Giorgi Abashidze", "affiliation": "City of Batumi", "role": "Moderator"}]
    }]});
    let reply = app
        .admin_put(&format!("/api/v1/admin/events/{id}/agenda"), &agenda)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    register_and_confirm(&app, &sink, id, "tamar@example.org").await;

    let reply = app.get(&format!("/events/{slug}?lang=en")).await;
    let page = assert_html_page(&reply, 200, "en", "the event page");
    assert_eq!(text_of(&page, "h1"), event["title"].as_str().unwrap());
    let main = text_of(&page, "main");
    for shown in [
        "20 municipalities from 13 countries share practices.",
        "Monday, 7 October 2030, 13:00–15:30 CEST (GMT+2)",
        "Online",
        "English, German",
        "Registration is open. 59 seats left.",
        "Nino Beridze, Regional Network Coordinator",
        "International participants",
        "13:00–14:00 · Opening </script><b>round</b>",
        "Giorgi Abashidze, City of Batumi (Moderator)",
    ] {
        assert!(main.contains(shown), "{shown:?} not in {main}");
    }
    // The description is Markdown, rendered.
    assert_eq!(text_of(&page, ".site-markdown strong"), "Southeast Europe");
    assert_eq!(
        select(&page, "main b").len(),
        0,
        "markup in the agenda is text"
    );
    // Never the access link, never a registrant.
    for hidden in [
        "meet.example.org",
        "83520011",
        "Tamar",
        "Kapanadze",
        "tamar@example.org",
    ] {
        assert!(
            !reply.text.contains(hidden),
            "{hidden} shown: {}",
            reply.text
        );
    }
    // The calendar file answers.
    let ics = select(&page, "a[type='text/calendar']")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(ics, format!("/api/v1/events/{id}/calendar.ics"));
    assert_eq!(app.get(ics).await.status, 200);
    // schema.org data that parses, and that no text of the event can break out of.
    let scripts = select(&page, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let raw = scripts[0].inner_html();
    assert!(!raw.contains('<'), "{raw}");
    let data: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(data["@type"], "Event");
    assert_eq!(data["name"], event["title"]);
    assert_eq!(data["startDate"], "2030-10-07T13:00:00+02:00");
    assert_eq!(data["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(data["location"][0]["@type"], "VirtualLocation");
    assert!(
        data["location"][0]["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/events/{slug}"))
    );

    // Cancelled, it says so.
    let reply = app
        .admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let page = Html::parse_document(&app.get(&format!("/events/{slug}")).await.text);
    assert!(text_of(&page, "main").contains("This event has been cancelled."));
}

async fn the_more_information_link_of_a_mail_opens_the_event_page(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = published(&app).await;
    let id = event["id"].as_str().unwrap();
    let mut body = registrant("levan@example.org");
    body["language"] = json!("de");
    assert_eq!(register(&app, id, &body).await.status, 202);
    let mail = newest_link_mail(&sink, "levan@example.org", "confirm").await;
    let (url, slug) = mail.link("/events/");
    assert_eq!(slug, event["slug"].as_str().unwrap());
    let path = &url[url.find("/events/").unwrap()..];
    let reply = get_with(&app, path, &[("Accept-Language", "de")]).await;
    let page = assert_html_page(&reply, 200, "de", &url);
    assert_eq!(text_of(&page, "h1"), event["title"].as_str().unwrap());
}
