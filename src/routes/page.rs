//! The HTML pages behind links in mails: one that shows a button, one that tells the result.
//! Opening a link only shows a page; the action happens when its button POSTs, so mail
//! scanners that follow links change nothing.

use actix_web::body::MessageBody;
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, REFERRER_POLICY,
    X_FRAME_OPTIONS,
};
use actix_web::middleware::{Next, from_fn};
use actix_web::{FromRequest, Handler, HttpResponse, Responder, web};
use askama::Template;

use crate::routes::layout::Layout;
use crate::routes::{csrf, embed};
use crate::state::AppState;

/// The resource behind a link: GET shows the page, POST acts (with the form token of
/// [`csrf`]), and other methods are answered with 405 and `Allow: GET, POST`.
pub fn link_page<S, SArgs, A, AArgs>(path: &str, show: S, act: A) -> impl HttpServiceFactory
where
    S: Handler<SArgs>,
    SArgs: FromRequest + 'static,
    S::Output: Responder + 'static,
    A: Handler<AArgs>,
    AArgs: FromRequest + 'static,
    A::Output: Responder + 'static,
{
    web::resource(path)
        .wrap(from_fn(csrf::protect))
        .route(web::get().to(show))
        .route(web::post().to(act))
}

/// [`link_page`] for the unsubscribe link, whose POST is also the RFC 8058 one-click
/// unsubscribe that mail clients send without the form token.
pub fn one_click_page<S, SArgs, A, AArgs>(path: &str, show: S, act: A) -> impl HttpServiceFactory
where
    S: Handler<SArgs>,
    SArgs: FromRequest + 'static,
    S::Output: Responder + 'static,
    A: Handler<AArgs>,
    AArgs: FromRequest + 'static,
    A::Output: Responder + 'static,
{
    web::resource(path)
        .wrap(from_fn(csrf::protect_except_one_click))
        .route(web::get().to(show))
        .route(web::post().to(act))
}

#[derive(Template)]
#[template(path = "pages/action.html")]
pub struct ActionPage<'a> {
    pub layout: Layout<'a>,
    pub text: &'a str,
    pub event_title: &'a str,
    pub button: &'a str,
    /// The form token (see [`csrf`]).
    pub csrf: &'a str,
    /// Posts `List-Unsubscribe=One-Click`, as mail clients do (RFC 8058).
    pub one_click: bool,
}

#[derive(Template)]
#[template(path = "pages/result.html")]
pub struct ResultPage<'a> {
    pub layout: Layout<'a>,
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
        .body(body)
}

/// The content security policy of every page: scripts, styles, fonts and images only from
/// dialogo itself (and images from the logo's origin), scripts asking only dialogo itself (the
/// console's issue page follows its delivery), no inline script or style, forms
/// posting only back to dialogo, and framing only by `frame_ancestors` — `'none'` but for
/// the pages embedded in the sites of `DIALOGO_FRAME_ANCESTORS` (see [`embed`]): a framed
/// page's button could be clicked by someone who cannot see it.
pub fn content_security_policy(image_sources: &str, frame_ancestors: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; \
         font-src 'self'; img-src {image_sources}; form-action 'self'; \
         frame-ancestors {frame_ancestors}; base-uri 'none'"
    )
}

/// Gives every HTML answer the pages' security headers (unless its handler set its own):
/// the policy, and `X-Frame-Options: DENY` for the browsers that know no `frame-ancestors`,
/// except on a page framed as [`embed`] allows. Wraps the whole application, so error pages
/// get them too.
pub async fn page_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let framed_by = embed::allowed_ancestors(req.request());
    let image_sources = req
        .app_data::<web::Data<AppState>>()
        .map_or_else(|| "'self'".to_owned(), |state| state.site.image_sources());
    let policy = content_security_policy(&image_sources, framed_by.as_deref().unwrap_or("'none'"));
    let mut res = next.call(req).await?;
    let is_html = res
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !is_html {
        return Ok(res);
    }
    let headers = res.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY)
        && let Ok(value) = HeaderValue::from_str(&policy)
    {
        headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    if framed_by.is_none() && !headers.contains_key(X_FRAME_OPTIONS) {
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    Ok(res)
}
