//! Retention by policy: personal data is kept only as long as the operator's policy says
//! (`DIALOGO_RETAIN_*`, see [`Policy`]), then anonymised or removed.
//!
//! Anonymising reuses erasure's rules ([`crate::people`]): rows that figures are made of
//! (registrations, invitations, mails) stay with everything but the person, so counts per
//! status, organisation type and country do not change; rows that are nothing but personal
//! data (unconfirmed subscribers, link tokens, former subscribers with their consent record)
//! go. `dialogo serve` runs every rule once a day (by the scheduler's clock), and
//! `dialogo retention [--dry-run]` on demand; each rule runs in its own transaction (rolled
//! back in a dry run) and leaves one log line with its count.

mod policy;
mod rules;

use chrono::NaiveDateTime;
use diesel::result::Error;

use crate::db::{DbConnection, write_transaction};

pub use policy::Policy;

type Rule = fn(&mut DbConnection, &Policy, NaiveDateTime) -> Result<usize, Error>;

/// Every rule, named as the log and the command's output name the data it concerns.
const RULES: [(&str, &str, Rule); 7] = [
    ("registrants", "anonymised", rules::registrants),
    ("invitees", "anonymised", rules::invitees),
    (
        "unconfirmed_registrations",
        "anonymised",
        rules::unconfirmed_registrations,
    ),
    (
        "unconfirmed_subscribers",
        "removed",
        rules::unconfirmed_subscribers,
    ),
    ("mails", "anonymised", rules::mails),
    ("link_tokens", "removed", rules::link_tokens),
    ("consent_records", "removed", rules::consent),
];

/// What one rule did (or, in a dry run, would have done).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swept {
    /// The kind of data, e.g. `registrants`.
    pub data: &'static str,
    /// `anonymised` or `removed`.
    pub action: &'static str,
    /// Rows anonymised or removed.
    pub count: usize,
}

/// Applies every rule as of `now` (or, with `dry_run`, counts what they would change and
/// changes nothing), logging one line per kind of data.
pub fn run(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
    dry_run: bool,
) -> Result<Vec<Swept>, Error> {
    let mut report = Vec::with_capacity(RULES.len());
    for (data, action, rule) in RULES {
        let mut count = 0;
        let ran = write_transaction(conn, |conn| {
            count = rule(conn, policy, now)?;
            if dry_run {
                Err(Error::RollbackTransaction)
            } else {
                Ok(())
            }
        });
        match ran {
            Ok(()) | Err(Error::RollbackTransaction) => {}
            Err(error) => return Err(error),
        }
        tracing::info!(data, action, count, dry_run, "retention");
        report.push(Swept {
            data,
            action,
            count,
        });
    }
    // On SQLite the WAL still holds the pages as they were before; they go with it.
    if !dry_run && report.iter().any(|swept| swept.count > 0) && !crate::db::truncate_wal(conn)? {
        tracing::warn!("the WAL could not be truncated after retention; it will be once idle");
    }
    Ok(report)
}
