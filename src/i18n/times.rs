//! Event times as each language writes them, by ICU4X from CLDR's data: the date ("Mittwoch,
//! 7. Oktober 2020"), the clock times, the zone's short name where the language has one
//! ("MESZ") and its offset ("GMT+2"). ICU4X has no interval format yet, so a span is put
//! together here from those pieces: one date and "start–end" within a day, both ends in full
//! across days, and each end with its own zone where the offset changes in between (DST).

use chrono::{DateTime, Datelike as _, NaiveDateTime, Offset as _, TimeZone as _, Timelike as _};
use chrono_tz::Tz;
use icu_datetime::fieldsets::zone::{LocalizedOffsetShort, Location, SpecificShort};
use icu_datetime::fieldsets::{T, YMDE};
use icu_datetime::input::{Date, DateTime as IcuDateTime, Time, UtcOffset};
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences, NoCalendarFormatter};
use icu_time::zone::{IanaParser, TimeZoneInfo, models::AtTime};

use super::Locale;

/// The formatters of one language, made once (making them looks up CLDR data).
pub(super) struct TimeFormats {
    date: DateTimeFormatter<YMDE>,
    clock: NoCalendarFormatter<T>,
    zone_name: NoCalendarFormatter<SpecificShort>,
    offset: NoCalendarFormatter<LocalizedOffsetShort>,
    location: NoCalendarFormatter<Location>,
}

impl TimeFormats {
    /// The formatters for `locale`'s conventions. The data is compiled in and falls back to
    /// CLDR's root for any locale, so making them cannot fail for want of data.
    pub(super) fn new(locale: &icu_locale_core::Locale) -> Self {
        let prefs = DateTimeFormatterPreferences::from(locale);
        Self {
            date: loaded(DateTimeFormatter::try_new(prefs, YMDE::long()), locale),
            clock: loaded(NoCalendarFormatter::try_new(prefs, T::hm()), locale),
            zone_name: loaded(NoCalendarFormatter::try_new(prefs, SpecificShort), locale),
            offset: loaded(
                NoCalendarFormatter::try_new(prefs, LocalizedOffsetShort),
                locale,
            ),
            location: loaded(NoCalendarFormatter::try_new(prefs, Location), locale),
        }
    }

    fn date(&self, at: &DateTime<Tz>) -> String {
        self.date.format(&icu_date(at)).to_string()
    }

    fn clock(&self, at: &DateTime<Tz>) -> String {
        self.clock.format(&icu_time(at)).to_string()
    }

    /// "MESZ (GMT+2)" where the language names the zone, else "GMT+2".
    fn zone(&self, at: &DateTime<Tz>) -> String {
        let zone = zone_at(at);
        let offset = self.offset.format(&zone).to_string();
        let name = self.zone_name.format(&zone).to_string();
        if name == offset {
            offset
        } else {
            format!("{name} ({offset})")
        }
    }

    /// "Georgien (Ortszeit) (GMT+4)": where the zone is and its offset, for a reader's own zone.
    fn place(&self, at: &DateTime<Tz>) -> String {
        let zone = zone_at(at);
        format!(
            "{} ({})",
            self.location.format(&zone),
            self.offset.format(&zone)
        )
    }
}

/// A formatter made from compiled data, which has every locale (falling back to CLDR's root).
pub(super) fn loaded<F, E: std::fmt::Display>(
    made: Result<F, E>,
    locale: &icu_locale_core::Locale,
) -> F {
    made.unwrap_or_else(|e| panic!("compiled CLDR data covers {locale}: {e}"))
}

fn icu_date(at: &DateTime<Tz>) -> Date<icu_calendar::Iso> {
    Date::try_new_iso(at.year(), at.month() as u8, at.day() as u8)
        .expect("a chrono date is a valid ISO date")
}

fn icu_time(at: &DateTime<Tz>) -> Time {
    Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0).expect("a chrono time is valid")
}

/// The zone of `at` as ICU4X knows it: its IANA id, its offset then and the moment (which
/// decides between summer and winter names).
fn zone_at(at: &DateTime<Tz>) -> TimeZoneInfo<AtTime> {
    let seconds = at.offset().fix().local_minus_utc();
    IanaParser::new()
        .parse(at.timezone().name())
        .with_offset(UtcOffset::try_from_seconds(seconds).ok())
        .at_date_time_iso(IcuDateTime {
            date: icu_date(at),
            time: icu_time(at),
        })
}

/// The event's time in its own zone, e.g. "Mittwoch, 7. Oktober 2020, 13:00–15:30 MESZ (GMT+2)".
pub fn format_event_time(
    locale: Locale,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    zone: Tz,
) -> String {
    format_span(locale.time_formats(), starts, ends, zone, Label::Zone, true)
}

/// One moment in `zone`, e.g. "Freitag, 2. Oktober 2030, 18:00 MESZ (GMT+2)".
pub fn format_moment(locale: Locale, at: NaiveDateTime, zone: Tz) -> String {
    let formats = locale.time_formats();
    let local = zone.from_utc_datetime(&at);
    format!(
        "{}, {} {}",
        formats.date(&local),
        formats.clock(&local),
        formats.zone(&local)
    )
}

