//! Mails about one event (invitations, cancellations), in the recipient's language.

use askama::Template;
use chrono_tz::Tz;
use lettre::message::Mailbox;

use super::compose::{ComposedMail, MailParts, compose};
pub use super::event_details::{ContactLine, EventDetails};
use super::ics::{self, CalendarEntry, EventEntry, Method};
pub use super::invitation_mail::InvitationMail;
use super::invitation_mail::{InvitationHtml, InvitationText};
pub use super::notice::Notice;
use super::notice::{RegistrationHtml, RegistrationSubject, RegistrationText};
use super::signoff::Signoff;
use crate::db::models::{EventRecord, Registration};
use crate::domain::{Email, EventFormat, FieldError};
use crate::i18n::{Locale, format_event_time, format_in_recipient_zone};
use crate::organisation::Organisation;

/// Who a mail goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub name: Option<String>,
    pub email: Email,
    pub locale: Locale,
    /// The recipient's own zone, when they gave one.
    pub timezone: Option<Tz>,
    /// Only confirmed registrants ever see the access link.
    pub sees_access_link: bool,
}

impl Recipient {
    /// A registrant, in their language and zone; an error if their stored address is not one
    /// that can be mailed.
    pub fn of_registration(
        registration: &Registration,
        sees_access_link: bool,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            name: Some(registration.name.clone()),
            email: Email::parse(&registration.email)?,
            locale: registration.locale(),
            timezone: registration.timezone.map(|tz| tz.tz()),
            sees_access_link,
        })
    }
}

/// The kinds of event mail, each with its own templates.
#[derive(Debug, Clone)]
pub enum EventMailKind {
    /// An invitation (or its follow-up) with a calendar entry and, for invited people,
    /// their personal links.
    Invitation(Box<InvitationMail>),
    /// The event is cancelled; the calendar entry is withdrawn.
    Cancellation,
    /// What happened to a registration.
    Registration(Notice),
}

/// What every mail knows about its sender, the site it links to and the organisation that
/// signs it.
pub struct MailContext<'a> {
    pub from: &'a Mailbox,
    pub public_url: &'a url::Url,
    pub org: &'a Organisation,
}

impl<'a> MailContext<'a> {
    /// The sender and site of `settings`.
    pub fn of(settings: &'a crate::config::Settings) -> Self {
        Self {
            from: &settings.mail_from,
            public_url: &settings.public_url,
            org: &settings.organisation,
        }
    }
}

macro_rules! mail_templates {
    ($($subject:ident = $subject_path:literal, $text:ident = $text_path:literal, $html:ident = $html_path:literal;)*) => {$(
        #[derive(Template)]
        #[template(path = $subject_path)]
        struct $subject<'a> {
            t: Locale,
            event: &'a EventDetails,
        }

        #[derive(Template)]
        #[template(path = $text_path)]
        struct $text<'a> {
            t: Locale,
            signoff: &'a Signoff<'a>,
            greeting: &'a str,
            event: &'a EventDetails,
            #[allow(dead_code)]
            action_url: Option<&'a str>,
        }

        #[derive(Template)]
        #[template(path = $html_path)]
        struct $html<'a> {
            t: Locale,
            signoff: &'a Signoff<'a>,
            lang: &'a str,
            greeting: &'a str,
            event: &'a EventDetails,
            #[allow(dead_code)]
            action_url: Option<&'a str>,
        }
    )*};
}

mail_templates! {
    CancellationSubject = "mail/cancellation/subject.txt",
    CancellationText = "mail/cancellation/body.txt",
    CancellationHtml = "mail/cancellation/body.html";
}

