//! Agenda input and output: items in the event's local time, validated to lie inside the
//! event and sorted, so the public page and the mails never show a programme that cannot be.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::plan::{AgendaItem, Speaker};
use crate::db::models::Event;
use crate::domain::{FieldError, LocalDateTime, TimeZone, format_local, format_utc};
use crate::domain::{optional_text, required_text};
use crate::error::ApiError;
use crate::openapi::schemas::{LocalTime, text};

/// `kind` of an agenda item: one of [`KINDS`].
fn agenda_kind() -> utoipa::openapi::Schema {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .enum_values(Some(KINDS))
        .into()
}

/// The kinds of agenda item.
pub const KINDS: [&str; 5] = ["talk", "panel", "discussion", "break", "other"];
const MAX_ITEMS: usize = 200;
const MAX_SPEAKERS: usize = 50;

/// `PUT …/agenda`: the whole agenda, replacing the previous one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaInput {
    /// Whether the public sees the agenda; publishing or changing a published agenda mails
    /// confirmed registrants once the quiet period has passed.
    #[serde(default)]
    pub published: bool,
    #[serde(default, deserialize_with = "crate::domain::json_object::objects")]
    #[schema(max_items = 200)]
    pub items: Vec<AgendaItemInput>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemInput {
    /// Local time in the event's zone, like the event's own times, within the event.
    #[schema(value_type = LocalTime, required = true, example = "2030-10-07T13:00")]
    pub starts_at: Option<String>,
    /// After `starts_at`, within the event.
    #[schema(value_type = LocalTime, required = true, example = "2030-10-07T13:30")]
    pub ends_at: Option<String>,
    #[schema(schema_with = text::<300>, required = true)]
    pub title: Option<String>,
    #[schema(schema_with = crate::openapi::schemas::optional_text::<5000>)]
    pub description: Option<String>,
    #[schema(schema_with = agenda_kind, required = true, example = "talk")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "crate::domain::json_object::objects")]
    #[schema(max_items = 50)]
    pub speakers: Vec<SpeakerInput>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeakerInput {
    #[schema(schema_with = text::<200>, required = true)]
    pub name: Option<String>,
    #[schema(schema_with = crate::openapi::schemas::optional_text::<300>)]
    pub affiliation: Option<String>,
    #[schema(schema_with = crate::openapi::schemas::optional_text::<200>)]
    pub role: Option<String>,
}

/// An agenda as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaOutput {
    pub published: bool,
    pub items: Vec<AgendaItemOutput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItemOutput {
    /// Local time with offset, e.g. `2030-10-07T13:00:00+02:00`.
    pub starts_at: String,
    pub starts_at_utc: String,
    pub ends_at: String,
    pub ends_at_utc: String,
    pub title: String,
    pub description: Option<String>,
    pub kind: String,
    pub speakers: Vec<Speaker>,
}

impl AgendaOutput {
    pub fn new(event: &Event, published: bool, items: &[AgendaItem]) -> Self {
        let tz = event.tz();
        Self {
            published,
            items: items
                .iter()
                .map(|item| AgendaItemOutput {
                    starts_at: format_local(item.starts_at, tz),
                    starts_at_utc: format_utc(item.starts_at),
                    ends_at: format_local(item.ends_at, tz),
                    ends_at_utc: format_utc(item.ends_at),
                    title: item.title.clone(),
                    description: item.description.clone(),
                    kind: item.kind.clone(),
                    speakers: item.speakers.clone(),
                })
                .collect(),
        }
    }
}

fn invalid(path: String) -> impl FnOnce(FieldError) -> ApiError {
    move |error| ApiError::invalid(path, error)
}

impl AgendaInput {
    /// The items, validated against `event` and sorted by start.
    pub fn parse(&self, event: &Event) -> Result<Vec<AgendaItem>, ApiError> {
        self.parse_all(event)
            .map_err(|mut refusals| refusals.remove(0))
    }

    /// The items, validated against `event` and sorted by start; else the first refusal of
    /// each item that has one, in the items' order.
    pub fn parse_all(&self, event: &Event) -> Result<Vec<AgendaItem>, Vec<ApiError>> {
        if self.items.len() > MAX_ITEMS {
            return Err(vec![ApiError::invalid(
                "items",
                FieldError::new(
                    "too_many",
                    format!("An agenda has at most {MAX_ITEMS} items."),
                ),
            )]);
        }
        let zone = event.timezone;
        let (mut items, mut refusals) = (Vec::new(), Vec::new());
        for (i, item) in self.items.iter().enumerate() {
            match item.parse(&format!("items[{i}]"), event, zone) {
                Ok(item) => items.push(item),
                Err(refusal) => refusals.push(refusal),
            }
        }
        if !refusals.is_empty() {
            return Err(refusals);
        }
        items.sort_by_key(|item| (item.starts_at, item.ends_at));
        Ok(items)
    }
}

impl AgendaItemInput {
    fn parse(&self, path: &str, event: &Event, zone: TimeZone) -> Result<AgendaItem, ApiError> {
        let time = |value: &Option<String>, field: &str| {
            let at = format!("{path}.{field}");
            let value = value
                .as_deref()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| {
                    ApiError::invalid(
                        at.clone(),
                        FieldError::new("required", "This field is required."),
                    )
                })?;
            let utc = LocalDateTime::parse(value, zone)
                .map_err(invalid(at.clone()))?
                .utc();
            if utc < event.starts_at || utc > event.ends_at {
                return Err(ApiError::invalid(
                    at,
                    FieldError::new(
                        "outside_event",
                        "The item must lie within the event's time.",
                    ),
                ));
            }
            Ok(utc)
        };
        let starts_at = time(&self.starts_at, "starts_at")?;
        let ends_at = time(&self.ends_at, "ends_at")?;
        if ends_at <= starts_at {
            return Err(ApiError::invalid(
                format!("{path}.ends_at"),
                FieldError::new("ends_before_start", "The item must end after it starts."),
            ));
        }
        let kind = self.kind.as_deref().map(str::trim).unwrap_or("");
        if !KINDS.contains(&kind) {
            return Err(ApiError::invalid(
                format!("{path}.kind"),
                FieldError::new(
                    "invalid_kind",
                    "The kind must be one of talk, panel, discussion, break, other.",
                ),
            ));
        }
        if self.speakers.len() > MAX_SPEAKERS {
            return Err(ApiError::invalid(
                format!("{path}.speakers"),
                FieldError::new("too_many", format!("At most {MAX_SPEAKERS} speakers.")),
            ));
        }
        let speakers = self
            .speakers
            .iter()
            .enumerate()
            .map(|(j, speaker)| {
                let at = |field: &str| format!("{path}.speakers[{j}].{field}");
                Ok(Speaker {
                    name: required_text(speaker.name.as_deref().unwrap_or(""), 200)
                        .map_err(invalid(at("name")))?,
                    affiliation: optional_text(speaker.affiliation.as_deref(), 300)
                        .map_err(invalid(at("affiliation")))?,
                    role: optional_text(speaker.role.as_deref(), 200)
                        .map_err(invalid(at("role")))?,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(AgendaItem {
            starts_at,
            ends_at,
            title: required_text(self.title.as_deref().unwrap_or(""), 300)
                .map_err(invalid(format!("{path}.title")))?,
            description: optional_text(self.description.as_deref(), 5_000)
                .map_err(invalid(format!("{path}.description")))?,
            kind: kind.to_owned(),
            speakers,
        })
    }
}
