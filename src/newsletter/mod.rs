//! The newsletter's rules: double opt-in with a consent record, one-click unsubscribe, and
//! issues queued for thousands of readers in the background (`dispatch`).
//!
//! Each function runs in one write transaction; the mails it causes are queued in it.

pub mod dispatch;
pub mod import;
mod input;
mod issue_input;
pub mod issues;
pub mod staff;
pub mod subscribers;

pub use input::{SubscriptionInput, SubscriptionRequest, parse_name, parse_topics};
pub use issue_input::IssueInput;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::Connection as _;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::db::models::{
    ActionToken, CONFIRMATION_WINDOW, Consent, ConsentAction, ConsentEntry, MailQuota,
    NewSubscriber, NewToken, Subscriber, SubscriberStatus, TokenPurpose, subscriber_email_key,
};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::OutboxMail;
use crate::mail::event_mail::MailContext;
use crate::mail::newsletter_mail::{self, Reader};
use crate::mail::outbox::MailMeta;
use crate::registrations::token_error;

/// How often the same pending subscriber gets the confirmation mail again at most.
const RESEND_INTERVAL: TimeDelta = TimeDelta::minutes(10);
/// Unsubscribe links keep working for years: old issues stay in inboxes.
pub const UNSUBSCRIBE_VALIDITY: TimeDelta = TimeDelta::days(5 * 366);

/// Forgets addresses that asked to subscribe but were last asked for before `cutoff` and never
/// confirmed (`DIALOGO_RETAIN_UNCONFIRMED_SUBSCRIBERS_DAYS`): nobody proved they own them, so
/// nothing of them is kept.
pub fn forget_unconfirmed(
    conn: &mut DbConnection,
    cutoff: NaiveDateTime,
) -> Result<usize, ApiError> {
    write_transaction(conn, |conn| {
        Ok(Subscriber::delete_never_confirmed(conn, cutoff)?)
    })
}

/// How a consent-relevant request reached us, for the record.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub source: &'a str,
    pub ip_address: Option<&'a str>,
}

/// Subscribes, or answers a repeated request without revealing that it is one: a pending
/// subscriber gets the confirmation mail again (at most every ten minutes), a confirmed one
/// nothing, an unsubscribed one a new opt-in. A request that starts a subscription is kept in
/// the consent record; a repeat for a pending or confirmed address adds nothing to it (anyone
/// can send one), and the confirmation link it may bring again carries the privacy-notice
/// version on record, not the repeat's.
pub fn subscribe(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    request: &SubscriptionRequest,
    origin: Origin<'_>,
    cap: u32,
) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        let now = now();
        let new = &request.subscriber;
        let existing = Subscriber::find_by_email(conn, &new.email)?;
        // Whether the request mails the address: a new or renewed opt-in, or a pending one's
        // mail again once the resend interval has passed.
        let mails = match existing.as_ref().map(|e| (e.status, e.last_mail_at)) {
            None | Some((SubscriberStatus::Unsubscribed, _)) => true,
            Some((SubscriberStatus::Pending, last)) => {
                last.is_none_or(|at| now - at >= RESEND_INTERVAL)
            }
            Some((SubscriberStatus::Confirmed, _)) => false,
        };
        // Past the address's unsolicited mails for the day, nothing is written or mailed.
        let quota_key = MailQuota::key(&subscriber_email_key(&new.email));
        if mails && !MailQuota::take(conn, &quota_key, now, cap)? {
            return Ok(());
        }
        // Whether to mail, and whether the request starts a subscription (and is recorded).
        let (subscriber, send, starts) = match existing {
            None => match insert_pending(conn, new, now)? {
                Some(subscriber) => (subscriber, true, true),
                // A concurrent request for the same address won; it sends the mail.
                None => return Ok(()),
            },
            Some(existing) => match existing.status {
                SubscriberStatus::Pending => (existing, mails, false),
                SubscriberStatus::Confirmed => (existing, false, false),
                SubscriberStatus::Unsubscribed => {
                    Subscriber::restart(conn, &existing.id, new, now)?;
                    (existing, true, true)
                }
            },
        };
        let version = if starts {
            Consent::record(
                conn,
                &subscriber.id,
                &ConsentEntry {
                    action: ConsentAction::Subscribe,
                    privacy_notice_version: Some(&request.privacy_notice_version),
                    source: origin.source,
                    ip_address: origin.ip_address,
                    at: now,
                },
            )?;
            Some(request.privacy_notice_version.clone())
        } else {
            Consent::requested_version(conn, &subscriber.id)?
        };
        if send {
            // A restarted opt-in takes the details just given; a pending one keeps its own,
            // so that a stranger's request cannot change what the owner's mail says.
            let restarted = subscriber.status == SubscriberStatus::Unsubscribed;
            let reader = Reader {
                name: if restarted {
                    new.name.as_deref()
                } else {
                    subscriber.name.as_deref()
                },
                email: &new.email,
                locale: if restarted {
                    new.language
                } else {
                    subscriber.locale()
                },
            };
            request_confirmation(
                conn,
                context,
                &subscriber.id,
                &reader,
                version.as_deref(),
                now,
            )?;
        }
        Ok(())
    })
}

