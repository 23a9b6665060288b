//! Two `dialogo serve` processes on one database (two processes on one SQLite file, or on one
//! PostgreSQL database), as behind a load balancer: no seat is given twice, each newsletter
//! reader and each reminder is mailed exactly once, and a process killed while sending leaves
//! its mails to the other.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use diesel::prelude::*;
use serde_json::{Value, json};

use dialogo::db::Pool;
use dialogo::db::models::{Event, EventStatus};
use dialogo::db::schema::outbox;
use dialogo::routes::events::input::EventInput;

use crate::for_both_backends;
use crate::helpers::{Backend, TestDatabase, berlin_webinar, fresh_database};
use crate::mails::{Mail, WAIT, quiet_mails};
use crate::newsletter_issues::{create_issue, import, issue_action, issue_until, readers_csv};
use crate::registration_flow::{
    act, assert_waitlist_mails_tell_the_places, register, registrant, token,
};
use crate::schedule_support::insert_registrant;
use crate::served::{Served, test_pool};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    two_processes_confirming_at_once_never_overbook,
    two_processes_send_each_newsletter_reader_one_copy,
    two_processes_send_each_reminder_once,
    a_process_killed_mid_send_leaves_its_mails_to_the_other_after_their_lease,
);

/// A fresh database for processes to share, the test's own pool on it, and an SMTP sink.
pub(crate) struct Shared {
    url: String,
    pub(crate) pool: Pool,
    pub(crate) sink: SmtpSink,
    _database: TestDatabase,
    _files: tempfile::TempDir,
}

impl Shared {
    pub(crate) async fn new(backend: Backend) -> Self {
        let files = tempfile::tempdir().unwrap();
        let (database, url) = fresh_database(backend, files.path()).expect("a database");
        Self {
            pool: test_pool(&url).await,
            url,
            sink: SmtpSink::start(),
            _database: database,
            _files: files,
        }
    }

    /// Starts a `dialogo serve` on the database, mailing to the sink.
    pub(crate) async fn serve(&self, overrides: &[(&str, String)]) -> Served {
        Served::start(&self.url, &self.sink.url(), overrides, &self.pool).await
    }

    /// Every mail the sink got, once the outbox is quiet.
    pub(crate) async fn quiet_mails(&self) -> Vec<Mail> {
        quiet_mails(&self.sink, &self.pool).await
    }
}

async fn two_processes_confirming_at_once_never_overbook(backend: Backend) {
    let shared = Shared::new(backend).await;
    let (first, second) = (shared.serve(&[]).await, shared.serve(&[]).await);
    let mut event = berlin_webinar();
    event["capacity"] = json!(10);
    let event = first.publish_event(&event).await;
    let id = event["id"].as_str().unwrap();
    let count = 60;
    let bodies: Vec<_> = (0..count)
        .map(|i| registrant(&format!("p{i}@example.org")))
        .collect();
    // Half the registrations through each process, all at once.
    let replies = futures_util::future::join_all(bodies.iter().enumerate().map(|(i, body)| {
        let process = if i % 2 == 0 { &first } else { &second };
        register(process, id, body)
    }))
    .await;
    assert!(replies.iter().all(|r| r.status == 202));
    let opt_ins = shared.quiet_mails().await;
    assert_eq!(opt_ins.len(), count, "one opt-in mail each");

    // Every other confirmation through the other process, all at once.
    let tokens: Vec<String> = opt_ins.iter().map(|m| token(m, "confirm")).collect();
    let outcomes = futures_util::future::join_all(tokens.iter().enumerate().map(|(i, token)| {
        let process = if i % 2 == 0 { &first } else { &second };
        act(process, "confirm", token)
    }))
    .await;
    assert!(
        outcomes.iter().all(|r| r.status == 200),
        "{:?}",
        outcomes.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let seated = outcomes
        .iter()
        .filter(|r| r.body["status"] == "confirmed")
        .count();
    let mut positions: Vec<i64> = outcomes
        .iter()
        .filter_map(|r| r.body["waitlist_position"].as_i64())
        .collect();
    positions.sort();
    assert_eq!(seated, 10, "overbooked or underbooked");
    assert_eq!(positions, (1..=50).collect::<Vec<i64>>());

    let list = second
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["counts"]["confirmed"], 10);
    assert_eq!(list.body["counts"]["waitlisted"], 50);
    // One mail each, seat or waitlist place, whichever process wrote it; none twice.
    let mails = shared.quiet_mails().await;
    let subjects = |prefix: &str| {
        mails
            .iter()
            .filter(|m| m.subject.starts_with(prefix))
            .map(|m| m.to.as_str())
            .collect::<HashSet<_>>()
    };
    assert_eq!(subjects("Registration confirmed:").len(), 10);
    assert_eq!(subjects("Waiting list:").len(), 50);
    assert_eq!(mails.len(), 2 * count);
    assert_waitlist_mails_tell_the_places(&outcomes, &opt_ins, &mails);
}

