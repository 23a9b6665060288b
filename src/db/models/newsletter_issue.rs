//! Newsletter issues: their texts per language, their sending state, and their progress as
//! the outbox records it.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde::Serialize;

use crate::db::schema::{newsletter_issues, outbox};
use crate::db::{Backend, Cursor, DbConnection, UnknownStoredValue, known, new_id, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = newsletter_issues)]
pub struct NewsletterIssue {
    pub id: String,
    pub subjects: String,
    pub bodies: String,
    pub fallback_language: String,
    pub topics: String,
    #[diesel(deserialize_as = String)]
    pub status: IssueStatus,
    pub total: i32,
    pub audience_cutoff: Option<NaiveDateTime>,
    pub cursor: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub send_started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Draft,
    /// Recipients are being queued; the outbox delivers them meanwhile.
    Sending,
    /// Queuing stopped and queued mails withdrawn; sending again resumes.
    Paused,
    Cancelled,
    /// Every recipient is queued (the progress tells how many are delivered).
    Sent,
}

impl IssueStatus {
    pub const ALL: [Self; 5] = [
        Self::Draft,
        Self::Sending,
        Self::Paused,
        Self::Cancelled,
        Self::Sent,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sending => "sending",
            Self::Paused => "paused",
            Self::Cancelled => "cancelled",
            Self::Sent => "sent",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

impl TryFrom<String> for IssueStatus {
    type Error = UnknownStoredValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        known("newsletter issue status", value, Self::parse)
    }
}

/// The texts of an issue, validated.
#[derive(Debug, Clone)]
pub struct IssueContent {
    pub subjects: BTreeMap<String, String>,
    pub bodies: BTreeMap<String, String>,
    pub fallback_language: String,
    pub topics: Vec<String>,
}

/// Delivery of an issue so far.
#[derive(Debug, Clone, Copy, Default, Serialize, utoipa::ToSchema)]
pub struct Progress {
    /// Recipients in the audience when sending started.
    pub total: i64,
    /// In the outbox, waiting to be delivered.
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
}

#[derive(QueryableByName)]
struct LockedId {
    #[diesel(sql_type = Text)]
    id: String,
}

impl NewsletterIssue {
    pub fn content(&self) -> IssueContent {
        IssueContent {
            subjects: serde_json::from_str(&self.subjects).unwrap_or_default(),
            bodies: serde_json::from_str(&self.bodies).unwrap_or_default(),
            fallback_language: self.fallback_language.clone(),
            topics: serde_json::from_str(&self.topics).unwrap_or_default(),
        }
    }

    pub fn insert(conn: &mut DbConnection, content: &IssueContent) -> QueryResult<Self> {
        let id = new_id();
        let now = now();
        diesel::insert_into(newsletter_issues::table)
            .values((
                newsletter_issues::id.eq(&id),
                newsletter_issues::subjects.eq(json(&content.subjects)),
                newsletter_issues::bodies.eq(json(&content.bodies)),
                newsletter_issues::fallback_language.eq(&content.fallback_language),
                newsletter_issues::topics.eq(json(&content.topics)),
                newsletter_issues::status.eq(IssueStatus::Draft.as_str()),
                newsletter_issues::total.eq(0),
                newsletter_issues::created_at.eq(now),
                newsletter_issues::updated_at.eq(now),
            ))
            .execute(conn)?;
        Self::find(conn, &id)?.ok_or(diesel::result::Error::NotFound)
    }

