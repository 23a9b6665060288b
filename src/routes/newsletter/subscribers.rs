//! Coordinators' view of subscribers: lists with filters and counts, CSV export and import,
//! one subscriber with the consent record, deletion, and the whole consent record.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::{Can, can};
use crate::audit::{self, Action};
use crate::db::Cursor;
use crate::db::models::{Consent, Subscriber, SubscriberFilter, SubscriberStatus};
use crate::domain::{Topic, format_utc};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::newsletter::import::{self, ImportReport};
use crate::openapi::schemas::{Language, PageCursor, TopicTag};
use crate::people::ConsentExport;
use crate::routes::csv::{self, ListFormat, cell, wants_csv};
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

/// Largest CSV import accepted.
pub const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_subscribers)
        .service(get_subscriber)
        .service(delete_subscriber)
        .service(import_subscribers)
        .service(super::consents::list_consents);
}

/// A subscriber as coordinators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriberView {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub language: String,
    pub topics: Vec<String>,
    pub status: SubscriberStatus,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub unsubscribed_at: Option<String>,
}

/// One subscriber with the consent record.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriberDetail {
    #[serde(flatten)]
    pub subscriber: SubscriberView,
    pub consents: Vec<ConsentExport>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriberPage {
    pub items: Vec<SubscriberView>,
    pub next_cursor: Option<String>,
    /// Subscribers per status, e.g. `{"confirmed": 120, "pending": 4, "unsubscribed": 9}`.
    #[schema(value_type = Object)]
    pub counts: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubscriberQuery {
    #[param(value_type = SubscriberStatus, required = false)]
    pub status: Option<String>,
    #[param(value_type = Language, required = false)]
    pub language: Option<String>,
    /// Subscribers who chose this topic.
    #[param(value_type = TopicTag, required = false)]
    pub topic: Option<String>,
    /// `csv` for a CSV export of every matching subscriber.
    #[param(value_type = ListFormat, required = false)]
    pub format: Option<String>,
    /// Page size (default 100).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    #[param(value_type = PageCursor, required = false)]
    pub cursor: Option<String>,
}

fn bad(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_query_parameter", message).at(field)
}

impl SubscriberQuery {
    fn filter(&self) -> Result<SubscriberFilter, ApiError> {
        let present = |v: &Option<String>| v.clone();
        Ok(SubscriberFilter {
            status: present(&self.status)
                .map(|s| {
                    SubscriberStatus::parse(&s).ok_or_else(|| bad("status", "Unknown status."))
                })
                .transpose()?,
            language: present(&self.language)
                .map(|l| Locale::parse(&l).map_err(|e| bad("language", e.message)))
                .transpose()?,
            topic: present(&self.topic)
                .map(|t| Topic::parse(&t).map_err(|e| bad("topic", e.message)))
                .transpose()?,
        })
    }
}

fn view(s: Subscriber, topics: Vec<String>) -> SubscriberView {
    SubscriberView {
        status: s.status,
        topics,
        created_at: format_utc(s.created_at),
        confirmed_at: s.confirmed_at.map(format_utc),
        unsubscribed_at: s.unsubscribed_at.map(format_utc),
        id: s.id,
        email: s.email,
        name: s.name,
        language: s.language,
    }
}

/// Subscribers, oldest first; `?format=csv` exports them all.
#[utoipa::path(
    tag = "newsletter admin",
    params(SubscriberQuery),
    security(("bearer" = ["read"])),
    responses(
        (status = 200, description = "A page of subscribers, or with `format=csv` all of them as CSV",
            content((SubscriberPage = "application/json"), (String = "text/csv"))),
    )
)]
#[get("/admin/newsletter/subscribers")]
pub async fn list_subscribers(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    query: web::Query<SubscriberQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter()?;
    let csv = wants_csv(query.format.as_deref())?;
    let limit = parse_limit(query.limit.as_deref(), 100, 500)?;
    let after = parse_cursor(query.cursor.as_deref())?;
    let (rows, mut topics, counts) = state
        .db(move |conn| {
            let (after, page) = if csv {
                (None, None)
            } else {
                (after, Some(limit + 1))
            };
            let rows = Subscriber::list(conn, &filter, after, page)?;
            let ids: Vec<&str> = rows.iter().map(|s| s.id.as_str()).collect();
            let topics = Subscriber::topics_of(conn, &ids)?;
            Ok((rows, topics, Subscriber::counts(conn)?))
        })
        .await?;
    let mut take_topics = |id: &str| topics.remove(id).unwrap_or_default();
    if csv {
        audit::record(&state, &can, Action::SubscribersExported, None).await?;
        return csv_export(rows, &mut take_topics);
    }
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<Subscriber> = rows.into_iter().take(limit as usize).collect();
    let next_cursor = has_more
        .then(|| {
            rows.last()
                .map(|s| Cursor::new(s.created_at, &s.id).encode())
        })
        .flatten();
    let mut totals = serde_json::Map::new();
    for status in SubscriberStatus::ALL {
        let count = counts
            .iter()
            .find(|(s, _)| s == status.as_str())
            .map_or(0, |(_, n)| *n);
        totals.insert(status.as_str().to_owned(), count.into());
    }
    Ok(HttpResponse::Ok().json(SubscriberPage {
        items: rows
            .into_iter()
            .map(|s| {
                let topics = take_topics(&s.id);
                view(s, topics)
            })
            .collect(),
        next_cursor,
        counts: totals,
    }))
}

