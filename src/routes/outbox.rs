//! The outbox as coordinators and operators see it: what is pending, sent or failed, a retry
//! for failed mails, and a test mail to check the mail set-up.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::{Can, can};
use crate::db::models::Event;
use crate::db::{Cursor, write_transaction};
use crate::domain::{Email, FieldError, TimeZone, format_utc};
use crate::error::ApiError;
use crate::extract::{ApiJson, parse_id};
use crate::i18n::Locale;
use crate::mail::outbox::MailMeta;
use crate::mail::{EventMailKind, OutboxMail, OutboxStatus, Recipient, compose_event_mail};
use crate::openapi::schemas::PageCursor;
use crate::openapi::schemas::{EmailAddress, Language, TimeZoneName, optional_text};
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_outbox)
        .service(get_outbox_mail)
        .service(retry_outbox_mail)
        .service(send_test_mail);
}

/// A queued mail; the message itself is not shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxItem {
    pub id: String,
    pub message_id: String,
    pub kind: String,
    pub event_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

impl From<OutboxMail> for OutboxItem {
    fn from(mail: OutboxMail) -> Self {
        let status = mail.status;
        Self {
            next_attempt_at: (status == OutboxStatus::Pending)
                .then(|| format_utc(mail.next_attempt_at)),
            status,
            id: mail.id,
            message_id: mail.message_id,
            kind: mail.kind,
            event_id: mail.event_id,
            recipient: mail.recipient,
            subject: mail.subject,
            attempts: mail.attempts,
            last_error: mail.last_error,
            created_at: format_utc(mail.created_at),
            sent_at: mail.sent_at.map(format_utc),
        }
    }
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxPage {
    pub items: Vec<OutboxItem>,
    pub next_cursor: Option<String>,
    /// Mails per status, over the whole outbox.
    pub counts: OutboxCounts,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    #[param(value_type = OutboxStatus, required = false)]
    pub status: Option<String>,
    /// Page size (default 50).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    #[param(value_type = PageCursor, required = false)]
    pub cursor: Option<String>,
}

/// The `status` a list of the outbox is asked for, or the refusal (400 at `status`).
pub(crate) fn parse_status(value: &str) -> Result<OutboxStatus, ApiError> {
    OutboxStatus::parse(value).ok_or_else(|| {
        ApiError::bad_request(
            "invalid_query_parameter",
            "status must be pending, sent or failed.",
        )
        .at("status")
    })
}

/// Mails in the outbox, newest first.
#[utoipa::path(
    tag = "admin",
    params(OutboxQuery),
    security(("bearer" = ["read"])),
    responses((status = 200, body = OutboxPage))
)]
#[get("/admin/outbox")]
pub async fn list_outbox(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = query.status.as_deref().map(parse_status).transpose()?;
    let limit = parse_limit(query.limit.as_deref(), 50, 200)?;
    let before = parse_cursor(query.cursor.as_deref())?;
    let (mails, counts) = state
        .db(move |conn| {
            Ok((
                OutboxMail::list(conn, status, before.as_ref(), limit + 1)?,
                OutboxMail::counts(conn)?,
            ))
        })
        .await?;
    let has_more = mails.len() as i64 > limit;
    let mails: Vec<OutboxMail> = mails.into_iter().take(limit as usize).collect();
    let next_cursor = mails
        .last()
        .filter(|_| has_more)
        .map(|last| Cursor::new(last.created_at, &last.id).encode());
    let items: Vec<OutboxItem> = mails.into_iter().map(OutboxItem::from).collect();
    let mut totals = OutboxCounts::default();
    for (status, count) in counts {
        match OutboxStatus::parse(&status) {
            Some(OutboxStatus::Pending) => totals.pending = count,
            Some(OutboxStatus::Sent) => totals.sent = count,
            Some(OutboxStatus::Failed) => totals.failed = count,
            None => {}
        }
    }
    Ok(HttpResponse::Ok().json(OutboxPage {
        items,
        next_cursor,
        counts: totals,
    }))
}

