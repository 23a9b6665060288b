//! Mails are stored with their text parts unencoded (`8bit`, RFC 6152), which relays have
//! accepted for decades (they announce it as 8BITMIME). For one that does not, or one whose
//! announcements are not known, every `8bit` part is re-encoded as quoted-printable before
//! the mail is handed over: the message is read with a MIME parser, which gives each part's
//! header and body positions, and only those ranges change.

use mail_parser::{HeaderName, MessageParser};

/// `message` with every `8bit` body part re-encoded as quoted-printable, or `None` when it has
/// no such part (or cannot be read as a message, which a composed mail always can).
pub fn seven_bit(message: &[u8]) -> Option<Vec<u8>> {
    let parsed = MessageParser::default().parse(message)?;
    let mut out = Vec::with_capacity(message.len() + message.len() / 4);
    let mut copied = 0;
    for part in &parsed.parts {
        let eight_bit = part.headers.iter().find(|header| {
            header.name == HeaderName::ContentTransferEncoding
                && message[header.offset_start as usize..header.offset_end as usize]
                    .trim_ascii()
                    .eq_ignore_ascii_case(b"8bit")
        });
        let Some(header) = eight_bit else {
            continue;
        };
        let (value, body) = (
            header.offset_start as usize..header.offset_end as usize,
            part.offset_body as usize..part.offset_end as usize,
        );
        if value.start < copied || body.start < value.end || body.end > message.len() {
            return None;
        }
        out.extend_from_slice(&message[copied..value.start]);
        // The value as it was written, but for the encoding's name.
        let written = &message[value.clone()];
        let name_at = written.len() - written.trim_ascii_start().len();
        let name_end = name_at + b"8bit".len();
        out.extend_from_slice(&written[..name_at]);
        out.extend_from_slice(b"quoted-printable");
        out.extend_from_slice(&written[name_end..]);
        out.extend_from_slice(&message[value.end..body.start]);
        out.extend_from_slice(&quoted_printable::encode(&message[body.clone()]));
        copied = body.end;
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&message[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use lettre::message::Mailbox;
    use mail_parser::{MessageParser, MimeHeaders};

    use super::seven_bit;
    use crate::mail::compose::{MailParts, compose};
    use crate::mail::ics::Method;

    fn mail(calendar: bool) -> Vec<u8> {
        compose(MailParts {
            from: "dialogo <noreply@example.org>".parse::<Mailbox>().unwrap(),
            to: "Jörg Müller <jm@example.org>".parse::<Mailbox>().unwrap(),
            reply_to: None,
            subject: "Ihre Anmeldung: Diálogo digital".into(),
            text: format!(
                "Guten Tag Jörg Müller,\n\n{}\n\nGrüße",
                "Straße ".repeat(40)
            ),
            html: "<p>Guten Tag Jörg Müller,</p>\n<p>Grüße – über ÄÖÜ</p>\n".into(),
            calendar: calendar.then(|| (calendar_text(), Method::Request)),
            headers: vec![("List-Unsubscribe", "<https://example.org/u/1>".into())],
        })
        .unwrap()
        .message
        .into_bytes()
    }

    fn calendar_text() -> String {
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//dialogo//EN\nBEGIN:VEVENT\nUID:1@dialogo\n\
         SUMMARY:Diálogo digital México–Alemania\nEND:VEVENT\nEND:VCALENDAR\n"
            .into()
    }

    /// Pairs of names and values: a part's type and decoded content, or a header's name and
    /// value.
    type Named = Vec<(String, String)>;

    /// Each part's type and decoded content, and the message's headers but the parts'.
    fn contents(message: &[u8]) -> (Named, Named) {
        let parsed = MessageParser::default().parse(message).unwrap();
        let parts = parsed
            .parts
            .iter()
            .filter(|part| part.sub_parts().is_none())
            .map(|part| {
                let kind = part
                    .content_type()
                    .map(|t| format!("{}/{}", t.ctype(), t.subtype().unwrap_or_default()))
                    .unwrap_or_default();
                let text = String::from_utf8(part.contents().to_vec()).unwrap();
                (kind, text.replace("\r\n", "\n"))
            })
            .collect();
        let headers = parsed.parts[0]
            .headers
            .iter()
            .map(|h| (h.name.as_str().to_owned(), format!("{:?}", h.value)))
            .collect();
        (parts, headers)
    }

    #[test]
    fn composed_mails_are_8bit_and_read_the_same_once_re_encoded() {
        for calendar in [false, true] {
            let original = mail(calendar);
            let text = String::from_utf8(original.clone()).unwrap();
            assert!(text.contains("Content-Transfer-Encoding: 8bit"));
            assert!(text.contains("Guten Tag Jörg Müller,"), "stored as written");
            assert!(!text.contains("quoted-printable"));

            let re_encoded = seven_bit(&original).expect("8bit parts to re-encode");
            assert!(re_encoded.is_ascii());
            let re_encoded_text = String::from_utf8(re_encoded.clone()).unwrap();
            assert!(!re_encoded_text.contains("8bit"));
            assert!(re_encoded_text.lines().all(|line| line.len() <= 78));
            let parts = if calendar { 4 } else { 2 };
            assert_eq!(
                re_encoded_text
                    .matches("Content-Transfer-Encoding: quoted-printable")
                    .count(),
                parts
            );
            let (before, after) = (contents(&original), contents(&re_encoded));
            assert_eq!(before.0.len(), parts);
            assert_eq!(before, after);
            assert!(after.0[0].1.contains(&"Straße ".repeat(40)));
        }
    }

    #[test]
    fn a_mail_without_8bit_parts_is_left_as_it_is() {
        let ascii = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Hi\r\n\
                      Content-Type: text/plain; charset=utf-8\r\n\
                      Content-Transfer-Encoding: 7bit\r\n\r\nHello\r\n";
        assert_eq!(seven_bit(ascii), None);
    }
}
