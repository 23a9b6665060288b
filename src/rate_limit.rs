//! Per-client limits on public write endpoints, so that nobody floods the registration or
//! mail endpoints (and, through them, other people's inboxes).
//!
//! The client is the one [`crate::client_address`] names (behind a trusted reverse proxy, the
//! address it forwards). IPv6 clients are counted per /64, the block one subscriber usually
//! holds, so that cycling through addresses does not buy more requests. The limiter forgets
//! clients that have been quiet long enough to be back at their full allowance
//! ([`prune`]), so its memory follows the clients of the last minute, not of all time.
//!
//! RFC 8058 one-click unsubscribes are not limited: a mailbox provider posts them for all of
//! its users from a few addresses, and refusing one would keep mailing someone who asked to
//! stop. A token (256 random bits) is needed to do anything there.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::{Ready, ready};
use governor::clock::Clock;
use governor::middleware::RateLimitingMiddleware;
use governor::state::keyed::ShrinkableKeyedStateStore;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;
use crate::state::AppState;

/// How often the limiter forgets clients back at their full allowance.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(60);

/// Requests per minute per client; `None` switches limiting off.
pub fn limiter(per_minute: u32) -> Option<Arc<DefaultKeyedRateLimiter<IpAddr>>> {
    NonZeroU32::new(per_minute).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n))))
}

/// Forgets the clients that are back at their full allowance (so keeping them changes
/// nothing) and gives the memory back; returns how many clients are still kept.
pub fn prune<K, S, C, M>(limiter: &RateLimiter<K, S, C, M>) -> usize
where
    K: Hash + Eq + Clone,
    S: ShrinkableKeyedStateStore<K>,
    C: Clock,
    M: RateLimitingMiddleware<C::Instant>,
{
    limiter.retain_recent();
    limiter.shrink_to_fit();
    limiter.len()
}

/// Prunes `limiter` every [`PRUNE_INTERVAL`], for as long as the task runs.
pub async fn prune_periodically(limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>) {
    let mut tick = tokio::time::interval(PRUNE_INTERVAL);
    loop {
        tick.tick().await;
        prune(&limiter);
    }
}

/// The key a client is counted under: its address, or for IPv6 its /64.
pub fn key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => {
            let block = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(block.into())
        }
    }
}

/// Taken by public write handlers: a request over its client's limit is answered with 429.
pub struct PublicWrite;

impl FromRequest for PublicWrite {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return ready(Ok(PublicWrite));
        };
        let client = crate::client_address::client_address(req, &state.settings.trusted_proxies);
        let (Some(limiter), Some(client)) = (&state.rate_limiter, client) else {
            return ready(Ok(PublicWrite));
        };
        ready(match limiter.check_key(&key(client)) {
            Ok(()) => Ok(PublicWrite),
            Err(_) => Err(ApiError::client(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests from this address; try again in a minute.",
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use governor::middleware::NoOpMiddleware;
    use governor::nanos::Nanos;
    use governor::state::keyed::DefaultKeyedStateStore;

    #[test]
    fn the_limiter_forgets_clients_once_they_are_back_at_full_allowance() {
        let clock = FakeRelativeClock::default();
        let quota = Quota::per_minute(NonZeroU32::new(30).unwrap());
        let limiter: RateLimiter<u32, DefaultKeyedStateStore<u32>, _, NoOpMiddleware<Nanos>> =
            RateLimiter::new(quota, DefaultKeyedStateStore::default(), clock.clone());
        for client in 0..10_000 {
            assert!(limiter.check_key(&client).is_ok());
        }
        // One request each: back at full allowance (and forgotten) within a minute.
        clock.advance(Duration::from_secs(1));
        assert_eq!(prune(&limiter), 10_000, "not before the period");
        clock.advance(Duration::from_secs(59));
        assert_eq!(prune(&limiter), 0, "the map shrinks after the period");
        // A client that used up its allowance is remembered until it is back.
        for _ in 0..30 {
            assert!(limiter.check_key(&7).is_ok());
        }
        assert!(limiter.check_key(&7).is_err());
        clock.advance(Duration::from_secs(30));
        assert_eq!(prune(&limiter), 1);
        assert!(limiter.check_key(&7).is_ok());
        clock.advance(Duration::from_secs(60));
        assert_eq!(prune(&limiter), 0);
    }

    #[test]
    fn ipv6_clients_count_per_64_block() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(key(a), key(b));
        assert_ne!(key(a), key(c));
        let v4: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(key(v4), v4);
    }
}
