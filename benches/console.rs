//! The console's registrations table for an event of many registrants, against the real
//! server over HTTP on loopback, signed in as a coordinator: the first page, a filtered page,
//! a search and a later page, one request at a time (so each time is the server's own, plus
//! loopback), and the CSV export of every registrant, streamed. Prints p50/p99 and the
//! export's time, size and rows.
//!
//! `cargo bench --bench console` (SQLite); `BENCH_DATABASE_URL=postgres://…` for PostgreSQL (a
//! database of its own, dropped afterwards). `BENCH_REGISTRATIONS` (default 5000),
//! `BENCH_REQUESTS` (default 200 per kind).

#[path = "support/figures.rs"]
mod figures;
#[path = "../tests/support/scratch_database.rs"]
mod scratch_database;
#[path = "support/scratch_run.rs"]
mod scratch_run;

use figures::{env_number, percentile};
use scratch_run::run_on_scratch;
use std::collections::BTreeMap;
use std::time::Instant;

use dialogo::accounts::{self, NewAccount, sign_in};
use dialogo::config::Settings;
use dialogo::db::models::ApiToken;
use dialogo::db::schema::registrations;
use dialogo::startup::Application;
use diesel::prelude::*;
use serde_json::json;

/// As in the server binary (`src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PASSWORD: &str = "Tlaxcala-mesa-verde-2027";

fn main() -> anyhow::Result<()> {
    run_on_scratch(bench)
}

/// A client that keeps the cookies it is given, as a browser.
struct Session {
    client: reqwest::Client,
    base: String,
    cookies: BTreeMap<String, String>,
}

impl Session {
    async fn get(&mut self, path: &str) -> anyhow::Result<reqwest::Response> {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", cookie.join("; "))
            .send()
            .await?;
        self.keep(&response);
        Ok(response)
    }

    async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> anyhow::Result<reqwest::Response> {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", cookie.join("; "))
            .form(form)
            .send()
            .await?;
        self.keep(&response);
        Ok(response)
    }

