use std::fmt;
use std::str::FromStr;

use super::FieldError;

/// An ISO 3166-1 alpha-2 country code, upper case (`DE`, `MX`, `GE`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Country(String);

impl Country {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let code = value.trim().to_ascii_uppercase();
        let invalid = || {
            FieldError::new(
                "invalid_country",
                format!("{value:?} is not an ISO 3166-1 alpha-2 country code."),
            )
        };
        if code.len() != 2 {
            return Err(invalid());
        }
        let country = celes::Country::from_str(&code).map_err(|_| invalid())?;
        Ok(Self(country.alpha2.to_owned()))
    }

    pub fn code(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_to_upper_case() {
        assert_eq!(Country::parse("mx").unwrap().code(), "MX");
        assert_eq!(Country::parse("GE").unwrap().code(), "GE");
    }

    #[test]
    fn unknown_codes_names_and_alpha3_are_rejected() {
        for bad in ["XX", "DEU", "Germany", "", "D"] {
            assert_eq!(Country::parse(bad).unwrap_err().code, "invalid_country");
        }
    }
}
