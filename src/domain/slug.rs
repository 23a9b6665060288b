use std::fmt;

use super::FieldError;

/// A URL-friendly name for an event: lower-case ASCII letters and digits in hyphen-separated
/// words. Never shaped like a UUID, so `/events/{id-or-slug}` is never ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

/// Longest slug accepted; generated slugs are cut to leave room for a `-N` suffix.
pub const MAX_SLUG_LEN: usize = 100;
const GENERATED_SLUG_LEN: usize = 80;

impl Slug {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let value = value.trim();
        let well_formed = !value.is_empty()
            && value.len() <= MAX_SLUG_LEN
            && value.split('-').all(|word| {
                !word.is_empty()
                    && word
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !well_formed {
            return Err(FieldError::new(
                "invalid_slug",
                "A slug is 1 to 100 lower-case letters and digits in words joined by hyphens.",
            ));
        }
        if uuid::Uuid::try_parse(value).is_ok() {
            return Err(FieldError::new(
                "invalid_slug",
                "A slug must not look like an id.",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// Derives a slug from a title, transliterating letters such as ä, ñ or é to ASCII.
    pub fn from_title(title: &str) -> Self {
        let mut slug = slug::slugify(title);
        if slug.len() > GENERATED_SLUG_LEN {
            let cut = slug[..GENERATED_SLUG_LEN]
                .rfind('-')
                .unwrap_or(GENERATED_SLUG_LEN);
            slug.truncate(cut);
        }
        if slug.is_empty() {
            slug.push_str("event");
        }
        Self(slug)
    }

    /// The `n`-th alternative when this slug is taken: `title-2`, `title-3`, ...
    pub fn with_suffix(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_transliterated() {
        assert_eq!(
            Slug::from_title("Diálogo digital: Städte & Señales élite").as_str(),
            "dialogo-digital-stadte-senales-elite"
        );
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        let slug = Slug::from_title(&"municipal ".repeat(20));
        assert!(slug.as_str().len() <= 80);
        assert!(!slug.as_str().ends_with('-'));
        assert!(Slug::parse(slug.as_str()).is_ok());
    }

    #[test]
    fn titles_without_letters_still_get_a_slug() {
        assert_eq!(Slug::from_title("!!!").as_str(), "event");
    }

    #[test]
    fn malformed_slugs_are_rejected() {
        for bad in [
            "",
            "Upper",
            "two--hyphens",
            "-lead",
            "trail-",
            "sp ace",
            "ä",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(Slug::parse("0190f0b8-7c1e-7000-8000-000000000000").is_err());
        assert!(Slug::parse("digital-alliance-days-2026").is_ok());
    }
}
