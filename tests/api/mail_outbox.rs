//! The outbox under failure: refusals, an absent server, permanent errors, dead workers and
//! several workers at once (processes killed while sending: `processes.rs`).

use std::collections::HashSet;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use diesel::prelude::*;
use mail_parser::MessageParser;
use serde_json::json;

use dialogo::db::models::Event;
use dialogo::db::schema::outbox;
use dialogo::db::{Pool, connect_pool, run_migrations, write_transaction};
use dialogo::domain::Email;
use dialogo::i18n::Locale;
use dialogo::mail::event_mail::MailContext;
use dialogo::mail::outbox::{MailMeta, RetryPolicy};
use dialogo::mail::worker::WorkerConfig;
use dialogo::mail::{
    EventMailKind, MailTransport, MailWorker, OutboxMail, Recipient, compose_event_mail,
};
use dialogo::routes::events::input::EventInput;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar, fresh_database, spawn_app_with};
use crate::mail_delivery::{wait_for_mail, wait_for_status};
use crate::mails::{WAIT, quiet_mails};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    refused_mails_stay_pending_and_arrive_once_accepted,
    a_mail_refused_until_its_attempts_are_used_up_fails,
    the_mail_rate_spaces_the_mails_out,
    mails_wait_for_an_absent_smtp_server_and_arrive_when_it_is_up,
    permanently_refused_mails_fail_visibly_and_can_be_retried,
    a_mail_claimed_by_a_dead_worker_is_sent_after_its_lease,
    several_workers_share_the_outbox_without_sending_twice,
);

pub async fn queue_test_mail(app: &crate::helpers::TestApp, to: &str) -> String {
    let event = app.publish_event(&berlin_webinar()).await;
    let reply = app
        .admin_post(
            "/api/v1/admin/mail/test",
            &json!({"to": to, "language": "en", "event_id": event["id"]}),
        )
        .await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    reply.body["id"].as_str().unwrap().to_owned()
}

async fn refused_mails_stay_pending_and_arrive_once_accepted(backend: Backend) {
    let sink = SmtpSink::start();
    sink.refuse_temporarily(true);
    let Some(app) = spawn_app_with(backend, &[("DIALOGO_MAIL_URL", sink.url())]).await else {
        return;
    };
    let id = queue_test_mail(&app, "later@example.org").await;
    let item = wait_for_mail(&app, &id, |m| m["attempts"].as_i64() >= Some(2)).await;
    assert_eq!(item["status"], "pending");
    assert!(
        item["last_error"].as_str().unwrap().contains("451"),
        "{item}"
    );
    assert_eq!(sink.accepted(), 0);

    sink.refuse_temporarily(false);
    wait_for_status(&app, &id, "sent").await;
    assert_eq!(
        app.quiet_mails(&sink).await.len(),
        1,
        "the mail arrived more than once"
    );
}

async fn a_mail_refused_until_its_attempts_are_used_up_fails(backend: Backend) {
    let sink = SmtpSink::start();
    sink.refuse_temporarily(true);
    let settings = [
        ("DIALOGO_MAIL_URL", sink.url()),
        ("DIALOGO_MAIL_MAX_ATTEMPTS", "3".to_owned()),
    ];
    let Some(app) = spawn_app_with(backend, &settings).await else {
        return;
    };
    let id = queue_test_mail(&app, "later@example.org").await;
    let failed = wait_for_status(&app, &id, "failed").await;
    assert_eq!(failed["attempts"], 3, "{failed}");
    assert!(
        failed["last_error"].as_str().unwrap().contains("451"),
        "{failed}"
    );
    // It stays failed: nothing tries it again, nothing arrives once the sink accepts.
    sink.refuse_temporarily(false);
    assert_eq!(app.quiet_mails(&sink).await.len(), 0);
    let item = wait_for_status(&app, &id, "failed").await;
    assert_eq!(item["attempts"], 3);
    let list = app.admin_get("/api/v1/admin/outbox?status=failed").await;
    assert_eq!(list.body["counts"]["failed"], 1);
}

/// `DIALOGO_MAIL_RATE` mails per second at most: after a second's worth at once, one every
/// 1/rate seconds.
async fn the_mail_rate_spaces_the_mails_out(backend: Backend) {
    const RATE: u32 = 10;
    const MAILS: usize = 16;
    let sink = SmtpSink::start();
    let settings = [
        ("DIALOGO_MAIL_URL", sink.url()),
        ("DIALOGO_MAIL_RATE", RATE.to_string()),
    ];
    let Some(app) = spawn_app_with(backend, &settings).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let started = Instant::now();
    for i in 0..MAILS {
        let reply = app
            .admin_post(
                "/api/v1/admin/mail/test",
                &json!({"to": format!("r{i}@example.org"), "language": "en", "event_id": event["id"]}),
            )
            .await;
        assert_eq!(reply.status, 202, "{}", reply.text);
    }
    sink.wait_for(MAILS, WAIT).await;
    let elapsed = started.elapsed();
    // The first RATE go at once, the other six a tenth of a second apart at the soonest.
    let least = Duration::from_millis(100 * (MAILS as u64 - u64::from(RATE) - 1));
    assert!(
        elapsed >= least,
        "{MAILS} mails in {elapsed:?}, under {least:?}"
    );
    assert_eq!(app.quiet_mails(&sink).await.len(), MAILS);
}

