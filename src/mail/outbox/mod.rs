//! The outbox table: enqueue in the caller's transaction ([`enqueue`]), claim under a lease
//! and record results ([`delivery`]); here the rows and what coordinators read and retry.

mod delivery;
mod enqueue;

pub use delivery::RetryPolicy;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::outbox;
use crate::db::{Cursor, DbConnection, UnknownStoredValue, known, now};
use crate::error::ApiError;

/// A row of the outbox.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMail {
    pub id: String,
    pub message_id: String,
    pub dedupe_key: Option<String>,
    pub kind: String,
    pub event_id: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub message: Option<String>,
    #[diesel(deserialize_as = String)]
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub locked_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Pending,
    Sent,
    Failed,
}

impl OutboxStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(Self::Pending),
            "sent" => Some(Self::Sent),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

impl TryFrom<String> for OutboxStatus {
    type Error = UnknownStoredValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        known("mail status", value, Self::parse)
    }
}

/// What a mail is about, for the admin view and for finding mails of one event.
pub struct MailMeta<'a> {
    pub kind: &'a str,
    pub event_id: Option<&'a str>,
    /// Set for mails that must never go out twice.
    pub dedupe_key: Option<&'a str>,
}

/// The result of one delivery attempt.
#[derive(Debug, Clone)]
pub enum Delivery {
    Sent,
    /// Worth trying again later (connection refused, 4xx).
    Transient(String),
    /// Will not succeed (5xx: no such mailbox, message refused).
    Permanent(String),
}

impl OutboxMail {
    /// Clears the content of mails that failed for good before `cutoff` (their links with
    /// it), as sending clears a sent mail's; they keep their outline. Returns how many.
    pub fn clear_failed(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            outbox::table
                .filter(outbox::status.eq(OutboxStatus::Failed.as_str()))
                .filter(outbox::next_attempt_at.lt(cutoff))
                .filter(outbox::message.is_not_null()),
        )
        .set(outbox::message.eq(None::<String>))
        .execute(conn)
    }

    /// Puts a failed mail back in the queue with fresh attempts; false unless it had failed
    /// and still has its content.
    pub fn retry(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
        let changed = diesel::update(
            outbox::table
                .filter(outbox::id.eq(id))
                .filter(outbox::status.eq(OutboxStatus::Failed.as_str()))
                .filter(outbox::message.is_not_null()),
        )
        .set((
            outbox::status.eq(OutboxStatus::Pending.as_str()),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now()),
            outbox::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
        Ok(changed > 0)
    }

    /// Queues the failed mail `id` again with fresh attempts (see [`Self::retry`]) and returns
    /// it as it now is: what `POST /admin/outbox/{id}/retry` and the console's retry button
    /// do. Refused (404) for no such mail, (409 `content_cleared`) for a failed mail whose
    /// content is no longer kept, (409 `not_failed`) for one that has not failed.
    pub fn retry_failed(conn: &mut DbConnection, id: &str) -> Result<Self, ApiError> {
        let mail = Self::find(conn, id)?.ok_or_else(|| ApiError::not_found("mail"))?;
        if mail.status == OutboxStatus::Failed && mail.message.is_none() {
            return Err(ApiError::conflict(
                "content_cleared",
                "The mail failed too long ago (DIALOGO_FAILED_MAIL_KEEP_DAYS) or its \
                 recipient was erased: its content is no longer kept, so it cannot be \
                 sent again.",
            ));
        }
        if !Self::retry(conn, id)? {
            return Err(ApiError::conflict(
                "not_failed",
                format!(
                    "The mail is {}; only failed mails can be retried.",
                    mail.status.as_str()
                ),
            ));
        }
        Self::find(conn, id)?.ok_or_else(|| ApiError::not_found("mail"))
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>> {
        outbox::table
            .find(id)
            .select(Self::as_select())
            .get_result(conn)
            .optional()
    }

    /// One page of mails, newest first, optionally of one status.
    pub fn list(
        conn: &mut DbConnection,
        status: Option<OutboxStatus>,
        before: Option<&Cursor>,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        let mut query = outbox::table.select(Self::as_select()).into_boxed();
        if let Some(status) = status {
            query = query.filter(outbox::status.eq(status.as_str()));
        }
        if let Some(cursor) = before {
            query = query.filter(
                outbox::created_at.lt(cursor.at).or(outbox::created_at
                    .eq(cursor.at)
                    .and(outbox::id.lt(cursor.id.clone()))),
            );
        }
        query
            .order((outbox::created_at.desc(), outbox::id.desc()))
            .limit(limit)
            .load(conn)
    }

    /// Mails that failed for good at or after `since` (a failure's time is kept as its
    /// `next_attempt_at`).
    pub fn failed_since(conn: &mut DbConnection, since: NaiveDateTime) -> QueryResult<i64> {
        outbox::table
            .filter(outbox::status.eq(OutboxStatus::Failed.as_str()))
            .filter(outbox::next_attempt_at.ge(since))
            .count()
            .get_result(conn)
    }

    /// Mails per status.
    pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
        outbox::table
            .group_by(outbox::status)
            .select((outbox::status, diesel::dsl::count_star()))
            .load(conn)
    }
}
