//! `/console/newsletter/{id}` (read): one issue, its texts in each language rendered as its
//! mails render them, its delivery so far, and for roles that manage the newsletter the
//! buttons its state allows. While it is on its way, `assets/progress.js` follows the
//! delivery through `/console/newsletter/{id}/progress` (without JavaScript, a link reloads).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::issues::{delivery, status_text, subject_of};
use super::moment::{Moment, moment};
use super::nav::Section;
use super::pages::{Account, account, layout, render};
use super::progress::{Followed, answer};
use super::signed::Signed;
use crate::accounts::{Can, Permission, can};
use crate::db::models::{IssueStatus, NewsletterIssue, Progress};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::mail::newsletter_mail::RenderedIssue;
use crate::newsletter::issues;
use crate::routes::csrf::CsrfToken;
use crate::routes::form::{Choice, Field};
use crate::routes::layout::Layout;
use crate::state::AppState;

/// One language of the issue, as its readers get it.
struct Edition {
    code: &'static str,
    /// The language's name in the reader's language.
    name: String,
    subject: String,
    /// The body as the mails render it (Markdown to HTML, raw HTML kept as text, only web
    /// and mail links).
    html: String,
}

/// What the role may do to the issue in its state.
#[derive(Default)]
struct Actions {
    send: bool,
    resume: bool,
    pause: bool,
    cancel: bool,
    delete: bool,
    edit: bool,
    /// The choice of the test copy's language, if a test copy may be sent.
    test: Option<Field>,
    /// Where the test copy goes, as a sentence.
    test_explains: String,
}

#[derive(Template)]
#[template(path = "console/issue.html")]
struct IssuePage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    csrf: &'a str,
    id: String,
    facts: Vec<(String, String)>,
    /// None for a draft.
    delivery: Option<Followed>,
    editions: Vec<Edition>,
    actions: Actions,
    notice: Option<String>,
    script: Option<&'a str>,
}

/// What the page was just asked to confirm, by `?done=`.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn done_notice(t: Locale, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "created" => "console-issue-done-created",
        "saved" => "console-issue-done-saved",
        "sent" => "console-issue-done-sent",
        "paused" => "console-issue-done-paused",
        "cancelled" => "console-issue-done-cancelled",
        "tested" => "console-issue-done-tested",
        _ => return None,
    };
    Some(t.text(id))
}

/// The issue `id` (parsed from the path) with its progress.
pub(super) async fn read(
    state: &AppState,
    id: &str,
) -> Result<(NewsletterIssue, Progress), ApiError> {
    let id = parse_id(id)?;
    state
        .db(move |conn| {
            let issue = issues::find(conn, &id)?;
            let progress = issue.progress(conn)?;
            Ok((issue, progress))
        })
        .await
}

/// One issue.
pub async fn show(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let (issue, progress) = read(&state, &path).await?;
    let content = issue.content();
    let rendered = RenderedIssue::new(&content);
    let editions: Vec<Edition> = Locale::all()
        .iter()
        .filter(|l| content.subjects.contains_key(l.code()))
        .filter_map(|l| rendered.edition(*l).map(|e| (l, e)))
        .map(|(l, e)| Edition {
            code: l.code(),
            name: t.language_name(l.code()),
            subject: e.subject.clone(),
            html: e.html.clone(),
        })
        .collect();
    let manage = can.role.may(Permission::ManageNewsletter);
    let actions = if manage {
        actions(t, &issue, progress, &editions, &signed.user.email)
    } else {
        Actions::default()
    };
    let topics = if content.topics.is_empty() {
        t.text("console-issue-all-topics")
    } else {
        content.topics.join(", ")
    };
    let mut facts = vec![
        (
            t.text("console-label-status"),
            t.text(status_text(issue.status)),
        ),
        (t.text("console-label-topics"), topics),
        (
            t.text("console-label-fallback-language"),
            t.language_name(&content.fallback_language),
        ),
    ];
    let times = [
        ("console-label-created", Some(issue.created_at)),
        ("console-label-send-started", issue.send_started_at),
        ("console-label-finished", issue.finished_at),
    ];
    for (label, at) in times {
        if let Some(at) = at {
            let Moment { text, .. } = moment(t, at);
            facts.push((t.text(label), text));
        }
    }
    let delivery = (issue.status != IssueStatus::Draft).then(|| Followed {
        progress: delivery(t, &issue, progress),
        url: format!("/console/newsletter/{}/progress", issue.id),
        label: t.text("console-issue-delivered"),
        refresh: format!("/console/newsletter/{}", issue.id),
        refresh_text: t.text("console-issue-refresh"),
    });
    let page = IssuePage {
        layout: layout(&state, t, subject_of(&content)),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Newsletter),
        csrf: csrf.as_str(),
        id: issue.id.clone(),
        facts,
        delivery,
        editions,
        actions,
        notice: done_notice(t, done.done.as_deref()),
        script: state.site.assets.url("progress.js"),
    };
    Ok(render(StatusCode::OK, &page))
}

/// What a role that manages the newsletter may do to `issue` now.
fn actions(
    t: Locale,
    issue: &NewsletterIssue,
    progress: Progress,
    editions: &[Edition],
    email: &str,
) -> Actions {
    let waiting = issue.status == IssueStatus::Sent && progress.queued > 0;
    let status = issue.status;
    let test = (status != IssueStatus::Cancelled).then(|| {
        let choices = editions
            .iter()
            .map(|e| Choice {
                value: e.code.to_owned(),
                label: e.name.clone(),
                selected: e.code == issue.fallback_language,
                lang: None,
            })
            .collect();
        Field {
            choices,
            ..Field::new("language", "radios", t.text("console-label-test-language"))
        }
    });
    Actions {
        send: status == IssueStatus::Draft,
        resume: status == IssueStatus::Paused,
        pause: status == IssueStatus::Sending || waiting,
        cancel: matches!(
            status,
            IssueStatus::Draft | IssueStatus::Sending | IssueStatus::Paused
        ) || waiting,
        delete: status == IssueStatus::Draft,
        edit: status == IssueStatus::Draft,
        test,
        test_explains: t.text_with(
            "console-issue-test-explains",
            &[("email", email.to_owned().into())],
        ),
    }
}

/// The issue's delivery so far as JSON, for the page to follow it.
pub async fn progress(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (issue, progress) = read(&state, &path).await?;
    Ok(answer(&delivery(signed.locale(), &issue, progress)))
}
