use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone as _, Utc};

use super::{FieldError, TimeZone};

/// A wall-clock time in an event's zone, resolved to one instant.
///
/// Coordinators write times as they appear on the programme (`2020-10-07T13:00` in
/// `Europe/Berlin`). A time that falls into a spring-forward gap does not exist and is refused;
/// one in a fall-back overlap happens twice and is refused unless an explicit offset says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDateTime {
    utc: NaiveDateTime,
}

const LOCAL_FORMATS: [&str; 3] = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
];

impl LocalDateTime {
    pub fn parse(value: &str, zone: TimeZone) -> Result<Self, FieldError> {
        let value = value.trim();
        if let Some(naive) = LOCAL_FORMATS
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
        {
            return Self::from_wall_clock(naive, zone);
        }
        let with_offset = DateTime::parse_from_rfc3339(value).map_err(|_| {
            FieldError::new(
                "invalid_datetime",
                format!(
                    "{value:?} is not a local time such as \"2020-10-07T13:00\" \
                     or an RFC 3339 time with offset."
                ),
            )
        })?;
        Self::from_offset_time(with_offset, zone)
    }

    fn from_wall_clock(naive: NaiveDateTime, zone: TimeZone) -> Result<Self, FieldError> {
        match zone.tz().from_local_datetime(&naive) {
            LocalResult::Single(local) => Ok(Self {
                utc: local.naive_utc(),
            }),
            LocalResult::None => Err(FieldError::new(
                "nonexistent_local_time",
                format!(
                    "{naive} does not exist in {zone}: the clocks skip it when daylight saving \
                     time begins."
                ),
            )),
            LocalResult::Ambiguous(first, second) => Err(FieldError::new(
                "ambiguous_local_time",
                format!(
                    "{naive} happens twice in {zone} (UTC{} and UTC{}) when the clocks go back; \
                     give the offset explicitly, e.g. \"{}\".",
                    first.format("%:z"),
                    second.format("%:z"),
                    first.format("%Y-%m-%dT%H:%M:%S%:z"),
                ),
            )),
        }
    }

    fn from_offset_time(time: DateTime<FixedOffset>, zone: TimeZone) -> Result<Self, FieldError> {
        let in_zone = time.with_timezone(&zone.tz());
        if in_zone.fixed_offset().offset() != time.offset() {
            return Err(FieldError::new(
                "offset_mismatch",
                format!(
                    "The offset {} is not the offset of {zone} at that time ({}).",
                    time.format("%:z"),
                    in_zone.format("%:z")
                ),
            ));
        }
        Ok(Self {
            utc: time.naive_utc(),
        })
    }

    pub fn utc(&self) -> NaiveDateTime {
        self.utc
    }
}

/// `2020-10-07T13:00:00+02:00`: the instant as local time in `zone`, with its offset.
pub fn format_local(utc: NaiveDateTime, zone: chrono_tz::Tz) -> String {
    zone.from_utc_datetime(&utc)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The instant as coordinators write it: the wall-clock time in `zone` (`2020-10-07T13:00:00`),
/// with the offset only where the wall-clock time alone would be ambiguous.
pub fn format_wall_clock(utc: NaiveDateTime, zone: chrono_tz::Tz) -> String {
    let local = zone.from_utc_datetime(&utc);
    match zone.from_local_datetime(&local.naive_local()) {
        LocalResult::Single(_) => local.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
        _ => local.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string(),
    }
}

/// `2020-10-07T11:00:00Z`.
pub fn format_utc(utc: NaiveDateTime) -> String {
    Utc.from_utc_datetime(&utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> TimeZone {
        TimeZone::parse(name).unwrap()
    }

    fn utc_of(value: &str, zone_name: &str) -> Result<String, &'static str> {
        LocalDateTime::parse(value, zone(zone_name))
            .map(|t| format_utc(t.utc()))
            .map_err(|e| e.code)
    }

    #[test]
    fn berlin_summer_time_is_two_hours_ahead() {
        assert_eq!(
            utc_of("2020-10-07T13:00", "Europe/Berlin"),
            Ok("2020-10-07T11:00:00Z".into())
        );
    }

    #[test]
    fn mexico_city_has_no_daylight_saving_since_2022() {
        assert_eq!(
            utc_of("2026-06-15T10:00", "America/Mexico_City"),
            Ok("2026-06-15T16:00:00Z".into())
        );
    }

    #[test]
    fn spring_forward_gap_is_rejected() {
        assert_eq!(
            utc_of("2026-03-29T02:30", "Europe/Berlin"),
            Err("nonexistent_local_time")
        );
    }

    #[test]
    fn fall_back_overlap_needs_an_offset() {
        assert_eq!(
            utc_of("2026-10-25T02:30", "Europe/Berlin"),
            Err("ambiguous_local_time")
        );
        assert_eq!(
            utc_of("2026-10-25T02:30:00+01:00", "Europe/Berlin"),
            Ok("2026-10-25T01:30:00Z".into())
        );
        assert_eq!(
            utc_of("2026-10-25T02:30:00+02:00", "Europe/Berlin"),
            Ok("2026-10-25T00:30:00Z".into())
        );
    }

    #[test]
    fn an_offset_that_is_not_the_zones_is_rejected() {
        assert_eq!(
            utc_of("2020-10-07T13:00:00+01:00", "Europe/Berlin"),
            Err("offset_mismatch")
        );
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(
            utc_of("next tuesday", "Europe/Berlin"),
            Err("invalid_datetime")
        );
        assert_eq!(
            utc_of("2020-13-07T13:00", "Europe/Berlin"),
            Err("invalid_datetime")
        );
    }

    #[test]
    fn wall_clock_times_carry_an_offset_only_when_ambiguous() {
        let berlin = chrono_tz::Europe::Berlin;
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(
            format_wall_clock(at("2020-10-07T11:00"), berlin),
            "2020-10-07T13:00:00"
        );
        assert_eq!(
            format_wall_clock(at("2026-10-25T00:30"), berlin),
            "2026-10-25T02:30:00+02:00"
        );
    }

    #[test]
    fn local_formatting_carries_the_offset() {
        let berlin = chrono_tz::Europe::Berlin;
        let utc = NaiveDateTime::parse_from_str("2020-10-07T11:00", "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(format_local(utc, berlin), "2020-10-07T13:00:00+02:00");
    }
}