/// Renders one event mail for one recipient.
pub fn compose_event_mail(
    context: &MailContext<'_>,
    record: &EventRecord,
    recipient: &Recipient,
    kind: &EventMailKind,
) -> anyhow::Result<ComposedMail> {
    let t = recipient.locale;
    let lang = t.code();
    let details = event_details(context, record, recipient);
    let greeting = greeting(t, recipient.name.as_deref());
    let greeting = greeting.as_str();
    let event = &details;
    let signoff = &Signoff::new(t, context.org);
    let (subject, text, html, method) = match kind {
        EventMailKind::Registration(notice) => {
            let notice = &notice.text(t);
            (
                RegistrationSubject {
                    subject_prefix: &notice.subject_prefix,
                    event,
                }
                .render()?,
                RegistrationText {
                    t,
                    signoff,
                    greeting,
                    event,
                    notice,
                }
                .render()?,
                RegistrationHtml {
                    t,
                    signoff,
                    lang,
                    greeting,
                    event,
                    notice,
                }
                .render()?,
                notice.calendar,
            )
        }
        EventMailKind::Invitation(invitation) => {
            let prefix = t.text(if invitation.follow_up {
                "invitation-follow-up-subject"
            } else {
                "invitation-subject"
            });
            (
                format!("{prefix} {}", event.title),
                InvitationText {
                    t,
                    signoff,
                    greeting,
                    event,
                    invitation,
                }
                .render()?,
                InvitationHtml {
                    t,
                    signoff,
                    lang,
                    greeting,
                    event,
                    invitation,
                }
                .render()?,
                Some(Method::Request),
            )
        }
        EventMailKind::Cancellation => (
            CancellationSubject { t, event }.render()?,
            CancellationText {
                t,
                signoff,
                greeting,
                event,
                action_url: None,
            }
            .render()?,
            CancellationHtml {
                t,
                signoff,
                lang,
                greeting,
                event,
                action_url: None,
            }
            .render()?,
            Some(Method::Cancel),
        ),
    };
    let to = super::address::mailbox(recipient.name.as_deref(), &recipient.email)?;
    let calendar = method.map(|method| {
        (
            calendar(context, record, recipient, &details, method),
            method,
        )
    });
    let headers = match kind {
        EventMailKind::Invitation(invitation) => invitation.headers(),
        _ => Vec::new(),
    };
    compose(MailParts {
        from: context.from.clone(),
        to,
        reply_to: reply_to(record),
        subject: subject.trim().to_owned(),
        text,
        html,
        calendar,
        headers,
    })
}

pub(super) fn event_details(
    context: &MailContext<'_>,
    record: &EventRecord,
    recipient: &Recipient,
) -> EventDetails {
    let event = &record.event;
    let zone = event.tz();
    let format = event.format;
    let place = event.venue().map(|v| v.one_line());
    let languages = record
        .languages
        .iter()
        .map(|code| recipient.locale.language_name(code))
        .collect::<Vec<_>>()
        .join(", ");
    EventDetails {
        title: event.title.clone(),
        summary: event.summary.clone(),
        when: format_event_time(recipient.locale, event.starts_at, event.ends_at, zone),
        your_time: recipient.timezone.filter(|tz| *tz != zone).map(|tz| {
            format_in_recipient_zone(recipient.locale, event.starts_at, event.ends_at, zone, tz)
        }),
        place,
        online: format != EventFormat::InPerson,
        access_link: event
            .online_url
            .clone()
            .filter(|_| recipient.sees_access_link),
        languages,
        contacts: event
            .contacts()
            .into_iter()
            .map(|c| ContactLine {
                details: [c.role, c.audience]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                name: c.name,
                email: c.email,
                phone: c.phone,
            })
            .collect(),
        event_url: event.public_url(context.public_url),
    }
}

/// "Dear Ana," or, without a name, "Hello,".
pub(super) fn greeting(t: Locale, name: Option<&str>) -> String {
    match name {
        Some(name) => t.text_with(
            "greeting-named",
            &[("name", super::address::header_safe(name).into())],
        ),
        None => t.text("greeting"),
    }
}

/// Replies go to the event's first contact with an address.
pub(super) fn reply_to(record: &EventRecord) -> Option<Mailbox> {
    record.event.contacts().into_iter().find_map(|c| {
        let email = Email::parse(c.email.as_deref()?).ok()?;
        super::address::mailbox(Some(&c.name), &email).ok()
    })
}

pub(super) fn calendar(
    context: &MailContext<'_>,
    record: &EventRecord,
    recipient: &Recipient,
    details: &EventDetails,
    method: Method,
) -> String {
    let event = &record.event;
    let location = details
        .place
        .clone()
        .or_else(|| details.access_link.clone());
    let description = [event.summary.as_deref(), details.access_link.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n");
    ics::render(&CalendarEntry {
        event: EventEntry {
            uid: event.calendar_uid(context.public_url),
            sequence: u32::try_from(event.sequence).unwrap_or(0),
            cancelled: method == Method::Cancel,
            title: &event.title,
            description: (!description.is_empty()).then_some(description.as_str()),
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            location,
            url: details.event_url.clone(),
            stamp: crate::db::now(),
        },
        method,
        organizer_name: context.from.name.as_deref(),
        organizer_email: context.from.email.as_ref(),
        attendee_name: recipient.name.as_deref(),
        attendee_email: recipient.email.as_str(),
    })
}

#[cfg(test)]
#[path = "event_mail_tests.rs"]
pub(super) mod tests;
