//! The console's event form as fields: grouped (about, when, where, registration, a group per
//! contact), named so that a refusal of the API's parser lands beside its field, and each
//! refusal said in the reader's language.

use std::ops::Range;

use super::event_form::EventForm;
use crate::domain::EventFormat;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::routes::form::choices::{countries, time_zones};
use crate::routes::form::{Choice, Field, Fields};

/// The sub-fields of a contact as the API names them, their inputs' kinds and labels.
const CONTACT: [(&str, &str, &str); 5] = [
    ("name", "text", "console-label-contact-name"),
    ("role", "text", "console-label-contact-role"),
    ("audience", "text", "console-label-contact-audience"),
    ("email", "email", "console-label-contact-email"),
    ("phone", "tel", "console-label-contact-phone"),
];
/// The text sub-fields of a venue and their labels (the country is a select).
const VENUE: [(&str, &str); 3] = [
    ("name", "console-label-venue-name"),
    ("address", "console-label-venue-address"),
    ("city", "console-label-venue-city"),
];

/// The form's fields in groups: (legend, the range of [`Fields`] it holds).
pub struct Drawn {
    pub fields: Fields,
    pub groups: Vec<(String, Range<usize>)>,
    pub contact_rows: usize,
}

fn field(
    name: impl Into<std::borrow::Cow<'static, str>>,
    kind: &'static str,
    label: String,
    value: &Option<String>,
    max: usize,
) -> Field {
    Field {
        value: value.clone().unwrap_or_default(),
        max,
        required: false,
        ..Field::new(name, kind, label)
    }
}

/// The fields of `form` in `t`, with `extra_contacts` empty contact rows more, and each of
/// `refusals` beside its field.
pub fn draw(t: Locale, form: &EventForm, extra_contacts: usize, refusals: &[ApiError]) -> Drawn {
    let i = &form.input;
    let label = |id: &str| t.text(id);
    let mut fields = Vec::new();
    let mut groups = Vec::new();
    let mut group = |legend: String, fields: &mut Vec<Field>, new: Vec<Field>| {
        let start = fields.len();
        fields.extend(new);
        groups.push((legend, start..fields.len()));
    };
    let required = |mut f: Field| {
        f.required = true;
        f
    };
    let hinted = |mut f: Field, hint: &str| {
        f.hint = Some(t.text(hint));
        f
    };
    let join = |v: &Option<Vec<String>>| Some(v.clone().unwrap_or_default().join(", "));
    group(
        label("console-form-about"),
        &mut fields,
        vec![
            required(field(
                "title",
                "text",
                label("console-label-title"),
                &i.title,
                300,
            )),
            field(
                "summary",
                "text",
                label("console-label-summary"),
                &i.summary,
                2000,
            ),
            hinted(
                field(
                    "description",
                    "textarea",
                    label("console-label-description"),
                    &i.description,
                    100_000,
                ),
                "console-hint-markdown",
            ),
            hinted(
                required(field(
                    "languages",
                    "text",
                    label("console-label-languages"),
                    &join(&i.languages),
                    200,
                )),
                "console-hint-languages",
            ),
            field(
                "series",
                "text",
                label("console-label-series"),
                &i.series,
                200,
            ),
            hinted(
                field(
                    "topics",
                    "text",
                    label("console-label-topics"),
                    &join(&i.topics),
                    500,
                ),
                "console-hint-topics",
            ),
            hinted(
                field("slug", "text", label("console-label-slug"), &i.slug, 100),
                "console-hint-slug",
            ),
        ],
    );
    let zone = i.timezone.clone().unwrap_or_default();
    let mut zones = time_zones(t, &zone);
    if let Some(first) = zones.first_mut() {
        first.label = t.text("form-choose");
    }
    group(
        label("console-form-when"),
        &mut fields,
        vec![
            required(Field {
                choices: zones,
                ..field(
                    "timezone",
                    "select",
                    label("console-label-timezone"),
                    &None,
                    0,
                )
            }),
            hinted(
                required(field(
                    "starts_at",
                    "datetime-local",
                    label("console-label-starts"),
                    &i.starts_at,
                    0,
                )),
                "console-hint-local-time",
            ),
            hinted(
                required(field(
                    "ends_at",
                    "datetime-local",
                    label("console-label-ends"),
                    &i.ends_at,
                    0,
                )),
                "console-hint-local-time",
            ),
        ],
    );
    let format = i.format.clone().unwrap_or_default();
    let formats = [
        EventFormat::Online,
        EventFormat::InPerson,
        EventFormat::Hybrid,
    ]
    .into_iter()
    .map(|f| Choice {
        value: f.as_str().to_owned(),
        label: t.text(crate::routes::pages::format_label(f)),
        selected: f.as_str() == format,
        lang: None,
    })
    .collect();
    let venue = i.venue.clone().unwrap_or_default();
    let venue_values = [&venue.name, &venue.address, &venue.city];
    let mut place = vec![required(Field {
        choices: formats,
        ..field("format", "radios", label("console-label-format"), &None, 0)
    })];
    for ((sub, text), value) in VENUE.iter().zip(venue_values) {
        place.push(field(
            format!("venue-{sub}"),
            "text",
            label(text),
            value,
            500,
        ));
    }
    place.push(Field {
        choices: countries(t, venue.country.as_deref().unwrap_or("")),
        ..field(
            "venue-country",
            "select",
            label("console-label-venue-country"),
            &None,
            0,
        )
    });
    place.push(hinted(
        field(
            "online_url",
            "url",
            label("console-label-online-url"),
            &i.online_url,
            2000,
        ),
        "console-hint-online-url",
    ));
    group(label("console-form-where"), &mut fields, place);
    group(
        label("console-form-registration"),
        &mut fields,
        vec![
            hinted(
                field(
                    "capacity",
                    "number",
                    label("console-label-capacity"),
                    &Some(form.capacity.clone()),
                    0,
                ),
                "console-hint-capacity",
            ),
            field(
                "max_per_organisation",
                "number",
                label("console-label-per-organisation"),
                &Some(form.max_per_organisation.clone()),
                0,
            ),
            field(
                "approval_required",
                "checkbox",
                label("console-label-approval"),
                &Some(i.approval_required.unwrap_or(false).to_string()),
                0,
            ),
            hinted(
                field(
                    "registration_opens_at",
                    "datetime-local",
                    label("console-label-opens"),
                    &i.registration_opens_at,
                    0,
                ),
                "console-hint-local-time",
            ),
            hinted(
                field(
                    "registration_closes_at",
                    "datetime-local",
                    label("console-label-closes"),
                    &i.registration_closes_at,
                    0,
                ),
                "console-hint-local-time",
            ),
        ],
    );
    let contacts = i.contacts.clone().unwrap_or_default();
    let rows = contacts.len() + extra_contacts;
    for n in 0..rows {
        let c = contacts.get(n).cloned().unwrap_or_default();
        let values = [&c.name, &c.role, &c.audience, &c.email, &c.phone];
        let mut row: Vec<Field> = CONTACT
            .iter()
            .zip(values)
            .map(|((sub, kind, text), value)| {
                field(format!("contact-{n}-{sub}"), kind, label(text), value, 300)
            })
            .collect();
        row.push(field(
            format!("contact-{n}-remove"),
            "checkbox",
            label("console-label-contact-remove"),
            &None,
            0,
        ));
        let legend = t.text_with("console-form-contact", &[("number", (n as i64 + 1).into())]);
        group(legend, &mut fields, row);
    }
    let mut fields = Fields(fields);
    fields.attach_each(refusals, field_of, |code, max| message(t, code, max));
    Drawn {
        fields,
        groups,
        contact_rows: rows,
    }
}

