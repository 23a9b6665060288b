//! Invitations as staff ask for them, for the API and the console alike: the batch and the
//! follow-up, with the mailer woken and the audit log written, as one step each.

use super::{BatchOutcome, BatchRequest, create_batch, follow_up};
use crate::accounts::Caller;
use crate::audit::{self, Action};
use crate::error::ApiError;
use crate::state::AppState;

/// Invites `request` to the event as `caller` asked (recorded as `invitations_sent`); the
/// subscribers among them are mailed in the background.
pub async fn invite_audited(
    state: &AppState,
    caller: &Caller,
    event_id: &str,
    request: BatchRequest,
) -> Result<BatchOutcome, ApiError> {
    let worker_state = state.clone();
    let invited = event_id.to_owned();
    let outcome = state
        .db(move |conn| create_batch(conn, &worker_state.mail_context(), &invited, &request))
        .await?;
    state.mail_queued.notify_one();
    state.issue_queued.notify_one();
    audit::record(state, caller, Action::InvitationsSent, Some(event_id)).await?;
    Ok(outcome)
}

/// Sends the follow-up to those of the event who have not answered, as `caller` asked
/// (recorded as `invitation_follow_up_sent`); how many get it.
pub async fn follow_up_audited(
    state: &AppState,
    caller: &Caller,
    event_id: &str,
) -> Result<usize, ApiError> {
    let worker_state = state.clone();
    let followed = event_id.to_owned();
    let queued = state
        .db(move |conn| follow_up(conn, &worker_state.mail_context(), &followed))
        .await?;
    state.mail_queued.notify_one();
    audit::record(
        state,
        caller,
        Action::InvitationFollowUpSent,
        Some(event_id),
    )
    .await?;
    Ok(queued)
}
