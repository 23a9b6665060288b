//! Mails about one event (invitations, cancellations), in the recipient's language.

use askama::Template;
use chrono_tz::Tz;
use lettre::message::Mailbox;

use super::compose::{ComposedMail, MailParts, compose};
use super::ics::{self, CalendarEntry, Method};
pub use super::notice::Notice;
use super::notice::{RegistrationHtml, RegistrationSubject, RegistrationText};
use crate::db::models::EventRecord;
use crate::domain::{Email, EventFormat};
use crate::i18n::{Locale, Strings, format_event_time, format_in_recipient_zone};

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

/// The kinds of event mail, each with its own templates.
#[derive(Debug, Clone)]
pub enum EventMailKind {
    /// An invitation with a calendar entry and, optionally, a personal registration link.
    Invitation { register_url: Option<String> },
    /// The event is cancelled; the calendar entry is withdrawn.
    Cancellation,
    /// What happened to a registration.
    Registration(Notice),
}

/// What every mail knows about its sender and the site it links to.
pub struct MailContext<'a> {
    pub from: &'a Mailbox,
    pub public_url: &'a url::Url,
}

/// An event as mail templates show it.
pub struct EventDetails {
    pub title: String,
    pub summary: Option<String>,
    pub when: String,
    pub your_time: Option<String>,
    pub place: Option<String>,
    pub online: bool,
    pub access_link: Option<String>,
    pub languages: String,
    pub contacts: Vec<ContactLine>,
    pub event_url: String,
}

pub struct ContactLine {
    pub name: String,
    pub details: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

macro_rules! mail_templates {
    ($($subject:ident = $subject_path:literal, $text:ident = $text_path:literal, $html:ident = $html_path:literal;)*) => {$(
        #[derive(Template)]
        #[template(path = $subject_path)]
        struct $subject<'a> {
            t: &'a Strings,
            event: &'a EventDetails,
        }

        #[derive(Template)]
        #[template(path = $text_path)]
        struct $text<'a> {
            t: &'a Strings,
            greeting: &'a str,
            event: &'a EventDetails,
            #[allow(dead_code)]
            action_url: Option<&'a str>,
        }

        #[derive(Template)]
        #[template(path = $html_path)]
        struct $html<'a> {
            t: &'a Strings,
            lang: &'a str,
            greeting: &'a str,
            event: &'a EventDetails,
            #[allow(dead_code)]
            action_url: Option<&'a str>,
        }
    )*};
}