async fn two_processes_send_each_newsletter_reader_one_copy(backend: Backend) {
    let shared = Shared::new(backend).await;
    let settings = [("DIALOGO_NEWSLETTER_BATCH", "7".to_owned())];
    let (first, second) = (shared.serve(&settings).await, shared.serve(&settings).await);
    assert_eq!(import(&first, &readers_csv(120)).await.status, 200);
    let id = create_issue(
        &first,
        &json!({"subject": {"en": "Programme news"}, "body": {"en": "Hello."}}),
    )
    .await;
    let (a, b) = tokio::join!(
        issue_action(&first, &id, "send"),
        issue_action(&second, &id, "send")
    );
    assert_eq!((a.status, b.status), (202, 202));
    issue_until(&second, &id, |i| i["status"] == "sent").await;
    let mails = shared.quiet_mails().await;
    let got: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    let unique: HashSet<&str> = got.iter().copied().collect();
    assert_eq!(
        (got.len(), unique.len()),
        (120, 120),
        "each reader exactly once"
    );
    let issue = issue_until(&first, &id, |_| true).await;
    assert_eq!(
        issue["progress"],
        json!({"total": 120, "queued": 0, "sent": 120, "failed": 0})
    );
}

/// Creates and publishes an event through the library, before any process runs.
async fn published_event(pool: &Pool, event: Value) -> String {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let input: EventInput = serde_json::from_value(event).unwrap();
        let id = Event::create(&mut conn, &input.parse().unwrap())
            .unwrap()
            .event
            .id;
        dialogo::schedule::ensure_plan(&mut conn, &id).unwrap();
        Event::transition(&mut conn, &id, EventStatus::Draft, EventStatus::Published).unwrap();
        id
    })
    .await
    .unwrap()
}

async fn two_processes_send_each_reminder_once(backend: Backend) {
    const EVENTS: usize = 3;
    const REGISTRANTS: usize = 10;
    let shared = Shared::new(backend).await;
    // Starting in 30 minutes: the hour-before reminder is due (late, until the start), the
    // day-before one no longer makes sense. Everything is in place before the processes start.
    let starts = chrono::Utc::now() + chrono::TimeDelta::minutes(30);
    for n in 0..EVENTS {
        let mut event = berlin_webinar();
        event["title"] = json!(format!("Municipal dialogue {n}"));
        event["timezone"] = json!("UTC");
        event["starts_at"] = json!(starts.format("%Y-%m-%dT%H:%M").to_string());
        let ends = starts + chrono::TimeDelta::hours(2);
        event["ends_at"] = json!(ends.format("%Y-%m-%dT%H:%M").to_string());
        let id = published_event(&shared.pool, event).await;
        for r in 0..REGISTRANTS {
            let email = format!("r{n}-{r}@example.org");
            insert_registrant(&shared.pool, &id, &email, "confirmed", "en").await;
        }
    }
    let fast = [("DIALOGO_SCHEDULER_POLL_MS", "20".to_owned())];
    let (_first, _second) = (shared.serve(&fast).await, shared.serve(&fast).await);
    let mails = wait_for_subjects(&shared, "Reminder:", EVENTS * REGISTRANTS).await;
    let reminded: HashSet<&str> = mails.iter().map(|m| m.to.as_str()).collect();
    assert_eq!(
        (mails.len(), reminded.len()),
        (EVENTS * REGISTRANTS, EVENTS * REGISTRANTS),
        "each registrant exactly one reminder"
    );
}

