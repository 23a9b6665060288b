use std::sync::Arc;

use actix_web::web;

use crate::config::Settings;
use crate::db::{DbConnection, Lease, Pool};
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
    /// "Now" for scheduled mails; tests stop and advance it.
    pub clock: crate::clock::Clock,
    /// Wakes the scheduler when an event changed in a way that may need mails at once.
    pub schedule_changed: Arc<tokio::sync::Notify>,
    /// Registrants' writes waiting to be written with others for their event (PostgreSQL).
    pub batches: Arc<crate::registrations::WriteBatches>,
}

impl AppState {
    /// What mails need to know about their sender and links.
    pub fn mail_context(&self) -> crate::mail::event_mail::MailContext<'_> {
        crate::mail::event_mail::MailContext {
            from: &self.settings.mail_from,
            public_url: &self.settings.public_url,
        }
    }

    /// Runs blocking database work on the blocking pool, never on the async executor.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }

    /// As [`AppState::db`], for work that waits for other requests part of the time: it takes
    /// a connection from its [`Lease`] when it needs one, and gives it back while it waits.
    pub async fn db_lease<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut Lease) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let mut lease = Lease::new(self.pool.clone());
        web::block(move || work(&mut lease)).await?
    }
}
