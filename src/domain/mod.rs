//! Validated domain types. Each is built by a `parse` constructor that either returns a value
//! known to be valid or a [`FieldError`] naming what is wrong, so code past the edges of the
//! application never re-checks its inputs.

mod contact;
mod country;
mod email;
mod event_format;
pub mod json_object;
mod language;
mod local_time;
mod organisation_type;
mod slug;
mod text;
mod timezone;
mod topic;
mod web_url;

pub use contact::Contact;
pub use country::Country;
pub use email::Email;
pub use event_format::EventFormat;
pub use language::Language;
pub use local_time::{LocalDateTime, format_local, format_utc, format_wall_clock};
pub use organisation_type::OrganisationType;
pub use slug::Slug;
pub use text::{optional_text, required_text};
pub use timezone::TimeZone;
pub use topic::Topic;
pub use web_url::WebUrl;

/// Why a value was rejected. The caller attaches the path of the field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Stable, machine-readable reason, e.g. `invalid_email`.
    pub code: &'static str,
    /// A sentence for humans.
    pub message: String,
}

impl FieldError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}
