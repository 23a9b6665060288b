//! Event times as each language writes them, with the zone's abbreviation and UTC offset:
//! "Mittwoch, 7. Oktober 2020, 13:00–15:30 Uhr MESZ (UTC+2)".

use chrono::{DateTime, NaiveDateTime, Offset as _, TimeZone as _};
use chrono_tz::{OffsetName as _, Tz};

use super::Locale;

/// How a language writes a date, and what follows a time of day.
fn date_pattern(locale: Locale) -> (&'static str, &'static str) {
    match locale.code() {
        "de" => ("%A, %-d. %B %Y", " Uhr"),
        "es" | "pt" => ("%A, %-d de %B de %Y", ""),
        "fr" => ("%A %-d %B %Y", ""),
        _ => ("%A, %-d %B %Y", ""),
    }
}

fn date(locale: Locale, at: &DateTime<Tz>) -> String {
    at.format_localized(date_pattern(locale).0, locale.chrono_locale())
        .to_string()
}

fn clock(at: &DateTime<Tz>) -> String {
    at.format("%H:%M").to_string()
}

/// "MESZ (UTC+2)", "COT (UTC−5)", "(UTC+4)" where the zone has no letters for itself.
fn zone_label(locale: Locale, at: &DateTime<Tz>, name: Option<&str>) -> String {
    let offset = utc_offset(at);
    let abbreviation = at.offset().abbreviation().unwrap_or("");
    let abbreviation = match (locale.code(), abbreviation) {
        ("de", "CET") => "MEZ",
        ("de", "CEST") => "MESZ",
        (_, a) if a.starts_with(['+', '-']) => "",
        (_, a) => a,
    };
    match (name, abbreviation) {
        (Some(name), _) => format!("{name} ({offset})"),
        (None, "") => format!("({offset})"),
        (None, a) => format!("{a} ({offset})"),
    }
}

/// "UTC+2", "UTC−5", "UTC+5:30", "UTC±0".
fn utc_offset(at: &DateTime<Tz>) -> String {
    let seconds = at.offset().fix().local_minus_utc();
    let sign = match seconds {
        0 => "±",
        s if s < 0 => "\u{2212}",
        _ => "+",
    };
    let (hours, minutes) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    if minutes == 0 {
        format!("UTC{sign}{hours}")
    } else {
        format!("UTC{sign}{hours}:{minutes:02}")
    }
}

/// The event's time in its own zone.
pub fn format_event_time(
    locale: Locale,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    zone: Tz,
) -> String {
    format_span(locale, starts, ends, zone, None, true)
}

/// One moment in `zone`, e.g. "Freitag, 2. Oktober 2030, 18:00 Uhr MESZ (UTC+2)".
pub fn format_moment(locale: Locale, at: NaiveDateTime, zone: Tz) -> String {
    let local = zone.from_utc_datetime(&at);
    format!(
        "{}, {}{} {}",
        date(locale, &local),
        clock(&local),
        date_pattern(locale).1,
        zone_label(locale, &local, None)
    )
}

/// The same span in the recipient's zone, e.g. "15:00–17:30 Uhr Asia/Tbilisi (UTC+4)"; the
/// date is given only where it differs from the date in the event's zone.
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
    format_span(
        locale,
        starts,
        ends,
        recipient_zone,
        Some(recipient_zone.name()),
        with_date,
    )
}

fn format_span(
    locale: Locale,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    zone: Tz,
    zone_name: Option<&str>,
    with_date: bool,
) -> String {
    let (start, end) = (
        zone.from_utc_datetime(&starts),
        zone.from_utc_datetime(&ends),
    );
    let suffix = date_pattern(locale).1;
    let same_offset = start.offset().fix() == end.offset().fix();
    let same_day = start.date_naive() == end.date_naive();
    let (start_label, end_label) = (
        zone_label(locale, &start, zone_name),
        zone_label(locale, &end, zone_name),
    );
    let day = |at: &DateTime<Tz>| {
        if with_date {
            format!("{}, ", date(locale, at))
        } else {
            String::new()
        }
    };
    match (same_day, same_offset) {
        (true, true) => format!(
            "{}{}–{}{suffix} {end_label}",
            day(&start),
            clock(&start),
            clock(&end)
        ),
        (true, false) => format!(
            "{}{}{suffix} {start_label} – {}{suffix} {end_label}",
            day(&start),
            clock(&start),
            clock(&end)
        ),
        (false, true) => format!(
            "{}{}{suffix} – {}{}{suffix} {end_label}",
            day(&start),
            clock(&start),
            day_always(locale, &end),
            clock(&end)
        ),
        (false, false) => format!(
            "{}{}{suffix} {start_label} – {}{}{suffix} {end_label}",
            day(&start),
            clock(&start),
            day_always(locale, &end),
            clock(&end)
        ),
    }
}

/// The end of a multi-day span always names its day.
fn day_always(locale: Locale, at: &DateTime<Tz>) -> String {
    format!("{}, ", date(locale, at))
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
            "Mittwoch, 7. Oktober 2020, 13:00–15:30 Uhr MESZ (UTC+2)"
        );
        assert_eq!(
            format_event_time(locale("en"), s, e, BERLIN),
            "Wednesday, 7 October 2020, 13:00–15:30 CEST (UTC+2)"
        );
        assert_eq!(
            format_event_time(locale("es"), s, e, BERLIN),
            "miércoles, 7 de octubre de 2020, 13:00–15:30 CEST (UTC+2)"
        );
        assert_eq!(
            format_event_time(locale("fr"), s, e, BERLIN),
            "mercredi 7 octobre 2020, 13:00–15:30 CEST (UTC+2)"
        );
        assert_eq!(
            format_event_time(locale("pt"), s, e, BERLIN),
            "quarta, 7 de outubro de 2020, 13:00–15:30 CEST (UTC+2)"
        );
    }

    #[test]
    fn the_recipients_zone_is_added_without_repeating_the_date() {
        let (s, e) = (utc("2020-10-07T11:00"), utc("2020-10-07T13:30"));
        assert_eq!(
            format_in_recipient_zone(locale("en"), s, e, BERLIN, chrono_tz::Asia::Tbilisi),
            "15:00–17:30 Asia/Tbilisi (UTC+4)"
        );
        assert_eq!(
            format_in_recipient_zone(locale("de"), s, e, BERLIN, chrono_tz::Pacific::Auckland),
            "Donnerstag, 8. Oktober 2020, 00:00–02:30 Uhr Pacific/Auckland (UTC+13)"
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
            "martes, 10 de marzo de 2026, 09:00 – miércoles, 11 de marzo de 2026, 17:30 (UTC\u{2212}5)"
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
            "Samstag, 26. Oktober 2030, 18:00 Uhr MESZ (UTC+2) – Sonntag, 27. Oktober 2030, 12:00 Uhr MEZ (UTC+1)"
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
            "lunes, 15 de junio de 2026, 10:00–17:00 CST (UTC\u{2212}6)"
        );
    }
}
