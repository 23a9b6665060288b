//! Helpers for the scheduler tests: registrants written straight into the database, mails
//! read from the file transport, and time travel.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use dialogo::db::Pool;
use dialogo::db::schema::{outbox, registrations};
use dialogo::state::AppState;

use serde_json::Value;

use crate::helpers::{Api, Reply, TestApp};
pub use crate::mails::ics_identity;
use crate::mails::{Mail, MailDir, Received as _, WAIT, parse_mails};

/// Replaces the event's scheduling settings.
pub async fn put_schedule(app: &Api, id: &str, body: &Value) -> Reply {
    app.admin_put(&format!("/api/v1/admin/events/{id}/schedule"), body)
        .await
}

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
    insert_registrant(&app.app_state.pool, event_id, email, status, lang).await;
}

/// [`add_registrant`] through `pool`, e.g. before any process runs.
pub async fn insert_registrant(pool: &Pool, event_id: &str, email: &str, status: &str, lang: &str) {
    let (pool, event_id, email, status, lang) = (
        pool.clone(),
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

/// Waits for at least `count` delivered mails whose subject starts with `prefix`.
pub async fn delivered(app: &TestApp, prefix: &str, count: usize) -> Vec<Mail> {
    let started = Instant::now();
    loop {
        let mails: Vec<Mail> = parse_mails(&MailDir(app.mail_dir()).raw())
            .into_iter()
            .filter(|m| m.subject.starts_with(prefix))
            .collect();
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

/// Waits for a delivered mail to `to` whose subject starts with `prefix`.
pub async fn delivered_to(app: &TestApp, to: &str, prefix: &str) -> Mail {
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
