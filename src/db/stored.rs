//! Values kept as text that name one of a fixed set: statuses, formats and time zones. A row whose value
//! names none of them was not written by this code (a newer version's row after a downgrade, a
//! fix by hand), and reading it fails, as a deserialisation error that the caller logs and answers
//! with a 500, rather than taking a default: a cancelled event read as a draft, or a meeting time
//! in UTC, would mislead people quietly.
//!
//! Row types read such columns with `#[diesel(deserialize_as = String)]` and a `TryFrom<String>`
//! of the field's type that calls [`known`]; a nullable zone with [`NullableZone`].

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::{Nullable, Text};

use crate::domain::{EventFormat, TimeZone};

/// A stored value that names nothing this code knows.
#[derive(Debug, thiserror::Error)]
#[error("the stored {what} {value:?} is none that this version knows")]
pub struct UnknownStoredValue {
    /// What the value should have been, e.g. "registration status".
    pub what: &'static str,
    pub value: String,
}

/// `parse`'s reading of `value`, or an [`UnknownStoredValue`] naming `what` it should have been.
pub fn known<T>(
    what: &'static str,
    value: String,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, UnknownStoredValue> {
    parse(&value).ok_or(UnknownStoredValue { what, value })
}

impl TryFrom<String> for TimeZone {
    type Error = UnknownStoredValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        known("time zone", value, |v| TimeZone::parse(v).ok())
    }
}

impl TryFrom<String> for EventFormat {
    type Error = UnknownStoredValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        known("event format", value, |v| EventFormat::parse(v).ok())
    }
}

/// A nullable zone column as read, before it is checked: read a field of type
/// `Option<TimeZone>` with `#[diesel(deserialize_as = NullableZone)]`.
pub struct NullableZone(Option<String>);

impl<DB: Backend> Queryable<Nullable<Text>, DB> for NullableZone
where
    Option<String>: FromSql<Nullable<Text>, DB>,
{
    type Row = Option<String>;

    fn build(row: Self::Row) -> deserialize::Result<Self> {
        Ok(Self(row))
    }
}

impl TryFrom<NullableZone> for Option<TimeZone> {
    type Error = UnknownStoredValue;

    fn try_from(column: NullableZone) -> Result<Self, Self::Error> {
        column.0.map(TimeZone::try_from).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_zone_is_read_and_an_unknown_one_is_an_error_naming_it() {
        let berlin = TimeZone::try_from("Europe/Berlin".to_owned()).unwrap();
        assert_eq!(berlin.name(), "Europe/Berlin");
        let error = TimeZone::try_from("Mars/Olympus_Mons".to_owned()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the stored time zone \"Mars/Olympus_Mons\" is none that this version knows"
        );
    }
}
