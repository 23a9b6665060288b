//! An event as the pages show it, in the reader's language: built from the same reads and
//! the same registration rule as the API's public view ([`registration_info`]), never from
//! the access link or the registrants, which these reads do not carry.

use chrono::NaiveDateTime;

use crate::db::models::{EventRecord, EventStatus};
use crate::domain::EventFormat;
use crate::i18n::{Locale, format_event_time};
use crate::routes::events::output::{RegistrationState, registration_info};
use crate::schedule::agenda::AgendaOutput;

/// What a list shows of an event, and what its page starts with.
pub struct EventCard {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    /// In the event's zone, with its offset.
    pub when: String,
    pub format: String,
    /// The venue in one line, or "Online".
    pub place: String,
    pub registration: String,
    /// Whether people can register now (perhaps for the waitlist): the page links the form.
    pub registration_open: bool,
    pub cancelled: bool,
}

/// One agenda item: its times in the event's zone, title, description and speakers.
pub struct AgendaEntry {
    pub time: String,
    pub title: String,
    pub description: Option<String>,
    /// "Name, affiliation (role)" each.
    pub speakers: Vec<String>,
}

/// The message naming a format.
pub fn format_label(format: EventFormat) -> &'static str {
    match format {
        EventFormat::Online => "event-format-online",
        EventFormat::InPerson => "event-format-in-person",
        EventFormat::Hybrid => "event-format-hybrid",
    }
}

/// Conference languages named in the reader's language `t` ("Englisch").
pub fn language_names(t: Locale, codes: &[String]) -> Vec<String> {
    codes.iter().map(|code| t.language_name(code)).collect()
}

impl EventCard {
    pub fn new(t: Locale, record: &EventRecord, now: NaiveDateTime, taken: i64) -> Self {
        let event = &record.event;
        let format = event.format;
        let place = match event.venue() {
            Some(venue) if format != EventFormat::Online => venue.one_line(),
            _ => t.text("label-online"),
        };
        let cancelled = event.status == EventStatus::Cancelled;
        let info = registration_info(record, now, taken);
        let registration = if cancelled {
            t.text("event-cancelled")
        } else {
            let state = t.text(match info.state {
                RegistrationState::Open => "event-registration-open",
                RegistrationState::Waitlist => "event-registration-waitlist",
                RegistrationState::Closed | RegistrationState::Full => "event-registration-closed",
            });
            match (info.state, info.seats_left) {
                (RegistrationState::Open, Some(seats)) => format!(
                    "{state} {}",
                    t.text_with("invitation-seats-left", &[("seats", seats.into())])
                ),
                _ => state,
            }
        };
        Self {
            slug: event.slug.clone(),
            title: event.title.clone(),
            summary: event.summary.clone(),
            when: format_event_time(t, event.starts_at, event.ends_at, event.tz()),
            format: t.text(format_label(format)),
            place,
            registration,
            registration_open: !cancelled
                && matches!(
                    info.state,
                    RegistrationState::Open | RegistrationState::Waitlist
                ),
            cancelled,
        }
    }
}

impl AgendaEntry {
    /// The items of a published agenda; their times are local with offset already.
    pub fn all(agenda: Option<&AgendaOutput>) -> Vec<Self> {
        let clock = |value: &str| {
            chrono::DateTime::parse_from_rfc3339(value)
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default()
        };
        agenda
            .map(|agenda| agenda.items.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|item| Self {
                time: format!("{}–{}", clock(&item.starts_at), clock(&item.ends_at)),
                title: item.title.clone(),
                description: item.description.clone(),
                speakers: item
                    .speakers
                    .iter()
                    .map(|s| {
                        let mut line = s.name.clone();
                        if let Some(affiliation) = &s.affiliation {
                            line = format!("{line}, {affiliation}");
                        }
                        if let Some(role) = &s.role {
                            line = format!("{line} ({role})");
                        }
                        line
                    })
                    .collect(),
            })
            .collect()
    }
}
