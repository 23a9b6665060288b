//! Newsletter throughput: N confirmed subscribers, one issue in two languages, sent through
//! the HTTP API of a running application to an SMTP server on loopback. Reports mails per
//! second from "send" to the last mail accepted, and the peak memory of the process (the
//! application; the sink only counts).
//!
//! `cargo bench --bench newsletter` (SQLite); with `BENCH_DATABASE_URL=postgres://…/db` against
//! PostgreSQL (the database is emptied of subscribers, issues and mails first).
//! `BENCH_SUBSCRIBERS` (default 100000) and `BENCH_CONNECTIONS` (default 8) tune it.

#[allow(dead_code)]
#[path = "support/figures.rs"]
mod figures;
#[path = "support/sink.rs"]
mod sink;
#[path = "../tests/support/smtp_sink.rs"]
mod smtp_sink;

use figures::env_number;
use std::time::{Duration, Instant};

use dialogo::config::Settings;
use dialogo::db::models::ApiToken;
use dialogo::db::schema::subscribers;
use dialogo::db::{DbConnection, new_id, now, write_transaction};
use dialogo::startup::Application;
use diesel::prelude::*;
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
    runtime.block_on(run(
        env_number("BENCH_SUBSCRIBERS", 100_000),
        env_number("BENCH_CONNECTIONS", 8),
    ))
}

async fn run(count: usize, connections: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let sink = Sink::start();
    let settings = Settings::from_lookup(|name| match name {
        "DIALOGO_DATABASE_URL" => Some(url.clone()),
        "DIALOGO_BIND" => Some("127.0.0.1:0".into()),
        "DIALOGO_MAIL_URL" => Some(sink.url()),
        "DIALOGO_MAIL_CONNECTIONS" => Some(connections.to_string()),
        "DIALOGO_MAIL_POLL_MS" => Some("20".into()),
        "DIALOGO_PUBLIC_URL" => Some("https://events.example.org".into()),
        "DIALOGO_MAIL_FROM" => Some("Dialogue Secretariat <noreply@events.example.org>".into()),
        _ => None,
    })
    .map_err(anyhow::Error::msg)?;
    let application = Application::build(settings).await?;
    let address = format!("http://127.0.0.1:{}", application.port());
    let pool = application.state().pool.clone();
    tokio::spawn(application.run_until_stopped());

    let seed_pool = pool.clone();
    let seeded = Instant::now();
    let token = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
        let mut conn = seed_pool.get()?;
        for table in [
            "outbox",
            "action_tokens",
            "newsletter_issues",
            "subscribers",
        ] {
            diesel::sql_query(format!("DELETE FROM {table}")).execute(&mut *conn)?;
        }
        seed_subscribers(&mut conn, count)?;
        Ok(ApiToken::create(&mut conn, &format!("bench-{}", new_id()))?.1)
    })
    .await??;
    println!(
        "newsletter benchmark: {count} confirmed subscribers seeded in {:.1} s; {connections} SMTP connections into {}",
        seeded.elapsed().as_secs_f64(),
        sink.describe()
    );

    let client = reqwest::Client::new();
    let issue: serde_json::Value = client
        .post(format!("{address}/api/v1/admin/newsletter/issues"))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "subject": {"de": "Neues aus dem Digitaldialog", "en": "News from the digital dialogue"},
            "body": {
                "de": "## Rückblick\n\nDanke an die **20 Kommunen** aus 13 Ländern.\n\n- Bericht\n- Folien",
                "en": "## Looking back\n\nThanks to the **20 municipalities** from 13 countries.\n\n- Report\n- Slides"
            },
            "fallback_language": "en"
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = issue["id"].as_str().unwrap_or_default().to_owned();
    let started = Instant::now();
    let reply = client
        .post(format!(
            "{address}/api/v1/admin/newsletter/issues/{id}/send"
        ))
        .bearer_auth(&token)
        .send()
        .await?;
    let answered = started.elapsed();
    anyhow::ensure!(
        reply.status().as_u16() == 202,
        "send answered {}",
        reply.status()
    );
    while !sink.all_accepted(&pool, count).await? {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(1800), "too slow");
        tokio::time::sleep(sink.poll()).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{:<10} {count} mails: \"send\" answered in {:.1} ms; last mail accepted after {seconds:.1} s = {:.0} mails/s; peak RSS {:.0} MB",
        url.split(':').next().unwrap_or(""),
        answered.as_secs_f64() * 1000.0,
        count as f64 / seconds,
        peak_rss_mb()
    );
    Ok(())
}

/// Confirmed subscribers in four languages, inserted 1,000 per statement.
fn seed_subscribers(conn: &mut DbConnection, count: usize) -> anyhow::Result<()> {
    let languages = ["de", "en", "es", "fr"];
    let at = now();
    for start in (0..count).step_by(1_000) {
        let rows: Vec<_> = (start..(start + 1_000).min(count))
            .map(|i| {
                let email = format!("reader{i}@municipality.example.org");
                (
                    subscribers::id.eq(new_id()),
                    subscribers::email_key.eq(email.clone()),
                    subscribers::email.eq(email),
                    subscribers::name.eq(Some(format!("Reader Nº {i}"))),
                    subscribers::language.eq(languages[i % 4]),
                    subscribers::status.eq("confirmed"),
                    subscribers::created_at.eq(at),
                    subscribers::updated_at.eq(at),
                    subscribers::confirmed_at.eq(Some(at)),
                )
            })
            .collect();
        write_transaction(conn, |conn| {
            match conn {
                DbConnection::Sqlite(c) => diesel::insert_into(subscribers::table)
                    .values(&rows)
                    .execute(c),
                DbConnection::Pg(c) => diesel::insert_into(subscribers::table)
                    .values(&rows)
                    .execute(c),
            }?;
            anyhow::Ok(())
        })?;
    }
    Ok(())
}
