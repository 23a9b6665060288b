//! Writing events: creating a draft, editing, deleting a draft and moving between states,
//! each in one write transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::event::{Event, EventFields, EventRecord, EventStatus, lock_for_update};
use crate::db::schema::{event_languages, event_topics, events};
use crate::db::{DbConnection, new_id, now, write_transaction};
use crate::domain::{Slug, WebUrl};
use crate::error::ApiError;

impl Event {
    /// Creates a draft.
    pub fn create(conn: &mut DbConnection, fields: &EventFields) -> Result<EventRecord, ApiError> {
        write_transaction(conn, |conn| {
            let slug = choose_slug(conn, fields, None)?;
            let id = new_id();
            let now = now();
            diesel::insert_into(events::table)
                .values((
                    events::id.eq(&id),
                    events::slug.eq(slug.as_str()),
                    events::status.eq(EventStatus::Draft.as_str()),
                    events::sequence.eq(0),
                    events::created_at.eq(now),
                    events::updated_at.eq(now),
                    changes(fields),
                ))
                .execute(conn)?;
            replace_tags(conn, &id, fields)?;
            Self::load(conn, &id)
        })
    }

    /// Replaces the content of an event with what `change` makes of the current one, all in one
    /// transaction so that concurrent changes are not lost. The calendar sequence rises when
    /// time or place change.
    pub fn update(
        conn: &mut DbConnection,
        id: &str,
        change: impl FnOnce(&EventRecord) -> Result<EventFields, ApiError>,
    ) -> Result<EventRecord, ApiError> {
        write_transaction(conn, |conn| {
            lock_for_update(conn, id)?;
            let record = Self::load(conn, id)?;
            let fields = &change(&record)?;
            let current = record.event;
            if current.status == EventStatus::Cancelled {
                return Err(ApiError::conflict(
                    "event_cancelled",
                    "A cancelled event cannot be changed.",
                ));
            }
            let slug = choose_slug(conn, fields, Some(&current))?;
            let moved = current.starts_at != fields.starts_at
                || current.ends_at != fields.ends_at
                || current.timezone != fields.timezone
                || current.venue() != fields.venue
                || current.online_url.as_deref() != fields.online_url.as_ref().map(WebUrl::as_str);
            diesel::update(events::table.find(id))
                .set((
                    events::slug.eq(slug.as_str()),
                    events::sequence.eq(current.sequence + i32::from(moved)),
                    events::updated_at.eq(now()),
                    changes(fields),
                ))
                .execute(conn)?;
            replace_tags(conn, id, fields)?;
            Self::load(conn, id)
        })
    }

    /// Deletes an event that was never published.
    pub fn delete_draft(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
        write_transaction(conn, |conn| {
            let event = Self::find(conn, id)?;
            if event.status != EventStatus::Draft {
                return Err(ApiError::conflict(
                    "not_a_draft",
                    "Only drafts can be deleted; cancel a published event instead.",
                ));
            }
            diesel::delete(events::table.find(id)).execute(conn)?;
            Ok(())
        })
    }

    /// Moves the event from `from` to `to`; a conflict when it is in any other state.
    pub fn transition(
        conn: &mut DbConnection,
        id: &str,
        from: EventStatus,
        to: EventStatus,
    ) -> Result<EventRecord, ApiError> {
        write_transaction(conn, |conn| {
            let now = now();
            let changed = diesel::update(
                events::table
                    .find(id)
                    .filter(events::status.eq(from.as_str())),
            )
            .set((
                events::status.eq(to.as_str()),
                events::updated_at.eq(now),
                (to == EventStatus::Published).then_some(events::published_at.eq(now)),
                (to == EventStatus::Cancelled).then_some(events::cancelled_at.eq(now)),
                (to == EventStatus::Cancelled).then_some(events::sequence.eq(events::sequence + 1)),
            ))
            .execute(conn)?;
            if changed == 0 {
                let current = Self::find(conn, id)?;
                return Err(ApiError::conflict(
                    "invalid_status_transition",
                    format!(
                        "The event is {}; only a {} event can become {}.",
                        current.status.as_str(),
                        from.as_str(),
                        to.as_str()
                    ),
                ));
            }
            Self::load(conn, id)
        })
    }
}

