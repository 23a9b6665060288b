//! What a sent event form of the console means as the API's [`EventInput`]. Contacts are rows
//! of the form: one more with "add a contact", one less when ticked "remove"; rows left blank
//! are shown again but not sent on. The fields themselves are drawn by
//! [`super::event_form_fields`].

use crate::error::ApiError;
use crate::routes::csrf::FormData;
use crate::routes::events::input::{ContactInput, EventInput, VenueInput};

/// What a sent form holds: the API's input, and the numbers as typed (to show them again).
pub struct EventForm {
    pub input: EventInput,
    pub capacity: String,
    pub max_per_organisation: String,
    /// Refusals found before the API's parser (numbers that are none).
    pub refusals: Vec<ApiError>,
    /// Contact rows left blank (shown again as they were).
    pub blank_rows: usize,
}

fn text(form: &FormData, name: &str) -> Option<String> {
    form.get(name).map(str::to_owned)
}

/// A whole number, blank for none; else refused at `name`.
fn number(form: &FormData, name: &str, refusals: &mut Vec<ApiError>) -> Option<i64> {
    let raw = form.get(name).unwrap_or("").trim();
    if raw.is_empty() {
        return None;
    }
    raw.parse()
        .map_err(|_| {
            refusals.push(ApiError::invalid(
                name,
                crate::domain::FieldError::new("invalid_number", "Enter a whole number."),
            ))
        })
        .ok()
}

/// Codes or tags typed with commas or spaces between them.
fn list(form: &FormData, name: &str) -> Option<Vec<String>> {
    let raw = form.get(name)?;
    Some(
        raw.split([',', ' ', ';'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

impl EventForm {
    /// The form as sent (`contact_rows` says how many rows of contacts it showed).
    pub fn from_form(form: &FormData) -> Self {
        let mut refusals = Vec::new();
        let venue = VenueInput {
            name: text(form, "venue-name"),
            address: text(form, "venue-address"),
            city: text(form, "venue-city"),
            country: text(form, "venue-country"),
        };
        let rows: usize = form
            .get("contact_rows")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let (contacts, blank): (Vec<ContactInput>, Vec<ContactInput>) = (0..rows.min(20))
            .filter(|i| form.get(&format!("contact-{i}-remove")) != Some("true"))
            .map(|i| ContactInput {
                name: text(form, &format!("contact-{i}-name")),
                role: text(form, &format!("contact-{i}-role")),
                audience: text(form, &format!("contact-{i}-audience")),
                email: text(form, &format!("contact-{i}-email")),
                phone: text(form, &format!("contact-{i}-phone")),
            })
            .partition(|c| {
                [&c.name, &c.role, &c.audience, &c.email, &c.phone]
                    .iter()
                    .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
            });
        let input = EventInput {
            title: text(form, "title"),
            summary: text(form, "summary"),
            description: text(form, "description"),
            starts_at: text(form, "starts_at"),
            ends_at: text(form, "ends_at"),
            timezone: text(form, "timezone"),
            languages: list(form, "languages"),
            format: text(form, "format"),
            venue: (venue.name.is_some() || venue.city.is_some() || venue.address.is_some())
                .then_some(venue),
            online_url: text(form, "online_url"),
            contacts: Some(contacts),
            series: text(form, "series"),
            topics: list(form, "topics"),
            capacity: number(form, "capacity", &mut refusals),
            registration_opens_at: text(form, "registration_opens_at"),
            registration_closes_at: text(form, "registration_closes_at"),
            slug: text(form, "slug"),
            max_per_organisation: number(form, "max_per_organisation", &mut refusals),
            approval_required: Some(form.get("approval_required") == Some("true")),
        };
        Self {
            capacity: form.get("capacity").unwrap_or("").to_owned(),
            max_per_organisation: form.get("max_per_organisation").unwrap_or("").to_owned(),
            input,
            refusals,
            blank_rows: blank.len(),
        }
    }

    /// The form of a stored event (or of an empty one).
    pub fn of(input: EventInput) -> Self {
        Self {
            capacity: input.capacity.map(|n| n.to_string()).unwrap_or_default(),
            max_per_organisation: input
                .max_per_organisation
                .map(|n| n.to_string())
                .unwrap_or_default(),
            input,
            refusals: Vec::new(),
            blank_rows: 0,
        }
    }
}