/// The form field a refusal at the API's `path` belongs beside.
fn field_of(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("contacts[") {
        let (n, sub) = rest.split_once("].").unwrap_or((rest, "name"));
        return format!("contact-{n}-{sub}");
    }
    match path {
        "venue" => "venue-name".to_owned(),
        p if p.starts_with("venue.") => p.replace('.', "-"),
        p => p.split('[').next().unwrap_or(p).to_owned(),
    }
}

/// A refusal's `code` in `t`.
fn message(t: Locale, code: &str, max: usize) -> String {
    let id = match code {
        "too_long" => return t.text_with("form-error-too-long", &[("max", (max as i64).into())]),
        "required" | "empty" => "console-error-required",
        "ends_before_start" => "console-error-ends-before-start",
        "closes_before_opens" => "console-error-closes-before-opens",
        "venue_required" => "console-error-venue-required",
        "invalid_number" | "invalid_capacity" | "invalid_limit" => "console-error-number",
        "invalid_language" => "console-error-languages",
        "invalid_topic" => "console-error-topics",
        "slug_taken" => "console-error-slug-taken",
        "invalid_email" => "form-error-email",
        "invalid_datetime" | "offset_mismatch" => "console-error-time",
        "nonexistent_local_time" => "console-error-time-gap",
        "ambiguous_local_time" => "console-error-time-ambiguous",
        "invalid_url" => "console-error-url",
        "invalid_phone" => "console-error-phone",
        "invalid_slug" => "console-error-slug",
        "invalid_timezone" => "console-error-timezone",
        "invalid_format" => "console-error-format",
        "invalid_characters" => "form-error-one-line",
        _ => "form-error-invalid",
    };
    t.text(id)
}
