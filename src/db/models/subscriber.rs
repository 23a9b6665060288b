//! Newsletter subscribers and their topics. The rules of subscribing, confirming and
//! unsubscribing live in `crate::newsletter`, which calls these inside its transactions.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use serde::Serialize;

use super::registration_listing::contains_pattern;
use crate::db::schema::{subscriber_topics, subscribers};
use crate::db::{Cursor, DbConnection, UnknownStoredValue, known, lower, new_id};
use crate::domain::{Email, Topic};
use crate::i18n::Locale;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscribers)]
pub struct Subscriber {
    pub id: String,
    pub email: String,
    pub email_key: String,
    pub name: Option<String>,
    pub language: String,
    #[diesel(deserialize_as = String)]
    pub status: SubscriberStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub unsubscribed_at: Option<NaiveDateTime>,
    pub last_mail_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubscriberStatus {
    /// Waiting for the subscriber to confirm the address.
    Pending,
    Confirmed,
    Unsubscribed,
}

impl SubscriberStatus {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Confirmed, Self::Unsubscribed];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Unsubscribed => "unsubscribed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

impl TryFrom<String> for SubscriberStatus {
    type Error = UnknownStoredValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        known("subscriber status", value, Self::parse)
    }
}

/// A subscriber as it is created.
#[derive(Debug, Clone)]
pub struct NewSubscriber {
    pub email: Email,
    pub name: Option<String>,
    pub language: Locale,
    pub topics: Vec<Topic>,
}

/// Which subscribers an admin list shows.
#[derive(Debug, Clone, Default)]
pub struct SubscriberFilter {
    pub status: Option<SubscriberStatus>,
    pub language: Option<Locale>,
    pub topic: Option<Topic>,
    /// Text found in the address or the name, whatever its case.
    pub search: Option<String>,
}

/// The key that makes one subscription per mailbox.
pub fn email_key(email: &Email) -> String {
    email.as_str().to_lowercase()
}

