//! Admitting a pending registration and queuing its mail, the last step before the commit of
//! a confirmation.
//!
//! On PostgreSQL a confirmation holds its event's row from the seat count to the commit, and
//! no other confirmation of the event runs meanwhile: each round trip in between is paid by
//! all of them. There the status change and the mail go in one statement, an UPDATE in a WITH
//! clause that feeds the INSERT. SQLite runs in the process, and runs the two one after the
//! other.

use diesel::prelude::*;

use super::notices::{PreparedNotice, queue_notice};
use super::pg_statements::AdmitAndQueue;
use crate::db::DbConnection;
use crate::db::models::{AdmitPending, Registration};
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
            let statement = AdmitAndQueue::new(admit, event_id, notice);
            return Ok(statement.execute(pg)? == 1);
        }
    };
    if changed {
        queue_notice(conn, event_id, notice)?;
    }
    Ok(changed)
}
