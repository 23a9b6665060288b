//! Registration throughput over HTTP on loopback: N registrations, then N confirmations
//! (each writing its outbox row), against the real server. Prints requests per second and
//! p50/p99 latencies.
//!
//! By default (`BENCH_DELIVERY=held`) the mail worker is stopped, so the figures are those of
//! the registration path itself, outbox rows included; the confirmation links are read from
//! the queued mails. `BENCH_DELIVERY=live` keeps the worker sending to an SMTP server on
//! loopback meanwhile, on the same cores (delivery alone is measured by `mail_outbox`).
//!
//! `cargo bench --bench registrations` (SQLite); `BENCH_DATABASE_URL=postgres://…` for
//! PostgreSQL: each run creates a database of its own on that server and drops it afterwards,
//! so runs follow one another without leftovers. `BENCH_REGISTRATIONS` (default 5000), `BENCH_CONCURRENCY` (default 32),
//! `BENCH_CAPACITY` (default: half the registrants, so that half end on the waitlist) and
//! `BENCH_POOL_SIZE` (default: the server's own).

#[path = "support/figures.rs"]
mod figures;
#[path = "../tests/support/scratch_database.rs"]
mod scratch_database;
#[path = "support/scratch_run.rs"]
mod scratch_run;
#[path = "../tests/support/smtp_sink.rs"]
mod smtp_sink;

use figures::{env_number, percentile};
use scratch_run::run_on_scratch;
use std::time::{Duration, Instant};

use dialogo::config::Settings;
use dialogo::db::models::ApiToken;
use dialogo::db::schema::outbox;
use dialogo::startup::Application;
use diesel::prelude::*;
use futures_util::StreamExt as _;
use mail_parser::MessageParser;
use serde_json::json;
use smtp_sink::SmtpSink;

