//! The pages behind the links in registration mails. Opening a link only shows a page; the
//! action happens when its button POSTs, so mail scanners that follow links change nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template as _;

use super::public::{RegistrantAction, act};
use crate::db::models::{
    ActionToken, Event, Registration, RegistrationStatus, TokenProblem, TokenPurpose,
};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::rate_limit::PublicWrite;
use crate::registrations::token_error;
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::routes::links;
use crate::routes::page::{ActionPage, ResultPage, html, link_page};
use crate::site::Site;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(link_page(
        "/registrations/confirm/{token}",
        show_confirm,
        do_confirm,
    ))
    .service(link_page(
        "/registrations/withdraw/{token}",
        show_withdraw,
        do_withdraw,
    ));
}

fn result_page(
    site: &Site,
    locale: Locale,
    status: StatusCode,
    text: &str,
    event_title: Option<&str>,
) -> HttpResponse {
    let page = ResultPage {
        layout: Layout::link_page(site, locale, locale.text("label-details")),
        text,
        event_title,
    };
    html(status, page.render().unwrap_or_default())
}

/// The registration and event a token belongs to, if it works.
async fn lookup(
    state: &web::Data<AppState>,
    token: String,
    purpose: TokenPurpose,
) -> Result<Result<(Locale, String), TokenProblem>, ApiError> {
    state
        .db(move |conn| {
            let token = match ActionToken::check(conn, &token, purpose)? {
                Ok(token) => token,
                Err(problem) => return Ok(Err(problem)),
            };
            let Some(registration) = token
                .registration_id
                .as_deref()
                .map(|id| Registration::find(conn, id))
                .transpose()?
                .flatten()
            else {
                return Ok(Err(TokenProblem::Unknown));
            };
            let event = Event::find(conn, &registration.event_id)?;
            Ok(Ok((registration.locale(), event.title)))
        })
        .await
}

async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    csrf: CsrfToken,
    token: String,
    action: RegistrantAction,
) -> Result<HttpResponse, ApiError> {
    let purpose = action.purpose();
    let (locale, event_title) = match lookup(&state, token.clone(), purpose).await? {
        Ok(found) => found,
        Err(problem) => {
            let locale = links::locale_for(&state, &req, &token).await;
            return Ok(links::problem_page(
                &state.site,
                locale,
                purpose,
                &token_error(problem),
            ));
        }
    };
    let (text, button) = match action {
        RegistrantAction::Confirm => ("page-confirm-text", "confirm-button"),
        RegistrantAction::Withdraw => ("page-withdraw-text", "withdraw-button"),
    };
    let button = &locale.text(button);
    let page = ActionPage {
        layout: Layout::link_page(&state.site, locale, button.as_str()),
        text: &locale.text(text),
        event_title: &event_title,
        button,
        csrf: csrf.as_str(),
        one_click: false,
    };
    Ok(html(
        StatusCode::OK,
        page.render().map_err(ApiError::internal)?,
    ))
}

/// What a page says after a registration reached `status`, in `locale`; shared with the
/// invitation pages.
pub fn outcome_text(locale: Locale, status: RegistrationStatus, position: Option<i64>) -> String {
    match status {
        RegistrationStatus::Confirmed => locale.text("page-confirmed"),
        RegistrationStatus::Waitlisted => locale.text_with(
            "page-waitlisted",
            &[("position", position.unwrap_or(1).into())],
        ),
        RegistrationStatus::AwaitingApproval => locale.text("awaiting-intro"),
        _ => locale.text("page-withdrawn"),
    }
}

async fn perform(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: String,
    action: RegistrantAction,
) -> Result<HttpResponse, ApiError> {
    match act(&state, token.clone(), action).await {
        Ok(outcome) => {
            let locale = Locale::parse(&outcome.language).unwrap_or_else(|_| Locale::fallback());
            let text = outcome_text(locale, outcome.status, outcome.waitlist_position);
            Ok(result_page(
                &state.site,
                locale,
                StatusCode::OK,
                &text,
                Some(&outcome.event_title),
            ))
        }
        Err(error) => {
            let locale = links::locale_for(&state, &req, &token).await;
            Ok(links::problem_page(
                &state.site,
                locale,
                action.purpose(),
                &error,
            ))
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
        RegistrantAction::Confirm,
    )
    .await
}

async fn do_confirm(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    perform(state, req, token.into_inner(), RegistrantAction::Confirm).await
}

async fn show_withdraw(
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
        RegistrantAction::Withdraw,
    )
    .await
}

async fn do_withdraw(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    perform(state, req, token.into_inner(), RegistrantAction::Withdraw).await
}
