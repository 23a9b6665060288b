//! The two actions every registrant takes — a first registration and its confirmation — with
//! their mails composed before the write transaction. The transaction then only checks that
//! nothing the mail relied on has changed, and writes: SQLite admits one writer at a time and
//! PostgreSQL one seat allocation per event, so whatever runs inside them limits throughput.
//! When something did change (the event was edited, the registration moved on), the caller
//! takes the full path instead, which reads and composes everything inside its transaction.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::notices::{ComposedNotice, access_link_released, compose_notice};
use super::rows::{AccessLinkPlan, Admission, NewPending};
use super::rules::{self, Terms};
use super::{Standing, link};
use crate::db::models::{
    CONFIRMATION_WINDOW, Event, EventRecord, NewRegistration, Registration, RegistrationStatus,
    TokenPurpose,
};
use crate::db::schema::{action_tokens, event_plans, registrations};
use crate::db::{DbConnection, now, on_backend};
use crate::error::ApiError;
use crate::mail::event_mail::{MailContext, Notice};
use crate::schedule::plan::EventPlan;
use crate::secret;

/// A first registration of an address for an event, with its opt-in mail.
pub(super) struct FirstRegistration {
    registration: Registration,
    token_hash: String,
    notice: ComposedNotice,
}

impl FirstRegistration {
    pub(super) fn compose_ahead(
        context: &MailContext<'_>,
        record: &EventRecord,
        input: &NewRegistration,
    ) -> Result<Self, ApiError> {
        let registration = Registration::new_pending(&record.event.id, input, now());
        let token = secret::generate("");
        let confirm_url = link(context, "confirm", &token);
        let notice = compose_notice(
            context,
            record,
            &registration,
            Notice::ConfirmRequest { confirm_url },
            false,
        )?;
        Ok(Self {
            registration,
            token_hash: secret::hash(&token),
            notice,
        })
    }

    pub(super) fn registration(&self) -> &Registration {
        &self.registration
    }

    /// This registration as a row of a batch.
    pub(super) fn new_pending(&self) -> NewPending<'_> {
        NewPending {
            registration: &self.registration,
            token_hash: &self.token_hash,
            token_expires_at: self.token_expires_at(),
            notice: &self.notice,
        }
    }

    fn token_expires_at(&self) -> NaiveDateTime {
        self.registration.created_at + CONFIRMATION_WINDOW
    }
}

/// What writing a [`FirstRegistration`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FirstWrite {
    Written,
    /// Nothing: the event changed since the mail was composed.
    EventChanged,
    /// Nothing: the address is registered for the event already (perhaps just now, by a
    /// concurrent request).
    AddressKnown,
    /// Nothing: the address has had its day's unsolicited mails.
    Capped,
}

/// Why a confirmation composed ahead was not written.
pub(super) enum NotWritten {
    /// Something changed since it was composed: the full path decides.
    TakeFullPath,
    Refused(ApiError),
}

impl From<diesel::result::Error> for NotWritten {
    fn from(error: diesel::result::Error) -> Self {
        Self::Refused(error.into())
    }
}

impl From<ApiError> for NotWritten {
    fn from(error: ApiError) -> Self {
        Self::Refused(error)
    }
}

/// A confirmation with its "you have a seat" mail. A confirmation that ends on the waitlist
/// composes its mail under the event's lock, as its position is known only there.
pub(super) struct Confirmation {
    token_hash: String,
    pub(super) registration: Registration,
    pub(super) record: Arc<EventRecord>,
    sees_access_link: bool,
    /// The event's plan as the mail was composed under it.
    pub(super) access_link_plan: Option<AccessLinkPlan>,
    withdraw_token: String,
    withdraw_token_hash: String,
    /// Composed ahead unless the event seemed full: then the confirmation most likely ends
    /// on the waitlist, and the mail is composed only if a seat is free after all.
    seat_notice: Option<ComposedNotice>,
}

