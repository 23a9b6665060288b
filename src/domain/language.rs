use std::fmt;

use super::FieldError;

/// An ISO 639-1 language code, lower case (`de`, `en`, `es`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language(isolang::Language);

impl Language {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let code = value.trim().to_ascii_lowercase();
        isolang::Language::from_639_1(&code)
            .map(Self)
            .ok_or_else(|| {
                FieldError::new(
                    "invalid_language",
                    format!("{value:?} is not an ISO 639-1 language code."),
                )
            })
    }

    pub fn code(&self) -> &'static str {
        self.0.to_639_1().expect("built from a 639-1 code")
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_to_lower_case() {
        assert_eq!(Language::parse("ES").unwrap().code(), "es");
        assert_eq!(Language::parse("ka").unwrap().code(), "ka");
    }

    #[test]
    fn unknown_or_three_letter_codes_are_rejected() {
        for bad in ["xx", "deu", "", "english"] {
            assert_eq!(Language::parse(bad).unwrap_err().code, "invalid_language");
        }
    }
}
