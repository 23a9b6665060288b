//! `/events/{slug}`: one published or cancelled event, read as the API reads it
//! (`read_event`), with its description as sanitised Markdown, its agenda and contacts, a
//! calendar file, and schema.org `Event` data for search engines. The access link and the
//! registrants are not in that read, so no page can show them.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde_json::json;

use super::event_view::{AgendaEntry, EventCard, language_names};
use super::{chosen_language, layout, not_found, page};
use crate::db::models::{EventRecord, EventStatus};
use crate::db::now;
use crate::domain::{Contact, EventFormat, format_local};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::events::public::read_event;
use crate::routes::layout::Layout;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "pages/event.html")]
struct EventPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    card: EventCard,
    /// Sanitised HTML from the description's Markdown.
    description: Option<String>,
    languages: Vec<String>,
    agenda: Vec<AgendaEntry>,
    contacts: Vec<Contact>,
    calendar_url: String,
    /// The schema.org data, escaped for a `<script>` element.
    json_ld: String,
}

/// The event page, or a 404 page for a slug no public event has.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let read = match read_event(&state, slug.into_inner()).await {
        Ok(read) => read,
        Err(ApiError::Client {
            status: StatusCode::NOT_FOUND,
            ..
        }) => return Ok(not_found(&state, &req)),
        Err(error) => return Err(error),
    };
    let chosen = chosen_language(&req);
    let t = chosen.locale;
    let record = &read.record;
    let event = &record.event;
    let card = EventCard::new(t, record, now(), read.taken);
    let json_ld = json_ld(record, &state);
    let event_page = EventPage {
        layout: layout(&state, &req, t, event.title.clone()),
        t,
        description: event
            .description
            .as_deref()
            .map(crate::mail::markdown::to_html),
        languages: language_names(t, &record.languages),
        agenda: AgendaEntry::all(read.agenda.as_ref()),
        contacts: event.contacts(),
        calendar_url: format!("/api/v1/events/{}/calendar.ics", event.id),
        json_ld,
        card,
    };
    Ok(page(&state, &chosen, StatusCode::OK, &event_page))
}

/// schema.org `Event` of `record` as JSON that can stand inside `<script>`: every `<`, `>`
/// and `&` (found only inside strings) written as a `\u` escape, so no text of the event can
/// close the element.
fn json_ld(record: &EventRecord, state: &AppState) -> String {
    let event = &record.event;
    let tz = event.tz();
    let url = event.public_url(&state.settings.public_url);
    let format = event.format;
    let mode = match format {
        EventFormat::Online => "OnlineEventAttendanceMode",
        EventFormat::InPerson => "OfflineEventAttendanceMode",
        EventFormat::Hybrid => "MixedEventAttendanceMode",
    };
    let status = match event.status {
        EventStatus::Cancelled => "EventCancelled",
        _ => "EventScheduled",
    };
    let mut location = Vec::new();
    if format != EventFormat::InPerson {
        // The event's page, never its access link.
        location.push(json!({ "@type": "VirtualLocation", "url": url }));
    }
    if let Some(venue) = event.venue().filter(|_| format != EventFormat::Online) {
        location.push(json!({
            "@type": "Place",
            "name": venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address,
                "addressLocality": venue.city,
                "addressCountry": venue.country,
            },
        }));
    }
    let data = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": format_local(event.starts_at, tz),
        "endDate": format_local(event.ends_at, tz),
        "eventStatus": format!("https://schema.org/{status}"),
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "location": location,
        "inLanguage": record.languages,
        "organizer": { "@type": "Organization", "name": state.site.organisation.name },
    });
    data.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