async fn mails_wait_for_an_absent_smtp_server_and_arrive_when_it_is_up(backend: Backend) {
    let port = {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let url = format!("smtp://127.0.0.1:{port}");
    let Some(app) = spawn_app_with(
        backend,
        &[
            ("DIALOGO_MAIL_URL", url),
            ("DIALOGO_MAIL_MAX_ATTEMPTS", "50".into()),
        ],
    )
    .await
    else {
        return;
    };
    let id = queue_test_mail(&app, "patient@example.org").await;
    let item = wait_for_mail(&app, &id, |m| m["attempts"].as_i64() >= Some(2)).await;
    assert_eq!(item["status"], "pending");
    assert!(!item["last_error"].as_str().unwrap_or("").is_empty());

    let sink = SmtpSink::start_on(TcpListener::bind(("127.0.0.1", port)).unwrap());
    sink.wait_for(1, WAIT).await;
    wait_for_status(&app, &id, "sent").await;
    assert_eq!(sink.accepted(), 1);
}

async fn permanently_refused_mails_fail_visibly_and_can_be_retried(backend: Backend) {
    let sink = SmtpSink::start();
    sink.refuse_recipient("bounce@example.org", true);
    let Some(app) = spawn_app_with(backend, &[("DIALOGO_MAIL_URL", sink.url())]).await else {
        return;
    };
    let id = queue_test_mail(&app, "bounce@example.org").await;
    let failed = wait_for_status(&app, &id, "failed").await;
    assert_eq!(failed["attempts"], 1, "a permanent refusal is not retried");
    assert!(failed["last_error"].as_str().unwrap().contains("550"));

    let list = app.admin_get("/api/v1/admin/outbox?status=failed").await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["items"][0]["id"], id.as_str());
    assert_eq!(list.body["counts"]["failed"], 1);
    assert!(
        !list.text.contains("Content-Type"),
        "the message itself is not listed"
    );

    sink.refuse_recipient("bounce@example.org", false);
    let retried = app
        .admin_post(&format!("/api/v1/admin/outbox/{id}/retry"), &json!({}))
        .await;
    assert_eq!(retried.status, 200, "{}", retried.text);
    sink.wait_for(1, WAIT).await;
    wait_for_status(&app, &id, "sent").await;
    let again = app
        .admin_post(&format!("/api/v1/admin/outbox/{id}/retry"), &json!({}))
        .await;
    assert_eq!((again.status, again.code()), (409, "not_failed"));
    let bad = app.admin_get("/api/v1/admin/outbox?status=lost").await;
    assert_eq!((bad.status, bad.field()), (400, "status"));
}

/// A database with `count` invitations queued, and a pool on it.
fn outbox_with_invitations(url: &str, count: usize) -> (Pool, HashSet<String>) {
    let database_url = dialogo::config::DatabaseUrl::parse(url).unwrap();
    let pool = connect_pool(&database_url, 4).unwrap();
    let mut conn = pool.get().unwrap();
    run_migrations(&mut conn).unwrap();
    let input: EventInput = serde_json::from_value(berlin_webinar()).unwrap();
    let record = Event::create(&mut conn, &input.parse().unwrap()).unwrap();
    let from =
        dialogo::mail::address::parse_sender("dialogo <noreply@events.example.org>").unwrap();
    let public_url = url::Url::parse("https://events.example.org").unwrap();
    let org = dialogo::organisation::Organisation::parse(|_| None, &public_url, &from).unwrap();
    let context = MailContext {
        from: &from,
        public_url: &public_url,
        org: &org,
    };
    let mut ids = HashSet::new();
    for chunk in (0..count).collect::<Vec<_>>().chunks(100) {
        write_transaction(&mut conn, |conn| {
            for i in chunk {
                let recipient = Recipient {
                    name: Some(format!("Participant {i}")),
                    email: Email::parse(&format!("p{i}@example.org")).unwrap(),
                    locale: Locale::all()[i % Locale::all().len()],
                    timezone: None,
                    sees_access_link: false,
                };
                let kind = EventMailKind::Invitation(Box::default());
                let mail = compose_event_mail(&context, &record, &recipient, &kind).unwrap();
                ids.insert(mail.message_id.trim_matches(['<', '>']).to_owned());
                let meta = MailMeta {
                    kind: "invitation",
                    event_id: Some(&record.event.id),
                    dedupe_key: None,
                };
                OutboxMail::enqueue(conn, &mail, &meta)?;
            }
            Ok::<_, diesel::result::Error>(())
        })
        .unwrap();
    }
    (pool, ids)
}

