//! A newsletter issue as coordinators write it, through the API or the console's form: one
//! parser for both, which names every refusal (a form shows them all at once; the API the
//! first).

use std::collections::BTreeMap;

use serde::Deserialize;
use utoipa::ToSchema;

use super::input::{at, keep, parse_topics};
use crate::db::models::IssueContent;
use crate::domain::{FieldError, required_text};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::openapi::schemas::{Language, TopicTag, per_language};

/// A newsletter issue as coordinators write it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueInput {
    /// Subject per language, e.g. `{"de": "…", "en": "…"}`: one line each.
    #[schema(schema_with = per_language::<300, false>, required = true)]
    pub subject: Option<BTreeMap<String, String>>,
    /// Markdown body per language; the same languages as `subject`.
    #[schema(schema_with = per_language::<200000, true>, required = true)]
    pub body: Option<BTreeMap<String, String>>,
    /// What readers of other languages get, one of the issue's languages; optional when the
    /// issue has one language.
    #[schema(value_type = Option<Language>)]
    pub fallback_language: Option<String>,
    /// Sent to subscribers who chose one of these topics (and to those who chose none);
    /// empty or absent: to every confirmed subscriber.
    #[schema(value_type = Option<Vec<TopicTag>>, max_items = 50)]
    pub topics: Option<Vec<String>>,
}

fn refusal(path: impl Into<String>, code: &'static str, message: &'static str) -> ApiError {
    ApiError::invalid(path, FieldError::new(code, message))
}

impl IssueInput {
    /// The issue's texts, or the first field refused (the API names one).
    pub fn parse(&self) -> Result<IssueContent, ApiError> {
        self.parse_all().map_err(|mut errors| errors.remove(0))
    }

    /// The issue's texts, or every field refused, in the order they are checked: the
    /// subjects and bodies language by language, then the fallback language, then the topics.
    pub fn parse_all(&self) -> Result<IssueContent, Vec<ApiError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let subjects = self.subject.clone().unwrap_or_default();
        let bodies = self.body.clone().unwrap_or_default();
        if subjects.is_empty() {
            e.push(refusal(
                "subject",
                "required",
                "Give a subject in at least one language.",
            ));
        }
        let mut checked_subjects = BTreeMap::new();
        let mut checked_bodies = BTreeMap::new();
        for (code, subject) in &subjects {
            let path = format!("subject.{code}");
            let Some(locale) = keep(e, Locale::parse(code).map_err(at(path.clone()))) else {
                continue;
            };
            let subject = if subject.contains(['\n', '\r', '\t']) {
                e.push(refusal(
                    path,
                    "invalid_characters",
                    "A subject is one line.",
                ));
                None
            } else {
                keep(e, required_text(subject, 300).map_err(at(path)))
            };
            let body = match bodies.get(code) {
                Some(body) => keep(
                    e,
                    required_text(body, 200_000).map_err(at(format!("body.{code}"))),
                ),
                None => {
                    e.push(refusal(
                        format!("body.{code}"),
                        "required",
                        "Each subject needs a body in its language.",
                    ));
                    None
                }
            };
            if let (Some(subject), Some(body)) = (subject, body) {
                checked_subjects.insert(locale.code().to_owned(), subject);
                checked_bodies.insert(locale.code().to_owned(), body);
            }
        }
        for code in bodies.keys().filter(|code| !subjects.contains_key(*code)) {
            e.push(refusal(
                format!("subject.{code}"),
                "required",
                "Each body needs a subject in its language.",
            ));
        }
        let fallback = self.fallback(&subjects, e);
        let topics = keep(
            e,
            parse_topics(self.topics.iter().flatten().map(String::as_str), "topics"),
        );
        match (fallback, topics) {
            (Some(fallback), Some(topics)) if errors.is_empty() => Ok(IssueContent {
                subjects: checked_subjects,
                bodies: checked_bodies,
                fallback_language: fallback.code().to_owned(),
                topics: topics.iter().map(|t| t.as_str().to_owned()).collect(),
            }),
            _ => Err(errors),
        }
    }

    /// The fallback language: the one named, which must be one the issue is written in, or
    /// the issue's only language.
    fn fallback(
        &self,
        subjects: &BTreeMap<String, String>,
        e: &mut Vec<ApiError>,
    ) -> Option<Locale> {
        let written: Vec<Locale> = subjects
            .keys()
            .filter_map(|code| Locale::parse(code).ok())
            .collect();
        let fallback = match self.fallback_language.as_deref() {
            Some(code) => keep(
                e,
                Locale::parse(code.trim()).map_err(at("fallback_language")),
            )?,
            None if subjects.len() == 1 => *written.first()?,
            None => {
                e.push(refusal(
                    "fallback_language",
                    "required",
                    "With several languages, name the one readers of other languages get.",
                ));
                return None;
            }
        };
        if !subjects.is_empty() && !written.iter().any(|l| l.code() == fallback.code()) {
            e.push(refusal(
                "fallback_language",
                "fallback_not_written",
                "The fallback language must be one the issue is written in.",
            ));
            return None;
        }
        Some(fallback)
    }
}
