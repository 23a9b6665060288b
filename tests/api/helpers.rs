//! `spawn_app` and request helpers shared by the API tests.

use std::sync::Once;

use serde_json::{Value, json};

use dialogo::config::Settings;
use dialogo::db::models::ApiToken;
use dialogo::startup::Application;

use crate::mails::{Mail, Received, quiet_mails};
use crate::scratch_database::{self, ScratchDatabase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application and what the tests need to talk to it: its HTTP API (through
/// `Deref`), its state and its files.
pub struct TestApp {
    api: Api,
    pub admin_token_name: String,
    pub app_state: dialogo::state::AppState,
    /// Where `/metrics` is served, when `DIALOGO_METRICS_BIND` is set.
    pub metrics_port: Option<u16>,
    background: Vec<tokio::task::AbortHandle>,
    _database: TestDatabase,
    _files: tempfile::TempDir,
}

/// An application's HTTP API, in this process or in a child process, with an admin token.
pub struct Api {
    pub address: String,
    pub client: reqwest::Client,
    pub admin_token: String,
}

impl std::ops::Deref for TestApp {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl Drop for TestApp {
    /// The worker stops before the database is dropped, so that it does not spend its
    /// connection timeout reaching for a database that is gone.
    fn drop(&mut self) {
        for task in &self.background {
            task.abort();
        }
    }
}

/// A test's database: on PostgreSQL, one of its own, dropped with it; a SQLite file goes with
/// the test's directory.
pub type TestDatabase = Option<ScratchDatabase>;

/// The PostgreSQL server the tests use.
pub fn pg_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh, empty PostgreSQL database. The harness runs PostgreSQL tests only when the
/// server answered its probe, or under `CI`, where one that does not answer is a failure here.
pub fn create_pg_database() -> ScratchDatabase {
    let admin_url = pg_admin_url();
    let mut conn = scratch_database::connect(&admin_url)
        .unwrap_or_else(|error| panic!("PostgreSQL at {admin_url} does not answer: {error:#}"));
    ScratchDatabase::create(&mut conn, &admin_url, "dialogo_test")
        .expect("cannot create a test database")
}

static LOGGING: Once = Once::new();

/// Starts the application on a random port against a fresh database of `backend`.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

/// A fresh database of `backend` and its URL.
///
/// This and the other helpers that start apps return `Option`s that are always `Some` now
/// that the harness decides whether a PostgreSQL test runs; tests written as
/// `let Some(app) = … else { return };` read as before.
pub fn fresh_database(backend: Backend, files: &std::path::Path) -> Option<(TestDatabase, String)> {
    match backend {
        Backend::Sqlite => Some((
            None,
            format!("sqlite://{}", files.join("dialogo.db").display()),
        )),
        Backend::Postgres => {
            let database = create_pg_database();
            let url = database.url().to_owned();
            Some((Some(database), url))
        }
    }
}

/// The settings of every app the tests start, in this process or as `dialogo serve`: quick
/// polls and retries, no rate limit, and links to `https://events.example.org`.
pub fn test_settings(database_url: &str, mail_url: &str) -> Vec<(&'static str, String)> {
    [
        ("DIALOGO_DATABASE_URL", database_url),
        ("DIALOGO_MAIL_URL", mail_url),
        ("DIALOGO_BIND", "127.0.0.1:0"),
        ("DIALOGO_WORKERS", "2"),
        ("DIALOGO_DATABASE_POOL_SIZE", "6"),
        ("DIALOGO_MAIL_POLL_MS", "50"),
        ("DIALOGO_MAIL_RETRY_BASE_MS", "100"),
        ("DIALOGO_PUBLIC_URL", "https://events.example.org"),
        (
            "DIALOGO_MAIL_FROM",
            "Dialogue Secretariat <noreply@events.example.org>",
        ),
        ("DIALOGO_RATE_LIMIT_PER_MINUTE", "0"),
    ]
    .into_iter()
    .map(|(name, value)| (name, value.to_owned()))
    .collect()
}

/// Like [`spawn_app`], with some settings replaced (e.g. `DIALOGO_MAIL_URL`).
pub async fn spawn_app_with(backend: Backend, overrides: &[(&str, String)]) -> Option<TestApp> {
    LOGGING.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            dialogo::telemetry::init();
        }
    });
    let files = tempfile::tempdir().expect("no temporary directory");
    let (database, database_url) = fresh_database(backend, files.path())?;
    let mail_url = format!("file://{}", files.path().join("mail").display());
    let defaults = test_settings(&database_url, &mail_url);
    let settings = Settings::from_lookup(|name| {
        let set = |(key, value): &(&str, String)| (*key == name).then(|| value.clone());
        overrides
            .iter()
            .find_map(set)
            .or_else(|| defaults.iter().find_map(set))
    })
    .expect("test settings are valid");
    let application = Application::build(settings).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    let app_state = application.state().clone();
    let metrics_port = application.metrics_port();
    let background = application.background_handles();
    tokio::spawn(application.run_until_stopped());
    let pool = app_state.pool.clone();
    // Unique, since several apps may share one database.
    let admin_token_name = format!("tests-{}", uuid::Uuid::now_v7());
    let token_name = admin_token_name.clone();
    let admin_token = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        ApiToken::create(&mut conn, &token_name).unwrap().1
    })
    .await
    .unwrap();
    Some(TestApp {
        api: Api {
            address,
            // Idle connections are dropped before the server's keep-alive (5 s) closes them,
            // so that no request goes out on a connection the server is closing (which
            // fails it with "IncompleteMessage").
            client: reqwest::Client::builder()
                .pool_idle_timeout(std::time::Duration::from_secs(2))
                .build()
                .expect("a client"),
            admin_token,
        },
        admin_token_name,
        app_state,
        metrics_port,
        background,
        _database: database,
        _files: files,
    })
}

