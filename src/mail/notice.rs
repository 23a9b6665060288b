//! Registration notices: one template set (`templates/mail/registration/`) for every state a
//! registration reaches, differing in the texts each state brings.

use askama::Template;

use super::event_mail::EventDetails;
use super::ics::Method;
use crate::i18n::Strings;

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
    pub(super) t: &'a Strings,
    pub(super) greeting: &'a str,
    pub(super) event: &'a EventDetails,
    pub(super) notice: &'a NoticeText<'a>,
}

#[derive(Template)]
#[template(path = "mail/registration/body.html")]
pub(super) struct RegistrationHtml<'a> {
    pub(super) t: &'a Strings,
    pub(super) lang: &'a str,
    pub(super) greeting: &'a str,
    pub(super) event: &'a EventDetails,
    pub(super) notice: &'a NoticeText<'a>,
}

/// The parts in which registration notices differ.
pub(super) struct NoticeText<'a> {
    pub(super) subject_prefix: &'a str,
    pub(super) intro: String,
    pub(super) action_label: &'a str,
    pub(super) action_url: Option<&'a str>,
    pub(super) withdraw_url: Option<&'a str>,
    pub(super) note: Option<&'a str>,
    pub(super) calendar: Option<Method>,
}

impl Notice {
    pub(super) fn text<'a>(&'a self, t: &'a Strings) -> NoticeText<'a> {
        let plain = |subject_prefix, intro: &str| NoticeText {
            subject_prefix,
            intro: intro.to_owned(),
            action_label: "",
            action_url: None,
            withdraw_url: None,
            note: None,
            calendar: None,
        };
        match self {
            Self::ConfirmRequest { confirm_url } => NoticeText {
                action_label: t.confirm_button,
                action_url: Some(confirm_url),
                note: Some(t.ignore_note),
                ..plain(t.confirm_subject, t.confirm_intro)
            },
            Self::Confirmed { withdraw_url } => NoticeText {
                withdraw_url: Some(withdraw_url),
                calendar: Some(Method::Request),
                ..plain(t.confirmed_subject, t.confirmed_intro)
            },
            Self::Promoted { withdraw_url } => NoticeText {
                withdraw_url: Some(withdraw_url),
                calendar: Some(Method::Request),
                ..plain(t.promoted_subject, t.promoted_intro)
            },
            Self::Waitlisted {
                position,
                withdraw_url,
            } => NoticeText {
                intro: Strings::fill(t.waitlisted_intro, &[("position", &position.to_string())]),
                withdraw_url: Some(withdraw_url),
                ..plain(t.waitlisted_subject, "")
            },
            Self::AwaitingApproval { withdraw_url } => NoticeText {
                withdraw_url: Some(withdraw_url),
                ..plain(t.awaiting_subject, t.awaiting_intro)
            },
            Self::Rejected => plain(t.rejected_subject, t.rejected_intro),
            Self::Withdrawn { had_seat } => NoticeText {
                calendar: had_seat.then_some(Method::Cancel),
                ..plain(t.withdrawn_subject, t.withdrawn_intro)
            },
            Self::Removed { had_seat } => NoticeText {
                calendar: had_seat.then_some(Method::Cancel),
                ..plain(t.withdrawn_subject, t.removed_intro)
            },
        }
    }
}
