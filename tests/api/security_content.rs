//! What dialogo writes from other people's input stays what it is: calendars keep their
//! properties whatever a title or name holds, Markdown links lead only to the web or to a
//! mail, and every response says not to sniff its type, link pages not to be framed.

use serde_json::json;

use crate::helpers::{Backend, TestApp, berlin_webinar};
use crate::registration_flow::{app_with_sink, parse_mails};
use crate::security_support::quiet_mails;
use crate::{for_both_backends, on_both_backends};

for_both_backends!(calendars_cannot_be_injected_through_titles_venues_or_names);
on_both_backends!(
    newsletter_links_lead_only_to_the_web_or_a_mail,
    responses_are_not_sniffed_and_link_pages_not_framed,
);

fn parse_calendar(text: &str) -> ical::parser::ical::component::IcalCalendar {
    ical::IcalParser::new(text.as_bytes())
        .next()
        .expect("a calendar")
        .expect("it parses")
}

fn property_names(calendar: &ical::parser::ical::component::IcalCalendar) -> Vec<String> {
    calendar.events[0]
        .properties
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

async fn calendars_cannot_be_injected_through_titles_venues_or_names(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["format"] = json!("hybrid");
    event["title"] = json!("Dialogue\rX-INJECT-TITLE:1");
    event["summary"] = json!("Summary\rX-INJECT-SUMMARY:2");
    event["venue"] = json!({"name": "Hall\rX-INJECT-VENUE:3", "city": "Berlin"});
    let event = app.publish_event(&event).await;
    let id = event["id"].as_str().unwrap();

    let feed = app.get(&format!("/api/v1/events/{id}/calendar.ics")).await;
    assert_eq!(feed.status, 200);
    assert!(
        !feed.text.replace("\r\n", "").contains('\r'),
        "{:?}",
        feed.text
    );
    let calendar = parse_calendar(&feed.text);
    let names = property_names(&calendar);
    assert!(
        names.iter().all(|n| !n.starts_with("X-INJECT")),
        "{names:?}"
    );
    assert_eq!(names.iter().filter(|n| *n == "SUMMARY").count(), 1);

    let mut registrant = crate::registration_flow::registrant("ana@example.org");
    registrant["name"] = json!("Ana \"Quote\" ;ROLE=CHAIR");
    let reply = crate::registration_flow::register(&app, id, &registrant).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    let opt_in =
        crate::security_support::newest_link_mail(&sink, "ana@example.org", "confirm").await;
    let confirmed = crate::registration_flow::act(
        &app,
        "confirm",
        &crate::registration_flow::token(&opt_in, "confirm"),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    quiet_mails(&app, &sink, 2).await;
    let raw = sink.mails();
    let message = mail_parser::MessageParser::default()
        .parse(raw.last().unwrap())
        .unwrap();
    let inline = message
        .parts
        .iter()
        .find(|p| {
            use mail_parser::MimeHeaders as _;
            p.content_type()
                .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar"))
        })
        .and_then(|p| p.text_contents())
        .expect("a calendar in the mail");
    let calendar = parse_calendar(inline);
    let names = property_names(&calendar);
    assert!(
        names.iter().all(|n| !n.starts_with("X-INJECT")),
        "{names:?}"
    );
    let attendee = calendar.events[0]
        .properties
        .iter()
        .find(|p| p.name == "ATTENDEE")
        .unwrap();
    let params = attendee.params.as_ref().unwrap();
    let roles: Vec<&String> = params
        .iter()
        .filter(|(k, _)| k == "ROLE")
        .flat_map(|(_, v)| v)
        .collect();
    assert_eq!(roles, ["REQ-PARTICIPANT"], "{params:?}");
}

async fn newsletter_links_lead_only_to_the_web_or_a_mail(app: TestApp) {
    let body = "Read [the report](https://example.org/report) or [click](javascript:alert(1)), \
                [this](data:text/html;base64,PHNjcmlwdD4=) and <javascript:alert(2)>; \
                write to [us](mailto:info@example.org).";
    let created = app
        .admin_post(
            "/api/v1/admin/newsletter/issues",
            &json!({"subject": {"en": "Links"}, "body": {"en": body}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_str().unwrap();
    let tested = app
        .admin_post(
            &format!("/api/v1/admin/newsletter/issues/{id}/test"),
            &json!({"email": "editor@example.org"}),
        )
        .await;
    assert!(tested.status < 300, "{}", tested.text);
    let mail = loop {
        let mails: Vec<Vec<u8>> = std::fs::read_dir(app.mail_dir())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| std::fs::read(e.path()).unwrap())
            .collect();
        if let Some(mail) = parse_mails(&mails).pop() {
            break mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert!(
        mail.html.contains("href=\"https://example.org/report\""),
        "{}",
        mail.html
    );
    assert!(
        mail.html.contains("href=\"mailto:info@example.org\""),
        "{}",
        mail.html
    );
    // No other link is left (a refused autolink stays as its text).
    let parts: Vec<&str> = mail.html.split('"').collect();
    for target in parts
        .windows(2)
        .filter(|w| w[0].ends_with("href="))
        .map(|w| w[1])
    {
        let allowed = ["https://", "http://", "mailto:"];
        assert!(allowed.iter().any(|s| target.starts_with(s)), "{target}");
    }
    assert!(!mail.html.contains("data:text"), "{}", mail.html);
}

async fn responses_are_not_sniffed_and_link_pages_not_framed(app: TestApp) {
    for path in [
        "/api/v1/events",
        "/api/v1/nothing-here",
        "/healthz",
        "/registrations/confirm/unknown-token",
        "/newsletter/unsubscribe/unknown-token",
        "/invitations/decline/unknown-token",
    ] {
        let reply = app.get(path).await;
        assert_eq!(
            reply
                .headers
                .get("x-content-type-options")
                .map(|v| v.to_str().unwrap()),
            Some("nosniff"),
            "{path}"
        );
    }
    for path in [
        "/registrations/confirm/unknown-token",
        "/registrations/withdraw/unknown-token",
        "/newsletter/confirm/unknown-token",
        "/newsletter/unsubscribe/unknown-token",
        "/invitations/register/unknown-token",
        "/invitations/decline/unknown-token",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.headers["x-frame-options"], "DENY", "{path}");
        let policy = reply.headers["content-security-policy"].to_str().unwrap();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
    }
}
