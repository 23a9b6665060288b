//! A subscription request as the public sends it.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::openapi::schemas::{
    EmailAddress, Language, TopicTag, consent, optional_line, per_language, text,
};

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

fn at(path: impl Into<String>) -> impl FnOnce(FieldError) -> ApiError {
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
fn keep<T>(errors: &mut Vec<ApiError>, result: Result<T, ApiError>) -> Option<T> {
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

/// A newsletter issue as coordinators write it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    /// Subject per language, e.g. `{"de": "…", "en": "…"}`: one line each.
    #[schema(schema_with = per_language::<300, false>, required = true)]
    pub subject: Option<std::collections::BTreeMap<String, String>>,
    /// Markdown body per language; the same languages as `subject`.
    #[schema(schema_with = per_language::<200000, true>, required = true)]
    pub body: Option<std::collections::BTreeMap<String, String>>,
    /// What readers of other languages get, one of the issue's languages; optional when the
    /// issue has one language.
    #[schema(value_type = Option<Language>)]
    pub fallback_language: Option<String>,
    /// Sent to subscribers who chose one of these topics (and to those who chose none);
    /// empty or absent: to every confirmed subscriber.
    #[schema(value_type = Option<Vec<TopicTag>>, max_items = 50)]
    pub topics: Option<Vec<String>>,
}

impl IssueInput {
    pub fn parse(&self) -> Result<crate::db::models::IssueContent, ApiError> {
        use std::collections::BTreeMap;
        let subjects = self.subject.clone().unwrap_or_default();
        let bodies = self.body.clone().unwrap_or_default();
        if subjects.is_empty() {
            return Err(ApiError::invalid(
                "subject",
                FieldError::new("required", "Give a subject in at least one language."),
            ));
        }
        let mut checked_subjects = BTreeMap::new();
        let mut checked_bodies = BTreeMap::new();
        for (code, subject) in &subjects {
            let path = format!("subject.{code}");
            let locale = Locale::parse(code).map_err(at(path.clone()))?;
            if subject.contains(['\n', '\r', '\t']) {
                return Err(ApiError::invalid(
                    path,
                    FieldError::new("invalid_characters", "A subject is one line."),
                ));
            }
            let subject = required_text(subject, 300).map_err(at(path.clone()))?;
            let body = bodies.get(code).ok_or_else(|| {
                ApiError::invalid(
                    format!("body.{code}"),
                    FieldError::new("required", "Each subject needs a body in its language."),
                )
            })?;
            let body = required_text(body, 200_000).map_err(at(format!("body.{code}")))?;
            checked_subjects.insert(locale.code().to_owned(), subject);
            checked_bodies.insert(locale.code().to_owned(), body);
        }
        if let Some(code) = bodies.keys().find(|code| !subjects.contains_key(*code)) {
            return Err(ApiError::invalid(
                format!("subject.{code}"),
                FieldError::new("required", "Each body needs a subject in its language."),
            ));
        }
        let fallback = match self.fallback_language.as_deref() {
            Some(code) => Locale::parse(code.trim()).map_err(at("fallback_language"))?,
            None if checked_subjects.len() == 1 => {
                Locale::parse(checked_subjects.keys().next().map_or("", |k| k.as_str()))
                    .map_err(at("fallback_language"))?
            }
            _ => {
                return Err(ApiError::invalid(
                    "fallback_language",
                    FieldError::new(
                        "required",
                        "With several languages, name the one readers of other languages get.",
                    ),
                ));
            }
        };
        if !checked_subjects.contains_key(fallback.code()) {
            return Err(ApiError::invalid(
                "fallback_language",
                FieldError::new(
                    "fallback_not_written",
                    "The fallback language must be one the issue is written in.",
                ),
            ));
        }
        let topics = parse_topics(self.topics.iter().flatten().map(String::as_str), "topics")?;
        Ok(crate::db::models::IssueContent {
            subjects: checked_subjects,
            bodies: checked_bodies,
            fallback_language: fallback.code().to_owned(),
            topics: topics.iter().map(|t| t.as_str().to_owned()).collect(),
        })
    }
}
