//! The public newsletter endpoints: subscribe, confirm, unsubscribe.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::models::SubscriberStatus;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::newsletter::{self, Origin, SubscriptionInput, SubscriptionRequest};
use crate::rate_limit::PublicWrite;
use crate::routes::bodies::{Accepted, TokenInput};
use crate::state::AppState;

/// Where a subscription stands after the subscriber's action.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionOutcome {
    pub status: SubscriberStatus,
}

/// The client's address, kept in the consent record as part of the proof: behind a trusted
/// reverse proxy, the address it forwards (see [`crate::client_address`]).
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let state = req.app_data::<web::Data<AppState>>()?;
    crate::client_address::client_address(req, &state.settings.trusted_proxies)
        .map(|address| address.to_string())
}

/// Subscribes to the newsletter. A confirmation mail follows (double opt-in); the answer is
/// the same whether or not the address was known.
#[utoipa::path(
    tag = "newsletter",
    request_body = SubscriptionInput,
    responses(
        (status = 202, body = Accepted),
    )
)]
#[post("/newsletter/subscriptions")]
pub async fn subscribe(
    _limit: PublicWrite,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<SubscriptionInput>,
) -> Result<HttpResponse, ApiError> {
    let request = body.0.parse()?;
    subscribe_from(&req, &state, request, "api").await?;
    Ok(Accepted::response())
}

/// Subscribes as `request` asks, recording the client's address and `source` (`api`, `form`)
/// in the consent record, and wakes the mail worker: what the API's `subscribe` and the
/// newsletter page both do.
pub async fn subscribe_from(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    request: SubscriptionRequest,
    source: &'static str,
) -> Result<(), ApiError> {
    let ip = client_ip(req);
    let worker_state = state.clone();
    state
        .db(move |conn| {
            let origin = Origin {
                source,
                ip_address: ip.as_deref(),
            };
            let cap = worker_state.settings.opt_in_mails_per_day;
            newsletter::subscribe(conn, &worker_state.mail_context(), &request, origin, cap)
        })
        .await?;
    state.mail_queued.notify_one();
    Ok(())
}

/// Confirms a subscription with the token from the confirmation mail.
#[utoipa::path(
    tag = "newsletter",
    operation_id = "confirm_subscription",
    request_body = TokenInput,
    responses(
        (status = 200, body = SubscriptionOutcome),
        (status = 404, description = "Unknown token"),
        (status = 409, description = "Token used"),
        (status = 410, description = "Token expired"),
    )
)]
#[post("/newsletter/confirm")]
pub async fn confirm(
    _limit: PublicWrite,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<TokenInput>,
) -> Result<HttpResponse, ApiError> {
    by_token(&req, &state, body.0.token, newsletter::confirm).await
}

/// Unsubscribes with the token from any newsletter mail. Not rate-limited: see
/// [`crate::rate_limit`].
#[utoipa::path(
    tag = "newsletter",
    request_body = TokenInput,
    responses(
        (status = 200, body = SubscriptionOutcome),
        (status = 404, description = "Unknown token"),
        (status = 409, description = "Token used"),
        (status = 410, description = "Token expired"),
    )
)]
#[post("/newsletter/unsubscribe")]
pub async fn unsubscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<TokenInput>,
) -> Result<HttpResponse, ApiError> {
    by_token(&req, &state, body.0.token, newsletter::unsubscribe).await
}

type TokenAction = fn(
    &mut crate::db::DbConnection,
    &str,
    Origin<'_>,
) -> Result<crate::db::models::Subscriber, ApiError>;

/// Runs a subscriber's action by token, recording the client's address with it.
async fn by_token(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    token: String,
    action: TokenAction,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(req);
    let subscriber = state
        .db(move |conn| {
            let origin = Origin {
                source: "api",
                ip_address: ip.as_deref(),
            };
            action(conn, &token, origin)
        })
        .await?;
    Ok(HttpResponse::Ok().json(SubscriptionOutcome {
        status: subscriber.status,
    }))
}
