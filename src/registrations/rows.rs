//! The rows a batch of registrants writes, shared by both databases' batch writes
//! ([`super::pg_statements`] on PostgreSQL, [`super::sqlite_writes`] on SQLite) and by the
//! batches that fill them.

use chrono::NaiveDateTime;

use super::notices::ComposedNotice;
use crate::db::models::{Registration, RegistrationStatus};

/// A first registration of a batch: new and pending, as [`Registration::new_pending`] makes
/// it, with its token and mail.
pub(super) struct NewPending<'a> {
    pub(super) registration: &'a Registration,
    pub(super) token_hash: &'a str,
    pub(super) token_expires_at: NaiveDateTime,
    pub(super) notice: &'a ComposedNotice,
}

/// Of a batch of first registrations (on either database): those written (their addresses
/// new for the event) and those left out for their mailbox's cap on unsolicited mails.
pub(super) struct Written {
    pub(super) registered: Vec<String>,
    pub(super) capped: Vec<String>,
}

/// One confirmation of a batch: what it becomes, and its mail.
pub(super) struct Admission<'a> {
    pub(super) token_hash: &'a str,
    pub(super) registration_id: &'a str,
    pub(super) status: RegistrationStatus,
    pub(super) waitlist_seq: Option<i32>,
    pub(super) withdraw_token_hash: &'a str,
    pub(super) notice: &'a ComposedNotice,
}

/// The event's plan for releasing the access link, as a batch's mails were composed under it:
/// its `access_link_hours_before` and, while the link is not released yet, when it will be.
pub(super) type AccessLinkPlan = (Option<i32>, Option<NaiveDateTime>);
