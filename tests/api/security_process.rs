//! `dialogo serve` as a child process of a test, with everything it logs captured: for what
//! only the real binary shows (its log lines, its refusal to start).

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::helpers::{Backend, create_pg_database};
use crate::registration_flow::WAIT;
use crate::scratch_database::ScratchDatabase;
use crate::security_support::token_after;

/// The built `dialogo` binary.
pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dialogo"))
}

/// For `backend`: a fresh PostgreSQL database to keep while the test runs, and the setting
/// that points a server at it (none for SQLite: each server's directory has its file).
pub fn database_for(backend: Backend) -> (Option<ScratchDatabase>, Vec<(&'static str, String)>) {
    match backend {
        Backend::Sqlite => (None, Vec::new()),
        Backend::Postgres => {
            let database = create_pg_database();
            let url = database.url().to_owned();
            (Some(database), vec![("DIALOGO_DATABASE_URL", url)])
        }
    }
}

/// A running `dialogo serve` on a SQLite file and a mail drop of its own; killed when dropped.
pub struct Served {
    child: Child,
    pub address: String,
    pub admin_token: String,
    log: Arc<Mutex<String>>,
    /// Where its mails are dropped.
    mail_dir: std::path::PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Served {
    /// The environment every command of this server runs with, plus `extra`.
    fn environment(dir: &std::path::Path, extra: &[(&str, String)]) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = [
            (
                "DIALOGO_DATABASE_URL",
                format!("sqlite://{}", dir.join("d.db").display()),
            ),
            (
                "DIALOGO_MAIL_URL",
                format!("file://{}", dir.join("mail").display()),
            ),
            ("DIALOGO_BIND", "127.0.0.1:0".to_owned()),
            (
                "DIALOGO_PUBLIC_URL",
                "https://events.example.org".to_owned(),
            ),
            ("DIALOGO_MAIL_POLL_MS", "50".to_owned()),
            ("DIALOGO_WORKERS", "2".to_owned()),
            ("DIALOGO_RATE_LIMIT_PER_MINUTE", "0".to_owned()),
            ("DIALOGO_LOG_FORMAT", "text".to_owned()),
            ("RUST_LOG", "info".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        for (key, value) in extra {
            env.retain(|(k, _)| k != key);
            env.push(((*key).to_owned(), value.clone()));
        }
        env
    }

    /// Creates an admin token with the CLI, then starts the server and waits until it
    /// listens.
    pub fn start(extra: &[(&str, String)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut served = Self::start_in(dir.path(), extra);
        served._dir = Some(dir);
        served
    }

    /// Like [`Served::start`], with its database and mail drop in `dir` (unless `extra`
    /// names another database), which several servers may share.
    pub fn start_in(dir: &std::path::Path, extra: &[(&str, String)]) -> Self {
        let env = Self::environment(dir, extra);
        let created = binary()
            .args(["token", "create", "--name"])
            .arg(format!("tests-{}", uuid::Uuid::now_v7()))
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap();
        assert!(created.status.success(), "{created:?}");
        let admin_token = String::from_utf8(created.stdout)
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .trim()
            .to_owned();
        let mut child = binary()
            .arg("serve")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let started = Instant::now();
        let port = loop {
            let found = log.lock().unwrap().lines().find_map(|line| {
                let rest = line.split(" listening").nth(1)?;
                rest.split("port=")
                    .nth(1)?
                    .split_whitespace()
                    .next()?
                    .parse::<u16>()
                    .ok()
            });
            if let Some(port) = found {
                break port;
            }
            assert!(
                started.elapsed() < WAIT,
                "the server did not start: {}",
                log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        Self {
            child,
            address: format!("http://127.0.0.1:{port}"),
            admin_token,
            log,
            mail_dir: dir.join("mail"),
            _dir: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Everything logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Its log, once `ready` holds for it; fails with the log after [`WAIT`].
    pub async fn log_when(&self, ready: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let log = self.log();
            if ready(&log) {
                return log;
            }
            assert!(started.elapsed() < WAIT, "the log never got there: {log}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The mails dropped so far, as raw messages.
    pub fn mails(&self) -> Vec<Vec<u8>> {
        std::fs::read_dir(&self.mail_dir)
            .map(|dir| {
                dir.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                    .map(|e| std::fs::read(e.path()).unwrap())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until a dropped mail's text holds `marker` followed by a token, and returns the
    /// newest such token.
    pub async fn token_after(&self, marker: &str) -> String {
        let started = Instant::now();
        loop {
            let tokens: Vec<String> = self
                .mails()
                .iter()
                .filter_map(|raw| token_after(&String::from_utf8_lossy(raw), marker))
                .collect();
            if let Some(token) = tokens.into_iter().next() {
                return token;
            }
            assert!(started.elapsed() < WAIT, "no mail with {marker}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
