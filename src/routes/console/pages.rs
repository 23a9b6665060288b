//! What the console's pages share: their frame (the public pages' layout, with the account's
//! name and a sign-out button once signed in), their answer's headers, and the pages that
//! only say something.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, web};
use askama::Template;

use super::signed::Signed;
use crate::i18n::Locale;
use crate::routes::form::Field;
use crate::routes::layout::Layout;
use crate::routes::page::html;
use crate::state::AppState;

/// The signed-in account as the frame shows it, with the form token of its sign-out button.
pub struct Account {
    pub name: String,
    pub email: String,
    pub csrf: String,
}

/// The frame of a console page titled `title`, in `t`.
pub fn layout<'a>(state: &'a AppState, t: Locale, title: impl Into<String>) -> Layout<'a> {
    Layout::link_page(&state.site, t, title)
}

/// The account of `signed` for the frame.
pub fn account(signed: &Signed, csrf: &str) -> Account {
    Account {
        name: signed.user.name.clone(),
        email: signed.user.email.clone(),
        csrf: csrf.to_owned(),
    }
}

/// A console page's answer: personal, so kept by no cache, sent with no referrer, indexed by
/// nobody.
pub fn render(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(body) => html(status, body),
        Err(error) => {
            tracing::error!(error = %error, "a console page could not be rendered");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// The field for a one-time code from an authenticator app, refused with `error` if given.
pub fn code_field(t: Locale, error: Option<String>) -> Field {
    Field {
        autocomplete: Some("one-time-code"),
        max: 10,
        hint: Some(t.text("console-code-hint")),
        error,
        ..Field::new("code", "text", t.text("console-label-code"))
    }
}

/// A 303 to `to` (after a form was taken, so that reloading sends nothing twice).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, to.to_owned()))
        .finish()
}

#[derive(Template)]
#[template(path = "console/message.html")]
pub struct MessagePage<'a> {
    pub layout: Layout<'a>,
    pub text: &'a str,
    /// A link onwards: (href, text).
    pub onward: Option<(&'a str, String)>,
}

/// The page for a console request whose role lacks the permission it needs (403).
pub fn forbidden(req: &HttpRequest) -> HttpResponse {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return HttpResponse::Forbidden().finish();
    };
    let t = req
        .extensions()
        .get::<Signed>()
        .map_or_else(|| crate::routes::language::negotiated(req), Signed::locale);
    let page = MessagePage {
        layout: layout(state, t, t.text("console-forbidden-title")),
        text: &t.text("console-forbidden-text"),
        onward: Some(("/console", t.text("console-home-link"))),
    };
    render(StatusCode::FORBIDDEN, &page)
}
