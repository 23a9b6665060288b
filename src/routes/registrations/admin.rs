//! Coordinators' view of registrations: lists with filters and counts, a CSV export, and
//! decisions on single registrations.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::accounts::{Caller, Can, can};
use crate::audit::{self, Action};
use crate::db::Cursor;
use crate::db::models::{Registration, RegistrationFilter, RegistrationStatus};
use crate::domain::{Country, OrganisationType, format_utc};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::openapi::schemas::{CountryCode, PageCursor};
use crate::registrations::Decision;
use crate::registrations::listing::{export_start, listing};
use crate::routes::csv::{ListFormat, wants_csv};
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

use super::{decisions, export};

/// A registration as coordinators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationView {
    pub id: String,
    pub event_id: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub organisation_type: String,
    pub country: String,
    pub position: Option<String>,
    pub language: String,
    pub timezone: Option<String>,
    pub status: RegistrationStatus,
    pub waitlist_position: Option<i64>,
    pub created_at: String,
    pub confirmed_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationPage {
    pub items: Vec<RegistrationView>,
    pub next_cursor: Option<String>,
    /// Registrations per status over the whole event, e.g. `{"confirmed": 10, "waitlisted": 4}`.
    #[schema(value_type = Object)]
    pub counts: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationQuery {
    #[param(value_type = RegistrationStatus, required = false)]
    pub status: Option<String>,
    #[param(value_type = OrganisationType, required = false)]
    pub organisation_type: Option<String>,
    #[param(value_type = CountryCode, required = false)]
    pub country: Option<String>,
    /// Text found in the name, email address or organisation, whatever its case.
    #[param(required = false, max_length = 200)]
    pub q: Option<String>,
    /// `csv` for a CSV export of every matching registration.
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

impl RegistrationQuery {
    /// The filters asked for; a value that is not one is a 400 naming its parameter.
    pub fn filter(&self) -> Result<RegistrationFilter, ApiError> {
        let present = |v: &Option<String>| v.clone();
        Ok(RegistrationFilter {
            status: present(&self.status)
                .map(|s| {
                    RegistrationStatus::parse(&s).ok_or_else(|| bad("status", "Unknown status."))
                })
                .transpose()?,
            organisation_type: present(&self.organisation_type)
                .map(|t| {
                    OrganisationType::parse(&t).map_err(|e| bad("organisation_type", e.message))
                })
                .transpose()?,
            country: present(&self.country)
                .map(|c| Country::parse(&c).map_err(|e| bad("country", e.message)))
                .transpose()?,
            search: present(&self.q)
                .map(|q| match q.chars().count() {
                    0..=200 => Ok(q),
                    _ => Err(bad("q", "A search is at most 200 characters.")),
                })
                .transpose()?,
        })
    }
}

fn view(r: Registration, position: Option<i64>) -> RegistrationView {
    RegistrationView {
        status: r.status,
        waitlist_position: position,
        created_at: format_utc(r.created_at),
        confirmed_at: r.confirmed_at.map(format_utc),
        id: r.id,
        event_id: r.event_id,
        name: r.name,
        email: r.email,
        organisation: r.organisation,
        organisation_type: r.organisation_type,
        country: r.country,
        position: r.position,
        language: r.language,
        timezone: r.timezone.map(|tz| tz.name().to_owned()),
    }
}

/// Registrations of an event, oldest first; `?format=csv` exports them all.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid), RegistrationQuery),
    security(("bearer" = ["read_registrations"])),
    responses(
        (status = 200, description = "A page of registrations, or with `format=csv` all of them as CSV",
            content((RegistrationPage = "application/json"), (String = "text/csv"))),
    )
)]
#[get("/admin/events/{id}/registrations")]
pub async fn list_registrations(
    can: Can<can::ReadRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<RegistrationQuery>,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let filter = query.filter()?;
    let csv = wants_csv(query.format.as_deref())?;
    let limit = parse_limit(query.limit.as_deref(), 100, 500)?;
    let after = parse_cursor(query.cursor.as_deref())?;
    if csv {
        let (event, places) = state.db(move |conn| export_start(conn, &event_id)).await?;
        audit::record(&state, &can, Action::RegistrantsExported, Some(&event.id)).await?;
        return Ok(export::download(state.clone(), &event, filter, places));
    }
    let listing = state
        .db(move |conn| listing(conn, &event_id, &filter, after, limit + 1))
        .await?;
    let mut rows = listing.rows;
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = has_more
        .then(|| {
            rows.last()
                .map(|r| Cursor::new(r.created_at, &r.id).encode())
        })
        .flatten();
    let counts = listing
        .counts
        .into_iter()
        .map(|(status, n)| (status.as_str().to_owned(), n.into()))
        .collect();
    let items = rows
        .into_iter()
        .map(|r| {
            let place = listing.places.get(&r.id).copied();
            view(r, place)
        })
        .collect();
    Ok(HttpResponse::Ok().json(RegistrationPage {
        items,
        next_cursor,
        counts,
    }))
}