/// The explicit slug if it is free, else the title's slug with the first free `-N` suffix.
fn choose_slug(
    conn: &mut DbConnection,
    fields: &EventFields,
    current: Option<&Event>,
) -> Result<Slug, ApiError> {
    let taken = |conn: &mut DbConnection, slug: &Slug| -> QueryResult<bool> {
        let owner: Option<String> = events::table
            .filter(events::slug.eq(slug.as_str()))
            .select(events::id)
            .get_result(conn)
            .optional()?;
        Ok(owner.is_some_and(|owner| Some(owner.as_str()) != current.map(|e| e.id.as_str())))
    };
    if let Some(slug) = &fields.slug {
        if taken(conn, slug)? {
            return Err(
                ApiError::conflict("slug_taken", "Another event has this slug.").at("slug"),
            );
        }
        return Ok(slug.clone());
    }
    if let Some(current) = current {
        return Ok(Slug::parse(&current.slug).unwrap_or_else(|_| Slug::from_title(&fields.title)));
    }
    let base = Slug::from_title(&fields.title);
    let mut candidate = base.clone();
    for n in 2.. {
        if !taken(conn, &candidate)? {
            break;
        }
        candidate = base.with_suffix(n);
    }
    Ok(candidate)
}

type EventChanges<'a> = (
    diesel::dsl::Eq<events::title, &'a str>,
    diesel::dsl::Eq<events::summary, Option<&'a str>>,
    diesel::dsl::Eq<events::description, Option<&'a str>>,
    diesel::dsl::Eq<events::starts_at, NaiveDateTime>,
    diesel::dsl::Eq<events::ends_at, NaiveDateTime>,
    diesel::dsl::Eq<events::timezone, &'static str>,
    diesel::dsl::Eq<events::format, &'static str>,
    (
        diesel::dsl::Eq<events::venue_name, Option<&'a str>>,
        diesel::dsl::Eq<events::venue_address, Option<&'a str>>,
        diesel::dsl::Eq<events::venue_city, Option<&'a str>>,
        diesel::dsl::Eq<events::venue_country, Option<&'a str>>,
    ),
    diesel::dsl::Eq<events::online_url, Option<&'a str>>,
    diesel::dsl::Eq<events::contacts, String>,
    diesel::dsl::Eq<events::series, Option<&'a str>>,
    diesel::dsl::Eq<events::capacity, Option<i32>>,
    diesel::dsl::Eq<events::registration_opens_at, Option<NaiveDateTime>>,
    diesel::dsl::Eq<events::registration_closes_at, Option<NaiveDateTime>>,
    diesel::dsl::Eq<events::max_per_organisation, Option<i32>>,
    diesel::dsl::Eq<events::approval_required, bool>,
);

/// The columns that carry an event's content, shared by insert and update.
fn changes(fields: &EventFields) -> EventChanges<'_> {
    let venue = fields.venue.as_ref();
    (
        events::title.eq(fields.title.as_str()),
        events::summary.eq(fields.summary.as_deref()),
        events::description.eq(fields.description.as_deref()),
        events::starts_at.eq(fields.starts_at),
        events::ends_at.eq(fields.ends_at),
        events::timezone.eq(fields.timezone.name()),
        events::format.eq(fields.format.as_str()),
        (
            events::venue_name.eq(venue.and_then(|v| v.name.as_deref())),
            events::venue_address.eq(venue.and_then(|v| v.address.as_deref())),
            events::venue_city.eq(venue.and_then(|v| v.city.as_deref())),
            events::venue_country.eq(venue.and_then(|v| v.country.as_deref())),
        ),
        events::online_url.eq(fields.online_url.as_ref().map(WebUrl::as_str)),
        events::contacts
            .eq(serde_json::to_string(&fields.contacts).unwrap_or_else(|_| "[]".into())),
        events::series.eq(fields.series.as_deref()),
        events::capacity.eq(fields.capacity),
        events::registration_opens_at.eq(fields.registration_opens_at),
        events::registration_closes_at.eq(fields.registration_closes_at),
        events::max_per_organisation.eq(fields.max_per_organisation),
        events::approval_required.eq(fields.approval_required),
    )
}

fn replace_tags(conn: &mut DbConnection, id: &str, fields: &EventFields) -> QueryResult<()> {
    diesel::delete(event_languages::table.filter(event_languages::event_id.eq(id)))
        .execute(conn)?;
    diesel::delete(event_topics::table.filter(event_topics::event_id.eq(id))).execute(conn)?;
    // One row per statement: multi-row VALUES does not compile through MultiConnection.
    for (position, language) in fields.languages.iter().enumerate() {
        diesel::insert_into(event_languages::table)
            .values((
                event_languages::event_id.eq(id),
                event_languages::language.eq(language.code()),
                event_languages::position.eq(position as i32),
            ))
            .execute(conn)?;
    }
    for (position, topic) in fields.topics.iter().enumerate() {
        diesel::insert_into(event_topics::table)
            .values((
                event_topics::event_id.eq(id),
                event_topics::topic.eq(topic.as_str()),
                event_topics::position.eq(position as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}
