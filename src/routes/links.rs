//! The pages behind the links in mails, as a whole: where they live, how their paths are
//! logged (each is a prefix followed by a secret token, which must never reach a log), and
//! what they say when a link does not work: always a page in the person's language (the token
//! owner's where its row tells, else the browser's), never a JSON error.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template as _;

use crate::db::models::{ActionToken, TokenPurpose};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::embed;
pub use crate::routes::language::negotiated;
use crate::routes::layout::Layout;
use crate::routes::page::{ResultPage, html};
use crate::site::Site;
use crate::state::AppState;

/// Every prefix under which a link page takes a token as its last segment.
pub const LINK_PAGES: [&str; 7] = [
    "/registrations/confirm/",
    "/registrations/withdraw/",
    "/newsletter/confirm/",
    "/newsletter/unsubscribe/",
    "/invitations/register/",
    "/invitations/decline/",
    "/console/password/",
];

/// What stands in a log for a token.
const REDACTED: &str = "[redacted]";

/// `path` as it may be logged: whatever follows a link page's prefix (the token, and anything
/// a mail client appended to it) is replaced by `[redacted]`. Queries are never logged, so
/// neither a `token` nor an `email` in one reaches the log.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    LINK_PAGES
        .iter()
        .find(|prefix| path.len() > prefix.len() && path.starts_with(*prefix))
        .map_or(std::borrow::Cow::Borrowed(path), |prefix| {
            std::borrow::Cow::Owned(format!("{prefix}{REDACTED}"))
        })
}

/// The language to tell the holder of `token` what happened in.
pub async fn locale_for(state: &web::Data<AppState>, req: &HttpRequest, token: &str) -> Locale {
    let token = token.to_owned();
    let owner = state
        .db(move |conn| Ok(ActionToken::owner_language(conn, &token)?))
        .await;
    match owner {
        Ok(Some(language)) => Locale::parse(&language).unwrap_or_else(|_| negotiated(req)),
        _ => negotiated(req),
    }
}

/// Why a link did not do what it was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Unknown,
    Expired,
    Used,
    Closed,
    TooMany,
    TooSlow,
    BadRequest,
    Failed,
}

impl Problem {
    fn of_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => Self::Unknown,
            StatusCode::GONE => Self::Expired,
            StatusCode::CONFLICT => Self::Used,
            StatusCode::TOO_MANY_REQUESTS => Self::TooMany,
            StatusCode::REQUEST_TIMEOUT => Self::TooSlow,
            s if s.is_server_error() => Self::Failed,
            _ => Self::BadRequest,
        }
    }

    fn of_code(code: &str, status: StatusCode) -> Self {
        match code {
            "not_found" | "invalid_invitation" => Self::Unknown,
            "token_expired" => Self::Expired,
            "token_used" | "not_active" => Self::Used,
            "event_cancelled" | "registration_closed" | "registration_not_open" => Self::Closed,
            _ => Self::of_status(status),
        }
    }

    /// What happened, and what to do about it where a link of `purpose` does not work.
    fn text(self, t: Locale, purpose: Option<TokenPurpose>) -> String {
        let what = t.text(match self {
            Self::Unknown => "link-unknown",
            Self::Expired => "link-expired",
            Self::Used => "link-used",
            Self::Closed => "link-closed",
            Self::TooMany => "link-too-many",
            Self::TooSlow => "link-too-slow",
            Self::BadRequest => "link-bad-request",
            Self::Failed => "link-failed",
        });
        let hint = match (self, purpose) {
            (Self::Unknown | Self::Expired, Some(TokenPurpose::ConfirmRegistration)) => {
                Some("link-register-again")
            }
            (Self::Unknown | Self::Expired, Some(TokenPurpose::ConfirmSubscription)) => {
                Some("link-subscribe-again")
            }
            (Self::Unknown | Self::Expired, Some(TokenPurpose::Unsubscribe)) => {
                Some("link-unsubscribe-latest")
            }
            (Self::Unknown | Self::Expired | Self::Closed, Some(_)) => {
                Some("link-contact-organisers")
            }
            _ => None,
        };
        match hint {
            Some(hint) => format!("{what} {}", t.text(hint)),
            None => what,
        }
    }
}

