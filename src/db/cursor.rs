//! Keyset pagination: a page ends at a row's sort time and id, and the next page starts after
//! them. Stable while rows are added, unlike offsets. Clients treat cursors as opaque; their
//! form (`{microseconds since 1970}_{id as 32 hex digits}`) is nevertheless strict, so that the
//! OpenAPI document's pattern for it ([`CURSOR_PATTERN`]) says exactly which cursors are read.

use chrono::{DateTime, NaiveDateTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The sort time of the last row on the page (start of an event, creation of a mail).
    pub at: NaiveDateTime,
    pub id: String,
}

/// Every string this pattern matches is a cursor [`Cursor::decode`] reads, and no other.
pub const CURSOR_PATTERN: &str = "^-?[0-9]{1,16}_[0-9a-f]{32}$";

impl Cursor {
    pub fn new(at: NaiveDateTime, id: &str) -> Self {
        Self {
            at,
            id: id.to_owned(),
        }
    }

    pub fn encode(&self) -> String {
        let id = uuid::Uuid::try_parse(&self.id)
            .map_or_else(|_| self.id.clone(), |id| id.simple().to_string());
        format!("{}_{id}", self.at.and_utc().timestamp_micros())
    }

    /// `None` for anything not of the form [`CURSOR_PATTERN`] describes.
    pub fn decode(value: &str) -> Option<Self> {
        let (micros, id) = value.split_once('_')?;
        let digits = micros.strip_prefix('-').unwrap_or(micros);
        let well_formed = (1..=16).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && id.len() == 32
            && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !well_formed {
            return None;
        }
        Some(Self {
            at: DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc(),
            id: uuid::Uuid::try_parse(id).ok()?.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_tampering() {
        let at =
            NaiveDateTime::parse_from_str("2026-03-10T14:00:00.123456", "%Y-%m-%dT%H:%M:%S%.6f")
                .unwrap();
        let cursor = Cursor::new(at, "0190f0b8-7c1e-7000-8000-000000000000");
        assert_eq!(
            cursor.encode(),
            "1773151200123456_0190f0b87c1e70008000000000000000"
        );
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in [
            "not-a-cursor",
            "+1_0190f0b87c1e70008000000000000000",
            "1_0190F0B87C1E70008000000000000000",
            "1_0190f0b8-7c1e-7000-8000-000000000000",
            "12345678901234567_0190f0b87c1e70008000000000000000",
            "_0190f0b87c1e70008000000000000000",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
