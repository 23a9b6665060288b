//! Invitations to an event: the personal links, seats state and follow-up wording they carry
//! beyond the event's details.

use askama::Template;

use super::event_details::EventDetails;
use super::signoff::Signoff;
use crate::i18n::Locale;

/// What an invitation mail says besides the event: empty for a plain invitation (e.g. a
/// coordinator's test mail).
#[derive(Debug, Clone, Default)]
pub struct InvitationMail {
    /// The personal registration link.
    pub register_url: Option<String>,
    pub decline_url: Option<String>,
    /// For subscribers: the newsletter's one-click unsubscribe link (also sent as
    /// `List-Unsubscribe`).
    pub unsubscribe_url: Option<String>,
    /// The one reminder to invitees who have not answered.
    pub follow_up: bool,
    /// "Registration closes on …", localised.
    pub closes: Option<String>,
    /// "Seats left: 12" or the waitlist note, localised.
    pub seats: Option<String>,
}

impl InvitationMail {
    /// RFC 8058 headers where the invitation went to a newsletter subscriber.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match &self.unsubscribe_url {
            Some(url) => vec![
                ("List-Unsubscribe", format!("<{url}>")),
                (
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".to_owned(),
                ),
            ],
            None => Vec::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "mail/invitation/body.txt")]
pub(super) struct InvitationText<'a> {
    pub(super) t: Locale,
    pub(super) signoff: &'a Signoff<'a>,
    pub(super) greeting: &'a str,
    pub(super) event: &'a EventDetails,
    pub(super) invitation: &'a InvitationMail,
}

#[derive(Template)]
#[template(path = "mail/invitation/body.html")]
pub(super) struct InvitationHtml<'a> {
    pub(super) t: Locale,
    pub(super) signoff: &'a Signoff<'a>,
    pub(super) lang: &'a str,
    pub(super) greeting: &'a str,
    pub(super) event: &'a EventDetails,
    pub(super) invitation: &'a InvitationMail,
}
