//! Handing out seats and waitlist places once an address is proven, moving the waitlist up
//! when a seat comes free, ending registrations, and coordinators' decisions: the full paths,
//! each in one write transaction that locks the event's row first.

use super::notices::send_notice;
use super::{Outcome, current_state_notice, outcome, redeem, request_confirmation, withdraw_link};
use crate::db::models::{
    Event, EventRecord, EventStatus, Registration, RegistrationStatus, TokenPurpose,
    lock_for_update,
};
use crate::db::{DbConnection, write_transaction};
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
        send_notice(conn, context, record, &registration, notice)?;
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
/// organisation is at its limit.
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
        end_registration(
            conn,
            context,
            &registration_id,
            Notice::Withdrawn { had_seat: false },
        )
    })
}

/// Ends an active registration (withdrawn by its registrant or removed by a coordinator),
/// mails the registrant and promotes from the waitlist.
fn end_registration(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    registration_id: &str,
    notice: Notice,
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
    let notice = match notice {
        Notice::Removed { .. } => Notice::Removed { had_seat },
        _ => Notice::Withdrawn { had_seat },
    };
    send_notice(conn, context, &record, &registration, notice)?;
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
                end_registration(
                    conn,
                    context,
                    &registration.id,
                    Notice::Removed { had_seat: false },
                )?;
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
