//! Coordinators' view of registrations: lists with filters and counts, a CSV export, and
//! decisions on single registrations.

use actix_web::{HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::accounts::{Caller, Can, can};
use crate::audit::{self, Action};
use crate::db::Cursor;
use crate::db::models::{Event, Registration, RegistrationFilter, RegistrationStatus};
use crate::domain::{Country, OrganisationType, format_utc};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::openapi::schemas::{CountryCode, PageCursor};
use crate::registrations::{self, Decision};
use crate::routes::csv::{self, ListFormat, cell, wants_csv};
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

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
    fn filter(&self) -> Result<RegistrationFilter, ApiError> {
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
        })
    }
}

fn positions(waitlist: &[Registration]) -> impl Fn(&Registration) -> Option<i64> + '_ {
    move |r| {
        waitlist
            .iter()
            .position(|w| w.id == r.id)
            .map(|i| i as i64 + 1)
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
    security(("bearer" = ["read"])),
    responses(
        (status = 200, description = "A page of registrations, or with `format=csv` all of them as CSV",
            content((RegistrationPage = "application/json"), (String = "text/csv"))),
    )
)]
#[get("/admin/events/{id}/registrations")]
pub async fn list_registrations(
    can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<RegistrationQuery>,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let filter = query.filter()?;
    let csv = wants_csv(query.format.as_deref())?;
    let limit = parse_limit(query.limit.as_deref(), 100, 500)?;
    let after = parse_cursor(query.cursor.as_deref())?;
    let (event, rows, waitlist, counts) = state
        .db(move |conn| {
            let event = Event::find(conn, &event_id)?;
            let page = if csv { None } else { Some(limit + 1) };
            let rows = Registration::list(
                conn,
                &event_id,
                &filter,
                if csv { None } else { after },
                page,
            )?;
            Ok((
                event,
                rows,
                Registration::waitlist(conn, &event_id)?,
                Registration::counts(conn, &event_id)?,
            ))
        })
        .await?;
    let position = positions(&waitlist);
    if csv {
        audit::record(&state, &can, Action::RegistrantsExported, Some(&event.id)).await?;
        return csv_export(&event, rows, &position);
    }
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<Registration> = rows.into_iter().take(limit as usize).collect();
    let next_cursor = has_more
        .then(|| {
            rows.last()
                .map(|r| Cursor::new(r.created_at, &r.id).encode())
        })
        .flatten();
    let mut totals = serde_json::Map::new();
    for status in RegistrationStatus::ALL {
        let count = counts
            .iter()
            .find(|(s, _)| s == status.as_str())
            .map_or(0, |(_, n)| *n);
        totals.insert(status.as_str().to_owned(), count.into());
    }
    Ok(HttpResponse::Ok().json(RegistrationPage {
        items: rows
            .into_iter()
            .map(|r| {
                let p = position(&r);
                view(r, p)
            })
            .collect(),
        next_cursor,
        counts: totals,
    }))
}

fn csv_export(
    event: &Event,
    rows: Vec<Registration>,
    position: &dyn Fn(&Registration) -> Option<i64>,
) -> Result<HttpResponse, ApiError> {
    let mut writer = csv::writer();
    writer
        .write_record([
            "name",
            "email",
            "organisation",
            "organisation_type",
            "country",
            "position",
            "language",
            "timezone",
            "status",
            "waitlist_position",
            "created_at",
            "confirmed_at",
        ])
        .map_err(ApiError::internal)?;
    for r in &rows {
        writer
            .write_record([
                cell(&r.name),
                cell(&r.email),
                cell(&r.organisation),
                r.organisation_type.clone(),
                r.country.clone(),
                cell(r.position.as_deref().unwrap_or("")),
                r.language.clone(),
                r.timezone
                    .map(|tz| tz.name())
                    .unwrap_or_default()
                    .to_owned(),
                r.status.as_str().to_owned(),
                position(r).map(|p| p.to_string()).unwrap_or_default(),
                format_utc(r.created_at),
                r.confirmed_at.map(format_utc).unwrap_or_default(),
            ])
            .map_err(ApiError::internal)?;
    }
    csv::download(&format!("registrations-{}.csv", event.slug), writer)
}

/// Applies `decision` and records it as `audited` says (resending a mail is not recorded).
async fn decide(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    decision: Decision,
    audited: Option<(&Caller, Action)>,
) -> Result<HttpResponse, ApiError> {
    let (event_id, registration_id) = path.into_inner();
    let event_id = parse_id(&event_id)?;
    let registration_id = parse_id(&registration_id)?;
    let worker_state = state.clone();
    let (registration, position) = state
        .db(move |conn| {
            let r = registrations::decide(
                conn,
                &worker_state.mail_context(),
                &event_id,
                &registration_id,
                decision,
            )?;
            let position = Registration::waitlist_position(conn, &r)?;
            Ok((r, position))
        })
        .await?;
    state.mail_queued.notify_one();
    if let Some((caller, action)) = audited {
        audit::record(&state, caller, action, Some(&registration.id)).await?;
    }
    Ok(HttpResponse::Ok().json(view(registration, position)))
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
    decide(
        state,
        path,
        Decision::Approve,
        Some((&can, Action::RegistrationApproved)),
    )
    .await
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
    decide(
        state,
        path,
        Decision::Reject,
        Some((&can, Action::RegistrationRejected)),
    )
    .await
}

/// Sends the registrant the mail of their current state again.
#[utoipa::path(tag = "admin", params(("id" = String, Path, format = Uuid), ("registration_id" = String, Path, format = Uuid)), security(("bearer" = ["manage_registrations"])),
    responses((status = 200, body = RegistrationView),
        (status = 409, description = "The registration is not in a state this applies to")))]
#[post("/admin/events/{id}/registrations/{registration_id}/resend")]
pub async fn resend(
    _can: Can<can::ManageRegistrations>,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    decide(state, path, Decision::ResendMail, None).await
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
    decide(
        state,
        path,
        Decision::Remove,
        Some((&can, Action::RegistrationRemoved)),
    )
    .await
}
