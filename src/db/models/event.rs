use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::{event_languages, event_topics, events};
use crate::db::{DbConnection, UnknownStoredValue, known, on_backend};
use crate::domain::{Contact, EventFormat, Language, Slug, TimeZone, Topic, WebUrl};
use crate::error::ApiError;

/// An event row as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: String,
    pub slug: String,
    #[diesel(deserialize_as = String)]
    pub status: EventStatus,
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    #[diesel(deserialize_as = String)]
    pub timezone: TimeZone,
    #[diesel(deserialize_as = String)]
    pub format: EventFormat,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_city: Option<String>,
    pub venue_country: Option<String>,
    pub online_url: Option<String>,
    pub contacts: String,
    pub series: Option<String>,
    pub capacity: Option<i32>,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    /// Rises whenever time or place change, for calendar updates (RFC 5545 `SEQUENCE`).
    pub sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    /// Confirmed seats one organisation may hold at most.
    pub max_per_organisation: Option<i32>,
    /// Confirmed registrations wait for a coordinator's approval.
    pub approval_required: bool,
}

/// Lifecycle of an event: drafts are private, published events public, cancelled events stay
/// visible as cancelled so that nobody turns up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Draft,
    Published,
    Cancelled,
}

impl EventStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "draft" => Some(Self::Draft),
            "published" => Some(Self::Published),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }
}

impl TryFrom<String> for EventStatus {
    type Error = UnknownStoredValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        known("event status", value, Self::parse)
    }
}

/// Where an in-person or hybrid event takes place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Venue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(value_type = Option<String>)]
    pub country: Option<String>,
}

/// The validated content of an event, as coordinators create or change it.
#[derive(Debug, Clone)]
pub struct EventFields {
    /// `None` derives the slug from the title.
    pub slug: Option<Slug>,
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub timezone: TimeZone,
    pub languages: Vec<Language>,
    pub format: EventFormat,
    pub venue: Option<Venue>,
    pub online_url: Option<WebUrl>,
    pub contacts: Vec<Contact>,
    pub series: Option<String>,
    pub topics: Vec<Topic>,
    pub capacity: Option<i32>,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: Option<NaiveDateTime>,
    pub max_per_organisation: Option<i32>,
    pub approval_required: bool,
}

/// An event's version as [`Event::version`] reads it, with its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventVersion {
    pub updated_at: NaiveDateTime,
    pub status: String,
    pub sequence: i32,
    /// Confirmed registrations (kept by triggers).
    pub seats_taken: i32,
    /// Waitlisted registrations (kept by triggers).
    pub waitlisted: i32,
    /// The last waitlist number handed out (kept by triggers); the next is one more.
    pub waitlist_last: i32,
}

impl EventVersion {
    /// Whether `event` (read earlier) is still the event's current state: every change of it
    /// moves `updated_at`.
    pub fn is_of(&self, event: &Event) -> bool {
        self.updated_at == event.updated_at
            && self.status == event.status.as_str()
            && self.sequence == event.sequence
    }
}

/// An event with the rows that belong to it.
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub event: Event,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
}