/// One mail of the outbox.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["read"])),
    responses((status = 200, body = OutboxItem))
)]
#[get("/admin/outbox/{id}")]
pub async fn get_outbox_mail(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let mail = state
        .db(move |conn| OutboxMail::find(conn, &id)?.ok_or_else(|| ApiError::not_found("mail")))
        .await?;
    Ok(HttpResponse::Ok().json(OutboxItem::from(mail)))
}

/// Queues a failed mail again, with fresh attempts.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["manage_outbox"])),
    responses(
        (status = 200, body = OutboxItem),
        (status = 409, description = "The mail has not failed, or its content is no longer kept (`content_cleared`)"),
    )
)]
#[post("/admin/outbox/{id}/retry")]
pub async fn retry_outbox_mail(
    _can: Can<can::ManageOutbox>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let mail = state
        .db(move |conn| OutboxMail::retry_failed(conn, &id))
        .await?;
    state.mail_queued.notify_one();
    Ok(HttpResponse::Ok().json(OutboxItem::from(mail)))
}

/// A test invitation to one address, to check how mails look and that they arrive.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestMailInput {
    #[schema(value_type = EmailAddress)]
    pub to: String,
    #[schema(schema_with = optional_text::<200>)]
    pub name: Option<String>,
    #[schema(value_type = Language)]
    pub language: String,
    /// IANA zone of the recipient, to show their local time.
    #[schema(value_type = Option<TimeZoneName>)]
    pub timezone: Option<String>,
    /// The event to invite to.
    #[schema(format = Uuid)]
    pub event_id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Queued {
    pub outbox_id: String,
}

/// Queues a test invitation (without the access link) for an event.
#[utoipa::path(
    tag = "admin",
    request_body = TestMailInput,
    security(("bearer" = ["manage_outbox"])),
    responses(
        (status = 202, body = OutboxItem),
        (status = 404, description = "No such event"),
    )
)]
#[post("/admin/mail/test")]
pub async fn send_test_mail(
    _can: Can<can::ManageOutbox>,
    state: web::Data<AppState>,
    body: ApiJson<TestMailInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let recipient = Recipient {
        email: Email::parse(&input.to).map_err(|e| ApiError::invalid("to", e))?,
        name: crate::domain::optional_text(input.name.as_deref(), 200)
            .map_err(|e| ApiError::invalid("name", e))?,
        locale: Locale::parse(&input.language).map_err(|e| ApiError::invalid("language", e))?,
        timezone: match input.timezone.as_deref() {
            Some(zone) => Some(
                TimeZone::parse(zone)
                    .map_err(|e| ApiError::invalid("timezone", e))?
                    .tz(),
            ),
            None => None,
        },
        sees_access_link: false,
    };
    let event_id = uuid::Uuid::try_parse(&input.event_id)
        .map_err(|_| {
            ApiError::invalid(
                "event_id",
                FieldError::new("invalid_id", "This is not an event id."),
            )
        })?
        .to_string();
    let worker_state = state.clone();
    let mail = state
        .db(move |conn| {
            let record = Event::load(conn, &event_id)?;
            let kind = EventMailKind::Invitation(Box::default());
            let composed =
                compose_event_mail(&worker_state.mail_context(), &record, &recipient, &kind)
                    .map_err(ApiError::internal)?;
            write_transaction(conn, |conn| {
                OutboxMail::enqueue(
                    conn,
                    &composed,
                    &MailMeta {
                        kind: "test",
                        event_id: Some(&event_id),
                        dedupe_key: None,
                    },
                )?;
                Ok::<_, ApiError>(())
            })?;
            let mails = OutboxMail::list(conn, None, None, 1)?;
            mails
                .into_iter()
                .next()
                .ok_or_else(|| ApiError::internal(anyhow::anyhow!("queued mail vanished")))
        })
        .await?;
    state.mail_queued.notify_one();
    Ok(HttpResponse::build(StatusCode::ACCEPTED).json(OutboxItem::from(mail)))
}