/// Inserts in a savepoint, so that losing a race for the address leaves the transaction
/// usable; `None` then.
fn insert_pending(
    conn: &mut DbConnection,
    new: &NewSubscriber,
    now: NaiveDateTime,
) -> Result<Option<Subscriber>, ApiError> {
    match conn.transaction(|conn| Subscriber::insert(conn, new, SubscriberStatus::Pending, now)) {
        Ok(subscriber) => Ok(Some(subscriber)),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Queues the double opt-in mail with a fresh confirmation token, bound to the
/// privacy-notice version the subscription's request agreed to.
pub fn request_confirmation(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    subscriber_id: &str,
    reader: &Reader<'_>,
    privacy_notice_version: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    let (row, token) = NewToken::for_confirmation(
        subscriber_id,
        now + CONFIRMATION_WINDOW,
        privacy_notice_version,
    );
    ActionToken::insert_batch(conn, &[row])?;
    let url = newsletter_mail::link(context, "confirm", &token);
    let mail =
        newsletter_mail::compose_confirmation(context, reader, &url).map_err(ApiError::internal)?;
    OutboxMail::enqueue(
        conn,
        &mail,
        &MailMeta {
            kind: "newsletter_confirm",
            event_id: None,
            dedupe_key: None,
        },
    )?;
    Subscriber::mark_mailed(conn, subscriber_id, now)?;
    Ok(())
}

/// Uses up a subscriber's token for `purpose`, or says why it does not work.
fn redeem(
    conn: &mut DbConnection,
    token: &str,
    purpose: TokenPurpose,
) -> Result<(Subscriber, ActionToken), ApiError> {
    let peeked = ActionToken::check(conn, token, purpose)?.map_err(token_error)?;
    let subscriber = peeked
        .subscriber_id
        .as_deref()
        .map(|id| Subscriber::find(conn, id))
        .transpose()?
        .flatten()
        .ok_or_else(|| ApiError::not_found("link").at("token"))?;
    let used = ActionToken::consume(conn, peeked)?.map_err(token_error)?;
    Ok((subscriber, used))
}

/// Confirms the address behind a confirmation link.
pub fn confirm(
    conn: &mut DbConnection,
    token: &str,
    origin: Origin<'_>,
) -> Result<Subscriber, ApiError> {
    write_transaction(conn, |conn| {
        let (subscriber, token) = redeem(conn, token, TokenPurpose::ConfirmSubscription)?;
        let now = now();
        if subscriber.status == SubscriberStatus::Pending {
            Subscriber::transition(
                conn,
                &subscriber.id,
                SubscriberStatus::Pending,
                SubscriberStatus::Confirmed,
                now,
            )?;
            // The version the link's own request agreed to, not the latest anyone sent.
            Consent::record(
                conn,
                &subscriber.id,
                &ConsentEntry {
                    action: ConsentAction::Confirm,
                    privacy_notice_version: token.privacy_notice_version.as_deref(),
                    source: origin.source,
                    ip_address: origin.ip_address,
                    at: now,
                },
            )?;
        }
        Ok(Subscriber::find(conn, &subscriber.id)?.unwrap_or(subscriber))
    })
}

/// Unsubscribes the holder of an unsubscribe link at once. Every other link of theirs is used
/// up with it, so an old confirmation link cannot subscribe them again.
pub fn unsubscribe(
    conn: &mut DbConnection,
    token: &str,
    origin: Origin<'_>,
) -> Result<Subscriber, ApiError> {
    write_transaction(conn, |conn| {
        let (subscriber, _) = redeem(conn, token, TokenPurpose::Unsubscribe)?;
        end_subscription(conn, &subscriber, origin)?;
        Ok(Subscriber::find(conn, &subscriber.id)?.unwrap_or(subscriber))
    })
}

/// Marks a subscriber unsubscribed and records it; nothing if they already were.
pub fn end_subscription(
    conn: &mut DbConnection,
    subscriber: &Subscriber,
    origin: Origin<'_>,
) -> Result<(), ApiError> {
    let now = now();
    let from = subscriber.status;
    if from == SubscriberStatus::Unsubscribed {
        return Ok(());
    }
    Subscriber::transition(
        conn,
        &subscriber.id,
        from,
        SubscriberStatus::Unsubscribed,
        now,
    )?;
    for purpose in [TokenPurpose::Unsubscribe, TokenPurpose::ConfirmSubscription] {
        ActionToken::consume_all_of_subscriber(conn, &subscriber.id, purpose)?;
    }
    Consent::record(
        conn,
        &subscriber.id,
        &ConsentEntry {
            action: ConsentAction::Unsubscribe,
            privacy_notice_version: None,
            source: origin.source,
            ip_address: origin.ip_address,
            at: now,
        },
    )?;
    Ok(())
}

/// The reader of a subscriber's mails.
pub fn reader_of<'a>(subscriber: &'a Subscriber, email: &'a Email) -> Reader<'a> {
    Reader {
        name: subscriber.name.as_deref(),
        email,
        locale: subscriber.locale(),
    }
}
