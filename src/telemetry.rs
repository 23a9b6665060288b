//! Logging: tracing to stderr, and one line per request.

use std::io::IsTerminal as _;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument as _;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; `RUST_LOG` overrides the default `info` level.
/// `DIALOGO_LOG_FORMAT=json` writes JSON lines for log collectors.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let result = if std::env::var("DIALOGO_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // A second init (tests start many apps in one process) keeps the first subscriber.
    drop(result);
}

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Logs method, path, status, latency and a request id, which is also returned in
/// `X-Request-Id` (a sane incoming one is kept, so ids can be followed across proxies).
/// Tokens in the paths of link pages are redacted; queries are not logged.
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let method = req.method().to_string();
    let mut path = crate::routes::links::loggable_path(req.path()).into_owned();
    let started = Instant::now();
    let span = tracing::info_span!("request", request_id = %request_id);
    let result = next.call(req).instrument(span.clone()).await;
    let status = match &result {
        Ok(res) => res.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    // A route that took a token (however its path was spelt) is logged by its pattern.
    if let Ok(res) = &result
        && res.request().match_info().get("token").is_some()
        && let Some(pattern) = res.request().match_pattern()
    {
        path = pattern;
    }
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        tracing::info!(%method, %path, status = status.as_u16(), latency_ms = format!("{latency_ms:.2}"), "request")
    });
    let mut res = result?;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    Ok(res)
}
