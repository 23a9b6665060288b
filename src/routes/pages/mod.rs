//! The public pages: the events and the privacy notice, for anyone with a browser, in the
//! language they choose — `?lang=`, else the one they chose before (a cookie the switcher's
//! links set), else their browser's.

mod event;
mod event_view;
mod events;
mod feed;
mod newsletter;
mod privacy;
mod register;

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, VARY};
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::i18n::Locale;
pub use crate::routes::language::{Chosen, LANGUAGE_COOKIE, chosen_language};
use crate::routes::layout::Layout;
use crate::routes::{csrf, embed};
use crate::state::AppState;
pub use event_view::format_label;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(events::home))
        .route("/events", web::get().to(events::list))
        .route("/events.atom", web::get().to(feed::show))
        .route("/events/{slug}", web::get().to(event::show))
        .route("/privacy", web::get().to(privacy::show))
        .service(
            web::resource("/events/{slug}/register")
                .wrap(from_fn(csrf::protect))
                .route(web::get().to(register::show))
                .route(web::post().to(register::submit)),
        )
        .route(
            "/events/{slug}/register/sent",
            web::get().to(register::check_inbox),
        )
        .service(
            web::resource("/newsletter")
                .wrap(from_fn(csrf::protect))
                .route(web::get().to(newsletter::show))
                .route(web::post().to(newsletter::submit)),
        )
        .route("/newsletter/sent", web::get().to(newsletter::check_inbox));
}

/// Whether `path` is a page with a form (whose refusals are pages too).
pub fn is_form_page(path: &str) -> bool {
    path == "/newsletter"
        || path
            .strip_prefix("/events/")
            .is_some_and(|rest| rest.ends_with("/register") && rest.matches('/').count() == 1)
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

/// A page with a form: as [`page`], but kept by no cache, since it carries the reader's form
/// token (see [`csrf`]).
pub fn form_page(
    state: &AppState,
    chosen: &Chosen,
    status: StatusCode,
    template: &impl Template,
) -> HttpResponse {
    let mut response = page(state, chosen, status, template);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// The frame of the public page `req` asked for, in `t`: bare where it is framed by another
/// site (see [`embed`]).
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
    .embedded_if(embed::requested(req))
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
