use actix_web::{HttpResponse, post, web};

use crate::db::models::{Event, NewRegistration, TokenPurpose};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::invitations::{self, InvitedRegistration};
use crate::rate_limit::PublicWrite;
use crate::registrations::{self, RegistrationInput, Standing};
use crate::routes::bodies::{Accepted, TokenInput};
use crate::state::AppState;

/// Registers for an event. A confirmation mail follows (double opt-in); the answer is the same
/// whether or not the address was registered before.
#[utoipa::path(
    tag = "registrations",
    params(("id" = String, Path, description = "The event's id or slug")),
    request_body = RegistrationInput,
    responses(
        (status = 200, description = "Registered through a personal invitation link (`invitation_token`) with the invited address: admitted at once, no opt-in mail", body = Standing),
        (status = 202, body = Accepted),
        (status = 404, description = "No such published event, or an `invitation_token` that is not valid for it"),
        (status = 409, description = "Registration is not open, or the event is cancelled"),
        (status = 410, description = "The invitation link has expired"),
    )
)]
#[post("/events/{id}/registrations")]
pub async fn register(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: ApiJson<RegistrationInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0.parse()?;
    let invitation_token = body.0.invitation_token;
    match register_for(&state, path.into_inner(), input, invitation_token).await? {
        // The invitation proved the address: the registration is admitted at once.
        Registered::Admitted(outcome) => Ok(HttpResponse::Ok().json(outcome)),
        Registered::OptIn => Ok(Accepted::response()),
    }
}

/// What registering did.
#[derive(Debug)]
pub enum Registered {
    /// Through an invitation with the invited address: admitted at once, no opt-in mail.
    Admitted(Standing),
    /// A confirmation mail is queued (or, for an address already registered, what the rules
    /// say instead; the answer does not tell).
    OptIn,
}

/// Registers `input` for the published event with id or slug `key`, through the invitation
/// `invitation_token` where one is given, and wakes the mail worker: what the API's
/// `register` and the registration page both do.
pub async fn register_for(
    state: &web::Data<AppState>,
    key: String,
    input: NewRegistration,
    invitation_token: Option<String>,
) -> Result<Registered, ApiError> {
    let invitation_token = invitation_token.filter(|t| !t.trim().is_empty());
    let event = match Event::cached_by_key(&key) {
        Some(event) => event,
        None => {
            state
                .db(move |conn| Event::load_cached_by_key(conn, &key))
                .await?
        }
    };
    if let Some(token) = invitation_token {
        let (worker_state, event_id) = (state.clone(), event.event.id.clone());
        let input = input.clone();
        let invited = state
            .db(move |conn| {
                let context = worker_state.mail_context();
                invitations::register_invited(conn, &context, &event_id, &input, &token)
            })
            .await?;
        if let InvitedRegistration::Admitted(outcome) = invited {
            state.mail_queued.notify_one();
            return Ok(Registered::Admitted(outcome));
        }
    }
    state.registrants.register(event, input).await?;
    state.mail_queued.notify_one();
    Ok(Registered::OptIn)
}

/// Confirms a registration with the token from its confirmation mail.
#[utoipa::path(
    tag = "registrations",
    request_body = TokenInput,
    responses(
        (status = 200, body = Standing),
        (status = 404, description = "Unknown token"),
        (status = 409, description = "Token used, or the event is cancelled"),
        (status = 410, description = "Token expired"),
    )
)]
#[post("/registrations/confirm")]
pub async fn confirm(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    body: ApiJson<TokenInput>,
) -> Result<HttpResponse, ApiError> {
    let outcome = act(&state, body.0.token, RegistrantAction::Confirm).await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// Withdraws a registration with the token from any of its mails; the seat goes to the
/// waitlist.
#[utoipa::path(
    tag = "registrations",
    request_body = TokenInput,
    responses(
        (status = 200, body = Standing),
        (status = 404, description = "Unknown token"),
        (status = 409, description = "Token used, or already withdrawn"),
        (status = 410, description = "Token expired"),
    )
)]
#[post("/registrations/withdraw")]
pub async fn withdraw(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    body: ApiJson<TokenInput>,
) -> Result<HttpResponse, ApiError> {
    let outcome = act(&state, body.0.token, RegistrantAction::Withdraw).await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// What a registrant does with a link from a mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrantAction {
    Confirm,
    Withdraw,
}

impl RegistrantAction {
    /// The purpose of the tokens that allow this action.
    pub fn purpose(self) -> TokenPurpose {
        match self {
            Self::Confirm => TokenPurpose::ConfirmRegistration,
            Self::Withdraw => TokenPurpose::WithdrawRegistration,
        }
    }
}

/// Runs a registrant's action by token and wakes the mail worker.
pub async fn act(
    state: &web::Data<AppState>,
    token: String,
    action: RegistrantAction,
) -> Result<Standing, ApiError> {
    let outcome = match action {
        RegistrantAction::Confirm => state.registrants.confirm(token).await?,
        RegistrantAction::Withdraw => {
            let worker_state = state.clone();
            state
                .db(move |conn| registrations::withdraw(conn, &worker_state.mail_context(), &token))
                .await?
        }
    };
    state.mail_queued.notify_one();
    Ok(outcome)
}
