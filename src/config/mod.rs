//! Settings, read once from the environment at start-up.
//!
//! Every variable is documented in README.md and `.env.example`. A bad value stops start-up
//! with one line naming the variable, rather than surfacing later as a confusing failure.

mod database_url;
pub mod error;
mod frame_ancestors;

use std::net::SocketAddr;

pub use database_url::DatabaseUrl;
use database_url::redact;
pub use error::ConfigError;
pub use frame_ancestors::FrameAncestors;

/// Typed settings of one `dialogo` process.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DIALOGO_DATABASE_URL`
    pub database_url: DatabaseUrl,
    /// `DIALOGO_DATABASE_POOL_SIZE`: connections per process.
    pub database_pool_size: u32,
    /// `DIALOGO_BIND`
    pub bind: SocketAddr,
    /// `DIALOGO_PUBLIC_URL`, without a trailing slash.
    pub public_url: url::Url,
    /// `DIALOGO_MAIL_URL`
    pub mail_url: String,
    /// `DIALOGO_MAIL_TLS_CA_FILE`: a PEM certificate the SMTP server's may chain to, besides
    /// the usual public roots (for a relay with a certificate of the organisation's own CA).
    pub mail_tls_ca: Option<Vec<u8>>,
    /// `DIALOGO_MAIL_FROM`
    pub mail_from: lettre::message::Mailbox,
    /// `DIALOGO_MAIL_CONNECTIONS`: SMTP connections, and mails sent at once.
    pub mail_connections: u32,
    /// `DIALOGO_MAIL_RATE`: mails per second at most; 0 for no limit.
    pub mail_rate: u32,
    /// `DIALOGO_MAIL_MAX_ATTEMPTS`: attempts before a mail is marked failed.
    pub mail_max_attempts: i32,
    /// `DIALOGO_MAIL_RETRY_BASE_MS`: delay before the first retry; it doubles each time.
    pub mail_retry_base_ms: u64,
    /// `DIALOGO_MAIL_LEASE_SECONDS`: how long a claimed mail is reserved for its worker.
    pub mail_lease_seconds: u64,
    /// `DIALOGO_MAIL_POLL_MS`: how often the worker looks for due mails when idle.
    pub mail_poll_ms: u64,
    /// `DIALOGO_NEWSLETTER_BATCH`: newsletter recipients queued per transaction.
    pub newsletter_batch: i64,
    /// `DIALOGO_RATE_LIMIT_PER_MINUTE`: public write requests per client address; 0 for none.
    pub rate_limit_per_minute: u32,
    /// `DIALOGO_SIGN_IN_ATTEMPTS`: console sign-in attempts, codes and reset requests per client
    /// address at once; one more every 30 seconds after them.
    pub sign_in_attempts: u32,
    /// `DIALOGO_WORKERS`: HTTP worker threads.
    pub workers: usize,
    /// `DIALOGO_SCHEDULER_POLL_MS`: how often the scheduler looks for due reminders and mails.
    pub scheduler_poll_ms: u64,
    /// `DIALOGO_AGENDA_QUIET_SECONDS`: agenda edits within this period make one mail.
    pub agenda_quiet_seconds: u64,
    /// `DIALOGO_TRUSTED_PROXIES`: reverse proxies whose forwarding headers name the client.
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// `DIALOGO_OPT_IN_MAILS_PER_DAY`: mails an anonymous request may cause to one address
    /// in 24 hours (opt-ins and their resends); 0 for no limit.
    pub opt_in_mails_per_day: u32,
    /// `DIALOGO_BODY_TIMEOUT_SECONDS`: how long a request's body may take to arrive.
    pub body_timeout_seconds: u64,
    /// `DIALOGO_FAILED_MAIL_KEEP_DAYS`: how long a failed mail keeps its content for a retry.
    pub failed_mail_keep_days: u32,
    /// `DIALOGO_SHUTDOWN_TIMEOUT_SECONDS`: how long a stopping server waits for requests in
    /// flight, and then for the mail worker and the scheduler.
    pub shutdown_timeout_seconds: u64,
    /// `DIALOGO_METRICS_BIND`: where `/metrics` is served; `None`: not at all.
    pub metrics_bind: Option<SocketAddr>,
    /// `DIALOGO_RETAIN_*`: how long personal data is kept.
    pub retention: crate::retention::Policy,
    /// `DIALOGO_LOGO_URL`, `DIALOGO_PRIMARY_COLOUR`: the public pages' logo and colour.
    pub look: crate::site::Look,
    /// `DIALOGO_PRIVACY_NOTICE_DIR`, `DIALOGO_PRIVACY_NOTICE_VERSION`: the notice at `/privacy`.
    pub privacy_notice: crate::site::PrivacyNotice,
    /// `DIALOGO_ORG_NAME`, `DIALOGO_ORG_IMPRINT`, `DIALOGO_PRIVACY_URL`,
    /// `DIALOGO_CONTACT_EMAIL`: who signs the mails, as mails and pages show it.
    pub organisation: crate::organisation::Organisation,
    /// `DIALOGO_LOCALES_DIR`: the operator's wording that replaces built-in messages, checked.
    pub locale_overrides: crate::i18n::Overrides,
    /// `DIALOGO_FRAME_ANCESTORS`: the sites that may frame the forms (`?embed=1`); none by
    /// default.
    pub frame_ancestors: FrameAncestors,
    /// `DIALOGO_SESSION_IDLE_MINUTES`, `DIALOGO_SESSION_MAX_HOURS`: how long a console session
    /// lasts without a request, and at most.
    pub sessions: crate::db::models::SessionLifetime,
}