/// A status and a parsed JSON body.
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The `error.code` of an error reply.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    pub fn field(&self) -> &str {
        self.body["error"]["field"].as_str().unwrap_or("")
    }
}

impl TestApp {
    /// Runs `work` on a connection of the application's pool, off the async executor.
    pub async fn with_conn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut dialogo::db::DbConnection) -> T + Send + 'static,
    ) -> T {
        let pool = self.app_state.pool.clone();
        tokio::task::spawn_blocking(move || work(&mut pool.get().unwrap()))
            .await
            .unwrap()
    }

    /// Where the default file transport drops mails.
    pub fn mail_dir(&self) -> std::path::PathBuf {
        self._files.path().join("mail")
    }

    /// Every mail `received` got, once this app's outbox is quiet (see [`quiet_mails`]).
    pub async fn quiet_mails(&self, received: &impl Received) -> Vec<Mail> {
        quiet_mails(received, &self.app_state.pool).await
    }
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the request is answered");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            text,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.url(path))).await
    }

    pub async fn admin_get(&self, path: &str) -> Reply {
        self.send(
            self.client
                .get(self.url(path))
                .bearer_auth(&self.admin_token),
        )
        .await
    }

    /// Imports newsletter subscribers from `csv` through the API, as an admin.
    pub async fn import_subscribers(&self, csv: &str) -> Reply {
        self.send(
            self.client
                .post(self.url("/api/v1/admin/newsletter/subscribers/import"))
                .bearer_auth(&self.admin_token)
                .header("Content-Type", "text/csv")
                .body(csv.to_owned()),
        )
        .await
    }

    pub async fn admin_post(&self, path: &str, body: &Value) -> Reply {
        self.send(
            self.client
                .post(self.url(path))
                .bearer_auth(&self.admin_token)
                .json(body),
        )
        .await
    }

    pub async fn admin_put(&self, path: &str, body: &Value) -> Reply {
        self.send(
            self.client
                .put(self.url(path))
                .bearer_auth(&self.admin_token)
                .json(body),
        )
        .await
    }

    pub async fn admin_patch(&self, path: &str, body: &Value) -> Reply {
        self.send(
            self.client
                .patch(self.url(path))
                .bearer_auth(&self.admin_token)
                .json(body),
        )
        .await
    }

    pub async fn admin_delete(&self, path: &str) -> Reply {
        self.send(
            self.client
                .delete(self.url(path))
                .bearer_auth(&self.admin_token),
        )
        .await
    }

    /// Creates a draft and returns its admin view; panics unless it was created.
    pub async fn create_event(&self, event: &Value) -> Value {
        let reply = self.admin_post("/api/v1/admin/events", event).await;
        assert_eq!(reply.status, 201, "create failed: {}", reply.text);
        reply.body
    }

    /// Creates and publishes an event.
    pub async fn publish_event(&self, event: &Value) -> Value {
        let id = self.create_event(event).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let reply = self
            .admin_post(&format!("/api/v1/admin/events/{id}/publish"), &json!({}))
            .await;
        assert_eq!(reply.status, 200, "publish failed: {}", reply.text);
        reply.body
    }

    /// How many events exist in any status.
    pub async fn event_count(&self) -> usize {
        let reply = self.admin_get("/api/v1/admin/events?limit=100").await;
        assert_eq!(reply.status, 200);
        reply.body["items"].as_array().unwrap().len()
    }
}

/// A complete, valid online event in Berlin, modelled on the fixtures.
pub fn berlin_webinar() -> Value {
    json!({
        "title": "Digitalisation of municipal services in Southeast Europe and the Caucasus",
        "summary": "20 municipalities from 13 countries share practices.",
        "description": "Participants discuss cases from **Southeast Europe**, the Caucasus and Germany.",
        "starts_at": "2030-10-07T13:00",
        "ends_at": "2030-10-07T15:30",
        "timezone": "Europe/Berlin",
        "languages": ["en", "de"],
        "format": "online",
        "online_url": "https://meet.example.org/j/83520011",
        "series": "Municipal Response to COVID-19",
        "topics": ["e-governance", "urban-development"],
        "capacity": 60,
        "contacts": [{
            "name": "Nino Beridze",
            "role": "Regional Network Coordinator",
            "audience": "International participants",
            "email": "nino.beridze@example.org"
        }]
    })
}

/// A valid in-person event in Mexico City.
pub fn mexico_dialogue() -> Value {
    json!({
        "title": "Diálogo Digital México–Alemania",
        "starts_at": "2026-06-15T10:00",
        "ends_at": "2026-06-15T17:00",
        "timezone": "America/Mexico_City",
        "languages": ["es", "de"],
        "format": "hybrid",
        "online_url": "https://meet.example.org/j/5550101",
        "venue": {"name": "Secretaría de Economía", "city": "Ciudad de México", "country": "MX"},
        "topics": ["data-governance"]
    })
}
