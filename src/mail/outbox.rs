//! The outbox table: enqueue in the caller's transaction, claim under a lease, record results.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use serde::Serialize;

use super::compose::ComposedMail;
use crate::db::schema::outbox;
use crate::db::{
    Backend, Cursor, DbConnection, fixed_statement, new_id, now, on_backend, write_transaction,
};

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
    pub status: String,
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

#[derive(Insertable)]
#[diesel(table_name = outbox)]
struct NewOutboxRow<'a> {
    id: String,
    message_id: &'a str,
    dedupe_key: Option<&'a str>,
    kind: &'a str,
    issue_id: Option<&'a str>,
    recipient: &'a str,
    subject: &'a str,
    message: Option<&'a str>,
    status: &'a str,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    created_at: NaiveDateTime,
}

/// [`OutboxMail::enqueue`]'s INSERT, written out so that it stays prepared: every registrant's
/// step queues a mail with it, inside the write transaction (see `db::statement`).
struct InsertMail<'a> {
    id: String,
    mail: &'a ComposedMail,
    meta: &'a MailMeta<'a>,
    now: NaiveDateTime,
}

impl<DB> QueryFragment<DB> for InsertMail<'_>
where
    DB: diesel::backend::Backend,
    str: ToSql<Text, DB>,
    for<'x> Option<&'x str>: ToSql<Nullable<Text>, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO outbox (id, message_id, dedupe_key, kind, event_id, recipient, \
             subject, message, status, attempts, next_attempt_at, created_at) VALUES (",
        );
        out.push_bind_param::<Text, _>(self.id.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.mail.message_id.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&self.meta.dedupe_key)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.meta.kind)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&self.meta.event_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.mail.recipient.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.mail.subject.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.mail.message.as_str())?;
        out.push_sql(", 'pending', 0, ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(")");
        Ok(())
    }
}

fixed_statement!(InsertMail);

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = Text)]
    id: String,
}

impl OutboxMail {
    /// Queues a mail. Call inside the transaction of the change that causes it. With a
    /// `dedupe_key` already queued, nothing is added and `false` returned.
    pub fn enqueue(
        conn: &mut DbConnection,
        mail: &ComposedMail,
        meta: &MailMeta<'_>,
    ) -> QueryResult<bool> {
        if let Some(key) = meta.dedupe_key {
            let exists = on_backend!(conn, |c| outbox::table
                .filter(outbox::dedupe_key.eq(key))
                .count()
                .get_result::<i64>(c))?
                > 0;
            if exists {
                return Ok(false);
            }
        }
        let statement = InsertMail {
            id: new_id(),
            mail,
            meta,
            now: now(),
        };
        on_backend!(conn, |c| statement.execute(c))?;
        Ok(true)
    }

    /// Queues many mails of one newsletter issue in one statement. Call inside the
    /// transaction that decided them; dedupe keys already queued make the statement fail, so
    /// the caller leaves those out.
    pub fn enqueue_issue_batch(
        conn: &mut DbConnection,
        issue_id: &str,
        kind: &str,
        mails: &[(ComposedMail, String)],
    ) -> QueryResult<()> {
        if mails.is_empty() {
            return Ok(());
        }
        let now = now();
        let rows: Vec<NewOutboxRow<'_>> = mails
            .iter()
            .map(|(mail, dedupe_key)| NewOutboxRow {
                id: new_id(),
                message_id: &mail.message_id,
                dedupe_key: Some(dedupe_key),
                kind,
                issue_id: Some(issue_id),
                recipient: &mail.recipient,
                subject: &mail.subject,
                message: Some(&mail.message),
                status: OutboxStatus::Pending.as_str(),
                attempts: 0,
                next_attempt_at: now,
                created_at: now,
            })
            .collect();
        match conn {
            DbConnection::Sqlite(conn) => diesel::insert_into(outbox::table)
                .values(&rows)
                .execute(conn)?,
            DbConnection::Pg(conn) => diesel::insert_into(outbox::table)
                .values(&rows)
                .execute(conn)?,
        };
        Ok(())
    }