    /// Replaces the texts of a draft; false if `id` is no draft.
    pub fn update_draft(
        conn: &mut DbConnection,
        id: &str,
        content: &IssueContent,
    ) -> QueryResult<bool> {
        let changed = diesel::update(
            newsletter_issues::table
                .find(id)
                .filter(newsletter_issues::status.eq(IssueStatus::Draft.as_str())),
        )
        .set((
            newsletter_issues::subjects.eq(json(&content.subjects)),
            newsletter_issues::bodies.eq(json(&content.bodies)),
            newsletter_issues::fallback_language.eq(&content.fallback_language),
            newsletter_issues::topics.eq(json(&content.topics)),
            newsletter_issues::updated_at.eq(now()),
        ))
        .execute(conn)?;
        Ok(changed > 0)
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>> {
        newsletter_issues::table
            .find(id)
            .select(Self::as_select())
            .get_result(conn)
            .optional()
    }

    /// Reads an issue and, on PostgreSQL, locks its row until the transaction ends, so that
    /// state changes and queuing of one issue take turns across processes.
    pub fn lock(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>> {
        if conn.backend() == Backend::Postgres {
            diesel::sql_query("SELECT id FROM newsletter_issues WHERE id = $1 FOR UPDATE")
                .bind::<Text, _>(id)
                .load::<LockedId>(conn)?;
        }
        Self::find(conn, id)
    }

    /// An issue that is sending and that no other process is queuing right now, locked
    /// until the transaction ends (PostgreSQL skips issues other processes hold).
    pub fn claim_sending(conn: &mut DbConnection) -> QueryResult<Option<Self>> {
        let id = match conn.backend() {
            Backend::Postgres => diesel::sql_query(
                "SELECT id FROM newsletter_issues WHERE status = 'sending'
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            )
            .load::<LockedId>(conn)?
            .into_iter()
            .next()
            .map(|row| row.id),
            Backend::Sqlite => newsletter_issues::table
                .filter(newsletter_issues::status.eq(IssueStatus::Sending.as_str()))
                .order(newsletter_issues::id)
                .select(newsletter_issues::id)
                .first(conn)
                .optional()?,
        };
        match id {
            Some(id) => Self::find(conn, &id),
            None => Ok(None),
        }
    }

    /// Newest first; only those of `status` if given.
    pub fn list(
        conn: &mut DbConnection,
        status: Option<IssueStatus>,
        before: Option<Cursor>,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        let mut query = newsletter_issues::table
            .select(Self::as_select())
            .into_boxed();
        if let Some(status) = status {
            query = query.filter(newsletter_issues::status.eq(status.as_str()));
        }
        if let Some(cursor) = before {
            query = query.filter(
                newsletter_issues::created_at
                    .lt(cursor.at)
                    .or(newsletter_issues::created_at
                        .eq(cursor.at)
                        .and(newsletter_issues::id.lt(cursor.id))),
            );
        }
        query
            .order((
                newsletter_issues::created_at.desc(),
                newsletter_issues::id.desc(),
            ))
            .limit(limit)
            .load(conn)
    }

    /// Issues being sent or paused while sending, oldest first.
    pub fn in_progress(conn: &mut DbConnection) -> QueryResult<Vec<Self>> {
        newsletter_issues::table
            .filter(
                newsletter_issues::status
                    .eq_any([IssueStatus::Sending.as_str(), IssueStatus::Paused.as_str()]),
            )
            .order((newsletter_issues::created_at, newsletter_issues::id))
            .select(Self::as_select())
            .load(conn)
    }

    /// Starts (or resumes) sending to an audience of `total` fixed at `cutoff`.
    pub fn start_sending(
        conn: &mut DbConnection,
        id: &str,
        total: i64,
        cutoff: NaiveDateTime,
    ) -> QueryResult<()> {
        let now = now();
        diesel::update(newsletter_issues::table.find(id))
            .set((
                newsletter_issues::status.eq(IssueStatus::Sending.as_str()),
                newsletter_issues::total.eq(i32::try_from(total).unwrap_or(i32::MAX)),
                newsletter_issues::audience_cutoff.eq(cutoff),
                newsletter_issues::cursor.eq(None::<String>),
                newsletter_issues::send_started_at.eq(now),
                newsletter_issues::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Sending again after a pause: the walk starts over, and readers already queued or
    /// sent are left out by their dedupe keys.
    pub fn resume(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
        diesel::update(newsletter_issues::table.find(id))
            .set((
                newsletter_issues::status.eq(IssueStatus::Sending.as_str()),
                newsletter_issues::cursor.eq(None::<String>),
                newsletter_issues::updated_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn set_status(conn: &mut DbConnection, id: &str, status: IssueStatus) -> QueryResult<()> {
        let now = now();
        let finished = matches!(status, IssueStatus::Sent | IssueStatus::Cancelled).then_some(now);
        diesel::update(newsletter_issues::table.find(id))
            .set((
                newsletter_issues::status.eq(status.as_str()),
                newsletter_issues::finished_at.eq(finished),
                newsletter_issues::updated_at.eq(now),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn advance(conn: &mut DbConnection, id: &str, cursor: &str) -> QueryResult<()> {
        diesel::update(newsletter_issues::table.find(id))
            .set(newsletter_issues::cursor.eq(cursor))
            .execute(conn)?;
        Ok(())
    }

    pub fn delete_draft(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
        let deleted = diesel::delete(
            newsletter_issues::table
                .find(id)
                .filter(newsletter_issues::status.eq(IssueStatus::Draft.as_str())),
        )
        .execute(conn)?;
        Ok(deleted > 0)
    }

    pub fn progress(&self, conn: &mut DbConnection) -> QueryResult<Progress> {
        let counts: Vec<(String, i64)> = outbox::table
            .filter(outbox::issue_id.eq(&self.id))
            .group_by(outbox::status)
            .select((outbox::status, diesel::dsl::count_star()))
            .load(conn)?;
        let count = |status: &str| {
            counts
                .iter()
                .find(|(s, _)| s == status)
                .map_or(0, |(_, n)| *n)
        };
        Ok(Progress {
            total: i64::from(self.total),
            queued: count("pending"),
            sent: count("sent"),
            failed: count("failed"),
        })
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
