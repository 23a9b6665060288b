//! Answering an invitation: registering through its personal link, or declining.
//!
//! The link proves the invited address, so registering with that address needs no second
//! opt-in: it is admitted at once under the usual capacity and waitlist rules. Registering
//! another address through the link goes through the normal double opt-in.

use diesel::Connection as _;

use crate::db::models::{
    ActionToken, Event, Invitation, NewRegistration, Registration, RegistrationStatus,
    TokenProblem, TokenPurpose, lock_for_update, subscriber_email_key,
};
use crate::db::{DbConnection, write_transaction};
use crate::error::ApiError;
use crate::mail::event_mail::MailContext;
use crate::registrations::{self, Standing, token_error};

/// What registering through an invitation did.
#[derive(Debug)]
pub enum InvitedRegistration {
    /// The invited address registered: admitted at once.
    Admitted(Standing),
    /// Another address: the caller registers it with the normal double opt-in.
    OtherAddress,
}

fn invitation_error(problem: TokenProblem) -> ApiError {
    match problem {
        // Like every unknown token: nothing is there.
        TokenProblem::Unknown => ApiError::client(
            actix_web::http::StatusCode::NOT_FOUND,
            "invalid_invitation",
            "This invitation link is not valid for this event.",
        )
        .at("invitation_token"),
        other => token_error(other).at("invitation_token"),
    }
}

/// The invitation behind a token of `purpose`, if it works.
pub fn invitation_of(
    conn: &mut DbConnection,
    token: &str,
    purpose: TokenPurpose,
    problem: fn(TokenProblem) -> ApiError,
) -> Result<(ActionToken, Invitation), ApiError> {
    let token = ActionToken::check(conn, token, purpose)?.map_err(problem)?;
    let invitation = token
        .invitation_id
        .as_deref()
        .map(|id| Invitation::find(conn, id))
        .transpose()?
        .flatten()
        .ok_or_else(|| problem(TokenProblem::Unknown))?;
    Ok((token, invitation))
}

/// Registers `input` for the event through an invitation token.
pub fn register_invited(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    event_id: &str,
    input: &NewRegistration,
    token: &str,
) -> Result<InvitedRegistration, ApiError> {
    write_transaction(conn, |conn| {
        let (token, invitation) =
            invitation_of(conn, token, TokenPurpose::RegisterInvited, invitation_error)?;
        if invitation.event_id != event_id {
            return Err(invitation_error(TokenProblem::Unknown));
        }
        let event = Event::find(conn, event_id)?;
        registrations::ensure_open(&event)?;
        if subscriber_email_key(&input.email) != invitation.email_key {
            return Ok(InvitedRegistration::OtherAddress);
        }
        lock_for_update(conn, event_id)?;
        let record = Event::load(conn, event_id)?;
        let existing = Registration::find_by_email(conn, event_id, &input.email)?;
        let outcome = match existing {
            Some(r) if r.status.is_active() && r.status != RegistrationStatus::Pending => {
                registrations::standing(conn, &r, &record.event)?
            }
            Some(r) if r.status == RegistrationStatus::Rejected => {
                return Err(ApiError::conflict(
                    "registration_rejected",
                    "This registration was declined by the organisers.",
                ));
            }
            existing => {
                let registration = conn.transaction(|conn| {
                    Registration::upsert_pending(conn, event_id, input, existing.as_ref())
                })?;
                registrations::admit(conn, context, &record, &registration)?
            }
        };
        ActionToken::consume(conn, token)?.map_err(invitation_error)?;
        Invitation::mark_registered(conn, event_id, &invitation.email_key)?;
        Ok(InvitedRegistration::Admitted(outcome))
    })
}

/// Declines an invitation: no follow-up will come. Returns the event's title.
pub fn decline(conn: &mut DbConnection, token: &str) -> Result<String, ApiError> {
    write_transaction(conn, |conn| {
        let (token, invitation) =
            invitation_of(conn, token, TokenPurpose::DeclineInvitation, token_error)?;
        ActionToken::consume(conn, token)?.map_err(token_error)?;
        Invitation::mark_declined(conn, &invitation.id)?;
        Ok(Event::find(conn, &invitation.event_id)?.title)
    })
}