impl Confirmation {
    /// `None` sends the confirmation down the full path: the token does not work (the full
    /// path says why), or the event asks for approval or limits seats per organisation.
    pub(super) fn compose_ahead(
        conn: &mut DbConnection,
        context: &MailContext<'_>,
        token: &str,
    ) -> Result<Option<Self>, ApiError> {
        let token_hash = secret::hash(token.trim());
        let Some((registration, plan)) = pending_with_plan(conn, &token_hash)? else {
            return Ok(None);
        };
        let record = Event::load_cached(conn, &registration.event_id)?;
        let event = &record.event;
        if !rules::confirmable_in_batch(&Terms::of(event), now()) {
            // The full path reads the event afresh; so will the next request.
            Event::forget_cached(&event.id);
            return Ok(None);
        }
        let sees_access_link = access_link_released(plan.as_ref(), event);
        let access_link_plan = plan.map(|plan| {
            let release = plan
                .access_link_release(event)
                .filter(|_| !sees_access_link);
            (plan.access_link_hours_before, release)
        });
        let withdraw_token = secret::generate("");
        let seemed_full = Event::seemed_full(&event.id);
        let mut confirmation = Self {
            token_hash,
            registration,
            record,
            sees_access_link,
            access_link_plan,
            withdraw_token_hash: secret::hash(&withdraw_token),
            withdraw_token,
            seat_notice: None,
        };
        if !seemed_full {
            confirmation.seat_notice = Some(confirmation.compose_seat_notice(context)?);
        }
        Ok(Some(confirmation))
    }

    fn compose_seat_notice(&self, context: &MailContext<'_>) -> Result<ComposedNotice, ApiError> {
        let seated = self
            .registration
            .with_status(RegistrationStatus::Confirmed, None);
        let withdraw_url = link(context, "withdraw", &self.withdraw_token);
        compose_notice(
            context,
            &self.record,
            &seated,
            Notice::Confirmed { withdraw_url },
            self.sees_access_link,
        )
    }

    /// The "you have a seat" mail: as composed ahead, or composed now.
    pub(super) fn seat_notice(
        &self,
        context: &MailContext<'_>,
    ) -> Result<Cow<'_, ComposedNotice>, ApiError> {
        Ok(match &self.seat_notice {
            Some(notice) => Cow::Borrowed(notice),
            None => Cow::Owned(self.compose_seat_notice(context)?),
        })
    }

    /// Whether this confirmation can be written in one batch with `first`'s: composed under
    /// the same version of the event and the same plan for its access link.
    pub(super) fn fits_batch_of(&self, first: &Confirmation) -> bool {
        self.record.event.same_version(&first.record.event)
            && self.access_link_plan == first.access_link_plan
    }

    /// The mail of a confirmation that ends on the waitlist with number `seq` at `position`,
    /// composed where the place is handed out.
    pub(super) fn waitlist_notice(
        &self,
        context: &MailContext<'_>,
        seq: i32,
        position: i64,
    ) -> Result<ComposedNotice, ApiError> {
        let registration = self
            .registration
            .with_status(RegistrationStatus::Waitlisted, Some(seq));
        let notice = Notice::Waitlisted {
            position,
            withdraw_url: link(context, "withdraw", &self.withdraw_token),
        };
        compose_notice(context, &self.record, &registration, notice, false)
    }

    /// This confirmation as written with `status` and its mail.
    pub(super) fn admission<'a>(
        &'a self,
        status: RegistrationStatus,
        waitlist_seq: Option<i32>,
        notice: &'a ComposedNotice,
    ) -> Admission<'a> {
        Admission {
            token_hash: &self.token_hash,
            registration_id: &self.registration.id,
            status,
            waitlist_seq,
            withdraw_token_hash: &self.withdraw_token_hash,
            notice,
        }
    }

    pub(super) fn standing(
        &self,
        status: RegistrationStatus,
        waitlist_position: Option<i64>,
    ) -> Standing {
        Standing {
            status,
            waitlist_position,
            language: self.registration.language.clone(),
            event_title: self.record.event.title.clone(),
        }
    }

    pub(super) fn event_id(&self) -> &str {
        &self.record.event.id
    }
}

/// The pending registration a confirmation token (unused, unexpired) belongs to, with its
/// event's plan: one query where the three would be three round trips.
fn pending_with_plan(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<(Registration, Option<EventPlan>)>, ApiError> {
    let found: Option<(Registration, Option<EventPlan>)> = on_backend!(conn, |c| {
        action_tokens::table
            .inner_join(
                registrations::table
                    .on(action_tokens::registration_id.eq(registrations::id.nullable())),
            )
            .left_join(event_plans::table.on(event_plans::event_id.eq(registrations::event_id)))
            .filter(action_tokens::token_hash.eq(token_hash))
            .filter(action_tokens::purpose.eq(TokenPurpose::ConfirmRegistration.as_str()))
            .filter(action_tokens::used_at.is_null())
            .filter(action_tokens::expires_at.gt(now()))
            .filter(registrations::status.eq(RegistrationStatus::Pending.as_str()))
            .select((Registration::as_select(), Option::<EventPlan>::as_select()))
            .get_result(c)
            .optional()
    })?;
    Ok(found)
}
