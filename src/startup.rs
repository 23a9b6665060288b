//! Building and running the application; tests start the same thing on port 0.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, ErrorHandlers, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use utoipa::OpenApi as _;
use utoipa_actix_web::{AppExt as _, scope};

use std::num::NonZeroU32;
use std::time::Duration;

use chrono::TimeDelta;
use tokio::sync::Notify;

use crate::config::Settings;
use crate::db::{self, Pool};
use crate::error::ApiError;
use crate::extract::JSON_LIMIT;
use crate::mail::outbox::RetryPolicy;
use crate::mail::worker::WorkerConfig;
use crate::mail::{MailTransport, MailWorker};
use crate::openapi::ApiDoc;
use crate::routes;
use crate::state::AppState;
use crate::telemetry::log_request;

pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    mail_worker: tokio::task::JoinHandle<()>,
    scheduler: tokio::task::JoinHandle<()>,
    dispatcher: tokio::task::JoinHandle<()>,
    /// Turned true once the server has stopped: the mail worker and the scheduler finish
    /// what they are doing and return.
    stop: tokio::sync::watch::Sender<bool>,
    /// Forgets rate-limited clients that are back at their full allowance.
    limiter_pruning: Option<tokio::task::JoinHandle<()>>,
    /// Forgets clients of the sign-in limiter that are back at their full allowance.
    attempts_pruning: tokio::task::JoinHandle<()>,
    /// `/metrics` and its port, when `DIALOGO_METRICS_BIND` is set.
    metrics: Option<(Server, u16)>,
}