    /// Of `keys`, those already queued.
    pub fn existing_dedupe_keys(
        conn: &mut DbConnection,
        keys: &[String],
    ) -> QueryResult<Vec<String>> {
        outbox::table
            .filter(outbox::dedupe_key.eq_any(keys))
            .select(outbox::dedupe_key.assume_not_null())
            .load(conn)
    }

    /// Mails of an issue still waiting in the queue.
    pub fn pending_of_issue(conn: &mut DbConnection, issue_id: &str) -> QueryResult<i64> {
        outbox::table
            .filter(outbox::issue_id.eq(issue_id))
            .filter(outbox::status.eq(OutboxStatus::Pending.as_str()))
            .count()
            .get_result(conn)
    }

    /// Takes back the queued mails of an issue that no worker is sending right now; returns
    /// how many. Mails already handed to a worker still go out.
    pub fn withdraw_issue(conn: &mut DbConnection, issue_id: &str) -> QueryResult<usize> {
        let now = now();
        diesel::delete(
            outbox::table
                .filter(outbox::issue_id.eq(issue_id))
                .filter(outbox::status.eq(OutboxStatus::Pending.as_str()))
                .filter(
                    outbox::locked_until
                        .is_null()
                        .or(outbox::locked_until.lt(now)),
                ),
        )
        .execute(conn)
    }

    /// Claims up to `limit` due mails for `worker` until the lease ends. Another process sees
    /// them again only when the lease has run out, e.g. because this one died.
    ///
    /// PostgreSQL skips rows other workers are claiming (`FOR UPDATE SKIP LOCKED`), so several
    /// processes claim disjoint batches without waiting; SQLite's `BEGIN IMMEDIATE` admits one
    /// claimer at a time anyway.
    pub fn claim(
        conn: &mut DbConnection,
        worker: &str,
        limit: i64,
        lease: TimeDelta,
    ) -> QueryResult<Vec<Self>> {
        let now = now();
        write_transaction(conn, |conn| {
            let ids: Vec<String> = match conn.backend() {
                Backend::Postgres => diesel::sql_query(
                    "SELECT id FROM outbox
                     WHERE status = 'pending' AND next_attempt_at <= $1
                       AND (locked_until IS NULL OR locked_until < $1)
                     ORDER BY next_attempt_at, id
                     LIMIT $2
                     FOR UPDATE SKIP LOCKED",
                )
                .bind::<Timestamp, _>(now)
                .bind::<BigInt, _>(limit)
                .load::<ClaimedId>(conn)?
                .into_iter()
                .map(|row| row.id)
                .collect(),
                Backend::Sqlite => outbox::table
                    .filter(outbox::status.eq(OutboxStatus::Pending.as_str()))
                    .filter(outbox::next_attempt_at.le(now))
                    .filter(
                        outbox::locked_until
                            .is_null()
                            .or(outbox::locked_until.lt(now)),
                    )
                    .order((outbox::next_attempt_at, outbox::id))
                    .limit(limit)
                    .select(outbox::id)
                    .load(conn)?,
            };
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set((
                    outbox::locked_until.eq(now + lease),
                    outbox::locked_by.eq(worker),
                    outbox::attempts.eq(outbox::attempts + 1),
                ))
                .execute(conn)?;
            outbox::table
                .filter(outbox::id.eq_any(&ids))
                .order((outbox::next_attempt_at, outbox::id))
                .select(Self::as_select())
                .load(conn)
        })
    }

    /// Hands back mails `worker` claimed and did not try to send (it is stopping): free for
    /// any worker at once, without waiting for the lease, and not counted as attempted.
    pub fn release(conn: &mut DbConnection, worker: &str, ids: &[String]) -> QueryResult<usize> {
        write_transaction(conn, |conn| {
            diesel::update(
                outbox::table
                    .filter(outbox::id.eq_any(ids))
                    .filter(outbox::status.eq(OutboxStatus::Pending.as_str()))
                    .filter(outbox::locked_by.eq(worker)),
            )
            .set((
                outbox::locked_until.eq(None::<NaiveDateTime>),
                outbox::locked_by.eq(None::<String>),
                outbox::attempts.eq(outbox::attempts - 1),
            ))
            .execute(conn)
        })
    }

