use std::fmt;
use std::str::FromStr;

use super::FieldError;

/// An email address as RFC 5322 allows it in practice (checked by the `email_address` crate),
/// stored with a lower-cased domain so that the same mailbox compares equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let trimmed = value.trim();
        let invalid = || FieldError::new("invalid_email", "This is not a valid email address.");
        // RFC 5321 bounds a forward path to 256 octets, the address within it to 254.
        if value.chars().count() > 254 {
            return Err(invalid());
        }
        let parsed = email_address::EmailAddress::from_str(trimmed).map_err(|_| invalid())?;
        // Display names ("Name <a@b>") are not addresses; only the bare form is accepted.
        if parsed.as_str() != trimmed || trimmed.chars().any(char::is_whitespace) {
            return Err(invalid());
        }
        if !parsed.domain().contains('.') && parsed.domain() != "localhost" {
            return Err(invalid());
        }
        Ok(Self(format!(
            "{}@{}",
            parsed.local_part(),
            parsed.domain().to_lowercase()
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_are_accepted_with_a_lower_case_domain() {
        assert_eq!(
            Email::parse(" Nino.Beridze@Example.ORG ").unwrap().as_str(),
            "Nino.Beridze@example.org"
        );
    }

    #[test]
    fn invalid_addresses_are_rejected() {
        for bad in [
            "",
            "plain",
            "@example.org",
            "a@",
            "a b@example.org",
            "Name <a@example.org>",
            "a@nodot",
            "a@example.org\r\nBcc: x@y.z",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
