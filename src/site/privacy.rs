//! The privacy notice the pages show at `/privacy`: the operator's, a Markdown file per
//! language in `DIALOGO_PRIVACY_NOTICE_DIR` with its version in
//! `DIALOGO_PRIVACY_NOTICE_VERSION`, or else the built-in one (`locales/<code>/privacy.md`).
//! Either way every language has one, checked at start.

use std::collections::HashMap;

use crate::config::error::ConfigError;
use crate::i18n::Locale;

/// The version of the built-in notice; it changes whenever one of its texts does.
pub const BUILT_IN_VERSION: &str = "dialogo-2026-12";

/// The file each language's notice is in.
const FILE: &str = "privacy.md";

/// The notice in every language, and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivacyNotice {
    pub version: String,
    /// Markdown by language code.
    texts: HashMap<&'static str, String>,
}

impl PrivacyNotice {
    /// The built-in notice.
    pub fn built_in() -> Self {
        let texts = Locale::all()
            .iter()
            .map(|l| {
                let text = l.document(FILE).expect("every language has privacy.md");
                (l.code(), text.to_owned())
            })
            .collect();
        Self {
            version: BUILT_IN_VERSION.to_owned(),
            texts,
        }
    }

    /// The operator's notice where `DIALOGO_PRIVACY_NOTICE_DIR` is set (then its version is
    /// needed too), else the built-in one.
    pub fn parse(lookup: impl Fn(&'static str) -> Option<String>) -> Result<Self, ConfigError> {
        let Some(dir) = lookup("DIALOGO_PRIVACY_NOTICE_DIR") else {
            return Ok(Self::built_in());
        };
        let fail = |reason: String| ConfigError {
            variable: "DIALOGO_PRIVACY_NOTICE_DIR",
            reason,
        };
        let version = lookup("DIALOGO_PRIVACY_NOTICE_VERSION").ok_or(ConfigError {
            variable: "DIALOGO_PRIVACY_NOTICE_VERSION",
            reason: "is needed with DIALOGO_PRIVACY_NOTICE_DIR: the version consents refer to"
                .into(),
        })?;
        let mut texts = HashMap::new();
        for locale in Locale::all() {
            let path = std::path::Path::new(&dir).join(format!("{}.md", locale.code()));
            let text = std::fs::read_to_string(&path)
                .map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
            texts.insert(locale.code(), text);
        }
        Ok(Self {
            version: version.trim().to_owned(),
            texts,
        })
    }

    /// The notice in `locale`, as Markdown.
    pub fn text(&self, locale: Locale) -> &str {
        self.texts.get(locale.code()).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_notice_speaks_every_language() {
        let notice = PrivacyNotice::built_in();
        for locale in Locale::all() {
            assert!(notice.text(*locale).starts_with("# "), "{locale}");
        }
    }

    #[test]
    fn an_operators_notice_needs_every_language_and_a_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_str().unwrap().to_owned();
        let lookup = |with_version: bool| {
            let path = path.clone();
            move |name: &'static str| match name {
                "DIALOGO_PRIVACY_NOTICE_DIR" => Some(path.clone()),
                "DIALOGO_PRIVACY_NOTICE_VERSION" if with_version => Some("2027-01".into()),
                _ => None,
            }
        };
        let missing = PrivacyNotice::parse(lookup(true)).unwrap_err();
        assert_eq!(missing.variable, "DIALOGO_PRIVACY_NOTICE_DIR");
        for locale in Locale::all() {
            let file = dir.path().join(format!("{}.md", locale.code()));
            std::fs::write(file, format!("# Notice {}", locale.code())).unwrap();
        }
        let unversioned = PrivacyNotice::parse(lookup(false)).unwrap_err();
        assert_eq!(unversioned.variable, "DIALOGO_PRIVACY_NOTICE_VERSION");
        let notice = PrivacyNotice::parse(lookup(true)).unwrap();
        assert_eq!(notice.version, "2027-01");
        assert_eq!(notice.text(Locale::parse("fr").unwrap()), "# Notice fr");
    }
}
