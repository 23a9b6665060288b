//! A subscription request as the public sends it.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::openapi::schemas::{EmailAddress, Language, TopicTag, consent, optional_line, text};

use crate::db::models::NewSubscriber;
use crate::domain::{Email, FieldError, Topic, optional_text, required_text};
use crate::error::ApiError;
use crate::i18n::Locale;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionInput {
    #[schema(value_type = EmailAddress, required = true)]
    pub email: Option<String>,
    #[schema(schema_with = optional_line::<200>)]
    pub name: Option<String>,
    /// The language of the mails.
    #[schema(value_type = Language, required = true)]
    pub language: Option<String>,
    /// Topic tags of interest; none means every issue.
    #[schema(value_type = Option<Vec<TopicTag>>, max_items = 50)]
    pub topics: Option<Vec<String>>,
    /// Must be true: consent to receiving the newsletter under the privacy notice.
    #[schema(schema_with = consent, required = true)]
    pub consent: Option<bool>,
    /// The version of the privacy notice shown with the form, kept in the consent record.
    #[schema(schema_with = text::<64>, required = true)]
    pub privacy_notice_version: Option<String>,
}

/// A validated subscription request.
#[derive(Debug, Clone)]
pub struct SubscriptionRequest {
    pub subscriber: NewSubscriber,
    pub privacy_notice_version: String,
}

pub(super) fn at(path: impl Into<String>) -> impl FnOnce(FieldError) -> ApiError {
    move |error| ApiError::invalid(path, error)
}

/// A name for greetings and headers: one line only.
pub fn parse_name(value: Option<&str>, path: &str) -> Result<Option<String>, ApiError> {
    let name = optional_text(value, 200).map_err(at(path))?;
    if value.is_some_and(|n| n.contains(['\n', '\r', '\t'])) {
        return Err(ApiError::invalid(
            path,
            FieldError::new("invalid_characters", "This field must be one line."),
        ));
    }
    Ok(name)
}

/// Topic tags, sorted and without repeats.
pub fn parse_topics<'a>(
    values: impl IntoIterator<Item = &'a str>,
    path: &str,
) -> Result<Vec<Topic>, ApiError> {
    let mut topics = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        topics.push(Topic::parse(value).map_err(at(format!("{path}[{i}]")))?);
    }
    if topics.len() > 50 {
        return Err(ApiError::invalid(
            path,
            FieldError::new("too_many_topics", "At most 50 topics."),
        ));
    }
    topics.sort();
    topics.dedup();
    Ok(topics)
}

/// `result`'s value; its refusal goes to `errors`.
pub(super) fn keep<T>(errors: &mut Vec<ApiError>, result: Result<T, ApiError>) -> Option<T> {
    result.map_err(|error| errors.push(error)).ok()
}

impl SubscriptionInput {
    /// The request, or the first field refused (the API names one).
    pub fn parse(&self) -> Result<SubscriptionRequest, ApiError> {
        self.parse_all().map_err(|mut errors| errors.remove(0))
    }

    /// The request, or every field refused, in the order of the fields (a form shows them
    /// all at once).
    pub fn parse_all(&self) -> Result<SubscriptionRequest, Vec<ApiError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let email = keep(
            e,
            Email::parse(self.email.as_deref().unwrap_or("")).map_err(at("email")),
        );
        let name = keep(e, parse_name(self.name.as_deref(), "name"));
        let language = keep(
            e,
            Locale::parse(self.language.as_deref().unwrap_or("")).map_err(at("language")),
        );
        let topics = keep(
            e,
            parse_topics(self.topics.iter().flatten().map(String::as_str), "topics"),
        );
        let consent = keep(e, self.consent());
        let privacy_notice_version = keep(
            e,
            required_text(self.privacy_notice_version.as_deref().unwrap_or(""), 64)
                .map_err(at("privacy_notice_version")),
        );
        match (
            email,
            name,
            language,
            topics,
            consent,
            privacy_notice_version,
        ) {
            (
                Some(email),
                Some(name),
                Some(language),
                Some(topics),
                Some(()),
                Some(privacy_notice_version),
            ) => Ok(SubscriptionRequest {
                subscriber: NewSubscriber {
                    email,
                    name,
                    language,
                    topics,
                },
                privacy_notice_version,
            }),
            _ => Err(errors),
        }
    }

    fn consent(&self) -> Result<(), ApiError> {
        if self.consent == Some(true) {
            return Ok(());
        }
        Err(ApiError::invalid(
            "consent",
            FieldError::new(
                "consent_required",
                "Subscribing needs consent to receiving the newsletter.",
            ),
        ))
    }
}
