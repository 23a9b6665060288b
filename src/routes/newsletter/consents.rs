//! The consent record of all subscribers, as JSON pages or a CSV export.

use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::accounts::{Can, can};
use crate::db::Cursor;
use crate::db::models::Consent;
use crate::domain::format_utc;
use crate::error::ApiError;
use crate::openapi::schemas::PageCursor;
use crate::people::ConsentExport;
use crate::routes::csv::{self, ListFormat, cell, wants_csv};
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

/// An entry of the consent record with the subscriber's address.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    pub id: String,
    pub subscriber_id: String,
    pub email: String,
    #[serde(flatten)]
    pub consent: ConsentExport,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentPage {
    pub items: Vec<ConsentView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsentQuery {
    /// `csv` for a CSV export of the whole record.
    #[param(value_type = ListFormat, required = false)]
    pub format: Option<String>,
    /// Page size (default 100).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    #[param(value_type = PageCursor, required = false)]
    pub cursor: Option<String>,
}

/// The consent record of all subscribers, oldest first; `?format=csv` exports it.
#[utoipa::path(tag = "newsletter admin", params(ConsentQuery), security(("bearer" = ["read"])),
    responses((status = 200, description = "A page of the record, or with `format=csv` all of it as CSV",
        content((ConsentPage = "application/json"), (String = "text/csv")))))]
#[get("/admin/newsletter/consents")]
pub async fn list_consents(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    query: web::Query<ConsentQuery>,
) -> Result<HttpResponse, ApiError> {
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
            Ok(Consent::list(conn, after, page)?)
        })
        .await?;
    if csv {
        let mut writer = csv::writer();
        writer
            .write_record([
                "email",
                "action",
                "privacy_notice_version",
                "source",
                "ip_address",
                "recorded_at",
            ])
            .map_err(ApiError::internal)?;
        for (c, email) in &rows {
            writer
                .write_record([
                    cell(email),
                    c.action.clone(),
                    cell(c.privacy_notice_version.as_deref().unwrap_or("")),
                    cell(&c.source),
                    c.ip_address.clone().unwrap_or_default(),
                    format_utc(c.recorded_at),
                ])
                .map_err(ApiError::internal)?;
        }
        return csv::download("consents.csv", writer);
    }
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<(Consent, String)> = rows.into_iter().take(limit as usize).collect();
    let next_cursor = has_more
        .then(|| {
            rows.last()
                .map(|(c, _)| Cursor::new(c.recorded_at, &c.id).encode())
        })
        .flatten();
    Ok(HttpResponse::Ok().json(ConsentPage {
        items: rows
            .into_iter()
            .map(|(c, email)| ConsentView {
                id: c.id.clone(),
                subscriber_id: c.subscriber_id.clone(),
                email,
                consent: ConsentExport::from(c),
            })
            .collect(),
        next_cursor,
    }))
}
