//! What the pages' forms share: fields as the templates draw them (label above, hint, the
//! error above the input, values kept; `templates/pages/form/`), the error summary, the
//! honeypot, and each refusal of the domain's parsers said in the reader's language.
//!
//! Forms follow the public-sector pattern (GOV.UK, KERN): the server judges every field with
//! the same parsers as the API, and a refused form comes back with a summary at the top
//! that links to each field and the message beside it.

pub mod choices;
pub mod registration;

use std::borrow::Cow;

use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::csrf::FormData;

/// The honeypot: a field hidden from people (and from assistive technology) that only
/// programs filling in every field fill in.
pub const HONEYPOT: &str = "website";

/// Whether a program filled in the honeypot: its form is answered as a success and dropped.
pub fn honeypot_filled(form: &FormData) -> bool {
    form.get(HONEYPOT).is_some_and(|v| !v.trim().is_empty())
}

/// One choice of a select, a group of checkboxes or of radio buttons.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
    /// The language of the label, where it is not the page's (a language's own name).
    pub lang: Option<&'static str>,
}

/// A link beside a field.
pub struct Link {
    pub href: String,
    pub text: String,
}

/// The fields of a form, in order.
pub struct Fields(pub Vec<Field>);

impl Fields {
    /// Puts each refusal beside the field that `field_of` names for its path, said by
    /// `message(code, the field's longest value)`; a field keeps its first refusal, and a
    /// refusal of no field shown is dropped.
    pub fn attach_each(
        &mut self,
        refusals: &[ApiError],
        field_of: impl Fn(&str) -> String,
        message: impl Fn(&str, usize) -> String,
    ) {
        for refusal in refusals {
            let ApiError::Client {
                code,
                field: Some(path),
                ..
            } = refusal
            else {
                continue;
            };
            let name = field_of(path);
            let target = self.0.iter_mut().find(|f| f.name == name.as_str());
            if let Some(field) = target.filter(|f| f.error.is_none()) {
                field.error = Some(message(code, field.max));
            }
        }
    }

    /// Whether a field was refused (then the form starts with the error summary).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|f| f.error.is_some())
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = &'a Field;
    type IntoIter = std::slice::Iter<'a, Field>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// One field of a form, as `templates/pages/form/field.html` draws it.
pub struct Field {
    /// The field's name, and the id of its input.
    pub name: Cow<'static, str>,
    /// `text`, `email`, `select`, `checkbox`, `checkboxes` or `radios`.
    pub kind: &'static str,
    pub label: String,
    pub hint: Option<String>,
    /// A link shown with the hint, e.g. to the privacy notice.
    pub link: Option<Link>,
    /// The message of a refused value.
    pub error: Option<String>,
    /// The value sent or filled in (text fields); `"true"` for a ticked checkbox.
    pub value: String,
    pub choices: Vec<Choice>,
    pub required: bool,
    pub autocomplete: Option<&'static str>,
    /// The longest value taken (text fields), 0 for none.
    pub max: usize,
}

impl Field {
    /// A field of `kind` with nothing chosen or filled in yet.
    pub fn new(name: impl Into<Cow<'static, str>>, kind: &'static str, label: String) -> Self {
        Self {
            name: name.into(),
            kind,
            label,
            hint: None,
            link: None,
            error: None,
            value: String::new(),
            choices: Vec::new(),
            required: true,
            autocomplete: None,
            max: 0,
        }
    }

    /// The id the error summary links to: the input, or a group's first one.
    pub fn target(&self) -> String {
        match self.kind {
            "checkboxes" | "radios" => format!("{}-1", self.name),
            _ => self.name.to_string(),
        }
    }

    /// The ids of the hint and the error that describe the input, if any.
    pub fn described_by(&self) -> Option<String> {
        let hint =
            (self.hint.is_some() || self.link.is_some()).then(|| format!("{}-hint", self.name));
        let error = self.error.as_ref().map(|_| format!("{}-error", self.name));
        let ids: Vec<String> = hint.into_iter().chain(error).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// Whether the checkbox is ticked.
    pub fn checked(&self) -> bool {
        self.value == "true"
    }
}

/// Puts each refusal beside its field, in `t`; a refusal of a field the form does not show
/// goes to `fallback`.
pub fn attach(fields: &mut [Field], errors: &[ApiError], t: Locale, fallback: &str) {
    for error in errors {
        let ApiError::Client { code, field, .. } = error else {
            continue;
        };
        let path = field.as_deref().unwrap_or("");
        // `topics[2]` is the group `topics`.
        let name = path.split('[').next().unwrap_or(path);
        let target = match fields.iter().position(|f| f.name == name) {
            Some(i) => i,
            None => match fields.iter().position(|f| f.name == fallback) {
                Some(i) => i,
                None => continue,
            },
        };
        let field = &mut fields[target];
        if field.error.is_none() {
            field.error = Some(message(t, &field.name, code, field.max));
        }
    }
}

/// A refusal (`code`, from the domain's parsers) of the field `name`, in `t`.
pub fn message(t: Locale, name: &str, code: &str, max: usize) -> String {
    let id = match (name, code) {
        (_, "too_long") => {
            return t.text_with("form-error-too-long", &[("max", (max as i64).into())]);
        }
        (_, "invalid_characters") => "form-error-one-line",
        ("name", _) => "form-error-name",
        ("email", _) => "form-error-email",
        ("organisation", _) => "form-error-organisation",
        ("organisation_type", _) => "form-error-organisation-type",
        ("country", _) => "form-error-country",
        ("language", _) => "form-error-language",
        ("timezone", _) => "form-error-timezone",
        ("topics", _) => "form-error-topics",
        ("consent", _) => "form-error-consent",
        _ => "form-error-invalid",
    };
    t.text(id)
}

/// The choices of a select (or group) of `values` as (value, label), with `chosen` selected.
pub fn choices_of(values: Vec<(String, String)>, chosen: &[&str]) -> Vec<Choice> {
    values
        .into_iter()
        .map(|(value, label)| Choice {
            selected: chosen.contains(&value.as_str()),
            value,
            label,
            lang: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_land_beside_their_fields_in_the_readers_language() {
        let de = Locale::parse("de").unwrap();
        let mut fields = vec![
            Field::new("email", "email", "E-Mail".into()),
            Field::new("topics", "checkboxes", "Themen".into()),
        ];
        let errors = [
            ApiError::invalid(
                "email",
                crate::domain::FieldError::new("invalid_email", "x"),
            ),
            ApiError::invalid(
                "topics[1]",
                crate::domain::FieldError::new("invalid_topic", "x"),
            ),
        ];
        attach(&mut fields, &errors, de, "email");
        assert_eq!(
            fields[0].error.as_deref(),
            Some(de.text("form-error-email").as_str())
        );
        assert!(fields[1].error.is_some());
        assert_eq!(fields[1].target(), "topics-1");
        assert_eq!(fields[0].described_by().as_deref(), Some("email-error"));
    }

    #[test]
    fn the_honeypot_counts_only_when_filled() {
        assert!(!honeypot_filled(&FormData::parse(b"website=&name=Ana")));
        assert!(honeypot_filled(&FormData::parse(
            b"website=http%3A%2F%2Fspam"
        )));
    }
}
