//! Times as the console's tables show them: written out in the reader's language and in UTC
//! (staff accounts have no zone of their own, and the log and the outbox keep UTC), with the
//! exact instant for machines in `<time datetime>`.

use chrono::NaiveDateTime;

use crate::domain::format_utc;
use crate::i18n::{Locale, format_moment};

/// One instant as a `<time>` element shows it.
pub struct Moment {
    /// RFC 3339, for the `datetime` attribute.
    pub iso: String,
    /// For people, e.g. "Thursday 3 December 2026, 15:44 UTC".
    pub text: String,
}

/// `at` (naive UTC) for a reader of `t`.
pub fn moment(t: Locale, at: NaiveDateTime) -> Moment {
    Moment {
        iso: format_utc(at),
        text: format_moment(t, at, chrono_tz::UTC),
    }
}

/// An instant already written as [`format_utc`] writes it (as the exports hold them) for a
/// reader of `t`; anything else is shown as it is.
pub fn moment_of(t: Locale, iso: &str) -> Moment {
    match NaiveDateTime::parse_from_str(iso, "%Y-%m-%dT%H:%M:%SZ") {
        Ok(at) => moment(t, at),
        Err(_) => Moment {
            iso: iso.to_owned(),
            text: iso.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_is_written_out_in_the_readers_language_with_its_instant() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(15, 44, 0)
            .unwrap();
        let de = moment(Locale::parse("de").unwrap(), at);
        assert_eq!(de.iso, format_utc(at));
        assert!(de.text.contains("Dezember 2026"), "{}", de.text);
        assert!(de.text.contains("15:44"), "{}", de.text);
        assert_eq!(
            moment_of(Locale::parse("de").unwrap(), &de.iso).text,
            de.text
        );
    }
}
