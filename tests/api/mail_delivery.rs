//! What arrives at a real SMTP server: headers, parts, encodings, times and calendars.

use std::time::Duration;

use mail_parser::{Message, MessageParser, MessagePart, MimeHeaders};
use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp, berlin_webinar, mexico_dialogue, spawn_app_with};
use crate::mails::{WAIT, ical, property};
use crate::registration_flow::app_with_sink;
use crate::smtp_sink::SmtpSink;
use crate::smtp_tls::{TestCa, smtps_relay, starttls_sink};

crate::on_both_backends!(the_default_file_transport_drops_one_eml_file_per_mail);

async fn the_default_file_transport_drops_one_eml_file_per_mail(app: TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let queued = send_test_mail(
        &app,
        json!({"to": "a@example.org", "language": "fr", "event_id": event["id"]}),
    )
    .await;
    wait_for_status(&app, queued["id"].as_str().unwrap(), "sent").await;
    let files: Vec<_> = std::fs::read_dir(app.mail_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(files.len(), 1);
    let message = std::fs::read(&files[0]).unwrap();
    let parsed = MessageParser::default().parse(&message).unwrap();
    assert_eq!(
        Some(
            queued["message_id"]
                .as_str()
                .unwrap()
                .trim_matches(['<', '>'])
        ),
        parsed.message_id()
    );
    assert!(parsed.subject().unwrap().starts_with("Invitation : "));
}

for_both_backends!(
    a_test_invitation_arrives_complete_in_the_recipients_language,
    a_relay_without_8bitmime_gets_seven_bit_parts,
    tls_relays_are_trusted_through_the_configured_ca,
    calendar_instants_are_right_in_every_zone_and_across_dst,
    user_input_is_escaped_in_html_and_cannot_inject_headers,
);

async fn send_test_mail(app: &TestApp, body: Value) -> Value {
    let reply = app.admin_post("/api/v1/admin/mail/test", &body).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    reply.body
}

/// The inline `text/calendar` part of a mail.
fn inline_calendar<'a>(message: &'a Message<'_>) -> &'a MessagePart<'a> {
    message
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|c| c.ctype() == "text" && c.subtype() == Some("calendar"))
        })
        .expect("an inline text/calendar part")
}

/// The calendar of a mail, parsed by an independent iCalendar parser.
fn calendar_of(message: &Message<'_>) -> ical::parser::ical::component::IcalCalendar {
    let part = inline_calendar(message);
    assert_eq!(
        part.content_type().unwrap().attribute("method"),
        Some("REQUEST")
    );
    ical(part.text_contents().expect("the calendar is text"))
}

async fn a_test_invitation_arrives_complete_in_the_recipients_language(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    let queued = send_test_mail(
        &app,
        json!({"to": "jose@example.org", "name": "José Müller", "language": "de",
               "timezone": "Asia/Tbilisi", "event_id": id}),
    )
    .await;
    let mails = sink.wait_for(1, WAIT).await;
    let raw = String::from_utf8(mails[0].clone()).unwrap();
    let (headers, _) = raw.split_once("\r\n\r\n").unwrap();
    assert!(headers.is_ascii(), "headers are encoded (RFC 2047)");
    // Bodies go as written, announced as 8-bit (RFC 6152) to the server, which offers it.
    assert!(!raw.is_ascii() && raw.contains("Content-Transfer-Encoding: 8bit"));
    assert!(raw.contains("José Müller"));
    assert_eq!(sink.announced_8bit(), [true]);
    let message = MessageParser::default().parse(&mails[0]).unwrap();

    assert_eq!(
        message.subject(),
        Some(
            "Einladung: Digitalisation of municipal services in Southeast Europe and the Caucasus"
        )
    );
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Dialogue Secretariat"));
    assert_eq!(from.address(), Some("noreply@events.example.org"));
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(
        (to.name(), to.address()),
        (Some("José Müller"), Some("jose@example.org"))
    );
    let reply_to = message.reply_to().unwrap().first().unwrap();
    assert_eq!(reply_to.address(), Some("nino.beridze@example.org"));
    let message_id = queued["message_id"].as_str().unwrap();
    assert_eq!(
        Some(message_id.trim_matches(['<', '>'])),
        message.message_id()
    );
    assert!(message.date().is_some());

    let root = message.content_type().unwrap();
    assert_eq!((root.ctype(), root.subtype()), ("multipart", Some("mixed")));
    let text = message.body_text(0).unwrap();
    assert!(text.contains("Guten Tag José Müller,"), "{text}");
    assert!(
        text.contains("Montag, 7. Oktober 2030, 13:00–15:30 MESZ (GMT+2)"),
        "{text}"
    );
    assert!(
        text.contains("15:00–17:30 Georgien (Ortszeit) (GMT+4)"),
        "{text}"
    );
    assert!(text.contains("Nino Beridze"));
    let html = message.body_html(0).unwrap();
    assert!(html.contains("<html lang=\"de\">") && html.contains("Montag, 7. Oktober 2030"));
    assert!(
        !raw.contains("meet.example.org"),
        "a test mail must not carry the access link"
    );

    let attachment = message
        .attachments()
        .find(|a| a.attachment_name() == Some("invite.ics"))
        .expect("invite.ics is attached");
    let calendar = calendar_of(&message);
    assert_eq!(
        attachment.contents(),
        inline_calendar(&message).contents(),
        "invite.ics carries the inline calendar"
    );
    assert_eq!(property(&calendar.properties, "METHOD"), "REQUEST");
    let entry = &calendar.events[0].properties;
    assert_eq!(property(entry, "DTSTART"), "20301007T110000Z");
    assert_eq!(property(entry, "DTEND"), "20301007T133000Z");
    assert_eq!(property(entry, "UID"), format!("{id}@events.example.org"));
    assert_eq!(property(entry, "SEQUENCE"), "0");
    assert_eq!(property(entry, "ATTENDEE"), "mailto:jose@example.org");

    // The outbox records the mail as sent, under the same Message-ID.
    let outbox_id = queued["id"].as_str().unwrap();
    let item = wait_for_status(&app, outbox_id, "sent").await;
    assert_eq!(item["message_id"], message_id);
    assert_eq!(item["attempts"], 1);
}

