//! The console's agenda form: one group of fields per item (times, title, kind, description,
//! its speakers as rows), what a sent form means as the API's [`AgendaInput`], and each
//! refusal beside its field. Items are kept in the order of their start when saved.

use crate::domain::format_wall_clock;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::mail::schedule_mail::kind_label;
use crate::routes::csrf::FormData;
use crate::routes::form::{Choice, Field, Fields};
use crate::schedule::agenda::{AgendaInput, AgendaItemInput, KINDS, SpeakerInput};
use crate::schedule::plan::AgendaItem;

/// Rows at most, whatever a form claims.
const MAX_ROWS: usize = 200;

fn text(form: &FormData, name: &str) -> Option<String> {
    form.get(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The agenda a sent form describes: rows ticked "remove" and rows left blank are left out.
pub fn from_form(form: &FormData) -> AgendaInput {
    let count = |name: &str| {
        form.get(name)
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
            .min(MAX_ROWS)
    };
    let items = (0..count("item_rows"))
        .filter(|i| form.get(&format!("item-{i}-remove")) != Some("true"))
        .map(|i| AgendaItemInput {
            starts_at: text(form, &format!("item-{i}-starts_at")),
            ends_at: text(form, &format!("item-{i}-ends_at")),
            title: text(form, &format!("item-{i}-title")),
            description: text(form, &format!("item-{i}-description")),
            kind: text(form, &format!("item-{i}-kind")),
            speakers: (0..count(&format!("item-{i}-speaker_rows")))
                .map(|j| SpeakerInput {
                    name: text(form, &format!("item-{i}-speaker-{j}-name")),
                    affiliation: text(form, &format!("item-{i}-speaker-{j}-affiliation")),
                    role: text(form, &format!("item-{i}-speaker-{j}-role")),
                })
                .filter(|s| s.name.is_some() || s.affiliation.is_some() || s.role.is_some())
                .collect(),
        })
        .filter(|item| {
            item.starts_at.is_some()
                || item.ends_at.is_some()
                || item.title.is_some()
                || item.description.is_some()
                || !item.speakers.is_empty()
        })
        .collect();
    AgendaInput {
        published: form.get("published") == Some("true"),
        items,
    }
}

/// The stored agenda as the form's input, in the event's zone `tz`.
pub fn of_items(published: bool, items: &[AgendaItem], tz: chrono_tz::Tz) -> AgendaInput {
    AgendaInput {
        published,
        items: items
            .iter()
            .map(|item| AgendaItemInput {
                starts_at: Some(format_wall_clock(item.starts_at, tz)),
                ends_at: Some(format_wall_clock(item.ends_at, tz)),
                title: Some(item.title.clone()),
                description: item.description.clone(),
                kind: Some(item.kind.clone()),
                speakers: item
                    .speakers
                    .iter()
                    .map(|s| SpeakerInput {
                        name: Some(s.name.clone()),
                        affiliation: s.affiliation.clone(),
                        role: s.role.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The form's fields: the publish switch, then a group per item (with `extra_items` blank
/// ones at the end), each with its speakers and one blank speaker row.
pub struct Drawn {
    pub fields: Fields,
    /// (legend, range of fields, number of speaker rows) per item; the first group is the
    /// publish switch.
    pub groups: Vec<(String, std::ops::Range<usize>)>,
    pub item_rows: usize,
    pub speaker_rows: Vec<usize>,
}

fn field(
    name: String,
    kind: &'static str,
    label: String,
    value: Option<&str>,
    max: usize,
) -> Field {
    Field {
        value: value.unwrap_or("").to_owned(),
        max,
        required: false,
        ..Field::new(name, kind, label)
    }
}

/// The fields of `agenda` in `t`, each refusal beside its field.
pub fn draw(t: Locale, agenda: &AgendaInput, extra_items: usize, refusals: &[ApiError]) -> Drawn {
    let mut fields = vec![field(
        "published".into(),
        "checkbox",
        t.text("console-agenda-published"),
        Some(if agenda.published { "true" } else { "" }),
        0,
    )];
    let mut groups = vec![(t.text("console-agenda-publishing"), 0..1)];
    let blank = AgendaItemInput::default();
    let rows = agenda.items.len() + extra_items;
    let mut speaker_rows = Vec::with_capacity(rows);
    for i in 0..rows {
        let item = agenda.items.get(i).unwrap_or(&blank);
        let start = fields.len();
        let kind = item.kind.clone().unwrap_or_else(|| "talk".to_owned());
        let kinds = KINDS
            .iter()
            .map(|k| Choice {
                value: (*k).to_owned(),
                label: kind_label(t, k).unwrap_or_else(|| t.text("console-kind-other")),
                selected: *k == kind,
                lang: None,
            })
            .collect();
        fields.extend([
            field(
                format!("item-{i}-starts_at"),
                "datetime-local",
                t.text("console-label-starts"),
                item.starts_at.as_deref(),
                0,
            ),
            field(
                format!("item-{i}-ends_at"),
                "datetime-local",
                t.text("console-label-ends"),
                item.ends_at.as_deref(),
                0,
            ),
            field(
                format!("item-{i}-title"),
                "text",
                t.text("console-label-title"),
                item.title.as_deref(),
                300,
            ),
            Field {
                choices: kinds,
                ..field(
                    format!("item-{i}-kind"),
                    "select",
                    t.text("console-label-kind"),
                    None,
                    0,
                )
            },
            field(
                format!("item-{i}-description"),
                "textarea",
                t.text("console-label-description"),
                item.description.as_deref(),
                5000,
            ),
        ]);
        let speakers = item.speakers.len() + 1;
        for j in 0..speakers {
            let speaker = item.speakers.get(j).cloned().unwrap_or_default();
            let number = j as i64 + 1;
            let label = |id: &str| t.text_with(id, &[("number", number.into())]);
            fields.extend([
                field(
                    format!("item-{i}-speaker-{j}-name"),
                    "text",
                    label("console-label-speaker-name"),
                    speaker.name.as_deref(),
                    200,
                ),
                field(
                    format!("item-{i}-speaker-{j}-affiliation"),
                    "text",
                    label("console-label-speaker-affiliation"),
                    speaker.affiliation.as_deref(),
                    300,
                ),
                field(
                    format!("item-{i}-speaker-{j}-role"),
                    "text",
                    label("console-label-speaker-role"),
                    speaker.role.as_deref(),
                    200,
                ),
            ]);
        }
        fields.push(field(
            format!("item-{i}-remove"),
            "checkbox",
            t.text("console-label-item-remove"),
            None,
            0,
        ));
        let legend = t.text_with("console-agenda-item", &[("number", (i as i64 + 1).into())]);
        groups.push((legend, start..fields.len()));
        speaker_rows.push(speakers);
    }
    let mut fields = Fields(fields);
    fields.attach_each(refusals, field_of, |code, max| message(t, code, max));
    Drawn {
        fields,
        groups,
        item_rows: rows,
        speaker_rows,
    }
}

/// The form field of a refusal at the API's `path`, e.g. `items[1].speakers[0].name` →
/// `item-1-speaker-0-name`.
fn field_of(path: &str) -> String {
    path.replace("items[", "item-")
        .replace("speakers[", "speaker-")
        .replace("].", "-")
        .replace(']', "")
}

fn message(t: Locale, code: &str, max: usize) -> String {
    let id = match code {
        "too_long" => return t.text_with("form-error-too-long", &[("max", (max as i64).into())]),
        "required" => "console-error-required",
        "ends_before_start" => "console-error-item-ends-before-start",
        "outside_event" => "console-error-outside-event",
        "invalid_datetime" | "offset_mismatch" => "console-error-time",
        "nonexistent_local_time" => "console-error-time-gap",
        "ambiguous_local_time" => "console-error-time-ambiguous",
        "invalid_characters" => "form-error-one-line",
        _ => "form-error-invalid",
    };
    t.text(id)
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn refusals_find_their_fields() {
        assert_eq!(field_of("items[2].title"), "item-2-title");
        assert_eq!(
            field_of("items[0].speakers[1].name"),
            "item-0-speaker-1-name"
        );
    }
}
