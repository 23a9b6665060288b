//! A registration as the public sends it.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::db::models::NewRegistration;
use crate::domain::{Country, Email, FieldError, OrganisationType, TimeZone, required_text};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::openapi::schemas::{
    CountryCode, EmailAddress, Language, consent, line, optional_text, optional_zone,
};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    #[schema(schema_with = line::<200>, required = true)]
    pub name: Option<String>,
    #[schema(value_type = EmailAddress, required = true)]
    pub email: Option<String>,
    #[schema(schema_with = line::<300>, required = true)]
    pub organisation: Option<String>,
    #[schema(value_type = OrganisationType, required = true)]
    pub organisation_type: Option<String>,
    #[schema(value_type = CountryCode, required = true)]
    pub country: Option<String>,
    #[schema(schema_with = optional_text::<200>)]
    pub position: Option<String>,
    /// The language of the mails.
    #[schema(value_type = Language, required = true)]
    pub language: Option<String>,
    /// IANA zone, to show the registrant's own time in mails; blank or `null` for none.
    #[schema(schema_with = optional_zone)]
    pub timezone: Option<String>,
    /// Must be true: consent to the processing of the data for this event.
    #[schema(schema_with = consent, required = true)]
    pub consent: Option<bool>,
    /// From a personal invitation link.
    #[schema(schema_with = optional_text::<200>)]
    pub invitation_token: Option<String>,
}

fn at(path: &'static str) -> impl Fn(FieldError) -> ApiError {
    move |error| ApiError::invalid(path, error)
}

/// Names go into mail greetings and headers: one line only.
fn single_line(value: Option<&str>, max: usize, path: &'static str) -> Result<String, ApiError> {
    let text = required_text(value.unwrap_or(""), max).map_err(at(path))?;
    if value.is_some_and(|v| v.contains(['\n', '\r', '\t'])) {
        return Err(ApiError::invalid(
            path,
            FieldError::new("invalid_characters", "This field must be one line."),
        ));
    }
    Ok(text)
}

/// `result`'s value; its refusal goes to `errors`.
fn keep<T>(errors: &mut Vec<ApiError>, result: Result<T, ApiError>) -> Option<T> {
    result.map_err(|error| errors.push(error)).ok()
}

impl RegistrationInput {
    /// The registration, or the first field refused (the API names one).
    pub fn parse(&self) -> Result<NewRegistration, ApiError> {
        self.parse_all().map_err(|mut errors| errors.remove(0))
    }

    /// The registration, or every field refused, in the order of the fields (a form shows
    /// them all at once).
    pub fn parse_all(&self) -> Result<NewRegistration, Vec<ApiError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let name = keep(e, single_line(self.name.as_deref(), 200, "name"));
        let email = keep(
            e,
            Email::parse(self.email.as_deref().unwrap_or("")).map_err(at("email")),
        );
        let organisation = keep(
            e,
            single_line(self.organisation.as_deref(), 300, "organisation"),
        );
        let organisation_type = keep(
            e,
            OrganisationType::parse(self.organisation_type.as_deref().unwrap_or(""))
                .map_err(at("organisation_type")),
        );
        let country = keep(
            e,
            Country::parse(self.country.as_deref().unwrap_or("")).map_err(at("country")),
        );
        let position = keep(
            e,
            crate::domain::optional_text(self.position.as_deref(), 200).map_err(at("position")),
        );
        let language = keep(
            e,
            Locale::parse(self.language.as_deref().unwrap_or("")).map_err(at("language")),
        );
        let timezone = keep(e, self.timezone());
        let consent = keep(e, self.consent());
        match (
            name,
            email,
            organisation,
            organisation_type,
            country,
            position,
            language,
            timezone,
            consent,
        ) {
            (
                Some(name),
                Some(email),
                Some(organisation),
                Some(organisation_type),
                Some(country),
                Some(position),
                Some(language),
                Some(timezone),
                Some(()),
            ) => Ok(NewRegistration {
                name,
                email,
                organisation,
                organisation_type,
                country,
                position,
                language,
                timezone,
            }),
            _ => Err(errors),
        }
    }

    /// The registrant's zone; blank is none.
    fn timezone(&self) -> Result<Option<TimeZone>, ApiError> {
        match self
            .timezone
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(zone) => Ok(Some(TimeZone::parse(zone).map_err(at("timezone"))?)),
            None => Ok(None),
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
                "Registration needs consent to the processing of the data.",
            ),
        ))
    }
}
