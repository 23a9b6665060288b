//! `dialogo serve` as a real child process (the built binary), for the tests that speak of
//! several processes: each has its own pools, SQLite writer, caches and workers, as separate
//! instances behind a load balancer have.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dialogo::db::models::ApiToken;
use dialogo::db::{Pool, connect_pool};

use crate::helpers::{Api, test_settings};
use crate::mails::WAIT;

/// A running `dialogo serve`, killed (SIGKILL) when dropped. Its log (warnings and errors)
/// is kept, and printed if the test fails while it runs.
pub struct Served {
    pub api: Api,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl std::ops::Deref for Served {
    type Target = Api;

    fn deref(&self) -> &Api {
        &self.api
    }
}

impl Served {
    /// Starts `dialogo serve` on the database `database_url` with the tests' settings, some
    /// replaced by `overrides`, on a port of its choosing; returns once `/readyz` answers. The
    /// admin token `pool` (on the same database) creates is the one its [`Api`] uses.
    pub async fn start(
        database_url: &str,
        mail_url: &str,
        overrides: &[(&str, String)],
        pool: &Pool,
    ) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dialogo"));
        command.arg("serve");
        for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("DIALOGO_")) {
            command.env_remove(name);
        }
        let defaults = test_settings(database_url, mail_url);
        for (name, value) in defaults.iter().chain(overrides.iter()) {
            command.env(name, value);
        }
        // JSON lines: the line saying where it listens is read, not guessed.
        command
            .env("DIALOGO_LOG_FORMAT", "json")
            .env(
                "RUST_LOG",
                "warn,dialogo::startup=info,dialogo::mail::worker=info",
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("dialogo serve starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (port_tx, port_rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let parsed: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
                if parsed["fields"]["message"] == "listening" {
                    let _ = port_tx.send(parsed["fields"]["port"].as_u64());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let port = tokio::task::spawn_blocking(move || port_rx.recv_timeout(WAIT))
            .await
            .unwrap();
        let mut served = Self {
            api: Api {
                address: String::new(),
                client: reqwest::Client::new(),
                admin_token: create_admin_token(pool).await,
            },
            child,
            log,
        };
        let Ok(Some(port)) = port else {
            panic!("dialogo serve did not start:\n{}", served.log());
        };
        served.api.address = format!("http://127.0.0.1:{port}");
        served.wait_until_ready().await;
        served
    }

    async fn wait_until_ready(&self) {
        let started = Instant::now();
        loop {
            let ready = self.client.get(self.url("/readyz")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "dialogo serve never got ready:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The id its mail worker claims mails under (as `outbox.locked_by`).
    pub async fn worker_id(&self) -> String {
        let started = Instant::now();
        loop {
            let found = self.log.lock().unwrap().iter().find_map(|line| {
                let parsed: serde_json::Value = serde_json::from_str(line).ok()?;
                (parsed["fields"]["message"] == "mail worker started")
                    .then(|| parsed["fields"]["worker"].as_str().map(str::to_owned))
                    .flatten()
            });
            if let Some(id) = found {
                return id;
            }
            assert!(
                started.elapsed() < WAIT,
                "no worker started:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What it has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Stops it with SIGTERM, as a service manager does, and returns how it exited.
    pub async fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "cannot send SIGTERM");
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < WAIT,
                "dialogo serve did not stop after SIGTERM:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Kills it with SIGKILL, as a crash or an out-of-memory kill would: no chance to clean up.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            eprintln!("dialogo serve at {} logged:\n{}", self.address, self.log());
        }
    }
}

/// A pool on `database_url` for the test itself (reading the outbox, creating tokens);
/// migrated, so that the processes started next find the schema in place.
pub async fn test_pool(database_url: &str) -> Pool {
    let url = dialogo::config::DatabaseUrl::parse(database_url).expect("a database URL");
    tokio::task::spawn_blocking(move || {
        let pool = connect_pool(&url, 3).expect("a pool");
        dialogo::db::run_migrations(&mut pool.get().unwrap()).expect("migrations");
        pool
    })
    .await
    .unwrap()
}

/// A new admin token, stored through `pool`.
pub async fn create_admin_token(pool: &Pool) -> String {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let name = format!("tests-{}", uuid::Uuid::now_v7());
        ApiToken::create(&mut pool.get().unwrap(), &name).unwrap().1
    })
    .await
    .unwrap()
}
