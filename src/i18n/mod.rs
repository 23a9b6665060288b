//! The languages mails and pages are written in, their texts, and how each writes dates.
//!
//! The languages are data: each directory under `locales/` is one, with its messages in Fluent
//! files (see README, "Adding a language"). A [`Locale`] is a handle to one of them; its
//! [`Locale::text`] and [`Locale::text_with`] give messages by id.

mod catalog;
#[cfg(test)]
mod catalog_tests;
mod message_args;
mod names;
mod overrides;
mod times;

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

pub use fluent_bundle::FluentValue;
pub use overrides::Overrides;
pub use times::{format_event_time, format_in_recipient_zone, format_moment};

use catalog::{CATALOGS, Catalog, REFERENCE};
#[cfg(test)]
pub(crate) use catalog_tests::reference as reference_messages;

use crate::domain::FieldError;

/// A language dialogo speaks to people in: one of the directories under `locales/`.
#[derive(Clone, Copy)]
pub struct Locale(&'static Catalog);

/// Every supported language, in the order of their codes.
static ALL: LazyLock<Vec<Locale>> = LazyLock::new(|| CATALOGS.iter().map(Locale).collect());

impl Locale {
    /// Every supported language, in the order of their codes.
    pub fn all() -> &'static [Locale] {
        &ALL
    }

    /// The language spoken where no other applies (English).
    pub fn fallback() -> Self {
        Self::find(REFERENCE).expect("locales/en exists")
    }

    /// The supported language with this code (case and surrounding spaces ignored); any other is
    /// refused with the list of those supported.
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        Self::find(&value.trim().to_ascii_lowercase()).ok_or_else(|| {
            let supported = Self::all()
                .iter()
                .map(Locale::code)
                .collect::<Vec<_>>()
                .join(", ");
            FieldError::new(
                "unsupported_language",
                format!("{value:?} is not one of {supported}."),
            )
        })
    }

    fn find(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|l| l.code() == code)
    }

    /// The ISO 639-1 code, e.g. `de`.
    pub fn code(&self) -> &'static str {
        self.0.code
    }

    /// The message `id` in this language.
    pub fn text(&self, id: &str) -> String {
        self.0.format(id, None)
    }

    /// The message `id` in this language, its `{ $name }` arguments filled from `args`.
    pub fn text_with(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.0.format(id, Some(&catalog::args(args)))
    }

    /// The file `name` of this language's directory under `locales/` (such as its built-in
    /// privacy notice), if it has one.
    pub fn document(&self, name: &str) -> Option<&'static str> {
        catalog::document(self.code(), name)
    }

    /// The language of the ISO 639-1 `code` named in this language ("en" → "Englisch"), or
    /// the code where CLDR has no name for it.
    pub fn language_name(&self, code: &str) -> String {
        self.names().language(code).unwrap_or(code).to_owned()
    }

    /// The country of the ISO 3166-1 alpha-2 `code` named in this language ("GE" →
    /// "Georgien"), or the code where CLDR has no name for it.
    pub fn country_name(&self, code: &str) -> String {
        self.names().country(code).unwrap_or(code).to_owned()
    }

    /// `a` against `b` in this language's alphabetical order (CLDR's collation: "Ägypten"
    /// before "Albanien" in German).
    pub fn compare_names(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.names().compare(a, b)
    }

    fn names(&self) -> &'static names::Names {
        self.0
            .names
            .get_or_init(|| names::Names::new(&self.formatting_locale()))
    }

    fn time_formats(&self) -> &'static times::TimeFormats {
        self.0
            .times
            .get_or_init(|| times::TimeFormats::new(&self.formatting_locale()))
    }

    /// The CLDR locale whose conventions this language's dates and names follow: its message
    /// `formatting-locale` (e.g. `en-GB`), else its code.
    fn formatting_locale(&self) -> icu_locale_core::Locale {
        let code = self.code();
        self.text("formatting-locale")
            .parse()
            .or_else(|_| code.parse())
            .unwrap_or_else(|e| panic!("locales/{code} is no CLDR locale: {e}"))
    }
}

impl PartialEq for Locale {
    fn eq(&self, other: &Self) -> bool {
        self.code() == other.code()
    }
}

impl Eq for Locale {}

impl Hash for Locale {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.code().hash(state);
    }
}

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Locale({})", self.code())
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