impl Application {
    /// Opens the database, applies pending migrations and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = prepare_database(&settings).await?;
        let settings = Arc::new(settings);
        let state = AppState {
            registrants: Arc::new(crate::registrations::Registrants::new(
                pool.clone(),
                settings.clone(),
            )),
            pool,
            mail_queued: Arc::new(Notify::new()),
            issue_queued: Arc::new(Notify::new()),
            rate_limiter: crate::rate_limit::limiter(settings.rate_limit_per_minute),
            sign_in_attempts: crate::routes::console::attempt_limiter(settings.sign_in_attempts),
            clock: crate::clock::Clock::system(),
            schedule_changed: Arc::new(Notify::new()),
            site: Arc::new(crate::site::Site::new(
                settings.organisation.clone(),
                settings.look.clone(),
            )),
            metrics: Arc::new(crate::metrics::Metrics::new()),
            settings,
        };
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let mail_worker = tokio::spawn(mail_worker(&state)?.stopping_on(stopping.clone()).run());
        let attempts_pruning = tokio::spawn(crate::rate_limit::prune_periodically(
            state.sign_in_attempts.clone(),
        ));
        let limiter_pruning = state
            .rate_limiter
            .clone()
            .map(|limiter| tokio::spawn(crate::rate_limit::prune_periodically(limiter)));
        let scheduler = tokio::spawn(crate::periodic::run_scheduler(state.clone(), stopping));
        let dispatcher = tokio::spawn(crate::newsletter::dispatch::run(
            state.clone(),
            Duration::from_millis(state.settings.mail_poll_ms.max(100)),
        ));
        let listener = TcpListener::bind(state.settings.bind)
            .with_context(|| format!("cannot listen on {}", state.settings.bind))?;
        let port = listener.local_addr()?.port();
        let server = serve(listener, state.clone())?;
        tracing::info!(address = %state.settings.bind.ip(), port, "listening");
        let metrics = serve_metrics(&state)?;
        Ok(Self {
            port,
            server,
            state,
            mail_worker,
            scheduler,
            dispatcher,
            stop,
            limiter_pruning,
            attempts_pruning,
            metrics,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port `/metrics` is served on, when it is.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops the background tasks (mail worker, scheduler, newsletter dispatcher), e.g.
    /// before the database goes away.
    pub fn background_handles(&self) -> Vec<tokio::task::AbortHandle> {
        let mut handles = vec![
            self.mail_worker.abort_handle(),
            self.scheduler.abort_handle(),
            self.dispatcher.abort_handle(),
        ];
        handles.extend(self.limiter_pruning.as_ref().map(|t| t.abort_handle()));
        handles.push(self.attempts_pruning.abort_handle());
        handles
    }

    /// Serves until SIGINT or SIGTERM. On SIGTERM it stops accepting connections and finishes
    /// the requests in flight (for up to `DIALOGO_SHUTDOWN_TIMEOUT_SECONDS`); then the mail
    /// worker finishes the mails it is sending and hands back the rest of its batch, and the
    /// scheduler stops between steps, each waited for up to the same timeout.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // The metrics server takes its signal from the main one: it answers until that stops.
        let metrics = self.metrics.map(|(server, _)| {
            let handle = server.handle();
            (tokio::spawn(server), handle)
        });
        let result = self.server.await;
        tracing::info!("server stopped; stopping the mail worker and the scheduler");
        if let Some((server, handle)) = metrics {
            handle.stop(true).await;
            let _ = server.await;
        }
        let _ = self.stop.send(true);
        self.dispatcher.abort();
        if let Some(pruning) = &self.limiter_pruning {
            pruning.abort();
        }
        self.attempts_pruning.abort();
        let timeout = Duration::from_secs(self.state.settings.shutdown_timeout_seconds);
        let background = async {
            let _ = self.mail_worker.await;
            let _ = self.scheduler.await;
        };
        if tokio::time::timeout(timeout, background).await.is_err() {
            tracing::warn!("the mail worker or the scheduler did not stop in time");
        }
        result
    }
}

/// Connects and migrates, off the async executor.
pub async fn prepare_database(settings: &Settings) -> anyhow::Result<Pool> {
    let url = settings.database_url.clone();
    let size = settings.database_pool_size;
    tokio::task::spawn_blocking(move || {
        let pool = db::connect_pool(&url, size)?;
        let mut conn = pool.get().context("no database connection")?;
        let applied = db::run_migrations(&mut conn)?;
        tracing::info!(database = %url.redacted(), applied, "database ready");
        Ok(pool)
    })
    .await?
}

/// Serves `/metrics` on `DIALOGO_METRICS_BIND`, when it is set.
fn serve_metrics(state: &AppState) -> anyhow::Result<Option<(Server, u16)>> {
    let Some(bind) = state.settings.metrics_bind else {
        return Ok(None);
    };
    let listener =
        TcpListener::bind(bind).with_context(|| format!("cannot listen on {bind} for metrics"))?;
    let port = listener.local_addr()?.port();
    let server = crate::metrics::endpoint::serve(
        listener,
        state.metrics.clone(),
        state.pool.clone(),
        state.settings.database_url.clone(),
    )?;
    tracing::info!(address = %bind.ip(), port, "metrics served at /metrics");
    Ok(Some((server, port)))
}

/// The outbox worker as the settings describe it.
pub fn mail_worker(state: &AppState) -> anyhow::Result<MailWorker> {
    let settings = &state.settings;
    let transport = MailTransport::from_url(
        &settings.mail_url,
        settings.mail_connections,
        settings.mail_tls_ca.as_deref(),
    )?;
    let lease = TimeDelta::seconds(settings.mail_lease_seconds as i64);
    let rate = NonZeroU32::new(settings.mail_rate);
    // A batch must be sent well within its lease, or another worker would take it over; and
    // it stays small enough that pausing a newsletter takes back all but the two batches a
    // worker holds at most (the one it sends and the one it claimed ahead).
    let per_connections = (i64::from(settings.mail_connections) * 50).clamp(50, 500);
    let batch_size = match rate {
        Some(rate) => (i64::from(rate.get()) * lease.num_seconds() / 4).clamp(1, per_connections),
        None => per_connections,
    };
    let config = WorkerConfig {
        batch_size,
        lease,
        connections: settings.mail_connections as usize,
        rate,
        poll: Duration::from_millis(settings.mail_poll_ms),
        retry: RetryPolicy {
            max_attempts: settings.mail_max_attempts,
            base: TimeDelta::milliseconds(settings.mail_retry_base_ms as i64),
            cap: TimeDelta::hours(6),
        },
    };
    Ok(MailWorker::new(
        state.pool.clone(),
        Arc::new(transport),
        settings.mail_from.email.clone(),
        config,
        state.mail_queued.clone(),
    )
    .counting_in(state.metrics.clone()))
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let workers = state.settings.workers;
    let state_timeout = state.settings.shutdown_timeout_seconds;
    let read_cache = web::Data::new(routes::read_cache::ReadCache::default());
    let server = HttpServer::new(move || {
        let (app, api) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(web::Data::new(state.clone()))
            .app_data(web::Data::from(state.metrics.clone()))
            .app_data(read_cache.clone())
            .app_data(web::PayloadConfig::new(JSON_LIMIT))
            .service(routes::health::healthz)
            .service(routes::health::readyz)
            .service(
                scope("/api/v1")
                    .wrap(from_fn(crate::accounts::authorise::admin_scope))
                    .route("/openapi.json", web::get().to(openapi_json))
                    .configure(routes::events::configure)
                    .configure(routes::outbox::configure)
                    .configure(routes::registrations::configure)
                    .configure(routes::newsletter::configure)
                    .configure(routes::people::configure)
                    .configure(routes::invitations::configure)
                    .configure(routes::schedule::configure)
                    .configure(routes::audit::configure),
            )
            .split_for_parts();
        let api = web::Data::new(crate::openapi::complete(api));
        app.app_data(api)
            .service(routes::assets::serve)
            .configure(routes::registrations::pages::configure)
            .configure(routes::newsletter::pages::configure)
            .configure(routes::invitations::pages::configure)
            .configure(routes::pages::configure)
            .configure(routes::console::configure)
            .default_service(web::to(routes::not_found))
            .wrap(from_fn(routes::read_cache::serve_cached))
            .wrap(
                ErrorHandlers::new()
                    .default_handler_client(routes::envelope_bare_errors)
                    .default_handler_server(routes::envelope_bare_errors),
            )
            .wrap(from_fn(routes::links::errors_as_pages))
            .wrap(from_fn(routes::page::page_headers))
            .wrap(from_fn(crate::body_deadline::body_deadline))
            // No response is ever to be sniffed into another type (HTML from JSON, say).
            .wrap(DefaultHeaders::new().add(("X-Content-Type-Options", "nosniff")))
            .wrap(from_fn(log_request))
            .wrap(from_fn(crate::metrics::endpoint::count_requests))
    })
    .workers(workers)
    .shutdown_timeout(state_timeout)
    .listen(listener)?
    .run();
    Ok(server)
}

async fn openapi_json(api: web::Data<utoipa::openapi::OpenApi>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(api.get_ref()))
}
