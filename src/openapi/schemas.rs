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

/// The schema `value` describes. Panics where utoipa's types would drop a keyword of it
/// (a schema built here must reach the document whole; the document's test builds them all).
fn schema(value: Value) -> Schema {
    let schema: Schema =
        serde_json::from_value(value.clone()).unwrap_or_else(|error| panic!("{error}: {value}"));
    let kept = serde_json::to_value(&schema).expect("a serializable schema");
    assert_eq!(kept, value, "a keyword of this schema was lost");
    schema
}

/// `YYYY-MM-DD` on a day of the calendar (29 February only as a parse-time check).
const DATE: &str = "[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))";
/// `HH:MM`, seconds and fractions optional where `seconds` says so.
const CLOCK: &str = "([01][0-9]|2[0-3]):[0-5][0-9]";
const OFFSET: &str = "([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";

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
    Locale::all().iter().map(Locale::code).collect()
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
    /// An action the audit log records, e.g. `event_published`.
    AuditAction => schema(json!({
        "type": "string",
        "enum": crate::audit::Action::ALL.iter().map(|a| a.names().0).collect::<Vec<_>>(),
        "description": "An action the audit log records."
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
        "pattern": "^[A-Za-z0-9]+(-+[A-Za-z0-9]+)*$",
        "maxLength": 64,
        "description": "A topic tag: letters, digits and inner hyphens, e.g. `e-governance`; letters are compared and stored in lower case."
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
        "pattern": format!("^{DATE}T{CLOCK}(:[0-5][0-9](\\.[0-9]{{1,9}})?)?{OFFSET}?$"),
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
        "pattern": format!("^{DATE}([Tt]{CLOCK}:[0-5][0-9](\\.[0-9]{{1,9}})?{OFFSET})?$"),
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

/// `true`, the only answer that lets the request through.
pub fn consent() -> Schema {
    schema(json!({"type": "boolean", "enum": [true]}))
}

fn blank() -> Value {
    json!({"type": "string", "pattern": "^\\s*$"})
}

/// A time zone, or blank or `null` for none.
pub fn optional_zone() -> Schema {
    schema(json!({"anyOf": [
        {"$ref": "#/components/schemas/TimeZoneName"}, blank(), {"type": "null"}
    ]}))
}

fn web_url_value() -> Value {
    json!({
        "type": "string",
        "maxLength": 2000,
        "pattern": "^https?://([A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*(:[0-9]{1,4})?(/[!-~]*)?$",
        "description": "An absolute http or https URL."
    })
}

/// An absolute http(s) URL, or blank or `null` for none.
pub fn optional_web_url() -> Schema {
    schema(json!({"anyOf": [web_url_value(), blank(), {"type": "null"}]}))
}

/// Whole hours before an event's start, at most 30 days.
pub fn reminder_hours() -> Schema {
    schema(json!({
        "type": "array",
        "maxItems": 10,
        "items": {"type": "integer", "minimum": 1, "maximum": 720},
        "examples": [[24, 1]]
    }))
}

/// The follow-up mail; `null` for none. A message, a link or both (a rule across the two
/// fields that the schema does not state).
pub fn follow_up() -> Schema {
    let message = serde_json::to_value(optional_text::<5000>()).expect("a schema");
    schema(json!({"anyOf": [{"type": "null"}, {
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "message": message,
            "url": {"anyOf": [web_url_value(), blank(), {"type": "null"}]},
            "hours_after_end": {"type": "integer", "minimum": 0, "maximum": 720, "default": 24}
        },
        "description": "Plain text (`message`) and/or a link (`url`), sent `hours_after_end` hours after the end."
    }]}))
}

/// A country code, or blank or `null` for none.
pub fn optional_country() -> Schema {
    schema(json!({"anyOf": [
        {"$ref": "#/components/schemas/CountryCode"}, blank(), {"type": "null"}
    ]}))
}

/// An address, or blank or `null` for none.
pub fn optional_email() -> Schema {
    schema(json!({"anyOf": [
        {"$ref": "#/components/schemas/EmailAddress"}, blank(), {"type": "null"}
    ]}))
}

/// A local time, or blank or `null` for none.
pub fn optional_local_time() -> Schema {
    schema(json!({"anyOf": [
        {"$ref": "#/components/schemas/LocalTime"}, blank(), {"type": "null"}
    ]}))
}

/// A telephone number: digits, spaces and `+-()/.`, at least three digits, at most 40
/// characters; blank or `null` for none.
pub fn optional_phone() -> Schema {
    schema(json!({"anyOf": [
        {"type": "string", "maxLength": 40,
         "pattern": "^\\s*[-+()/. ]*([0-9][-+()/. ]*){3,}\\s*$"},
        blank(), {"type": "null"}
    ]}))
}

/// A slug: lower-case letters and digits in words joined by hyphens, at most 100 characters,
/// not shaped like an id; blank or `null` to derive one from the title.
pub fn optional_slug() -> Schema {
    schema(json!({"anyOf": [
        {"type": "string", "maxLength": 100, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
         "description": "Not shaped like an id (8-4-4-4-12 hex digits)."},
        blank(), {"type": "null"}
    ]}))
}

/// A language of the mails, or blank or `null` for the default.
pub fn optional_language() -> Schema {
    schema(json!({"anyOf": [
        {"$ref": "#/components/schemas/Language"}, blank(), {"type": "null"}
    ]}))
}

/// A kind of organisation, or blank or `null` for none.
pub fn optional_organisation_type() -> Schema {
    schema(json!({"anyOf": [
        {"$ref": "#/components/schemas/OrganisationType"}, blank(), {"type": "null"}
    ]}))
}

/// Text per language dialogo writes in (`{"de": …, "en": …}`), at least one; one line each
/// unless `LINES`.
pub fn per_language<const MAX: usize, const LINES: bool>() -> Schema {
    let excluded = if LINES { NO_CONTROLS } else { NO_BREAKS };
    let text = serde_json::to_value(text_schema(MAX, excluded, true)).expect("a schema");
    let properties: serde_json::Map<String, Value> = language_codes()
        .into_iter()
        .map(|code| (code.to_owned(), text.clone()))
        .collect();
    schema(json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "minProperties": 1
    }))
}
