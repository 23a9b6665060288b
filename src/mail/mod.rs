//! Mail: localised messages rendered with Askama, calendar invitations, and a durable outbox
//! that a worker drains through lettre.
//!
//! A mail is composed completely — headers, text, HTML, calendar — when the change that causes
//! it happens, and written to the outbox in that change's transaction. Nothing is sent from a
//! request; the worker sends, retries with backoff, and survives crashes through leases.

pub mod account_mail;
pub mod address;
pub mod compose;
pub mod event_details;
pub mod event_mail;
pub mod ics;
mod invitation_mail;
pub mod markdown;
pub mod newsletter_mail;
mod notice;
pub mod outbox;
pub mod schedule_mail;
pub mod seven_bit;
pub mod signoff;
pub mod smtp;
pub mod transport;
pub mod worker;

pub use compose::{ComposedMail, MailParts};
pub use event_mail::{EventMailKind, Recipient, compose_event_mail};
pub use outbox::{OutboxMail, OutboxStatus};
pub use transport::MailTransport;
pub use worker::MailWorker;

/// Leaves one recipient out of a mailing to many (a stored address that no longer parses, a
/// mail that cannot be composed), so that one bad row never stops the others' mails. Logged
/// with the row's `id` (of its `kind`) and the reason, never with the address.
pub fn skip_recipient(kind: &str, id: &str, reason: &dyn std::fmt::Display) {
    tracing::warn!(
        kind,
        id,
        reason = %reason,
        "a recipient was left out of a mailing"
    );
}
