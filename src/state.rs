use std::sync::Arc;

use crate::config::Settings;
use crate::db::{DbConnection, Pool};
use crate::error::ApiError;

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
    /// Signals the mail worker that new mails are queued.
    pub mail_queued: Arc<tokio::sync::Notify>,
    /// Signals the newsletter dispatcher that an issue started sending.
    pub issue_queued: Arc<tokio::sync::Notify>,
    /// Limits public writes per client address; `None` when switched off.
    pub rate_limiter: Option<Arc<governor::DefaultKeyedRateLimiter<std::net::IpAddr>>>,
    /// Limits attempts at signing in to the console per client address.
    pub sign_in_attempts: Arc<governor::DefaultKeyedRateLimiter<std::net::IpAddr>>,
    /// "Now" for scheduled mails; tests stop and advance it.
    pub clock: crate::clock::Clock,
    /// Wakes the scheduler when an event changed in a way that may need mails at once.
    pub schedule_changed: Arc<tokio::sync::Notify>,
    /// Counters and latencies for `/metrics`.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Registering and confirming, written in batches per event.
    pub registrants: Arc<crate::registrations::Registrants>,
    /// What every public page shares: the organisation, the look, the assets.
    pub site: Arc<crate::site::Site>,
}

impl AppState {
    /// What mails need to know about their sender and links.
    pub fn mail_context(&self) -> crate::mail::event_mail::MailContext<'_> {
        crate::mail::event_mail::MailContext::of(&self.settings)
    }

    /// The organisation that signs mails, for pages' footers too.
    pub fn organisation(&self) -> &crate::organisation::Organisation {
        &self.settings.organisation
    }

    /// Runs blocking database work on the blocking pool, never on the async executor.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        crate::db::run_blocking(&self.pool, work).await
    }
}
