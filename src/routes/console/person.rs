//! What the console shows of a person: the API's export ([`PersonExport`]) as tables, with the
//! links to download it and to erase it, and the counts an erasure names before and after.

use super::labels::registration_status;
use super::moment::{Moment, moment, moment_of};
use super::outbox::status_text;
use crate::db::models::RegistrationStatus;
use crate::i18n::Locale;
use crate::mail::OutboxStatus;
use crate::people::{Erased, PersonExport};

/// Everything held about one address, as the people page shows it.
pub struct Person {
    pub email: String,
    /// "What is held about …".
    pub heading: String,
    /// The export's download (`/console/people/export?email=…`).
    pub export_href: String,
    /// The erasure's confirmation page.
    pub erase_href: String,
    pub subscriptions: Vec<SubscriptionRow>,
    pub registrations: Vec<RegistrationRow>,
    pub invitations: Vec<InvitationRow>,
    pub mails: Vec<MailRow>,
}

/// A newsletter subscription, with how many consent records it has.
pub struct SubscriptionRow {
    pub status: String,
    pub topics: String,
    pub language: String,
    pub created: Moment,
    pub consents: usize,
}

/// A registration for an event.
pub struct RegistrationRow {
    pub event: String,
    pub name: String,
    pub organisation: String,
    pub status: String,
    pub created: Moment,
}

/// An invitation to an event, and when it was declined.
pub struct InvitationRow {
    pub event: String,
    pub name: String,
    pub created: Moment,
    pub declined: Option<Moment>,
}

/// A mail to the address, in outline.
pub struct MailRow {
    pub subject: String,
    pub kind: String,
    pub status: String,
    pub created: Moment,
    pub sent: Option<Moment>,
}

impl Person {
    /// The tables of `export`, in `t`.
    pub fn of(t: Locale, export: PersonExport) -> Self {
        let email = export.email;
        Self {
            heading: t.text_with("console-people-found", &[("email", email.clone().into())]),
            export_href: href("/console/people/export", &email),
            erase_href: href("/console/people/erase", &email),
            subscriptions: export
                .subscriptions
                .into_iter()
                .map(|s| SubscriptionRow {
                    status: state(t, subscription_state(&s.status), s.status),
                    topics: s.topics.join(", "),
                    language: t.language_name(&s.language),
                    created: moment_of(t, &s.created_at),
                    consents: s.consents.len(),
                })
                .collect(),
            registrations: export
                .registrations
                .into_iter()
                .map(|r| RegistrationRow {
                    event: r.event_title,
                    name: r.name,
                    organisation: r.organisation,
                    status: RegistrationStatus::parse(&r.status)
                        .map_or(r.status, |status| registration_status(t, status)),
                    created: moment(t, r.created_at),
                })
                .collect(),
            invitations: export
                .invitations
                .into_iter()
                .map(|i| InvitationRow {
                    event: i.event_title,
                    name: i.name.unwrap_or_default(),
                    created: moment(t, i.created_at),
                    declined: i.declined_at.map(|at| moment(t, at)),
                })
                .collect(),
            mails: export
                .mails
                .into_iter()
                .map(|m| MailRow {
                    subject: m.subject,
                    kind: m.kind,
                    status: state(t, mail_state(&m.status), m.status),
                    created: moment(t, m.created_at),
                    sent: m.sent_at.map(|at| moment(t, at)),
                })
                .collect(),
            email,
        }
    }

    /// Whether nothing at all is held.
    pub fn is_empty(&self) -> bool {
        self.subscriptions.is_empty()
            && self.registrations.is_empty()
            && self.invitations.is_empty()
            && self.mails.is_empty()
    }
}

/// How many of each kind an erasure touches (before) or touched (after), in `t`.
pub fn counts(t: Locale, of: &Erased) -> Vec<String> {
    [
        ("console-people-erase-subscriptions", of.subscriptions),
        ("console-people-erase-registrations", of.registrations),
        ("console-people-erase-invitations", of.invitations),
        ("console-people-erase-mails", of.mails),
    ]
    .into_iter()
    .map(|(id, count)| t.text_with(id, &[("count", (count as i64).into())]))
    .collect()
}

/// What an erasure of `export` would touch.
pub fn to_erase(export: &PersonExport) -> Erased {
    Erased {
        subscriptions: export.subscriptions.len(),
        registrations: export.registrations.len(),
        invitations: export.invitations.len(),
        mails: export.mails.len(),
    }
}

/// The message `id` names a stored state by, in `t`; the stored value where there is none.
fn state(t: Locale, id: Option<&'static str>, value: String) -> String {
    id.map_or(value, |id| t.text(id))
}

fn subscription_state(value: &str) -> Option<&'static str> {
    Some(match value {
        "pending" => "console-people-subscription-unconfirmed",
        "confirmed" => "console-people-subscription-confirmed",
        "unsubscribed" => "console-people-subscription-unsubscribed",
        _ => return None,
    })
}

fn mail_state(value: &str) -> Option<&'static str> {
    OutboxStatus::parse(value).map(status_text)
}

/// `path` asking for `email`.
pub fn href(path: &str, email: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("email", email)
        .finish();
    format!("{path}?{query}")
}
