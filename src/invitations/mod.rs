//! Inviting people to an event: named invitees and newsletter subscribers, each with a
//! personal registration link and a decline link, at most once per address and event, with
//! one follow-up for those who have not answered.
//!
//! Named invitees are invited in the request's transaction; subscribers in the background,
//! in batches (see [`step`]), like newsletter issues.

pub mod input;
pub mod listing;
mod preview;
mod register;
mod requests;

pub use input::{
    AudienceInput, BatchInput, BatchRequest, InviteeInput, invitees_from_csv, invitees_from_csv_all,
};
pub use preview::{Preview, SkippedInvitee, Sorted, preview};
pub use register::{InvitedRegistration, decline, invitation_of, register_invited};
pub use requests::{follow_up_audited, invite_audited};

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use crate::db::models::{
    ActionToken, Audience, EventRecord, EventStatus, Invitation, InvitationBatch, NewInvitation,
    NewToken, Registration, Subscriber, TokenPurpose,
};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::Email;
use crate::error::ApiError;
use crate::i18n::{Locale, format_moment};
use crate::mail::event_mail::{InvitationMail, MailContext};
use crate::mail::outbox::MailMeta;
use crate::mail::{EventMailKind, OutboxMail, Recipient, compose_event_mail};
use crate::newsletter::UNSUBSCRIBE_VALIDITY;
use preview::{audience_counts, sort_invitees};

/// What a batch did.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchOutcome {
    pub id: String,
    /// People invited by this batch (subscribers among them are mailed in the background).
    pub total: i64,
    /// Addresses left out: already invited to or registered for the event, or named twice.
    pub skipped: i64,
    /// The named invitees among them, with the reason.
    pub skipped_invitees: Vec<SkippedInvitee>,
}

/// Refuses invitations to events that take no registrations now.
fn ensure_inviting(record: &EventRecord) -> Result<(), ApiError> {
    let event = &record.event;
    if event.status != EventStatus::Published {
        return Err(ApiError::conflict(
            "event_not_published",
            "Only published events can be invited to.",
        ));
    }
    if now() >= event.starts_at || event.registration_closes_at.is_some_and(|t| now() >= t) {
        return Err(ApiError::conflict(
            "registration_closed",
            "Registration for this event is closed.",
        ));
    }
    Ok(())
}

/// Invites the batch's named invitees now and fixes who of the subscribers it will invite.
pub fn create_batch(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    event_id: &str,
    request: &BatchRequest,
) -> Result<BatchOutcome, ApiError> {
    write_transaction(conn, |conn| {
        let record = crate::db::models::Event::load(conn, event_id)?;
        ensure_inviting(&record)?;
        let cutoff = now();
        let batch =
            InvitationBatch::insert(conn, event_id, request.subscribers.as_ref(), 0, 0, cutoff)?;
        let sorted = sort_invitees(conn, event_id, &request.invitees)?;
        let seats = seats_line(conn, &record)?;
        let mut total = 0;
        for (invitee, key) in sorted.invite {
            let new = NewInvitation {
                subscriber_id: None,
                email: invitee.email.as_str().to_owned(),
                email_key: key,
                name: invitee.name.clone(),
                organisation: invitee.organisation.clone(),
                organisation_type: invitee.organisation_type.map(|t| t.as_str().to_owned()),
                country: invitee.country.as_ref().map(|c| c.code().to_owned()),
                language: invitee.language.code().to_owned(),
            };
            let invitation = Invitation::insert(conn, event_id, &batch.id, &new)?;
            send(conn, context, &record, &invitation, false, seats.as_ref())?;
            total += 1;
        }
        let skipped_invitees = sorted.skipped;
        let mut skipped = skipped_invitees.len() as i64;
        if let Some(audience) = &request.subscribers {
            let (new, left_out) = audience_counts(conn, event_id, audience, cutoff)?;
            total += new;
            skipped += left_out;
        }
        InvitationBatch::set_counts(conn, &batch.id, total, skipped)?;
        Ok(BatchOutcome {
            id: batch.id,
            total,
            skipped,
            skipped_invitees,
        })
    })
}

