//! Mails the scheduler sends about an event: reminders, the released access link, the agenda,
//! time or place changes, and the follow-up. One template set for all, differing in texts.

use askama::Template;

use super::compose::{ComposedMail, MailParts, compose};
use super::event_mail::{
    EventDetails, MailContext, Recipient, calendar, event_details, greeting, reply_to,
};
use super::ics::Method;
use super::signoff::Signoff;
use crate::db::models::EventRecord;
use crate::i18n::Locale;
use crate::schedule::plan::AgendaItem;

/// What a scheduled mail is about.
#[derive(Debug, Clone, Copy)]
pub enum ScheduleMailKind<'a> {
    Reminder,
    AccessLink,
    Agenda,
    /// Time or place changed: the attached entry (same UID, higher SEQUENCE) replaces the old.
    Update,
    FollowUp {
        message: Option<&'a str>,
        url: Option<&'a str>,
    },
}

/// An agenda item as mails show it.
pub struct AgendaLine {
    pub time: String,
    pub title: String,
    pub kind: Option<String>,
    pub speakers: String,
    pub description: Option<String>,
}

#[derive(Template)]
#[template(path = "mail/schedule/subject.txt")]
struct ScheduleSubject<'a> {
    subject_prefix: &'a str,
    event: &'a EventDetails,
}

#[derive(Template)]
#[template(path = "mail/schedule/body.txt")]
struct ScheduleText<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
    greeting: &'a str,
    intro: &'a str,
    event: &'a EventDetails,
    agenda: &'a [AgendaLine],
    message: Option<&'a str>,
    materials_url: Option<&'a str>,
    with_calendar: bool,
}

#[derive(Template)]
#[template(path = "mail/schedule/body.html")]
struct ScheduleHtml<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
    lang: &'a str,
    subject_prefix: &'a str,
    greeting: &'a str,
    intro: &'a str,
    event: &'a EventDetails,
    agenda: &'a [AgendaLine],
    message: Option<&'a str>,
    materials_url: Option<&'a str>,
    with_calendar: bool,
}

/// Renders one scheduled mail for one recipient; `agenda` is shown where given.
pub fn compose_schedule_mail(
    context: &MailContext<'_>,
    record: &EventRecord,
    recipient: &Recipient,
    kind: ScheduleMailKind<'_>,
    agenda: Option<&[AgendaItem]>,
) -> anyhow::Result<ComposedMail> {
    let t = recipient.locale;
    let details = event_details(context, record, recipient);
    let greeting = greeting(t, recipient.name.as_deref());
    let (subject_prefix, intro, method, message, materials_url) = match kind {
        ScheduleMailKind::Reminder => (
            "schedule-reminder-subject",
            "schedule-reminder-intro",
            true,
            None,
            None,
        ),
        ScheduleMailKind::AccessLink => (
            "schedule-access-subject",
            "schedule-access-intro",
            true,
            None,
            None,
        ),
        ScheduleMailKind::Agenda => (
            "schedule-agenda-subject",
            "schedule-agenda-intro",
            false,
            None,
            None,
        ),
        ScheduleMailKind::Update => (
            "schedule-update-subject",
            "schedule-update-intro",
            true,
            None,
            None,
        ),
        ScheduleMailKind::FollowUp { message, url } => (
            "schedule-follow-up-subject",
            "schedule-follow-up-intro",
            false,
            message,
            url,
        ),
    };
    let (subject_prefix, intro) = (&t.text(subject_prefix), &t.text(intro));
    let agenda = agenda
        .map(|items| agenda_lines(record, t, items))
        .unwrap_or_default();
    let signoff = &Signoff::new(t, context.org);
    let text = ScheduleText {
        t,
        signoff,
        greeting: &greeting,
        intro,
        event: &details,
        agenda: &agenda,
        message,
        materials_url,
        with_calendar: method,
    }
    .render()?;
    let html = ScheduleHtml {
        t,
        signoff,
        lang: recipient.locale.code(),
        subject_prefix,
        greeting: &greeting,
        intro,
        event: &details,
        agenda: &agenda,
        message,
        materials_url,
        with_calendar: method,
    }
    .render()?;
    let subject = ScheduleSubject {
        subject_prefix,
        event: &details,
    }
    .render()?;
    let calendar = method.then(|| {
        (
            calendar(context, record, recipient, &details, Method::Request),
            Method::Request,
        )
    });
    compose(MailParts {
        from: context.from.clone(),
        to: super::address::mailbox(recipient.name.as_deref(), &recipient.email)?,
        reply_to: reply_to(record),
        subject: subject.trim().to_owned(),
        text,
        html,
        calendar,
        headers: Vec::new(),
    })
}

/// The label of an agenda item's kind; none for `other`.
pub fn kind_label(t: Locale, kind: &str) -> Option<String> {
    let id = match kind {
        "talk" => "schedule-kind-talk",
        "panel" => "schedule-kind-panel",
        "discussion" => "schedule-kind-discussion",
        "break" => "schedule-kind-break",
        _ => return None,
    };
    Some(t.text(id))
}

/// Agenda items with times in the event's zone; dates only when the event spans days.
fn agenda_lines(record: &EventRecord, t: Locale, items: &[AgendaItem]) -> Vec<AgendaLine> {
    let zone = record.event.tz();
    let local = |t| chrono::TimeZone::from_utc_datetime(&zone, &t);
    let one_day =
        local(record.event.starts_at).date_naive() == local(record.event.ends_at).date_naive();
    let format = if one_day { "%H:%M" } else { "%Y-%m-%d %H:%M" };
    items
        .iter()
        .map(|item| AgendaLine {
            time: format!(
                "{}–{}",
                local(item.starts_at).format(format),
                local(item.ends_at).format("%H:%M")
            ),
            title: item.title.clone(),
            kind: kind_label(t, &item.kind),
            speakers: item
                .speakers
                .iter()
                .map(|p| {
                    [
                        Some(p.name.as_str()),
                        p.role.as_deref(),
                        p.affiliation.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
                })
                .collect::<Vec<_>>()
                .join("; "),
            description: item.description.clone(),
        })
        .collect()
}
