//! The console's session: the cookie that carries it, the middleware that finds the account
//! behind it for every console request, and what a console request without one (or with a
//! role too small) is answered with.
//!
//! The cookie holds an opaque random id (the database keeps its hash); it is `HttpOnly`,
//! `SameSite=Lax`, and over https `Secure` with the `__Host-` prefix, as the form token's.
//! [`console_session`] puts the signed-in account into the request as a [`Caller`] (so that
//! `Can<…>` checks console pages exactly as API routes) and as a [`Signed`]. Its answer to a
//! request without a session is the sign-in page (303); to a role without the permission a
//! page saying so (403), where the API would answer with its error envelope.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, LOCATION};
use actix_web::middleware::Next;
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, web};

pub use super::signed::{AwaitingCode, CODE, HOME, SIGN_IN, Signed, TWO_FACTOR};
use crate::accounts::Caller;
use crate::db::models::StaffSession;
use crate::state::AppState;

/// The cookie's name over plain http (development).
pub const COOKIE: &str = "dialogo_session";
/// The cookie's name over https.
pub const SECURE_COOKIE: &str = "__Host-dialogo_session";

fn secure(state: &AppState) -> bool {
    state.settings.public_url.scheme() == "https"
}

fn cookie_name(state: &AppState) -> &'static str {
    if secure(state) { SECURE_COOKIE } else { COOKIE }
}

/// The cookie that carries the session `id`; it lives as long as the browser does, the
/// session itself only as long as the settings allow.
pub fn session_cookie(state: &AppState, id: &str) -> Cookie<'static> {
    Cookie::build(cookie_name(state), id.to_owned())
        .path("/")
        .http_only(true)
        .secure(secure(state))
        .same_site(SameSite::Lax)
        .finish()
}

/// The cookie that removes the session's.
pub fn removal_cookie(state: &AppState) -> Cookie<'static> {
    let mut cookie = session_cookie(state, "");
    cookie.make_removal();
    cookie
}

/// The id the request's cookie presents.
pub fn presented(req: &HttpRequest, state: &AppState) -> Option<String> {
    req.cookie(cookie_name(state))
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

/// A 303 to the sign-in page.
pub fn to_sign_in() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, SIGN_IN))
        .finish()
}

/// Finds the account of every console request's session (see the module documentation) and
/// turns the API's error answers (401 and other 4xx) into the console's pages.
pub async fn console_session(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<AppState>>().cloned()
        && let Some(id) = presented(req.request(), &state)
    {
        let lifetime = state.settings.sessions;
        let now = state.clock.now();
        let presented = id.clone();
        let found = state
            .db(move |conn| Ok(StaffSession::find_live(conn, &presented, now, lifetime)?))
            .await
            .map_err(actix_web::Error::from)?;
        if let Some((session, user)) = found {
            let signed_in = session.verified && !(user.totp_required && user.totp_secret.is_none());
            if signed_in {
                let client_address = crate::client_address::client_address(
                    req.request(),
                    &state.settings.trusted_proxies,
                )
                .map(|a| a.to_string());
                req.extensions_mut().insert(Caller {
                    user_id: user.id.clone(),
                    role: user.role()?,
                    token_name: None,
                    client_address,
                });
            }
            req.extensions_mut().insert(Signed {
                user,
                session: id,
                needs_code: !session.verified,
            });
        }
    }
    let res = next.call(req).await?;
    let is_json = res
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    match res.status() {
        StatusCode::UNAUTHORIZED if is_json => {
            let (req, _) = res.into_parts();
            let answer = to_sign_in();
            Ok(ServiceResponse::new(req, answer).map_into_right_body())
        }
        // The password links' own refusals are the link pages' (in the browser's language).
        status
            if is_json
                && status.is_client_error()
                && !crate::routes::links::is_token_link(res.request().path()) =>
        {
            let (req, _) = res.into_parts();
            let answer = super::pages::status_page(&req, status);
            Ok(ServiceResponse::new(req, answer).map_into_right_body())
        }
        _ => Ok(res.map_into_left_body()),
    }
}
