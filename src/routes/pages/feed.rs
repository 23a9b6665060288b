//! `/events.atom`: the upcoming published events as an Atom feed (RFC 4287), with the list's
//! filters, in the reader's language; written by `atom_syndication`, not by hand.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use actix_web::{HttpRequest, HttpResponse, web};
use atom_syndication::{
    Entry, EntryBuilder, Feed, FeedBuilder, FixedDateTime, LinkBuilder, PersonBuilder, Text,
};
use chrono::NaiveDateTime;

use super::chosen_language;
use super::event_view::EventCard;
use super::events::{FILTERS, filled_params, filtered};
use crate::db::models::EventRecord;
use crate::db::now;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::events::public::{VISIBLE, read_list};
use crate::state::AppState;

/// Most events one feed lists.
const FEED_SIZE: i64 = 100;

fn utc(at: NaiveDateTime) -> FixedDateTime {
    at.and_utc().fixed_offset()
}

fn entry(t: Locale, record: &EventRecord, taken: i64, state: &AppState) -> Entry {
    let event = &record.event;
    let card = EventCard::new(t, record, now(), taken);
    let url = event.public_url(&state.settings.public_url);
    let summary = [
        Some(card.when),
        Some(format!("{} · {}", card.format, card.place)),
        card.summary,
        Some(card.registration),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    EntryBuilder::default()
        .id(event.calendar_uid(&state.settings.public_url))
        .title(Text::plain(&event.title))
        .updated(utc(event.updated_at))
        .published(event.published_at.map(utc))
        .links(vec![
            LinkBuilder::default()
                .href(url)
                .rel("alternate")
                .mime_type(Some("text/html".to_owned()))
                .build(),
        ])
        .summary(Some(Text::plain(summary)))
        .build()
}

/// The feed; a filter the list refuses is answered 400, as the API answers it.
pub async fn show(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let t = chosen_language(&req).locale;
    let params = filled_params(&req);
    let query = filtered(&params);
    let mut request = query.parse(VISIBLE.to_vec())?;
    request.filter.from = Some(now());
    request.limit = FEED_SIZE;
    let (items, _) = read_list(&state, request).await?;

    let base = state.settings.public_url.as_str().trim_end_matches('/');
    let mut filters = url::form_urlencoded::Serializer::new(String::new());
    for key in FILTERS {
        if let Some(value) = params.get(key) {
            filters.append_pair(key, value);
        }
    }
    let filters = filters.finish();
    let with = |path: &str| match filters.as_str() {
        "" => format!("{base}{path}"),
        query => format!("{base}{path}?{query}"),
    };
    let updated = items
        .iter()
        .map(|(record, _)| record.event.updated_at)
        .max()
        .map_or_else(|| utc(now()), utc);
    let organisation = &state.site.organisation.name;
    let feed: Feed = FeedBuilder::default()
        .id(with("/events.atom"))
        .title(Text::plain(format!(
            "{} – {organisation}",
            t.text("events-title")
        )))
        .updated(updated)
        .lang(Some(t.code().to_owned()))
        .authors(vec![
            PersonBuilder::default().name(organisation.clone()).build(),
        ])
        .links(vec![
            LinkBuilder::default()
                .href(with("/events.atom"))
                .rel("self")
                .mime_type(Some("application/atom+xml".to_owned()))
                .build(),
            LinkBuilder::default()
                .href(with("/events"))
                .rel("alternate")
                .mime_type(Some("text/html".to_owned()))
                .build(),
        ])
        .entries(
            items
                .iter()
                .map(|(record, taken)| entry(t, record, *taken, &state))
                .collect::<Vec<_>>(),
        )
        .build();
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/atom+xml; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "public, max-age=300"))
        .insert_header((VARY, "Accept-Language, Cookie"))
        .body(feed.to_string()))
}
