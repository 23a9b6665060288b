//! Handing out seats and waitlist places once an address is proven, moving the waitlist up
//! when a seat comes free, ending registrations, and coordinators' decisions: the full paths,
//! each in one write transaction that locks the event's row first.

use super::notices::{send_notice, send_notice_or_skip};
use super::{Outcome, current_state_notice, outcome, redeem, request_confirmation, withdraw_link};
use crate::db::models::{
    Event, EventRecord, EventStatus, Registration, RegistrationStatus, TokenPurpose,
    lock_for_update,
};
use crate::db::{DbConnection, write_transaction};
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::event_mail::{MailContext, Notice};

/// Admits a registration whose address is proven: a seat, a waitlist place, or — where the
/// event asks for it — a place in the coordinators' queue. The caller holds the event's lock.
pub(crate) fn admit(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
) -> Result<Outcome, ApiError> {
    let event = &record.event;
    if event.approval_required {
        Registration::set_status(
            conn,
            &registration.id,
            RegistrationStatus::AwaitingApproval,
            None,
        )?;
        let registration = registration.with_status(RegistrationStatus::AwaitingApproval, None);
        current_state_notice(conn, context, record, &registration)?;
        outcome(conn, &registration, event)
    } else {
        let registration = allocate_seat(conn, context, record, registration, false)?;
        outcome(conn, &registration, event)
    }
}

/// Confirms the registration if a seat is free (within the per-organisation limit), else puts
/// it at the end of the waitlist; mails either way.
fn allocate_seat(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
    registration: &Registration,
    promoted: bool,
) -> Result<Registration, ApiError> {
    let event = &record.event;
    let seat_free = match event.capacity {
        Some(capacity) => {
            Registration::confirmed_count(conn, &event.id, None)? < i64::from(capacity)
        }
        None => true,
    };
    let organisation_free = match event.max_per_organisation {
        Some(max) => {
            Registration::confirmed_count(conn, &event.id, Some(&registration.organisation_key))?
                < i64::from(max)
        }
        None => true,
    };
    if seat_free && organisation_free {
        Registration::set_status(conn, &registration.id, RegistrationStatus::Confirmed, None)?;
        let withdraw_url = withdraw_link(conn, context, event, registration)?;
        let notice = if promoted {
            Notice::Promoted { withdraw_url }
        } else {
            Notice::Confirmed { withdraw_url }
        };
        let registration = registration.with_status(RegistrationStatus::Confirmed, None);
        if promoted {
            // One of the waitlist's fan-out: a mail that cannot be composed stops nobody else's.
            send_notice_or_skip(conn, context, record, &registration, notice)?;
        } else {
            send_notice(conn, context, record, &registration, notice)?;
        }
        Ok(registration)
    } else if promoted {
        Ok(registration.clone())
    } else {
        let seq = Registration::next_waitlist_seq(conn, &event.id)?;
        Registration::set_status(
            conn,
            &registration.id,
            RegistrationStatus::Waitlisted,
            Some(seq),
        )?;
        let registration = registration.with_status(RegistrationStatus::Waitlisted, Some(seq));
        current_state_notice(conn, context, record, &registration)?;
        Ok(registration)
    }
}

/// Moves waitlisted registrants up into free seats, first come first, skipping those whose
/// organisation is at its limit. Someone whose stored address cannot be mailed any more
/// (erased before erasure withdrew registrations) is passed over, logged by id: the seat goes
/// to the next one.
fn promote(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    record: &EventRecord,
) -> Result<(), ApiError> {
    for waiting in Registration::waitlist(conn, &record.event.id)? {
        if let Some(capacity) = record.event.capacity
            && Registration::confirmed_count(conn, &record.event.id, None)? >= i64::from(capacity)
        {
            break;
        }
        if Email::parse(&waiting.email).is_err() {
            crate::mail::skip_recipient("registration", &waiting.id, &"its address is not usable");
            continue;
        }
        allocate_seat(conn, context, record, &waiting, true)?;
    }
    Ok(())
}

/// Withdraws the registration behind a withdrawal link; its seat goes to the waitlist.
pub fn withdraw(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    token: &str,
) -> Result<Outcome, ApiError> {
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
    if !registration.status().is_active() {
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
) -> Result<Outcome, ApiError> {
    let registration = Registration::find(conn, registration_id)?
        .ok_or_else(|| ApiError::not_found("registration"))?;
    if !registration.status().is_active() {
        return Err(ApiError::conflict(
            "not_active",
            format!("The registration is already {}.", registration.status),
        ));
    }
    let record = Event::load(conn, &registration.event_id)?;
    let had_seat = registration.status() == RegistrationStatus::Confirmed;
    Registration::set_status(conn, &registration.id, RegistrationStatus::Withdrawn, None)?;
    let registration = registration.with_status(RegistrationStatus::Withdrawn, None);
    // Only someone who had a seat has a calendar entry to withdraw.
    let notice = match ending {
        Ending::Withdrawn => Some(Notice::Withdrawn { had_seat }),
        Ending::Removed => Some(Notice::Removed { had_seat }),
        Ending::Erased => None,
    };
    if let Some(notice) = notice {
        send_notice(conn, context, &record, &registration, notice)?;
    }
    if had_seat && record.event.status() == EventStatus::Published {
        promote(conn, context, &record)?;
    }
    outcome(conn, &registration, &record.event)
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
        let awaiting = registration.status() == RegistrationStatus::AwaitingApproval;
        match decision {
            Decision::Approve | Decision::Reject if !awaiting => {
                return Err(ApiError::conflict(
                    "not_awaiting_approval",
                    format!(
                        "The registration is {}, not awaiting approval.",
                        registration.status
                    ),
                ));
            }
            Decision::Approve => {
                allocate_seat(conn, context, &record, &registration, false)?;
            }
            Decision::Reject => {
                Registration::set_status(
                    conn,
                    &registration.id,
                    RegistrationStatus::Rejected,
                    None,
                )?;
                send_notice(conn, context, &record, &registration, Notice::Rejected)?;
            }
            Decision::Remove => {
                end_registration(conn, context, &registration.id, Ending::Removed)?;
            }
            Decision::ResendMail if registration.status() == RegistrationStatus::Pending => {
                request_confirmation(conn, context, &record, &registration)?;
            }
            Decision::ResendMail if registration.status().is_active() => {
                current_state_notice(conn, context, &record, &registration)?;
            }
            Decision::ResendMail => {
                return Err(ApiError::conflict(
                    "not_active",
                    format!(
                        "The registration is {}; there is nothing to resend.",
                        registration.status
                    ),
                ));
            }
        }
        Ok(Registration::find(conn, &registration.id)?.expect("exists"))
    })
}
