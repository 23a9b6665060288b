//! How long each kind of personal data is kept: the `DIALOGO_RETAIN_*` settings.

use chrono::TimeDelta;

use crate::config::error::ConfigError;
use crate::db::models::CONFIRMATION_WINDOW;

/// The retention periods, read with the other settings (README, "Retention").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `DIALOGO_RETAIN_REGISTRANTS_DAYS`: after an event ended, how long its registrants' and
    /// invitees' personal data is kept.
    pub registrants: TimeDelta,
    /// `DIALOGO_RETAIN_UNCONFIRMED_REGISTRATIONS_HOURS`: how long a registration never
    /// confirmed keeps its personal data, from its request; at least the confirmation window.
    pub unconfirmed_registrations: TimeDelta,
    /// `DIALOGO_RETAIN_UNCONFIRMED_SUBSCRIBERS_DAYS`: how long an address that never confirmed
    /// a subscription is kept.
    pub unconfirmed_subscribers: TimeDelta,
    /// `DIALOGO_RETAIN_MAILS_DAYS`: how long a sent or failed mail keeps its recipient.
    pub mails: TimeDelta,
    /// `DIALOGO_RETAIN_LINK_TOKENS_DAYS`: how long a used or expired link token is kept.
    pub link_tokens: TimeDelta,
    /// `DIALOGO_RETAIN_CONSENT_DAYS`: how long a former subscriber's consent record is kept
    /// after they unsubscribed.
    pub consent: TimeDelta,
}

impl Policy {
    /// Reads the periods through `number(variable, default, min, max)`, the settings' parser.
    pub fn parse(
        number: impl Fn(&'static str, &str, u64, u64) -> Result<u64, ConfigError>,
    ) -> Result<Self, ConfigError> {
        let days = |variable, default, min| {
            number(variable, default, min, 36_500).map(|n| TimeDelta::days(n as i64))
        };
        // An unconfirmed registration is kept at least as long as its confirmation link works.
        let confirmation_hours = CONFIRMATION_WINDOW.num_hours();
        Ok(Self {
            registrants: days("DIALOGO_RETAIN_REGISTRANTS_DAYS", "365", 0)?,
            unconfirmed_registrations: number(
                "DIALOGO_RETAIN_UNCONFIRMED_REGISTRATIONS_HOURS",
                &confirmation_hours.to_string(),
                confirmation_hours as u64,
                876_000,
            )
            .map(|n| TimeDelta::hours(n as i64))?,
            unconfirmed_subscribers: days("DIALOGO_RETAIN_UNCONFIRMED_SUBSCRIBERS_DAYS", "30", 1)?,
            mails: days("DIALOGO_RETAIN_MAILS_DAYS", "90", 1)?,
            link_tokens: days("DIALOGO_RETAIN_LINK_TOKENS_DAYS", "30", 0)?,
            consent: days("DIALOGO_RETAIN_CONSENT_DAYS", "1095", 0)?,
        })
    }
}