/// "12 seats left.", or the waitlist note, per language; `None` without a capacity.
pub type SeatsLine = Option<HashMap<Locale, String>>;

fn seats_line(conn: &mut DbConnection, record: &EventRecord) -> Result<SeatsLine, ApiError> {
    let Some(capacity) = record.event.capacity else {
        return Ok(None);
    };
    let confirmed = Registration::confirmed_count(conn, &record.event.id, None)?;
    let left = (i64::from(capacity) - confirmed).max(0);
    let line = |locale: &Locale| match left {
        0 => locale.text("invitation-seats-waitlist"),
        _ => locale.text_with("invitation-seats-left", &[("seats", left.into())]),
    };
    Ok(Some(Locale::all().iter().map(|l| (*l, line(l))).collect()))
}

/// Queues an invitation (or its follow-up) with fresh personal links, valid until the event
/// starts; subscribers' mails carry the newsletter's unsubscribe link. A second invitation
/// or follow-up for the same invitation is never queued (dedupe key). An invitee who cannot
/// be mailed is skipped (logged by id), so that one bad row never stops a batch.
pub fn send(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    invitation: &Invitation,
    follow_up: bool,
    seats: Option<&HashMap<Locale, String>>,
) -> Result<(), ApiError> {
    let locale = Locale::parse(&invitation.language).unwrap_or_else(|_| Locale::fallback());
    let event = &record.event;
    let valid_until = event.starts_at;
    let (register, register_token) =
        NewToken::for_invitation(TokenPurpose::RegisterInvited, &invitation.id, valid_until);
    let (decline, decline_token) =
        NewToken::for_invitation(TokenPurpose::DeclineInvitation, &invitation.id, valid_until);
    let mut tokens = vec![register, decline];
    let unsubscribe_url = match &invitation.subscriber_id {
        Some(subscriber_id) => {
            let (row, token) = NewToken::for_subscriber(
                TokenPurpose::Unsubscribe,
                subscriber_id,
                now() + UNSUBSCRIBE_VALIDITY,
            );
            tokens.push(row);
            Some(crate::mail::newsletter_mail::link(
                context,
                "unsubscribe",
                &token,
            ))
        }
        None => None,
    };
    let closes_at = event.registration_closes_at.unwrap_or(event.starts_at);
    let mail = InvitationMail {
        register_url: Some(link(context, "register", &register_token)),
        decline_url: Some(link(context, "decline", &decline_token)),
        unsubscribe_url,
        follow_up,
        closes: follow_up.then(|| {
            locale.text_with(
                "invitation-closes-on",
                &[("date", format_moment(locale, closes_at, event.tz()).into())],
            )
        }),
        seats: seats.and_then(|lines| lines.get(&locale).cloned()),
    };
    // One invitee who cannot be mailed is left out (with no links stored); the others are
    // invited.
    let Ok(email) = Email::parse(&invitation.email) else {
        crate::mail::skip_recipient("invitation", &invitation.id, &"its address is not usable");
        return Ok(());
    };
    let recipient = Recipient {
        name: invitation.name.clone(),
        email,
        locale,
        timezone: None,
        sees_access_link: false,
    };
    let composed = match compose_event_mail(
        context,
        record,
        &recipient,
        &EventMailKind::Invitation(Box::new(mail)),
    ) {
        Ok(composed) => composed,
        Err(error) => {
            crate::mail::skip_recipient("invitation", &invitation.id, &format_args!("{error:#}"));
            return Ok(());
        }
    };
    ActionToken::insert_batch(conn, &tokens)?;
    let (kind, key) = if follow_up {
        (
            "invitation_follow_up",
            format!("invitation-follow-up:{}", invitation.id),
        )
    } else {
        ("invitation", format!("invitation:{}", invitation.id))
    };
    let queued = OutboxMail::enqueue(
        conn,
        &composed,
        &MailMeta {
            kind,
            event_id: Some(&event.id),
            dedupe_key: Some(&key),
        },
    )?;
    if queued {
        if follow_up {
            Invitation::set_follow_up(conn, &invitation.id, &composed.message_id)?;
        } else {
            Invitation::set_mail(conn, &invitation.id, &composed.message_id)?;
        }
    }
    Ok(())
}

