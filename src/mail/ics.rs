//! Calendar invitations (RFC 5545 with the iTIP methods of RFC 5546), written by `icalendar`.
//!
//! Instants are written in UTC, which every client converts to its own zone; the UID is stable
//! per event and SEQUENCE rises with each change of time or place, so clients update the entry
//! they already have instead of adding a second one.

use chrono::{DateTime, NaiveDateTime, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};

/// Whether the calendar asks to add (or update) the event, or to remove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// A calendar entry sent to one person: the event, the iTIP method, and who is who.
pub struct CalendarEntry<'a> {
    pub event: EventEntry<'a>,
    pub method: Method,
    pub organizer_name: Option<&'a str>,
    pub organizer_email: &'a str,
    pub attendee_name: Option<&'a str>,
    pub attendee_email: &'a str,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn person(key: &str, name: Option<&str>, email: &str) -> Property {
    let mut property = Property::new(key, format!("mailto:{email}"));
    if let Some(name) = name {
        property.add_parameter("CN", &parameter_value(name));
    }
    property
}

/// A TEXT value as it may be written: line breaks (CRLF, CR or LF) become LF, which is
/// escaped as `\n`, and other control characters become spaces. A bare CR would otherwise
/// end the line and start a property of the sender's choosing; `icalendar` escapes only LF.
fn text_value(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// A parameter value as it may be written: on one line, without control characters, and
/// without `"`, which RFC 5545 does not allow in one (it would end the quoted value).
fn parameter_value(text: &str) -> String {
    super::address::header_safe(text).replace('"', "")
}

/// The event part of a calendar entry, as mails and public feeds share it.
pub struct EventEntry<'a> {
    pub uid: String,
    pub sequence: u32,
    pub cancelled: bool,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: Option<String>,
    pub url: String,
    pub stamp: NaiveDateTime,
}

/// The properties every entry of an event carries, in mails and feeds alike.
fn base_event(entry: &EventEntry<'_>) -> icalendar::Event {
    let mut event = icalendar::Event::new();
    event
        .uid(&entry.uid)
        .sequence(entry.sequence)
        .timestamp(utc(entry.stamp))
        .summary(&text_value(entry.title))
        .starts(utc(entry.starts_at))
        .ends(utc(entry.ends_at))
        .url(&entry.url)
        .status(if entry.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if let Some(description) = entry.description {
        event.description(&text_value(description));
    }
    if let Some(location) = &entry.location {
        event.location(&text_value(location));
    }
    event
}

fn calendar(method: &str, events: Vec<icalendar::Event>) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//dialogo//dialogo events//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", method));
    for event in events {
        calendar.push(event);
    }
    calendar.to_string()
}

/// The calendar of one mail, ready to attach.
pub fn render(entry: &CalendarEntry<'_>) -> String {
    let mut event = base_event(&entry.event);
    event.append_property(person(
        "ORGANIZER",
        entry.organizer_name,
        entry.organizer_email,
    ));
    let mut attendee = person("ATTENDEE", entry.attendee_name, entry.attendee_email);
    attendee
        .add_parameter("ROLE", "REQ-PARTICIPANT")
        .add_parameter("PARTSTAT", "NEEDS-ACTION")
        .add_parameter("RSVP", "FALSE");
    event.append_property(attendee);
    calendar(entry.method.as_str(), vec![event.done()])
}

