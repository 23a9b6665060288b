use std::fmt;

use super::FieldError;

/// An absolute `http` or `https` URL with a host, e.g. an online meeting's access link. It is
/// kept as written (trimmed): what a coordinator pasted is what registrants get, and what the
/// API answers stays within the length it accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new("invalid_url", "This must be an absolute http(s) URL.");
        if value.chars().count() > 2_000 {
            return Err(FieldError::new(
                "too_long",
                "A URL may be at most 2000 characters long.",
            ));
        }
        let url = url::Url::parse(value.trim()).map_err(|_| invalid())?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
            return Err(invalid());
        }
        Ok(Self(value.trim().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_links_are_accepted() {
        assert!(WebUrl::parse("https://meet.example.org/j/83520011").is_ok());
    }

    #[test]
    fn other_schemes_and_relative_urls_are_rejected() {
        for bad in [
            "javascript:alert(1)",
            "ftp://x.org/a",
            "/relative",
            "meet.example.org",
            "",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
