//! Coordinators' event endpoints, behind an admin token.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use super::input::EventInput;
use super::lifecycle::{self, CANCEL, PUBLISH};
use super::output::{AdminEvent, AdminEventPage};
use super::patch::EventPatch;
use super::query::{ListQuery, StatusQuery};
use crate::accounts::{Can, can};
use crate::db::models::Event;
use crate::error::ApiError;
use crate::extract::{ApiJson, from_json_value, parse_id};
use crate::state::AppState;

/// All events in any status, soonest first.
#[utoipa::path(
    tag = "admin",
    params(ListQuery, StatusQuery),
    security(("bearer" = ["read"])),
    responses(
        (status = 200, body = AdminEventPage),
    )
)]
#[get("/admin/events")]
pub async fn list_events(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
    status: web::Query<StatusQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = query.parse(status.statuses()?)?;
    let (records, next) = state
        .db(move |conn| {
            Ok(Event::list(
                conn,
                &request.filter,
                request.cursor.as_ref(),
                request.limit,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(AdminEventPage {
        items: records.into_iter().map(AdminEvent::new).collect(),
        next_cursor: next.map(|c| c.encode()),
    }))
}

/// Creates a draft.
#[utoipa::path(
    tag = "admin",
    request_body = EventInput,
    security(("bearer" = ["manage_events"])),
    responses(
        (status = 201, body = AdminEvent),
        (status = 409, description = "The slug is taken"),
    )
)]
#[post("/admin/events")]
pub async fn create_event(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    body: ApiJson<EventInput>,
) -> Result<HttpResponse, ApiError> {
    let fields = body.0.parse()?;
    let record = state.db(move |conn| Event::create(conn, &fields)).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/admin/events/{}", record.event.id),
        ))
        .json(AdminEvent::new(record)))
}

/// One event with its private fields.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["read"])),
    responses(
        (status = 200, body = AdminEvent),
    )
)]
#[get("/admin/events/{id}")]
pub async fn get_event(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let record = state.db(move |conn| Event::load(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(AdminEvent::new(record)))
}

/// Changes an event. The body is a JSON merge patch (RFC 7396) of the event's input fields:
/// fields left out stay as they are, `null` clears a field. The result is validated whole.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    request_body(content = EventPatch, content_type = "application/json"),
    security(("bearer" = ["manage_events"])),
    responses(
        (status = 200, body = AdminEvent),
        (status = 409, description = "Cancelled, or the slug is taken"),
    )
)]
#[patch("/admin/events/{id}")]
pub async fn update_event(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: ApiJson<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let patch = body.0;
    if !patch.is_object() {
        return Err(ApiError::client(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_type",
            "The body must be a JSON object.",
        ));
    }
    // Unknown fields in the patch are refused before anything is merged.
    from_json_value::<EventInput>(patch.clone())?;
    let record = lifecycle::update(&state, &can, id, move |current| {
        let mut merged =
            serde_json::to_value(EventInput::from_record(current)).map_err(ApiError::internal)?;
        json_patch::merge(&mut merged, &patch);
        from_json_value::<EventInput>(merged)?.parse()
    })
    .await?;
    Ok(HttpResponse::Ok().json(AdminEvent::new(record)))
}

/// Deletes a draft. Published events are cancelled, not deleted.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["manage_events"])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "Not a draft"),
    )
)]
#[delete("/admin/events/{id}")]
pub async fn delete_event(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    lifecycle::delete_draft(&state, &can, parse_id(&path)?).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publishes a draft.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["manage_events"])),
    responses(
        (status = 200, body = AdminEvent),
        (status = 409, description = "Not a draft"),
    )
)]
#[post("/admin/events/{id}/publish")]
pub async fn publish_event(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let record = lifecycle::transition(&state, &can, parse_id(&path)?, PUBLISH).await?;
    Ok(HttpResponse::Ok().json(AdminEvent::new(record)))
}

/// Cancels a published event. It stays visible, marked as cancelled.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["manage_events"])),
    responses(
        (status = 200, body = AdminEvent),
        (status = 409, description = "Not published"),
    )
)]
#[post("/admin/events/{id}/cancel")]
pub async fn cancel_event(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let record = lifecycle::transition(&state, &can, parse_id(&path)?, CANCEL).await?;
    Ok(HttpResponse::Ok().json(AdminEvent::new(record)))
}
