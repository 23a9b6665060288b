//! Keyset pagination: a page ends at a row's sort time and id, and the next page starts after
//! them. Stable while rows are added, unlike offsets; opaque to clients.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The sort time of the last row on the page (start of an event, creation of a mail).
    pub at: NaiveDateTime,
    pub id: String,
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

impl Cursor {
    pub fn new(at: NaiveDateTime, id: &str) -> Self {
        Self {
            at,
            id: id.to_owned(),
        }
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}", self.at.format(TIME_FORMAT), self.id))
    }

    /// `None` for anything this API did not issue.
    pub fn decode(value: &str) -> Option<Self> {
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(value).ok()?).ok()?;
        let (time, id) = raw.split_once('|')?;
        uuid::Uuid::try_parse(id).ok()?;
        Some(Self {
            at: NaiveDateTime::parse_from_str(time, TIME_FORMAT).ok()?,
            id: id.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_tampering() {
        let at = NaiveDateTime::parse_from_str("2026-03-10T14:00:00.123456", TIME_FORMAT).unwrap();
        let cursor = Cursor::new(at, "0190f0b8-7c1e-7000-8000-000000000000");
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("not-a-cursor"), None);
        assert_eq!(Cursor::decode(&URL_SAFE_NO_PAD.encode("x|y")), None);
    }
}