impl Settings {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |variable: &'static str, default: &str| {
            lookup(variable)
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let fail = |variable: &'static str| move |reason: String| ConfigError { variable, reason };

        let database_url =
            DatabaseUrl::parse(&get("DIALOGO_DATABASE_URL", "sqlite://data/dialogo.db"))
                .map_err(fail("DIALOGO_DATABASE_URL"))?;
        // On SQLite a request holds its connection while its write waits for the one writer,
        // so the pool bounds how many writes the writer can commit together; connections to a
        // file are cheap. A PostgreSQL server shares its connections among all instances.
        let default_pool_size = match database_url {
            DatabaseUrl::Sqlite(_) => "32",
            DatabaseUrl::Postgres(_) => "8",
        };
        let database_pool_size = parse_number(
            &get("DIALOGO_DATABASE_POOL_SIZE", default_pool_size),
            1,
            256,
        )
        .map_err(fail("DIALOGO_DATABASE_POOL_SIZE"))?;
        let bind = get("DIALOGO_BIND", "127.0.0.1:8080");
        let bind = bind
            .parse::<SocketAddr>()
            .map_err(|_| format!("{bind:?} is not an address such as 127.0.0.1:8080"))
            .map_err(fail("DIALOGO_BIND"))?;
        let public_url = parse_public_url(&get("DIALOGO_PUBLIC_URL", "http://127.0.0.1:8080"))
            .map_err(fail("DIALOGO_PUBLIC_URL"))?;
        let mail_url = get("DIALOGO_MAIL_URL", "file://data/mail");
        check_mail_url(&mail_url).map_err(fail("DIALOGO_MAIL_URL"))?;
        let mail_tls_ca = lookup("DIALOGO_MAIL_TLS_CA_FILE")
            .filter(|path| !path.trim().is_empty())
            .map(|path| read_certificate(&path))
            .transpose()
            .map_err(fail("DIALOGO_MAIL_TLS_CA_FILE"))?;
        let mail_from = crate::mail::address::parse_sender(&get(
            "DIALOGO_MAIL_FROM",
            "dialogo <noreply@localhost>",
        ))
        .map_err(fail("DIALOGO_MAIL_FROM"))?;
        let number = |variable: &'static str, default: &str, min: u64, max: u64| {
            parse_number(&get(variable, default), min, max).map_err(fail(variable))
        };
        let mail_connections = number("DIALOGO_MAIL_CONNECTIONS", "4", 1, 64)? as u32;
        let mail_rate = number("DIALOGO_MAIL_RATE", "0", 0, 1_000_000)? as u32;
        let mail_max_attempts = number("DIALOGO_MAIL_MAX_ATTEMPTS", "8", 1, 100)? as i32;
        let mail_retry_base_ms = number("DIALOGO_MAIL_RETRY_BASE_MS", "30000", 1, 86_400_000)?;
        let mail_lease_seconds = number("DIALOGO_MAIL_LEASE_SECONDS", "300", 1, 86_400)?;
        let mail_poll_ms = number("DIALOGO_MAIL_POLL_MS", "1000", 1, 3_600_000)?;
        let newsletter_batch = number("DIALOGO_NEWSLETTER_BATCH", "500", 1, 2_000)? as i64;
        let rate_limit_per_minute =
            number("DIALOGO_RATE_LIMIT_PER_MINUTE", "30", 0, 1_000_000)? as u32;
        let sign_in_attempts = number("DIALOGO_SIGN_IN_ATTEMPTS", "20", 1, 1_000_000)? as u32;
        let scheduler_poll_ms = number("DIALOGO_SCHEDULER_POLL_MS", "30000", 10, 3_600_000)?;
        let agenda_quiet_seconds = number("DIALOGO_AGENDA_QUIET_SECONDS", "900", 0, 604_800)?;
        let trusted_proxies =
            crate::client_address::TrustedProxies::parse(&get("DIALOGO_TRUSTED_PROXIES", ""))
                .map_err(fail("DIALOGO_TRUSTED_PROXIES"))?;
        let opt_in_mails_per_day = number("DIALOGO_OPT_IN_MAILS_PER_DAY", "5", 0, 10_000)? as u32;
        let body_timeout_seconds = number("DIALOGO_BODY_TIMEOUT_SECONDS", "60", 1, 86_400)?;
        let failed_mail_keep_days = number("DIALOGO_FAILED_MAIL_KEEP_DAYS", "7", 0, 3_650)? as u32;
        let shutdown_timeout_seconds = number("DIALOGO_SHUTDOWN_TIMEOUT_SECONDS", "30", 1, 3_600)?;
        let retention = crate::retention::Policy::parse(number)?;
        let sessions = crate::accounts::sign_in::lifetime(
            number("DIALOGO_SESSION_IDLE_MINUTES", "30", 1, 1_440)?,
            number("DIALOGO_SESSION_MAX_HOURS", "12", 1, 720)?,
        );
        let set = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let look = crate::site::Look::parse(set)?;
        let privacy_notice = crate::site::PrivacyNotice::parse(set)?;
        let metrics_bind = set("DIALOGO_METRICS_BIND")
            .map(|bind| {
                bind.trim()
                    .parse::<SocketAddr>()
                    .map_err(|_| format!("{bind:?} is not an address such as 127.0.0.1:9090"))
            })
            .transpose()
            .map_err(fail("DIALOGO_METRICS_BIND"))?;
        let organisation = crate::organisation::Organisation::parse(set, &public_url, &mail_from)?;
        let locale_overrides = set("DIALOGO_LOCALES_DIR")
            .map(|dir| crate::i18n::Overrides::load(std::path::Path::new(dir.trim())))
            .transpose()
            .map_err(fail("DIALOGO_LOCALES_DIR"))?
            .unwrap_or_default();
        let frame_ancestors = FrameAncestors::parse(&get("DIALOGO_FRAME_ANCESTORS", ""))
            .and_then(|list| list.served_from(&public_url))
            .map_err(fail("DIALOGO_FRAME_ANCESTORS"))?;
        let default_workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let workers = parse_number(
            &get("DIALOGO_WORKERS", &default_workers.to_string()),
            1,
            256,
        )
        .map_err(fail("DIALOGO_WORKERS"))?;

        Ok(Self {
            database_url,
            database_pool_size,
            bind,
            public_url,
            mail_url,
            mail_tls_ca,
            mail_from,
            mail_connections,
            mail_rate,
            mail_max_attempts,
            mail_retry_base_ms,
            mail_lease_seconds,
            mail_poll_ms,
            newsletter_batch,
            rate_limit_per_minute,
            sign_in_attempts,
            workers,
            scheduler_poll_ms,
            agenda_quiet_seconds,
            trusted_proxies,
            opt_in_mails_per_day,
            body_timeout_seconds,
            failed_mail_keep_days,
            sessions,
            shutdown_timeout_seconds,
            metrics_bind,
            retention,
            look,
            privacy_notice,
            organisation,
            locale_overrides,
            frame_ancestors,
        })
    }
}

