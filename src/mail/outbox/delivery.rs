//! Delivery's side of the outbox: claiming due mails under a lease, handing them back, and
//! recording each attempt's result with the next attempt's time.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::{Delivery, OutboxMail, OutboxStatus};
use crate::db::schema::outbox;
use crate::db::{Backend, DbConnection, now, write_transaction};

/// The id of a mail a claim took.
#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = Text)]
    id: String,
}

impl OutboxMail {
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
