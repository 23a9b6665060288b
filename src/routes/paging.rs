//! The `limit` and `cursor` query parameters every list shares.

use crate::db::Cursor;
use crate::error::ApiError;

/// `limit` from 1 to `max` (digits only, as the document's integer), `default` when absent.
pub fn parse_limit(raw: Option<&str>, default: i64, max: i64) -> Result<i64, ApiError> {
    match raw {
        None => Ok(default),
        Some(raw) => Some(raw)
            .filter(|raw| !raw.starts_with('+'))
            .and_then(|raw| raw.parse::<i64>().ok())
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request("invalid_limit", format!("limit must be from 1 to {max}."))
                    .at("limit")
            }),
    }
}

/// A `cursor` this API issued, or none.
pub fn parse_cursor(raw: Option<&str>) -> Result<Option<Cursor>, ApiError> {
    match raw {
        None => Ok(None),
        Some(raw) => Cursor::decode(raw).map(Some).ok_or_else(|| {
            ApiError::bad_request("invalid_cursor", "This cursor was not issued by this API.")
                .at("cursor")
        }),
    }
}
