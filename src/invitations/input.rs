//! An invitation batch as coordinators send it: JSON, or the named invitees as CSV.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::db::models::SubscriberAudience;
use crate::domain::{Country, Email, FieldError, OrganisationType};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::newsletter::{parse_name, parse_topics};
use crate::openapi::schemas::{
    EmailAddress, Language, TopicTag, optional_country, optional_language, optional_line,
    optional_organisation_type, optional_text,
};

/// Invitees per batch at most.
const MAX_INVITEES: usize = 5_000;
/// Refused lines of a CSV reported at most.
pub const MAX_REFUSALS: usize = 50;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    /// Confirmed newsletter subscribers to invite, optionally narrowed; `null` for none.
    #[serde(
        default,
        deserialize_with = "crate::domain::json_object::optional_object"
    )]
    #[schema(nullable)]
    pub subscribers: Option<AudienceInput>,
    /// Named people to invite.
    #[serde(
        default,
        deserialize_with = "crate::domain::json_object::optional_objects"
    )]
    #[schema(nullable, max_items = 5000)]
    pub invitees: Option<Vec<InviteeInput>>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceInput {
    /// Subscribers who chose one of these topics (or none at all); empty for all.
    #[schema(value_type = Option<Vec<TopicTag>>, max_items = 50)]
    pub topics: Option<Vec<String>>,
    /// Subscribers reading one of these languages; empty for all.
    #[schema(value_type = Option<Vec<Language>>)]
    pub languages: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteeInput {
    #[schema(schema_with = optional_line::<200>)]
    pub name: Option<String>,
    #[schema(value_type = EmailAddress, required = true)]
    pub email: Option<String>,
    #[schema(schema_with = optional_text::<300>)]
    pub organisation: Option<String>,
    #[schema(schema_with = optional_organisation_type)]
    pub organisation_type: Option<String>,
    #[schema(schema_with = optional_country)]
    pub country: Option<String>,
    /// The language of the mails (default en); blank or `null` for the default.
    #[schema(schema_with = optional_language)]
    pub language: Option<String>,
}

/// A named invitee, validated.
#[derive(Debug, Clone)]
pub struct Invitee {
    pub name: Option<String>,
    pub email: Email,
    pub organisation: Option<String>,
    pub organisation_type: Option<OrganisationType>,
    pub country: Option<Country>,
    pub language: Locale,
}

/// A validated batch.
#[derive(Debug, Clone)]
pub struct BatchRequest {
    pub subscribers: Option<SubscriberAudience>,
    pub invitees: Vec<Invitee>,
}

fn at(path: String) -> impl FnOnce(FieldError) -> ApiError {
    move |error| ApiError::invalid(path, error)
}

impl InviteeInput {
    fn parse(&self, path: &str) -> Result<Invitee, ApiError> {
        let present = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        Ok(Invitee {
            name: parse_name(self.name.as_deref(), &format!("{path}.name"))?,
            email: Email::parse(self.email.as_deref().unwrap_or(""))
                .map_err(at(format!("{path}.email")))?,
            organisation: crate::domain::optional_text(self.organisation.as_deref(), 300)
                .map_err(at(format!("{path}.organisation")))?,
            organisation_type: present(&self.organisation_type)
                .map(|t| OrganisationType::parse(&t))
                .transpose()
                .map_err(at(format!("{path}.organisation_type")))?,
            country: present(&self.country)
                .map(|c| Country::parse(&c))
                .transpose()
                .map_err(at(format!("{path}.country")))?,
            language: match present(&self.language) {
                Some(code) => Locale::parse(&code).map_err(at(format!("{path}.language")))?,
                None => Locale::fallback(),
            },
        })
    }
}

impl BatchInput {
    pub fn parse(&self) -> Result<BatchRequest, ApiError> {
        let subscribers = match &self.subscribers {
            None => None,
            Some(audience) => {
                let topics = parse_topics(
                    audience.topics.iter().flatten().map(String::as_str),
                    "subscribers.topics",
                )?;
                let mut languages = Vec::new();
                for (i, code) in audience.languages.iter().flatten().enumerate() {
                    let locale =
                        Locale::parse(code).map_err(at(format!("subscribers.languages[{i}]")))?;
                    languages.push(locale.code().to_owned());
                }
                Some(SubscriberAudience {
                    topics: topics.iter().map(|t| t.as_str().to_owned()).collect(),
                    languages,
                })
            }
        };
        let inputs = self.invitees.as_deref().unwrap_or_default();
        if inputs.len() > MAX_INVITEES {
            return Err(ApiError::invalid(
                "invitees",
                FieldError::new(
                    "too_many",
                    format!("At most {MAX_INVITEES} invitees per batch."),
                ),
            ));
        }
        let invitees = inputs
            .iter()
            .enumerate()
            .map(|(i, input)| input.parse(&format!("invitees[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        if subscribers.is_none() && invitees.is_empty() {
            return Err(ApiError::invalid(
                "invitees",
                FieldError::new("required", "Invite subscribers, named invitees, or both."),
            ));
        }
        Ok(BatchRequest {
            subscribers,
            invitees,
        })
    }
}

/// Named invitees from CSV with the header `name,email,organisation,organisation_type,country,
/// language` (any order; only `email` is required). Any invalid row refuses the whole file,
/// naming its line, so that nothing is half sent. An address named twice stays in, for the
/// batch to report it as a duplicate.
pub fn invitees_from_csv(bytes: &[u8]) -> Result<BatchRequest, ApiError> {
    invitees_from_csv_all(bytes).map_err(|mut refusals| refusals.swap_remove(0))
}

/// Like [`invitees_from_csv`], with every refusal (up to [`MAX_REFUSALS`]), each naming its
/// line, for a form to show them all at once.
pub fn invitees_from_csv_all(bytes: &[u8]) -> Result<BatchRequest, Vec<ApiError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            vec![ApiError::bad_request(
                "malformed_csv",
                format!("The CSV header cannot be read: {e}"),
            )]
        })?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    const COLUMNS: [&str; 6] = [
        "name",
        "email",
        "organisation",
        "organisation_type",
        "country",
        "language",
    ];
    if let Some(unknown) = header.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(vec![ApiError::invalid(
            "header",
            FieldError::new(
                "unknown_column",
                format!(
                    "Unknown column {unknown:?}; the columns are {}.",
                    COLUMNS.join(",")
                ),
            ),
        )]);
    }
    let mut refusals = Vec::new();
    let mut invitees = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                refusals.push(ApiError::bad_request(
                    "malformed_csv",
                    format!("The CSV cannot be read: {e}"),
                ));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .map(str::to_owned)
        };
        let input = InviteeInput {
            name: cell("name"),
            email: cell("email"),
            organisation: cell("organisation"),
            organisation_type: cell("organisation_type"),
            country: cell("country"),
            language: cell("language"),
        };
        match input.parse(&format!("line {line}")) {
            Ok(invitee) => invitees.push(invitee),
            Err(refusal) if refusals.len() < MAX_REFUSALS => refusals.push(refusal),
            Err(_) => {}
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    if invitees.is_empty() {
        return Err(vec![ApiError::invalid(
            "invitees",
            FieldError::new("required", "The file names nobody to invite."),
        )]);
    }
    if invitees.len() > MAX_INVITEES {
        return Err(vec![ApiError::invalid(
            "invitees",
            FieldError::new(
                "too_many",
                format!("At most {MAX_INVITEES} invitees per batch."),
            ),
        )]);
    }
    Ok(BatchRequest {
        subscribers: None,
        invitees,
    })
}
