//! `/console/outbox` (read): the mails of the outbox of one status (failed ones first, as
//! those need someone), newest first in pages, with what went wrong; for roles that may manage
//! the outbox a button that queues a failed mail again, as `POST /api/v1/admin/outbox/{id}/retry`
//! does (the same model function, the same permission).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::moment::{Moment, moment};
use super::nav::Section;
use super::pager::{PageLinks, page};
use super::pages::{Account, account, layout, render, see_other};
use super::signed::Signed;
use crate::accounts::{Can, Permission, can};
use crate::db::Cursor;
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::mail::{OutboxMail, OutboxStatus};
use crate::routes::csrf::CsrfToken;
use crate::routes::form::{Field, Fields, choices_of};
use crate::routes::layout::Layout;
use crate::routes::outbox::parse_status;
use crate::routes::paging::parse_cursor;
use crate::state::AppState;

/// Mails per page.
const PAGE: usize = 50;
/// Where the list is.
const PATH: &str = "/console/outbox";

/// What the list is asked for with.
#[derive(Debug, Deserialize)]
pub struct OutboxFilter {
    /// `pending`, `sent`, `failed` (the default) or `all`.
    status: Option<String>,
    cursor: Option<String>,
    /// Set after a retry, to confirm it.
    retried: Option<String>,
}

/// One mail as the table shows it.
struct Row {
    id: String,
    recipient: String,
    subject: String,
    kind: String,
    status: &'static str,
    /// For a failed mail that the role may retry: what its button retries, for screen readers.
    retry: Option<String>,
    attempts: i32,
    last_error: Option<String>,
    created: Moment,
    sent: Option<Moment>,
}

#[derive(Template)]
#[template(path = "console/outbox.html")]
struct OutboxPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    csrf: &'a str,
    /// The form choosing the status.
    filter: Fields,
    caption: String,
    rows: Vec<Row>,
    pager: PageLinks,
    /// Whether the role may queue failed mails again.
    may_retry: bool,
    retried: bool,
}

/// The mails of one status, newest first.
pub async fn list(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    query: web::Query<OutboxFilter>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let status = match query.status.as_deref() {
        None => Some(OutboxStatus::Failed),
        Some("all") => None,
        Some(value) => Some(parse_status(value)?),
    };
    let before = parse_cursor(query.cursor.as_deref())?;
    let after = before.clone();
    let mails = state
        .db(move |conn| {
            Ok(OutboxMail::list(
                conn,
                status,
                before.as_ref(),
                PAGE as i64 + 1,
            )?)
        })
        .await?;
    let chosen = status.map_or("all", |s| s.as_str());
    let cursor_of = |mail: &OutboxMail| Cursor::new(mail.created_at, &mail.id);
    let mails = page(
        mails,
        PAGE,
        PATH,
        &[("status", chosen)],
        after.as_ref(),
        cursor_of,
    );
    let may_retry = can.role.may(Permission::ManageOutbox);
    let status_name = t.text(status.map_or("console-outbox-status-all", status_text));
    let page = OutboxPage {
        layout: layout(&state, t, t.text("console-outbox-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Outbox),
        csrf: csrf.as_str(),
        filter: Fields(vec![status_field(t, chosen)]),
        caption: t.text_with("console-outbox-caption", &[("status", status_name.into())]),
        rows: mails
            .rows
            .into_iter()
            .map(|m| row(t, m, may_retry))
            .collect(),
        pager: mails.links,
        may_retry,
        retried: query.retried.is_some(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Queues a failed mail again and goes back to the list, which confirms it.
pub async fn retry(
    _can: Can<can::ManageOutbox>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    state
        .db(move |conn| OutboxMail::retry_failed(conn, &id))
        .await?;
    state.mail_queued.notify_one();
    Ok(see_other(&format!("{PATH}?retried")))
}

/// The choice of the status to list, with `chosen` checked.
fn status_field(t: Locale, chosen: &str) -> Field {
    let values = [
        ("failed", "console-outbox-status-failed"),
        ("pending", "console-outbox-status-pending"),
        ("sent", "console-outbox-status-sent"),
        ("all", "console-outbox-status-all"),
    ];
    let values = values
        .into_iter()
        .map(|(value, text)| (value.to_owned(), t.text(text)))
        .collect();
    Field {
        choices: choices_of(values, &[chosen]),
        ..Field::new("status", "radios", t.text("console-outbox-status"))
    }
}

fn row(t: Locale, mail: OutboxMail, may_retry: bool) -> Row {
    let failed = mail.status == OutboxStatus::Failed;
    Row {
        status: status_text(mail.status),
        retry: (may_retry && failed).then(|| {
            t.text_with(
                "console-outbox-retry-to",
                &[("recipient", mail.recipient.clone().into())],
            )
        }),
        created: moment(t, mail.created_at),
        sent: mail.sent_at.map(|at| moment(t, at)),
        id: mail.id,
        recipient: mail.recipient,
        subject: mail.subject,
        kind: mail.kind,
        attempts: mail.attempts,
        last_error: mail.last_error,
    }
}

/// The message that names `status`.
pub(super) fn status_text(status: OutboxStatus) -> &'static str {
    match status {
        OutboxStatus::Pending => "console-outbox-status-pending",
        OutboxStatus::Sent => "console-outbox-status-sent",
        OutboxStatus::Failed => "console-outbox-status-failed",
    }
}
