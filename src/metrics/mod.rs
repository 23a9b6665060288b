//! What an operator's Prometheus scrapes: requests, mail deliveries and scheduler steps as
//! they happen, and the state of the outbox, registrations, newsletter issues and database at
//! the moment of the scrape.
//!
//! Counters and latencies are recorded by the parts that do the work; the rest is read from
//! the database when scraped ([`snapshot`]), so a restart or a second instance never leaves a
//! stale count behind. Served on a listener of its own ([`endpoint`]).

pub mod endpoint;
pub mod snapshot;

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// A request, by its route's template (never the raw path: link pages carry tokens in it).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

/// A request's latency, by method and route template.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

/// One value of a row's status column, or the outcome of a delivery.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: String,
}

/// A step of the scheduler.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StepLabels {
    pub step: &'static str,
}

/// What a delivery attempt came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailOutcome {
    Sent,
    /// Failed for now; it will be tried again.
    Retried,
    /// Refused, or failed for the last time.
    Failed,
}

impl MailOutcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Retried => "retried",
            Self::Failed => "failed",
        }
    }
}

/// The registry and handles to every metric in it.
pub struct Metrics {
    registry: Registry,
    http_requests: Family<RequestLabels, Counter>,
    http_latency: Family<RouteLabels, Histogram>,
    mail_deliveries: Family<StatusLabels, Counter>,
    scheduler_steps: Family<StepLabels, Counter>,
    scheduler_step_failures: Family<StepLabels, Counter>,
    pub(crate) outbox_mails: Family<StatusLabels, Gauge>,
    pub(crate) outbox_oldest_due: Gauge<f64, AtomicU64>,
    pub(crate) registrations: Family<StatusLabels, Gauge>,
    pub(crate) issues_sending: Gauge,
    pub(crate) pool_connections: Gauge,
    pub(crate) pool_idle_connections: Gauge,
    pub(crate) pool_max_connections: Gauge,
    pub(crate) sqlite_wal_bytes: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Every metric, registered under the `dialogo_` prefix.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("dialogo");
        let http_requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            http_requests.clone(),
        );
        // From half a millisecond to about 16 seconds.
        let http_latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.0005, 2.0, 16))) as fn() -> Histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's head to its response, by method and route template",
            http_latency.clone(),
        );
        let mail_deliveries = Family::<StatusLabels, Counter>::default();
        registry.register(
            "mail_deliveries",
            "Delivery attempts by outcome: sent, retried (failed for now) or failed (for good)",
            mail_deliveries.clone(),
        );
        let scheduler_steps = Family::<StepLabels, Counter>::default();
        registry.register(
            "scheduler_steps",
            "Scheduler steps run, by step",
            scheduler_steps.clone(),
        );
        let scheduler_step_failures = Family::<StepLabels, Counter>::default();
        registry.register(
            "scheduler_step_failures",
            "Scheduler steps that failed, by step",
            scheduler_step_failures.clone(),
        );
        let outbox_mails = Family::<StatusLabels, Gauge>::default();
        registry.register(
            "outbox_mails",
            "Mails in the outbox by status",
            outbox_mails.clone(),
        );
        let outbox_oldest_due = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "outbox_oldest_due_age_seconds",
            "How long the longest-waiting due mail has been due (0 when none is)",
            outbox_oldest_due.clone(),
        );
        let registrations = Family::<StatusLabels, Gauge>::default();
        registry.register(
            "registrations",
            "Registrations by status",
            registrations.clone(),
        );
        let issues_sending = Gauge::default();
        registry.register(
            "newsletter_issues_sending",
            "Newsletter issues being sent",
            issues_sending.clone(),
        );
        let pool_connections = Gauge::default();
        registry.register(
            "db_pool_connections",
            "Database connections open in this process's pool",
            pool_connections.clone(),
        );
        let pool_idle_connections = Gauge::default();
        registry.register(
            "db_pool_idle_connections",
            "Open database connections not in use",
            pool_idle_connections.clone(),
        );
        let pool_max_connections = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The most database connections the pool opens (DIALOGO_DATABASE_POOL_SIZE)",
            pool_max_connections.clone(),
        );
        let sqlite_wal_bytes = Gauge::default();
        registry.register(
            "sqlite_wal_bytes",
            "Size of the SQLite write-ahead log (0 on PostgreSQL)",
            sqlite_wal_bytes.clone(),
        );
        Self {
            registry,
            http_requests,
            http_latency,
            mail_deliveries,
            scheduler_steps,
            scheduler_step_failures,
            outbox_mails,
            outbox_oldest_due,
            registrations,
            issues_sending,
            pool_connections,
            pool_idle_connections,
            pool_max_connections,
            sqlite_wal_bytes,
        }
    }

    /// Counts an answered request and its latency.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let (method, route) = (method.to_owned(), route.to_owned());
        self.http_latency
            .get_or_create(&RouteLabels {
                method: method.clone(),
                route: route.clone(),
            })
            .observe(seconds);
        self.http_requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    /// Counts a delivery attempt's outcome.
    pub fn observe_mail(&self, outcome: MailOutcome) {
        self.mail_deliveries
            .get_or_create(&StatusLabels {
                status: outcome.as_str().to_owned(),
            })
            .inc();
    }

    /// Counts a scheduler step, and whether it failed.
    pub fn observe_step(&self, step: &'static str, failed: bool) {
        let labels = StepLabels { step };
        self.scheduler_steps.get_or_create(&labels).inc();
        if failed {
            self.scheduler_step_failures.get_or_create(&labels).inc();
        }
    }

    /// The registry in the OpenMetrics text format, which Prometheus reads.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}
