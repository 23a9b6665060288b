use std::fmt;

use super::FieldError;

/// An IANA time zone known to the bundled tz database (`Europe/Berlin`, `America/Mexico_City`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        value
            .trim()
            .parse::<chrono_tz::Tz>()
            .map(Self)
            .map_err(|_| {
                FieldError::new(
                    "invalid_timezone",
                    format!("{value:?} is not an IANA time zone such as \"Europe/Berlin\"."),
                )
            })
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_are_accepted() {
        assert_eq!(
            TimeZone::parse("America/Mexico_City").unwrap().name(),
            "America/Mexico_City"
        );
    }

    #[test]
    fn unknown_names_and_offsets_are_rejected() {
        for bad in ["Europe/Atlantis", "", "+02:00", "CEST"] {
            assert_eq!(TimeZone::parse(bad).unwrap_err().code, "invalid_timezone");
        }
    }
}
