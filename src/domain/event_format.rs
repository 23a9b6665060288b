use serde::{Deserialize, Serialize};

use super::FieldError;

/// How an event takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventFormat {
    Online,
    InPerson,
    Hybrid,
}

impl EventFormat {
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        match value.trim() {
            "online" => Ok(Self::Online),
            "in_person" => Ok(Self::InPerson),
            "hybrid" => Ok(Self::Hybrid),
            other => Err(FieldError::new(
                "invalid_format",
                format!("{other:?} is not one of online, in_person, hybrid."),
            )),
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::InPerson => "in_person",
            Self::Hybrid => "hybrid",
        }
    }

    /// Whether participants meet at a venue.
    pub fn has_venue(&self) -> bool {
        !matches!(self, Self::Online)
    }
}
