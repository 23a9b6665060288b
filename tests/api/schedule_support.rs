//! Helpers for the scheduler tests: registrants written straight into the database, mails
//! read from the file transport, a second process on the same database, and time travel.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use mail_parser::{MessageParser, MimeHeaders};

use dialogo::db::schema::{outbox, registrations};
use dialogo::startup::Application;
use dialogo::state::AppState;

use crate::helpers::TestApp;

const WAIT: Duration = Duration::from_secs(20);

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}

/// Stops the clocks of `states` at `instant` and runs one scheduler step in each, at once.
pub async fn step(states: &[&AppState], instant: &str) -> usize {
    for state in states {
        state.clock.set(at(instant));
    }
    let runs = states.iter().map(|s| dialogo::schedule::run_due(s));
    futures_util::future::join_all(runs)
        .await
        .into_iter()
        .map(|r| r.expect("the scheduler step runs"))
        .sum()
}

/// Adds a registrant in `status` (confirmed, waitlisted, pending …) without the mail round trip.
pub async fn add_registrant(app: &TestApp, event_id: &str, email: &str, status: &str, lang: &str) {
    let (pool, event_id, email, status, lang) = (
        app.app_state.pool.clone(),
        event_id.to_owned(),
        email.to_owned(),
        status.to_owned(),
        lang.to_owned(),
    );
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let now = dialogo::db::now();
        diesel::insert_into(registrations::table)
            .values((
                registrations::id.eq(dialogo::db::new_id()),
                registrations::event_id.eq(&event_id),
                registrations::name.eq("Tamar Kapanadze"),
                registrations::email.eq(&email),
                registrations::email_key.eq(email.to_lowercase()),
                registrations::organisation.eq(&email),
                registrations::organisation_key.eq(&email),
                registrations::organisation_type.eq("municipality"),
                registrations::country.eq("GE"),
                registrations::language.eq(&lang),
                registrations::timezone.eq(Some("America/Bogota")),
                registrations::status.eq(&status),
                registrations::waitlist_seq.eq((status == "waitlisted").then_some(1)),
                registrations::consent_at.eq(now),
                registrations::created_at.eq(now),
                registrations::updated_at.eq(now),
                registrations::confirmed_at.eq((status == "confirmed").then_some(now)),
            ))
            .execute(&mut conn)
            .unwrap();
    })
    .await
    .unwrap();
}

/// Recipients of the queued mails of `kind`, one entry per mail.
pub async fn queued(app: &TestApp, kind: &str) -> Vec<String> {
    let (pool, kind) = (app.app_state.pool.clone(), kind.to_owned());
    let mut to: Vec<String> = tokio::task::spawn_blocking(move || {
        outbox::table
            .filter(outbox::kind.eq(kind))
            .select(outbox::recipient)
            .load(&mut pool.get().unwrap())
            .unwrap()
    })
    .await
    .unwrap();
    to.sort();
    to
}

/// Waits until exactly `count` mails of `kind` are queued (a concurrent step may still be
/// committing), then checks that no more are.
pub async fn expect_queued(app: &TestApp, kind: &str, count: usize) -> Vec<String> {
    let started = Instant::now();
    loop {
        let to = queued(app, kind).await;
        if to.len() >= count || started.elapsed() > WAIT {
            assert_eq!(to.len(), count, "{kind} mails: {to:?}");
            return to;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A delivered mail, parsed.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The inline `text/calendar` part and its `method` parameter.
    pub calendar: Option<(String, String)>,
}

fn parse(bytes: &[u8]) -> Delivered {
    let message = MessageParser::default().parse(bytes).unwrap();
    let calendar = message.parts.iter().find_map(|p| {
        let ctype = p.content_type()?;
        (ctype.ctype() == "text" && ctype.subtype() == Some("calendar")).then(|| {
            (
                p.text_contents().unwrap_or_default().to_owned(),
                ctype.attribute("method").unwrap_or_default().to_owned(),
            )
        })
    });
    Delivered {
        to: message
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned(),
        subject: message.subject().unwrap_or("").to_owned(),
        text: message.body_text(0).unwrap_or_default().into_owned(),
        html: message.body_html(0).unwrap_or_default().into_owned(),
        calendar,
    }
}

/// Waits for at least `count` delivered mails whose subject starts with `prefix`.
pub async fn delivered(app: &TestApp, prefix: &str, count: usize) -> Vec<Delivered> {
    let started = Instant::now();
    loop {
        let mails: Vec<Delivered> = std::fs::read_dir(app.mail_dir())
            .map(|dir| {
                dir.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .map(|e| parse(&std::fs::read(e.path()).unwrap()))
                    .filter(|m| m.subject.starts_with(prefix))
                    .collect()
            })
            .unwrap_or_default();
        if mails.len() >= count {
            return mails;
        }
        assert!(
            started.elapsed() < WAIT,
            "{} of {count} {prefix:?} mails",
            mails.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// (METHOD, UID, SEQUENCE) of a calendar, read by an independent iCalendar parser.
pub fn ics_identity(text: &str) -> (String, String, u32) {
    let calendar = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let value = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let event = &calendar.events[0].properties;
    (
        value(&calendar.properties, "METHOD"),
        value(event, "UID"),
        value(event, "SEQUENCE").parse().unwrap(),
    )
}

/// Another `dialogo serve` process on the same database (and mail directory).
pub struct Peer {
    pub state: AppState,
    /// Where its HTTP server listens, on 127.0.0.1.
    pub port: u16,
    background: Vec<tokio::task::AbortHandle>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        for task in &self.background {
            task.abort();
        }
    }
}

pub async fn spawn_peer(app: &TestApp) -> Peer {
    let mut settings = (*app.app_state.settings).clone();
    settings.bind = "127.0.0.1:0".parse().unwrap();
    let application = Application::build(settings).await.expect("the peer starts");
    let state = application.state().clone();
    let port = application.port();
    let background = application.background_handles();
    tokio::spawn(application.run_until_stopped());
    Peer {
        state,
        port,
        background,
    }
}

/// Waits for a delivered mail to `to` whose subject starts with `prefix`.
pub async fn delivered_to(app: &TestApp, to: &str, prefix: &str) -> Delivered {
    let started = Instant::now();
    loop {
        let all = delivered(app, "", 0).await;
        if let Some(mail) = all
            .into_iter()
            .find(|m| m.to == to && m.subject.starts_with(prefix))
        {
            return mail;
        }
        assert!(started.elapsed() < WAIT, "no {prefix:?} mail to {to}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