impl Venue {
    /// "Centro de Convenciones, Calle 24 No. 8A-344, Cartagena de Indias, CO".
    pub fn one_line(&self) -> String {
        [&self.name, &self.address, &self.city, &self.country]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Event {
    /// The event's page on the public site, e.g. for links in mails and calendars.
    pub fn public_url(&self, base: &url::Url) -> String {
        format!(
            "{}/events/{}",
            base.as_str().trim_end_matches('/'),
            self.slug
        )
    }

    /// The calendar UID of the event, the same in every mail and feed so that calendars
    /// update one entry.
    pub fn calendar_uid(&self, base: &url::Url) -> String {
        format!("{}@{}", self.id, base.host_str().unwrap_or("localhost"))
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.tz()
    }

    pub fn contacts(&self) -> Vec<Contact> {
        serde_json::from_str(&self.contacts).unwrap_or_default()
    }

    pub fn venue(&self) -> Option<Venue> {
        let venue = Venue {
            name: self.venue_name.clone(),
            address: self.venue_address.clone(),
            city: self.venue_city.clone(),
            country: self.venue_country.clone(),
        };
        (venue != Venue::default()).then_some(venue)
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> Result<Self, ApiError> {
        on_backend!(conn, |c| events::table
            .find(id)
            .select(Self::as_select())
            .get_result(c)
            .optional())?
        .ok_or_else(|| ApiError::not_found("event"))
    }

    /// Whether `other` is this event as of the same change (read, perhaps, at another time).
    pub fn same_version(&self, other: &Event) -> bool {
        self.id == other.id
            && self.updated_at == other.updated_at
            && self.status == other.status
            && self.sequence == other.sequence
    }

    /// What tells whether the event changed, and its confirmed seats; with its row held until
    /// the transaction ends on PostgreSQL when `lock` is set (see [`lock_for_update`]).
    pub fn version(
        conn: &mut DbConnection,
        id: &str,
        lock: bool,
    ) -> Result<EventVersion, ApiError> {
        let query = events::table.find(id).select((
            events::updated_at,
            events::status,
            events::sequence,
            events::seats_taken,
            events::waitlisted,
            events::waitlist_last,
        ));
        let row: Option<(NaiveDateTime, String, i32, i32, i32, i32)> = match conn {
            // FOR NO KEY UPDATE, as an UPDATE of the row takes: it excludes other seat
            // allocations and edits, but not the foreign-key checks of rows inserted for the
            // event meanwhile (registrations, mails), which FOR UPDATE would queue behind it.
            DbConnection::Pg(pg) if lock => query.for_no_key_update().get_result(pg).optional()?,
            DbConnection::Pg(pg) => query.get_result(pg).optional()?,
            DbConnection::Sqlite(sqlite) => query.get_result(sqlite).optional()?,
        };
        let (updated_at, status, sequence, seats_taken, waitlisted, waitlist_last) =
            row.ok_or_else(|| ApiError::not_found("event"))?;
        Ok(EventVersion {
            updated_at,
            status,
            sequence,
            seats_taken,
            waitlisted,
            waitlist_last,
        })
    }

    pub fn find_by_slug(conn: &mut DbConnection, slug: &str) -> Result<Self, ApiError> {
        events::table
            .filter(events::slug.eq(slug))
            .select(Self::as_select())
            .get_result(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("event"))
    }

    /// By id, or by slug when `key` is not a UUID.
    pub fn find_by_key(conn: &mut DbConnection, key: &str) -> Result<Self, ApiError> {
        match uuid::Uuid::try_parse(key) {
            Ok(id) => Self::find(conn, &id.to_string()),
            Err(_) => Self::find_by_slug(conn, key),
        }
    }

    /// The event with its languages and topics.
    pub fn load(conn: &mut DbConnection, id: &str) -> Result<EventRecord, ApiError> {
        let event = Self::find(conn, id)?;
        Ok(Self::with_tags_of_one(conn, event)?)
    }

    /// [`Event::with_tags`] for one event, in fixed queries that stay prepared: this runs on
    /// every registration.
    pub fn with_tags_of_one(conn: &mut DbConnection, event: Self) -> QueryResult<EventRecord> {
        let languages = on_backend!(conn, |c| event_languages::table
            .filter(event_languages::event_id.eq(&event.id))
            .order(event_languages::position)
            .select(event_languages::language)
            .load(c))?;
        let topics = on_backend!(conn, |c| event_topics::table
            .filter(event_topics::event_id.eq(&event.id))
            .order(event_topics::position)
            .select(event_topics::topic)
            .load(c))?;
        Ok(EventRecord {
            event,
            languages,
            topics,
        })
    }

    /// Attaches languages and topics to each event, in two queries for the whole list.
    pub fn with_tags(conn: &mut DbConnection, list: Vec<Self>) -> QueryResult<Vec<EventRecord>> {
        let ids: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
        let languages: Vec<(String, String)> = event_languages::table
            .filter(event_languages::event_id.eq_any(&ids))
            .order((event_languages::event_id, event_languages::position))
            .select((event_languages::event_id, event_languages::language))
            .load(conn)?;
        let topics: Vec<(String, String)> = event_topics::table
            .filter(event_topics::event_id.eq_any(&ids))
            .order((event_topics::event_id, event_topics::position))
            .select((event_topics::event_id, event_topics::topic))
            .load(conn)?;
        let of = |rows: &[(String, String)], id: &str| {
            rows.iter()
                .filter(|(event_id, _)| event_id == id)
                .map(|(_, value)| value.clone())
                .collect::<Vec<_>>()
        };
        Ok(list
            .into_iter()
            .map(|event| EventRecord {
                languages: of(&languages, &event.id),
                topics: of(&topics, &event.id),
                event,
            })
            .collect())
    }
}

/// Holds the event's row until the transaction ends, serialising changes that depend on it
/// (edits, seat allocation). Only PostgreSQL needs it: SQLite's `BEGIN IMMEDIATE` already
/// admits one writer at a time. The lock is `FOR NO KEY UPDATE`, as in [`Event::version`].
pub fn lock_for_update(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        diesel::sql_query("SELECT 1 FROM events WHERE id = $1 FOR NO KEY UPDATE")
            .bind::<diesel::sql_types::Text, _>(id)
            .execute(pg)?;
    }
    Ok(())
}