    fn keep(&mut self, response: &reqwest::Response) {
        for header in response.headers().get_all("set-cookie") {
            let header = header.to_str().unwrap_or_default();
            let pair = header.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }
}

/// The value of the first form token in `html`.
fn form_token(html: &str) -> String {
    let start = html
        .find("name=\"csrf_token\" value=\"")
        .expect("a form token")
        + "name=\"csrf_token\" value=\"".len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn bench(postgres_url: Option<String>) -> anyhow::Result<()> {
    let count = env_number("BENCH_REGISTRATIONS", 5000);
    let requests = env_number("BENCH_REQUESTS", 200);
    let dir = tempfile::tempdir()?;
    let database_url = postgres_url
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let settings = Settings::from_lookup(|name| match name {
        "DIALOGO_DATABASE_URL" => Some(database_url.clone()),
        "DIALOGO_BIND" => Some("127.0.0.1:0".into()),
        "DIALOGO_MAIL_URL" => Some(format!("file://{}", dir.path().join("mail").display())),
        "DIALOGO_RATE_LIMIT_PER_MINUTE" => Some("0".into()),
        _ => None,
    })?;
    let application = Application::build(settings).await?;
    application
        .background_handles()
        .iter()
        .for_each(|handle| handle.abort());
    let base = format!("http://127.0.0.1:{}", application.port());
    let pool = application.state().pool.clone();
    tokio::spawn(application.run_until_stopped());
    let setup_pool = pool.clone();
    let token = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
        let mut conn = setup_pool.get()?;
        let account = NewAccount {
            email: "coordinator@example.org",
            name: "Ana Morales",
            role: "coordinator",
            language: "en",
        };
        let user = accounts::create_user(&mut conn, &account)?;
        sign_in::set_password(&mut conn, &user, PASSWORD)?;
        Ok(ApiToken::create(&mut conn, "bench")?.1)
    })
    .await??;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let event: serde_json::Value = client
        .post(format!("{base}/api/v1/admin/events"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "Municipal Response to COVID-19: digital services", "starts_at": "2030-10-07T13:00",
            "ends_at": "2030-10-07T15:30", "timezone": "Europe/Berlin", "languages": ["en"], "format": "online",
            "online_url": "https://meet.example.org/j/1", "capacity": count
        }))
        .send()
        .await?
        .json()
        .await?;
    let id = event["id"].as_str().expect("an id").to_owned();

    let seeded = std::time::Instant::now();
    let event_id = id.clone();
    tokio::task::spawn_blocking(move || seed(&pool, &event_id, count)).await??;
    let seeding = seeded.elapsed();

    let mut session = Session {
        client,
        base,
        cookies: BTreeMap::new(),
    };
    let form = session.get("/console/sign-in").await?.text().await?;
    let csrf = form_token(&form);
    let signed = session
        .post(
            "/console/sign-in",
            &[
                ("csrf_token", csrf.as_str()),
                ("email", "coordinator@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await?;
    anyhow::ensure!(signed.status() == 303, "signing in: {}", signed.status());

    let table = format!("/console/events/{id}/registrations");
    let first = session.get(&table).await?.text().await?;
    let next = first
        .split("rel=\"next\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .map(|href| {
            href.split('"')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&")
        })
        .expect("a next page");
    let backend = database_url.split(':').next().unwrap_or("");
    println!(
        "console benchmark: {backend}, {count} registrants (seeded in {:.1} s), {requests} requests per page, one at a time",
        seeding.as_secs_f64()
    );
    for (what, path) in [
        ("first page", table.clone()),
        ("confirmed only", format!("{table}?status=confirmed")),
        ("search", format!("{table}?q=participant%204711")),
        ("second page", next),
    ] {
        let mut latencies = Vec::with_capacity(requests);
        let mut bytes = 0;
        for _ in 0..requests {
            let started = Instant::now();
            let response = session.get(&path).await?;
            anyhow::ensure!(response.status() == 200, "{path}: {}", response.status());
            bytes = response.bytes().await?.len();
            latencies.push(started.elapsed());
        }
        latencies.sort();
        println!(
            "  {what:<15} p50 {:>6.2} ms   p99 {:>6.2} ms   {:>4} kB",
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99),
            bytes / 1000
        );
    }
    let started = Instant::now();
    let export = session.get(&format!("{table}.csv")).await?;
    anyhow::ensure!(export.headers().get("content-length").is_none(), "streamed");
    let body = export.bytes().await?;
    let rows = body.iter().filter(|b| **b == b'\n').count() - 1;
    anyhow::ensure!(rows == count, "{rows} rows exported of {count}");
    println!(
        "  CSV export      {:>6.0} ms for {rows} rows, {} kB, streamed (no Content-Length)",
        started.elapsed().as_secs_f64() * 1000.0,
        body.len() / 1000
    );
    Ok(())
}

/// `count` registrations of the event `event_id`, written straight into the table: most
/// confirmed, some on the waitlist, awaiting approval or not yet confirmed.
fn seed(pool: &dialogo::db::Pool, event_id: &str, count: usize) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    let start = dialogo::db::now() - chrono::TimeDelta::days(30);
    conn.transaction(|conn| {
        for i in 0..count {
            let (status, seq) = match i % 10 {
                0 => ("pending", None),
                1 => ("awaiting_approval", None),
                2 | 3 => ("waitlisted", Some(i as i32)),
                _ => ("confirmed", None),
            };
            let at = start + chrono::TimeDelta::seconds(i as i64 * 7);
            let email = format!("participant{i}@municipality{}.example.org", i % 40);
            let organisation = format!("Municipality {}", i % 40);
            diesel::insert_into(registrations::table)
                .values((
                    registrations::id.eq(uuid::Uuid::now_v7().to_string()),
                    registrations::event_id.eq(event_id),
                    registrations::name.eq(format!("Participant {i}")),
                    registrations::email_key.eq(&email),
                    registrations::email.eq(&email),
                    registrations::organisation_key.eq(organisation.to_lowercase()),
                    registrations::organisation.eq(&organisation),
                    registrations::organisation_type.eq(["municipality", "ministry", "ngo"][i % 3]),
                    registrations::country.eq(["GE", "MX", "DE", "AL", "BR"][i % 5]),
                    registrations::language.eq("en"),
                    registrations::status.eq(status),
                    registrations::waitlist_seq.eq(seq),
                    registrations::consent_at.eq(at),
                    registrations::created_at.eq(at),
                    registrations::updated_at.eq(at),
                ))
                .execute(conn)?;
        }
        diesel::QueryResult::Ok(())
    })?;
    Ok(())
}
