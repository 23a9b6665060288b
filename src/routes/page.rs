//! The HTML pages behind links in mails: one that shows a button, one that tells the result.
//! Opening a link only shows a page; the action happens when its button POSTs, so mail
//! scanners that follow links change nothing.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, REFERRER_POLICY};
use actix_web::{FromRequest, Handler, HttpResponse, Resource, Responder, web};
use askama::Template;

/// The resource behind a link: GET shows the page, POST acts, and other methods are answered
/// with 405 and `Allow: GET, POST`.
pub fn link_page<S, SArgs, A, AArgs>(path: &str, show: S, act: A) -> Resource
where
    S: Handler<SArgs>,
    SArgs: FromRequest + 'static,
    S::Output: Responder + 'static,
    A: Handler<AArgs>,
    AArgs: FromRequest + 'static,
    A::Output: Responder + 'static,
{
    web::resource(path)
        .route(web::get().to(show))
        .route(web::post().to(act))
}

#[derive(Template)]
#[template(path = "pages/action.html")]
pub struct ActionPage<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub event_title: &'a str,
    pub button: &'a str,
    /// Posts `List-Unsubscribe=One-Click`, as mail clients do (RFC 8058).
    pub one_click: bool,
}

#[derive(Template)]
#[template(path = "pages/result.html")]
pub struct ResultPage<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub text: &'a str,
    pub event_title: Option<&'a str>,
}

/// An HTML answer that keeps the token in its URL out of caches, referrers and indexes.
pub fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        // The token is in the URL: keep it out of caches and Referer headers.
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((REFERRER_POLICY, "no-referrer"))
        .insert_header(("X-Robots-Tag", "noindex"))
        // Framed by another site, its button could be clicked by someone who cannot see it.
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ))
        .insert_header(("X-Frame-Options", "DENY"))
        .body(body)
}
