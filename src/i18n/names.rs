//! Languages and countries named in the reader's language, from CLDR by ICU4X: a German reader
//! sees "Englisch" among an event's conference languages and "Georgien" among the countries,
//! which come in that language's alphabetical order ("Ägypten" among the A).

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_experimental::displaynames::{
    DisplayNamesOptions, DisplayNamesPreferences, LanguageDisplayNames, RegionDisplayNames,
};
use icu_locale_core::subtags::{Language, Region};

use super::times::loaded;

/// The names of one reader's language, looked up once.
pub(super) struct Names {
    languages: LanguageDisplayNames,
    countries: RegionDisplayNames,
    collator: CollatorBorrowed<'static>,
}

impl Names {
    /// The names in `locale`'s language. The data is compiled in and falls back to CLDR's
    /// root, so making them cannot fail for want of data.
    pub(super) fn new(locale: &icu_locale_core::Locale) -> Self {
        let prefs = DisplayNamesPreferences::from(locale);
        let options = DisplayNamesOptions::default();
        Self {
            languages: loaded(LanguageDisplayNames::try_new(prefs, options), locale),
            countries: loaded(RegionDisplayNames::try_new(prefs, options), locale),
            collator: loaded(
                Collator::try_new(
                    CollatorPreferences::from(locale),
                    CollatorOptions::default(),
                ),
                locale,
            ),
        }
    }

    /// The language of the ISO 639-1 `code` ("en" → "Englisch"), if CLDR names it.
    pub(super) fn language(&self, code: &str) -> Option<&str> {
        let language = Language::try_from_str(code).ok()?;
        self.languages.of(language)
    }

    /// The country of the ISO 3166-1 alpha-2 `code` ("GE" → "Georgien"), if CLDR names it.
    pub(super) fn country(&self, code: &str) -> Option<&str> {
        let region = Region::try_from_str(&code.to_ascii_uppercase()).ok()?;
        self.countries.of(region)
    }

    /// `a` against `b` in this language's alphabetical order.
    pub(super) fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Locale;

    #[test]
    fn languages_and_countries_are_named_in_the_readers_language() {
        let de = Locale::parse("de").unwrap();
        assert_eq!(de.language_name("en"), "Englisch");
        assert_eq!(de.country_name("GE"), "Georgien");
        let pt = Locale::parse("pt").unwrap();
        assert_eq!(pt.language_name("de"), "alemão");
        assert_eq!(pt.country_name("mx"), "México");
        let es = Locale::parse("es").unwrap();
        assert_eq!(es.language_name("en"), "inglés");
        assert_eq!(de.language_name("qq"), "qq", "no name: the code");
    }
}
