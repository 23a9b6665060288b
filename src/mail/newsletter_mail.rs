//! Newsletter mails: the opt-in confirmation, and issues with one-click unsubscribe.

use std::collections::BTreeMap;

use askama::Template;

use super::compose::{ComposedMail, MailParts, compose};
use super::event_mail::MailContext;
use crate::db::models::IssueContent;
use crate::domain::Email;
use crate::i18n::{Locale, NewsletterStrings, Strings};

/// Who a newsletter mail goes to.
pub struct Reader<'a> {
    pub name: Option<&'a str>,
    pub email: &'a Email,
    pub locale: Locale,
}

#[derive(Template)]
#[template(path = "mail/newsletter/confirm.txt")]
struct ConfirmText<'a> {
    t: &'a Strings,
    n: &'a NewsletterStrings,
    greeting: &'a str,
    confirm_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/newsletter/confirm.html")]
struct ConfirmHtml<'a> {
    t: &'a Strings,
    n: &'a NewsletterStrings,
    lang: &'a str,
    greeting: &'a str,
    confirm_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/newsletter/issue.txt")]
struct IssueText<'a> {
    n: &'a NewsletterStrings,
    body: &'a str,
    unsubscribe_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/newsletter/issue.html")]
struct IssueHtml<'a> {
    n: &'a NewsletterStrings,
    lang: &'a str,
    subject: &'a str,
    body_html: &'a str,
    unsubscribe_url: &'a str,
}

/// The link a subscriber's token opens, under `DIALOGO_PUBLIC_URL`.
pub fn link(context: &MailContext<'_>, action: &str, token: &str) -> String {
    format!(
        "{}/newsletter/{action}/{token}",
        context.public_url.as_str().trim_end_matches('/')
    )
}

fn greeting(t: &Strings, name: Option<&str>) -> String {
    match name {
        Some(name) => Strings::fill(
            t.greeting_named,
            &[("name", &super::address::header_safe(name))],
        ),
        None => t.greeting.to_owned(),
    }
}

/// The double opt-in mail.
pub fn compose_confirmation(
    context: &MailContext<'_>,
    reader: &Reader<'_>,
    confirm_url: &str,
) -> anyhow::Result<ComposedMail> {
    let t = reader.locale.strings();
    let n = reader.locale.newsletter();
    let greeting = greeting(t, reader.name);
    compose(MailParts {
        from: context.from.clone(),
        to: super::address::mailbox(reader.name, reader.email)?,
        reply_to: None,
        subject: n.confirm_subject.to_owned(),
        text: ConfirmText {
            t,
            n,
            greeting: &greeting,
            confirm_url,
        }
        .render()?,
        html: ConfirmHtml {
            t,
            n,
            lang: reader.locale.code(),
            greeting: &greeting,
            confirm_url,
        }
        .render()?,
        calendar: None,
        headers: Vec::new(),
    })
}

/// One language version of an issue, rendered once for all its readers.
pub struct IssueEdition {
    pub locale: Locale,
    pub subject: String,
    pub markdown: String,
    pub html: String,
}

/// An issue ready to be addressed: each language it was written in.
pub struct RenderedIssue {
    editions: BTreeMap<&'static str, IssueEdition>,
    fallback: Locale,
}

impl RenderedIssue {
    pub fn new(content: &IssueContent) -> Self {
        let editions = Locale::ALL
            .into_iter()
            .filter_map(|locale| {
                let subject = content.subjects.get(locale.code())?;
                let markdown = content.bodies.get(locale.code())?;
                Some((
                    locale.code(),
                    IssueEdition {
                        locale,
                        subject: subject.clone(),
                        html: super::markdown::to_html(markdown),
                        markdown: markdown.clone(),
                    },
                ))
            })
            .collect();
        Self {
            editions,
            fallback: Locale::parse(&content.fallback_language).unwrap_or(Locale::En),
        }
    }

    /// The edition in `locale`, else in the fallback language.
    pub fn edition(&self, locale: Locale) -> Option<&IssueEdition> {
        self.editions
            .get(locale.code())
            .or_else(|| self.editions.get(self.fallback.code()))
    }
}

/// One issue to one reader, with RFC 8058 one-click unsubscribe headers and the same link in
/// the footer. A `test` mail says so in its subject.
pub fn compose_issue(
    context: &MailContext<'_>,
    issue: &RenderedIssue,
    reader: &Reader<'_>,
    unsubscribe_url: &str,
    test: bool,
) -> anyhow::Result<ComposedMail> {
    let edition = issue
        .edition(reader.locale)
        .ok_or_else(|| anyhow::anyhow!("the issue has no text in its fallback language"))?;
    let n = edition.locale.newsletter();
    let subject = if test {
        format!("{} {}", n.test_prefix, edition.subject)
    } else {
        edition.subject.clone()
    };
    let list_id = format!(
        "{} <newsletter.{}>",
        n.name,
        context.public_url.host_str().unwrap_or("localhost")
    );
    compose(MailParts {
        from: context.from.clone(),
        to: super::address::mailbox(reader.name, reader.email)?,
        reply_to: None,
        text: IssueText {
            n,
            body: &edition.markdown,
            unsubscribe_url,
        }
        .render()?,
        html: IssueHtml {
            n,
            lang: edition.locale.code(),
            subject: &subject,
            body_html: &edition.html,
            unsubscribe_url,
        }
        .render()?,
        subject,
        calendar: None,
        headers: vec![
            ("List-Id", list_id),
            ("List-Unsubscribe", format!("<{unsubscribe_url}>")),
            (
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_owned(),
            ),
        ],
    })
}