    /// Records delivery results of mails `worker` claimed. A mail whose lease another worker
    /// has taken over in the meantime is left to that worker.
    pub fn record(
        conn: &mut DbConnection,
        worker: &str,
        results: &[(String, i32, Delivery)],
        policy: &RetryPolicy,
    ) -> QueryResult<()> {
        let now = now();
        let sent: Vec<&str> = results
            .iter()
            .filter(|(_, _, d)| matches!(d, Delivery::Sent))
            .map(|(id, _, _)| id.as_str())
            .collect();
        write_transaction(conn, |conn| {
            if !sent.is_empty() {
                diesel::update(
                    outbox::table
                        .filter(outbox::id.eq_any(&sent))
                        .filter(outbox::locked_by.eq(worker)),
                )
                .set((
                    outbox::status.eq(OutboxStatus::Sent.as_str()),
                    outbox::sent_at.eq(now),
                    outbox::message.eq(None::<String>),
                    outbox::locked_until.eq(None::<NaiveDateTime>),
                    outbox::last_error.eq(None::<String>),
                ))
                .execute(conn)?;
            }
            for (id, attempts, delivery) in results {
                let (error, retry_at) = match delivery {
                    Delivery::Sent => continue,
                    Delivery::Transient(error) => (error, policy.next_attempt(*attempts, now)),
                    Delivery::Permanent(error) => (error, None),
                };
                let status = match retry_at {
                    Some(_) => OutboxStatus::Pending,
                    None => OutboxStatus::Failed,
                };
                diesel::update(
                    outbox::table
                        .filter(outbox::id.eq(id))
                        .filter(outbox::locked_by.eq(worker)),
                )
                .set((
                    outbox::status.eq(status.as_str()),
                    outbox::next_attempt_at.eq(retry_at.unwrap_or(now)),
                    outbox::locked_until.eq(None::<NaiveDateTime>),
                    outbox::last_error.eq(truncate(error, 2000)),
                ))
                .execute(conn)?;
            }
            Ok(())
        })
    }

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

    /// Mails per status.
    pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
        outbox::table
            .group_by(outbox::status)
            .select((outbox::status, diesel::dsl::count_star()))
            .load(conn)
    }
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// When to try again: exponential backoff with jitter, up to a number of attempts.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_attempts: i32,
    pub base: TimeDelta,
    pub cap: TimeDelta,
}

impl RetryPolicy {
    /// The time of the next attempt after `attempts` failed ones, or `None` to give up.
    /// The delay doubles each time and is drawn from its upper half, so that mails that
    /// failed together do not all come back together.
    pub fn next_attempt(&self, attempts: i32, now: NaiveDateTime) -> Option<NaiveDateTime> {
        if attempts >= self.max_attempts {
            return None;
        }
        let exponent = attempts.clamp(1, 30) as u32 - 1;
        let full = self
            .base
            .checked_mul(2_i32.saturating_pow(exponent))
            .unwrap_or(self.cap)
            .min(self.cap);
        let jitter = 0.5 + rand::random::<f64>() * 0.5;
        let delay = TimeDelta::milliseconds((full.num_milliseconds() as f64 * jitter) as i64);
        Some(now + delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_gives_up() {
        let policy = RetryPolicy {
            max_attempts: 5,
            base: TimeDelta::seconds(10),
            cap: TimeDelta::seconds(60),
        };
        let now = crate::db::now();
        let delay = |attempts| {
            policy
                .next_attempt(attempts, now)
                .map(|t| (t - now).num_milliseconds())
        };
        for _ in 0..50 {
            assert!((5_000..=10_000).contains(&delay(1).unwrap()));
            assert!((10_000..=20_000).contains(&delay(2).unwrap()));
            assert!(
                (30_000..=60_000).contains(&delay(4).unwrap()),
                "capped at 60 s"
            );
        }
        assert_eq!(delay(5), None);
    }
}
