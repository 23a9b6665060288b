//! The pages behind the links in newsletter mails. A GET only shows a page with a button; the
//! button POSTs. The unsubscribe URL is also the RFC 8058 one-click target: mail clients POST
//! `List-Unsubscribe=One-Click` to it, which unsubscribes at once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template as _;

use crate::db::models::{ActionToken, Subscriber, TokenProblem, TokenPurpose};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::newsletter::{self, Origin};
use crate::rate_limit::PublicWrite;
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::routes::links;
use crate::routes::page::{ActionPage, ResultPage, html, link_page, one_click_page};
use crate::site::Site;
use crate::state::AppState;

use super::public::client_ip;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(link_page(
        "/newsletter/confirm/{token}",
        show_confirm,
        do_confirm,
    ))
    .service(one_click_page(
        "/newsletter/unsubscribe/{token}",
        show_unsubscribe,
        do_unsubscribe,
    ));
}

fn result_page(site: &Site, locale: Locale, status: StatusCode, text: &str) -> HttpResponse {
    let page = ResultPage {
        layout: Layout::link_page(site, locale, locale.text("newsletter-name")),
        text,
        event_title: None,
    };
    html(status, page.render().unwrap_or_default())
}

fn problem_status(problem: TokenProblem) -> ApiError {
    crate::registrations::token_error(problem)
}

async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: String,
    purpose: TokenPurpose,
) -> Result<HttpResponse, ApiError> {
    let presented = token.clone();
    let found = state
        .db(move |conn| {
            let token = ActionToken::check(conn, &token, purpose)?.map_err(problem_status)?;
            let id = token.subscriber_id.unwrap_or_default();
            Subscriber::find(conn, &id)?.ok_or_else(|| problem_status(TokenProblem::Unknown))
        })
        .await;
    let subscriber = match found {
        Ok(subscriber) => subscriber,
        Err(error) => {
            let locale = links::locale_for(&state, &req, &presented).await;
            return Ok(links::problem_page(&state.site, locale, purpose, &error));
        }
    };
    let locale = subscriber.locale();
    let (text, button, one_click) = match purpose {
        TokenPurpose::Unsubscribe => (
            "newsletter-page-unsubscribe-text",
            "newsletter-unsubscribe",
            true,
        ),
        _ => (
            "newsletter-page-confirm-text",
            "newsletter-confirm-button",
            false,
        ),
    };
    let page = ActionPage {
        layout: Layout::link_page(&state.site, locale, locale.text("newsletter-name")),
        text: &locale.text(text),
        event_title: &subscriber.email,
        button: &locale.text(button),
        csrf: csrf.as_str(),
        one_click,
    };
    Ok(html(
        StatusCode::OK,
        page.render().map_err(ApiError::internal)?,
    ))
}

async fn perform(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: String,
    purpose: TokenPurpose,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let presented = token.clone();
    let done = state
        .db(move |conn| match purpose {
            TokenPurpose::Unsubscribe => {
                let origin = Origin {
                    source: "unsubscribe_link",
                    ip_address: ip.as_deref(),
                };
                newsletter::unsubscribe(conn, &token, origin)
            }
            _ => {
                let origin = Origin {
                    source: "confirmation_link",
                    ip_address: ip.as_deref(),
                };
                newsletter::confirm(conn, &token, origin)
            }
        })
        .await;
    match done {
        Ok(subscriber) => {
            let locale = subscriber.locale();
            let text = locale.text(match purpose {
                TokenPurpose::Unsubscribe => "newsletter-page-unsubscribed",
                _ => "newsletter-page-confirmed",
            });
            Ok(result_page(&state.site, locale, StatusCode::OK, &text))
        }
        Err(error) => {
            let locale = links::locale_for(&state, &req, &presented).await;
            Ok(links::problem_page(&state.site, locale, purpose, &error))
        }
    }
}

async fn show_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    show(
        state,
        req,
        csrf,
        token.into_inner(),
        TokenPurpose::ConfirmSubscription,
    )
    .await
}

async fn do_confirm(
    _limit: PublicWrite,
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    perform(
        req,
        state,
        token.into_inner(),
        TokenPurpose::ConfirmSubscription,
    )
    .await
}

async fn show_unsubscribe(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    show(
        state,
        req,
        csrf,
        token.into_inner(),
        TokenPurpose::Unsubscribe,
    )
    .await
}

/// The page's button and mail clients' one-click POST (`List-Unsubscribe=One-Click`) both
/// land here; either unsubscribes at once. Not rate-limited (see [`crate::rate_limit`]), and
/// the one-click POST needs no form token (see [`crate::routes::csrf`]).
async fn do_unsubscribe(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    perform(req, state, token.into_inner(), TokenPurpose::Unsubscribe).await
}
