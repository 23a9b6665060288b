use serde::{Deserialize, Serialize};

use super::{Email, FieldError, optional_text, required_text};

/// A contact person shown on the event page, e.g. "Regional Network Coordinator, for
/// international participants".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub audience: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Contact {
    /// Validates one contact; errors carry the name of the offending sub-field.
    pub fn parse(
        name: Option<&str>,
        role: Option<&str>,
        audience: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Result<Self, (&'static str, FieldError)> {
        let name = required_text(name.unwrap_or(""), 200).map_err(|e| ("name", e))?;
        let role = optional_text(role, 300).map_err(|e| ("role", e))?;
        let audience = optional_text(audience, 300).map_err(|e| ("audience", e))?;
        let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
            Some(email) => Some(Email::parse(email).map_err(|e| ("email", e))?.to_string()),
            None => None,
        };
        let phone = optional_text(phone, 40).map_err(|e| ("phone", e))?;
        if let Some(phone) = &phone {
            let plausible = phone.chars().filter(char::is_ascii_digit).count() >= 3
                && phone
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-()/.".contains(c));
            if !plausible {
                return Err((
                    "phone",
                    FieldError::new("invalid_phone", "This is not a telephone number."),
                ));
            }
        }
        Ok(Self {
            name,
            role,
            audience,
            email,
            phone,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_contact_is_accepted() {
        let contact = Contact::parse(
            Some("Nino Beridze"),
            Some("Regional Network Coordinator"),
            Some("International participants"),
            Some("nino.beridze@example.org"),
            Some("+49 228 4460-0"),
        )
        .unwrap();
        assert_eq!(contact.email.as_deref(), Some("nino.beridze@example.org"));
    }

    #[test]
    fn errors_name_the_sub_field() {
        let err = Contact::parse(Some("N"), None, None, Some("not-an-email"), None).unwrap_err();
        assert_eq!(err.0, "email");
        let err = Contact::parse(None, None, None, None, None).unwrap_err();
        assert_eq!(err.0, "name");
        let err = Contact::parse(Some("N"), None, None, None, Some("call me")).unwrap_err();
        assert_eq!(err.0, "phone");
    }
}
