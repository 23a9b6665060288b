//! Public calendars: one event as an `.ics` file, and a feed of events to subscribe to. Like
//! every public response they never carry the access link.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};

use super::public::VISIBLE;
use super::query::ListQuery;
use crate::db::models::{Event, EventRecord, EventStatus};
use crate::db::now;
use crate::error::ApiError;
use crate::mail::ics::{self, EventEntry};
use crate::state::AppState;

/// Most events one feed lists.
const FEED_SIZE: i64 = 500;

fn entry<'a>(record: &'a EventRecord, base: &url::Url) -> EventEntry<'a> {
    let event = &record.event;
    EventEntry {
        uid: event.calendar_uid(base),
        sequence: u32::try_from(event.sequence).unwrap_or(0),
        cancelled: event.status == EventStatus::Cancelled,
        title: &event.title,
        description: event.summary.as_deref(),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        location: event.venue().map(|v| v.one_line()),
        url: event.public_url(base),
        stamp: event.updated_at,
    }
}

fn calendar_response(body: String, filename: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("inline; filename=\"{filename}\""),
        ))
        .insert_header((CACHE_CONTROL, "public, max-age=300"))
        .body(body)
}

/// One published or cancelled event as an iCalendar file.
#[utoipa::path(
    tag = "events",
    params(("id_or_slug" = String, Path, description = "The event's id or slug")),
    responses(
        (status = 200, description = "iCalendar (METHOD:PUBLISH)", content_type = "text/calendar"),
    )
)]
#[get("/events/{id_or_slug}/calendar.ics")]
pub async fn event_calendar(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = path.into_inner();
    let record = state
        .db(move |conn| {
            let event = Event::find_by_key(conn, &key)?;
            if !VISIBLE.contains(&event.status) {
                return Err(ApiError::not_found("event"));
            }
            Event::load(conn, &event.id)
        })
        .await?;
    let body = ics::feed(&[entry(&record, &state.settings.public_url)]);
    Ok(calendar_response(
        body,
        &format!("{}.ics", record.event.slug),
    ))
}

/// Published events as a calendar feed, soonest first; the filters of `GET /events`.
#[utoipa::path(
    tag = "events",
    params(ListQuery),
    responses(
        (status = 200, description = "iCalendar feed (METHOD:PUBLISH)", content_type = "text/calendar"),
    )
)]
#[get("/events.ics")]
pub async fn events_feed(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let mut request = query.parse(VISIBLE.to_vec())?;
    request.filter.from.get_or_insert(now());
    let (records, _) = state
        .db(move |conn| Ok(Event::list(conn, &request.filter, None, FEED_SIZE)?))
        .await?;
    let base = &state.settings.public_url;
    let entries: Vec<EventEntry<'_>> = records.iter().map(|r| entry(r, base)).collect();
    Ok(calendar_response(ics::feed(&entries), "events.ics"))
}
