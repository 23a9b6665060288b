//! Who a batch would invite and who it would leave out, and why: the same sorting the batch
//! itself does ([`sort_invitees`]), so that the preview a coordinator confirms is what is sent.

use std::collections::HashSet;

use serde::Serialize;
use utoipa::ToSchema;

use super::input::{BatchRequest, Invitee};
use crate::db::models::{
    Audience, Invitation, Subscriber, SubscriberAudience, subscriber_email_key,
};
use crate::db::{DbConnection, now};
use crate::error::ApiError;

/// A named invitee left out of a batch.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedInvitee {
    pub email: String,
    /// `already_invited`, `already_registered`, or `duplicate` (named twice in the batch).
    pub reason: &'static str,
}

/// The named invitees of a batch sorted into those to invite (with their address keys) and
/// those left out.
pub struct Sorted<'a> {
    pub invite: Vec<(&'a Invitee, String)>,
    pub skipped: Vec<SkippedInvitee>,
}

/// Sorts `invitees` for the event: an address already invited or registered is left out, and
/// so is an address named a second time.
pub fn sort_invitees<'a>(
    conn: &mut DbConnection,
    event_id: &str,
    invitees: &'a [Invitee],
) -> Result<Sorted<'a>, ApiError> {
    let keys: Vec<String> = invitees
        .iter()
        .map(|i| subscriber_email_key(&i.email))
        .collect();
    let invited: HashSet<String> = Invitation::known_keys(conn, event_id, &keys)?
        .into_iter()
        .collect();
    let registered: HashSet<String> = Invitation::registered_keys(conn, event_id, &keys)?
        .into_iter()
        .collect();
    let mut sorted = Sorted {
        invite: Vec::new(),
        skipped: Vec::new(),
    };
    let mut seen = HashSet::new();
    for (invitee, key) in invitees.iter().zip(keys) {
        let reason = if !seen.insert(key.clone()) {
            "duplicate"
        } else if registered.contains(&key) {
            "already_registered"
        } else if invited.contains(&key) {
            "already_invited"
        } else {
            sorted.invite.push((invitee, key));
            continue;
        };
        sorted.skipped.push(SkippedInvitee {
            email: invitee.email.as_str().to_owned(),
            reason,
        });
    }
    Ok(sorted)
}

/// Of the subscribers `audience` names as of now: (how many would be invited, how many are
/// left out as already invited or registered).
pub fn audience_counts(
    conn: &mut DbConnection,
    event_id: &str,
    audience: &SubscriberAudience,
    cutoff: chrono::NaiveDateTime,
) -> Result<(i64, i64), ApiError> {
    let audience = Audience {
        topics: audience.topics.clone(),
        languages: audience.languages.clone(),
        cutoff,
    };
    let all = Subscriber::audience_count_in(conn, &audience)?;
    let new = Invitation::uninvited_count(conn, event_id, &audience)?;
    Ok((new, all - new))
}

/// What a batch would do now.
pub struct Preview<'a> {
    pub invitees: Sorted<'a>,
    /// Subscribers who would be invited and those left out; `None` without subscribers.
    pub subscribers: Option<(i64, i64)>,
}

/// What `request` would do for the event if sent now; refused as the batch would be (an
/// event not published, registration closed).
pub fn preview<'a>(
    conn: &mut DbConnection,
    event_id: &str,
    request: &'a BatchRequest,
) -> Result<Preview<'a>, ApiError> {
    let record = crate::db::models::Event::load(conn, event_id)?;
    super::ensure_inviting(&record)?;
    let invitees = sort_invitees(conn, event_id, &request.invitees)?;
    let subscribers = match &request.subscribers {
        Some(audience) => Some(audience_counts(conn, event_id, audience, now())?),
        None => None,
    };
    Ok(Preview {
        invitees,
        subscribers,
    })
}
