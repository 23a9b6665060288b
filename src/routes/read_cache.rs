//! The public reads (the event list as JSON, the pages `/`, `/events`, `/events/{slug}` and the
//! Atom feed) kept rendered in process until the next change: every successful write through
//! this process (any request other than GET, HEAD or OPTIONS below 400) drops them all, and
//! each lives at most [`MAX_AGE`], so that changes made by another process on the same
//! database, and time itself (a registration window closing), show within that.
//!
//! Answers carry an `ETag` (a digest of the body) and a `Last-Modified` (when the body last
//! changed); a client that sends them back gets a 304 without a body. Only whole 200 answers
//! without a cookie are kept, under a key of everything they vary with: the path and query,
//! `Accept-Language` and the language cookie.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    self, ACCEPT_LANGUAGE, CACHE_CONTROL, ETAG, HeaderMap, HeaderValue, HttpDate, LAST_MODIFIED,
};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use sha2::{Digest as _, Sha256};

use super::pages::LANGUAGE_COOKIE;

/// How long a kept answer may be served without rendering it again.
pub const MAX_AGE: Duration = Duration::from_secs(2);
/// More distinct keys than this (queries are the client's to choose) start the cache afresh.
const MAX_ENTRIES: usize = 2_000;
/// The routes whose answers are kept, by template.
const CACHED_ROUTES: [&str; 5] = [
    "/api/v1/events",
    "/",
    "/events",
    "/events/{slug}",
    "/events.atom",
];

/// The kept answers, shared by every worker of the server.
#[derive(Default)]
pub struct ReadCache {
    /// Raised by every write; answers kept under an older generation are stale.
    generation: AtomicU64,
    entries: RwLock<HashMap<String, Arc<Entry>>>,
}

struct Entry {
    generation: u64,
    rendered: Instant,
    headers: HeaderMap,
    body: web::Bytes,
    etag: String,
    last_modified: SystemTime,
}

impl ReadCache {
    /// Drops every kept answer: something may have changed.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn fresh(&self, key: &str) -> Option<Arc<Entry>> {
        let entry = self.entries.read().ok()?.get(key).cloned()?;
        let current = entry.generation == self.generation.load(Ordering::Acquire)
            && entry.rendered.elapsed() < MAX_AGE;
        current.then_some(entry)
    }

    /// The last time the body under `key` changed: kept from the entry it replaces where the
    /// body is the same.
    fn last_modified(&self, key: &str, etag: &str) -> SystemTime {
        let previous = self.entries.read().ok().and_then(|e| e.get(key).cloned());
        match previous {
            Some(entry) if entry.etag == etag => entry.last_modified,
            _ => SystemTime::now(),
        }
    }

    fn keep(&self, key: String, entry: Entry) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, Arc::new(entry));
        }
    }
}

/// Serves the public reads from the cache where it can, keeps what it renders, and drops
/// everything after a write.
pub async fn serve_cached(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(cache) = req.app_data::<web::Data<ReadCache>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let method = req.method().clone();
    if !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        let res = next.call(req).await?;
        if res.status().as_u16() < 400 {
            cache.invalidate();
        }
        return Ok(res.map_into_boxed_body());
    }
    let cached_route = req
        .match_pattern()
        .is_some_and(|p| CACHED_ROUTES.contains(&p.as_str()));
    if method != Method::GET || !cached_route {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let key = key_of(&req);
    if let Some(entry) = cache.fresh(&key) {
        let (http, _) = req.into_parts();
        let response = answer(&entry, http.headers());
        return Ok(ServiceResponse::new(http, response));
    }
    let generation = cache.generation.load(Ordering::Acquire);
    let res = next.call(req).await?;
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return Ok(res.map_into_boxed_body());
    }
    let (http, response) = res.into_parts();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body())
        .await
        .map_err(|_| actix_web::error::ErrorInternalServerError("unreadable body"))?;
    let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&body)[..16]));
    let entry = Entry {
        generation,
        rendered: Instant::now(),
        headers,
        last_modified: cache.last_modified(&key, &etag),
        etag,
        body,
    };
    let response = answer(&entry, http.headers());
    cache.keep(key, entry);
    Ok(ServiceResponse::new(http, response))
}

/// Everything the kept answers vary with.
fn key_of(req: &ServiceRequest) -> String {
    let language = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let cookie = req.cookie(LANGUAGE_COOKIE);
    let cookie = cookie.as_ref().map_or("", |c| c.value());
    format!("{}\n{language}\n{cookie}", req.uri())
}

/// The kept answer (only 200s are kept), or 304 where the client holds it already.
fn answer(entry: &Entry, request: &HeaderMap) -> HttpResponse {
    let matches_etag = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|tags| {
            tags.split(',')
                .any(|t| t.trim() == entry.etag || t.trim() == "*")
        });
    let unmodified_since = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<HttpDate>().ok())
        .is_some_and(|since| whole_seconds(entry.last_modified) <= SystemTime::from(since));
    let not_modified = matches_etag.unwrap_or(unmodified_since);
    let mut response = if not_modified {
        HttpResponse::NotModified().finish()
    } else {
        HttpResponse::Ok().body(entry.body.clone())
    };
    let headers = response.headers_mut();
    for (name, value) in &entry.headers {
        if !not_modified || name != header::CONTENT_TYPE {
            headers.append(name.clone(), value.clone());
        }
    }
    if let Ok(etag) = HeaderValue::from_str(&entry.etag) {
        headers.insert(ETAG, etag);
    }
    if let Ok(date) = HeaderValue::from_str(&HttpDate::from(entry.last_modified).to_string()) {
        headers.insert(LAST_MODIFIED, date);
    }
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

/// `at` without its fraction of a second, as an HTTP date carries it.
fn whole_seconds(at: SystemTime) -> SystemTime {
    let since = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    SystemTime::UNIX_EPOCH + Duration::from_secs(since.as_secs())
}
