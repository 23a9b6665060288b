//! The invitation form's values, their parsing by the API's rules (the audience as
//! [`BatchInput::parse`] takes it, the pasted list as [`invitees_from_csv_all`] reads a CSV
//! body), and its fields with each refusal beside the field it concerns.

use crate::error::ApiError;
use crate::i18n::Locale;
use crate::invitations::{AudienceInput, BatchInput, BatchRequest, invitees_from_csv_all};
use crate::routes::csrf::FormData;
use crate::routes::form::{Choice, Field, Fields, choices, message};

/// The longest list taken from the form (the console's forms are read up to 64 KiB).
pub const MAX_LIST: usize = 60_000;

/// The form as sent.
#[derive(Debug, Default)]
pub struct InviteForm {
    pub subscribers: bool,
    pub topics: Vec<String>,
    pub languages: Vec<String>,
    pub invitees: String,
}

impl From<&FormData> for InviteForm {
    fn from(form: &FormData) -> Self {
        let all = |name| form.all(name).into_iter().map(str::to_owned).collect();
        Self {
            subscribers: form.get("subscribers") == Some("true"),
            topics: all("topics"),
            languages: all("languages"),
            invitees: form.get("invitees").unwrap_or_default().trim().to_owned(),
        }
    }
}

impl InviteForm {
    /// The batch, or every refusal: of the audience, and of each line of the list.
    pub fn parse(&self) -> Result<BatchRequest, Vec<ApiError>> {
        let audience = self.subscribers.then(|| AudienceInput {
            topics: Some(self.topics.clone()),
            languages: Some(self.languages.clone()),
        });
        let mut refusals = Vec::new();
        let subscribers = match &audience {
            None => None,
            Some(_) => {
                let input = BatchInput {
                    subscribers: audience,
                    invitees: None,
                };
                match input.parse() {
                    Ok(request) => request.subscribers,
                    Err(refusal) => {
                        refusals.push(refusal);
                        None
                    }
                }
            }
        };
        let invitees = if self.invitees.is_empty() {
            if !self.subscribers {
                refusals.push(ApiError::invalid(
                    "invitees",
                    crate::domain::FieldError::new(
                        "nobody",
                        "Invite subscribers, a list, or both.",
                    ),
                ));
            }
            Vec::new()
        } else {
            match invitees_from_csv_all(self.invitees.as_bytes()) {
                Ok(request) => request.invitees,
                Err(more) => {
                    refusals.extend(more);
                    Vec::new()
                }
            }
        };
        if refusals.is_empty() {
            Ok(BatchRequest {
                subscribers,
                invitees,
            })
        } else {
            Err(refusals)
        }
    }

    /// The values in a fixed order, for the fingerprint of what was previewed.
    pub fn parts(&self) -> Vec<&str> {
        let mut topics: Vec<&str> = self.topics.iter().map(String::as_str).collect();
        let mut languages: Vec<&str> = self.languages.iter().map(String::as_str).collect();
        topics.sort_unstable();
        languages.sort_unstable();
        let mut parts = vec![if self.subscribers { "1" } else { "0" }];
        parts.push(self.invitees.as_str());
        parts.extend(topics);
        parts.push("|");
        parts.extend(languages);
        parts
    }
}

/// The fields of `form`, the topics offered being `topics`, with `refusals` beside them.
pub fn fields(t: Locale, form: &InviteForm, topics: Vec<String>, refusals: &[ApiError]) -> Fields {
    let chosen = |values: &[String], value: &str| values.iter().any(|v| v == value);
    let mut list = vec![Field {
        value: if form.subscribers { "true" } else { "" }.to_owned(),
        required: false,
        hint: Some(t.text("console-invite-subscribers-hint")),
        ..Field::new(
            "subscribers",
            "checkbox",
            t.text("console-invite-subscribers"),
        )
    }];
    if !topics.is_empty() {
        list.push(Field {
            choices: topics
                .into_iter()
                .map(|topic| Choice {
                    selected: chosen(&form.topics, &topic),
                    label: topic.clone(),
                    value: topic,
                    lang: None,
                })
                .collect(),
            required: false,
            hint: Some(t.text("console-invite-topics-hint")),
            ..Field::new("topics", "checkboxes", t.text("console-invite-topics"))
        });
    }
    let mut languages = choices::languages("");
    for choice in &mut languages {
        choice.selected = chosen(&form.languages, &choice.value);
    }
    list.push(Field {
        choices: languages,
        required: false,
        hint: Some(t.text("console-invite-languages-hint")),
        ..Field::new(
            "languages",
            "checkboxes",
            t.text("console-invite-languages"),
        )
    });
    list.push(Field {
        value: form.invitees.clone(),
        required: false,
        max: MAX_LIST,
        hint: Some(t.text("console-invite-list-hint")),
        ..Field::new("invitees", "textarea", t.text("console-invite-list"))
    });
    let mut fields = Fields(list);
    attach(&mut fields, t, refusals);
    fields
}

/// Puts the audience's refusals beside its fields and every refusal of the list, each with
/// its line, beside the list.
fn attach(fields: &mut Fields, t: Locale, refusals: &[ApiError]) {
    let mut lines = Vec::new();
    for refusal in refusals {
        let ApiError::Client { code, field, .. } = refusal else {
            continue;
        };
        let path = field.as_deref().unwrap_or("");
        let said = match path.split_once('.') {
            Some(("subscribers", rest)) => {
                let name = rest.split('[').next().unwrap_or(rest);
                if let Some(f) = fields.0.iter_mut().find(|f| f.name == name) {
                    f.error.get_or_insert_with(|| message(t, name, code, 0));
                }
                continue;
            }
            Some((line, column)) => match line.strip_prefix("line ") {
                Some(number) => t.text_with(
                    "console-invite-error-line",
                    &[
                        ("line", number.to_owned().into()),
                        (
                            "problem",
                            message(t, column, code, column_max(column)).into(),
                        ),
                    ],
                ),
                None => t.text("form-error-invalid"),
            },
            None => t.text(match *code {
                "nobody" => "console-invite-error-nobody",
                "required" => "console-invite-error-empty",
                "too_many" => "console-invite-error-too-many",
                "unknown_column" => "console-invite-error-header",
                _ => "console-invite-error-unreadable",
            }),
        };
        lines.push(said);
    }
    if let Some(list) = fields.0.iter_mut().find(|f| f.name == "invitees")
        && !lines.is_empty()
    {
        list.error = Some(lines.join(" "));
    }
}

/// The longest value of a column of the list, as the invitee's parser takes it.
fn column_max(column: &str) -> usize {
    match column {
        "name" => 200,
        "organisation" => 300,
        _ => 254,
    }
}
