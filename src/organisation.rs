//! The organisation that runs this dialogo: the name that signs its mails, the imprint line
//! (postal address, legal form) its footers carry, its privacy notice and the address people
//! may write to. Mails show them at their end and pages in their footer.
//!
//! A fresh install needs none of the settings: it signs with the sender's name (else as
//! "dialogo"), points to `<DIALOGO_PUBLIC_URL>/privacy` and gives the sender's address as the
//! contact.

use crate::config::error::ConfigError;
use crate::domain::Email;

/// The organiser's identity, from `DIALOGO_ORG_NAME`, `DIALOGO_ORG_IMPRINT`,
/// `DIALOGO_PRIVACY_URL` and `DIALOGO_CONTACT_EMAIL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// The name mails are signed and sent on behalf of.
    pub name: String,
    /// One line of postal address or imprint; none by default.
    pub imprint: Option<String>,
    /// The privacy notice, as an absolute http(s) URL.
    pub privacy_url: url::Url,
    /// The address people may write to about the organisation and their data.
    pub contact_email: Email,
}

/// The longest name and imprint line taken: they are printed on one line of every mail.
const MAX_NAME: usize = 200;
const MAX_IMPRINT: usize = 500;

impl Organisation {
    /// Reads the settings through `get` (a variable's value, `None` where unset or blank);
    /// the defaults derive from the public URL and the sender.
    pub fn parse(
        get: impl Fn(&'static str) -> Option<String>,
        public_url: &url::Url,
        mail_from: &lettre::message::Mailbox,
    ) -> Result<Self, ConfigError> {
        let fail = |variable: &'static str| move |reason: String| ConfigError { variable, reason };
        let name = match get("DIALOGO_ORG_NAME") {
            Some(name) => one_line(&name, MAX_NAME).map_err(fail("DIALOGO_ORG_NAME"))?,
            None => mail_from
                .name
                .as_deref()
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .unwrap_or("dialogo")
                .to_owned(),
        };
        let imprint = get("DIALOGO_ORG_IMPRINT")
            .map(|imprint| one_line(&imprint, MAX_IMPRINT))
            .transpose()
            .map_err(fail("DIALOGO_ORG_IMPRINT"))?;
        let privacy_url = match get("DIALOGO_PRIVACY_URL") {
            Some(url) => web_url(&url).map_err(fail("DIALOGO_PRIVACY_URL"))?,
            None => default_privacy_url(public_url),
        };
        let contact_email = match get("DIALOGO_CONTACT_EMAIL") {
            Some(address) => Email::parse(&address).map_err(|_| {
                format!("{address:?} is not an email address such as info@example.org")
            }),
            None => Email::parse(mail_from.email.as_ref()).map_err(|_| {
                format!(
                    "the sender's address {} (DIALOGO_MAIL_FROM) cannot serve as the contact; \
                     set an address such as info@example.org",
                    mail_from.email
                )
            }),
        }
        .map_err(fail("DIALOGO_CONTACT_EMAIL"))?;
        Ok(Self {
            name,
            imprint,
            privacy_url,
            contact_email,
        })
    }
}

fn default_privacy_url(public_url: &url::Url) -> url::Url {
    let base = public_url.as_str().trim_end_matches('/');
    url::Url::parse(&format!("{base}/privacy")).expect("the public URL with a path is a URL")
}

/// `value` trimmed, if it is one line of at most `max` characters.
fn one_line(value: &str, max: usize) -> Result<String, String> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err("must be one line, without control characters".to_owned());
    }
    if value.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    Ok(value.to_owned())
}

fn web_url(value: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(value.trim()).map_err(|e| format!("{value:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{value:?} must be an http(s) URL with a host"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(vars: &[(&str, &str)]) -> Result<Organisation, ConfigError> {
        let public_url = url::Url::parse("https://events.example.org").unwrap();
        let from = "Secretariat <noreply@events.example.org>".parse().unwrap();
        Organisation::parse(
            |name| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            },
            &public_url,
            &from,
        )
    }

    #[test]
    fn a_fresh_install_signs_with_the_senders_name_and_address() {
        let org = parse(&[]).unwrap();
        assert_eq!(org.name, "Secretariat");
        assert_eq!(org.imprint, None);
        assert_eq!(
            org.privacy_url.as_str(),
            "https://events.example.org/privacy"
        );
        assert_eq!(org.contact_email.as_str(), "noreply@events.example.org");
        let public_url = url::Url::parse("https://events.example.org").unwrap();
        let bare = "noreply@events.example.org".parse().unwrap();
        let org = Organisation::parse(|_| None, &public_url, &bare).unwrap();
        assert_eq!(org.name, "dialogo", "without a sender's name");
    }

    #[test]
    fn the_settings_replace_the_defaults() {
        let org = parse(&[
            ("DIALOGO_ORG_NAME", " Agência Exemplo "),
            ("DIALOGO_ORG_IMPRINT", "Rua A 1, 70000-000 Brasília"),
            (
                "DIALOGO_PRIVACY_URL",
                "https://agency.example.org/datenschutz",
            ),
            ("DIALOGO_CONTACT_EMAIL", "info@agency.example.org"),
        ])
        .unwrap();
        assert_eq!(org.name, "Agência Exemplo");
        assert_eq!(org.imprint.as_deref(), Some("Rua A 1, 70000-000 Brasília"));
        assert_eq!(
            org.privacy_url.as_str(),
            "https://agency.example.org/datenschutz"
        );
        assert_eq!(org.contact_email.as_str(), "info@agency.example.org");
    }

    #[test]
    fn bad_values_name_their_variable() {
        let long = "x".repeat(MAX_NAME + 1);
        for (variable, value) in [
            ("DIALOGO_ORG_NAME", "Agency\nBcc: x@example.org"),
            ("DIALOGO_ORG_NAME", long.as_str()),
            ("DIALOGO_ORG_IMPRINT", "Street 1\r\nCity"),
            ("DIALOGO_PRIVACY_URL", "/privacy"),
            ("DIALOGO_PRIVACY_URL", "mailto:privacy@example.org"),
            ("DIALOGO_CONTACT_EMAIL", "Info <info@example.org>"),
        ] {
            let err = parse(&[(variable, value)]).unwrap_err();
            assert_eq!(err.variable, variable, "{value:?}");
        }
    }
}