fn parse_number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    value: &str,
    min: T,
    max: T,
) -> Result<T, String> {
    match value.trim().parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => Err(format!(
            "{value:?} is not a whole number from {min} to {max}"
        )),
    }
}

fn parse_public_url(value: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(value.trim_end_matches('/'))
        .map_err(|e| format!("{value:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{value:?} must be an http(s) URL with a host"));
    }
    Ok(url)
}

const CERTIFICATE: &[u8] = b"-----BEGIN CERTIFICATE-----";

/// The PEM file at `path`, if it holds a certificate.
fn read_certificate(path: &str) -> Result<Vec<u8>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("cannot read {path:?}: {e}"))?;
    let no_certificate = || format!("{path:?} holds no PEM certificate");
    // lettre takes a file without any certificate in it for an empty one.
    if !pem
        .windows(CERTIFICATE.len())
        .any(|window| window == CERTIFICATE)
    {
        return Err(no_certificate());
    }
    lettre::transport::smtp::client::Certificate::from_pem(&pem)
        .map_err(|e| format!("{}: {e}", no_certificate()))?;
    Ok(pem)
}

fn check_mail_url(value: &str) -> Result<(), String> {
    const SCHEMES: [&str; 4] = ["file://", "smtp://", "smtp+starttls://", "smtps://"];
    if SCHEMES.iter().any(|scheme| value.starts_with(scheme)) && value.len() > 8 {
        // Plain smtp:// would send the password in clear (AUTH PLAIN without TLS).
        let credentials = url::Url::parse(value)
            .is_ok_and(|url| !url.username().is_empty() || url.password().is_some());
        if value.starts_with("smtp://") && credentials {
            return Err(format!(
                "{:?} would send its credentials unencrypted: use \
                 smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465",
                redact(value)
            ));
        }
        Ok(())
    } else {
        Err(format!(
            "unsupported mail URL {:?}: use file://DIR, smtp://host:port, \
             smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465",
            redact(value)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        })
    }

    #[test]
    fn defaults_use_sqlite_and_a_file_mail_drop() {
        let s = settings(&[]).unwrap();
        assert_eq!(
            s.database_url,
            DatabaseUrl::Sqlite("data/dialogo.db".into())
        );
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.mail_url, "file://data/mail");
        assert_eq!(s.public_url.as_str(), "http://127.0.0.1:8080/");
    }

    #[test]
    fn the_scheme_chooses_the_backend() {
        let s = settings(&[("DIALOGO_DATABASE_URL", "postgresql://u:p@db/dialogo")]).unwrap();
        assert!(matches!(s.database_url, DatabaseUrl::Postgres(_)));
        assert_eq!(s.database_pool_size, 8);
        let s = settings(&[("DIALOGO_DATABASE_URL", "sqlite:///var/lib/dialogo.db")]).unwrap();
        assert_eq!(
            s.database_url,
            DatabaseUrl::Sqlite("/var/lib/dialogo.db".into())
        );
        assert_eq!(s.database_pool_size, 32);
        let s = settings(&[("DIALOGO_DATABASE_POOL_SIZE", "3")]).unwrap();
        assert_eq!(s.database_pool_size, 3);
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (variable, value) in [
            ("DIALOGO_DATABASE_URL", "mysql://localhost/x"),
            ("DIALOGO_DATABASE_URL", "data/dialogo.db"),
            ("DIALOGO_BIND", "localhost"),
            ("DIALOGO_PUBLIC_URL", "ftp://example.org"),
            ("DIALOGO_MAIL_URL", "sendmail://"),
            ("DIALOGO_DATABASE_POOL_SIZE", "0"),
            ("DIALOGO_WORKERS", "many"),
            ("DIALOGO_MAIL_FROM", "not a mailbox"),
            ("DIALOGO_MAIL_RATE", "-1"),
            ("DIALOGO_SCHEDULER_POLL_MS", "0"),
            ("DIALOGO_AGENDA_QUIET_SECONDS", "soon"),
            ("DIALOGO_MAIL_URL", "smtp://user:secret@mail.example.org:25"),
            ("DIALOGO_MAIL_URL", "smtp://user@mail.example.org:25"),
            ("DIALOGO_TRUSTED_PROXIES", "10.0.0.0/8, proxy"),
            ("DIALOGO_OPT_IN_MAILS_PER_DAY", "many"),
            ("DIALOGO_BODY_TIMEOUT_SECONDS", "0"),
            ("DIALOGO_FAILED_MAIL_KEEP_DAYS", "-1"),
            ("DIALOGO_SHUTDOWN_TIMEOUT_SECONDS", "0"),
            ("DIALOGO_RETAIN_REGISTRANTS_DAYS", "a year"),
            ("DIALOGO_RETAIN_UNCONFIRMED_REGISTRATIONS_HOURS", "24"),
            ("DIALOGO_FRAME_ANCESTORS", "https://cms.example.org/embed"),
            ("DIALOGO_FRAME_ANCESTORS", "http://cms.example.org"),
        ] {
            let err = settings(&[(variable, value)]).unwrap_err();
            assert_eq!(err.variable, variable);
            assert!(err.to_string().starts_with(variable));
        }
    }

    #[test]
    fn passwords_are_not_echoed_in_errors() {
        let err = settings(&[("DIALOGO_DATABASE_URL", "mysql://u:secret@h/db")]).unwrap_err();
        assert!(!err.to_string().contains("secret"));
        let err = settings(&[("DIALOGO_MAIL_URL", "smtp://u:secret@h:25")]).unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn credentials_go_over_tls_only() {
        for url in [
            "smtp://mail.example.org:25",
            "smtp+starttls://user:pass@mail.example.org:587",
            "smtps://user:pass@mail.example.org:465",
        ] {
            assert!(settings(&[("DIALOGO_MAIL_URL", url)]).is_ok(), "{url}");
        }
    }
}
