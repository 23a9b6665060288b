//! Coordinators' view of subscribers: lists with filters and counts, CSV export and import,
//! one subscriber with the consent record, deletion, and the whole consent record.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::{Caller, Can, can};
use crate::db::Cursor;
use crate::db::models::{Subscriber, SubscriberFilter, SubscriberStatus};
use crate::domain::{Topic, format_utc};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::Locale;
use crate::newsletter::import::ImportReport;
use crate::newsletter::subscribers;
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

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubscriberQuery {
    #[param(value_type = SubscriberStatus, required = false)]
    pub status: Option<String>,
    #[param(value_type = Language, required = false)]
    pub language: Option<String>,
    /// Subscribers who chose this topic.
    #[param(value_type = TopicTag, required = false)]
    pub topic: Option<String>,
    /// Text found in the address or the name, whatever its case.
    #[param(required = false)]
    pub q: Option<String>,
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
    /// The filters given, parsed; an unknown value is refused with the parameter named.
    pub fn filter(&self) -> Result<SubscriberFilter, ApiError> {
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
            search: present(&self.q).filter(|q| !q.trim().is_empty()),
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
    if csv {
        return export_csv(&state, &can, filter).await;
    }
    let mut listing = state
        .db(move |conn| subscribers::listing(conn, &filter, after, Some(limit + 1)))
        .await?;
    let has_more = listing.rows.len() as i64 > limit;
    let rows: Vec<Subscriber> = std::mem::take(&mut listing.rows)
        .into_iter()
        .take(limit as usize)
        .collect();
    let next_cursor = has_more
        .then(|| {
            rows.last()
                .map(|s| Cursor::new(s.created_at, &s.id).encode())
        })
        .flatten();
    let counts = listing
        .counts
        .iter()
        .map(|(status, n)| (status.as_str().to_owned(), (*n).into()))
        .collect();
    Ok(HttpResponse::Ok().json(SubscriberPage {
        items: rows
            .into_iter()
            .map(|s| {
                let topics = listing.take_topics(&s.id);
                view(s, topics)
            })
            .collect(),
        next_cursor,
        counts,
    }))
}

/// Every subscriber `filter` selects as a CSV download for `caller` (recorded in the audit
/// log), as `?format=csv` and the console's export send it. The export reads back in through
/// the import: same columns, topics `;`-separated.
pub async fn export_csv(
    state: &AppState,
    caller: &Caller,
    filter: SubscriberFilter,
) -> Result<HttpResponse, ApiError> {
    let mut listing = subscribers::export_audited(state, caller, filter).await?;
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
    for s in std::mem::take(&mut listing.rows) {
        writer
            .write_record([
                cell(&s.email),
                cell(s.name.as_deref().unwrap_or("")),
                s.language.clone(),
                listing.take_topics(&s.id).join(";"),
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
    let found = state.db(move |conn| subscribers::detail(conn, &id)).await?;
    let detail = SubscriberDetail {
        subscriber: view(found.subscriber, found.topics),
        consents: found
            .consents
            .into_iter()
            .map(ConsentExport::from)
            .collect(),
    };
    Ok(HttpResponse::Ok().json(detail))
}

/// Deletes a subscriber with topics, links and consent record, recorded in the audit log as
/// `subscriber_deleted` (for erasure of everything about an address, see `DELETE /admin/people`).
#[utoipa::path(tag = "newsletter admin", params(("id" = String, Path, format = Uuid)), security(("bearer" = ["manage_newsletter"])),
    responses((status = 204)))]
#[delete(
    "/admin/newsletter/subscribers/{id}",
    guard = "crate::routes::not_a_fixed_path"
)]
pub async fn delete_subscriber(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    subscribers::delete_audited(&state, &can, id).await?;
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
    let report = subscribers::import_audited(&state, &can, bytes.to_vec()).await?;
    Ok(HttpResponse::Ok().json(report))
}
