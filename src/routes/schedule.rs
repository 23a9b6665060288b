//! Coordinators' endpoints for what follows an event's announcement: its agenda and its
//! scheduling settings (access-link release, reminders, follow-up).

use actix_web::{HttpResponse, get, put, web};
use chrono::TimeDelta;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::{Can, can};
use crate::audit::{self, Action};
use crate::error::ApiError;
use crate::extract::{ApiJson, parse_id};
use crate::schedule::agenda::{AgendaInput, AgendaOutput};
use crate::schedule::settings::ScheduleSettings;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_agenda)
        .service(put_agenda)
        .service(get_schedule)
        .service(put_schedule);
}

/// The agenda, published or not.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["read"])),
    responses(
        (status = 200, body = AgendaOutput),
    )
)]
#[get("/admin/events/{id}/agenda")]
pub async fn get_agenda(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let (event, plan) = state
        .db(move |conn| crate::schedule::load(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(AgendaOutput::new(
        &event,
        plan.agenda_published,
        &plan.agenda_items(&event),
    )))
}

/// Replaces the agenda. Items are local times in the event's zone and must lie within the
/// event; they are stored sorted by start. Publishing the agenda, or changing a published one,
/// mails confirmed registrants once the quiet period (`DIALOGO_AGENDA_QUIET_SECONDS`) has
/// passed without further changes.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    request_body = AgendaInput,
    security(("bearer" = ["manage_events"])),
    responses(
        (status = 200, body = AgendaOutput),
        (status = 409, description = "The event is cancelled"),
    )
)]
#[put("/admin/events/{id}/agenda")]
pub async fn put_agenda(
    can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: ApiJson<AgendaInput>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let now = state.clock.now();
    let quiet = TimeDelta::seconds(state.settings.agenda_quiet_seconds as i64);
    let (event, plan) = state
        .db(move |conn| crate::schedule::put_agenda(conn, &id, &body.0, now, quiet))
        .await?;
    state.schedule_changed.notify_one();
    if plan.agenda_published {
        audit::record(&state, &can, Action::AgendaPublished, Some(&event.id)).await?;
    }
    Ok(HttpResponse::Ok().json(AgendaOutput::new(
        &event,
        plan.agenda_published,
        &plan.agenda_items(&event),
    )))
}

/// The event's scheduling settings.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    security(("bearer" = ["read"])),
    responses(
        (status = 200, body = ScheduleSettings),
    )
)]
#[get("/admin/events/{id}/schedule")]
pub async fn get_schedule(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let (_, plan) = state
        .db(move |conn| crate::schedule::load(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(ScheduleSettings::from_plan(&plan)))
}

/// Replaces the scheduling settings: when confirmed registrants get the access link (with the
/// confirmation, or a number of hours before the start), reminder offsets, and the follow-up.
#[utoipa::path(
    tag = "admin",
    params(("id" = String, Path, format = Uuid)),
    request_body = ScheduleSettings,
    security(("bearer" = ["manage_events"])),
    responses(
        (status = 200, body = ScheduleSettings),
        (status = 409, description = "The event is cancelled"),
    )
)]
#[put("/admin/events/{id}/schedule")]
pub async fn put_schedule(
    _can: Can<can::ManageEvents>,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: ApiJson<ScheduleSettings>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&path)?;
    let now = state.clock.now();
    let plan = state
        .db(move |conn| crate::schedule::put_settings(conn, &id, &body.0, now))
        .await?;
    state.schedule_changed.notify_one();
    Ok(HttpResponse::Ok().json(ScheduleSettings::from_plan(&plan)))
}
