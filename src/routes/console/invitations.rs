//! `/console/events/{id}/invitations`: who was invited to an event and what became of each
//! invitation (sent, registered, declined, failed), filtered by status a page at a time with
//! the counts over the whole event, as the API lists them ([`listing`]); and the one
//! follow-up to those who have not answered, behind a page naming how many get it, sent as
//! `POST /api/v1/admin/events/{id}/invitations/follow-up` sends it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::filters::{Filter, choices};
use super::labels;
use super::nav::Section;
use super::pager::{PageLinks, page};
use super::pages::{Account, ConfirmPage, account, layout, render, see_other};
use super::progress::{Followed, Progress, answer, percent};
use super::session::Signed;
use crate::accounts::{Can, Permission, can};
use crate::db::Cursor;
use crate::db::models::{InvitationState, InvitationStatus};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::{Locale, format_moment};
use crate::invitations;
use crate::invitations::listing::{listing, parse_status};
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::routes::paging::parse_cursor;
use crate::state::AppState;

/// Rows per page.
const PAGE: usize = 50;

/// The table's filter and what the last action did.
#[derive(Debug, Default, Deserialize)]
pub struct TableQuery {
    #[serde(default)]
    status: String,
    cursor: Option<String>,
    /// After a batch: how many were invited and left out.
    invited: Option<i64>,
    skipped: Option<i64>,
    /// After the follow-up: how many got it.
    followed_up: Option<i64>,
}

/// One invitation as a row.
struct Row {
    name: String,
    email: String,
    organisation: String,
    country: String,
    language: String,
    source: String,
    status: String,
    invited: String,
    followed_up: String,
}

#[derive(Template)]
#[template(path = "console/invitations.html")]
struct TablePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    event_id: String,
    notice: Option<String>,
    /// (status code, label, count).
    counts: Vec<(&'static str, String, i64)>,
    total: i64,
    filter_action: String,
    filters: Vec<Filter>,
    rows: Vec<Row>,
    pager: PageLinks,
    /// Whether the role may invite and follow up.
    manage: bool,
    /// The link to the follow-up, naming how many would get it; none when nobody would.
    follow_up_link: Option<String>,
    /// Subscribers still being invited in the background, followed while it runs.
    inviting: Option<Followed>,
    script: Option<String>,
}

/// The table.
pub async fn list(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    query: web::Query<TableQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let event_id = parse_id(&path)?;
    let status = Some(query.status.trim())
        .filter(|s| !s.is_empty())
        .map(parse_status)
        .transpose()?;
    let after = parse_cursor(query.cursor.as_deref())?;
    let read_id = event_id.clone();
    let asked = after.clone();
    let read = state
        .db(move |conn| listing(conn, &read_id, status, asked.as_ref(), PAGE + 1))
        .await?;
    let base = format!("/console/events/{event_id}/invitations");
    let listed = page(
        read.rows,
        PAGE,
        &base,
        &[("status", query.status.trim())],
        after.as_ref(),
        |i: &InvitationState| Cursor::new(i.invitation.created_at, &i.invitation.id),
    );
    let zone = read.event.tz();
    let rows = listed
        .rows
        .into_iter()
        .map(|state| {
            let i = state.invitation;
            Row {
                source: t.text(if i.subscriber_id.is_some() {
                    "console-invitation-source-subscriber"
                } else {
                    "console-invitation-source-invitee"
                }),
                status: status_text(t, state.status),
                invited: format_moment(t, i.created_at, zone),
                followed_up: i
                    .followed_up_at
                    .map(|at| format_moment(t, at, zone))
                    .unwrap_or_default(),
                country: i
                    .country
                    .map(|c| labels::country(t, &c))
                    .unwrap_or_default(),
                language: t.language_name(&i.language),
                organisation: i.organisation.unwrap_or_default(),
                name: i.name.unwrap_or_default(),
                email: i.email,
            }
        })
        .collect();
    let statuses = InvitationStatus::ALL
        .into_iter()
        .map(|s| (s.as_str().to_owned(), status_text(t, s)));
    let title = t.text_with(
        "console-invitations-of",
        &[("event", read.event.title.clone().into())],
    );
    let page = TablePage {
        layout: layout(&state, t, title),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        notice: notice(t, &query),
        counts: read
            .counts
            .into_iter()
            .map(|(s, n)| (s.as_str(), status_text(t, s), n))
            .collect(),
        total: read.total,
        filters: vec![Filter::select(
            "status",
            t.text("console-label-status"),
            choices(t.text("console-all"), statuses, query.status.trim()),
        )],
        filter_action: base.clone(),
        rows,
        pager: listed.links,
        inviting: read.inviting.map(|counts| Followed {
            progress: inviting(t, Some(counts)),
            url: format!("{base}/progress"),
            label: t.text("console-inviting-label"),
            refresh: base.clone(),
            refresh_text: t.text("console-inviting-refresh"),
        }),
        script: state.site.assets.url("progress.js").map(str::to_owned),
        manage: can.role.may(Permission::ManageInvitations),
        follow_up_link: (read.awaiting_follow_up > 0).then(|| {
            t.text_with(
                "console-follow-up-link",
                &[("count", read.awaiting_follow_up.into())],
            )
        }),
        event_id,
    };
    Ok(render(StatusCode::OK, &page))
}

