//! Coordinators' side of invitations: invite (JSON or CSV), follow the answers, follow up.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::accounts::{Can, can};
use crate::db::Cursor;
use crate::db::models::{InvitationState, InvitationStatus};
use crate::domain::format_utc;
use crate::error::ApiError;
use crate::extract::{JSON_LIMIT, parse_id, parse_json, read_body};
use crate::invitations::listing::{listing, parse_status};
use crate::invitations::{self, BatchInput, BatchOutcome, invitees_from_csv};
use crate::openapi::schemas::PageCursor;
use crate::routes::paging::{parse_cursor, parse_limit};
use crate::state::AppState;

/// Largest CSV of invitees accepted.
const CSV_LIMIT: usize = 8 * 1024 * 1024;

/// Invites confirmed subscribers (optionally by topic and language) and/or named invitees to
/// a published event; named invitees also as a `text/csv` body with the header
/// `name,email,organisation,organisation_type,country,language`. Each gets a personal
/// registration link. Addresses already invited to or registered for the event are skipped.
/// Subscribers are mailed in the background, at newsletter speed.
#[utoipa::path(
    tag = "invitations",
    params(("id" = String, Path, format = Uuid)),
    request_body(content(
        (BatchInput = "application/json"),
        (String = "text/csv"),
    )),
    security(("bearer" = ["manage_invitations"])),
    responses(
        (status = 202, body = BatchOutcome),
        (status = 409, description = "The event is not published, or registration is closed"),
    )
)]
#[post("/admin/events/{id}/invitations")]
pub async fn invite(
    can: Can<can::ManageInvitations>,
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let is_csv = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("text/csv"));
    let request = if is_csv {
        invitees_from_csv(&read_body(&req, payload, "text/csv", CSV_LIMIT).await?)?
    } else {
        let body = read_body(&req, payload, "application/json", JSON_LIMIT).await?;
        parse_json::<BatchInput>(&body)?.parse()?
    };
    let outcome = invitations::invite_audited(&state, &can.caller, &event_id, request).await?;
    Ok(HttpResponse::Accepted().json(outcome))
}

/// One invited address and what became of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub organisation_type: Option<String>,
    pub country: Option<String>,
    pub language: String,
    /// `subscriber` or `invitee`.
    pub source: &'static str,
    pub status: InvitationStatus,
    pub invited_at: String,
    pub followed_up_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationPage {
    pub items: Vec<InvitationView>,
    pub next_cursor: Option<String>,
    /// Invitations per status over the whole event, and `total`.
    #[schema(value_type = Object)]
    pub counts: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvitationQuery {
    #[param(value_type = InvitationStatus, required = false)]
    pub status: Option<String>,
    /// Page size (default 100).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    #[param(value_type = PageCursor, required = false)]
    pub cursor: Option<String>,
}

fn view(state: InvitationState) -> InvitationView {
    let i = state.invitation;
    InvitationView {
        source: if i.subscriber_id.is_some() {
            "subscriber"
        } else {
            "invitee"
        },
        status: state.status,
        invited_at: format_utc(i.created_at),
        followed_up_at: i.followed_up_at.map(format_utc),
        id: i.id,
        email: i.email,
        name: i.name,
        organisation: i.organisation,
        organisation_type: i.organisation_type,
        country: i.country,
        language: i.language,
    }
}

/// Invitations of an event with their status (`sent`, `registered`, `declined`, `failed`) and
/// counts: who has not answered yet.
#[utoipa::path(
    tag = "invitations",
    params(("id" = String, Path, format = Uuid), InvitationQuery),
    security(("bearer" = ["read"])),
    responses(
        (status = 200, body = InvitationPage),
    )
)]
#[get("/admin/events/{id}/invitations")]
pub async fn list_invitations(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<InvitationQuery>,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let status = query.status.as_deref().map(parse_status).transpose()?;
    let limit = parse_limit(query.limit.as_deref(), 100, 500)? as usize;
    let after = parse_cursor(query.cursor.as_deref())?;
    let listing = state
        .db(move |conn| listing(conn, &event_id, status, after.as_ref(), limit + 1))
        .await?;
    let mut counts = serde_json::Map::new();
    for (status, n) in listing.counts {
        counts.insert(status.as_str().to_owned(), n.into());
    }
    counts.insert("total".to_owned(), listing.total.into());
    let mut rows = listing.rows;
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = has_more
        .then(|| {
            rows.last()
                .map(|i| Cursor::new(i.invitation.created_at, &i.invitation.id).encode())
        })
        .flatten();
    Ok(HttpResponse::Ok().json(InvitationPage {
        items: rows.into_iter().map(view).collect(),
        next_cursor,
        counts,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpOutcome {
    /// Follow-ups queued now.
    pub queued: usize,
}

/// Sends the one follow-up ("registration closes on …") to every invitee who has neither
/// registered nor declined nor unsubscribed; nobody gets it twice.
#[utoipa::path(
    tag = "invitations",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["manage_invitations"])),
    responses(
        (status = 202, body = FollowUpOutcome),
        (status = 409, description = "Registration is closed"),
    )
)]
#[post("/admin/events/{id}/invitations/follow-up")]
pub async fn follow_up(
    can: Can<can::ManageInvitations>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let event_id = parse_id(&path)?;
    let queued = invitations::follow_up_audited(&state, &can.caller, &event_id).await?;
    Ok(HttpResponse::Accepted().json(FollowUpOutcome { queued }))
}