/// As in the server binary (`src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sends all requests with `concurrency` in flight; returns the elapsed time and latencies.
async fn run_all(
    requests: Vec<reqwest::RequestBuilder>,
    concurrency: usize,
    expect: u16,
) -> (f64, Vec<Duration>) {
    let started = Instant::now();
    let mut latencies: Vec<Duration> = futures_util::stream::iter(requests)
        .map(|request| async move {
            let sent = Instant::now();
            let response = request.send().await.expect("answered");
            assert_eq!(
                response.status().as_u16(),
                expect,
                "{}",
                response.text().await.unwrap_or_default()
            );
            sent.elapsed()
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    latencies.sort();
    (started.elapsed().as_secs_f64(), latencies)
}

fn main() -> anyhow::Result<()> {
    run_on_scratch(bench)
}

/// One run against `postgres_url`, or against a SQLite file of its own when that is `None`.
async fn bench(postgres_url: Option<String>) -> anyhow::Result<()> {
    let count = env_number("BENCH_REGISTRATIONS", 5000);
    let concurrency = env_number("BENCH_CONCURRENCY", 32);
    let capacity = env_number("BENCH_CAPACITY", count / 2);
    let dir = tempfile::tempdir()?;
    let database_url = postgres_url
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let sink = SmtpSink::start();
    let settings = Settings::from_lookup(|name| match name {
        "DIALOGO_DATABASE_URL" => Some(database_url.clone()),
        "DIALOGO_BIND" => Some("127.0.0.1:0".into()),
        "DIALOGO_MAIL_URL" => Some(sink.url()),
        "DIALOGO_RATE_LIMIT_PER_MINUTE" => Some("0".into()),
        "DIALOGO_DATABASE_POOL_SIZE" => std::env::var("BENCH_POOL_SIZE").ok(),
        _ => None,
    })?;
    let live_delivery = match std::env::var("BENCH_DELIVERY").as_deref() {
        Ok("live") => true,
        Ok("held") | Err(_) => false,
        Ok(other) => anyhow::bail!("BENCH_DELIVERY is live or held, not {other}"),
    };
    let application = Application::build(settings).await?;
    if !live_delivery {
        application
            .background_handles()
            .iter()
            .for_each(|handle| handle.abort());
    }
    let base = format!("http://127.0.0.1:{}", application.port());
    let pool = application.state().pool.clone();
    let application_pool = pool.clone();
    tokio::spawn(application.run_until_stopped());
    let token = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        ApiToken::create(&mut conn, "bench").map(|t| t.1)
    })
    .await??;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;

    let event: serde_json::Value = client
        .post(format!("{base}/api/v1/admin/events"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Municipal Response to COVID-19: digital services", "starts_at": "2030-10-07T13:00",
            "ends_at": "2030-10-07T15:30", "timezone": "Europe/Berlin", "languages": ["en"], "format": "online",
            "online_url": "https://meet.example.org/j/1", "capacity": capacity
        }))
        .send()
        .await?
        .json()
        .await?;
    let id = event["id"].as_str().expect("an id").to_owned();
    client
        .post(format!("{base}/api/v1/admin/events/{id}/publish"))
        .bearer_auth(&token)
        .send()
        .await?;

    let registrations = (0..count)
        .map(|i| {
            let language = ["de", "en", "es", "fr"][i % 4];
            client.post(format!("{base}/api/v1/events/{id}/registrations")).json(&json!({
                "name": format!("Participant {i}"), "email": format!("p{i}@municipality.example.org"),
                "organisation": format!("Municipality {}", i % 20), "organisation_type": "municipality",
                "country": "GE", "language": language, "consent": true
            }))
        })
        .collect();
    let (register_seconds, register_latencies) = run_all(registrations, concurrency, 202).await;

    let raw: Vec<Vec<u8>> = if live_delivery {
        sink.wait_for(count, Duration::from_secs(600)).await
    } else {
        let pool = application_pool.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<Vec<u8>>> {
            let mut conn = pool.get()?;
            let messages: Vec<Option<String>> = outbox::table
                .filter(outbox::kind.eq("registration_confirm"))
                .select(outbox::message)
                .load(&mut conn)?;
            Ok(messages
                .into_iter()
                .flatten()
                .map(String::into_bytes)
                .collect())
        })
        .await??
    };
    assert_eq!(raw.len(), count, "one confirmation mail per registrant");
    let tokens: Vec<String> = raw
        .iter()
        .map(|bytes| {
            let message = MessageParser::default().parse(bytes).expect("a mail");
            let text = message.body_text(0).expect("text").into_owned();
            let start = text.find("/registrations/confirm/").expect("a link")
                + "/registrations/confirm/".len();
            text[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect();
    let confirmations = tokens
        .iter()
        .map(|t| {
            client
                .post(format!("{base}/api/v1/registrations/confirm"))
                .json(&json!({"token": t}))
        })
        .collect();
    let (confirm_seconds, confirm_latencies) = run_all(confirmations, concurrency, 200).await;

    let backend = database_url.split(':').next().unwrap_or("");
    println!(
        "registration benchmark: {backend}, {count} registrants, {capacity} seats, {concurrency} concurrent requests, delivery {}",
        if live_delivery { "live" } else { "held" }
    );
    for (what, seconds, latencies) in [
        ("register", register_seconds, &register_latencies),
        ("confirm", confirm_seconds, &confirm_latencies),
    ] {
        println!(
            "  {what:<9} {:>7.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms",
            count as f64 / seconds,
            percentile(latencies, 0.50),
            percentile(latencies, 0.99)
        );
    }
    println!(
        "  register + confirm: {:.0} registrations/s",
        count as f64 / (register_seconds + confirm_seconds)
    );
    // Taken before the writes stop long enough for the WAL file to be truncated.
    let megabytes =
        |name: &str| std::fs::metadata(dir.path().join(name)).map(|m| m.len() as f64 / 1e6);
    if let (Ok(database), Ok(wal)) = (megabytes("bench.db"), megabytes("bench.db-wal")) {
        println!("  SQLite file {database:.0} MB, its WAL {wal:.0} MB");
    }
    Ok(())
}