/// A relay that does not announce 8BITMIME gets every 8-bit part as quoted-printable, and
/// no `BODY=8BITMIME`; the mail reads the same.
async fn a_relay_without_8bitmime_gets_seven_bit_parts(backend: Backend) {
    let sink = SmtpSink::start();
    let settings = [("DIALOGO_MAIL_URL", sink.url_without_8bitmime())];
    let Some(app) = spawn_app_with(backend, &settings).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    send_test_mail(
        &app,
        json!({"to": "jose@example.org", "name": "José Müller", "language": "de",
               "event_id": event["id"]}),
    )
    .await;
    let mails = app.quiet_mails(&sink).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(sink.announced_8bit(), [false]);
    let raw = sink.mails().remove(0);
    assert!(raw.is_ascii(), "an 8-bit byte went to a 7-bit relay");
    let raw = String::from_utf8(raw).unwrap();
    assert!(!raw.contains("Content-Transfer-Encoding: 8bit"), "{raw}");
    assert!(raw.contains("Content-Transfer-Encoding: quoted-printable"));
    let text = &mails[0].text;
    assert!(text.contains("Guten Tag José Müller,"), "{text}");
    assert!(text.contains("Montag, 7. Oktober 2030"), "{text}");
    assert!(mails[0].html.contains("Montag, 7. Oktober 2030"));
    let calendar = ical(mails[0].calendar.as_deref().unwrap());
    assert_eq!(
        property(&calendar.events[0].properties, "DTSTART"),
        "20301007T110000Z"
    );
}

/// A test mail through `mail_url`, trusting the CA in `ca_file` if given: the mail's outbox
/// entry once sent or tried, and the mails `sink` then has.
async fn through_tls(
    backend: Backend,
    mail_url: &str,
    ca_file: Option<&str>,
    sink: &SmtpSink,
) -> (Value, usize) {
    let mut settings = vec![("DIALOGO_MAIL_URL", mail_url.to_owned())];
    settings.extend(ca_file.map(|path| ("DIALOGO_MAIL_TLS_CA_FILE", path.to_owned())));
    let app = spawn_app_with(backend, &settings).await.expect("an app");
    let event = app.publish_event(&berlin_webinar()).await;
    let queued = send_test_mail(
        &app,
        json!({"to": "tls@example.org", "language": "en", "event_id": event["id"]}),
    )
    .await;
    let item = wait_for_mail(&app, queued["id"].as_str().unwrap(), |mail| {
        mail["status"] == "sent"
            || mail["attempts"].as_i64() >= Some(1) && mail["last_error"].is_string()
    })
    .await;
    let arrived = if item["status"] == "sent" {
        app.quiet_mails(sink).await.len()
    } else {
        // An attempt refused at the handshake has handed the sink nothing.
        sink.accepted()
    };
    (item, arrived)
}

/// STARTTLS and implicit TLS (`smtps`) verify the relay's certificate: one from a private CA
/// is refused until `DIALOGO_MAIL_TLS_CA_FILE` names that CA.
async fn tls_relays_are_trusted_through_the_configured_ca(backend: Backend) {
    let files = tempfile::tempdir().unwrap();
    let ca = TestCa::new();
    let ca_file = ca.write_ca(files.path());
    let starttls = starttls_sink(&ca, files.path());
    let plain = SmtpSink::start();
    for (url, sink) in [
        (
            format!("smtp+starttls://127.0.0.1:{}", starttls.port),
            &starttls,
        ),
        (smtps_relay(&ca, &plain), &plain),
    ] {
        let (refused, arrived) = through_tls(backend, &url, None, sink).await;
        assert_eq!(
            (refused["status"].as_str(), arrived),
            (Some("pending"), 0),
            "{url}: {refused}"
        );
        let error = refused["last_error"].as_str().unwrap().to_lowercase();
        assert!(error.contains("certificate"), "{url}: {error}");
        let (sent, arrived) = through_tls(backend, &url, Some(&ca_file), sink).await;
        assert_eq!(
            (sent["status"].as_str(), arrived),
            (Some("sent"), 1),
            "{url}: {sent}"
        );
    }
    assert_eq!(sink_mail_to(&starttls), "tls@example.org");
    assert_eq!(sink_mail_to(&plain), "tls@example.org");
}

