//! Judging an [`EventInput`]: every field checked with the domain's parsers, and every refusal
//! collected with its field's path, so that a form can show each beside its field; the API
//! answers with the first.

use chrono::NaiveDateTime;

use super::input::{EventInput, at};
use crate::db::models::EventFields;
use crate::domain::{
    EventFormat, FieldError, Language, LocalDateTime, Slug, TimeZone, Topic, WebUrl, optional_text,
    required_text,
};
use crate::error::ApiError;

const MAX_CAPACITY: i64 = 1_000_000;

/// The refusals found so far.
#[derive(Default)]
struct Refusals(Vec<ApiError>);

impl Refusals {
    /// The value, or none with its refusal kept.
    fn take<T>(&mut self, result: Result<T, ApiError>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    fn refuse(&mut self, path: &str, code: &'static str, message: &str) {
        self.0
            .push(ApiError::invalid(path, FieldError::new(code, message)));
    }
}

fn required<'a>(value: &'a Option<String>, path: &str) -> Result<&'a str, ApiError> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            ApiError::invalid(path, FieldError::new("required", "This field is required."))
        })
}

/// A whole number from 1 to [`MAX_CAPACITY`], or a refusal with `code` and `message`.
fn count(
    refusals: &mut Refusals,
    value: Option<i64>,
    path: &str,
    (code, message): (&'static str, &str),
) -> Option<i32> {
    match value {
        Some(n) if !(1..=MAX_CAPACITY).contains(&n) => {
            refusals.refuse(path, code, message);
            None
        }
        other => other.map(|n| n as i32),
    }
}

/// Text that may be left blank.
fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl EventInput {
    /// Validates every field; the first problem found is the error, with its field path.
    pub fn parse(&self) -> Result<EventFields, ApiError> {
        self.parse_all().map_err(|mut refusals| refusals.remove(0))
    }

    /// Validates every field; every problem found is an error, with its field path, in the
    /// order of the fields.
    pub fn parse_all(&self) -> Result<EventFields, Vec<ApiError>> {
        let mut r = Refusals::default();
        let title =
            r.take(required_text(self.title.as_deref().unwrap_or(""), 300).map_err(at("title")));
        let summary = r.take(optional_text(self.summary.as_deref(), 2_000).map_err(at("summary")));
        let description =
            r.take(optional_text(self.description.as_deref(), 100_000).map_err(at("description")));
        let timezone = r.take(
            required(&self.timezone, "timezone")
                .and_then(|zone| TimeZone::parse(zone).map_err(at("timezone"))),
        );
        let mut time = |value: &Option<String>, path: &str| {
            let text = r.take(required(value, path))?;
            let zone = timezone?;
            r.take(LocalDateTime::parse(text, zone).map_err(at(path)))
                .map(|t| t.utc())
        };
        let starts_at = time(&self.starts_at, "starts_at");
        let ends_at = time(&self.ends_at, "ends_at");
        if let (Some(starts), Some(ends)) = (starts_at, ends_at)
            && ends <= starts
        {
            r.refuse(
                "ends_at",
                "ends_before_start",
                "The event must end after it starts.",
            );
        }
        let format = r.take(
            required(&self.format, "format")
                .and_then(|f| EventFormat::parse(f).map_err(at("format"))),
        );
        let languages = self.parse_languages(&mut r);
        let venue = match &self.venue {
            Some(venue) => r.take(venue.parse()).flatten(),
            None => None,
        };
        let venue_refused = r.0.iter().any(
            |e| matches!(e, ApiError::Client { field: Some(f), .. } if f.starts_with("venue")),
        );
        if format.is_some_and(|f| f.has_venue())
            && !venue_refused
            && venue
                .as_ref()
                .is_none_or(|v| v.name.is_none() && v.city.is_none())
        {
            r.refuse(
                "venue",
                "venue_required",
                "An in-person or hybrid event needs a venue with at least a name or a city.",
            );
        }
        let online_url = match filled(&self.online_url) {
            Some(url) => r.take(WebUrl::parse(url).map_err(at("online_url"))),
            None => None,
        };
        let mut contacts = Vec::new();
        for (i, contact) in self.contacts.iter().flatten().enumerate() {
            let parsed = contact
                .parse()
                .map_err(|(sub, e)| ApiError::invalid(format!("contacts[{i}].{sub}"), e));
            contacts.extend(r.take(parsed));
        }
        let series = r.take(optional_text(self.series.as_deref(), 200).map_err(at("series")));
        let topics = self.parse_topics(&mut r);
        let capacity = count(
            &mut r,
            self.capacity,
            "capacity",
            (
                "invalid_capacity",
                "The capacity must be from 1 to 1000000.",
            ),
        );
        let opens = self.optional_time(
            &mut r,
            &self.registration_opens_at,
            "registration_opens_at",
            timezone,
        );
        let closes = self.optional_time(
            &mut r,
            &self.registration_closes_at,
            "registration_closes_at",
            timezone,
        );
        if let (Some(opens), Some(closes)) = (opens, closes)
            && closes <= opens
        {
            r.refuse(
                "registration_closes_at",
                "closes_before_opens",
                "Registration must close after it opens.",
            );
        }
        let slug = match filled(&self.slug) {
            Some(slug) => r.take(Slug::parse(slug).map_err(at("slug"))),
            None => None,
        };
        let max_per_organisation = count(
            &mut r,
            self.max_per_organisation,
            "max_per_organisation",
            (
                "invalid_limit",
                "The limit per organisation must be at least 1.",
            ),
        );
        let (Some(title), Some(summary), Some(description), Some(timezone)) =
            (title, summary, description, timezone)
        else {
            return Err(r.0);
        };
        let (Some(starts_at), Some(ends_at), Some(format), Some(series)) =
            (starts_at, ends_at, format, series)
        else {
            return Err(r.0);
        };
        if !r.0.is_empty() {
            return Err(r.0);
        }
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
            series,
            topics,
            capacity,
            registration_opens_at: opens,
            registration_closes_at: closes,
            max_per_organisation,
            approval_required: self.approval_required.unwrap_or(false),
        })
    }

    fn parse_languages(&self, r: &mut Refusals) -> Vec<Language> {
        let mut languages = Vec::new();
        let mut refused = false;
        for (i, code) in self.languages.iter().flatten().enumerate() {
            match Language::parse(code) {
                Ok(language) if !languages.contains(&language) => languages.push(language),
                Ok(_) => {}
                Err(e) => {
                    refused = true;
                    r.0.push(ApiError::invalid(format!("languages[{i}]"), e));
                }
            }
        }
        if languages.is_empty() && !refused {
            r.refuse(
                "languages",
                "required",
                "Name at least one conference language.",
            );
        }
        languages
    }

    fn parse_topics(&self, r: &mut Refusals) -> Vec<Topic> {
        let mut topics = Vec::new();
        for (i, tag) in self.topics.iter().flatten().enumerate() {
            match Topic::parse(tag) {
                Ok(topic) if !topics.contains(&topic) => topics.push(topic),
                Ok(_) => {}
                Err(e) => r.0.push(ApiError::invalid(format!("topics[{i}]"), e)),
            }
        }
        topics
    }

    fn optional_time(
        &self,
        r: &mut Refusals,
        value: &Option<String>,
        path: &str,
        zone: Option<TimeZone>,
    ) -> Option<NaiveDateTime> {
        let text = filled(value)?;
        let zone = zone?;
        r.take(LocalDateTime::parse(text, zone).map_err(at(path)))
            .map(|t| t.utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_named_with_its_field_and_the_api_gets_the_first() {
        let input = EventInput {
            title: Some(" ".into()),
            starts_at: Some("2030-10-07T13:00".into()),
            ends_at: Some("2030-10-07T12:00".into()),
            timezone: Some("Europe/Berlin".into()),
            languages: Some(vec!["xx".into()]),
            format: Some("in_person".into()),
            capacity: Some(0),
            ..EventInput::default()
        };
        let refused: Vec<String> = input
            .parse_all()
            .unwrap_err()
            .into_iter()
            .map(|e| match e {
                ApiError::Client { field, .. } => field.unwrap_or_default(),
                ApiError::Internal(_) => String::new(),
            })
            .collect();
        assert_eq!(
            refused,
            ["title", "ends_at", "languages[0]", "venue", "capacity"]
        );
        let first = input.parse().unwrap_err();
        assert!(matches!(first, ApiError::Client { field: Some(f), .. } if f == "title"));
    }
}
