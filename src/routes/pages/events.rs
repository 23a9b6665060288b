//! `/` and `/events`: the published events, soonest first, filtered by topic, series,
//! conference language and format with a plain GET form, a page at a time; past events one
//! link away. The list is the API's (`read_list`), asked with the same parsed query.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::event_view::{EventCard, format_label, language_names};
use super::{chosen_language, layout, page};
use crate::db::models::{Event, EventFilter};
use crate::db::now;
use crate::domain::EventFormat;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::events::public::{VISIBLE, read_list};
use crate::routes::events::query::ListQuery;
use crate::routes::layout::Layout;
use crate::state::AppState;

/// The filters a list takes, as the form and the feeds name them.
pub(super) const FILTERS: [&str; 4] = ["topic", "series", "language", "format"];

#[derive(Template)]
#[template(path = "pages/events.html")]
struct EventsPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    events: Vec<EventCard>,
    past: bool,
    /// The filter was refused (400): the list is empty and the form says so.
    refused: bool,
    filters: Vec<FilterField>,
    next_href: Option<String>,
    /// The list's filters as a query string (without cursor or language), for the feeds.
    filter_query: String,
}

/// One filter of the form: a select of the values the listed events have.
struct FilterField {
    name: &'static str,
    label: String,
    /// (value, label, selected) of each choice.
    choices: Vec<(String, String, bool)>,
}

/// `/`: the upcoming events.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    list(state, req).await
}

/// The query's parameters that have a value.
pub(super) fn filled_params(req: &HttpRequest) -> HashMap<String, String> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .filter(|(_, value)| !value.trim().is_empty())
        .collect()
}

/// The list's query with the filters of [`FILTERS`] among `params`.
pub(super) fn filtered(params: &HashMap<String, String>) -> ListQuery {
    let value = |key: &str| params.get(key).cloned();
    ListQuery {
        topic: value("topic"),
        series: value("series"),
        language: value("language"),
        format: value("format"),
        ..ListQuery::default()
    }
}

/// `/events`, with the filters of [`FILTERS`], `when=past` and `cursor`.
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let chosen = chosen_language(&req);
    let t = chosen.locale;
    let params = filled_params(&req);
    let past = params.get("when").is_some_and(|w| w == "past");
    let query = ListQuery {
        cursor: params.get("cursor").cloned(),
        ..filtered(&params)
    };
    let now = now();
    let span = |filter: &mut EventFilter| {
        if past {
            filter.to = Some(now);
        } else {
            filter.from = Some(now);
        }
    };
    let (found, refused) = match query.parse(VISIBLE.to_vec()) {
        Ok(mut request) => {
            span(&mut request.filter);
            (Some(read_list(&state, request).await?), false)
        }
        Err(ApiError::Client { .. }) => (None, true),
        Err(error) => return Err(error),
    };
    let mut scope = EventFilter {
        statuses: VISIBLE.to_vec(),
        ..EventFilter::default()
    };
    span(&mut scope);
    let facets = state
        .db(move |conn| Ok(Event::facets(conn, &scope)?))
        .await?;
    let (items, next) = found.unwrap_or_default();
    let chosen_value = |key: &str| params.get(key).map(String::as_str).unwrap_or("");
    let choices = |key: &str, values: Vec<(String, String)>| {
        values
            .into_iter()
            .map(|(value, label)| {
                let selected = value == chosen_value(key);
                (value, label, selected)
            })
            .collect::<Vec<_>>()
    };
    let filter = |name: &'static str, label: &str, values| FilterField {
        name,
        label: t.text(label),
        choices: choices(name, values),
    };
    let plain = |values: Vec<String>| values.into_iter().map(|v| (v.clone(), v)).collect();
    let named_languages = language_names(t, &facets.languages);
    let mut filter_pairs = url::form_urlencoded::Serializer::new(String::new());
    for key in FILTERS {
        if let Some(value) = params.get(key) {
            filter_pairs.append_pair(key, value);
        }
    }
    let filter_query = filter_pairs.finish();
    let next_href = next.map(|cursor| {
        let mut pairs = url::form_urlencoded::Serializer::new(filter_query.clone());
        if past {
            pairs.append_pair("when", "past");
        }
        pairs.append_pair("cursor", &cursor.encode());
        format!("/events?{}", pairs.finish())
    });
    let title = t.text(if past {
        "events-past-title"
    } else {
        "events-title"
    });
    let events_page = EventsPage {
        layout: layout(&state, &req, t, title),
        t,
        events: items
            .iter()
            .map(|(record, taken)| EventCard::new(t, record, now, *taken))
            .collect(),
        past,
        refused,
        filters: vec![
            filter("topic", "events-filter-topic", plain(facets.topics)),
            filter("series", "events-filter-series", plain(facets.series)),
            filter(
                "language",
                "events-filter-language",
                facets.languages.into_iter().zip(named_languages).collect(),
            ),
            filter(
                "format",
                "events-filter-format",
                [
                    EventFormat::Online,
                    EventFormat::InPerson,
                    EventFormat::Hybrid,
                ]
                .into_iter()
                .map(|f| (f.as_str().to_owned(), t.text(format_label(f))))
                .collect(),
            ),
        ],
        next_href,
        filter_query,
    };
    let status = if refused {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok(page(&state, &chosen, status, &events_page))
}
