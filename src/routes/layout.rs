//! What the one layout of every public page (templates/pages/layout.html) shows around a
//! page's own content: the organisation with its logo, the language switcher, the footer's
//! links, the stylesheets and the `hreflang` alternates.

use crate::i18n::Locale;
use crate::site::Site;

/// One language in the switcher.
pub struct LanguageChoice {
    pub code: &'static str,
    /// The language's name in itself ("Deutsch"), as people look for their own.
    pub name: String,
    pub href: String,
    pub current: bool,
}

/// The frame of a page, in the language `t`.
pub struct Layout<'a> {
    pub t: Locale,
    pub title: String,
    pub site: &'a Site,
    /// The switcher; empty on link pages, which speak the language of the link's holder.
    pub languages: Vec<LanguageChoice>,
    /// `(language, absolute URL)` of the page in each language; empty for pages not indexed.
    pub alternates: Vec<(&'static str, String)>,
    /// Whether search engines may index the page.
    pub indexed: bool,
    /// Whether the page is shown in another site's frame (see [`crate::routes::embed`]):
    /// then without the site's header, footer and switcher, and links that leave it open a
    /// new tab.
    pub embedded: bool,
}

impl<'a> Layout<'a> {
    /// The frame of a page behind a link in a mail: personal, in its holder's language, never
    /// indexed, so without switcher or alternates.
    pub fn link_page(site: &'a Site, t: Locale, title: impl Into<String>) -> Self {
        Self {
            t,
            title: title.into(),
            site,
            languages: Vec::new(),
            alternates: Vec::new(),
            indexed: false,
            embedded: false,
        }
    }

    /// The frame of a public page at `path` (with its `query`, without `lang`), with a switcher
    /// to and alternates in every language; `public_url` makes the alternates absolute.
    pub fn public(
        site: &'a Site,
        t: Locale,
        title: impl Into<String>,
        public_url: &url::Url,
        path: &str,
        query: &[(String, String)],
    ) -> Self {
        let href = |code: &str| {
            let mut pairs = url::form_urlencoded::Serializer::new(String::new());
            for (key, value) in query.iter().filter(|(key, _)| key != "lang") {
                pairs.append_pair(key, value);
            }
            pairs.append_pair("lang", code);
            format!("{path}?{}", pairs.finish())
        };
        let base = public_url.as_str().trim_end_matches('/');
        Self {
            t,
            title: title.into(),
            site,
            languages: Locale::all()
                .iter()
                .map(|l| LanguageChoice {
                    code: l.code(),
                    name: l.text("invitation-language-name"),
                    href: href(l.code()),
                    current: *l == t,
                })
                .collect(),
            alternates: Locale::all()
                .iter()
                .map(|l| (l.code(), format!("{base}{}", href(l.code()))))
                .collect(),
            indexed: true,
            embedded: false,
        }
    }

    /// This frame, or, where `embedded`, the one of a page in another site's frame: bare, and
    /// never indexed, since the page has its own address outside the frame.
    pub fn embedded_if(mut self, embedded: bool) -> Self {
        if embedded {
            self.embedded = true;
            self.indexed = false;
            self.languages.clear();
            self.alternates.clear();
        }
        self
    }

    pub fn organisation(&self) -> &str {
        &self.site.organisation.name
    }

    pub fn logo_url(&self) -> Option<&str> {
        self.site.look.logo_url.as_ref().map(url::Url::as_str)
    }

    /// The organisation's postal address or imprint line, where set.
    pub fn imprint(&self) -> Option<&str> {
        self.site.organisation.imprint.as_deref()
    }

    /// The organisation's privacy notice (by default dialogo's own, `/privacy`).
    pub fn privacy_url(&self) -> &str {
        self.site.organisation.privacy_url.as_str()
    }

    pub fn contact_email(&self) -> &str {
        self.site.organisation.contact_email.as_str()
    }
}
