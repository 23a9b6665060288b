use std::fmt;

use super::FieldError;

/// A topic tag such as `e-governance`: lower-case letters, digits and hyphens, at most 64.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic(String);

impl Topic {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let tag = value.trim().to_lowercase();
        let valid = !tag.is_empty()
            && tag.len() <= 64
            && !tag.starts_with('-')
            && !tag.ends_with('-')
            && tag
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
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
        for bad in ["", "data governance", "ai!", "-x", "x-"] {
            assert!(Topic::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
