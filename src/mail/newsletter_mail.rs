//! Newsletter mails: the opt-in confirmation, and issues with one-click unsubscribe.

use std::collections::BTreeMap;

use askama::Template;

use super::compose::{ComposedMail, MailParts, compose};
use super::event_mail::{MailContext, greeting};
use super::signoff::Signoff;
use crate::db::models::IssueContent;
use crate::domain::Email;
use crate::i18n::Locale;

/// Who a newsletter mail goes to.
pub struct Reader<'a> {
    pub name: Option<&'a str>,
    pub email: &'a Email,
    pub locale: Locale,
}

#[derive(Template)]
#[template(path = "mail/newsletter/confirm.txt")]
struct ConfirmText<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
    greeting: &'a str,
    confirm_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/newsletter/confirm.html")]
struct ConfirmHtml<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
    lang: &'a str,
    greeting: &'a str,
    confirm_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/newsletter/issue.txt")]
struct IssueText<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
    body: &'a str,
    unsubscribe_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/newsletter/issue.html")]
struct IssueHtml<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
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

/// The double opt-in mail.
pub fn compose_confirmation(
    context: &MailContext<'_>,
    reader: &Reader<'_>,
    confirm_url: &str,
) -> anyhow::Result<ComposedMail> {
    let t = reader.locale;
    let greeting = greeting(t, reader.name);
    let signoff = &Signoff::new(t, context.org);
    compose(MailParts {
        from: context.from.clone(),
        to: super::address::mailbox(reader.name, reader.email)?,
        reply_to: None,
        subject: t.text("newsletter-confirm-subject"),
        text: ConfirmText {
            t,
            signoff,
            greeting: &greeting,
            confirm_url,
        }
        .render()?,
        html: ConfirmHtml {
            t,
            signoff,
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
        let editions = Locale::all()
            .iter()
            .filter_map(|locale| {
                let subject = content.subjects.get(locale.code())?;
                let markdown = content.bodies.get(locale.code())?;
                Some((
                    locale.code(),
                    IssueEdition {
                        locale: *locale,
                        subject: subject.clone(),
                        html: super::markdown::to_html(markdown),
                        markdown: markdown.clone(),
                    },
                ))
            })
            .collect();
        Self {
            editions,
            fallback: Locale::parse(&content.fallback_language)
                .unwrap_or_else(|_| Locale::fallback()),
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
    let t = edition.locale;
    let signoff = &Signoff::new(t, context.org);
    let subject = if test {
        format!("{} {}", t.text("newsletter-test-prefix"), edition.subject)
    } else {
        edition.subject.clone()
    };
    let list_id = format!(
        "{} <newsletter.{}>",
        t.text("newsletter-name"),
        context.public_url.host_str().unwrap_or("localhost")
    );
    compose(MailParts {
        from: context.from.clone(),
        to: super::address::mailbox(reader.name, reader.email)?,
        reply_to: None,
        text: IssueText {
            t,
            signoff,
            body: &edition.markdown,
            unsubscribe_url,
        }
        .render()?,
        html: IssueHtml {
            t,
            signoff,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn context_parts() -> (lettre::message::Mailbox, url::Url) {
        (
            super::super::address::parse_sender("dialogo <noreply@example.org>").unwrap(),
            url::Url::parse("https://events.example.org").unwrap(),
        )
    }

    fn parsed(mail: &ComposedMail) -> (String, String, String) {
        let message = mail_parser::MessageParser::default()
            .parse(mail.message.as_bytes())
            .unwrap();
        (
            message.subject().unwrap_or("").to_owned(),
            message.body_text(0).unwrap().into_owned(),
            message.body_html(0).unwrap().into_owned(),
        )
    }

    #[test]
    fn confirmations_and_issues_speak_each_language() {
        let (from, public_url) = context_parts();
        let org = crate::organisation::Organisation::parse(|_| None, &public_url, &from).unwrap();
        let context = MailContext {
            from: &from,
            public_url: &public_url,
            org: &org,
        };
        let email = Email::parse("ana@example.org").unwrap();
        let content = IssueContent {
            subjects: [("de", "Neuigkeiten"), ("en", "News")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .into(),
            bodies: [("de", "**Hallo**"), ("en", "**Hello**")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .into(),
            fallback_language: "en".into(),
            topics: vec![],
        };
        let issue = RenderedIssue::new(&content);
        for &locale in Locale::all() {
            let reader = Reader {
                name: Some("Ana"),
                email: &email,
                locale,
            };
            let confirm = compose_confirmation(&context, &reader, "https://x/confirm/t").unwrap();
            let (subject, text, html) = parsed(&confirm);
            assert_eq!(subject, locale.text("newsletter-confirm-subject"));
            assert!(
                text.contains(&locale.text("newsletter-confirm-button")),
                "{text}"
            );
            assert!(html.contains("https://x/confirm/t"));
            for part in [&subject, &text, &html] {
                super::super::event_mail::tests::assert_own_language(locale, part);
            }

            let mail = compose_issue(&context, &issue, &reader, "https://x/u/t", false).unwrap();
            let (subject, text, html) = parsed(&mail);
            let (expected, footer) = match locale.code() {
                "de" => ("Neuigkeiten", locale.text("newsletter-unsubscribe")),
                _ => ("News", Locale::fallback().text("newsletter-unsubscribe")),
            };
            assert_eq!(
                subject, expected,
                "{locale}: the fallback where untranslated"
            );
            assert!(text.contains(&format!("{footer}: https://x/u/t")), "{text}");
            assert!(html.contains("<strong>"), "{html}");
            assert!(mail.message.contains("List-Unsubscribe: <https://x/u/t>"));
        }
    }
}
