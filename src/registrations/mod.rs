//! The rules of registering: double opt-in, seats allocated at confirmation, a waitlist that
//! moves up by itself, approval where an event asks for it, and withdrawal by link.
//!
//! Every write here holds the event's row while it counts and hands out seats (a transaction
//! that locks it first, or on PostgreSQL's hot paths one statement that does), so seats are
//! handed out one batch at a time and never overbooked; each mail is queued in that same
//! transaction.

mod batching;
mod confirm_batch;
mod fast_path;
mod input;
pub mod listing;
mod notices;
mod pg_statements;
mod register_batch;
mod rows;
mod rules;
mod seating;
mod sqlite_writes;

pub use input::RegistrationInput;
pub use seating::{Decision, decide, withdraw};
pub(crate) use seating::{admit, withdraw_erased};

use std::sync::Arc;

use chrono::TimeDelta;
use diesel::Connection as _;
use serde::Serialize;

use crate::config::Settings;
use crate::db::models::{
    ActionToken, CONFIRMATION_WINDOW, Event, EventRecord, MailQuota, NewRegistration, Registration,
    RegistrationStatus, TokenProblem, TokenPurpose, lock_for_update,
};
use crate::db::{DbConnection, Pool, now, run_blocking, write_transaction};
use crate::error::ApiError;
use crate::mail::event_mail::{MailContext, Notice};
use fast_path::{Confirmation, FirstRegistration, FirstWrite, NotWritten};
use notices::queue_notice;
use rules::Terms;

/// The two steps every registrant takes, registering and confirming, with their writes
/// batched per event ([`register_batch`], [`confirm_batch`]). Each application has its own.
pub struct Registrants {
    pool: Pool,
    settings: Arc<Settings>,
    registrations: register_batch::RegistrationBatches,
    confirmations: confirm_batch::ConfirmationBatches,
}

/// How often the same pending registration gets its mail again at most.
const RESEND_INTERVAL: TimeDelta = TimeDelta::minutes(10);

/// Where a registration stands after a registrant's action.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Standing {
    pub status: RegistrationStatus,
    /// 1-based, while waitlisted.
    pub waitlist_position: Option<i64>,
    #[serde(skip)]
    pub language: String,
    #[serde(skip)]
    pub event_title: String,
}

/// Where `registration` (as it now stands) is, for the registrant's answer.
pub(crate) fn standing(
    conn: &mut DbConnection,
    registration: &Registration,
    event: &Event,
) -> Result<Standing, ApiError> {
    Ok(Standing {
        status: registration.status,
        waitlist_position: Registration::waitlist_position(conn, registration)?,
        language: registration.language.clone(),
        event_title: event.title.clone(),
    })
}

/// Refuses registrations the event does not take now ([`rules::may_register`]).
pub(crate) fn ensure_open(event: &Event) -> Result<(), ApiError> {
    Ok(rules::may_register(&Terms::of(event), now())?)
}

pub(crate) fn token_error(problem: TokenProblem) -> ApiError {
    match problem {
        TokenProblem::Unknown => ApiError::not_found("link").at("token"),
        TokenProblem::Expired => ApiError::client(
            actix_web::http::StatusCode::GONE,
            "token_expired",
            "This link has expired.",
        )
        .at("token"),
        TokenProblem::Used => {
            ApiError::conflict("token_used", "This link has already been used.").at("token")
        }
    }
}

impl Registrants {
    /// Registrants of the database behind `pool`, mailed from the sender and site of
    /// `settings`.
    pub fn new(pool: Pool, settings: Arc<Settings>) -> Self {
        Self {
            registrations: register_batch::RegistrationBatches::new(
                pool.clone(),
                settings.opt_in_mails_per_day,
            ),
            confirmations: confirm_batch::ConfirmationBatches::new(pool.clone(), settings.clone()),
            pool,
            settings,
        }
    }

