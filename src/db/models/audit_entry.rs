use chrono::NaiveDateTime;
use diesel::dsl::{AsSelect, SqlTypeOf};
use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::{Cursor, DbBackend, DbConnection, new_id, now};

/// A query for entries, selected as [`AuditEntry`], filtered and still to be ordered.
type Matching<'a> =
    audit_log::BoxedQuery<'a, DbBackend, SqlTypeOf<AsSelect<AuditEntry, DbBackend>>>;

/// An entry of the audit log (append-only; see `crate::audit`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: String,
    pub at: NaiveDateTime,
    /// Who: the account acting, none on the command line.
    pub user_id: Option<String>,
    /// The token the account acted with.
    pub token_name: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub client_address: Option<String>,
}

/// What an entry records, before it is written.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    pub user_id: Option<String>,
    pub token_name: Option<String>,
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: Option<String>,
    pub client_address: Option<String>,
}

/// Which entries a listing wants; `None` matches all.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub user_id: Option<String>,
    pub object_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

impl AuditEntry {
    pub fn append(conn: &mut DbConnection, entry: &NewAuditEntry) -> QueryResult<()> {
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::id.eq(new_id()),
                audit_log::at.eq(now()),
                audit_log::user_id.eq(&entry.user_id),
                audit_log::token_name.eq(&entry.token_name),
                audit_log::action.eq(entry.action),
                audit_log::object_type.eq(entry.object_type),
                audit_log::object_id.eq(&entry.object_id),
                audit_log::client_address.eq(&entry.client_address),
            ))
            .execute(conn)
            .map(drop)
    }

    /// Entries matching `filter`, oldest first, after `after`; at most `limit` when given.
    pub fn list(
        conn: &mut DbConnection,
        filter: &AuditFilter,
        after: Option<Cursor>,
        limit: Option<i64>,
    ) -> QueryResult<Vec<Self>> {
        let mut query = Self::matching(filter);
        if let Some(cursor) = after {
            query = query.filter(
                audit_log::at
                    .gt(cursor.at)
                    .or(audit_log::at.eq(cursor.at).and(audit_log::id.gt(cursor.id))),
            );
        }
        let query = query.order((audit_log::at, audit_log::id));
        match limit {
            Some(limit) => query.limit(limit).load(conn),
            None => query.load(conn),
        }
    }

    /// At most `limit` entries matching `filter`, newest first, before `before` (the
    /// console reads the log from its end).
    pub fn list_newest_first(
        conn: &mut DbConnection,
        filter: &AuditFilter,
        before: Option<Cursor>,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        let mut query = Self::matching(filter);
        if let Some(cursor) = before {
            query = query.filter(
                audit_log::at
                    .lt(cursor.at)
                    .or(audit_log::at.eq(cursor.at).and(audit_log::id.lt(cursor.id))),
            );
        }
        query
            .order((audit_log::at.desc(), audit_log::id.desc()))
            .limit(limit)
            .load(conn)
    }

    /// The entries `filter` lets through, in no order yet.
    fn matching<'a>(filter: &AuditFilter) -> Matching<'a> {
        let mut query = audit_log::table.select(Self::as_select()).into_boxed();
        if let Some(action) = &filter.action {
            query = query.filter(audit_log::action.eq(action.clone()));
        }
        if let Some(user_id) = &filter.user_id {
            query = query.filter(audit_log::user_id.eq(user_id.clone()));
        }
        if let Some(object_id) = &filter.object_id {
            query = query.filter(audit_log::object_id.eq(object_id.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_log::at.ge(from));
        }
        if let Some(until) = filter.until {
            query = query.filter(audit_log::at.lt(until));
        }
        query
    }
}
