//! The end of every mail in the organisation's voice: its signature under the closing, and a
//! footer naming it with its imprint line, privacy notice and contact address
//! (`templates/mail/layout.*`, `templates/mail/org_footer.*`).

use crate::i18n::Locale;
use crate::organisation::Organisation;

/// The organisation's lines of one mail, in the reader's language.
pub struct Signoff<'a> {
    /// "The Agency team", under the closing.
    pub signature: String,
    /// "This message was sent on behalf of Agency."
    pub footer: String,
    pub imprint: Option<&'a str>,
    pub privacy_label: String,
    pub privacy_url: &'a str,
    pub contact_label: String,
    pub contact: &'a str,
}

impl<'a> Signoff<'a> {
    /// `org`'s lines in `t`.
    pub fn new(t: Locale, org: &'a Organisation) -> Self {
        let name = || [("org", org.name.as_str().into())];
        Self {
            signature: t.text_with("signature", &name()),
            footer: t.text_with("footer", &name()),
            imprint: org.imprint.as_deref(),
            privacy_label: t.text("footer-privacy"),
            privacy_url: org.privacy_url.as_str(),
            contact_label: t.text("footer-contact"),
            contact: org.contact_email.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_the_organisation_in_signature_and_footer() {
        let public_url = url::Url::parse("https://events.example.org").unwrap();
        let from = "noreply@events.example.org".parse().unwrap();
        let org = Organisation::parse(
            |name| (name == "DIALOGO_ORG_NAME").then(|| "Agência Exemplo".to_owned()),
            &public_url,
            &from,
        )
        .unwrap();
        for &t in Locale::all() {
            let signoff = Signoff::new(t, &org);
            assert!(signoff.signature.contains("Agência Exemplo"), "{t}");
            assert!(signoff.footer.contains("Agência Exemplo"), "{t}");
            assert_eq!(signoff.privacy_url, "https://events.example.org/privacy");
            assert_eq!(signoff.contact, "noreply@events.example.org");
        }
    }
}
