//! Handing out seats and waitlist places once an address is proven, moving the waitlist up
//! when a seat comes free, ending registrations, and coordinators' decisions: the full paths,
//! each in one write transaction that locks the event's row first.

use super::notices::{queue_notice, queue_notice_or_skip};
use super::rules::{self, Place, Seats, Terms};
use super::{
    Standing, current_state_notice, redeem, request_confirmation, standing, withdraw_link,
};
use crate::db::models::{
    Event, EventRecord, EventStatus, Registration, RegistrationStatus, TokenPurpose,
    lock_for_update,
};
use crate::db::{DbConnection, write_transaction};
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::event_mail::{MailContext, Notice};

/// Admits a registration whose address is proven: a seat, a waitlist place, or — where the
/// event asks for it — a place in the coordinators' queue ([`rules::place`]). The caller holds
/// the event's lock.
pub(crate) fn admit(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
) -> Result<Standing, ApiError> {
    let terms = Terms::of(&record.event);
    let seats = seats_of(conn, &terms, registration)?;
    let registration = match rules::place(&terms, seats) {
        Place::AwaitingApproval => {
            let status = RegistrationStatus::AwaitingApproval;
            Registration::set_status(conn, &registration.id, status, None)?;
            let registration = registration.with_status(status, None);
            current_state_notice(conn, context, record, &registration)?;
            registration
        }
        Place::Seat => seat(conn, context, record, registration, false)?,
        Place::Waitlist => waitlist(conn, context, record, registration)?,
    };
    standing(conn, &registration, &record.event)
}

/// The seats [`rules::seat_free`] weighs for `registration`: counted only where the event
/// limits them.
fn seats_of(
    conn: &mut DbConnection,
    terms: &Terms,
    registration: &Registration,
) -> Result<Seats, ApiError> {
    let event_id = &registration.event_id;
    let organisation = &registration.organisation_key;
    Ok(Seats {
        taken: match terms.capacity {
            Some(_) => Registration::confirmed_count(conn, event_id, None)?,
            None => 0,
        },
        taken_by_organisation: match terms.max_per_organisation {
            Some(_) => Registration::confirmed_count(conn, event_id, Some(organisation))?,
            None => 0,
        },
    })
}

/// Confirms the registration in a seat and mails it; a promotion from the waitlist gets its
/// own mail.
fn seat(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
    promoted: bool,
) -> Result<Registration, ApiError> {
    Registration::set_status(conn, &registration.id, RegistrationStatus::Confirmed, None)?;
    let withdraw_url = withdraw_link(conn, context, &record.event, registration)?;
    let registration = registration.with_status(RegistrationStatus::Confirmed, None);
    if promoted {
        // One of the waitlist's fan-out: a mail that cannot be composed stops nobody else's.
        let notice = Notice::Promoted { withdraw_url };
        queue_notice_or_skip(conn, context, record, &registration, notice)?;
    } else {
        let notice = Notice::Confirmed { withdraw_url };
        queue_notice(conn, context, record, &registration, notice)?;
    }
    Ok(registration)
}

/// Puts the registration at the end of the waitlist and mails its place.
fn waitlist(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
) -> Result<Registration, ApiError> {
    let seq = Registration::next_waitlist_seq(conn, &record.event.id)?;
    let status = RegistrationStatus::Waitlisted;
    Registration::set_status(conn, &registration.id, status, Some(seq))?;
    let registration = registration.with_status(status, Some(seq));
    current_state_notice(conn, context, record, &registration)?;
    Ok(registration)
}

/// Moves waitlisted registrants up into free seats, first come first, passing over those
/// whose organisation is at its limit. Someone whose stored address cannot be mailed any more
/// (erased before erasure withdrew registrations) is passed over, logged by id: the seat goes
/// to the next one.
fn promote(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
) -> Result<(), ApiError> {
    let terms = Terms::of(&record.event);
    for waiting in Registration::waitlist(conn, &record.event.id)? {
        let seats = seats_of(conn, &terms, &waiting)?;
        if rules::event_full(&terms, seats) {
            break;
        }
        if !rules::seat_free(&terms, seats) {
            continue;
        }
        if Email::parse(&waiting.email).is_err() {
            crate::mail::skip_recipient("registration", &waiting.id, &"its address is not usable");
            continue;
        }
        seat(conn, context, record, &waiting, true)?;
    }
    Ok(())
}

