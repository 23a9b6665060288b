use serde::{Deserialize, Serialize};

use super::FieldError;

/// What kind of organisation a registrant comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationType {
    Municipality,
    Ministry,
    Agency,
    Ngo,
    Academia,
    Business,
    Other,
}

impl OrganisationType {
    pub const ALL: [Self; 7] = [
        Self::Municipality,
        Self::Ministry,
        Self::Agency,
        Self::Ngo,
        Self::Academia,
        Self::Business,
        Self::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Municipality => "municipality",
            Self::Ministry => "ministry",
            Self::Agency => "agency",
            Self::Ngo => "ngo",
            Self::Academia => "academia",
            Self::Business => "business",
            Self::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Result<Self, FieldError> {
        let value = value.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == value)
            .ok_or_else(|| {
                FieldError::new(
                    "invalid_organisation_type",
                    "Use municipality, ministry, agency, ngo, academia, business or other.",
                )
            })
    }
}
