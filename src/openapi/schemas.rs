//! Schemas of values many inputs share, each written once: the languages dialogo writes in,
//! ISO codes, IANA zones, topic tags, addresses, local times, list cursors and free text.
//!
//! Each says exactly what its parser accepts, so that a value the document allows is accepted
//! and one it forbids is refused. Fields and parameters refer to them with
//! `#[schema(value_type = …)]`, `#[param(value_type = …)]` or `schema_with = …`.

use std::borrow::Cow;

use serde_json::{Value, json};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::i18n::Locale;

fn schema(value: Value) -> Schema {
    serde_json::from_value(value).expect("a valid schema object")
}

/// Declares a named schema component built by a function.
macro_rules! component {
    ($(#[$doc:meta])* $name:ident => $build:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                RefOr::T($build)
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

/// The codes of the languages dialogo writes mails and pages in.
pub fn language_codes() -> Vec<&'static str> {
    Locale::ALL.iter().map(Locale::code).collect()
}

component!(
    /// A language dialogo writes mails and pages in.
    Language => schema(json!({
        "type": "string",
        "enum": language_codes(),
        "description": "A language dialogo writes mails and pages in."
    }))
);

component!(
    /// An ISO 639-1 code, lower case: a conference language.
    LanguageCode => schema(json!({
        "type": "string",
        "enum": isolang::languages().filter_map(|l| l.to_639_1()).collect::<Vec<_>>(),
        "description": "An ISO 639-1 language code, lower case."
    }))
);

component!(
    /// An ISO 3166-1 alpha-2 code, upper case.
    CountryCode => schema(json!({
        "type": "string",
        "enum": celes::Country::get_countries().iter().map(|c| c.alpha2).collect::<Vec<_>>(),
        "description": "An ISO 3166-1 alpha-2 country code, upper case."
    }))
);

component!(
    /// An IANA time zone of the bundled tz database.
    TimeZoneName => schema(json!({
        "type": "string",
        "enum": chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect::<Vec<_>>(),
        "description": "An IANA time zone, e.g. `Europe/Berlin`."
    }))
);

component!(
    /// A topic tag such as `e-governance`.
    TopicTag => schema(json!({
        "type": "string",
        "pattern": "^[a-z0-9]+(-+[a-z0-9]+)*$",
        "maxLength": 64,
        "description": "A topic tag: lower-case letters, digits and inner hyphens, e.g. `e-governance`."
    }))
);

component!(
    /// An email address.
    EmailAddress => schema(json!({
        "type": "string",
        "format": "email",
        "maxLength": 254,
        "description": "An email address without display name; its domain has a dot (or is `localhost`)."
    }))
);

component!(
    /// A wall-clock time in the event's zone, or an RFC 3339 time with the zone's offset.
    LocalTime => schema(json!({
        "type": "string",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$",
        "examples": ["2026-03-10T09:00"],
        "description": "A local time in the event's zone (`2026-03-10T09:00`), or an RFC 3339 time \
            whose offset is the zone's offset at that instant. Times that the zone skips or \
            repeats (daylight saving changes) are refused unless an offset says which."
    }))
);

component!(
    /// A time or a date (UTC) that a list is filtered by.
    Instant => schema(json!({
        "type": "string",
        "anyOf": [{"format": "date-time"}, {"format": "date"}],
        "examples": ["2026-03-01", "2026-03-01T12:00:00Z"],
        "description": "An RFC 3339 time, or a date such as `2026-03-01` (midnight UTC)."
    }))
);

component!(
    /// The `next_cursor` of a previous page.
    PageCursor => schema(json!({
        "type": "string",
        "pattern": crate::db::CURSOR_PATTERN,
        "description": "The `next_cursor` of the previous page; opaque to clients."
    }))
);

const NO_CONTROLS: &str = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F";
const NO_BREAKS: &str = "\\u0000-\\u001F\\u007F-\\u009F";

fn text_schema(max: usize, excluded: &str, required: bool) -> Schema {
    let pattern = if required {
        format!("^[^{excluded}]*[^\\s{excluded}][^{excluded}]*$")
    } else {
        format!("^[^{excluded}]*$")
    };
    let mut value = json!({"type": "string", "maxLength": max, "pattern": pattern});
    if !required {
        value["type"] = json!(["string", "null"]);
    }
    schema(value)
}

/// Text that must not be blank: at most `MAX` characters, line breaks and tabs allowed, no
/// other control characters.
pub fn text<const MAX: usize>() -> Schema {
    text_schema(MAX, NO_CONTROLS, true)
}

/// Like [`text`], but blank or `null` leaves the field empty.
pub fn optional_text<const MAX: usize>() -> Schema {
    text_schema(MAX, NO_CONTROLS, false)
}

/// One line of text that must not be blank (names, which go into mail headers).
pub fn line<const MAX: usize>() -> Schema {
    text_schema(MAX, NO_BREAKS, true)
}

/// Like [`line`], but blank or `null` leaves the field empty.
pub fn optional_line<const MAX: usize>() -> Schema {
    text_schema(MAX, NO_BREAKS, false)
}

/// A free-text query filter: at most `MAX` characters, no control characters; empty for none.
pub fn filter_text<const MAX: usize>() -> Schema {
    schema(json!({"type": "string", "maxLength": MAX, "pattern": format!("^[^{NO_CONTROLS}]*$")}))
}