    /// Registers, or answers a repeated registration without revealing that it is one: a
    /// pending registration gets its confirmation mail again (at most every ten minutes), an
    /// active one its current state; a withdrawn or expired one starts over. A first
    /// registration is written in a batch; the request waits for it without holding a thread.
    pub async fn register(
        &self,
        record: Arc<EventRecord>,
        input: NewRegistration,
    ) -> Result<(), ApiError> {
        let event_id = record.event.id.clone();
        if ensure_open(&record.event).is_err() {
            // Perhaps only a cached copy is out of date; the full path reads the event afresh.
            Event::forget_cached(&event_id);
        } else {
            let context = MailContext::of(&self.settings);
            let first = FirstRegistration::compose_ahead(&context, &record, &input)?;
            match self.registrations.commit(record, first).await? {
                // Capped: answered as any other registration, with nothing written or mailed.
                FirstWrite::Written | FirstWrite::Capped => return Ok(()),
                FirstWrite::EventChanged => Event::forget_cached(&event_id),
                // A repeated registration: the full path decides what it gets.
                FirstWrite::AddressKnown => {}
            }
        }
        let settings = self.settings.clone();
        run_blocking(&self.pool, move |conn| {
            let cap = settings.opt_in_mails_per_day;
            register_in_full(conn, &MailContext::of(&settings), &event_id, &input, cap)
        })
        .await
    }

    /// Confirms the address behind a confirmation link and hands out a seat, a waitlist
    /// place, or — where the event asks for it — a place in the coordinators' queue. The
    /// confirmation is written in a batch; the request waits for it without holding a thread.
    pub async fn confirm(&self, token: String) -> Result<Standing, ApiError> {
        let (settings, read_token) = (self.settings.clone(), token.clone());
        let composed = run_blocking(&self.pool, move |conn| {
            Confirmation::compose_ahead(conn, &MailContext::of(&settings), &read_token)
        })
        .await?;
        if let Some(confirmation) = composed {
            let event_id = confirmation.event_id().to_owned();
            match self.confirmations.commit(confirmation).await {
                Ok(outcome) => return Ok(outcome),
                Err(NotWritten::Refused(error)) => return Err(error),
                Err(NotWritten::TakeFullPath) => Event::forget_cached(&event_id),
            }
        }
        let settings = self.settings.clone();
        run_blocking(&self.pool, move |conn| {
            confirm_in_full(conn, &MailContext::of(&settings), &token)
        })
        .await
    }
}

/// [`Registrants::register`] with everything read and composed inside the transaction. A
/// request that would mail an address past its `cap` of unsolicited mails a day writes and
/// mails nothing.
fn register_in_full(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    event_id: &str,
    input: &NewRegistration,
    cap: u32,
) -> Result<(), ApiError> {
    // No lock on the event here: registering hands out no seat, and two requests for one
    // address meet at the unique index (the loser answers as for a repeated request).
    write_transaction(conn, |conn| {
        let record = Event::load(conn, event_id)?;
        ensure_open(&record.event)?;
        let existing = Registration::find_by_email(conn, event_id, &input.email)?;
        let recently_mailed =
            |r: &Registration| r.last_mail_at.is_some_and(|t| now() - t < RESEND_INTERVAL);
        let quota_key = MailQuota::key(input.email.as_str());
        match existing {
            Some(r) if r.status == RegistrationStatus::Rejected => Ok(()),
            Some(r) if r.status.is_active() && recently_mailed(&r) => Ok(()),
            // Every branch below mails the address.
            _ if !MailQuota::take(conn, &quota_key, now(), cap)? => Ok(()),
            Some(r) if r.status != RegistrationStatus::Pending && r.status.is_active() => {
                current_state_notice(conn, context, &record, &r)
            }
            existing => {
                let registration = match existing {
                    Some(r) if r.status == RegistrationStatus::Pending => r,
                    other => {
                        // A savepoint, so that losing the race does not abort the transaction.
                        let written = conn.transaction(|conn| {
                            Registration::upsert_pending(conn, event_id, input, other.as_ref())
                        });
                        match written {
                            Ok(registration) => registration,
                            Err(diesel::result::Error::DatabaseError(
                                diesel::result::DatabaseErrorKind::UniqueViolation,
                                _,
                            )) => return Ok(()),
                            Err(error) => return Err(error.into()),
                        }
                    }
                };
                request_confirmation(conn, context, &record, &registration)
            }
        }
    })
}

