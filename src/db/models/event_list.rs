//! Listing events: filters and keyset pagination ordered by start time.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Event, EventRecord, EventStatus};
use crate::db::schema::{event_languages, event_topics, events};
use crate::db::{Cursor, DbConnection};
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

impl Event {
    /// One page of events ordered by start, and the cursor of the next page if there is one.
    pub fn list(
        conn: &mut DbConnection,
        filter: &EventFilter,
        after: Option<&Cursor>,
        limit: i64,
    ) -> QueryResult<(Vec<EventRecord>, Option<Cursor>)> {
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
                events::starts_at.gt(cursor.at).or(events::starts_at
                    .eq(cursor.at)
                    .and(events::id.gt(cursor.id.clone()))),
            );
        }
        let mut page = query
            .order((events::starts_at, events::id))
            .limit(limit + 1)
            .load(conn)?;
        let next = if page.len() as i64 > limit {
            page.truncate(limit as usize);
            page.last()
                .map(|last| Cursor::new(last.starts_at, &last.id))
        } else {
            None
        };
        Ok((Event::with_tags(conn, page)?, next))
    }

    /// The topics, series and conference languages of the events `filter` selects by status
    /// and time (its other fields ignored), each sorted and once: what a list can be
    /// filtered by.
    pub fn facets(conn: &mut DbConnection, filter: &EventFilter) -> QueryResult<Facets> {
        let statuses: Vec<&str> = filter.statuses.iter().map(EventStatus::as_str).collect();
        let mut selected = events::table
            .filter(events::status.eq_any(statuses))
            .select(events::id)
            .into_boxed();
        if let Some(from) = filter.from {
            selected = selected.filter(events::ends_at.gt(from));
        }
        if let Some(to) = filter.to {
            selected = selected.filter(events::starts_at.lt(to));
        }
        let ids: Vec<String> = selected.load(conn)?;
        let mut topics: Vec<String> = event_topics::table
            .filter(event_topics::event_id.eq_any(&ids))
            .select(event_topics::topic)
            .distinct()
            .load(conn)?;
        let mut languages: Vec<String> = event_languages::table
            .filter(event_languages::event_id.eq_any(&ids))
            .select(event_languages::language)
            .distinct()
            .load(conn)?;
        let mut series: Vec<String> = events::table
            .filter(events::id.eq_any(&ids))
            .filter(events::series.is_not_null())
            .select(events::series.assume_not_null())
            .distinct()
            .load(conn)?;
        for list in [&mut topics, &mut languages, &mut series] {
            list.sort();
        }
        Ok(Facets {
            topics,
            series,
            languages,
        })
    }
}

/// What a list of events can be filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub topics: Vec<String>,
    pub series: Vec<String>,
    pub languages: Vec<String>,
}