/// The page a token in an invitation opens, under `DIALOGO_PUBLIC_URL`.
pub fn link(context: &MailContext<'_>, action: &str, token: &str) -> String {
    format!(
        "{}/invitations/{action}/{token}",
        context.public_url.as_str().trim_end_matches('/')
    )
}

/// Queues the next subscribers of a batch that is still inviting; the number queued, or
/// `None` when no batch is waiting.
pub fn step(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    batch_size: i64,
) -> Result<Option<usize>, ApiError> {
    write_transaction(conn, |conn| {
        let Some(batch) = InvitationBatch::claim_queuing(conn)? else {
            return Ok(None);
        };
        let record = crate::db::models::Event::load(conn, &batch.event_id)?;
        let audience = batch.audience().unwrap_or_default();
        let audience = Audience {
            topics: audience.topics,
            languages: audience.languages,
            cutoff: batch.audience_cutoff,
        };
        let page =
            Subscriber::audience_page_in(conn, &audience, batch.cursor.as_deref(), batch_size)?;
        let done = (page.len() as i64) < batch_size || !inviting(&record);
        let Some(last) = page.last() else {
            InvitationBatch::advance(conn, &batch.id, batch.cursor.as_deref(), true)?;
            return Ok(Some(0));
        };
        if !inviting(&record) {
            // Cancelled or closed meanwhile: the rest is not invited.
            InvitationBatch::advance(conn, &batch.id, Some(&last.id), true)?;
            return Ok(Some(0));
        }
        let keys: Vec<String> = page.iter().map(|s| s.email_key.clone()).collect();
        let known: HashSet<String> = Invitation::known_keys(conn, &record.event.id, &keys)?
            .into_iter()
            .collect();
        let seats = seats_line(conn, &record)?;
        let mut queued = 0;
        for subscriber in page.iter().filter(|s| !known.contains(&s.email_key)) {
            let new = NewInvitation {
                subscriber_id: Some(subscriber.id.clone()),
                email: subscriber.email.clone(),
                email_key: subscriber.email_key.clone(),
                name: subscriber.name.clone(),
                organisation: None,
                organisation_type: None,
                country: None,
                language: subscriber.language.clone(),
            };
            let invitation = Invitation::insert(conn, &record.event.id, &batch.id, &new)?;
            send(conn, context, &record, &invitation, false, seats.as_ref())?;
            queued += 1;
        }
        InvitationBatch::advance(conn, &batch.id, Some(&last.id), done)?;
        Ok(Some(queued))
    })
}

fn inviting(record: &EventRecord) -> bool {
    ensure_inviting(record).is_ok()
}

/// Sends the one follow-up to every invitee of the event who has not answered: not
/// registered, not declined, not unsubscribed, not followed up before.
pub fn follow_up(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    event_id: &str,
) -> Result<usize, ApiError> {
    write_transaction(conn, |conn| {
        crate::db::models::lock_for_update(conn, event_id)?;
        let record = crate::db::models::Event::load(conn, event_id)?;
        ensure_inviting(&record)?;
        let waiting = Invitation::awaiting_follow_up(conn, event_id)?;
        let seats = seats_line(conn, &record)?;
        for invitation in &waiting {
            send(conn, context, &record, invitation, true, seats.as_ref())?;
        }
        Ok(waiting.len())
    })
}
