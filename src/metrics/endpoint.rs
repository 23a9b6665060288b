//! `/metrics` on a listener of its own (`DIALOGO_METRICS_BIND`), and the middleware that
//! counts the main server's requests.
//!
//! A listener of its own, rather than a route beside the API behind a token: whoever can reach
//! the address may read the figures, so an operator decides who by where it is bound (loopback,
//! an internal network), and the public server never answers `/metrics`.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header::ContentType;
use actix_web::middleware::Next;
use actix_web::{App, HttpResponse, HttpServer, web};

use super::Metrics;
use super::snapshot::Snapshot;
use crate::config::DatabaseUrl;
use crate::db::Pool;

/// What a scrape reads.
struct Scraped {
    metrics: Arc<Metrics>,
    pool: Pool,
    url: DatabaseUrl,
}

/// Serves `GET /metrics` on `listener` with one worker; it stops with the process (its own
/// signal handling is off, the application stops it after the main server).
pub fn serve(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    pool: Pool,
    url: DatabaseUrl,
) -> std::io::Result<Server> {
    let scraped = web::Data::new(Scraped { metrics, pool, url });
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(scraped.clone())
            .route("/metrics", web::get().to(scrape))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run())
}

async fn scrape(scraped: web::Data<Scraped>) -> HttpResponse {
    let pool = scraped.pool.clone();
    let now = crate::db::now();
    let snapshot = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        anyhow::Ok(Snapshot::read(&mut conn, now)?)
    })
    .await;
    match snapshot {
        Ok(Ok(snapshot)) => scraped.metrics.update(&snapshot, now),
        // The figures the process holds itself are still worth having; the database's go stale
        // for this scrape, and the log says why.
        Ok(Err(error)) => {
            tracing::warn!(error = format!("{error:#}"), "metrics: database not read")
        }
        Err(error) => tracing::warn!(%error, "metrics: database not read"),
    }
    scraped.metrics.update_storage(&scraped.pool, &scraped.url);
    match scraped.metrics.encode() {
        Ok(text) => HttpResponse::Ok()
            .content_type(ContentType(
                "application/openmetrics-text; version=1.0.0; charset=utf-8"
                    .parse()
                    .expect("a valid media type"),
            ))
            .body(text),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// Counts each request of the main server by its route's template (`/events/{slug}`), or
/// `unmatched` where no route served it: never the raw path, which may hold a token.
pub async fn count_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(metrics) = req.app_data::<web::Data<Metrics>>().cloned() else {
        return next.call(req).await;
    };
    let method = req.method().to_string();
    let started = Instant::now();
    let result = next.call(req).await;
    let (status, route) = match &result {
        Ok(res) => (res.status(), res.request().match_pattern()),
        Err(error) => (error.as_response_error().status_code(), None),
    };
    let route = route.unwrap_or_else(|| "unmatched".to_owned());
    metrics.observe_request(
        &method,
        &route,
        status.as_u16(),
        started.elapsed().as_secs_f64(),
    );
    result
}
