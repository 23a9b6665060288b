//! Assembling a complete RFC 5322 message with lettre.

use std::time::SystemTime;

use anyhow::Context;
use lettre::Message;
use lettre::address::Envelope;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
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

    // The worker sends with an envelope of its own; given one here, lettre does not parse
    // the From and To headers back to make it.
    let envelope = Envelope::new(Some(parts.from.email.clone()), vec![parts.to.email.clone()])
        .context("cannot address the message")?;
    let mut builder = Message::builder()
        .envelope(envelope)
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
        .singlepart(SinglePart::plain(eight_bit(parts.text)))
        .singlepart(SinglePart::html(eight_bit(parts.html)));
    let message = match parts.calendar {
        None => builder.multipart(alternative),
        Some((ics, method)) => {
            let inline = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                method.as_str()
            ))?;
            let attachment = ContentType::parse("application/ics; name=\"invite.ics\"")?;
            // Prepared once for both parts (inline and attached).
            let ics = eight_bit(ics);
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

/// The longest line SMTP carries, in octets, without its CRLF (RFC 5321, 4.5.3.1.6).
const MAX_LINE: usize = 998;

/// `text` as it is (`8bit`, RFC 6152) with CRLF line ends: encoding it costs nothing, and the
/// mail stays readable as stored. Where a line is too long for SMTP (or `text` holds a CR or
/// NUL of its own), lettre's choice instead: quoted-printable or base64.
///
/// lettre's own `8bit` check also refuses lines over 76 characters, which every paragraph of a
/// mail has; 8-bit lines may be up to 998 octets. A relay that does not take 8-bit mail gets
/// it re-encoded when it is sent ([`super::seven_bit`]).
fn eight_bit(text: String) -> Body {
    let mut crlf = Vec::with_capacity(text.len() + text.len() / 16);
    for line in text.as_bytes().split(|&byte| byte == b'\n') {
        if line.len() > MAX_LINE || line.contains(&b'\r') || line.contains(&0) {
            return Body::new(text);
        }
        crlf.extend_from_slice(line);
        crlf.extend_from_slice(b"\r\n");
    }
    // The last line ends where the text does.
    crlf.truncate(crlf.len() - 2);
    Body::dangerous_pre_encoded(crlf, ContentTransferEncoding::EightBit)
}

#[cfg(test)]
mod tests {
    use lettre::message::header::ContentTransferEncoding;

    use super::{MAX_LINE, eight_bit};

    #[test]
    fn text_goes_as_written_with_crlf_where_smtp_carries_it() {
        for (text, sent) in [
            ("Grüße\nJörg\n", "Grüße\r\nJörg\r\n"),
            ("Grüße\n\nJörg", "Grüße\r\n\r\nJörg"),
            ("", ""),
        ] {
            let body = eight_bit(text.into());
            assert_eq!(body.encoding(), ContentTransferEncoding::EightBit);
            assert_eq!(body.into_vec(), sent.as_bytes());
        }
        let longest = "ü".repeat(MAX_LINE / 2);
        assert_eq!(
            eight_bit(format!("{longest}\n")).encoding(),
            ContentTransferEncoding::EightBit
        );
    }

    #[test]
    fn lines_smtp_cannot_carry_are_encoded() {
        let too_long = format!("{}x", "ü".repeat(MAX_LINE / 2));
        for text in [too_long, "a\r\nb".into(), "a\0b".into()] {
            let body = eight_bit(text);
            assert_ne!(body.encoding(), ContentTransferEncoding::EightBit);
            assert!(body.into_vec().is_ascii());
        }
    }
}
