//! What the console's pages share: their frame (the public pages' layout, with the account's
//! name and a sign-out button once signed in), their answer's headers, and the pages that
//! only say something.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpMessage as _, HttpRequest, HttpResponse, web};
use askama::Template;

use super::nav::{NavLink, Section, links};
use super::signed::Signed;
use crate::i18n::Locale;
use crate::routes::form::Field;
use crate::routes::layout::Layout;
use crate::routes::page::html;
use crate::state::AppState;

/// The signed-in account as the frame shows it, with the form token of its sign-out button
/// and the sections its role may open.
pub struct Account {
    pub name: String,
    pub email: String,
    pub csrf: String,
    pub nav: Vec<NavLink>,
}

impl Account {
    /// The frame with `section` marked as the current one.
    pub fn at(mut self, section: Section) -> Self {
        for link in &mut self.nav {
            link.current = link.href == section.href();
        }
        self
    }
}

/// The frame of a console page titled `title`, in `t`.
pub fn layout<'a>(state: &'a AppState, t: Locale, title: impl Into<String>) -> Layout<'a> {
    Layout::link_page(&state.site, t, title)
}

/// The account of `signed` for the frame.
pub fn account(signed: &Signed, csrf: &str) -> Account {
    let nav = signed
        .user
        .role()
        .map(|role| links(signed.locale(), role, None))
        .unwrap_or_default();
    Account {
        name: signed.user.name.clone(),
        email: signed.user.email.clone(),
        csrf: csrf.to_owned(),
        nav,
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

/// The page before an action that cannot be taken back or that mails people: what will
/// happen, one sentence each, and the button that does it.
#[derive(Template)]
#[template(path = "console/confirm.html")]
pub struct ConfirmPage<'a> {
    pub layout: Layout<'a>,
    pub t: Locale,
    pub account: Account,
    pub csrf: &'a str,
    pub consequences: Vec<String>,
    pub button: String,
    /// Whether the action destroys or takes back something (a quieter button then).
    pub danger: bool,
    /// The link back, and its words.
    pub back: String,
    pub back_text: String,
}

#[derive(Template)]
#[template(path = "console/message.html")]
pub struct MessagePage<'a> {
    pub layout: Layout<'a>,
    pub text: &'a str,
    /// A link onwards: (href, text).
    pub onward: Option<(&'a str, String)>,
}

/// The page for a console request whose handler answered `status` with the API's error
/// envelope: a role lacking the permission (403), nothing at the address (404), a state that
/// does not allow it (409), a request not understood (other 4xx).
pub fn status_page(req: &HttpRequest, status: StatusCode) -> HttpResponse {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return HttpResponse::build(status).finish();
    };
    let t = req
        .extensions()
        .get::<Signed>()
        .map_or_else(|| crate::routes::language::negotiated(req), Signed::locale);
    let (title, text) = match status {
        StatusCode::FORBIDDEN => ("console-forbidden-title", "console-forbidden-text"),
        StatusCode::NOT_FOUND => ("console-not-found-title", "console-not-found-text"),
        StatusCode::CONFLICT => ("console-conflict-title", "console-conflict-text"),
        _ => ("console-bad-request-title", "console-bad-request-text"),
    };
    let page = MessagePage {
        layout: layout(state, t, t.text(title)),
        text: &t.text(text),
        onward: Some(("/console", t.text("console-home-link"))),
    };
    render(status, &page)
}
