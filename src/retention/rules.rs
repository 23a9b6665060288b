//! What each retention rule removes, as of `now`. Each returns how many rows it changed or
//! removed, and runs inside the transaction its caller opened.

use chrono::NaiveDateTime;
use diesel::dsl::{Filter, Lt, Select, not};
use diesel::prelude::*;
use diesel::result::Error;

use super::Policy;
use crate::db::DbConnection;
use crate::db::models::{ERASED_KEY_PREFIX, Subscriber, SubscriberStatus};
use crate::db::schema::{
    action_tokens, events, invitations, outbox, password_links, registrations, subscribers,
};
use crate::mail::OutboxStatus;
use crate::people::{ERASED, anonymise_invitations, anonymise_mails, anonymise_registrations};

/// What `ERASED_KEY_PREFIX` keys look like to `LIKE`: rows already anonymised.
fn erased_pattern() -> String {
    format!("{ERASED_KEY_PREFIX}%")
}

/// The ids of events that ended before `cutoff`, as a subquery.
fn ended_before(
    cutoff: NaiveDateTime,
) -> Select<Filter<events::table, Lt<events::ends_at, NaiveDateTime>>, events::id> {
    events::table
        .filter(events::ends_at.lt(cutoff))
        .select(events::id)
}

/// Registrants of events that ended more than [`Policy::registrants`] ago lose their personal
/// data; their rows keep status, organisation type and country for reports.
pub(super) fn registrants(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<usize, Error> {
    let ids: Vec<String> = registrations::table
        .filter(registrations::event_id.eq_any(ended_before(now - policy.registrants)))
        .filter(not(registrations::email_key.like(erased_pattern())))
        .select(registrations::id)
        .load(conn)?;
    anonymise_registrations(conn, &ids)
}

/// Invitees of those events likewise.
pub(super) fn invitees(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<usize, Error> {
    let ids: Vec<String> = invitations::table
        .filter(invitations::event_id.eq_any(ended_before(now - policy.registrants)))
        .filter(not(invitations::email_key.like(erased_pattern())))
        .select(invitations::id)
        .load(conn)?;
    anonymise_invitations(conn, &ids)
}

/// Registrations never confirmed (pending, or expired unconfirmed) lose their personal data
/// [`Policy::unconfirmed_registrations`] after they were made.
pub(super) fn unconfirmed_registrations(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<usize, Error> {
    let ids: Vec<String> = registrations::table
        .filter(registrations::status.eq_any(["pending", "expired"]))
        .filter(registrations::created_at.lt(now - policy.unconfirmed_registrations))
        .filter(not(registrations::email_key.like(erased_pattern())))
        .select(registrations::id)
        .load(conn)?;
    anonymise_registrations(conn, &ids)
}

/// Addresses that never confirmed a subscription are forgotten, as the scheduler does every
/// minute (see [`crate::newsletter::forget_unconfirmed`]).
pub(super) fn unconfirmed_subscribers(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<usize, Error> {
    Subscriber::delete_never_confirmed(conn, now - policy.unconfirmed_subscribers)
}

/// Sent and failed mails keep only their outline after [`Policy::mails`].
pub(super) fn mails(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<usize, Error> {
    let cutoff = now - policy.mails;
    let sent = outbox::status
        .eq(OutboxStatus::Sent.as_str())
        .and(outbox::sent_at.lt(cutoff));
    let failed = outbox::status
        .eq(OutboxStatus::Failed.as_str())
        .and(outbox::next_attempt_at.lt(cutoff));
    let ids: Vec<String> = outbox::table
        .filter(sent.or(failed))
        .filter(outbox::recipient.ne(ERASED))
        .select(outbox::id)
        .load(conn)?;
    anonymise_mails(conn, &ids)
}

/// Link tokens used or expired more than [`Policy::link_tokens`] ago are removed.
pub(super) fn link_tokens(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<usize, Error> {
    let cutoff = now - policy.link_tokens;
    let actions = diesel::delete(
        action_tokens::table.filter(
            action_tokens::used_at
                .lt(cutoff)
                .or(action_tokens::expires_at.lt(cutoff)),
        ),
    )
    .execute(conn)?;
    // The console's links to set a password, likewise.
    let passwords = diesel::delete(
        password_links::table.filter(
            password_links::used_at
                .lt(cutoff)
                .or(password_links::expires_at.lt(cutoff)),
        ),
    )
    .execute(conn)?;
    Ok(actions + passwords)
}

/// Former subscribers are removed with their consent record [`Policy::consent`] after they
/// unsubscribed.
pub(super) fn consent(
    conn: &mut DbConnection,
    policy: &Policy,
    now: NaiveDateTime,
) -> Result<usize, Error> {
    diesel::delete(
        subscribers::table
            .filter(subscribers::status.eq(SubscriberStatus::Unsubscribed.as_str()))
            .filter(subscribers::unsubscribed_at.lt(now - policy.consent)),
    )
    .execute(conn)
}
