//! `/console/newsletter` (read): the newsletter's issues, newest first in pages, filtered by
//! status, each with its delivery so far, a link to the subscribers, and for roles that manage
//! the newsletter a button to write a new issue. The issue's own page is [`super::issue`].

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::moment::{Moment, moment};
use super::nav::Section;
use super::pager::{PageLinks, page};
use super::pages::{Account, account, layout, render};
use super::progress::{Progress as Shown, percent};
use super::signed::Signed;
use crate::accounts::{Can, Permission, can};
use crate::db::Cursor;
use crate::db::models::{IssueContent, IssueStatus, NewsletterIssue, Progress};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::csrf::CsrfToken;
use crate::routes::form::{Field, Fields, choices_of};
use crate::routes::layout::Layout;
use crate::routes::paging::parse_cursor;
use crate::state::AppState;

/// Issues per page.
const PAGE: usize = 50;
/// Where the list is.
pub(super) const PATH: &str = "/console/newsletter";

/// What the list is asked for with.
#[derive(Debug, Deserialize)]
pub struct IssueFilter {
    /// One status, or `all` (the default).
    status: Option<String>,
    cursor: Option<String>,
    /// Set after an issue was deleted, to confirm it.
    done: Option<String>,
}

/// The subject readers of other languages get: the fallback language's (any, if it lacks).
pub fn subject_of(content: &IssueContent) -> String {
    content
        .subjects
        .get(&content.fallback_language)
        .or_else(|| content.subjects.values().next())
        .cloned()
        .unwrap_or_default()
}

/// The message that names `status`.
pub(super) fn status_text(status: IssueStatus) -> &'static str {
    match status {
        IssueStatus::Draft => "console-issue-status-draft",
        IssueStatus::Sending => "console-issue-status-sending",
        IssueStatus::Paused => "console-issue-status-paused",
        IssueStatus::Cancelled => "console-issue-status-cancelled",
        IssueStatus::Sent => "console-issue-status-sent",
    }
}

/// The delivery of `issue` with `progress`, in `t`, as its page shows it and its progress
/// endpoint answers it.
pub(super) fn delivery(t: Locale, issue: &NewsletterIssue, progress: Progress) -> Shown {
    let done = progress.sent + progress.failed;
    let percent = percent(done, progress.total, issue.status == IssueStatus::Sent);
    Shown {
        status: issue.status.as_str(),
        status_text: t.text(status_text(issue.status)),
        percent,
        text: t.text_with(
            "console-issue-delivery",
            &[
                ("percent", percent.into()),
                ("sent", progress.sent.into()),
                ("total", progress.total.into()),
                ("failed", progress.failed.into()),
                ("queued", progress.queued.into()),
            ],
        ),
        running: issue.status == IssueStatus::Sending
            || (issue.status == IssueStatus::Sent && progress.queued > 0),
    }
}

/// One issue as the table shows it.
struct Row {
    id: String,
    subject: String,
    status: String,
    /// "120 of 400 sent, 2 failed"; none for a draft.
    progress: Option<String>,
    created: Moment,
}

#[derive(Template)]
#[template(path = "console/issues.html")]
struct IssuesPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    filter: Fields,
    rows: Vec<Row>,
    pager: PageLinks,
    /// Whether the role may write issues.
    manage: bool,
    notice: Option<String>,
}

/// The issues of one status (or all), newest first.
pub async fn list(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    query: web::Query<IssueFilter>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let status = match query.status.as_deref() {
        None | Some("" | "all") => None,
        Some(value) => Some(IssueStatus::parse(value).ok_or_else(|| {
            ApiError::bad_request("invalid_query_parameter", "No such status.").at("status")
        })?),
    };
    let before = parse_cursor(query.cursor.as_deref())?;
    let after = before.clone();
    let issues = state
        .db(move |conn| {
            let issues = NewsletterIssue::list(conn, status, before, PAGE as i64 + 1)?;
            let mut read = Vec::with_capacity(issues.len());
            for issue in issues {
                let progress = issue.progress(conn)?;
                read.push((issue, progress));
            }
            Ok(read)
        })
        .await?;
    let chosen = status.map_or("all", |s| s.as_str());
    let cursor_of =
        |(issue, _): &(NewsletterIssue, Progress)| Cursor::new(issue.created_at, &issue.id);
    let issues = page(
        issues,
        PAGE,
        PATH,
        &[("status", chosen)],
        after.as_ref(),
        cursor_of,
    );
    let page = IssuesPage {
        layout: layout(&state, t, t.text("console-newsletter-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Newsletter),
        filter: Fields(vec![status_field(t, chosen)]),
        rows: issues.rows.into_iter().map(|r| row(t, r)).collect(),
        pager: issues.links,
        manage: can.role.may(Permission::ManageNewsletter),
        notice: (query.done.as_deref() == Some("deleted"))
            .then(|| t.text("console-issue-done-deleted")),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The choice of the status to list, with `chosen` checked.
fn status_field(t: Locale, chosen: &str) -> Field {
    let mut values = vec![("all".to_owned(), t.text("console-issue-status-all"))];
    values.extend(
        IssueStatus::ALL
            .into_iter()
            .map(|s| (s.as_str().to_owned(), t.text(status_text(s)))),
    );
    Field {
        choices: choices_of(values, &[chosen]),
        ..Field::new("status", "radios", t.text("console-label-status"))
    }
}

fn row(t: Locale, (issue, progress): (NewsletterIssue, Progress)) -> Row {
    Row {
        subject: subject_of(&issue.content()),
        status: t.text(status_text(issue.status)),
        progress: (issue.status != IssueStatus::Draft).then(|| {
            t.text_with(
                "console-issue-progress",
                &[
                    ("sent", progress.sent.into()),
                    ("total", progress.total.into()),
                    ("failed", progress.failed.into()),
                ],
            )
        }),
        created: moment(t, issue.created_at),
        id: issue.id,
    }
}
