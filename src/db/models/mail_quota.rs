//! The cap on unsolicited mails per mailbox: mails that anonymous requests cause to an
//! address (registration and newsletter opt-ins, and the answers to repeated requests), which
//! anyone can ask for in someone else's name. Each mailbox has a day's allowance, counted in
//! the database (so that it holds across processes) under the SHA-256 of its lower-cased
//! address, one row per mailbox whose window starts with its first mail.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::backend::Backend;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment};
use diesel::serialize::ToSql;
use diesel::sql_types::{Integer, Text, Timestamp};

use crate::db::schema::unsolicited_mails;
use crate::db::{DbConnection, fixed_statement, on_backend};

/// The window an allowance covers.
pub const QUOTA_WINDOW: TimeDelta = TimeDelta::hours(24);

/// The unsolicited mails of one mailbox.
pub struct MailQuota;

impl MailQuota {
    /// The key a mailbox is counted under: the SHA-256 of its lower-cased address.
    pub fn key(email_key: &str) -> String {
        crate::secret::hash(&email_key.to_lowercase())
    }

    /// Counts one more unsolicited mail to the mailbox with `key` at `now`; whether it is
    /// within `cap` mails per [`QUOTA_WINDOW`] (always, with `cap` 0). Run in the write
    /// transaction that queues the mail: the row stays locked until it commits, so that
    /// concurrent requests in several processes count one after the other.
    pub fn take(
        conn: &mut DbConnection,
        key: &str,
        now: NaiveDateTime,
        cap: u32,
    ) -> QueryResult<bool> {
        let statement = Take {
            key,
            now,
            expired: now - QUOTA_WINDOW,
        };
        let mails: i32 = on_backend!(conn, |c| statement.get_result(c))?;
        Ok(cap == 0 || i64::from(mails) <= i64::from(cap))
    }

    /// Forgets a mailbox's count (when its address is erased).
    pub fn forget(conn: &mut DbConnection, email_key: &str) -> QueryResult<usize> {
        diesel::delete(unsolicited_mails::table.find(Self::key(email_key))).execute(conn)
    }

    /// Forgets the counts whose window is over; returns how many.
    pub fn prune(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::delete(
            unsolicited_mails::table.filter(unsolicited_mails::window_start.le(now - QUOTA_WINDOW)),
        )
        .execute(conn)
    }
}

/// [`MailQuota::take`]'s upsert, written out so that it stays prepared: it runs for every
/// registrant (see `db::statement`). A window that is over starts again at `now`.
struct Take<'a> {
    key: &'a str,
    now: NaiveDateTime,
    /// Windows that started at or before this are over.
    expired: NaiveDateTime,
}

impl<DB> QueryFragment<DB> for Take<'_>
where
    DB: Backend,
    str: ToSql<Text, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO unsolicited_mails (recipient_hash, window_start, mails) VALUES (",
        );
        out.push_bind_param::<Text, _>(self.key)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", 1)");
        push_count_on_conflict(&mut out, &self.now, &self.expired)?;
        out.push_sql(" RETURNING mails");
        Ok(())
    }
}

/// The `ON CONFLICT` clause of an `INSERT INTO unsolicited_mails … VALUES (key, now, 1)`:
/// a mailbox already counted gets one more mail, or a new window if its last one is over.
/// Shared by [`MailQuota::take`] and the registration batches' statement on PostgreSQL.
pub(crate) fn push_count_on_conflict<'b, DB>(
    out: &mut AstPass<'_, 'b, DB>,
    now: &'b NaiveDateTime,
    expired: &'b NaiveDateTime,
) -> QueryResult<()>
where
    DB: Backend,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    out.push_sql(
        " ON CONFLICT (recipient_hash) DO UPDATE SET mails = CASE WHEN \
         unsolicited_mails.window_start <= ",
    );
    out.push_bind_param::<Timestamp, _>(expired)?;
    out.push_sql(
        " THEN 1 ELSE unsolicited_mails.mails + 1 END, window_start = CASE WHEN \
         unsolicited_mails.window_start <= ",
    );
    out.push_bind_param::<Timestamp, _>(expired)?;
    out.push_sql(" THEN ");
    out.push_bind_param::<Timestamp, _>(now)?;
    out.push_sql(" ELSE unsolicited_mails.window_start END");
    Ok(())
}

impl Query for Take<'_> {
    type SqlType = Integer;
}

fixed_statement!(Take);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseUrl;
    use crate::db::{establish, run_migrations};

    #[test]
    fn a_mailbox_gets_its_allowance_per_day_and_then_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = establish(&DatabaseUrl::Sqlite(dir.path().join("q.db"))).unwrap();
        run_migrations(&mut conn).unwrap();
        let (ana, ben) = (
            MailQuota::key("Ana@example.org"),
            MailQuota::key("ben@example.org"),
        );
        assert_eq!(ana, MailQuota::key("ana@example.org"));
        let start = crate::db::now();
        let took: Vec<bool> = (0..5)
            .map(|i| MailQuota::take(&mut conn, &ana, start + TimeDelta::hours(i), 3).unwrap())
            .collect();
        assert_eq!(took, [true, true, true, false, false]);
        assert!(
            MailQuota::take(&mut conn, &ben, start, 3).unwrap(),
            "per mailbox"
        );
        let next_day = start + QUOTA_WINDOW;
        assert!(MailQuota::take(&mut conn, &ana, next_day, 3).unwrap());
        assert!(
            MailQuota::take(&mut conn, &ana, next_day, 0).unwrap(),
            "0: no limit"
        );
        assert_eq!(
            MailQuota::prune(&mut conn, next_day).unwrap(),
            1,
            "ben's day is over"
        );
        assert_eq!(MailQuota::forget(&mut conn, "ANA@example.org").unwrap(), 1);
    }
}
