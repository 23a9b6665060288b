//! Protection of every form the pages POST against cross-site request forgery, by double
//! submission: a random value (256 bits) in a cookie that only dialogo's own pages can read
//! back, and the same value in a hidden field of each form. A POST whose field does not equal
//! its cookie (compared in constant time) was not sent from a page of this site, or the page
//! is older than the cookie: it is answered with a page saying so (403) before its handler —
//! and so anything that writes — runs.
//!
//! The cookie is `HttpOnly`, `SameSite=Lax` and `Path=/`; where the site is served over https
//! it is `Secure` and named with the `__Host-` prefix, which no subdomain can set, so that a
//! neighbour cannot plant a value of its own. The middleware reads the form once and hands it
//! to the handler as [`FormData`].
//!
//! A form framed by another site (`?embed=1`, see [`crate::routes::embed`]) cannot use that
//! cookie: a browser sends no `SameSite=Lax` cookie with the requests of a cross-site frame.
//! Its token travels in a second cookie, `…dialogo_csrf_embed`, that is `SameSite=None`
//! (sent from the frame), `Secure` (which `None` requires) and `Partitioned` (CHIPS: kept
//! apart for each site that frames it, so that browsers that block third-party cookies still
//! keep it, and no other site's frame shares it). Double submission holds without `SameSite`:
//! another site can make a browser send the cookie but cannot read its value, which the form
//! must carry too. Framed forms take only that cookie and every other form only the first, so
//! the forms of the site itself stay exactly as they were, `SameSite=Lax` included.
//!
//! The RFC 8058 one-click unsubscribe is exempt: mail clients POST `List-Unsubscribe=One-Click`
//! to the link from the mail without any cookie, and the link's token is the proof there.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::ErrorInternalServerError;
use actix_web::http::Method;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, SET_COOKIE};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use futures_util::future::{Ready, ready};

use crate::error::ApiError;
use crate::extract::read_up_to;
use crate::i18n::Locale;
use crate::routes::embed;
use crate::routes::language::chosen_language;
use crate::routes::layout::Layout;
use crate::state::AppState;

/// The hidden field every form carries.
pub const FIELD: &str = "csrf_token";
/// The cookie's name over plain http (development).
pub const COOKIE: &str = "dialogo_csrf";
/// The cookie's name over https.
pub const SECURE_COOKIE: &str = "__Host-dialogo_csrf";
/// The cookie of framed forms, over plain http (development on a loopback host).
pub const EMBED_COOKIE: &str = "dialogo_csrf_embed";
/// The cookie of framed forms over https.
pub const SECURE_EMBED_COOKIE: &str = "__Host-dialogo_csrf_embed";
/// The largest form a page takes; theirs are a few hundred bytes.
const MAX_FORM: usize = 64 * 1024;
/// The forms that carry a pasted file, by path, and the largest body each takes: the
/// console's subscriber import takes a CSV of up to 8 MiB, which percent-encoding can make
/// three times as long.
const LARGE_FORMS: &[(&str, usize)] = &[(
    "/console/newsletter/subscribers/import",
    3 * PASTED_CSV_LIMIT + MAX_FORM,
)];
/// The largest CSV the console's subscriber import takes pasted into its form.
pub const PASTED_CSV_LIMIT: usize = 8 * 1024 * 1024;

/// The largest form the page at `path` takes.
fn form_limit(path: &str) -> usize {
    LARGE_FORMS
        .iter()
        .find(|(p, _)| *p == path)
        .map_or(MAX_FORM, |(_, limit)| *limit)
}

/// This request's form token, for the forms of the page it shows.
#[derive(Debug, Clone)]
pub struct CsrfToken(String);

impl CsrfToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromRequest for CsrfToken {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    /// Put there by [`protect`]; a route it does not wrap has none, which is a mistake of ours.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<Self>().cloned().ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!("a form page without CSRF protection"))
        }))
    }
}

/// A form as the browser posted it: every `name=value` pair, in order (a group of checkboxes
/// sends one name several times).
#[derive(Debug, Clone, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// The pairs of an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl FromRequest for FormData {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    /// The form [`protect`] read; none on a route it does not wrap.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(req
            .extensions()
            .get::<Self>()
            .cloned()
            .unwrap_or_default()))
    }
}

/// Wraps a resource whose forms POST: checks every POST, and gives every request the token
/// its page's forms carry (setting the cookie where the browser has none yet).
pub async fn protect(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    guard(req, next, false).await
}

/// [`protect`], except for the RFC 8058 one-click POST (`List-Unsubscribe=One-Click`), which
/// mail clients send without a cookie.
pub async fn protect_except_one_click(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    guard(req, next, true).await
}

