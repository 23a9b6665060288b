//! Event responses. Public and admin views are separate types, so a private field can only
//! reach a public response by someone adding it to [`PublicEvent`] on purpose.

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::models::{EventRecord, EventStatus, Venue};
use crate::domain::{Contact, EventFormat, format_local, format_utc};

/// Fields every view of an event shares.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    #[schema(format = Uuid)]
    pub id: String,
    pub slug: String,
    pub status: EventStatus,
    pub title: String,
    pub summary: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    /// Local time with offset, e.g. `2020-10-07T13:00:00+02:00`.
    pub starts_at: String,
    /// The same instant in UTC, e.g. `2020-10-07T11:00:00Z`.
    pub starts_at_utc: String,
    pub ends_at: String,
    pub ends_at_utc: String,
    pub timezone: String,
    pub languages: Vec<String>,
    pub format: EventFormat,
    pub venue: Option<Venue>,
    pub contacts: Vec<Contact>,
    pub series: Option<String>,
    pub topics: Vec<String>,
    pub capacity: Option<i32>,
    pub max_per_organisation: Option<i32>,
    pub approval_required: bool,
    pub registration_opens_at: Option<String>,
    pub registration_opens_at_utc: Option<String>,
    pub registration_closes_at: Option<String>,
    pub registration_closes_at_utc: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub cancelled_at: Option<String>,
}

/// Whether people can register now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    Open,
    Closed,
    Full,
    Waitlist,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationInfo {
    pub state: RegistrationState,
    /// Seats not yet taken; absent when the event has no capacity limit.
    pub seats_left: Option<i64>,
}

/// An event as anyone may see it: no access link, no registrants.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEvent {
    #[serde(flatten)]
    pub event: EventView,
    pub registration: RegistrationInfo,
    /// The published agenda; absent while there is none, and in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agenda: Option<crate::schedule::agenda::AgendaOutput>,
}

/// An event as coordinators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminEvent {
    #[serde(flatten)]
    pub event: EventView,
    /// The private access link.
    pub online_url: Option<String>,
    /// Calendar revision: rises whenever time or place change.
    pub sequence: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicEventPage {
    pub items: Vec<PublicEvent>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminEventPage {
    pub items: Vec<AdminEvent>,
    pub next_cursor: Option<String>,
}

impl EventView {
    pub fn new(record: EventRecord) -> Self {
        let event = record.event;
        let tz = event.tz();
        let local = |t: NaiveDateTime| format_local(t, tz);
        let contacts = event.contacts();
        let venue = event.venue();
        let status = event.status;
        let format = event.format;
        Self {
            status,
            format,
            venue,
            contacts,
            starts_at: local(event.starts_at),
            starts_at_utc: format_utc(event.starts_at),
            ends_at: local(event.ends_at),
            ends_at_utc: format_utc(event.ends_at),
            registration_opens_at: event.registration_opens_at.map(local),
            registration_opens_at_utc: event.registration_opens_at.map(format_utc),
            registration_closes_at: event.registration_closes_at.map(local),
            registration_closes_at_utc: event.registration_closes_at.map(format_utc),
            created_at: format_utc(event.created_at),
            updated_at: format_utc(event.updated_at),
            published_at: event.published_at.map(format_utc),
            cancelled_at: event.cancelled_at.map(format_utc),
            languages: record.languages,
            topics: record.topics,
            id: event.id,
            slug: event.slug,
            title: event.title,
            summary: event.summary,
            description: event.description,
            timezone: event.timezone.name().to_owned(),
            series: event.series,
            capacity: event.capacity,
            max_per_organisation: event.max_per_organisation,
            approval_required: event.approval_required,
        }
    }
}

impl PublicEvent {
    /// `confirmed` is the number of seats taken.
    pub fn new(record: EventRecord, now: NaiveDateTime, confirmed: i64) -> Self {
        let registration = registration_info(&record, now, confirmed);
        Self {
            event: EventView::new(record),
            registration,
            agenda: None,
        }
    }
}

impl AdminEvent {
    pub fn new(record: EventRecord) -> Self {
        let online_url = record.event.online_url.clone();
        let sequence = record.event.sequence;
        Self {
            event: EventView::new(record),
            online_url,
            sequence,
        }
    }
}

/// Registration is open for a published event between its opening and closing times and
/// before it starts; with every seat taken, new registrants join the waitlist.
pub fn registration_info(
    record: &EventRecord,
    now: NaiveDateTime,
    confirmed: i64,
) -> RegistrationInfo {
    let event = &record.event;
    let seats_left = event.capacity.map(|c| (i64::from(c) - confirmed).max(0));
    let open = event.status == EventStatus::Published
        && now < event.starts_at
        && event.registration_opens_at.is_none_or(|t| t <= now)
        && event.registration_closes_at.is_none_or(|t| now < t);
    let state = match (open, seats_left) {
        (false, _) => RegistrationState::Closed,
        (true, Some(0)) => RegistrationState::Waitlist,
        (true, _) => RegistrationState::Open,
    };
    RegistrationInfo { state, seats_left }
}
