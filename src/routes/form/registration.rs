//! The registration form: every field of the API's [`RegistrationInput`], as the event's
//! registration page and an invitation's page show it. What it sends becomes that same input,
//! judged by the same parser.

use super::{Field, FormData, Link, choices};
use crate::db::models::Invitation;
use crate::i18n::Locale;
use crate::registrations::RegistrationInput;

/// The form's values, as sent or as filled in from an invitation.
#[derive(Debug, Clone, Default)]
pub struct RegistrationValues {
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub organisation_type: String,
    pub country: String,
    pub position: String,
    pub language: String,
    pub timezone: String,
    pub consent: bool,
}

impl RegistrationValues {
    /// What the browser sent.
    pub fn from_form(form: &FormData) -> Self {
        let value = |name: &str| form.get(name).unwrap_or("").to_owned();
        Self {
            name: value("name"),
            email: value("email"),
            organisation: value("organisation"),
            organisation_type: value("organisation_type"),
            country: value("country"),
            position: value("position"),
            language: value("language"),
            timezone: value("timezone"),
            consent: form.get("consent") == Some("true"),
        }
    }

    /// What the invitation knows of the invitee.
    pub fn from_invitation(invitation: &Invitation) -> Self {
        let known = |value: &Option<String>| value.clone().unwrap_or_default();
        Self {
            name: known(&invitation.name),
            email: invitation.email.clone(),
            organisation: known(&invitation.organisation),
            organisation_type: known(&invitation.organisation_type),
            country: known(&invitation.country),
            language: invitation.language.clone(),
            ..Self::default()
        }
    }

    /// The API's input of these values; empty fields are absent, as a client would send them.
    pub fn input(&self, invitation_token: Option<String>) -> RegistrationInput {
        let given = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        RegistrationInput {
            name: given(&self.name),
            email: given(&self.email),
            organisation: given(&self.organisation),
            organisation_type: given(&self.organisation_type),
            country: given(&self.country),
            position: given(&self.position),
            language: given(&self.language),
            timezone: given(&self.timezone),
            consent: Some(self.consent),
            invitation_token,
        }
    }

    /// The fields in the form's order, in `t`; `email_hint` says what the address is for,
    /// `privacy_url` is linked beside the consent.
    pub fn fields(&self, t: Locale, email_hint: Option<String>, privacy_url: &str) -> Vec<Field> {
        let text = |name, kind, label: &str, value: &str, max, autocomplete| Field {
            value: value.to_owned(),
            max,
            autocomplete: Some(autocomplete),
            ..Field::new(name, kind, t.text(label))
        };
        let language = if self.language.is_empty() {
            t.code()
        } else {
            self.language.as_str()
        };
        vec![
            text(
                "name",
                "text",
                "invitation-label-name",
                &self.name,
                200,
                "name",
            ),
            Field {
                hint: email_hint,
                ..text(
                    "email",
                    "email",
                    "invitation-label-email",
                    &self.email,
                    254,
                    "email",
                )
            },
            text(
                "organisation",
                "text",
                "invitation-label-organisation",
                &self.organisation,
                300,
                "organization",
            ),
            Field {
                choices: choices::organisation_types(t, &self.organisation_type),
                ..Field::new(
                    "organisation_type",
                    "select",
                    t.text("invitation-label-organisation-type"),
                )
            },
            Field {
                choices: choices::countries(t, &self.country),
                autocomplete: Some("country"),
                ..Field::new("country", "select", t.text("invitation-label-country"))
            },
            Field {
                required: false,
                ..text(
                    "position",
                    "text",
                    "form-label-position",
                    &self.position,
                    200,
                    "organization-title",
                )
            },
            Field {
                choices: choices::languages(language),
                ..Field::new("language", "radios", t.text("invitation-label-language"))
            },
            Field {
                choices: choices::time_zones(t, &self.timezone),
                hint: Some(t.text("form-timezone-hint")),
                required: false,
                ..Field::new("timezone", "select", t.text("form-label-timezone"))
            },
            Field {
                value: if self.consent { "true" } else { "" }.to_owned(),
                link: Some(Link {
                    href: privacy_url.to_owned(),
                    text: t.text("form-privacy-link"),
                }),
                ..Field::new("consent", "checkbox", t.text("invitation-consent"))
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_form_sends_is_what_the_api_takes() {
        let form = FormData::parse(
            b"name=Ana&email=ana%40example.org&organisation=City&organisation_type=municipality\
              &country=ge&position=&language=pt&timezone=Asia%2FTbilisi&consent=true",
        );
        let values = RegistrationValues::from_form(&form);
        let parsed = values.input(None).parse().unwrap();
        assert_eq!(parsed.country.code(), "GE");
        assert_eq!(parsed.position, None);
        assert_eq!(parsed.timezone.unwrap().name(), "Asia/Tbilisi");
        let fields = values.fields(Locale::fallback(), None, "/privacy");
        let country = fields.iter().find(|f| f.name == "country").unwrap();
        assert!(
            country
                .choices
                .iter()
                .any(|c| c.selected && c.value == "GE")
        );
        let consent = fields.iter().find(|f| f.name == "consent").unwrap();
        assert!(consent.checked());
    }

    #[test]
    fn every_field_refused_at_once_is_named() {
        let values = RegistrationValues::default();
        let errors = values.input(None).parse_all().unwrap_err();
        let named: Vec<_> = errors
            .iter()
            .filter_map(|e| match e {
                crate::error::ApiError::Client { field, .. } => field.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(
            named,
            [
                "name",
                "email",
                "organisation",
                "organisation_type",
                "country",
                "language",
                "consent"
            ]
        );
    }
}
