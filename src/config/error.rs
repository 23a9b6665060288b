//! The error of a setting that cannot be used. A module of its own so that the parts that
//! read their own settings (the site's look, the organisation, the retention policy) can
//! name it without depending on the whole of the settings.

/// A setting that could not be used, naming the variable.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub reason: String,
}
