//! The public pages: the events and the privacy notice, for anyone with a browser, in the
//! language they choose — `?lang=`, else the one they chose before (a cookie the switcher's
//! links set), else their browser's.

mod event;
mod event_view;
mod events;
mod feed;
mod privacy;

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::i18n::Locale;
use crate::routes::layout::Layout;
use crate::routes::links::negotiated;
use crate::state::AppState;

/// The cookie that keeps the language chosen with the switcher.
pub const LANGUAGE_COOKIE: &str = "dialogo_lang";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(events::home))
        .route("/events", web::get().to(events::list))
        .route("/events.atom", web::get().to(feed::show))
        .route("/events/{slug}", web::get().to(event::show))
        .route("/privacy", web::get().to(privacy::show));
}

/// The language a page is shown in, and whether `?lang=` chose it (then it is remembered).
pub struct Chosen {
    pub locale: Locale,
    pub from_query: bool,
}

/// `?lang=` if it names a language dialogo speaks, else the cookie's, else the browser's.
pub fn chosen_language(req: &HttpRequest) -> Chosen {
    let asked =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("lang").and_then(|l| Locale::parse(l).ok()));
    if let Some(locale) = asked {
        return Chosen {
            locale,
            from_query: true,
        };
    }
    let remembered = req
        .cookie(LANGUAGE_COOKIE)
        .and_then(|c| Locale::parse(c.value()).ok());
    Chosen {
        locale: remembered.unwrap_or_else(|| negotiated(req)),
        from_query: false,
    }
}

/// A public page's answer: HTML that varies with the language asked for, revalidated on
/// every visit (events change), with the language remembered where `?lang=` chose it.
pub fn page(
    state: &AppState,
    chosen: &Chosen,
    status: StatusCode,
    page: &impl Template,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "no-cache"))
        .insert_header((VARY, "Accept-Language, Cookie"));
    if chosen.from_query {
        let secure = state.settings.public_url.scheme() == "https";
        let cookie = actix_web::cookie::Cookie::build(LANGUAGE_COOKIE, chosen.locale.code())
            .path("/")
            .max_age(actix_web::cookie::time::Duration::days(365))
            .same_site(actix_web::cookie::SameSite::Lax)
            .http_only(true)
            .secure(secure)
            .finish();
        response.cookie(cookie);
    }
    match page.render() {
        Ok(body) => response.body(body),
        Err(error) => {
            tracing::error!(error = %error, "a page could not be rendered");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// The frame of the public page `req` asked for, in `t`.
pub fn layout<'a>(
    state: &'a AppState,
    req: &HttpRequest,
    t: Locale,
    title: impl Into<String>,
) -> Layout<'a> {
    let query: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    Layout::public(
        &state.site,
        t,
        title,
        &state.settings.public_url,
        req.path(),
        &query,
    )
}

#[derive(Template)]
#[template(path = "pages/not_found.html")]
struct NotFoundPage<'a> {
    layout: Layout<'a>,
    t: Locale,
}

/// The page for an event or page that is not there, as a page rather than JSON.
pub fn not_found(state: &AppState, req: &HttpRequest) -> HttpResponse {
    let chosen = chosen_language(req);
    let t = chosen.locale;
    let mut layout = layout(state, req, t, t.text("page-not-found-title"));
    layout.indexed = false;
    layout.alternates.clear();
    page(
        state,
        &chosen,
        StatusCode::NOT_FOUND,
        &NotFoundPage { layout, t },
    )
}
