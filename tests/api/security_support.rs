//! What the security and erasure tests share: registrants taken through the real opt-in at an
//! SMTP sink, and "after the system is quiet" checks of what arrived.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{Reply, TestApp};
use crate::registration_flow::{Mail, WAIT, act, parse_mails, register, registrant, token};
use crate::smtp_sink::SmtpSink;

/// How long the sink must stay quiet, with nothing pending in the outbox, before counts are
/// taken as final.
const QUIET: Duration = Duration::from_millis(600);

/// The newest mail to `to` whose text has a `/registrations/{action}/` link, waiting for it.
pub async fn newest_link_mail(sink: &SmtpSink, to: &str, action: &str) -> Mail {
    let marker = format!("/registrations/{action}/");
    let started = Instant::now();
    loop {
        let found = parse_mails(&sink.mails())
            .into_iter()
            .rev()
            .find(|m| m.to == to && m.text.contains(&marker));
        if let Some(mail) = found {
            return mail;
        }
        assert!(started.elapsed() < WAIT, "no {action} link mailed to {to}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Registers `email` for the event and confirms it with the link mailed to it; the
/// confirmation's answer.
pub async fn register_and_confirm(
    app: &TestApp,
    sink: &SmtpSink,
    event: &str,
    email: &str,
) -> Reply {
    let reply = register(app, event, &registrant(email)).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    let mail = newest_link_mail(sink, email, "confirm").await;
    let confirmed = act(app, "confirm", &token(&mail, "confirm")).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    confirmed
}

/// Mails in the outbox not yet sent.
pub async fn pending_mails(app: &TestApp) -> i64 {
    let reply = app.admin_get("/api/v1/admin/outbox?limit=1").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["counts"]["pending"].as_i64().unwrap()
}

/// Waits until the sink has at least `at_least` mails, the outbox holds nothing pending and
/// the sink has been quiet for a while; then every mail it got, parsed.
pub async fn quiet_mails(app: &TestApp, sink: &SmtpSink, at_least: usize) -> Vec<Mail> {
    sink.wait_for(at_least, WAIT).await;
    let started = Instant::now();
    let mut seen = sink.accepted();
    let mut quiet_since = Instant::now();
    loop {
        assert!(started.elapsed() < WAIT, "the outbox never became quiet");
        let now = sink.accepted();
        if now != seen {
            (seen, quiet_since) = (now, Instant::now());
        } else if quiet_since.elapsed() >= QUIET && pending_mails(app).await == 0 {
            return parse_mails(&sink.mails());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// How many of `mails` went to `to`.
pub fn count_to(mails: &[Mail], to: &str) -> usize {
    mails.iter().filter(|m| m.to == to).count()
}

/// Erases everything held about `email`; the answer.
pub async fn erase(app: &TestApp, email: &str) -> Reply {
    let reply = app
        .admin_delete(&format!("/api/v1/admin/people?email={email}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply
}

/// The status of each registration of the event, by address.
pub async fn statuses(app: &TestApp, event: &str) -> Vec<(String, String)> {
    let list = app
        .admin_get(&format!(
            "/api/v1/admin/events/{event}/registrations?limit=200"
        ))
        .await;
    assert_eq!(list.status, 200, "{}", list.text);
    list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["email"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// An event that takes `capacity` people, published; its id.
pub async fn event_with_seats(app: &TestApp, capacity: u32) -> String {
    let mut event = crate::helpers::berlin_webinar();
    event["capacity"] = json!(capacity);
    app.publish_event(&event).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The tokens that follow `marker` (e.g. `/newsletter/confirm/`) in `text`, in order: whole
/// ones only, in clear or in a quoted-printable body.
pub fn tokens_after(text: &str, marker: &str) -> Vec<String> {
    text.replace("=\r\n", "")
        .split(marker)
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|token| token.len() >= 40)
        .collect()
}

/// The last token that follows `marker` in `text`.
pub fn token_after(text: &str, marker: &str) -> Option<String> {
    tokens_after(text, marker).pop()
}

/// An unsubscribe link of `email`'s subscription, valid until `expires`, stored as an issue
/// mail would carry it.
pub async fn unsubscribe_token(
    app: &TestApp,
    email: &str,
    expires: chrono::NaiveDateTime,
) -> String {
    use dialogo::db::models::{ActionToken, NewToken, Subscriber, TokenPurpose};
    use dialogo::domain::Email;
    let (pool, email) = (app.app_state.pool.clone(), Email::parse(email).unwrap());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let subscriber = Subscriber::find_by_email(&mut conn, &email)
            .unwrap()
            .unwrap();
        let (row, token) =
            NewToken::for_subscriber(TokenPurpose::Unsubscribe, &subscriber.id, expires);
        ActionToken::insert_batch(&mut conn, &[row]).unwrap();
        token
    })
    .await
    .unwrap()
}
