//! The languages mails and pages are written in, their texts, and how each writes dates.

mod invitation_strings;
mod link_strings;
mod newsletter_strings;
mod schedule_strings;
mod strings;
mod times;

use std::fmt;

pub use invitation_strings::InvitationStrings;
pub use link_strings::LinkStrings;
pub use newsletter_strings::NewsletterStrings;
pub use schedule_strings::ScheduleStrings;
pub use strings::Strings;
pub use times::{format_event_time, format_in_recipient_zone, format_moment};

use crate::domain::FieldError;

/// A language dialogo speaks to people in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    De,
    En,
    Es,
    Fr,
}

impl Locale {
    pub const ALL: [Locale; 4] = [Locale::De, Locale::En, Locale::Es, Locale::Fr];

    pub fn parse(value: &str) -> Result<Self, FieldError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "de" => Ok(Self::De),
            "en" => Ok(Self::En),
            "es" => Ok(Self::Es),
            "fr" => Ok(Self::Fr),
            _ => Err(FieldError::new(
                "unsupported_language",
                format!("{value:?} is not one of de, en, es, fr."),
            )),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::De => "de",
            Self::En => "en",
            Self::Es => "es",
            Self::Fr => "fr",
        }
    }

    /// The texts in this language.
    pub fn strings(&self) -> &'static Strings {
        match self {
            Self::De => &strings::DE,
            Self::En => &strings::EN,
            Self::Es => &strings::ES,
            Self::Fr => &strings::FR,
        }
    }

    /// The newsletter's texts in this language.
    pub fn newsletter(&self) -> &'static NewsletterStrings {
        match self {
            Self::De => &newsletter_strings::DE,
            Self::En => &newsletter_strings::EN,
            Self::Es => &newsletter_strings::ES,
            Self::Fr => &newsletter_strings::FR,
        }
    }

    /// The texts of invitations in this language.
    pub fn invitation(&self) -> &'static InvitationStrings {
        match self {
            Self::De => &invitation_strings::DE,
            Self::En => &invitation_strings::EN,
            Self::Es => &invitation_strings::ES,
            Self::Fr => &invitation_strings::FR,
        }
    }

    /// What link pages say when a link does not work, in this language.
    pub fn links(&self) -> &'static LinkStrings {
        match self {
            Self::De => &link_strings::DE,
            Self::En => &link_strings::EN,
            Self::Es => &link_strings::ES,
            Self::Fr => &link_strings::FR,
        }
    }

    fn chrono_locale(&self) -> chrono::Locale {
        match self {
            Self::De => chrono::Locale::de_DE,
            Self::En => chrono::Locale::en_GB,
            Self::Es => chrono::Locale::es_ES,
            Self::Fr => chrono::Locale::fr_FR,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