/// Withdraws the registration behind a withdrawal link; its seat goes to the waitlist.
pub fn withdraw(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    token: &str,
) -> Result<Standing, ApiError> {
    write_transaction(conn, |conn| {
        let registration = redeem(conn, token, TokenPurpose::WithdrawRegistration)?;
        let registration_id = registration.id.clone();
        end_registration(conn, context, &registration_id, Ending::Withdrawn)
    })
}

/// Why a registration ends, which decides the registrant's mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// By its registrant's withdrawal link.
    Withdrawn,
    /// By a coordinator.
    Removed,
    /// By the erasure of its registrant's data: nobody is left to mail.
    Erased,
}

/// Withdraws a registration whose registrant's data is being erased, as a withdrawal would
/// (its seat goes to the waitlist, whose next person is mailed), without mailing the
/// registrant; nothing for a registration that holds or awaits no seat. Call inside the
/// erasure's write transaction, before the registration's data is stripped.
pub(crate) fn withdraw_erased(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    registration: &Registration,
) -> Result<(), ApiError> {
    if !registration.status.is_active() {
        return Ok(());
    }
    lock_for_update(conn, &registration.event_id)?;
    end_registration(conn, context, &registration.id, Ending::Erased)?;
    Ok(())
}

/// Ends an active registration (withdrawn by its registrant, removed by a coordinator or
/// erased), mails the registrant unless erased and promotes from the waitlist.
fn end_registration(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    registration_id: &str,
    ending: Ending,
) -> Result<Standing, ApiError> {
    let registration = Registration::find(conn, registration_id)?
        .ok_or_else(|| ApiError::not_found("registration"))?;
    if !registration.status.is_active() {
        return Err(ApiError::conflict(
            "not_active",
            format!(
                "The registration is already {}.",
                registration.status.as_str()
            ),
        ));
    }
    let record = Event::load(conn, &registration.event_id)?;
    let had_seat = registration.status == RegistrationStatus::Confirmed;
    Registration::set_status(conn, &registration.id, RegistrationStatus::Withdrawn, None)?;
    let registration = registration.with_status(RegistrationStatus::Withdrawn, None);
    // Only someone who had a seat has a calendar entry to withdraw.
    let notice = match ending {
        Ending::Withdrawn => Some(Notice::Withdrawn { had_seat }),
        Ending::Removed => Some(Notice::Removed { had_seat }),
        Ending::Erased => None,
    };
    if let Some(notice) = notice {
        queue_notice(conn, context, &record, &registration, notice)?;
    }
    if had_seat && record.event.status == EventStatus::Published {
        promote(conn, context, &record)?;
    }
    standing(conn, &registration, &record.event)
}

/// A coordinator's decisions on one registration of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Remove,
    ResendMail,
}

pub fn decide(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    event_id: &str,
    registration_id: &str,
    decision: Decision,
) -> Result<Registration, ApiError> {
    write_transaction(conn, |conn| {
        lock_for_update(conn, event_id)?;
        let registration = Registration::find(conn, registration_id)?
            .filter(|r| r.event_id == event_id)
            .ok_or_else(|| ApiError::not_found("registration"))?;
        let record = Event::load(conn, event_id)?;
        let awaiting = registration.status == RegistrationStatus::AwaitingApproval;
        match decision {
            Decision::Approve | Decision::Reject if !awaiting => {
                return Err(ApiError::conflict(
                    "not_awaiting_approval",
                    format!(
                        "The registration is {}, not awaiting approval.",
                        registration.status.as_str()
                    ),
                ));
            }
            Decision::Approve => {
                let terms = Terms::of(&record.event);
                match rules::place_approved(&terms, seats_of(conn, &terms, &registration)?) {
                    Place::Seat => seat(conn, context, &record, &registration, false)?,
                    _ => waitlist(conn, context, &record, &registration)?,
                };
            }
            Decision::Reject => {
                Registration::set_status(
                    conn,
                    &registration.id,
                    RegistrationStatus::Rejected,
                    None,
                )?;
                queue_notice(conn, context, &record, &registration, Notice::Rejected)?;
            }
            Decision::Remove => {
                end_registration(conn, context, &registration.id, Ending::Removed)?;
            }
            Decision::ResendMail if registration.status == RegistrationStatus::Pending => {
                request_confirmation(conn, context, &record, &registration)?;
            }
            Decision::ResendMail if registration.status.is_active() => {
                current_state_notice(conn, context, &record, &registration)?;
            }
            Decision::ResendMail => {
                return Err(ApiError::conflict(
                    "not_active",
                    format!(
                        "The registration is {}; there is nothing to resend.",
                        registration.status.as_str()
                    ),
                ));
            }
        }
        Ok(Registration::find(conn, &registration.id)?.expect("exists"))
    })
}