fn page(
    site: &Site,
    locale: Locale,
    status: StatusCode,
    problem: Problem,
    purpose: Option<TokenPurpose>,
    embedded: bool,
) -> HttpResponse {
    let text = problem.text(locale, purpose);
    let page = ResultPage {
        layout: Layout::link_page(site, locale, locale.text("link-title")).embedded_if(embedded),
        text: &text,
        event_title: None,
    };
    html(status, page.render().unwrap_or_default())
}

/// The page for a link of `purpose` whose action failed with `error`, in `locale`, with the
/// error's status. A failure of ours is logged here, as the JSON answer would have.
pub fn problem_page(
    site: &Site,
    locale: Locale,
    purpose: TokenPurpose,
    error: &ApiError,
) -> HttpResponse {
    match error {
        ApiError::Client { status, code, .. } => page(
            site,
            locale,
            *status,
            Problem::of_code(code, *status),
            Some(purpose),
            false,
        ),
        ApiError::Internal(cause) => {
            tracing::error!(error = format!("{cause:#}"), "link page failed: {cause:?}");
            page(
                site,
                locale,
                StatusCode::INTERNAL_SERVER_ERROR,
                Problem::Failed,
                Some(purpose),
                false,
            )
        }
    }
}

/// Whether a path is one of the pages behind links in mails, with or without its token.
pub fn is_token_link(path: &str) -> bool {
    LINK_PAGES
        .iter()
        .any(|prefix| path.starts_with(prefix) || path == prefix.trim_end_matches('/'))
}

/// Whether a path is under one of the link pages (with or without its token), or is a page
/// with a form.
fn is_link_page(path: &str) -> bool {
    is_token_link(path)
        || crate::routes::pages::is_form_page(path)
        || path == "/console"
        || path.starts_with("/console/")
}

/// Turns every other error answer under a link page or a page with a form (a missing token,
/// a refused form, the rate limit, a body too slow) into a page in the browser's language,
/// with the same status;
/// a 405 for a method no link is clicked with stays the API's answer. Wraps the whole
/// application.
pub async fn errors_as_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let link_page = is_link_page(req.path());
    let res = next.call(req).await?;
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    // A method other than GET or POST is no click on a link: its 405 (with `Allow`) stays.
    let clicked = status != StatusCode::METHOD_NOT_ALLOWED;
    if !link_page || is_html || !clicked || !(status.is_client_error() || status.is_server_error())
    {
        return Ok(res.map_into_left_body());
    }
    let Some(state) = res.request().app_data::<web::Data<AppState>>().cloned() else {
        return Ok(res.map_into_left_body());
    };
    let locale = negotiated(res.request());
    let embedded = embed::requested(res.request());
    let (req, _) = res.into_parts();
    let page = page(
        &state.site,
        locale,
        status,
        Problem::of_status(status),
        None,
        embedded,
    );
    Ok(ServiceResponse::new(req, page).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_link_pages_are_redacted_and_other_paths_kept() {
        let token = "Zk3pQ9_x-2Lr8mWvT0aYbC4dEfGhIjKlMnOpQrStUvW";
        for prefix in LINK_PAGES {
            let path = format!("{prefix}{token}");
            assert_eq!(loggable_path(&path), format!("{prefix}[redacted]"));
            let appended = format!("{prefix}{token}/extra%20bits");
            let logged = loggable_path(&appended);
            assert!(!logged.contains(token), "{logged}");
        }
        assert_eq!(
            loggable_path("/registrations/confirm/"),
            "/registrations/confirm/"
        );
        assert_eq!(
            loggable_path("/api/v1/registrations/confirm"),
            "/api/v1/registrations/confirm"
        );
        assert_eq!(loggable_path("/api/v1/events/x"), "/api/v1/events/x");
    }
}