/// Waits until `count` mails whose subject starts with `prefix` have arrived, then for the
/// quiet; the mails of that kind.
async fn wait_for_subjects(shared: &Shared, prefix: &str, count: usize) -> Vec<Mail> {
    let started = std::time::Instant::now();
    loop {
        let mails = shared.quiet_mails().await;
        let matching: Vec<Mail> = mails
            .into_iter()
            .filter(|m| m.subject.starts_with(prefix))
            .collect();
        if matching.len() >= count || started.elapsed() > WAIT {
            return matching;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A mail in the outbox, as the processes left it.
#[derive(Debug, Queryable)]
pub(crate) struct OutboxRow {
    pub(crate) recipient: String,
    pub(crate) status: String,
    pub(crate) locked_by: Option<String>,
    locked_until: Option<chrono::NaiveDateTime>,
    sent_at: Option<chrono::NaiveDateTime>,
}

pub(crate) async fn outbox_rows(pool: &Pool) -> Vec<OutboxRow> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        outbox::table
            .select((
                outbox::recipient,
                outbox::status,
                outbox::locked_by,
                outbox::locked_until,
                outbox::sent_at,
            ))
            .load(&mut pool.get().unwrap())
            .unwrap()
    })
    .await
    .unwrap()
}

async fn a_process_killed_mid_send_leaves_its_mails_to_the_other_after_their_lease(
    backend: Backend,
) {
    const MAILS: usize = 100;
    let shared = Shared::new(backend).await;
    // One connection each, and a batch (50 mails) sent well within the lease.
    let settings = [
        ("DIALOGO_MAIL_LEASE_SECONDS", "2".to_owned()),
        ("DIALOGO_MAIL_CONNECTIONS", "1".to_owned()),
    ];
    let mut first = shared.serve(&settings).await;
    let second = shared.serve(&settings).await;
    let (dead, survivor) = (first.worker_id().await, second.worker_id().await);
    // Each mail takes the sink a while: both processes have mails in hand when one dies.
    shared.sink.delay_each(Duration::from_millis(20));
    let event = first.publish_event(&berlin_webinar()).await;
    let invitees: Vec<Value> = (0..MAILS)
        .map(|i| json!({"email": format!("p{i}@example.org"), "language": "en"}))
        .collect();
    let path = format!(
        "/api/v1/admin/events/{}/invitations",
        event["id"].as_str().unwrap()
    );
    let invited = first
        .admin_post(&path, &json!({"invitees": invitees}))
        .await;
    assert_eq!(invited.status, 202, "{}", invited.text);
    shared.sink.wait_for(30, WAIT).await;
    first.kill();

    // What the dead process had claimed and not recorded as sent.
    let orphans: HashMap<String, chrono::NaiveDateTime> = outbox_rows(&shared.pool)
        .await
        .into_iter()
        .filter(|row| row.status == "pending" && row.locked_by.as_deref() == Some(&dead))
        .map(|row| (row.recipient, row.locked_until.unwrap()))
        .collect();
    assert!(!orphans.is_empty(), "the process died with no mail in hand");
    let mails = shared.quiet_mails().await;
    let mut arrivals: HashMap<&str, usize> = HashMap::new();
    for mail in &mails {
        *arrivals.entry(mail.to.as_str()).or_default() += 1;
    }
    assert_eq!(arrivals.len(), MAILS, "every invitation arrived");
    // Delivery is at least once: a mail the sink took as the process died (its answer
    // unheard, or not yet recorded) may come again; nothing it had sent before.
    let twice: Vec<(&str, usize)> = arrivals
        .iter()
        .map(|(to, n)| (*to, *n))
        .filter(|(_, n)| *n > 1)
        .collect();
    assert!(
        twice.len() <= 2
            && twice
                .iter()
                .all(|(to, n)| *n == 2 && orphans.contains_key(*to)),
        "mails sent again: {twice:?} of {} the dead process held",
        orphans.len()
    );
    // Its mails went out through the survivor, each once its lease had ended.
    for row in outbox_rows(&shared.pool).await {
        assert_eq!(row.status, "sent", "{row:?}");
        if let Some(lease_end) = orphans.get(&row.recipient) {
            if row.locked_by.as_deref() == Some(dead.as_str()) {
                // PostgreSQL committed the dead process's record of a mail it had sent, its
                // COMMIT already on the wire when it was killed: nobody took that one over.
                assert_eq!(arrivals[row.recipient.as_str()], 1, "{row:?}");
                continue;
            }
            assert_eq!(row.locked_by.as_deref(), Some(survivor.as_str()));
            assert!(
                row.sent_at.unwrap() >= *lease_end,
                "taken over early: {row:?}"
            );
        }
    }
}
