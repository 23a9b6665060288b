//! Newsletter issues: compose, test, send, pause, cancel, and follow the progress.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::{Caller, Can, can};
use crate::db::models::{IssueStatus, NewsletterIssue, Progress};
use crate::db::{Cursor, DbConnection};
use crate::domain::{Email, format_utc};
use crate::error::ApiError;
use crate::extract::{ApiJson, parse_id};
use crate::i18n::Locale;
use crate::newsletter::staff::{self, Change};
use crate::newsletter::{IssueInput, issues};
use crate::openapi::schemas::{EmailAddress, Language, PageCursor};
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_issue)
        .service(list_issues)
        .service(get_issue)
        .service(update_issue)
        .service(delete_issue)
        .service(send_issue)
        .service(pause_issue)
        .service(cancel_issue)
        .service(test_issue);
}

/// An issue with its delivery progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssueView {
    pub id: String,
    #[schema(value_type = Object)]
    pub subject: BTreeMap<String, String>,
    #[schema(value_type = Object)]
    pub body: BTreeMap<String, String>,
    pub fallback_language: String,
    pub topics: Vec<String>,
    pub status: IssueStatus,
    pub progress: Progress,
    pub created_at: String,
    pub send_started_at: Option<String>,
    pub finished_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssuePage {
    pub items: Vec<IssueView>,
    pub next_cursor: Option<String>,
}

fn view(conn: &mut DbConnection, issue: NewsletterIssue) -> Result<IssueView, ApiError> {
    let progress = issue.progress(conn)?;
    let content = issue.content();
    Ok(IssueView {
        status: issue.status,
        progress,
        subject: content.subjects,
        body: content.bodies,
        fallback_language: content.fallback_language,
        topics: content.topics,
        created_at: format_utc(issue.created_at),
        send_started_at: issue.send_started_at.map(format_utc),
        finished_at: issue.finished_at.map(format_utc),
        id: issue.id,
    })
}

/// Creates an issue as a draft.
#[utoipa::path(tag = "newsletter admin", request_body = IssueInput, security(("bearer" = ["manage_newsletter"])),
    responses((status = 201, body = IssueView)))]
#[post("/admin/newsletter/issues")]
pub async fn create_issue(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    body: ApiJson<IssueInput>,
) -> Result<HttpResponse, ApiError> {
    let content = body.0.parse()?;
    let issue = state
        .db(move |conn| {
            let issue = issues::create(conn, &content)?;
            view(conn, issue)
        })
        .await?;
    Ok(HttpResponse::Created().json(issue))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IssueQuery {
    /// Page size (default 20).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    #[param(value_type = PageCursor, required = false)]
    pub cursor: Option<String>,
}

/// Issues, newest first.
#[utoipa::path(tag = "newsletter admin", params(IssueQuery), security(("bearer" = ["read"])),
    responses((status = 200, body = IssuePage)))]
#[get("/admin/newsletter/issues")]
pub async fn list_issues(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    query: web::Query<IssueQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = parse_limit(query.limit.as_deref(), 20, 100)?;
    let before = parse_cursor(query.cursor.as_deref())?;
    let page = state
        .db(move |conn| {
            let rows = NewsletterIssue::list(conn, None, before, limit + 1)?;
            let has_more = rows.len() as i64 > limit;
            let rows: Vec<NewsletterIssue> = rows.into_iter().take(limit as usize).collect();
            let next_cursor = has_more
                .then(|| {
                    rows.last()
                        .map(|i| Cursor::new(i.created_at, &i.id).encode())
                })
                .flatten();
            let items = rows
                .into_iter()
                .map(|issue| view(conn, issue))
                .collect::<Result<_, _>>()?;
            Ok(IssuePage { items, next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One issue with its progress: `total` readers in the audience, `queued` waiting in the
/// outbox, `sent`, `failed`.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["read"])),
    responses((status = 200, body = IssueView)))]
#[get("/admin/newsletter/issues/{id}")]
pub async fn get_issue(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let issue = state
        .db(move |conn| {
            let issue = issues::find(conn, &id)?;
            view(conn, issue)
        })
        .await?;
    Ok(HttpResponse::Ok().json(issue))
}

/// Replaces the texts of a draft (the same fields as creating it); an issue that started
/// sending keeps its texts.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), request_body = IssueInput,
    security(("bearer" = ["manage_newsletter"])),
    responses((status = 200, body = IssueView),
        (status = 409, description = "Not a draft")))]
#[put("/admin/newsletter/issues/{id}")]
pub async fn update_issue(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: ApiJson<IssueInput>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let content = body.0.parse()?;
    let issue = state
        .db(move |conn| {
            let issue = issues::update_draft(conn, &id, &content)?;
            view(conn, issue)
        })
        .await?;
    Ok(HttpResponse::Ok().json(issue))
}

/// Deletes a draft.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["manage_newsletter"])),
    responses((status = 204),
        (status = 409, description = "Not a draft")))]
#[delete("/admin/newsletter/issues/{id}")]
pub async fn delete_issue(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    state
        .db(move |conn| issues::delete_draft(conn, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Applies `change` to the issue and answers it with `status`.
async fn transition(
    state: web::Data<AppState>,
    path: web::Path<String>,
    caller: &Caller,
    (change, status): (Change, StatusCode),
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let issue = staff::apply(&state, caller, &id, change).await?;
    let issue = state.db(move |conn| view(conn, issue)).await?;
    Ok(HttpResponse::build(status).json(issue))
}

/// Sends the issue to every confirmed subscriber it targets, each in their language (or the
/// fallback language). Answers at once; recipients are queued in the background. Resumes a
/// paused issue; for an issue already sending or sent it changes nothing.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["manage_newsletter"])),
    responses((status = 202, body = IssueView),
        (status = 409, description = "The issue was cancelled")))]
#[post("/admin/newsletter/issues/{id}/send")]
pub async fn send_issue(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    transition(state, path, &can, (Change::Send, StatusCode::ACCEPTED)).await
}

/// Pauses sending: no more recipients are queued and queued mails are taken back.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["manage_newsletter"])),
    responses((status = 200, body = IssueView),
        (status = 409, description = "The issue is not sending")))]
#[post("/admin/newsletter/issues/{id}/pause")]
pub async fn pause_issue(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    transition(state, path, &can, (Change::Pause, StatusCode::OK)).await
}

/// Cancels the issue for good; queued mails are taken back.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["manage_newsletter"])),
    responses((status = 200, body = IssueView),
        (status = 409, description = "Every mail is already queued")))]
#[post("/admin/newsletter/issues/{id}/cancel")]
pub async fn cancel_issue(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    transition(state, path, &can, (Change::Cancel, StatusCode::OK)).await
}

/// Where to send a test copy.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestInput {
    #[schema(value_type = EmailAddress, required = true)]
    pub email: Option<String>,
    /// The edition to test (default: the fallback language).
    #[schema(value_type = Option<Language>)]
    pub language: Option<String>,
}

/// Sends a test copy, marked as such, to one address.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), request_body = TestInput,
    security(("bearer" = ["manage_newsletter"])),
    responses((status = 202)))]
#[post("/admin/newsletter/issues/{id}/test")]
pub async fn test_issue(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: ApiJson<TestInput>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let email = Email::parse(body.0.email.as_deref().unwrap_or(""))
        .map_err(|e| ApiError::invalid("email", e))?;
    let language = body
        .0
        .language
        .as_deref()
        .map(|code| Locale::parse(code).map_err(|e| ApiError::invalid("language", e)))
        .transpose()?;
    staff::test(&state, &id, email, language).await?;
    Ok(HttpResponse::Accepted().finish())
}