mail_templates! {
    InvitationSubject = "mail/invitation/subject.txt",
    InvitationText = "mail/invitation/body.txt",
    InvitationHtml = "mail/invitation/body.html";
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
    let t = recipient.locale.strings();
    let lang = recipient.locale.code();
    let details = event_details(context, record, recipient);
    let greeting = match &recipient.name {
        Some(name) => Strings::fill(
            t.greeting_named,
            &[("name", &super::address::header_safe(name))],
        ),
        None => t.greeting.to_owned(),
    };
    let greeting = greeting.as_str();
    let event = &details;
    let (subject, text, html, method) = match kind {
        EventMailKind::Registration(notice) => {
            let notice = &notice.text(t);
            (
                RegistrationSubject {
                    subject_prefix: notice.subject_prefix,
                    event,
                }
                .render()?,
                RegistrationText {
                    t,
                    greeting,
                    event,
                    notice,
                }
                .render()?,
                RegistrationHtml {
                    t,
                    lang,
                    greeting,
                    event,
                    notice,
                }
                .render()?,
                notice.calendar,
            )
        }
        EventMailKind::Invitation { register_url } => {
            let action_url = register_url.as_deref();
            (
                InvitationSubject { t, event }.render()?,
                InvitationText {
                    t,
                    greeting,
                    event,
                    action_url,
                }
                .render()?,
                InvitationHtml {
                    t,
                    lang,
                    greeting,
                    event,
                    action_url,
                }
                .render()?,
                Some(Method::Request),
            )
        }
        EventMailKind::Cancellation => (
            CancellationSubject { t, event }.render()?,
            CancellationText {
                t,
                greeting,
                event,
                action_url: None,
            }
            .render()?,
            CancellationHtml {
                t,
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
    compose(MailParts {
        from: context.from.clone(),
        to,
        reply_to: reply_to(record),
        subject: subject.trim().to_owned(),
        text,
        html,
        calendar,
        headers: Vec::new(),
    })
}

fn event_details(
    context: &MailContext<'_>,
    record: &EventRecord,
    recipient: &Recipient,
) -> EventDetails {
    let event = &record.event;
    let zone = event.tz();
    let format = EventFormat::parse(&event.format).unwrap_or(EventFormat::Online);
    let place = event.venue().map(|v| {
        [v.name, v.address, v.city, v.country]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    });
    let languages = record
        .languages
        .iter()
        .filter_map(|code| isolang::Language::from_639_1(code))
        .map(|l| l.to_autonym().unwrap_or(l.to_name()).to_owned())
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
        event_url: format!(
            "{}/events/{}",
            context.public_url.as_str().trim_end_matches('/'),
            event.slug
        ),
    }
}

/// Replies go to the event's first contact with an address.
fn reply_to(record: &EventRecord) -> Option<Mailbox> {
    record.event.contacts().into_iter().find_map(|c| {
        let email = Email::parse(c.email.as_deref()?).ok()?;
        super::address::mailbox(Some(&c.name), &email).ok()
    })
}

fn calendar(
    context: &MailContext<'_>,
    record: &EventRecord,
    recipient: &Recipient,
    details: &EventDetails,
    method: Method,
) -> String {
    let event = &record.event;
    let host = context.public_url.host_str().unwrap_or("localhost");
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
        uid: format!("{}@{host}", event.id),
        sequence: u32::try_from(event.sequence).unwrap_or(0),
        method,
        title: &event.title,
        description: (!description.is_empty()).then_some(description.as_str()),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        location,
        url: &details.event_url,
        organizer_name: context.from.name.as_deref(),
        organizer_email: context.from.email.as_ref(),
        attendee_name: recipient.name.as_deref(),
        attendee_email: recipient.email.as_str(),
        stamp: crate::db::now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::models::Event;

    fn record() -> EventRecord {
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        EventRecord {
            event: Event {
                id: "0190f0b8-7c1e-7000-8000-000000000001".into(),
                slug: "digital-dialogue".into(),
                status: "published".into(),
                title: "Digital <Dialogue> & Co".into(),
                summary: Some("Cities share practices.".into()),
                description: None,
                starts_at: at("2030-10-07T11:00"),
                ends_at: at("2030-10-07T13:30"),
                timezone: "Europe/Berlin".into(),
                format: "hybrid".into(),
                venue_name: Some("Rathaus".into()),
                venue_address: None,
                venue_city: Some("Bonn".into()),
                venue_country: Some("DE".into()),
                online_url: Some("https://meet.example.org/j/1".into()),
                contacts: r#"[{"name":"Lena Hoffmann","role":"Project Manager","audience":null,"email":"lena@example.org","phone":null}]"#.into(),
                series: None,
                capacity: None,
                registration_opens_at: None,
                registration_closes_at: None,
                sequence: 3,
                created_at: at("2030-01-01T00:00"),
                updated_at: at("2030-01-01T00:00"),
                published_at: None,
                cancelled_at: None,
                max_per_organisation: None,
                approval_required: false,
            },
            languages: vec!["de".into(), "en".into()],
            topics: vec![],
        }
    }

    fn render_all(
        kind: &EventMailKind,
        locale: Locale,
        sees_access_link: bool,
    ) -> (String, String, String) {
        let from = crate::mail::address::parse_sender("dialogo <noreply@example.org>").unwrap();
        let public_url = url::Url::parse("https://events.example.org").unwrap();
        let context = MailContext {
            from: &from,
            public_url: &public_url,
        };
        let recipient = Recipient {
            name: Some("Ana".into()),
            email: Email::parse("ana@example.org").unwrap(),
            locale,
            timezone: Some(chrono_tz::Asia::Tbilisi),
            sees_access_link,
        };
        let mail = compose_event_mail(&context, &record(), &recipient, kind).unwrap();
        let parsed = mail_parser::MessageParser::default()
            .parse(mail.message.as_bytes())
            .unwrap();
        (
            parsed.subject().unwrap().to_owned(),
            parsed.body_text(0).unwrap().into_owned(),
            parsed.body_html(0).unwrap().into_owned(),
        )
    }

    fn kinds() -> Vec<EventMailKind> {
        let url = || "https://events.example.org/registrations/x/tok".to_owned();
        let mut kinds = vec![
            EventMailKind::Invitation {
                register_url: Some(url()),
            },
            EventMailKind::Cancellation,
        ];
        for notice in [
            Notice::ConfirmRequest { confirm_url: url() },
            Notice::Confirmed {
                withdraw_url: url(),
            },
            Notice::Promoted {
                withdraw_url: url(),
            },
            Notice::Waitlisted {
                position: 3,
                withdraw_url: url(),
            },
            Notice::AwaitingApproval {
                withdraw_url: url(),
            },
            Notice::Rejected,
            Notice::Withdrawn { had_seat: true },
            Notice::Removed { had_seat: false },
        ] {
            kinds.push(EventMailKind::Registration(notice));
        }
        kinds
    }

    #[test]
    fn every_template_renders_in_every_language_without_english_leaking() {
        let english = Locale::En.strings();
        let english_sentences = [
            english.invitation_intro,
            english.cancellation_intro,
            english.calendar_attached,
            english.closing,
            english.footer,
            english.label_when,
            english.label_languages,
            english.confirm_intro,
            english.withdraw_note,
            english.ignore_note,
            english.confirmed_intro,
        ];
        for kind in kinds() {
            for locale in Locale::ALL {
                let (subject, text, html) = render_all(&kind, locale, false);
                let t = locale.strings();
                for part in [&text, &html] {
                    assert!(part.contains(t.closing), "{locale}: closing missing");
                    assert!(part.contains(t.label_when), "{locale}: labels missing");
                    assert!(
                        !part.contains('{') || part.contains("{{"),
                        "{locale}: unfilled placeholder"
                    );
                    if locale != Locale::En {
                        for sentence in english_sentences {
                            assert!(
                                !part.contains(sentence),
                                "{locale}: English {sentence:?} leaks"
                            );
                        }
                    }
                }
                assert!(!subject.trim().is_empty() && !subject.contains('\n'));
            }
        }
    }

    #[test]
    fn times_are_local_with_the_recipients_zone_added() {
        let (_, text, _) = render_all(&kinds()[0], Locale::De, false);
        assert!(
            text.contains("Montag, 7. Oktober 2030, 13:00–15:30 Uhr MESZ (UTC+2)"),
            "{text}"
        );
        assert!(
            text.contains("15:00–17:30 Uhr Asia/Tbilisi (UTC+4)"),
            "{text}"
        );
        let (_, text, _) = render_all(&kinds()[0], Locale::Es, false);
        assert!(text.contains("lunes, 7 de octubre de 2030"), "{text}");
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let (_, text, html) = render_all(&kinds()[0], Locale::En, false);
        assert!(
            html.contains("Digital &#60;Dialogue&#62; &#38; Co")
                || html.contains("Digital &lt;Dialogue&gt; &amp; Co"),
            "{html}"
        );
        assert!(!html.contains("<Dialogue>"));
        assert!(text.contains("Digital <Dialogue> & Co"));
    }

    #[test]
    fn the_access_link_appears_only_for_those_who_may_see_it() {
        for kind in kinds() {
            let (_, text, html) = render_all(&kind, Locale::En, false);
            assert!(!text.contains("meet.example.org") && !html.contains("meet.example.org"));
        }
        let (_, text, html) = render_all(&kinds()[0], Locale::En, true);
        assert!(
            text.contains("https://meet.example.org/j/1")
                && html.contains("https://meet.example.org/j/1")
        );
    }

    #[test]
    fn the_waitlist_position_is_filled_in() {
        let kind = EventMailKind::Registration(Notice::Waitlisted {
            position: 7,
            withdraw_url: "https://x.org/w/t".into(),
        });
        let (subject, text, _) = render_all(&kind, Locale::De, false);
        assert!(subject.starts_with("Warteliste:"), "{subject}");
        assert!(text.contains("Platz 7 der Warteliste"), "{text}");
        assert!(text.contains("https://x.org/w/t"));
    }
}
