use std::fmt;

use super::FieldError;

/// A topic tag such as `e-governance`: lower-case letters, digits and hyphens, at most 64.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic(String);

impl Topic {
    /// Parses a tag as the API's schema describes it: ASCII letters, digits and inner
    /// hyphens, at most 64 characters; letters are compared in lower case, so `E-Governance`
    /// is `e-governance`. Nothing is trimmed: a value the schema refuses is refused here.
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let valid = !value.is_empty()
            && value.len() <= 64
            && !value.starts_with('-')
            && !value.ends_with('-')
            && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let tag = value.to_ascii_lowercase();
        if valid {
            Ok(Self(tag))
        } else {
            Err(FieldError::new(
                "invalid_topic",
                format!("{value:?} is not a topic tag (lower-case letters, digits and hyphens)."),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lower_cased() {
        assert_eq!(
            Topic::parse("E-Governance").unwrap().as_str(),
            "e-governance"
        );
    }

    #[test]
    fn tags_with_spaces_or_symbols_are_rejected() {
        for bad in [
            "",
            "data governance",
            "ai!",
            "-x",
            "x-",
            " x",
            "\u{212A}",
            "é",
        ] {
            assert!(Topic::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
