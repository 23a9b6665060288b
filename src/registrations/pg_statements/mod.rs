//! Writes of the registration path that PostgreSQL runs as one statement each, for a whole
//! batch of registrants (their rows passed as arrays, through `unnest`): data-modifying
//! `WITH` clauses chain the rows, so that the statement either writes all of them or none.
//!
//! Each round trip costs both the application and the server a wake-up, and on PostgreSQL the
//! hot writes of a registration are otherwise several small statements in a transaction.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::AstPass;
use diesel::sql_types::{Integer, Text, Timestamp};

use crate::db::models::Event;

/// `id = … AND updated_at = … AND status = … AND sequence = …`: the conditions under which
/// the events row is the version `event` was read as.
pub(super) fn push_event_is<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    event: &'b Event,
) -> QueryResult<()> {
    out.push_sql("id = ");
    out.push_bind_param::<Text, _>(&event.id)?;
    out.push_sql(" AND updated_at = ");
    out.push_bind_param::<Timestamp, _>(&event.updated_at)?;
    out.push_sql(" AND status = ");
    out.push_bind_param::<Text, _>(event.status.as_str())?;
    out.push_sql(" AND sequence = ");
    out.push_bind_param::<Integer, _>(&event.sequence)?;
    Ok(())
}

/// The impls that let a statement of this module be loaded by name (as its `…Row`) and
/// stay prepared: its SQL is the same on every run.
macro_rules! one_statement {
    ($statement:ident) => {
        impl Query for $statement<'_> {
            type SqlType = Untyped;
        }

        impl QueryId for $statement<'_> {
            type QueryId = $statement<'static>;
            const HAS_STATIC_QUERY_ID: bool = true;
        }

        impl RunQueryDsl<diesel::PgConnection> for $statement<'_> {}
    };
}

mod confirm_all;
mod register_all;

pub(super) use confirm_all::{ConfirmAll, ConfirmAllRow};
pub(super) use register_all::{RegisterAll, RegisterAllRow};

/// `INSERT INTO outbox … SELECT … FROM members m JOIN <joined>`: the mail of each member
/// (columns `outbox_id`, `message_id`, `kind`, `recipient`, `subject`, `message`) that the
/// join keeps.
pub(super) fn push_queue_members<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    event_id: &'b str,
    now: &'b NaiveDateTime,
    joined: &'static str,
) -> QueryResult<()> {
    out.push_sql(
        "INSERT INTO outbox (id, message_id, kind, event_id, recipient, subject, message, \
         status, attempts, next_attempt_at, created_at) SELECT m.outbox_id, m.message_id, \
         m.kind, ",
    );
    out.push_bind_param::<Text, _>(event_id)?;
    out.push_sql(", m.recipient, m.subject, m.message, 'pending', 0, ");
    out.push_bind_param::<Timestamp, _>(now)?;
    out.push_sql(", ");
    out.push_bind_param::<Timestamp, _>(now)?;
    out.push_sql(" FROM members m JOIN ");
    out.push_sql(joined);
    Ok(())
}
