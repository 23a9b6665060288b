//! Admitting a pending registration and queuing its mail, the last step before the commit of
//! a confirmation.
//!
//! On PostgreSQL a confirmation holds its event's row from the seat count to the commit, and
//! no other confirmation of the event runs meanwhile: each round trip in between is paid by
//! all of them. There the status change and the mail go in one statement, an UPDATE in a WITH
//! clause that feeds the INSERT. SQLite runs in the process, and runs the two one after the
//! other.

use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Text, Timestamp};

use super::notices::{PreparedNotice, queue_notice};
use crate::db::models::{AdmitPending, Registration};
use crate::db::{DbConnection, new_id, now};
use crate::error::ApiError;

/// Writes `admitted`, a pending registration with its new status and waitlist number, and
/// queues `notice`; false, doing neither, when the registration is no longer pending.
pub(super) fn admit_with_notice(
    conn: &mut DbConnection,
    admitted: &Registration,
    event_id: &str,
    notice: &PreparedNotice,
) -> Result<bool, ApiError> {
    let admit = AdmitPending::new(&admitted.id, admitted.status(), admitted.waitlist_seq);
    let changed = match conn {
        DbConnection::Sqlite(sqlite) => admit.execute(sqlite)? == 1,
        DbConnection::Pg(pg) => {
            let statement = AdmitAndQueue {
                admit,
                outbox_id: new_id(),
                event_id,
                notice,
                now: now(),
            };
            return Ok(statement.execute(pg)? == 1);
        }
    };
    if changed {
        queue_notice(conn, event_id, notice)?;
    }
    Ok(changed)
}

/// `WITH admitted AS (UPDATE registrations … RETURNING id) INSERT INTO outbox … FROM admitted`:
/// one row queued when the registration was admitted, none otherwise.
struct AdmitAndQueue<'a> {
    admit: AdmitPending<'a>,
    outbox_id: String,
    event_id: &'a str,
    notice: &'a PreparedNotice,
    now: NaiveDateTime,
}

impl QueryFragment<Pg> for AdmitAndQueue<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let mail = &self.notice.mail;
        out.push_sql("WITH admitted AS (");
        self.admit.walk_ast(out.reborrow())?;
        out.push_sql(
            " RETURNING id) INSERT INTO outbox (id, message_id, kind, event_id, recipient, \
             subject, message, status, attempts, next_attempt_at, created_at) SELECT ",
        );
        for text in [
            self.outbox_id.as_str(),
            &mail.message_id,
            self.notice.kind,
            self.event_id,
            &mail.recipient,
            &mail.subject,
            &mail.message,
        ] {
            out.push_bind_param::<Text, _>(text)?;
            out.push_sql(", ");
        }
        out.push_sql("'pending', 0, ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(" FROM admitted");
        Ok(())
    }
}

impl QueryId for AdmitAndQueue<'_> {
    type QueryId = AdmitAndQueue<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl RunQueryDsl<diesel::PgConnection> for AdmitAndQueue<'_> {}
