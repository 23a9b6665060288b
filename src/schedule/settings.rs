//! Per-event scheduling settings: when the access link goes out, reminder offsets, follow-up.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::due::LOOKAHEAD;
use super::plan::{DEFAULT_REMINDER_HOURS, EventPlan};
use chrono::NaiveDateTime;

use crate::db::models::Event;
use crate::domain::{FieldError, WebUrl, optional_text};
use crate::error::ApiError;

const MAX_REMINDERS: usize = 10;

/// `PUT …/schedule` input and the answer of `GET`/`PUT …/schedule`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSettings {
    /// `null`: confirmed registrants get the online access link with their confirmation.
    /// A number: it goes out that many hours before the start to everyone confirmed by then
    /// (and with the confirmation to anyone confirmed later).
    #[serde(default)]
    #[schema(example = 48, minimum = 1, maximum = 720)]
    pub access_link_hours_before: Option<i32>,
    /// Reminders to confirmed registrants, in whole hours before the start; default `[24, 1]`.
    #[serde(default = "default_reminders")]
    #[schema(schema_with = crate::openapi::schemas::reminder_hours)]
    pub reminder_hours_before: Vec<i32>,
    /// A mail to confirmed registrants after the event, sent once; `null` for none.
    #[serde(default)]
    #[schema(schema_with = crate::openapi::schemas::follow_up)]
    pub follow_up: Option<FollowUp>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// Plain text shown in the mail, e.g. thanks and where to find the recording.
    pub message: Option<String>,
    /// A link, e.g. to the slides.
    pub url: Option<String>,
    /// Hours after the end; default 24.
    #[serde(default = "default_follow_up_hours")]
    #[schema(minimum = 0, maximum = 720)]
    pub hours_after_end: i32,
}

fn default_reminders() -> Vec<i32> {
    DEFAULT_REMINDER_HOURS.to_vec()
}

fn default_follow_up_hours() -> i32 {
    24
}

fn hours_in_range(value: i32, min: i32, path: String) -> Result<i32, ApiError> {
    let max = LOOKAHEAD.num_hours() as i32;
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ApiError::invalid(
            path,
            FieldError::new(
                "out_of_range",
                format!("Give whole hours from {min} to {max}."),
            ),
        ))
    }
}

impl ScheduleSettings {
    pub fn from_plan(plan: &EventPlan) -> Self {
        let follow_up =
            (plan.follow_up_message.is_some() || plan.follow_up_url.is_some()).then(|| FollowUp {
                message: plan.follow_up_message.clone(),
                url: plan.follow_up_url.clone(),
                hours_after_end: plan.follow_up_hours_after,
            });
        Self {
            access_link_hours_before: plan.access_link_hours_before,
            reminder_hours_before: plan.reminder_hours(),
            follow_up,
        }
    }

    /// Validates the settings and writes them into `plan`. Releasing a withheld access link
    /// at once (switching to "with the confirmation") owes it to those already confirmed.
    pub fn apply(
        &self,
        plan: &mut EventPlan,
        event: &Event,
        now: NaiveDateTime,
    ) -> Result<(), ApiError> {
        let access = self
            .access_link_hours_before
            .map(|h| hours_in_range(h, 1, "access_link_hours_before".into()))
            .transpose()?;
        if self.reminder_hours_before.len() > MAX_REMINDERS {
            return Err(ApiError::invalid(
                "reminder_hours_before",
                FieldError::new("too_many", format!("At most {MAX_REMINDERS} reminders.")),
            ));
        }
        let mut reminders = Vec::new();
        for (i, &h) in self.reminder_hours_before.iter().enumerate() {
            reminders.push(hours_in_range(h, 1, format!("reminder_hours_before[{i}]"))?);
        }
        reminders.sort_unstable_by(|a, b| b.cmp(a));
        reminders.dedup();
        let (message, url, after) = match &self.follow_up {
            None => (None, None, 24),
            Some(f) => {
                let message = optional_text(f.message.as_deref(), 5_000)
                    .map_err(|e| ApiError::invalid("follow_up.message", e))?;
                let url = f
                    .url
                    .as_deref()
                    .filter(|u| !u.trim().is_empty())
                    .map(|u| WebUrl::parse(u).map_err(|e| ApiError::invalid("follow_up.url", e)))
                    .transpose()?;
                if message.is_none() && url.is_none() {
                    return Err(ApiError::invalid(
                        "follow_up",
                        FieldError::new("required", "Give a message, a URL or both."),
                    ));
                }
                let after =
                    hours_in_range(f.hours_after_end, 0, "follow_up.hours_after_end".into())?;
                (message, url.map(|u| u.as_str().to_owned()), after)
            }
        };
        let withheld = !plan.access_link_released(event, now);
        plan.access_link_hours_before = access;
        if withheld && access.is_none() {
            plan.access_link_owed = true;
        }
        plan.reminder_hours = serde_json::to_string(&reminders).map_err(ApiError::internal)?;
        plan.follow_up_message = message;
        plan.follow_up_url = url;
        plan.follow_up_hours_after = after;
        Ok(())
    }
}
