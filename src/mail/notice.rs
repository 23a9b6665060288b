//! Registration notices: one template set (`templates/mail/registration/`) for every state a
//! registration reaches, differing in the texts each state brings.

use askama::Template;

use super::event_details::EventDetails;
use super::ics::Method;
use super::signoff::Signoff;
use crate::db::models::CONFIRMATION_WINDOW;
use crate::i18n::Locale;

/// Mails about a registration, one per state it reaches.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Double opt-in: confirm the address.
    ConfirmRequest {
        confirm_url: String,
    },
    Confirmed {
        withdraw_url: String,
    },
    /// A seat became free for someone on the waitlist.
    Promoted {
        withdraw_url: String,
    },
    Waitlisted {
        position: i64,
        withdraw_url: String,
    },
    AwaitingApproval {
        withdraw_url: String,
    },
    Rejected,
    /// The registrant withdrew; a calendar cancellation goes to those who had a seat.
    Withdrawn {
        had_seat: bool,
    },
    /// A coordinator removed the registration.
    Removed {
        had_seat: bool,
    },
}

#[derive(Template)]
#[template(path = "mail/registration/subject.txt")]
pub(super) struct RegistrationSubject<'a> {
    pub(super) subject_prefix: &'a str,
    pub(super) event: &'a EventDetails,
}

#[derive(Template)]
#[template(path = "mail/registration/body.txt")]
pub(super) struct RegistrationText<'a> {
    pub(super) t: Locale,
    pub(super) signoff: &'a Signoff<'a>,
    pub(super) greeting: &'a str,
    pub(super) event: &'a EventDetails,
    pub(super) notice: &'a NoticeText<'a>,
}

#[derive(Template)]
#[template(path = "mail/registration/body.html")]
pub(super) struct RegistrationHtml<'a> {
    pub(super) t: Locale,
    pub(super) signoff: &'a Signoff<'a>,
    pub(super) lang: &'a str,
    pub(super) greeting: &'a str,
    pub(super) event: &'a EventDetails,
    pub(super) notice: &'a NoticeText<'a>,
}

/// The parts in which registration notices differ.
pub(super) struct NoticeText<'a> {
    pub(super) subject_prefix: String,
    pub(super) intro: String,
    pub(super) action_label: String,
    pub(super) action_url: Option<&'a str>,
    pub(super) withdraw_url: Option<&'a str>,
    pub(super) note: Option<String>,
    pub(super) calendar: Option<Method>,
}

impl Notice {
    pub(super) fn text(&self, t: Locale) -> NoticeText<'_> {
        let plain = |subject_prefix, intro| NoticeText {
            subject_prefix: t.text(subject_prefix),
            intro: t.text(intro),
            action_label: String::new(),
            action_url: None,
            withdraw_url: None,
            note: None,
            calendar: None,
        };
        match self {
            Self::ConfirmRequest { confirm_url } => NoticeText {
                subject_prefix: t.text("confirm-subject"),
                intro: t.text_with(
                    "confirm-intro",
                    &[("hours", CONFIRMATION_WINDOW.num_hours().into())],
                ),
                action_label: t.text("confirm-button"),
                action_url: Some(confirm_url),
                withdraw_url: None,
                note: Some(t.text("ignore-note")),
                calendar: None,
            },
            Self::Confirmed { withdraw_url } => NoticeText {
                withdraw_url: Some(withdraw_url),
                calendar: Some(Method::Request),
                ..plain("confirmed-subject", "confirmed-intro")
            },
            Self::Promoted { withdraw_url } => NoticeText {
                withdraw_url: Some(withdraw_url),
                calendar: Some(Method::Request),
                ..plain("promoted-subject", "promoted-intro")
            },
            Self::Waitlisted {
                position,
                withdraw_url,
            } => NoticeText {
                intro: t.text_with("waitlisted-intro", &[("position", (*position).into())]),
                withdraw_url: Some(withdraw_url),
                subject_prefix: t.text("waitlisted-subject"),
                action_label: String::new(),
                action_url: None,
                note: None,
                calendar: None,
            },
            Self::AwaitingApproval { withdraw_url } => NoticeText {
                withdraw_url: Some(withdraw_url),
                ..plain("awaiting-subject", "awaiting-intro")
            },
            Self::Rejected => plain("rejected-subject", "rejected-intro"),
            Self::Withdrawn { had_seat } => NoticeText {
                calendar: had_seat.then_some(Method::Cancel),
                ..plain("withdrawn-subject", "withdrawn-intro")
            },
            Self::Removed { had_seat } => NoticeText {
                calendar: had_seat.then_some(Method::Cancel),
                ..plain("withdrawn-subject", "removed-intro")
            },
        }
    }
}
