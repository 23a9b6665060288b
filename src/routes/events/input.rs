//! Event input as coordinators send it, and its validation into [`EventFields`].

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::models::{Event, EventFields, EventRecord, Venue};
use crate::domain::{
    Contact, Country, EventFormat, FieldError, Language, LocalDateTime, Slug, TimeZone, Topic,
    WebUrl, format_wall_clock, required_text,
};
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

const MAX_CAPACITY: i64 = 1_000_000;

fn at(path: &str) -> impl FnOnce(FieldError) -> ApiError + '_ {
    move |error| ApiError::invalid(path, error)
}

fn required<'a>(value: &'a Option<String>, path: &str) -> Result<&'a str, ApiError> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            ApiError::invalid(path, FieldError::new("required", "This field is required."))
        })
}

impl EventInput {
    /// Validates every field; the first problem found is the error, with its field path.
    pub fn parse(&self) -> Result<EventFields, ApiError> {
        let title = required_text(self.title.as_deref().unwrap_or(""), 300).map_err(at("title"))?;
        let summary =
            crate::domain::optional_text(self.summary.as_deref(), 2_000).map_err(at("summary"))?;
        let description = crate::domain::optional_text(self.description.as_deref(), 100_000)
            .map_err(at("description"))?;
        let timezone =
            TimeZone::parse(required(&self.timezone, "timezone")?).map_err(at("timezone"))?;
        let starts_at = LocalDateTime::parse(required(&self.starts_at, "starts_at")?, timezone)
            .map_err(at("starts_at"))?
            .utc();
        let ends_at = LocalDateTime::parse(required(&self.ends_at, "ends_at")?, timezone)
            .map_err(at("ends_at"))?
            .utc();
        if ends_at <= starts_at {
            return Err(ApiError::invalid(
                "ends_at",
                FieldError::new("ends_before_start", "The event must end after it starts."),
            ));
        }
        let format = EventFormat::parse(required(&self.format, "format")?).map_err(at("format"))?;
        let languages = self.parse_languages()?;
        let venue = self
            .venue
            .as_ref()
            .map(VenueInput::parse)
            .transpose()?
            .flatten();
        if format.has_venue()
            && venue
                .as_ref()
                .is_none_or(|v| v.name.is_none() && v.city.is_none())
        {
            return Err(ApiError::invalid(
                "venue",
                FieldError::new(
                    "venue_required",
                    "An in-person or hybrid event needs a venue with at least a name or a city.",
                ),
            ));
        }
        let online_url = match self
            .online_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(url) => Some(WebUrl::parse(url).map_err(at("online_url"))?),
            None => None,
        };
        let contacts = self
            .contacts
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, c)| {
                c.parse()
                    .map_err(|(sub, e)| ApiError::invalid(format!("contacts[{i}].{sub}"), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let topics = self.parse_topics()?;
        let capacity = match self.capacity {
            Some(n) if !(1..=MAX_CAPACITY).contains(&n) => {
                return Err(ApiError::invalid(
                    "capacity",
                    FieldError::new(
                        "invalid_capacity",
                        format!("The capacity must be from 1 to {MAX_CAPACITY}."),
                    ),
                ));
            }
            other => other.map(|n| n as i32),
        };
        let registration_opens_at = self.optional_time(
            &self.registration_opens_at,
            "registration_opens_at",
            timezone,
        )?;
        let registration_closes_at = self.optional_time(
            &self.registration_closes_at,
            "registration_closes_at",
            timezone,
        )?;
        if let (Some(opens), Some(closes)) = (registration_opens_at, registration_closes_at)
            && closes <= opens
        {
            return Err(ApiError::invalid(
                "registration_closes_at",
                FieldError::new(
                    "closes_before_opens",
                    "Registration must close after it opens.",
                ),
            ));
        }
        let slug = match self
            .slug
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(slug) => Some(Slug::parse(slug).map_err(at("slug"))?),
            None => None,
        };
        Ok(EventFields {
            slug,
            title,
            summary,
            description,
            starts_at,
            ends_at,
            timezone,
            languages,
            format,
            venue,
            online_url,
            contacts,
            series: crate::domain::optional_text(self.series.as_deref(), 200)
                .map_err(at("series"))?,
            topics,
            capacity,
            registration_opens_at,
            registration_closes_at,
            max_per_organisation: match self.max_per_organisation {
                Some(n) if !(1..=MAX_CAPACITY).contains(&n) => {
                    return Err(ApiError::invalid(
                        "max_per_organisation",
                        FieldError::new(
                            "invalid_limit",
                            "The limit per organisation must be at least 1.",
                        ),
                    ));
                }
                other => other.map(|n| n as i32),
            },
            approval_required: self.approval_required.unwrap_or(false),
        })
    }

    fn parse_languages(&self) -> Result<Vec<Language>, ApiError> {
        let mut languages = Vec::new();
        for (i, code) in self.languages.iter().flatten().enumerate() {
            let language = Language::parse(code)
                .map_err(|e| ApiError::invalid(format!("languages[{i}]"), e))?;
            if !languages.contains(&language) {
                languages.push(language);
            }
        }
        if languages.is_empty() {
            return Err(ApiError::invalid(
                "languages",
                FieldError::new("required", "Name at least one conference language."),
            ));
        }
        Ok(languages)
    }

    fn parse_topics(&self) -> Result<Vec<Topic>, ApiError> {
        let mut topics = Vec::new();
        for (i, tag) in self.topics.iter().flatten().enumerate() {
            let topic =
                Topic::parse(tag).map_err(|e| ApiError::invalid(format!("topics[{i}]"), e))?;
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        Ok(topics)
    }

    fn optional_time(
        &self,
        value: &Option<String>,
        path: &str,
        zone: TimeZone,
    ) -> Result<Option<chrono::NaiveDateTime>, ApiError> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => Ok(Some(LocalDateTime::parse(v, zone).map_err(at(path))?.utc())),
            None => Ok(None),
        }
    }

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
    fn parse(&self) -> Result<Option<Venue>, ApiError> {
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
    fn parse(&self) -> Result<Contact, (&'static str, FieldError)> {
        Contact::parse(
            self.name.as_deref(),
            self.role.as_deref(),
            self.audience.as_deref(),
            self.email.as_deref(),
            self.phone.as_deref(),
        )
    }
}
