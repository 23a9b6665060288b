//! Event input as coordinators send it, and its validation into [`EventFields`].

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::models::{Event, EventRecord, Venue};
use crate::domain::{Contact, Country, EventFormat, FieldError, format_wall_clock};
use crate::error::ApiError;
use crate::openapi::schemas::{
    LanguageCode, LocalTime, TimeZoneName, TopicTag, optional_country, optional_email,
    optional_local_time, optional_phone, optional_slug, optional_text, optional_web_url, text,
};

/// An event as created or changed. Times are local wall-clock times in `timezone`
/// (`2020-10-07T13:00`), or RFC 3339 with the zone's offset at that instant.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    #[schema(schema_with = text::<300>, required = true, example = "Digital Alliance Days")]
    pub title: Option<String>,
    #[schema(schema_with = optional_text::<2000>)]
    pub summary: Option<String>,
    /// Markdown.
    #[schema(schema_with = optional_text::<100000>)]
    pub description: Option<String>,
    #[schema(value_type = LocalTime, required = true, example = "2026-03-10T09:00")]
    pub starts_at: Option<String>,
    #[schema(value_type = LocalTime, required = true, example = "2026-03-11T17:30")]
    pub ends_at: Option<String>,
    #[schema(value_type = TimeZoneName, required = true, example = "America/Bogota")]
    pub timezone: Option<String>,
    /// The conference languages.
    #[schema(value_type = Vec<LanguageCode>, required = true, min_items = 1, example = json!(["es", "en"]))]
    pub languages: Option<Vec<String>>,
    #[schema(value_type = EventFormat, required = true)]
    pub format: Option<String>,
    /// Needed (with a name or a city) for `in_person` and `hybrid` events.
    #[schema(nullable)]
    #[serde(
        default,
        deserialize_with = "crate::domain::json_object::optional_object"
    )]
    pub venue: Option<VenueInput>,
    /// Access link; only confirmed registrants ever see it.
    #[schema(schema_with = optional_web_url)]
    pub online_url: Option<String>,
    #[schema(nullable)]
    #[serde(
        default,
        deserialize_with = "crate::domain::json_object::optional_objects"
    )]
    pub contacts: Option<Vec<ContactInput>>,
    #[schema(schema_with = optional_text::<200>)]
    pub series: Option<String>,
    #[schema(value_type = Option<Vec<TopicTag>>)]
    pub topics: Option<Vec<String>>,
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub capacity: Option<i64>,
    /// Local time in the event's zone; blank or `null` for none.
    #[schema(schema_with = optional_local_time)]
    pub registration_opens_at: Option<String>,
    /// Local time in the event's zone, after `registration_opens_at`; blank or `null` for none.
    #[schema(schema_with = optional_local_time)]
    pub registration_closes_at: Option<String>,
    /// Generated from the title when absent.
    #[schema(schema_with = optional_slug)]
    pub slug: Option<String>,
    /// Confirmed seats one organisation may hold at most.
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub max_per_organisation: Option<i64>,
    /// Confirmed registrations wait for a coordinator's approval.
    pub approval_required: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VenueInput {
    #[schema(schema_with = optional_text::<300>)]
    pub name: Option<String>,
    #[schema(schema_with = optional_text::<500>)]
    pub address: Option<String>,
    #[schema(schema_with = optional_text::<200>)]
    pub city: Option<String>,
    #[schema(schema_with = optional_country)]
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[schema(schema_with = text::<200>, required = true)]
    pub name: Option<String>,
    #[schema(schema_with = optional_text::<300>)]
    pub role: Option<String>,
    #[schema(schema_with = optional_text::<300>)]
    pub audience: Option<String>,
    #[schema(schema_with = optional_email)]
    pub email: Option<String>,
    /// Digits, spaces and `+-()/.`, at least three digits.
    #[schema(schema_with = optional_phone)]
    pub phone: Option<String>,
}

pub(super) fn at(path: &str) -> impl FnOnce(FieldError) -> ApiError + '_ {
    move |error| ApiError::invalid(path, error)
}

impl EventInput {
    /// The stored event as input, so that a PATCH can be merged into it and validated whole.
    pub fn from_record(record: &EventRecord) -> Self {
        let event: &Event = &record.event;
        let tz = event.tz();
        let local = |t: chrono::NaiveDateTime| format_wall_clock(t, tz);
        Self {
            title: Some(event.title.clone()),
            summary: event.summary.clone(),
            description: event.description.clone(),
            starts_at: Some(local(event.starts_at)),
            ends_at: Some(local(event.ends_at)),
            timezone: Some(event.timezone.name().to_owned()),
            languages: Some(record.languages.clone()),
            format: Some(event.format.as_str().to_owned()),
            venue: event.venue().map(|v| VenueInput {
                name: v.name,
                address: v.address,
                city: v.city,
                country: v.country,
            }),
            online_url: event.online_url.clone(),
            contacts: Some(
                event
                    .contacts()
                    .into_iter()
                    .map(|c| ContactInput {
                        name: Some(c.name),
                        role: c.role,
                        audience: c.audience,
                        email: c.email,
                        phone: c.phone,
                    })
                    .collect(),
            ),
            series: event.series.clone(),
            topics: Some(record.topics.clone()),
            capacity: event.capacity.map(i64::from),
            registration_opens_at: event.registration_opens_at.map(local),
            registration_closes_at: event.registration_closes_at.map(local),
            slug: Some(event.slug.clone()),
            max_per_organisation: event.max_per_organisation.map(i64::from),
            approval_required: Some(event.approval_required),
        }
    }
}

impl VenueInput {
    pub(super) fn parse(&self) -> Result<Option<Venue>, ApiError> {
        let venue = Venue {
            name: crate::domain::optional_text(self.name.as_deref(), 300)
                .map_err(at("venue.name"))?,
            address: crate::domain::optional_text(self.address.as_deref(), 500)
                .map_err(at("venue.address"))?,
            city: crate::domain::optional_text(self.city.as_deref(), 200)
                .map_err(at("venue.city"))?,
            country: match self
                .country
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                Some(code) => Some(
                    Country::parse(code)
                        .map_err(at("venue.country"))?
                        .code()
                        .to_owned(),
                ),
                None => None,
            },
        };
        Ok((venue != Venue::default()).then_some(venue))
    }
}

impl ContactInput {
    pub(super) fn parse(&self) -> Result<Contact, (&'static str, FieldError)> {
        Contact::parse(
            self.name.as_deref(),
            self.role.as_deref(),
            self.audience.as_deref(),
            self.email.as_deref(),
            self.phone.as_deref(),
        )
    }
}
