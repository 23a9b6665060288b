//! Mails to staff accounts: the link to set a new password, asked for on the sign-in page.

use askama::Template;

use super::compose::{ComposedMail, MailParts, compose};
use super::event_mail::{MailContext, greeting};
use super::signoff::Signoff;
use crate::domain::Email;
use crate::i18n::Locale;

#[derive(Template)]
#[template(path = "mail/account/password_link.txt")]
struct LinkText<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
    greeting: &'a str,
    url: &'a str,
    expiry: &'a str,
}

#[derive(Template)]
#[template(path = "mail/account/password_link.html")]
struct LinkHtml<'a> {
    t: Locale,
    signoff: &'a Signoff<'a>,
    lang: &'a str,
    greeting: &'a str,
    url: &'a str,
    expiry: &'a str,
}

/// The link a password link's secret opens, under `DIALOGO_PUBLIC_URL`.
pub fn password_link(context: &MailContext<'_>, token: &str) -> String {
    format!(
        "{}/console/password/{token}",
        context.public_url.as_str().trim_end_matches('/')
    )
}

/// The mail with the link `url` to set a new password, which works for `minutes`.
pub fn compose_password_link(
    context: &MailContext<'_>,
    name: &str,
    email: &Email,
    t: Locale,
    url: &str,
    minutes: i64,
) -> anyhow::Result<ComposedMail> {
    let greeting = greeting(t, Some(name));
    let expiry = t.text_with("account-reset-expiry", &[("minutes", minutes.into())]);
    let signoff = &Signoff::new(t, context.org);
    compose(MailParts {
        from: context.from.clone(),
        to: super::address::mailbox(Some(name), email)?,
        reply_to: None,
        subject: t.text("account-reset-subject"),
        text: LinkText {
            t,
            signoff,
            greeting: &greeting,
            url,
            expiry: &expiry,
        }
        .render()?,
        html: LinkHtml {
            t,
            signoff,
            lang: t.code(),
            greeting: &greeting,
            url,
            expiry: &expiry,
        }
        .render()?,
        calendar: None,
        headers: Vec::new(),
    })
}
