//! Listing events: filters and keyset pagination ordered by start time.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Event, EventRecord, EventStatus};
use crate::db::DbConnection;
use crate::db::schema::{event_languages, event_topics, events};
use crate::domain::{EventFormat, Language, Topic};

/// What to list. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub statuses: Vec<EventStatus>,
    /// Events that end after this instant.
    pub from: Option<NaiveDateTime>,
    /// Events that start before this instant.
    pub to: Option<NaiveDateTime>,
    pub topic: Option<Topic>,
    pub series: Option<String>,
    pub language: Option<Language>,
    pub format: Option<EventFormat>,
}

/// Position after the last event of a page: its start and id. Opaque to clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCursor {
    starts_at: NaiveDateTime,
    id: String,
}

const CURSOR_TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

impl EventCursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!(
            "{}|{}",
            self.starts_at.format(CURSOR_TIME_FORMAT),
            self.id
        ))
    }

    pub fn decode(value: &str) -> Option<Self> {
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(value).ok()?).ok()?;
        let (time, id) = raw.split_once('|')?;
        let starts_at = NaiveDateTime::parse_from_str(time, CURSOR_TIME_FORMAT).ok()?;
        uuid::Uuid::try_parse(id).ok()?;
        Some(Self {
            starts_at,
            id: id.to_owned(),
        })
    }
}

impl Event {
    /// One page of events ordered by start, and the cursor of the next page if there is one.
    pub fn list(
        conn: &mut DbConnection,
        filter: &EventFilter,
        after: Option<&EventCursor>,
        limit: i64,
    ) -> QueryResult<(Vec<EventRecord>, Option<EventCursor>)> {
        let mut query = events::table.select(Event::as_select()).into_boxed();
        if !filter.statuses.is_empty() {
            let statuses: Vec<&str> = filter.statuses.iter().map(EventStatus::as_str).collect();
            query = query.filter(events::status.eq_any(statuses));
        }
        if let Some(from) = filter.from {
            query = query.filter(events::ends_at.gt(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(events::starts_at.lt(to));
        }
        if let Some(topic) = &filter.topic {
            let tagged = event_topics::table
                .filter(event_topics::topic.eq(topic.as_str().to_owned()))
                .select(event_topics::event_id);
            query = query.filter(events::id.eq_any(tagged));
        }
        if let Some(language) = &filter.language {
            let spoken = event_languages::table
                .filter(event_languages::language.eq(language.code()))
                .select(event_languages::event_id);
            query = query.filter(events::id.eq_any(spoken));
        }
        if let Some(series) = &filter.series {
            query = query.filter(events::series.eq(series.clone()));
        }
        if let Some(format) = filter.format {
            query = query.filter(events::format.eq(format.as_str()));
        }
        if let Some(cursor) = after {
            query = query.filter(
                events::starts_at.gt(cursor.starts_at).or(events::starts_at
                    .eq(cursor.starts_at)
                    .and(events::id.gt(cursor.id.clone()))),
            );
        }
        let mut page = query
            .order((events::starts_at, events::id))
            .limit(limit + 1)
            .load(conn)?;
        let next = if page.len() as i64 > limit {
            page.truncate(limit as usize);
            page.last().map(|last| EventCursor {
                starts_at: last.starts_at,
                id: last.id.clone(),
            })
        } else {
            None
        };
        Ok((Event::with_tags(conn, page)?, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_tampering() {
        let cursor = EventCursor {
            starts_at: NaiveDateTime::parse_from_str(
                "2026-03-10T14:00:00.123456",
                CURSOR_TIME_FORMAT,
            )
            .unwrap(),
            id: "0190f0b8-7c1e-7000-8000-000000000000".into(),
        };
        assert_eq!(EventCursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(EventCursor::decode("not-a-cursor"), None);
        assert_eq!(EventCursor::decode(&URL_SAFE_NO_PAD.encode("x|y")), None);
    }
}
