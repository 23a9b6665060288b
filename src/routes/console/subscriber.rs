//! `/console/newsletter/subscribers/{id}` (read): one subscriber with topics, status and the
//! consent record, read as `GET /api/v1/admin/newsletter/subscribers/{id}` reads it; for roles
//! that manage the newsletter, its deletion behind a confirmation page, done as
//! `DELETE /api/v1/admin/newsletter/subscribers/{id}` does it (the same function, recorded in
//! the audit log).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::moment::{Moment, moment};
use super::nav::Section;
use super::pages::{Account, account, layout, render, see_other};
use super::signed::Signed;
use super::subscribers::{PATH, status_label};
use crate::accounts::{Can, Permission, can};
use crate::db::models::ConsentAction;
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::newsletter::subscribers::{Detail, delete_audited, detail};
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::state::AppState;

/// One entry of the consent record.
struct ConsentRow {
    action: String,
    at: Moment,
    source: String,
    privacy_notice_version: Option<String>,
}

#[derive(Template)]
#[template(path = "console/subscriber.html")]
struct SubscriberPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    id: String,
    email: String,
    name: Option<String>,
    language: String,
    topics: Vec<String>,
    status: String,
    subscribed: Moment,
    confirmed: Option<Moment>,
    unsubscribed: Option<Moment>,
    consents: Vec<ConsentRow>,
    may_delete: bool,
}

#[derive(Template)]
#[template(path = "console/subscriber_delete.html")]
struct DeletePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    csrf: &'a str,
    intro: String,
    back: String,
}

async fn load(state: &AppState, path: &str) -> Result<Detail, ApiError> {
    let id = parse_id(path)?;
    state.db(move |conn| detail(conn, &id)).await
}

/// The subscriber.
pub async fn show(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let Detail {
        subscriber: s,
        topics,
        consents,
    } = load(&state, &path).await?;
    let page = SubscriberPage {
        layout: layout(&state, t, s.email.clone()),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Newsletter),
        language: t.language_name(&s.language),
        status: status_label(t, s.status),
        subscribed: moment(t, s.created_at),
        confirmed: s.confirmed_at.map(|at| moment(t, at)),
        unsubscribed: s.unsubscribed_at.map(|at| moment(t, at)),
        consents: consents
            .into_iter()
            .map(|c| ConsentRow {
                action: ConsentAction::parse(&c.action)
                    .map_or(c.action, |action| t.text(consent_text(action))),
                at: moment(t, c.recorded_at),
                source: c.source,
                privacy_notice_version: c.privacy_notice_version,
            })
            .collect(),
        topics,
        may_delete: can.role.may(Permission::ManageNewsletter),
        id: s.id,
        email: s.email,
        name: s.name,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The confirmation of a deletion, naming the address.
pub async fn confirm_delete(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let found = load(&state, &path).await?;
    let s = found.subscriber;
    let page = DeletePage {
        layout: layout(&state, t, t.text("console-subscriber-delete-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Newsletter),
        csrf: csrf.as_str(),
        intro: t.text_with(
            "console-subscriber-delete-intro",
            &[("email", s.email.into())],
        ),
        back: format!("{PATH}/{}", s.id),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Deletes the subscriber and goes back to the list, which confirms it.
pub async fn delete(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    delete_audited(&state, &can, id).await?;
    Ok(see_other(&format!("{PATH}?deleted")))
}

/// The message that names a consent record's action.
fn consent_text(action: ConsentAction) -> &'static str {
    match action {
        ConsentAction::Subscribe => "console-consent-subscribe",
        ConsentAction::Confirm => "console-consent-confirm",
        ConsentAction::Import => "console-consent-import",
        ConsentAction::Unsubscribe => "console-consent-unsubscribe",
    }
}
