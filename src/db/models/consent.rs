//! The consent record: what each subscriber agreed to, when and how. Rows are only ever
//! appended (the database refuses updates) and go only with the subscriber's erasure.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{consents, subscribers};
use crate::db::{Cursor, DbConnection, new_id};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAction {
    /// Asked to subscribe (consent given, address not yet proven).
    Subscribe,
    /// Proved the address by the link in the confirmation mail.
    Confirm,
    /// Brought in by a coordinator with consent obtained elsewhere (source and date given).
    Import,
    Unsubscribe,
}

impl ConsentAction {
    pub const ALL: [Self; 4] = [
        Self::Subscribe,
        Self::Confirm,
        Self::Import,
        Self::Unsubscribe,
    ];

    /// The action stored as `value`, if it is one.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == value)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Subscribe => "subscribe",
            Self::Confirm => "confirm",
            Self::Import => "import",
            Self::Unsubscribe => "unsubscribe",
        }
    }
}

/// One entry of the record.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consents)]
pub struct Consent {
    pub id: String,
    pub subscriber_id: String,
    /// subscribe, confirm, import or unsubscribe.
    pub action: String,
    pub privacy_notice_version: Option<String>,
    /// How it happened: `api`, `confirmation_link`, `one_click`, `unsubscribe_link`,
    /// `admin`, or the source an import named.
    pub source: String,
    pub ip_address: Option<String>,
    pub recorded_at: NaiveDateTime,
}

/// What is appended.
pub struct ConsentEntry<'a> {
    pub action: ConsentAction,
    pub privacy_notice_version: Option<&'a str>,
    pub source: &'a str,
    pub ip_address: Option<&'a str>,
    pub at: NaiveDateTime,
}

impl Consent {
    pub fn record(
        conn: &mut DbConnection,
        subscriber_id: &str,
        entry: &ConsentEntry<'_>,
    ) -> QueryResult<()> {
        diesel::insert_into(consents::table)
            .values((
                consents::id.eq(new_id()),
                consents::subscriber_id.eq(subscriber_id),
                consents::action.eq(entry.action.as_str()),
                consents::privacy_notice_version.eq(entry.privacy_notice_version),
                consents::source.eq(entry.source),
                consents::ip_address.eq(entry.ip_address),
                consents::recorded_at.eq(entry.at),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// The record of one subscriber, oldest first.
    pub fn of_subscriber(conn: &mut DbConnection, subscriber_id: &str) -> QueryResult<Vec<Self>> {
        consents::table
            .filter(consents::subscriber_id.eq(subscriber_id))
            .order((consents::recorded_at, consents::id))
            .select(Self::as_select())
            .load(conn)
    }

    /// The privacy-notice version of the request that started the subscriber's current
    /// subscription (their latest `subscribe` entry).
    pub fn requested_version(
        conn: &mut DbConnection,
        subscriber_id: &str,
    ) -> QueryResult<Option<String>> {
        Ok(consents::table
            .filter(consents::subscriber_id.eq(subscriber_id))
            .filter(consents::action.eq(ConsentAction::Subscribe.as_str()))
            .order((consents::recorded_at.desc(), consents::id.desc()))
            .select(consents::privacy_notice_version)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten())
    }

    /// One page of the whole record with each subscriber's address, oldest first.
    pub fn list(
        conn: &mut DbConnection,
        after: Option<Cursor>,
        limit: Option<i64>,
    ) -> QueryResult<Vec<(Self, String)>> {
        let mut query = consents::table
            .inner_join(subscribers::table)
            .select((Self::as_select(), subscribers::email))
            .into_boxed();
        if let Some(cursor) = after {
            query = query.filter(
                consents::recorded_at.gt(cursor.at).or(consents::recorded_at
                    .eq(cursor.at)
                    .and(consents::id.gt(cursor.id))),
            );
        }
        let query = query.order((consents::recorded_at, consents::id));
        match limit {
            Some(limit) => query.limit(limit).load(conn),
            None => query.load(conn),
        }
    }
}