/// Applies `decision` for `caller` and answers with the registration as it is now.
async fn decide(
    state: web::Data<AppState>,
    caller: &Caller,
    path: web::Path<(String, String)>,
    decision: Decision,
) -> Result<HttpResponse, ApiError> {
    let (event_id, registration_id) = path.into_inner();
    let event_id = parse_id(&event_id)?;
    let registration_id = parse_id(&registration_id)?;
    let (registration, place) =
        decisions::decide(&state, caller, event_id, registration_id, decision).await?;
    Ok(HttpResponse::Ok().json(view(registration, place)))
}

/// Approves a registration awaiting approval: it gets a seat, or a waitlist place.
#[utoipa::path(tag = "admin", params(("id" = String, Path, format = Uuid), ("registration_id" = String, Path, format = Uuid)), security(("bearer" = ["manage_registrations"])),
    responses((status = 200, body = RegistrationView),
        (status = 409, description = "The registration is not in a state this applies to")))]
#[post("/admin/events/{id}/registrations/{registration_id}/approve")]
pub async fn approve(
    can: Can<can::ManageRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    decide(state, &can, path, Decision::Approve).await
}

/// Rejects a registration awaiting approval.
#[utoipa::path(tag = "admin", params(("id" = String, Path, format = Uuid), ("registration_id" = String, Path, format = Uuid)), security(("bearer" = ["manage_registrations"])),
    responses((status = 200, body = RegistrationView),
        (status = 409, description = "The registration is not in a state this applies to")))]
#[post("/admin/events/{id}/registrations/{registration_id}/reject")]
pub async fn reject(
    can: Can<can::ManageRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    decide(state, &can, path, Decision::Reject).await
}

/// Sends the registrant the mail of their current state again.
#[utoipa::path(tag = "admin", params(("id" = String, Path, format = Uuid), ("registration_id" = String, Path, format = Uuid)), security(("bearer" = ["manage_registrations"])),
    responses((status = 200, body = RegistrationView),
        (status = 409, description = "The registration is not in a state this applies to")))]
#[post("/admin/events/{id}/registrations/{registration_id}/resend")]
pub async fn resend(
    can: Can<can::ManageRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    decide(state, &can, path, Decision::ResendMail).await
}

/// Removes a registration (it becomes withdrawn, the registrant is told); a freed seat goes to
/// the waitlist.
#[utoipa::path(tag = "admin", params(("id" = String, Path, format = Uuid), ("registration_id" = String, Path, format = Uuid)), security(("bearer" = ["manage_registrations"])),
    responses((status = 200, body = RegistrationView),
        (status = 409, description = "The registration is not in a state this applies to")))]
#[delete("/admin/events/{id}/registrations/{registration_id}")]
pub async fn remove(
    can: Can<can::ManageRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    decide(state, &can, path, Decision::Remove).await
}
