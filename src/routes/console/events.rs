//! `/console/events`: every event (drafts, published, cancelled), filtered by status, series
//! and period with a GET form, a page at a time; `/console/events/{id}`: one event's facts and
//! where its registrations stand, with the way to them.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::filters::{Filter, choices};
use super::labels;
use super::nav::Section;
use super::pager::{PageLinks, href};
use super::pages::{Account, account, layout, render};
use super::session::Signed;
use crate::accounts::{Can, Permission, can};
use crate::db::models::{Event, EventFilter, EventRecord, EventStatus, RegistrationStatus};
use crate::error::ApiError;
use crate::extract::parse_id;
use crate::i18n::{Locale, format_event_time};
use crate::registrations::listing::listing;
use crate::routes::csrf::CsrfToken;
use crate::routes::layout::Layout;
use crate::routes::paging::parse_cursor;
use crate::state::AppState;

/// Events per page.
const PAGE: i64 = 50;

/// The list's filters as the form sends them; empty means all.
#[derive(Debug, Default, Deserialize)]
pub struct EventsQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    series: String,
    /// `upcoming` (the default), `past` or `all`.
    #[serde(default)]
    when: String,
    cursor: Option<String>,
    done: Option<String>,
}

/// An event as a row of the list.
struct Row {
    id: String,
    title: String,
    status: String,
    series: String,
    when: String,
}

#[derive(Template)]
#[template(path = "console/events.html")]
struct EventsPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    rows: Vec<Row>,
    filter_action: &'static str,
    filters: Vec<Filter>,
    pager: PageLinks,
    notice: Option<String>,
    /// Whether the role may create events.
    manage: bool,
}

/// The events, soonest first.
pub async fn list(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    query: web::Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let status = match query.status.as_str() {
        "" => None,
        s => Some(EventStatus::parse(s).ok_or_else(|| bad("status"))?),
    };
    let now = state.clock.now();
    let (from, to) = match query.when.as_str() {
        "" | "upcoming" => (Some(now), None),
        "past" => (None, Some(now)),
        "all" => (None, None),
        _ => return Err(bad("when")),
    };
    let filter = EventFilter {
        statuses: status.into_iter().collect(),
        from,
        to,
        series: Some(query.series.trim().to_owned()).filter(|s| !s.is_empty()),
        ..EventFilter::default()
    };
    let after = parse_cursor(query.cursor.as_deref())?;
    let had_cursor = after.is_some();
    let (records, next) = state
        .db(move |conn| Ok(Event::list(conn, &filter, after.as_ref(), PAGE)?))
        .await?;
    let filters = [
        ("status", query.status.as_str()),
        ("series", query.series.trim()),
        ("when", query.when.as_str()),
    ];
    let pager = PageLinks {
        next: next.map(|cursor| href("/console/events", &filters, Some(&cursor))),
        first: had_cursor.then(|| href("/console/events", &filters, None)),
    };
    let page = EventsPage {
        layout: layout(&state, t, t.text("console-events-title")),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        rows: records.iter().map(|r| row(t, r)).collect(),
        filter_action: "/console/events",
        filters: event_filters(t, &query),
        notice: done_notice(t, query.done.as_deref()),
        manage: signed
            .user
            .role()
            .is_ok_and(|r| r.may(Permission::ManageEvents)),
        pager,
    };
    Ok(render(StatusCode::OK, &page))
}

fn bad(field: &str) -> ApiError {
    ApiError::bad_request(
        "invalid_query_parameter",
        format!("{field} is not one of its values."),
    )
    .at(field)
}

fn row(t: Locale, record: &EventRecord) -> Row {
    let event = &record.event;
    Row {
        id: event.id.clone(),
        title: event.title.clone(),
        status: labels::event_status(t, event.status),
        series: event.series.clone().unwrap_or_default(),
        when: format_event_time(t, event.starts_at, event.ends_at, event.tz()),
    }
}

/// The list's filters: status, period and series, as `query` chose them.
fn event_filters(t: Locale, query: &EventsQuery) -> Vec<Filter> {
    let statuses = [
        EventStatus::Draft,
        EventStatus::Published,
        EventStatus::Cancelled,
    ]
    .into_iter()
    .map(|s| (s.as_str().to_owned(), labels::event_status(t, s)));
    let when = if query.when.is_empty() {
        "upcoming"
    } else {
        &query.when
    };
    let periods = [
        ("upcoming", "console-period-upcoming"),
        ("past", "console-period-past"),
        ("all", "console-period-all"),
    ]
    .into_iter()
    .map(|(value, label)| (value.to_owned(), t.text(label), value == when))
    .collect();
    vec![
        Filter::select(
            "status",
            t.text("console-label-status"),
            choices(t.text("console-all-statuses"), statuses, &query.status),
        ),
        Filter::select("when", t.text("console-label-period"), periods),
        Filter::text(
            "series",
            t.text("console-label-series"),
            query.series.trim(),
        ),
    ]
}