/// Queues the double opt-in mail with a fresh confirmation link.
fn request_confirmation(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
) -> Result<(), ApiError> {
    let token = ActionToken::issue(
        conn,
        TokenPurpose::ConfirmRegistration,
        &registration.id,
        now() + CONFIRMATION_WINDOW,
    )?;
    let confirm_url = link(context, "confirm", &token);
    queue_notice(
        conn,
        context,
        record,
        registration,
        Notice::ConfirmRequest { confirm_url },
    )
}

fn link(context: &MailContext<'_>, action: &str, token: &str) -> String {
    format!(
        "{}/registrations/{action}/{token}",
        context.public_url.as_str().trim_end_matches('/')
    )
}

/// Withdrawal links work until a day after the event.
fn withdraw_expiry(event: &Event) -> chrono::NaiveDateTime {
    event.ends_at + TimeDelta::days(1)
}

/// A withdrawal link valid until the event is over.
fn withdraw_link(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    event: &Event,
    registration: &Registration,
) -> Result<String, ApiError> {
    let token = ActionToken::issue(
        conn,
        TokenPurpose::WithdrawRegistration,
        &registration.id,
        withdraw_expiry(event),
    )?;
    Ok(link(context, "withdraw", &token))
}

/// The mail that tells a registrant where they stand now.
fn current_state_notice(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
) -> Result<(), ApiError> {
    let withdraw_url = withdraw_link(conn, context, &record.event, registration)?;
    let notice = match registration.status {
        RegistrationStatus::Confirmed => Notice::Confirmed { withdraw_url },
        RegistrationStatus::Waitlisted => Notice::Waitlisted {
            position: Registration::waitlist_position(conn, registration)?.unwrap_or(1),
            withdraw_url,
        },
        RegistrationStatus::AwaitingApproval => Notice::AwaitingApproval { withdraw_url },
        _ => return Ok(()),
    };
    queue_notice(conn, context, record, registration, notice)
}

/// Uses up a link's token and returns its registration, with the event's row locked.
fn redeem(
    conn: &mut DbConnection,
    token: &str,
    purpose: TokenPurpose,
) -> Result<Registration, ApiError> {
    let peeked = ActionToken::check(conn, token, purpose)?.map_err(token_error)?;
    let registration_id = peeked
        .registration_id
        .clone()
        .ok_or_else(|| ApiError::not_found("link"))?;
    let registration = Registration::find(conn, &registration_id)?
        .ok_or_else(|| ApiError::not_found("registration"))?;
    lock_for_update(conn, &registration.event_id)?;
    ActionToken::consume(conn, peeked)?.map_err(token_error)?;
    Ok(registration)
}

/// [`Registrants::confirm`] with everything read and composed inside the transaction.
fn confirm_in_full(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    token: &str,
) -> Result<Standing, ApiError> {
    write_transaction(conn, |conn| {
        let registration = redeem(conn, token, TokenPurpose::ConfirmRegistration)?;
        let registration_id = registration.id.clone();
        let record = Event::load(conn, &registration.event_id)?;
        let registration = Registration::find(conn, &registration_id)?
            .ok_or_else(|| ApiError::not_found("registration"))?;
        rules::may_confirm(&Terms::of(&record.event), registration.status, now())?;
        admit(conn, context, &record, &registration)
    })
}

/// Pending registrations not confirmed within [`CONFIRMATION_WINDOW`] expire.
pub fn expire_unconfirmed(conn: &mut DbConnection) -> Result<usize, ApiError> {
    Ok(Registration::expire_pending(
        conn,
        now() - CONFIRMATION_WINDOW,
    )?)
}
