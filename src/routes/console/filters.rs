//! The filters above a console list: a GET form of selects and search fields, sent as the
//! list's query so that a filtered list has an address of its own.

use super::labels::Choice;

/// One field of the form.
pub struct Filter {
    pub name: &'static str,
    pub label: String,
    /// The choices of a select, the first usually "all"; empty for a text field.
    pub choices: Vec<Choice>,
    /// A text field's value.
    pub value: String,
}

impl Filter {
    /// A select of `choices`.
    pub fn select(name: &'static str, label: String, choices: Vec<Choice>) -> Self {
        Self {
            name,
            label,
            choices,
            value: String::new(),
        }
    }

    /// A text field holding `value`.
    pub fn text(name: &'static str, label: String, value: &str) -> Self {
        Self {
            name,
            label,
            choices: Vec::new(),
            value: value.to_owned(),
        }
    }
}

/// `all` (value "") then `values` as (value, label), the one equal to `chosen` selected.
pub fn choices(
    all: String,
    values: impl IntoIterator<Item = (String, String)>,
    chosen: &str,
) -> Vec<Choice> {
    std::iter::once((String::new(), all, chosen.is_empty()))
        .chain(values.into_iter().map(|(value, label)| {
            let selected = value == chosen;
            (value, label, selected)
        }))
        .collect()
}