fn sink_mail_to(sink: &SmtpSink) -> String {
    crate::mails::parse_mails(&sink.mails()).remove(0).to
}

/// Polls the outbox until the mail reaches `status`.
pub async fn wait_for_status(app: &TestApp, outbox_id: &str, status: &str) -> Value {
    wait_for_mail(app, outbox_id, |mail| mail["status"] == status).await
}

/// Polls the outbox entry until `done` holds for it.
pub async fn wait_for_mail(app: &TestApp, id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = std::time::Instant::now();
    loop {
        let reply = app.admin_get(&format!("/api/v1/admin/outbox/{id}")).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        if done(&reply.body) {
            return reply.body;
        }
        assert!(
            started.elapsed() < WAIT,
            "condition not reached: {}",
            reply.text
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn calendar_instants_are_right_in_every_zone_and_across_dst(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mexico = app.publish_event(&mexico_dialogue()).await;
    let mut tbilisi = berlin_webinar();
    tbilisi["timezone"] = json!("Asia/Tbilisi");
    tbilisi["starts_at"] = json!("2030-05-14T10:00");
    tbilisi["ends_at"] = json!("2030-05-14T12:00");
    let tbilisi = app.publish_event(&tbilisi).await;
    let mut overnight = berlin_webinar();
    overnight["starts_at"] = json!("2030-10-26T18:00");
    overnight["ends_at"] = json!("2030-10-27T12:00");
    let overnight = app.publish_event(&overnight).await;

    let cases = [
        (
            &mexico,
            "es",
            "mx@example.org",
            "20260615T160000Z",
            "20260615T230000Z",
            "lunes, 15 de junio de 2026, 10:00–17:00 GMT-6",
        ),
        (
            &tbilisi,
            "en",
            "ge@example.org",
            "20300514T060000Z",
            "20300514T080000Z",
            "Tuesday, 14 May 2030, 10:00–12:00 GMT+4",
        ),
        (
            &overnight,
            "fr",
            "fr@example.org",
            "20301026T160000Z",
            "20301027T110000Z",
            "samedi 26 octobre 2030, 18:00 UTC+2 – dimanche 27 octobre 2030, 12:00 UTC+1",
        ),
    ];
    for (event, language, to, ..) in &cases {
        send_test_mail(
            &app,
            json!({"to": to, "language": language, "event_id": event["id"]}),
        )
        .await;
    }
    let mails = sink.wait_for(cases.len(), WAIT).await;
    for (_, _, to, start, end, when) in cases {
        let message = mails
            .iter()
            .map(|raw| MessageParser::default().parse(raw).unwrap())
            .find(|m| m.to().unwrap().first().unwrap().address() == Some(to))
            .unwrap_or_else(|| panic!("no mail to {to}"));
        let entry = calendar_of(&message).events[0].properties.clone();
        assert_eq!(
            (property(&entry, "DTSTART"), property(&entry, "DTEND")),
            (start, end),
            "{to}"
        );
        let text = message.body_text(0).unwrap();
        assert!(text.contains(when), "{to}: {text}");
    }
}

async fn user_input_is_escaped_in_html_and_cannot_inject_headers(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["title"] = json!("Open <b>data</b> & \"cities\"");
    let event = app.publish_event(&event).await;
    send_test_mail(
        &app,
        json!({"to": "x@example.org", "name": "Evil\r\nBcc: victim@example.org", "language": "en",
               "event_id": event["id"]}),
    )
    .await;
    let mails = sink.wait_for(1, WAIT).await;
    let raw = String::from_utf8(mails[0].clone()).unwrap();
    let headers = raw.split("\r\n\r\n").next().unwrap();
    assert!(
        !headers
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("bcc:")),
        "{headers}"
    );
    let message = MessageParser::default().parse(&mails[0]).unwrap();
    assert_eq!(
        message.to().unwrap().first().unwrap().name(),
        Some("Evil Bcc: victim@example.org")
    );
    assert!(message.bcc().is_none());
    let html = message.body_html(0).unwrap();
    assert!(!html.contains("<b>data</b>"), "HTML is not escaped");
    assert!(html.contains("data") && html.contains("cities"));
    let text = message.body_text(0).unwrap();
    assert!(text.contains("Open <b>data</b> & \"cities\""));
    assert!(
        text.contains("Dear Evil Bcc: victim@example.org,"),
        "names stay on one line: {text}"
    );
    assert_eq!(
        message.subject(),
        Some("Invitation: Open <b>data</b> & \"cities\"")
    );
}
