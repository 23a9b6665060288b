//! What coordinators do to an issue from its console page, through the same functions as the
//! API ([`staff`], [`issues`]) and recorded alike: send (after a page naming how many readers it
//! will reach), cancel and delete a draft (each after a page saying what happens), and at once
//! pause, resume (sending a paused issue) and a test copy to the signed-in account's address.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::issue::read;
use super::issues::{PATH, subject_of};
use super::nav::Section;
use super::pages::{ConfirmPage, account, layout, render, see_other};
use super::signed::Signed;
use crate::accounts::{Can, can};
use crate::db::models::{IssueStatus, NewsletterIssue, Progress};
use crate::domain::Email;
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::{FluentValue, Locale};
use crate::newsletter::issues;
use crate::newsletter::staff::{self, Change};
use crate::routes::csrf::{CsrfToken, FormData};
use crate::state::AppState;

/// An action that asks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirmed {
    Send,
    Cancel,
    Delete,
}

impl Confirmed {
    fn parse(name: &str) -> Result<Self, ApiError> {
        match name {
            "send" => Ok(Self::Send),
            "cancel" => Ok(Self::Cancel),
            "delete" => Ok(Self::Delete),
            _ => Err(ApiError::not_found("action")),
        }
    }

    /// Whether `issue` (with `progress`) is in a state the action applies to.
    fn applies(self, issue: &NewsletterIssue, progress: Progress) -> bool {
        match (self, issue.status) {
            (Self::Send, status) => matches!(status, IssueStatus::Draft | IssueStatus::Paused),
            (Self::Delete, status) => status == IssueStatus::Draft,
            (Self::Cancel, IssueStatus::Sent) => progress.queued > 0,
            (Self::Cancel, status) => status != IssueStatus::Cancelled,
        }
    }

    /// (title, button) messages.
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Self::Send => ("console-issue-send-title", "console-issue-send-button"),
            Self::Cancel => ("console-issue-cancel-title", "console-issue-cancel-button"),
            Self::Delete => ("console-issue-delete-title", "console-issue-delete-button"),
        }
    }
}

/// The page that says what the action will do (sending: to how many readers), with the
/// button that does it.
pub async fn confirm(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let (id, name) = path.into_inner();
    let action = Confirmed::parse(&name)?;
    let (issue, progress) = read(&state, &id).await?;
    if !action.applies(&issue, progress) {
        return Err(ApiError::conflict(
            "wrong_state",
            "The issue is not in a state this applies to.",
        ));
    }
    let content = issue.content();
    let subject = FluentValue::from(subject_of(&content));
    let consequences = match action {
        Confirmed::Send => {
            let counted = issue.clone();
            let count = state.db(move |conn| issues::reach(conn, &counted)).await?;
            let fallback = t.language_name(&content.fallback_language);
            vec![
                t.text_with(
                    "console-issue-send-reach",
                    &[("count", count.into()), ("fallback", fallback.into())],
                ),
                t.text("console-issue-send-background"),
            ]
        }
        Confirmed::Cancel => vec![
            t.text_with("console-issue-cancel-consequence", &[("subject", subject)]),
            t.text("console-cannot-undo"),
        ],
        Confirmed::Delete => vec![
            t.text_with("console-issue-delete-consequence", &[("subject", subject)]),
            t.text("console-nobody-mailed"),
        ],
    };
    let (heading, button) = action.texts();
    let page = ConfirmPage {
        layout: layout(&state, t, t.text(heading)),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Newsletter),
        consequences,
        button: t.text(button),
        danger: action != Confirmed::Send,
        back: format!("{PATH}/{}", issue.id),
        back_text: t.text("console-back-to-issue"),
        csrf: csrf.as_str(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Does the confirmed action (sending also resumes a paused issue), then shows the issue (or,
/// deleted, the list) saying so.
pub async fn act(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, name) = path.into_inner();
    let (id, action) = (parse_id(&id)?, Confirmed::parse(&name)?);
    let to = match action {
        Confirmed::Send => {
            staff::apply(&state, &can, &id, Change::Send).await?;
            format!("{PATH}/{id}?done=sent")
        }
        Confirmed::Cancel => {
            staff::apply(&state, &can, &id, Change::Cancel).await?;
            format!("{PATH}/{id}?done=cancelled")
        }
        Confirmed::Delete => {
            state
                .db(move |conn| issues::delete_draft(conn, &id))
                .await?;
            format!("{PATH}?done=deleted")
        }
    };
    Ok(see_other(&to))
}

/// Pauses sending and shows the issue.
pub async fn pause(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    staff::apply(&state, &can, &id, Change::Pause).await?;
    Ok(see_other(&format!("{PATH}/{id}?done=paused")))
}

/// Queues a test copy in the chosen language to the signed-in account's own address.
pub async fn test(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    signed: Signed,
    path: web::Path<String>,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let language = sent
        .get("language")
        .filter(|code| !code.trim().is_empty())
        .map(|code| Locale::parse(code).map_err(|e| ApiError::invalid("language", e)))
        .transpose()?;
    let email = Email::parse(&signed.user.email).map_err(|e| ApiError::invalid("email", e))?;
    staff::test(&state, &id, email, language).await?;
    Ok(see_other(&format!("{PATH}/{id}?done=tested")))
}