#[derive(Template)]
#[template(path = "console/event.html")]
struct EventPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    id: String,
    facts: Vec<(String, String)>,
    /// (status code, label, count) of every registration status.
    counts: Vec<(&'static str, String, i64)>,
    /// The public page, once published.
    public_url: Option<String>,
    registrations: bool,
    /// Whether the role may change the event (then its actions are offered).
    manage: bool,
    draft: bool,
    published: bool,
    cancelled: bool,
    notice: Option<String>,
    csrf: &'a str,
}

/// What a page was just asked to confirm, by `?done=`.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The sentence confirming what `done` names, if it names something.
fn done_notice(t: Locale, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "published" => "console-published",
        "created" => "console-created",
        "saved" => "console-saved",
        "cancelled" => "console-cancelled",
        "duplicated" => "console-duplicated",
        "deleted" => "console-deleted",
        _ => return None,
    };
    Some(t.text(id))
}

/// One event: its facts and the counts of its registrations.
pub async fn show(
    _can: Can<can::Read>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    path: web::Path<String>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let id = parse_id(&path)?;
    let read = state
        .db(move |conn| {
            let record = Event::load(conn, &id)?;
            let listed = listing(conn, &id, &Default::default(), None, 0)?;
            Ok((record, listed.counts))
        })
        .await?;
    let (record, counts) = read;
    let event = &record.event;
    let taken = counts
        .iter()
        .find(|(s, _)| *s == RegistrationStatus::Confirmed)
        .map_or(0, |(_, n)| *n);
    let facts = facts(t, &record, taken);
    let public_url =
        (event.status != EventStatus::Draft).then(|| event.public_url(&state.settings.public_url));
    let may = |p| signed.user.role().is_ok_and(|r| r.may(p));
    let page = EventPage {
        layout: layout(&state, t, event.title.clone()),
        t,
        account: account(&signed, csrf.as_str()).at(Section::Events),
        id: event.id.clone(),
        facts,
        counts: counts
            .into_iter()
            .map(|(s, n)| (s.as_str(), labels::registration_status(t, s), n))
            .collect(),
        public_url,
        registrations: may(Permission::ReadRegistrations),
        manage: may(Permission::ManageEvents),
        draft: event.status == EventStatus::Draft,
        published: event.status == EventStatus::Published,
        cancelled: event.status == EventStatus::Cancelled,
        notice: done_notice(t, done.done.as_deref()),
        csrf: csrf.as_str(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// The event's facts as (label, value), in `t`.
fn facts(t: Locale, record: &EventRecord, taken: i64) -> Vec<(String, String)> {
    let event = &record.event;
    let yes_no = |b: bool| t.text(if b { "console-yes" } else { "console-no" });
    let mut facts = vec![
        (
            t.text("console-label-status"),
            labels::event_status(t, event.status),
        ),
        (
            t.text("console-label-when"),
            format_event_time(t, event.starts_at, event.ends_at, event.tz()),
        ),
        (
            t.text("console-label-format"),
            t.text(crate::routes::pages::format_label(event.format)),
        ),
    ];
    if let Some(venue) = event.venue() {
        facts.push((t.text("console-label-venue"), venue.one_line()));
    }
    let languages: Vec<String> = record
        .languages
        .iter()
        .map(|c| t.language_name(c))
        .collect();
    facts.push((t.text("console-label-languages"), languages.join(", ")));
    if let Some(series) = &event.series {
        facts.push((t.text("console-label-series"), series.clone()));
    }
    let seats = match event.capacity {
        Some(capacity) => format!("{taken} / {capacity}"),
        None => taken.to_string(),
    };
    facts.push((t.text("console-label-seats"), seats));
    if let Some(limit) = event.max_per_organisation {
        facts.push((t.text("console-label-per-organisation"), limit.to_string()));
    }
    facts.push((
        t.text("console-label-approval"),
        yes_no(event.approval_required),
    ));
    facts
}
