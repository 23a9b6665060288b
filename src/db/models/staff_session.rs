//! Signed-in browsers of staff accounts. The browser holds a random id (256 bits) in a
//! cookie; only its SHA-256 is kept, so a copy of the database signs nobody in.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::User;
use crate::db::DbConnection;
use crate::db::schema::{staff_sessions, users};
use crate::secret;

/// `last_seen_at` is refreshed at most this often, so that page views do not all write.
const LAST_SEEN_RESOLUTION: TimeDelta = TimeDelta::minutes(1);

/// A session of a staff account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff_sessions)]
pub struct StaffSession {
    pub id_hash: String,
    pub user_id: String,
    /// Whether the second factor was given (or the account has none).
    pub verified: bool,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
}

/// How long a session lasts: `idle` since its last request, `absolute` since it began.
#[derive(Debug, Clone, Copy)]
pub struct SessionLifetime {
    pub idle: TimeDelta,
    pub absolute: TimeDelta,
}

impl StaffSession {
    /// Opens a session for `user_id` at `now` and returns the id for its cookie.
    pub fn open(
        conn: &mut DbConnection,
        user_id: &str,
        verified: bool,
        now: NaiveDateTime,
    ) -> QueryResult<String> {
        let id = secret::generate("");
        diesel::insert_into(staff_sessions::table)
            .values((
                staff_sessions::id_hash.eq(secret::hash(&id)),
                staff_sessions::user_id.eq(user_id),
                staff_sessions::verified.eq(verified),
                staff_sessions::created_at.eq(now),
                staff_sessions::last_seen_at.eq(now),
            ))
            .execute(conn)?;
        Ok(id)
    }

    /// The live session whose cookie holds `presented`, with its account if that is active;
    /// notes the request. An expired session is removed.
    pub fn find_live(
        conn: &mut DbConnection,
        presented: &str,
        now: NaiveDateTime,
        lifetime: SessionLifetime,
    ) -> QueryResult<Option<(Self, User)>> {
        let hash = secret::hash(presented);
        let found = staff_sessions::table
            .inner_join(users::table)
            .filter(staff_sessions::id_hash.eq(&hash))
            .filter(users::active.eq(true))
            .select((Self::as_select(), User::as_select()))
            .get_result(conn)
            .optional()?;
        let Some((session, user)) = found else {
            return Ok(None);
        };
        let expired = now - session.last_seen_at > lifetime.idle
            || now - session.created_at > lifetime.absolute;
        if expired {
            Self::close(conn, presented)?;
            return Ok(None);
        }
        if now - session.last_seen_at > LAST_SEEN_RESOLUTION {
            diesel::update(staff_sessions::table.find(&hash))
                .set(staff_sessions::last_seen_at.eq(now))
                .execute(conn)?;
        }
        Ok(Some((session, user)))
    }

    /// Marks the session of `presented` as having given its second factor. A new id replaces
    /// the old one (returned), so that an id seen before the step is worth nothing after it.
    pub fn verify(
        conn: &mut DbConnection,
        presented: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Option<String>> {
        let old = secret::hash(presented);
        let user_id: Option<String> = staff_sessions::table
            .find(&old)
            .select(staff_sessions::user_id)
            .get_result(conn)
            .optional()?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        Self::close(conn, presented)?;
        Self::open(conn, &user_id, true, now).map(Some)
    }

    /// Ends the session of `presented`.
    pub fn close(conn: &mut DbConnection, presented: &str) -> QueryResult<usize> {
        diesel::delete(staff_sessions::table.find(secret::hash(presented))).execute(conn)
    }

    /// Ends every session of `user_id` (after a new password, for one).
    pub fn close_all_of(conn: &mut DbConnection, user_id: &str) -> QueryResult<usize> {
        diesel::delete(staff_sessions::table.filter(staff_sessions::user_id.eq(user_id)))
            .execute(conn)
    }

    /// Removes the sessions that have expired by `now`; returns how many.
    pub fn remove_expired(
        conn: &mut DbConnection,
        now: NaiveDateTime,
        lifetime: SessionLifetime,
    ) -> QueryResult<usize> {
        diesel::delete(
            staff_sessions::table.filter(
                staff_sessions::last_seen_at
                    .lt(now - lifetime.idle)
                    .or(staff_sessions::created_at.lt(now - lifetime.absolute)),
            ),
        )
        .execute(conn)
    }
}
