//! How the console names stored values in the reader's language: statuses of events and
//! registrations, kinds of organisation, countries.

use crate::db::models::{EventStatus, RegistrationStatus};
use crate::i18n::Locale;

/// An event's status, e.g. "published".
pub fn event_status(t: Locale, status: EventStatus) -> String {
    t.text(match status {
        EventStatus::Draft => "console-event-draft",
        EventStatus::Published => "console-event-published",
        EventStatus::Cancelled => "console-event-cancelled",
    })
}

/// A registration's status, e.g. "awaiting approval".
pub fn registration_status(t: Locale, status: RegistrationStatus) -> String {
    t.text(match status {
        RegistrationStatus::Pending => "console-status-pending",
        RegistrationStatus::AwaitingApproval => "console-status-awaiting-approval",
        RegistrationStatus::Confirmed => "console-status-confirmed",
        RegistrationStatus::Waitlisted => "console-status-waitlisted",
        RegistrationStatus::Withdrawn => "console-status-withdrawn",
        RegistrationStatus::Rejected => "console-status-rejected",
        RegistrationStatus::Expired => "console-status-expired",
    })
}

/// A kind of organisation by its stored code ("municipality"), as the invitation form names it.
pub fn organisation_type(t: Locale, code: &str) -> String {
    t.text(&format!("invitation-organisation-type-{code}"))
}

/// A country by its code, in `t` ("Georgien").
pub fn country(t: Locale, code: &str) -> String {
    t.country_name(code)
}

/// A choice of a select: (value, label, selected).
pub type Choice = (String, String, bool);
