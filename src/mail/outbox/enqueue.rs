//! Queuing mails in the transaction of the change that causes them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::serialize::ToSql;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::{MailMeta, OutboxMail, OutboxStatus};
use crate::db::schema::outbox;
use crate::db::{DbConnection, fixed_statement, new_id, now, on_backend};
use crate::mail::compose::ComposedMail;

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
}
