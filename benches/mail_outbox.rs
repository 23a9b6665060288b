//! Outbox throughput: queue N personalised invitations (each with its .ics), then drain them
//! to an SMTP server on loopback, and report mails per second and peak memory.
//!
//! `cargo bench --bench mail_outbox` (SQLite); with `BENCH_DATABASE_URL=postgres://…` against
//! PostgreSQL. `BENCH_MAILS` (default 20000) and `BENCH_CONNECTIONS` (default 8) tune it.

#[allow(dead_code)]
#[path = "support/figures.rs"]
mod figures;
#[path = "support/sink.rs"]
mod sink;
#[path = "../tests/support/smtp_sink.rs"]
mod smtp_sink;

use figures::env_number;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use dialogo::config::DatabaseUrl;
use dialogo::db::models::Event;
use dialogo::db::{connect_pool, run_migrations, write_transaction};
use dialogo::domain::Email;
use dialogo::i18n::Locale;
use dialogo::mail::event_mail::{InvitationMail, MailContext};
use dialogo::mail::outbox::{MailMeta, RetryPolicy};
use dialogo::mail::worker::WorkerConfig;
use dialogo::mail::{
    EventMailKind, MailTransport, MailWorker, OutboxMail, Recipient, compose_event_mail,
};
use dialogo::routes::events::input::EventInput;
use sink::Sink;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let connections = env_number("BENCH_CONNECTIONS", 8);
    let largest = env_number("BENCH_MAILS", 20_000);
    let receiver = Sink::start();
    println!(
        "mail outbox benchmark: {connections} SMTP connections into {}",
        receiver.describe()
    );
    for mails in [largest / 10, largest] {
        runtime.block_on(run(mails, connections, &receiver))?;
    }
    Ok(())
}

async fn run(mails: usize, connections: usize, sink: &Sink) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let database_url = DatabaseUrl::parse(&url).map_err(anyhow::Error::msg)?;
    let pool = connect_pool(&database_url, 8)?;
    let enqueue_pool = pool.clone();
    let enqueue_started = Instant::now();
    tokio::task::spawn_blocking(move || queue_invitations(&enqueue_pool, mails)).await??;
    let enqueue_seconds = enqueue_started.elapsed().as_secs_f64();

    let before = sink.accepted(&pool).await?;
    let worker = MailWorker::new(
        pool.clone(),
        Arc::new(MailTransport::from_url(
            &sink.url(),
            connections as u32,
            None,
        )?),
        "noreply@events.example.org".parse()?,
        WorkerConfig {
            batch_size: 500,
            lease: TimeDelta::minutes(5),
            connections,
            rate: None,
            poll: Duration::from_millis(10),
            retry: RetryPolicy {
                max_attempts: 3,
                base: TimeDelta::seconds(1),
                cap: TimeDelta::seconds(10),
            },
        },
        Arc::new(tokio::sync::Notify::new()),
    );
    // The worker as `serve` runs it, told to stop once every mail is accepted.
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let running = tokio::spawn(worker.stopping_on(stopping).run());
    while !sink.all_accepted(&pool, before + mails).await? {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(600), "too slow");
        tokio::time::sleep(sink.poll()).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    stop.send(true)?;
    running.await?;
    let accepted = sink.accepted(&pool).await? - before;
    anyhow::ensure!(accepted == mails, "sent {accepted} of {mails}");
    println!(
        "{:<10} N={mails:>6}: queued in {enqueue_seconds:.2} s ({:.0}/s), drained in {seconds:.2} s = {:.0} mails/s; peak RSS {:.0} MB",
        database_url.redacted().split(':').next().unwrap_or(""),
        mails as f64 / enqueue_seconds,
        mails as f64 / seconds,
        peak_rss_mb()
    );
    if let DatabaseUrl::Postgres(_) = database_url {
        let mut conn = pool.get()?;
        diesel::RunQueryDsl::execute(diesel::sql_query("DELETE FROM outbox"), &mut *conn)?;
        diesel::RunQueryDsl::execute(diesel::sql_query("DELETE FROM events"), &mut *conn)?;
    }
    Ok(())
}

/// Composes and queues `count` invitations in transactions of 500.
fn queue_invitations(pool: &dialogo::db::Pool, count: usize) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    let input: EventInput = serde_json::from_value(serde_json::json!({
        "title": "Digitalisation of municipal services in Southeast Europe and the Caucasus",
        "summary": "20 municipalities from 13 countries share practices.",
        "starts_at": "2030-10-07T13:00", "ends_at": "2030-10-07T15:30", "timezone": "Europe/Berlin",
        "languages": ["en", "de"], "format": "hybrid",
        "venue": {"name": "Rathaus", "city": "Bonn", "country": "DE"},
        "contacts": [{"name": "Nino Beridze", "role": "Regional Network Coordinator",
                      "audience": "International participants", "email": "nino.beridze@example.org"}]
    }))?;
    let fields = input.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let record = Event::create(&mut conn, &fields).map_err(|e| anyhow::anyhow!("{e}"))?;
    let from =
        dialogo::mail::address::parse_sender("Dialogue Secretariat <noreply@events.example.org>")
            .map_err(anyhow::Error::msg)?;
    let public_url = url::Url::parse("https://events.example.org")?;
    let org = dialogo::organisation::Organisation::parse(|_| None, &public_url, &from)?;
    let context = MailContext {
        from: &from,
        public_url: &public_url,
        org: &org,
    };
    let zones = [
        None,
        Some(chrono_tz::Asia::Tbilisi),
        Some(chrono_tz::America::Mexico_City),
    ];
    for start in (0..count).step_by(500) {
        write_transaction(&mut conn, |conn| {
            for i in start..(start + 500).min(count) {
                let recipient = Recipient {
                    name: Some(format!("Participant Nº {i}")),
                    email: Email::parse(&format!("participant{i}@municipality.example.org"))
                        .expect("valid"),
                    locale: Locale::all()[i % Locale::all().len()],
                    timezone: zones[i % 3],
                    sees_access_link: false,
                };
                let kind = EventMailKind::Invitation(Box::new(InvitationMail {
                    register_url: Some(format!("https://events.example.org/register/{i:032x}")),
                    ..InvitationMail::default()
                }));
                let mail = compose_event_mail(&context, &record, &recipient, &kind)?;
                let meta = MailMeta {
                    kind: "invitation",
                    event_id: Some(&record.event.id),
                    dedupe_key: None,
                };
                OutboxMail::enqueue(conn, &mail, &meta)?;
            }
            anyhow::Ok(())
        })?;
    }
    Ok(())
}