/// The export reads back in through the import: same columns, topics `;`-separated.
fn csv_export(
    rows: Vec<Subscriber>,
    topics: &mut dyn FnMut(&str) -> Vec<String>,
) -> Result<HttpResponse, ApiError> {
    let mut writer = csv::writer();
    writer
        .write_record([
            "email",
            "name",
            "language",
            "topics",
            "status",
            "created_at",
            "confirmed_at",
            "unsubscribed_at",
        ])
        .map_err(ApiError::internal)?;
    for s in &rows {
        writer
            .write_record([
                cell(&s.email),
                cell(s.name.as_deref().unwrap_or("")),
                s.language.clone(),
                topics(&s.id).join(";"),
                s.status.as_str().to_owned(),
                format_utc(s.created_at),
                s.confirmed_at.map(format_utc).unwrap_or_default(),
                s.unsubscribed_at.map(format_utc).unwrap_or_default(),
            ])
            .map_err(ApiError::internal)?;
    }
    csv::download("subscribers.csv", writer)
}

/// One subscriber with the consent record.
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["read"])),
    responses((status = 200, body = SubscriberDetail)))]
#[get(
    "/admin/newsletter/subscribers/{id}",
    guard = "crate::routes::not_a_fixed_path"
)]
pub async fn get_subscriber(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let detail = state
        .db(move |conn| {
            let s =
                Subscriber::find(conn, &id)?.ok_or_else(|| ApiError::not_found("subscriber"))?;
            let topics = Subscriber::topics_of(conn, &[id.as_str()])?
                .remove(&id)
                .unwrap_or_default();
            let consents = Consent::of_subscriber(conn, &id)?;
            Ok(SubscriberDetail {
                subscriber: view(s, topics),
                consents: consents.into_iter().map(ConsentExport::from).collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Deletes a subscriber with topics, links and consent record (for erasure of everything
/// about an address, see `DELETE /admin/people`).
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["manage_newsletter"])),
    responses((status = 204)))]
#[delete(
    "/admin/newsletter/subscribers/{id}",
    guard = "crate::routes::not_a_fixed_path"
)]
pub async fn delete_subscriber(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let deleted = state
        .db(move |conn| {
            Ok(crate::db::write_transaction(conn, |conn| {
                Subscriber::delete(conn, &id)
            })?)
        })
        .await?;
    if !deleted {
        return Err(ApiError::not_found("subscriber"));
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Imports subscribers from CSV with the header `email,name,language,topics,consent_at,
/// consent_source` (topics `;`-separated; bodies up to 64 MiB). Rows with `consent_at` and
/// `consent_source` become confirmed with that consent recorded; the others get the opt-in
/// mail. Known addresses are skipped; invalid rows are reported by line.
#[utoipa::path(
    tag = "newsletter admin",
    request_body(content = String, content_type = "text/csv"),
    security(("bearer" = ["manage_newsletter"])),
    responses(
        (status = 200, body = ImportReport),
        (status = 422, description = "The header is not the documented one"),
    )
)]
#[post("/admin/newsletter/subscribers/import")]
pub async fn import_subscribers(
    can: Can<can::ManageNewsletter>,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let bytes = crate::extract::read_body(&req, body, "text/csv", IMPORT_LIMIT).await?;
    let worker_state = state.clone();
    let report = state
        .db(move |conn| import::import(conn, &worker_state.mail_context(), &bytes))
        .await?;
    state.mail_queued.notify_one();
    audit::record(&state, &can, Action::SubscribersImported, None).await?;
    Ok(HttpResponse::Ok().json(report))
}
