//! Per-client limits on public write endpoints, so that nobody floods the registration or
//! mail endpoints (and, through them, other people's inboxes).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::{Ready, ready};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;
use crate::state::AppState;

/// Requests per minute per client address; `None` switches limiting off.
pub fn limiter(per_minute: u32) -> Option<Arc<DefaultKeyedRateLimiter<IpAddr>>> {
    NonZeroU32::new(per_minute).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n))))
}

/// Taken by public write handlers: a request over its client's limit is answered with 429.
pub struct PublicWrite;

impl FromRequest for PublicWrite {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let limiter = req
            .app_data::<web::Data<AppState>>()
            .and_then(|state| state.rate_limiter.clone());
        let (Some(limiter), Some(peer)) = (limiter, req.peer_addr()) else {
            return ready(Ok(PublicWrite));
        };
        ready(match limiter.check_key(&peer.ip()) {
            Ok(()) => Ok(PublicWrite),
            Err(_) => Err(ApiError::client(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests from this address; try again in a minute.",
            )),
        })
    }
}
