//! An event's invitations as coordinators follow them, for the API's list and the console's
//! table alike: one status or all, a page at a time in the order they were made, with the
//! counts per status over the whole event.

use crate::db::models::{Event, Invitation, InvitationBatch, InvitationState, InvitationStatus};
use crate::db::{Cursor, DbConnection};
use crate::error::ApiError;

/// A page of invitations with the event's counts.
pub struct Listing {
    pub event: Event,
    /// Up to the limit asked for, and one more where there are more.
    pub rows: Vec<InvitationState>,
    /// Invitations per status (in [`InvitationStatus::ALL`]'s order) over the whole event.
    pub counts: Vec<(InvitationStatus, i64)>,
    pub total: i64,
    /// Invitations that would get the follow-up if it were sent now.
    pub awaiting_follow_up: i64,
    /// Subscribers being invited in the background: (invited so far, in all).
    pub inviting: Option<(i64, i64)>,
}

/// A status named in a query, refused when it names none.
pub fn parse_status(value: &str) -> Result<InvitationStatus, ApiError> {
    InvitationStatus::ALL
        .into_iter()
        .find(|v| v.as_str() == value)
        .ok_or_else(|| {
            ApiError::bad_request("invalid_query_parameter", "Unknown status.").at("status")
        })
}

/// The invitations of the event with `status` (all without), after the cursor, `limit` of
/// them; 404 for an event that does not exist.
pub fn listing(
    conn: &mut DbConnection,
    event_id: &str,
    status: Option<InvitationStatus>,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Listing, ApiError> {
    let event = Event::find(conn, event_id)?;
    let all = Invitation::list(conn, event_id, None, None)?;
    let counts = InvitationStatus::ALL
        .into_iter()
        .map(|s| (s, all.iter().filter(|i| i.status == s).count() as i64))
        .collect();
    let total = all.len() as i64;
    let awaiting_follow_up = Invitation::awaiting_follow_up(conn, event_id)?.len() as i64;
    let inviting = InvitationBatch::progress(conn, event_id)?;
    let rows = all
        .into_iter()
        .filter(|i| status.is_none_or(|s| i.status == s))
        .filter(|i| {
            after.is_none_or(|c| {
                (i.invitation.created_at, i.invitation.id.as_str()) > (c.at, c.id.as_str())
            })
        })
        .take(limit)
        .collect();
    Ok(Listing {
        event,
        rows,
        counts,
        total,
        awaiting_follow_up,
        inviting,
    })
}
