//! Public event endpoints: published and cancelled events only, never private fields.

use actix_web::{HttpResponse, get, web};

use super::output::{PublicEvent, PublicEventPage};
use super::query::{ListQuery, ListRequest};
use crate::db::models::{Event, EventRecord, EventStatus, Registration};
use crate::db::{Cursor, now};
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
    let (items, next) = read_list(&state, request).await?;
    Ok(HttpResponse::Ok().json(PublicEventPage {
        items: items
            .into_iter()
            .map(|(record, taken)| PublicEvent::new(record, now, taken))
            .collect(),
        next_cursor: next.map(|c| c.encode()),
    }))
}

/// One page of the public list as `request` asks (its statuses those the public may see),
/// each event with its seats taken, and the cursor of the next page. The API's list and the
/// pages read through here.
pub async fn read_list(
    state: &AppState,
    request: ListRequest,
) -> Result<(Vec<(EventRecord, i64)>, Option<Cursor>), ApiError> {
    state
        .db(move |conn| {
            let (records, next) = Event::list(
                conn,
                &request.filter,
                request.cursor.as_ref(),
                request.limit,
            )?;
            let ids: Vec<&str> = records.iter().map(|r| r.event.id.as_str()).collect();
            let taken = Registration::confirmed_counts(conn, &ids)?;
            let seats_taken = |id: &str| taken.iter().find(|(e, _)| e == id).map_or(0, |(_, n)| *n);
            let items = records
                .into_iter()
                .map(|r| {
                    let taken = seats_taken(&r.event.id);
                    (r, taken)
                })
                .collect();
            Ok((items, next))
        })
        .await
}

/// A public event as the API and the pages show it: the event, its seats taken and its
/// published agenda.
pub struct PublicRead {
    pub record: EventRecord,
    pub taken: i64,
    pub agenda: Option<AgendaOutput>,
}

/// The published or cancelled event with id or slug `key`; any other is not found.
pub async fn read_event(state: &AppState, key: String) -> Result<PublicRead, ApiError> {
    state
        .db(move |conn| {
            let event = Event::find_by_key(conn, &key)?;
            if !VISIBLE.contains(&event.status) {
                return Err(ApiError::not_found("event"));
            }
            let taken = Registration::confirmed_count(conn, &event.id, None)?;
            let agenda = crate::schedule::plan::EventPlan::load_or_fresh(conn, &event)?
                .published_agenda(&event)
                .map(|items| AgendaOutput::new(&event, true, &items));
            Ok(PublicRead {
                record: Event::load(conn, &event.id)?,
                taken,
                agenda,
            })
        })
        .await
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
    let read = read_event(&state, path.into_inner()).await?;
    let mut public = PublicEvent::new(read.record, now(), read.taken);
    public.agenda = read.agenda;
    Ok(HttpResponse::Ok().json(public))
}
