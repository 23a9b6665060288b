//! Query parameters of event lists.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::db::Cursor;
use crate::db::models::{EventFilter, EventStatus};
use crate::domain::{EventFormat, FieldError, Language, Topic, optional_text};
use crate::error::ApiError;
use crate::openapi::schemas::{Instant, LanguageCode, PageCursor, TopicTag, filter_text};
use crate::routes::paging::{parse_cursor, parse_limit};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Events ending after this time (RFC 3339 or `YYYY-MM-DD`, UTC). Public lists default
    /// to now, so they show what is coming; pass an earlier date for past events.
    #[param(value_type = Instant, required = false)]
    pub from: Option<String>,
    /// Events starting before this time (RFC 3339 or `YYYY-MM-DD`, UTC).
    #[param(value_type = Instant, required = false)]
    pub to: Option<String>,
    /// A topic tag, e.g. `e-governance`.
    #[param(value_type = TopicTag, required = false)]
    pub topic: Option<String>,
    /// A series name, exactly as on the events; empty for any.
    #[param(schema_with = filter_text::<200>, required = false)]
    pub series: Option<String>,
    /// A conference language.
    #[param(value_type = LanguageCode, required = false)]
    pub language: Option<String>,
    #[param(value_type = EventFormat, required = false)]
    pub format: Option<String>,
    /// Page size (default 20).
    #[param(value_type = i64, required = false, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    #[param(value_type = PageCursor, required = false)]
    pub cursor: Option<String>,
}

/// The status filter of admin lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// Only events in this status.
    #[param(value_type = EventStatus, required = false)]
    pub status: Option<String>,
}

/// A parsed list request.
pub struct ListRequest {
    pub filter: EventFilter,
    pub cursor: Option<Cursor>,
    pub limit: i64,
}

fn bad(field: &str, error: FieldError) -> ApiError {
    ApiError::bad_request(error.code, error.message).at(field)
}

impl ListQuery {
    pub fn parse(&self, statuses: Vec<EventStatus>) -> Result<ListRequest, ApiError> {
        let limit = parse_limit(self.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?;
        let cursor = parse_cursor(self.cursor.as_deref())?;
        let filter = EventFilter {
            statuses,
            from: self
                .from
                .as_deref()
                .map(|v| parse_instant(v).map_err(|e| bad("from", e)))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|v| parse_instant(v).map_err(|e| bad("to", e)))
                .transpose()?,
            topic: self
                .topic
                .as_deref()
                .map(|v| Topic::parse(v).map_err(|e| bad("topic", e)))
                .transpose()?,
            series: optional_text(self.series.as_deref(), 200).map_err(|e| bad("series", e))?,
            language: self
                .language
                .as_deref()
                .map(|v| Language::parse(v).map_err(|e| bad("language", e)))
                .transpose()?,
            format: self
                .format
                .as_deref()
                .map(|v| EventFormat::parse(v).map_err(|e| bad("format", e)))
                .transpose()?,
        };
        Ok(ListRequest {
            filter,
            cursor,
            limit,
        })
    }
}

impl StatusQuery {
    /// The statuses to list: the one asked for, or all.
    pub fn statuses(&self) -> Result<Vec<EventStatus>, ApiError> {
        match self.status.as_deref() {
            None => Ok(Vec::new()),
            Some(value) => EventStatus::parse(value).map(|s| vec![s]).ok_or_else(|| {
                bad(
                    "status",
                    FieldError::new(
                        "invalid_status",
                        "status must be draft, published or cancelled.",
                    ),
                )
            }),
        }
    }
}

/// An RFC 3339 time, or a date (midnight UTC), as list filters take it.
pub(crate) fn parse_instant(value: &str) -> Result<NaiveDateTime, FieldError> {
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Ok(time.naive_utc());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN))
        .map_err(|_| {
            FieldError::new(
                "invalid_datetime",
                "Use an RFC 3339 time or a date such as 2026-03-01.",
            )
        })
}