fn worker(pool: &Pool, sink: &SmtpSink, batch_size: i64, lease: TimeDelta) -> MailWorker {
    MailWorker::new(
        pool.clone(),
        Arc::new(MailTransport::from_url(&sink.url(), 2, None).unwrap()),
        "noreply@events.example.org".parse().unwrap(),
        WorkerConfig {
            batch_size,
            lease,
            connections: 2,
            rate: None,
            poll: Duration::from_millis(20),
            retry: RetryPolicy {
                max_attempts: 5,
                base: TimeDelta::milliseconds(100),
                cap: TimeDelta::seconds(1),
            },
        },
        Arc::new(tokio::sync::Notify::new()),
    )
}

fn message_ids(mails: &[Vec<u8>]) -> Vec<String> {
    mails
        .iter()
        .map(|raw| {
            MessageParser::default()
                .parse(raw)
                .unwrap()
                .message_id()
                .unwrap()
                .to_owned()
        })
        .collect()
}

async fn a_mail_claimed_by_a_dead_worker_is_sent_after_its_lease(backend: Backend) {
    let files = tempfile::tempdir().unwrap();
    let Some((_database, url)) = fresh_database(backend, files.path()) else {
        return;
    };
    let (pool, _) = tokio::task::spawn_blocking(move || outbox_with_invitations(&url, 1))
        .await
        .unwrap();
    let dead = pool.clone();
    let claimed = tokio::task::spawn_blocking(move || {
        let lease = TimeDelta::minutes(5);
        OutboxMail::claim(&mut dead.get().unwrap(), "worker-that-dies", 10, lease).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(claimed.len(), 1);

    let sink = SmtpSink::start();
    let survivor = worker(&pool, &sink, 10, TimeDelta::seconds(60));
    assert_eq!(
        survivor.run_once().await.unwrap(),
        0,
        "a leased mail was taken over early"
    );
    // The lease runs out (its end moved to a second ago, as if five minutes had passed).
    let expire = pool.clone();
    tokio::task::spawn_blocking(move || {
        let past = dialogo::db::now() - TimeDelta::seconds(1);
        diesel::update(outbox::table)
            .set(outbox::locked_until.eq(past))
            .execute(&mut expire.get().unwrap())
            .unwrap();
    })
    .await
    .unwrap();
    assert_eq!(survivor.run_once().await.unwrap(), 1, "the lease ended");
    assert_eq!(quiet_mails(&sink, &pool).await.len(), 1);
    assert_eq!(survivor.run_once().await.unwrap(), 0, "sent once");
}

async fn several_workers_share_the_outbox_without_sending_twice(backend: Backend) {
    const MAILS: usize = 300;
    let files = tempfile::tempdir().unwrap();
    let Some((_database, url)) = fresh_database(backend, files.path()) else {
        return;
    };
    let pool_url = url.clone();
    let (_, expected) =
        tokio::task::spawn_blocking(move || outbox_with_invitations(&pool_url, MAILS))
            .await
            .unwrap();
    let sink = SmtpSink::start();
    sink.delay_each(Duration::from_millis(1));
    // Each worker with its own pool, as separate processes would have.
    let workers: Vec<MailWorker> = (0..3)
        .map(|_| {
            let pool =
                connect_pool(&dialogo::config::DatabaseUrl::parse(&url).unwrap(), 3).unwrap();
            worker(&pool, &sink, 10, TimeDelta::seconds(60))
        })
        .collect();
    let started = Instant::now();
    let runs = workers.into_iter().map(|worker| {
        tokio::spawn(async move {
            let mut sent = 0;
            loop {
                match worker.run_once().await.unwrap() {
                    0 => return sent,
                    n => sent += n,
                }
            }
        })
    });
    let per_worker: Vec<usize> = futures_util::future::join_all(runs)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(started.elapsed() < WAIT);
    assert_eq!(
        per_worker.iter().sum::<usize>(),
        MAILS,
        "claims overlapped: {per_worker:?}"
    );
    assert!(
        per_worker.iter().filter(|n| **n > 0).count() >= 2,
        "only one worker worked: {per_worker:?}"
    );
    let mails = sink.wait_for(MAILS, WAIT).await;
    let ids = message_ids(&mails);
    let unique: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), MAILS, "some mails arrived twice");
    assert_eq!(unique, expected);
}
