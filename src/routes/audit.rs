//! The audit log for admins: filtered, in pages, or as a CSV export.

use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::{Can, can};
use crate::audit::Action;
use crate::db::Cursor;
use crate::db::models::{AuditEntry, AuditFilter};
use crate::domain::format_utc;
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::openapi::schemas::{AuditAction, Instant, PageCursor};
use crate::routes::csv::{self, ListFormat, cell, wants_csv};
use crate::routes::events::query::parse_instant;
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_audit);
}

/// One entry: who (`user_id` and `token_name`; both absent for the command line) did what to
/// which object, when and from where.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub id: String,
    pub at: String,
    pub user_id: Option<String>,
    pub token_name: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub client_address: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this action, e.g. `event_published`.
    #[param(value_type = AuditAction, required = false)]
    pub action: Option<String>,
    /// Only what this account did.
    #[param(format = Uuid)]
    pub user_id: Option<String>,
    /// Only what was done to this object.
    pub object_id: Option<String>,
    /// Only entries at or after this time.
    #[param(value_type = Option<Instant>)]
    pub from: Option<String>,
    /// Only entries before this time.
    #[param(value_type = Option<Instant>)]
    pub until: Option<String>,
    /// `csv` for a CSV export of every matching entry.
    #[param(value_type = ListFormat, required = false)]
    pub format: Option<String>,
    /// Page size (default 100).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    #[param(value_type = PageCursor, required = false)]
    pub cursor: Option<String>,
}

impl AuditQuery {
    /// The filter these parameters ask for, or the refusal of the first that is not right.
    pub(crate) fn filter(&self) -> Result<AuditFilter, ApiError> {
        let bad = |field: &str, message: String| {
            ApiError::bad_request("invalid_query_parameter", message).at(field)
        };
        if let Some(action) = &self.action {
            Action::parse(action)
                .ok_or_else(|| bad("action", format!("{action:?} is not an audited action.")))?;
        }
        let instant = |field: &str, value: &Option<String>| {
            value
                .as_deref()
                .map(|v| parse_instant(v).map_err(|e| bad(field, e.message)))
                .transpose()
        };
        Ok(AuditFilter {
            action: self.action.clone(),
            user_id: self.user_id.as_deref().map(parse_id).transpose()?,
            object_id: self.object_id.clone(),
            from: instant("from", &self.from)?,
            until: instant("until", &self.until)?,
        })
    }
}

/// The audit log, oldest first; `?format=csv` exports every matching entry.
#[utoipa::path(tag = "admin", params(AuditQuery), security(("bearer" = ["read_audit"])),
    responses((status = 200, description = "A page of the log, or with `format=csv` all matching entries as CSV",
        content((AuditPage = "application/json"), (String = "text/csv")))))]
#[get("/admin/audit")]
pub async fn list_audit(
    _can: Can<can::ReadAudit>,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter()?;
    let csv = wants_csv(query.format.as_deref())?;
    let limit = parse_limit(query.limit.as_deref(), 100, 500)?;
    let after = parse_cursor(query.cursor.as_deref())?;
    let rows = state
        .db(move |conn| {
            let (after, page) = if csv {
                (None, None)
            } else {
                (after, Some(limit + 1))
            };
            Ok(AuditEntry::list(conn, &filter, after, page)?)
        })
        .await?;
    if csv {
        return csv_export(rows);
    }
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<AuditEntry> = rows.into_iter().take(limit as usize).collect();
    let next_cursor = has_more
        .then(|| rows.last().map(|e| Cursor::new(e.at, &e.id).encode()))
        .flatten();
    Ok(HttpResponse::Ok().json(AuditPage {
        items: rows.into_iter().map(view).collect(),
        next_cursor,
    }))
}

/// `rows` as the CSV download `audit.csv`, one line per entry (the API's export, and the
/// console's).
pub(crate) fn csv_export(rows: Vec<AuditEntry>) -> Result<HttpResponse, ApiError> {
    let mut writer = csv::writer();
    writer
        .write_record([
            "id",
            "at",
            "user_id",
            "token_name",
            "action",
            "object_type",
            "object_id",
            "client_address",
        ])
        .map_err(ApiError::internal)?;
    for entry in rows.into_iter().map(view) {
        writer
            .write_record([
                entry.id,
                entry.at,
                entry.user_id.unwrap_or_default(),
                cell(&entry.token_name.unwrap_or_default()),
                entry.action,
                entry.object_type,
                cell(&entry.object_id.unwrap_or_default()),
                entry.client_address.unwrap_or_default(),
            ])
            .map_err(ApiError::internal)?;
    }
    csv::download("audit.csv", writer)
}

fn view(entry: AuditEntry) -> AuditView {
    AuditView {
        at: format_utc(entry.at),
        id: entry.id,
        user_id: entry.user_id,
        token_name: entry.token_name,
        action: entry.action,
        object_type: entry.object_type,
        object_id: entry.object_id,
        client_address: entry.client_address,
    }
}