/// The same span in the recipient's zone, e.g. "15:00–17:30 Georgien (Ortszeit) (GMT+4)";
/// the date is given only where it differs from the date in the event's zone.
pub fn format_in_recipient_zone(
    locale: Locale,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    event_zone: Tz,
    recipient_zone: Tz,
) -> String {
    let same_dates = |t: NaiveDateTime| {
        event_zone.from_utc_datetime(&t).date_naive()
            == recipient_zone.from_utc_datetime(&t).date_naive()
    };
    let with_date = !(same_dates(starts) && same_dates(ends));
    let formats = locale.time_formats();
    format_span(
        formats,
        starts,
        ends,
        recipient_zone,
        Label::Place,
        with_date,
    )
}

/// How a span names its zone: by the zone's own name (the event's), or by where it is (the
/// reader's).
#[derive(Clone, Copy)]
enum Label {
    Zone,
    Place,
}

fn format_span(
    formats: &TimeFormats,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    zone: Tz,
    label: Label,
    with_date: bool,
) -> String {
    let (start, end) = (
        zone.from_utc_datetime(&starts),
        zone.from_utc_datetime(&ends),
    );
    let zone_of = |at: &DateTime<Tz>| match label {
        Label::Zone => formats.zone(at),
        Label::Place => formats.place(at),
    };
    let same_offset = start.offset().fix() == end.offset().fix();
    let same_day = start.date_naive() == end.date_naive();
    let first_day = if with_date {
        format!("{}, ", formats.date(&start))
    } else {
        String::new()
    };
    let (from, to) = (formats.clock(&start), formats.clock(&end));
    let end_zone = zone_of(&end);
    match (same_day, same_offset) {
        (true, true) => format!("{first_day}{from}–{to} {end_zone}"),
        (true, false) => format!("{first_day}{from} {} – {to} {end_zone}", zone_of(&start)),
        (false, true) => format!(
            "{first_day}{from} – {}, {to} {end_zone}",
            formats.date(&end)
        ),
        (false, false) => format!(
            "{first_day}{from} {} – {}, {to} {end_zone}",
            zone_of(&start),
            formats.date(&end)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    fn locale(code: &str) -> Locale {
        Locale::parse(code).unwrap()
    }

    #[test]
    fn each_language_writes_the_date_its_own_way() {
        let (s, e) = (utc("2020-10-07T11:00"), utc("2020-10-07T13:30"));
        assert_eq!(
            format_event_time(locale("de"), s, e, BERLIN),
            "Mittwoch, 7. Oktober 2020, 13:00–15:30 MESZ (GMT+2)"
        );
        assert_eq!(
            format_event_time(locale("en"), s, e, BERLIN),
            "Wednesday, 7 October 2020, 13:00–15:30 CEST (GMT+2)"
        );
        assert_eq!(
            format_event_time(locale("es"), s, e, BERLIN),
            "miércoles, 7 de octubre de 2020, 13:00–15:30 CEST (GMT+2)"
        );
        assert_eq!(
            format_event_time(locale("fr"), s, e, BERLIN),
            "mercredi 7 octobre 2020, 13:00–15:30 UTC+2"
        );
        assert_eq!(
            format_event_time(locale("pt"), s, e, BERLIN),
            "quarta-feira, 7 de outubro de 2020, 13:00–15:30 GMT+2"
        );
    }

    #[test]
    fn the_recipients_zone_is_added_without_repeating_the_date() {
        let (s, e) = (utc("2020-10-07T11:00"), utc("2020-10-07T13:30"));
        assert_eq!(
            format_in_recipient_zone(locale("en"), s, e, BERLIN, chrono_tz::Asia::Tbilisi),
            "15:00–17:30 Georgia Time (GMT+4)"
        );
        assert_eq!(
            format_in_recipient_zone(locale("de"), s, e, BERLIN, chrono_tz::Pacific::Auckland),
            "Donnerstag, 8. Oktober 2020, 00:00–02:30 Neuseeland (Ortszeit) (GMT+13)"
        );
    }

    #[test]
    fn multi_day_events_name_both_days() {
        let bogota = chrono_tz::America::Bogota;
        assert_eq!(
            format_event_time(
                locale("es"),
                utc("2026-03-10T14:00"),
                utc("2026-03-11T22:30"),
                bogota
            ),
            "martes, 10 de marzo de 2026, 09:00 – miércoles, 11 de marzo de 2026, 17:30 GMT-5"
        );
    }

    #[test]
    fn events_across_a_dst_change_show_both_offsets() {
        assert_eq!(
            format_event_time(
                locale("de"),
                utc("2030-10-26T16:00"),
                utc("2030-10-27T11:00"),
                BERLIN
            ),
            "Samstag, 26. Oktober 2030, 18:00 MESZ (GMT+2) – Sonntag, 27. Oktober 2030, 12:00 MEZ (GMT+1)"
        );
    }

    #[test]
    fn mexico_city_is_utc_minus_six_all_year() {
        let mexico = chrono_tz::America::Mexico_City;
        assert_eq!(
            format_event_time(
                locale("es"),
                utc("2026-06-15T16:00"),
                utc("2026-06-15T23:00"),
                mexico
            ),
            "lunes, 15 de junio de 2026, 10:00–17:00 GMT-6"
        );
    }
}