/// How far the invitation of subscribers in the background has come: (invited, in all), or
/// `None` once every batch is done.
fn inviting(t: Locale, counts: Option<(i64, i64)>) -> Progress {
    match counts {
        Some((done, total)) => Progress {
            status: "inviting",
            status_text: t.text("console-inviting-status"),
            percent: percent(done, total, false),
            text: t.text_with(
                "console-inviting-counts",
                &[("done", done.into()), ("total", total.into())],
            ),
            running: true,
        },
        None => Progress {
            status: "done",
            status_text: t.text("console-inviting-done"),
            percent: 100,
            text: t.text("console-inviting-done-text"),
            running: false,
        },
    }
}

/// How far the invitation of subscribers has come, as JSON, for the page to follow it.
pub async fn progress(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let read = state
        .db(move |conn| listing(conn, &event_id, None, None, 0))
        .await?;
    Ok(answer(&inviting(signed.locale(), read.inviting)))
}

/// What the last action did, said after its redirect.
fn notice(t: Locale, query: &TableQuery) -> Option<String> {
    if let Some(n) = query.followed_up {
        return Some(t.text_with("console-follow-up-sent", &[("count", n.into())]));
    }
    let invited = query.invited?;
    Some(t.text_with(
        "console-invitations-sent",
        &[
            ("count", invited.into()),
            ("skipped", query.skipped.unwrap_or(0).into()),
        ],
    ))
}

/// An invitation's status in `t`.
fn status_text(t: Locale, status: InvitationStatus) -> String {
    t.text(match status {
        InvitationStatus::Sent => "console-invitation-sent",
        InvitationStatus::Registered => "console-invitation-registered",
        InvitationStatus::Declined => "console-invitation-declined",
        InvitationStatus::Failed => "console-invitation-failed",
    })
}

/// The page before the follow-up: who gets it.
pub async fn confirm_follow_up(
    _can: Can<can::ManageInvitations>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let event_id = parse_id(&path)?;
    let read_id = event_id.clone();
    let read = state
        .db(move |conn| listing(conn, &read_id, None, None, 0))
        .await?;
    let title = t.text_with(
        "console-follow-up-title",
        &[("event", read.event.title.clone().into())],
    );
    let page = ConfirmPage {
        layout: layout(&state, t, title),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        csrf: csrf.as_str(),
        consequences: vec![t.text_with(
            "console-follow-up-explains",
            &[("count", read.awaiting_follow_up.into())],
        )],
        button: t.text("console-follow-up-button"),
        danger: false,
        back: format!("/console/events/{event_id}/invitations"),
        back_text: t.text("console-back-to-invitations"),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Sends the follow-up and goes back to the table, which says how many got it.
pub async fn follow_up(
    can: Can<can::ManageInvitations>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let queued = invitations::follow_up_audited(&state, &can.caller, &event_id).await?;
    Ok(see_other(&format!(
        "/console/events/{event_id}/invitations?followed_up={queued}"
    )))
}
