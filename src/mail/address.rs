//! Mailboxes for headers, safe against header injection.

use lettre::message::Mailbox;

use crate::domain::Email;

/// Collapses line breaks and other control characters to spaces, so a display name can never
/// start a new header line.
pub fn header_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A mailbox with an optional display name; lettre encodes non-ASCII names (RFC 2047).
pub fn mailbox(name: Option<&str>, email: &Email) -> anyhow::Result<Mailbox> {
    let address = email.as_str().parse()?;
    let name = name.map(header_safe).filter(|n| !n.is_empty());
    Ok(Mailbox::new(name, address))
}

/// Parses `DIALOGO_MAIL_FROM`: `Name <address>` or a bare address.
pub fn parse_sender(value: &str) -> Result<Mailbox, String> {
    value.parse::<Mailbox>().map_err(|e| {
        format!("{value:?} is not a mailbox such as \"dialogo <noreply@example.org>\": {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_names_cannot_inject_headers() {
        assert_eq!(
            header_safe("Evil\r\nBcc: victim@example.org"),
            "Evil Bcc: victim@example.org"
        );
        let email = Email::parse("a@example.org").unwrap();
        let mailbox = mailbox(Some("Ana\nBcc: x@y.z"), &email).unwrap();
        assert_eq!(mailbox.name.as_deref(), Some("Ana Bcc: x@y.z"));
    }

    #[test]
    fn senders_with_and_without_names_are_accepted() {
        assert!(parse_sender("dialogo <noreply@localhost>").is_ok());
        assert!(parse_sender("noreply@example.org").is_ok());
        assert!(parse_sender("not a mailbox").is_err());
    }
}
