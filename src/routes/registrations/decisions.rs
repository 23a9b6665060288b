//! A coordinator's decision on one registration, for the API and the console alike: applied
//! by the registration rules, its mail queued and the worker woken, and recorded in the audit
//! log (resending a mail is not recorded).

use actix_web::web;

use crate::accounts::Caller;
use crate::audit::{self, Action};
use crate::db::models::Registration;
use crate::error::ApiError;
use crate::registrations::{self, Decision};
use crate::state::AppState;

/// Applies `decision` to the registration `registration_id` of the event `event_id` for
/// `caller`; returns the registration as it is now and its waitlist place.
pub async fn decide(
    state: &web::Data<AppState>,
    caller: &Caller,
    event_id: String,
    registration_id: String,
    decision: Decision,
) -> Result<(Registration, Option<i64>), ApiError> {
    let worker_state = state.clone();
    let (registration, place) = state
        .db(move |conn| {
            let r = registrations::decide(
                conn,
                &worker_state.mail_context(),
                &event_id,
                &registration_id,
                decision,
            )?;
            let place = Registration::waitlist_position(conn, &r)?;
            Ok((r, place))
        })
        .await?;
    state.mail_queued.notify_one();
    let action = match decision {
        Decision::Approve => Some(Action::RegistrationApproved),
        Decision::Reject => Some(Action::RegistrationRejected),
        Decision::Remove => Some(Action::RegistrationRemoved),
        Decision::ResendMail => None,
    };
    if let Some(action) = action {
        audit::record(state, caller, action, Some(&registration.id)).await?;
    }
    Ok((registration, place))
}
