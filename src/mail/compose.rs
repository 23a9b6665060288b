//! Assembling a complete RFC 5322 message with lettre.

use std::time::SystemTime;

use anyhow::Context;
use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};

use super::ics::Method;

/// Everything a mail consists of, before it is formatted.
pub struct MailParts {
    pub from: Mailbox,
    pub to: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An iCalendar object and its method, sent inline and as `invite.ics`.
    pub calendar: Option<(String, Method)>,
    /// Extra headers such as `List-Unsubscribe`: (name, value).
    pub headers: Vec<(&'static str, String)>,
}

/// A formatted mail, ready for the outbox.
#[derive(Debug, Clone)]
pub struct ComposedMail {
    /// `<uuid@domain>`: fixed now, so every retry sends the same message.
    pub message_id: String,
    pub recipient: String,
    pub subject: String,
    pub message: String,
}

/// Formats `parts` as one message: `multipart/alternative` with text and HTML (plus the
/// calendar as `text/calendar; method=…`), inside `multipart/mixed` with `invite.ics` when a
/// calendar is attached — the shape Outlook, Thunderbird and Google Calendar all import.
pub fn compose(parts: MailParts) -> anyhow::Result<ComposedMail> {
    let domain = parts.from.email.domain().to_owned();
    let message_id = format!("<{}@{domain}>", uuid::Uuid::now_v7());
    let recipient = parts.to.email.to_string();
    let subject = super::address::header_safe(&parts.subject);

    let mut builder = Message::builder()
        .message_id(Some(message_id.clone()))
        .date(SystemTime::now())
        .from(parts.from)
        .to(parts.to)
        .subject(subject.clone());
    if let Some(reply_to) = parts.reply_to {
        builder = builder.reply_to(reply_to);
    }
    for (name, value) in parts.headers {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str(name),
            super::address::header_safe(&value),
        ));
    }
    let alternative = MultiPart::alternative()
        .singlepart(SinglePart::plain(parts.text))
        .singlepart(SinglePart::html(parts.html));
    let message = match parts.calendar {
        None => builder.multipart(alternative),
        Some((ics, method)) => {
            let inline = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                method.as_str()
            ))?;
            let attachment = ContentType::parse("application/ics; name=\"invite.ics\"")?;
            // Encoded once for both parts: the encoding is most of what a mail costs to build.
            let ics = Body::new(ics);
            builder.multipart(
                MultiPart::mixed()
                    .multipart(
                        alternative
                            .singlepart(SinglePart::builder().header(inline).body(ics.clone())),
                    )
                    .singlepart(Attachment::new("invite.ics".into()).body(ics, attachment)),
            )
        }
    }
    .context("cannot build the message")?;
    let message =
        String::from_utf8(message.formatted()).context("the formatted message is not UTF-8")?;
    Ok(ComposedMail {
        message_id,
        recipient,
        subject,
        message,
    })
}
