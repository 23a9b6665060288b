//! Public event endpoints: published and cancelled events only, never private fields.

use actix_web::{HttpResponse, get, web};

use super::output::{PublicEvent, PublicEventPage};
use super::query::ListQuery;
use crate::db::models::{Event, EventStatus, Registration};
use crate::db::now;
use crate::error::ApiError;
use crate::schedule::agenda::AgendaOutput;
use crate::state::AppState;

/// Statuses the public may see. Cancelled events stay listed so that nobody turns up.
pub const VISIBLE: [EventStatus; 2] = [EventStatus::Published, EventStatus::Cancelled];

/// Published events, soonest first.
#[utoipa::path(
    tag = "events",
    operation_id = "list_public_events",
    params(ListQuery),
    responses(
        (status = 200, body = PublicEventPage),
        (status = 400, description = "A filter or the cursor is invalid"),
    )
)]
#[get("/events")]
pub async fn list_events(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut request = query.parse(VISIBLE.to_vec())?;
    let now = now();
    request.filter.from.get_or_insert(now);
    let (records, next, taken) = state
        .db(move |conn| {
            let (records, next) = Event::list(
                conn,
                &request.filter,
                request.cursor.as_ref(),
                request.limit,
            )?;
            let ids: Vec<&str> = records.iter().map(|r| r.event.id.as_str()).collect();
            let taken = Registration::confirmed_counts(conn, &ids)?;
            Ok((records, next, taken))
        })
        .await?;
    let seats_taken = |id: &str| taken.iter().find(|(e, _)| e == id).map_or(0, |(_, n)| *n);
    Ok(HttpResponse::Ok().json(PublicEventPage {
        items: records
            .into_iter()
            .map(|r| {
                let taken = seats_taken(&r.event.id);
                PublicEvent::new(r, now, taken)
            })
            .collect(),
        next_cursor: next.map(|c| c.encode()),
    }))
}

/// One published or cancelled event, by id or slug.
#[utoipa::path(
    tag = "events",
    operation_id = "get_public_event",
    params(("id_or_slug" = String, Path, description = "The event's id or slug")),
    responses(
        (status = 200, body = PublicEvent),
        (status = 404, description = "No such public event"),
    )
)]
#[get("/events/{id_or_slug}")]
pub async fn get_event(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = path.into_inner();
    let (record, taken, agenda) = state
        .db(move |conn| {
            let event = Event::find_by_key(conn, &key)?;
            if !VISIBLE.contains(&event.status()) {
                return Err(ApiError::not_found("event"));
            }
            let taken = Registration::confirmed_count(conn, &event.id, None)?;
            let agenda = crate::schedule::plan::EventPlan::load_or_fresh(conn, &event)?
                .published_agenda(&event)
                .map(|items| AgendaOutput::new(&event, true, &items));
            Ok((Event::load(conn, &event.id)?, taken, agenda))
        })
        .await?;
    let mut public = PublicEvent::new(record, now(), taken);
    public.agenda = agenda;
    Ok(HttpResponse::Ok().json(public))
}