async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    one_click: bool,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let secure = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.settings.public_url.scheme() == "https");
    let embedded = embed::requested(req.request());
    let name = match (secure, embedded) {
        (true, false) => SECURE_COOKIE,
        (false, false) => COOKIE,
        (true, true) => SECURE_EMBED_COOKIE,
        (false, true) => EMBED_COOKIE,
    };
    let held = req
        .cookie(name)
        .map(|c| c.value().to_owned())
        .filter(|value| well_formed(value));
    // Other methods than these two are answered by the resource (405), unread.
    let reading = [Method::GET, Method::HEAD].contains(req.method());
    if req.method() == Method::POST {
        let limit = form_limit(req.path());
        let body = match read_up_to(&mut req.take_payload(), None, limit).await {
            Ok(body) => body,
            Err(error) => {
                let response = error.error_response();
                return Ok(req.into_response(response).map_into_right_body());
            }
        };
        req.set_payload(Payload::from(body.clone()));
        let form = FormData::parse(&body);
        let exempt = one_click && form.get("List-Unsubscribe") == Some("One-Click");
        let genuine = match (&held, form.get(FIELD)) {
            (Some(cookie), Some(sent)) => constant_time_eq(cookie.as_bytes(), sent.as_bytes()),
            _ => false,
        };
        if !exempt && !genuine {
            let page = refused(req.request());
            return Ok(req.into_response(page).map_into_right_body());
        }
        req.extensions_mut().insert(form);
    }
    // A POST has its cookie already (or is a one-click unsubscribe, which keeps none).
    let fresh = held.is_none() && reading;
    let token = held.unwrap_or_else(|| crate::secret::generate(""));
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.call(req).await?;
    if fresh && embedded {
        let cookie = framed_cookie(name, token);
        let value = HeaderValue::from_str(&cookie).map_err(ErrorInternalServerError)?;
        res.headers_mut().append(SET_COOKIE, value);
    } else if fresh {
        let cookie = Cookie::build(name, token)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(secure)
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res.map_into_left_body())
}

/// The `Set-Cookie` value of a framed form's token: sent from another site's frame, and kept
/// apart for each site (actix-web's cookie crate knows no `Partitioned`, the newer one does).
fn framed_cookie(name: &str, token: String) -> String {
    cookie::Cookie::build((name, token))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::None)
        .secure(true)
        .partitioned(true)
        .build()
        .to_string()
}

/// A value [`crate::secret::generate`] could have made: 43 characters of URL-safe base64.
fn well_formed(value: &str) -> bool {
    value.len() == 43
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `a` equals `b`, in a time that depends on their lengths only, so that the time
/// of a refusal does not tell how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Template)]
#[template(path = "pages/form_expired.html")]
struct ExpiredPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    /// The page the form was on, to load afresh.
    reload: String,
}

/// The 403 page for a form that was not sent from a page of this site or has expired, in
/// the reader's language.
fn refused(req: &HttpRequest) -> HttpResponse {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return HttpResponse::Forbidden().finish();
    };
    let t = chosen_language(req).locale;
    let page = ExpiredPage {
        layout: Layout::link_page(&state.site, t, t.text("form-expired-title"))
            .embedded_if(embed::requested(req)),
        t,
        reload: match req.query_string() {
            "" => req.path().to_owned(),
            query => format!("{}?{query}", req.path()),
        },
    };
    match page.render() {
        Ok(body) => HttpResponse::Forbidden()
            .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((CACHE_CONTROL, "no-store"))
            .body(body),
        Err(error) => ApiError::internal(error).error_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_compare_equal_and_any_difference_does_not() {
        let token = crate::secret::generate("");
        assert!(well_formed(&token));
        assert!(constant_time_eq(token.as_bytes(), token.as_bytes()));
        let mut other = token.clone().into_bytes();
        other[42] = if other[42] == b'A' { b'B' } else { b'A' };
        assert!(!constant_time_eq(token.as_bytes(), &other));
        assert!(!constant_time_eq(token.as_bytes(), &token.as_bytes()[..42]));
        assert!(!well_formed("short"));
        assert!(!well_formed(&format!("{}=", &token[..42])));
    }

    #[test]
    fn forms_keep_every_value_of_a_repeated_name() {
        let form = FormData::parse(b"topics=a&name=Ana+M%C3%BCller&topics=b");
        assert_eq!(form.get("name"), Some("Ana Müller"));
        assert_eq!(form.all("topics"), ["a", "b"]);
        assert_eq!(form.get("missing"), None);
    }
}
