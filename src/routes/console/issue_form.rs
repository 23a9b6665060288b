//! The console's issue form: what a sent form means as the API's [`IssueInput`], and the
//! form's fields in groups (who gets the issue, then a subject and a Markdown text per
//! language), each refusal of the API's parser beside its field in the reader's language.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::db::models::IssueContent;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::newsletter::IssueInput;
use crate::routes::csrf::FormData;
use crate::routes::form::{Choice, Field, Fields, choices_of};

/// The form's fields in groups: (legend, the range of [`Fields`] it holds).
pub struct Drawn {
    pub fields: Fields,
    pub groups: Vec<(String, Range<usize>)>,
}

/// A sent form as the API's input: the languages with a subject or a text (blank ones are
/// left out), the topics ticked or typed (with commas or spaces between them).
pub fn from_form(sent: &FormData) -> IssueInput {
    let mut subject = BTreeMap::new();
    let mut body = BTreeMap::new();
    for locale in Locale::all() {
        let code = locale.code();
        for (name, map) in [("subject", &mut subject), ("body", &mut body)] {
            let value = sent.get(&format!("{name}-{code}")).unwrap_or("");
            if !value.trim().is_empty() {
                map.insert(code.to_owned(), value.to_owned());
            }
        }
    }
    let topics = sent
        .all("topics")
        .into_iter()
        .flat_map(|value| value.split([',', ' ', ';']))
        .map(str::trim)
        .filter(|topic| !topic.is_empty())
        .map(str::to_owned)
        .collect();
    IssueInput {
        subject: Some(subject),
        body: Some(body),
        fallback_language: sent
            .get("fallback_language")
            .filter(|v| !v.trim().is_empty())
            .map(str::to_owned),
        topics: Some(topics),
    }
}

/// The input of a stored issue, to be changed.
pub fn of(content: IssueContent) -> IssueInput {
    IssueInput {
        subject: Some(content.subjects),
        body: Some(content.bodies),
        fallback_language: Some(content.fallback_language),
        topics: Some(content.topics),
    }
}

/// The fields of `input` in `t`, topics ticked among `offered` (or typed, if none are), each
/// of `refusals` beside its field.
pub fn draw(t: Locale, input: &IssueInput, offered: &[String], refusals: &[ApiError]) -> Drawn {
    let fallback = input.fallback_language.clone().unwrap_or_default();
    let chosen: Vec<String> = input.topics.clone().unwrap_or_default();
    let languages = Locale::all()
        .iter()
        .map(|l| Choice {
            value: l.code().to_owned(),
            label: t.language_name(l.code()),
            selected: l.code() == fallback,
            lang: None,
        })
        .collect();
    let topics = if offered.is_empty() {
        Field {
            value: chosen.join(", "),
            max: 500,
            required: false,
            hint: Some(t.text("console-hint-issue-topics-typed")),
            ..Field::new("topics", "text", t.text("console-label-topics"))
        }
    } else {
        let mut values: Vec<String> = offered.to_vec();
        values.extend(chosen.iter().filter(|c| !offered.contains(c)).cloned());
        let ticked: Vec<&str> = chosen.iter().map(String::as_str).collect();
        Field {
            choices: choices_of(
                values.into_iter().map(|v| (v.clone(), v)).collect(),
                &ticked,
            ),
            required: false,
            hint: Some(t.text("console-hint-issue-topics")),
            ..Field::new("topics", "checkboxes", t.text("console-label-topics"))
        }
    };
    let mut fields = vec![
        Field {
            choices: languages,
            hint: Some(t.text("console-hint-fallback-language")),
            ..Field::new(
                "fallback_language",
                "radios",
                t.text("console-label-fallback-language"),
            )
        },
        topics,
    ];
    let mut groups = vec![(t.text("console-issue-form-readers"), 0..fields.len())];
    let subjects = input.subject.clone().unwrap_or_default();
    let bodies = input.body.clone().unwrap_or_default();
    for locale in Locale::all() {
        let code = locale.code();
        let start = fields.len();
        fields.push(Field {
            value: subjects.get(code).cloned().unwrap_or_default(),
            max: 300,
            required: false,
            ..Field::new(
                format!("subject-{code}"),
                "text",
                t.text("console-label-subject"),
            )
        });
        fields.push(Field {
            value: bodies.get(code).cloned().unwrap_or_default(),
            max: 200_000,
            required: false,
            hint: Some(t.text("console-hint-markdown")),
            ..Field::new(
                format!("body-{code}"),
                "textarea",
                t.text("console-label-text"),
            )
        });
        groups.push((t.language_name(code), start..fields.len()));
    }
    let mut fields = Fields(fields);
    let beside = |path: &str| field_of(path, &fallback);
    fields.attach_each(refusals, beside, |code, max| message(t, code, max));
    Drawn { fields, groups }
}

/// The form field a refusal at the API's `path` belongs beside: a missing subject beside the
/// fallback language's.
fn field_of(path: &str, fallback: &str) -> String {
    match path {
        "subject" => format!(
            "subject-{}",
            if fallback.is_empty() { "en" } else { fallback }
        ),
        p if p.starts_with("subject.") || p.starts_with("body.") => p.replacen('.', "-", 1),
        p => p.split('[').next().unwrap_or(p).to_owned(),
    }
}

/// A refusal's `code` in `t`.
fn message(t: Locale, code: &str, max: usize) -> String {
    let id = match code {
        "too_long" => return t.text_with("form-error-too-long", &[("max", (max as i64).into())]),
        "required" | "empty" => "console-error-required",
        "fallback_not_written" => "console-issue-error-fallback",
        "unsupported_language" => "console-issue-error-language",
        "invalid_topic" | "too_many_topics" => "console-error-topics",
        "invalid_characters" => "form-error-one-line",
        _ => "form-error-invalid",
    };
    t.text(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_of_the_parser_land_beside_the_fields_of_their_language() {
        assert_eq!(field_of("subject", "es"), "subject-es");
        assert_eq!(field_of("subject", ""), "subject-en");
        assert_eq!(field_of("body.de", "en"), "body-de");
        assert_eq!(field_of("topics[2]", "en"), "topics");
        let sent = FormData::parse(
            b"fallback_language=en&subject-en=Hi&body-en=&subject-de=+&topics=a%2C+b&topics=c",
        );
        let input = from_form(&sent);
        assert_eq!(input.subject.unwrap().len(), 1);
        assert!(input.body.unwrap().is_empty());
        assert_eq!(input.topics.unwrap(), ["a", "b", "c"]);
    }
}