impl Subscriber {
    pub fn locale(&self) -> Locale {
        Locale::parse(&self.language).unwrap_or_else(|_| Locale::fallback())
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>> {
        subscribers::table
            .find(id)
            .select(Self::as_select())
            .get_result(conn)
            .optional()
    }

    pub fn find_by_email(conn: &mut DbConnection, email: &Email) -> QueryResult<Option<Self>> {
        subscribers::table
            .filter(subscribers::email_key.eq(email_key(email)))
            .select(Self::as_select())
            .get_result(conn)
            .optional()
    }

    /// Inserts a subscriber with its topics; `confirmed_at` is set for confirmed ones.
    pub fn insert(
        conn: &mut DbConnection,
        new: &NewSubscriber,
        status: SubscriberStatus,
        at: NaiveDateTime,
    ) -> QueryResult<Self> {
        let id = new_id();
        diesel::insert_into(subscribers::table)
            .values((
                subscribers::id.eq(&id),
                subscribers::email.eq(new.email.as_str()),
                subscribers::email_key.eq(email_key(&new.email)),
                subscribers::name.eq(&new.name),
                subscribers::language.eq(new.language.code()),
                subscribers::status.eq(status.as_str()),
                subscribers::created_at.eq(at),
                subscribers::updated_at.eq(at),
                subscribers::confirmed_at.eq((status == SubscriberStatus::Confirmed).then_some(at)),
            ))
            .execute(conn)?;
        Self::set_topics(conn, &id, &new.topics)?;
        let confirmed_at = (status == SubscriberStatus::Confirmed).then_some(at);
        Ok(Self {
            id,
            email: new.email.as_str().to_owned(),
            email_key: email_key(&new.email),
            name: new.name.clone(),
            language: new.language.code().to_owned(),
            status,
            created_at: at,
            updated_at: at,
            confirmed_at,
            unsubscribed_at: None,
            last_mail_at: None,
        })
    }

    /// Of the addresses behind `keys` (see [`email_key`]), those already known.
    pub fn known_keys(conn: &mut DbConnection, keys: &[String]) -> QueryResult<Vec<String>> {
        subscribers::table
            .filter(subscribers::email_key.eq_any(keys))
            .select(subscribers::email_key)
            .load(conn)
    }

    /// A new opt-in for a known address: pending again, with the details just given.
    pub fn restart(
        conn: &mut DbConnection,
        id: &str,
        new: &NewSubscriber,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(subscribers::table.find(id))
            .set((
                subscribers::name.eq(&new.name),
                subscribers::language.eq(new.language.code()),
                subscribers::status.eq(SubscriberStatus::Pending.as_str()),
                subscribers::updated_at.eq(at),
                subscribers::confirmed_at.eq(None::<NaiveDateTime>),
                subscribers::unsubscribed_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        Self::set_topics(conn, id, &new.topics)
    }

    /// Moves a subscriber from `from` to `to`; false if it was no longer in `from` (a
    /// concurrent request got there first).
    pub fn transition(
        conn: &mut DbConnection,
        id: &str,
        from: SubscriberStatus,
        to: SubscriberStatus,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let target = subscribers::table
            .find(id)
            .filter(subscribers::status.eq(from.as_str()));
        let changed = match to {
            SubscriberStatus::Confirmed => diesel::update(target)
                .set((
                    subscribers::status.eq(to.as_str()),
                    subscribers::confirmed_at.eq(at),
                    subscribers::updated_at.eq(at),
                ))
                .execute(conn)?,
            SubscriberStatus::Unsubscribed => diesel::update(target)
                .set((
                    subscribers::status.eq(to.as_str()),
                    subscribers::unsubscribed_at.eq(at),
                    subscribers::updated_at.eq(at),
                ))
                .execute(conn)?,
            SubscriberStatus::Pending => diesel::update(target)
                .set((
                    subscribers::status.eq(to.as_str()),
                    subscribers::updated_at.eq(at),
                ))
                .execute(conn)?,
        };
        Ok(changed == 1)
    }

    pub fn mark_mailed(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<()> {
        diesel::update(subscribers::table.find(id))
            .set(subscribers::last_mail_at.eq(at))
            .execute(conn)?;
        Ok(())
    }

    pub fn set_topics(conn: &mut DbConnection, id: &str, topics: &[Topic]) -> QueryResult<()> {
        diesel::delete(subscriber_topics::table.filter(subscriber_topics::subscriber_id.eq(id)))
            .execute(conn)?;
        for topic in topics {
            diesel::insert_into(subscriber_topics::table)
                .values((
                    subscriber_topics::subscriber_id.eq(id),
                    subscriber_topics::topic.eq(topic.as_str()),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// The topics of each of `ids`, sorted.
    pub fn topics_of(
        conn: &mut DbConnection,
        ids: &[&str],
    ) -> QueryResult<HashMap<String, Vec<String>>> {
        let rows: Vec<(String, String)> = subscriber_topics::table
            .filter(subscriber_topics::subscriber_id.eq_any(ids))
            .order((subscriber_topics::subscriber_id, subscriber_topics::topic))
            .select((subscriber_topics::subscriber_id, subscriber_topics::topic))
            .load(conn)?;
        let mut topics: HashMap<String, Vec<String>> = HashMap::new();
        for (id, topic) in rows {
            topics.entry(id).or_default().push(topic);
        }
        Ok(topics)
    }

    /// One page of subscribers in the order they subscribed; all of them without a limit.
    pub fn list(
        conn: &mut DbConnection,
        filter: &SubscriberFilter,
        after: Option<Cursor>,
        limit: Option<i64>,
    ) -> QueryResult<Vec<Self>> {
        let mut query = subscribers::table.select(Self::as_select()).into_boxed();
        if let Some(status) = filter.status {
            query = query.filter(subscribers::status.eq(status.as_str()));
        }
        if let Some(language) = filter.language {
            query = query.filter(subscribers::language.eq(language.code()));
        }
        if let Some(topic) = &filter.topic {
            query = query.filter(
                subscribers::id.eq_any(
                    subscriber_topics::table
                        .filter(subscriber_topics::topic.eq(topic.as_str().to_owned()))
                        .select(subscriber_topics::subscriber_id),
                ),
            );
        }
        if let Some(text) = filter.search.as_deref().filter(|t| !t.trim().is_empty()) {
            let pattern = contains_pattern(text.trim());
            query = query.filter(
                subscribers::email_key
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(subscribers::name.assume_not_null())
                        .like(pattern)
                        .escape('\\')),
            );
        }
        if let Some(cursor) = after {
            query = query.filter(
                subscribers::created_at
                    .gt(cursor.at)
                    .or(subscribers::created_at
                        .eq(cursor.at)
                        .and(subscribers::id.gt(cursor.id))),
            );
        }
        let query = query.order((subscribers::created_at, subscribers::id));
        match limit {
            Some(limit) => query.limit(limit).load(conn),
            None => query.load(conn),
        }
    }

    /// Subscribers per status.
    pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
        subscribers::table
            .group_by(subscribers::status)
            .select((subscribers::status, diesel::dsl::count_star()))
            .load(conn)
    }

    /// Removes pending subscribers last asked for before `cutoff` who never confirmed an
    /// address (nor were imported with consent); returns how many.
    pub fn delete_never_confirmed(
        conn: &mut DbConnection,
        cutoff: NaiveDateTime,
    ) -> QueryResult<usize> {
        use crate::db::schema::consents;
        diesel::delete(
            subscribers::table
                .filter(subscribers::status.eq(SubscriberStatus::Pending.as_str()))
                .filter(subscribers::updated_at.lt(cutoff))
                .filter(not(exists(
                    consents::table
                        .filter(consents::subscriber_id.eq(subscribers::id))
                        .filter(consents::action.eq_any(["confirm", "import"])),
                ))),
        )
        .execute(conn)
    }

    /// Removes a subscriber with topics, tokens and consent record.
    pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
        Ok(diesel::delete(subscribers::table.find(id)).execute(conn)? > 0)
    }
}