/// A public calendar (`METHOD:PUBLISH`) of several events, for subscribing.
pub fn feed(entries: &[EventEntry<'_>]) -> String {
    calendar(
        "PUBLISH",
        entries.iter().map(|e| base_event(e).done()).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn entry(method: Method) -> String {
        render(&CalendarEntry {
            event: EventEntry {
                uid: "0190f0b8@events.example.org".into(),
                sequence: 2,
                cancelled: method == Method::Cancel,
                title: "Diálogo digital; México, Alemania",
                description: Some("Line one\nLine two, with commas; and semicolons"),
                starts_at: at("2026-06-15T16:00"),
                ends_at: at("2026-06-15T23:00"),
                location: Some("Secretaría de Economía, Ciudad de México".into()),
                url: "https://events.example.org/events/dialogo".into(),
                stamp: at("2026-01-01T00:00"),
            },
            method,
            organizer_name: Some("dialogo"),
            organizer_email: "noreply@example.org",
            attendee_name: Some("Ana\r\nInjected"),
            attendee_email: "ana@example.org",
        })
    }

    fn parse(text: &str) -> ical::parser::ical::component::IcalCalendar {
        ical::IcalParser::new(text.as_bytes())
            .next()
            .unwrap()
            .unwrap()
    }

    fn value<'a>(props: &'a [ical::property::Property], name: &str) -> &'a str {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.as_deref())
            .unwrap_or("")
    }

    #[test]
    fn a_request_parses_with_utc_instants_uid_and_sequence() {
        let text = entry(Method::Request);
        assert!(text.lines().all(|l| l.len() <= 75), "lines are folded");
        let calendar = parse(&text);
        assert_eq!(value(&calendar.properties, "METHOD"), "REQUEST");
        let event = &calendar.events[0];
        assert_eq!(value(&event.properties, "DTSTART"), "20260615T160000Z");
        assert_eq!(value(&event.properties, "DTEND"), "20260615T230000Z");
        assert_eq!(
            value(&event.properties, "UID"),
            "0190f0b8@events.example.org"
        );
        assert_eq!(value(&event.properties, "SEQUENCE"), "2");
        assert_eq!(value(&event.properties, "STATUS"), "CONFIRMED");
        assert_eq!(
            value(&event.properties, "ORGANIZER"),
            "mailto:noreply@example.org"
        );
        let attendee = event
            .properties
            .iter()
            .find(|p| p.name == "ATTENDEE")
            .unwrap();
        let params = attendee.params.as_ref().unwrap();
        let cn = params
            .iter()
            .find(|(k, _)| k == "CN")
            .map(|(_, v)| v.join(","));
        assert_eq!(cn.as_deref(), Some("Ana Injected"));
        assert!(value(&event.properties, "SUMMARY").contains("México"));
    }

    #[test]
    fn carriage_returns_and_quotes_cannot_add_properties_or_parameters() {
        let text = render(&CalendarEntry {
            event: EventEntry {
                uid: "u@events.example.org".into(),
                sequence: 0,
                cancelled: false,
                title: "Title\rX-INJECT-SUMMARY:1\r\nX-INJECT-CRLF:2",
                description: Some("One\rX-INJECT-DESCRIPTION:3\u{0}\u{7}\u{1b}[0m\nTwo"),
                starts_at: at("2026-06-15T16:00"),
                ends_at: at("2026-06-15T23:00"),
                location: Some("Hall\rX-INJECT-LOCATION:4".into()),
                url: "https://events.example.org/events/x".into(),
                stamp: at("2026-01-01T00:00"),
            },
            method: Method::Request,
            organizer_name: Some("dialogo"),
            organizer_email: "noreply@example.org",
            attendee_name: Some("Ana\":mailto:evil@example.org;ROLE=CHAIR;X=\"\r"),
            attendee_email: "ana@example.org",
        });
        assert!(
            !text.replace("\r\n", "").contains('\r'),
            "a bare CR: {text:?}"
        );
        let calendar = parse(&text);
        let event = &calendar.events[0];
        let names: Vec<&str> = event.properties.iter().map(|p| p.name.as_str()).collect();
        assert!(
            names.iter().all(|n| !n.starts_with("X-INJECT")),
            "{names:?}"
        );
        assert_eq!(names.iter().filter(|n| **n == "ATTENDEE").count(), 1);
        let summary = value(&event.properties, "SUMMARY");
        assert!(summary.starts_with("Title"), "{summary}");
        let attendee = event
            .properties
            .iter()
            .find(|p| p.name == "ATTENDEE")
            .unwrap();
        assert_eq!(attendee.value.as_deref(), Some("mailto:ana@example.org"));
        let params = attendee.params.as_ref().unwrap();
        let role: Vec<&String> = params
            .iter()
            .filter(|(k, _)| k == "ROLE")
            .flat_map(|(_, v)| v)
            .collect();
        assert_eq!(role, ["REQ-PARTICIPANT"], "{params:?}");
        assert!(params.iter().all(|(k, _)| k != "X"), "{params:?}");
    }

    #[test]
    fn a_cancellation_says_so() {
        let calendar = parse(&entry(Method::Cancel));
        assert_eq!(value(&calendar.properties, "METHOD"), "CANCEL");
        assert_eq!(value(&calendar.events[0].properties, "STATUS"), "CANCELLED");
    }
}
