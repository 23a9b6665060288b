//! Where a mail benchmark sends: the tests' SMTP sink in this process (counting only), or with
//! `BENCH_SMTP_URL` an SMTP server of the operator's choice — `scripts/bench` passes postfix's
//! smtp-sink there, the server its SMTP ceiling is measured against, so that the ratio
//! compares senders into one and the same receiver. Mails accepted by an outside server are
//! counted as the outbox's sent ones.

use diesel::prelude::*;

use crate::smtp_sink::SmtpSink;
use dialogo::db::schema::outbox;
use dialogo::db::{DbConnection, Pool};

pub enum Sink {
    InProcess(SmtpSink),
    Outside(String),
}

impl Sink {
    /// The sink `BENCH_SMTP_URL` names, else one started here.
    pub fn start() -> Self {
        match std::env::var("BENCH_SMTP_URL") {
            Ok(url) if !url.trim().is_empty() => Self::Outside(url),
            _ => {
                let sink = SmtpSink::start();
                sink.count_only();
                Self::InProcess(sink)
            }
        }
    }

    pub fn url(&self) -> String {
        match self {
            Self::InProcess(sink) => sink.url(),
            Self::Outside(url) => url.clone(),
        }
    }

    /// What the benchmark reports as its receiver.
    pub fn describe(&self) -> &'static str {
        match self {
            Self::InProcess(_) => "the tests' sink in this process",
            Self::Outside(_) => "the SMTP server of BENCH_SMTP_URL",
        }
    }

    /// How often to ask whether all mails are accepted: an outside server's count is a
    /// query, asked less often than the sink's counter.
    pub fn poll(&self) -> std::time::Duration {
        std::time::Duration::from_millis(match self {
            Self::InProcess(_) => 5,
            Self::Outside(_) => 20,
        })
    }

    /// Mails accepted so far.
    pub async fn accepted(&self, pool: &Pool) -> anyhow::Result<usize> {
        match self {
            Self::InProcess(sink) => Ok(sink.accepted()),
            Self::Outside(_) => count(pool, "sent").await,
        }
    }

    /// Whether `count` mails have been accepted. For an outside server, asked often while
    /// mails go out, the outbox is first asked for its pending mails, a few thousand at most;
    /// the sent ones, which grow to every mail, are counted only once none is pending.
    pub async fn all_accepted(&self, pool: &Pool, count: usize) -> anyhow::Result<bool> {
        if let Self::Outside(_) = self
            && self::count(pool, "pending").await? > 0
        {
            return Ok(false);
        }
        Ok(self.accepted(pool).await? >= count)
    }
}

/// The outbox's mails in `status`.
async fn count(pool: &Pool, status: &'static str) -> anyhow::Result<usize> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
        let mut conn = pool.get()?;
        let query = outbox::table.filter(outbox::status.eq(status)).count();
        let count: i64 = match &mut *conn {
            DbConnection::Sqlite(c) => query.get_result(c)?,
            DbConnection::Pg(c) => query.get_result(c)?,
        };
        Ok(count as usize)
    })
    .await?
}
