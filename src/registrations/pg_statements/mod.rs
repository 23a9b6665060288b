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

/// A statement kept in a `.sql` file, with a comment per `WITH` clause: its text without the
/// comments, cut at each `:name` slot, which the statement fills with its bound values (or,
/// for a few, a fragment of SQL shared with other statements). Parsed once; the text is the
/// same on every run, so the statement stays prepared.
pub(super) struct SqlFile {
    pieces: Vec<Piece>,
}

enum Piece {
    Sql(String),
    Slot(&'static str),
}

impl SqlFile {
    pub(super) fn parse(source: &'static str) -> Self {
        let mut pieces = Vec::new();
        let mut sql = String::new();
        for line in source.lines() {
            let line = line.split_once("--").map_or(line, |(code, _)| code);
            let mut rest = line;
            while let Some(at) = rest.find(':') {
                let (before, from) = rest.split_at(at);
                sql.push_str(before);
                let name_len = from[1..]
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or(from.len() - 1);
                if from[1..].starts_with(':') {
                    // A cast (`::text`), not a slot.
                    sql.push_str("::");
                    rest = &from[2..];
                } else if name_len == 0 {
                    sql.push(':');
                    rest = &from[1..];
                } else {
                    pieces.push(Piece::Sql(std::mem::take(&mut sql)));
                    pieces.push(Piece::Slot(&from[1..=name_len]));
                    rest = &from[1 + name_len..];
                }
            }
            sql.push_str(rest);
            sql.push('\n');
        }
        pieces.push(Piece::Sql(sql));
        Self { pieces }
    }

    /// Pushes the statement, `fill` pushing what each slot stands for.
    pub(super) fn push<'b>(
        &self,
        out: &mut AstPass<'_, 'b, Pg>,
        mut fill: impl FnMut(&str, &mut AstPass<'_, 'b, Pg>) -> QueryResult<()>,
    ) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Sql(sql) => out.push_sql(sql),
                Piece::Slot(name) => fill(name, out)?,
            }
        }
        Ok(())
    }
}

/// What the `:event_…` slots stand for: the conditions under which the events row is the
/// version `event` was read as. `None` for another slot.
pub(super) fn push_event_slot<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    event: &'b Event,
    name: &str,
) -> Option<QueryResult<()>> {
    Some(match name {
        "event_id" => out.push_bind_param::<Text, _>(&event.id),
        "event_updated_at" => out.push_bind_param::<Timestamp, _>(&event.updated_at),
        "event_status" => out.push_bind_param::<Text, _>(event.status.as_str()),
        "event_sequence" => out.push_bind_param::<Integer, _>(&event.sequence),
        _ => return None,
    })
}

/// `INSERT INTO outbox … SELECT … FROM members m`, for a `JOIN` to follow that keeps the
/// members whose mail is queued: the mail of each member (columns `outbox_id`, `message_id`,
/// `kind`, `recipient`, `subject`, `message`) as a pending mail about the event.
pub(super) fn push_queue_members<'b>(
    out: &mut AstPass<'_, 'b, Pg>,
    event_id: &'b str,
    now: &'b NaiveDateTime,
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
    out.push_sql(" FROM members m");
    Ok(())
}

/// The error for a slot a statement does not fill: a mistake in its `.sql` file.
pub(super) fn unknown_slot(name: &str) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(format!("no value for the slot :{name}").into())
}

/// Pushes `columns` as bound arrays, separated by commas.
pub(super) fn push_arrays<'b, T, U>(
    out: &mut AstPass<'_, 'b, Pg>,
    columns: &'b [U],
) -> QueryResult<()>
where
    T: diesel::sql_types::SqlType,
    Pg: diesel::sql_types::HasSqlType<T>,
    U: diesel::serialize::ToSql<T, Pg>,
{
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.push_sql(", ");
        }
        out.push_bind_param::<T, _>(column)?;
    }
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

#[cfg(test)]
mod tests {
    use super::{Piece, SqlFile};

    fn shape(file: &SqlFile) -> Vec<String> {
        file.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Sql(sql) => sql.split_whitespace().collect::<Vec<_>>().join(" "),
                Piece::Slot(name) => format!("<{name}>"),
            })
            .collect()
    }

    #[test]
    fn slots_are_cut_out_and_comments_and_casts_left_alone() {
        let file = SqlFile::parse(
            "-- A comment with :no_slot in it.\nSELECT a::text, :first -- and :none\nWHERE b = :second_one;",
        );
        assert_eq!(
            shape(&file),
            [
                "SELECT a::text,",
                "<first>",
                "WHERE b =",
                "<second_one>",
                ";"
            ]
        );
    }
}
