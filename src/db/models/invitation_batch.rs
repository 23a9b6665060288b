//! The batches invitations are made in, and the progress of a batch to subscribers.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};

use crate::db::schema::invitation_batches;
use crate::db::{Backend, DbConnection, new_id, now};

/// A batch of invitations: to subscribers chosen by topic and language (queued in steps by
/// the scheduler), or to a list of named invitees.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitation_batches)]
pub struct InvitationBatch {
    pub id: String,
    pub event_id: String,
    pub subscribers: Option<String>,
    pub status: String,
    pub audience_cutoff: NaiveDateTime,
    pub cursor: Option<String>,
    pub total: i32,
    pub skipped: i32,
    pub created_at: NaiveDateTime,
}

/// Which subscribers a batch invites.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SubscriberAudience {
    pub topics: Vec<String>,
    pub languages: Vec<String>,
}

/// The id of a batch a claim locked.
#[derive(QueryableByName)]
struct LockedId {
    #[diesel(sql_type = Text)]
    id: String,
}

impl InvitationBatch {
    pub fn insert(
        conn: &mut DbConnection,
        event_id: &str,
        subscribers: Option<&SubscriberAudience>,
        total: i64,
        skipped: i64,
        cutoff: NaiveDateTime,
    ) -> QueryResult<Self> {
        let id = new_id();
        let status = if subscribers.is_some() {
            "queuing"
        } else {
            "done"
        };
        diesel::insert_into(invitation_batches::table)
            .values((
                invitation_batches::id.eq(&id),
                invitation_batches::event_id.eq(event_id),
                invitation_batches::subscribers
                    .eq(subscribers.map(|s| serde_json::to_string(s).unwrap_or_default())),
                invitation_batches::status.eq(status),
                invitation_batches::audience_cutoff.eq(cutoff),
                invitation_batches::total.eq(i32::try_from(total).unwrap_or(i32::MAX)),
                invitation_batches::skipped.eq(i32::try_from(skipped).unwrap_or(i32::MAX)),
                invitation_batches::created_at.eq(now()),
            ))
            .execute(conn)?;
        invitation_batches::table
            .find(&id)
            .select(Self::as_select())
            .get_result(conn)
    }

    pub fn set_counts(
        conn: &mut DbConnection,
        id: &str,
        total: i64,
        skipped: i64,
    ) -> QueryResult<()> {
        diesel::update(invitation_batches::table.find(id))
            .set((
                invitation_batches::total.eq(i32::try_from(total).unwrap_or(i32::MAX)),
                invitation_batches::skipped.eq(i32::try_from(skipped).unwrap_or(i32::MAX)),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn audience(&self) -> Option<SubscriberAudience> {
        self.subscribers
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
    }

    /// A batch still inviting subscribers that no other process is working on, locked until
    /// the transaction ends.
    pub fn claim_queuing(conn: &mut DbConnection) -> QueryResult<Option<Self>> {
        let id = match conn.backend() {
            Backend::Postgres => diesel::sql_query(
                "SELECT id FROM invitation_batches WHERE status = 'queuing'
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
            )
            .load::<LockedId>(conn)?
            .into_iter()
            .next()
            .map(|row| row.id),
            Backend::Sqlite => invitation_batches::table
                .filter(invitation_batches::status.eq("queuing"))
                .order(invitation_batches::id)
                .select(invitation_batches::id)
                .first(conn)
                .optional()?,
        };
        match id {
            Some(id) => invitation_batches::table
                .find(id)
                .select(Self::as_select())
                .get_result(conn)
                .optional(),
            None => Ok(None),
        }
    }

    pub fn advance(
        conn: &mut DbConnection,
        id: &str,
        cursor: Option<&str>,
        done: bool,
    ) -> QueryResult<()> {
        diesel::update(invitation_batches::table.find(id))
            .set((
                invitation_batches::cursor.eq(cursor),
                invitation_batches::status.eq(if done { "done" } else { "queuing" }),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Of the event's batches still inviting subscribers: how many they have invited so far
    /// and how many they invite in all, summed; `None` when none is.
    pub fn progress(conn: &mut DbConnection, event_id: &str) -> QueryResult<Option<(i64, i64)>> {
        use crate::db::schema::invitations;
        let queuing: Vec<(String, i32)> = invitation_batches::table
            .filter(invitation_batches::event_id.eq(event_id))
            .filter(invitation_batches::status.eq("queuing"))
            .select((invitation_batches::id, invitation_batches::total))
            .load(conn)?;
        if queuing.is_empty() {
            return Ok(None);
        }
        let ids: Vec<&str> = queuing.iter().map(|(id, _)| id.as_str()).collect();
        let invited: i64 = invitations::table
            .filter(invitations::batch_id.eq_any(ids))
            .count()
            .get_result(conn)?;
        let total = queuing.iter().map(|(_, total)| i64::from(*total)).sum();
        Ok(Some((invited, total)))
    }
}
