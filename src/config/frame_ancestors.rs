//! `DIALOGO_FRAME_ANCESTORS`: the sites that may show the registration and newsletter forms
//! in a frame of theirs (an agency's CMS), as the origins a content security policy's
//! `frame-ancestors` names. Empty, the default: no site may frame any page.
//!
//! Each origin is parsed as a URL and must be nothing but an origin — `https://host[:port]`,
//! without path, query or credentials — so that what the policy says is exactly what the
//! operator wrote. Plain `http://` is accepted for loopback hosts only (development): a form
//! framed by a page served in clear could be read and changed on its way.

use url::{Host, Url};

/// The origins that may frame the embeddable pages, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameAncestors(Vec<String>);

impl FrameAncestors {
    /// A space-separated list of origins (`https://cms.example.org https://www.example.org:8443`).
    pub fn parse(value: &str) -> Result<Self, String> {
        value
            .split_whitespace()
            .map(origin)
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// Whether no site may frame the pages.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The list, where the site at `public_url` can serve framed forms: their form token's
    /// cookie must be `Secure` to reach it from another site's frame (see
    /// `routes::csrf`), and browsers keep such cookies only from https or loopback hosts.
    pub fn served_from(self, public_url: &Url) -> Result<Self, String> {
        if self.is_empty() || public_url.scheme() == "https" || is_loopback(public_url) {
            Ok(self)
        } else {
            Err(format!(
                "framed forms need DIALOGO_PUBLIC_URL on https (their form token's cookie \
                 must be Secure), not {public_url}"
            ))
        }
    }

    /// The origins as a CSP source list (`https://a.example https://b.example`).
    pub fn source_list(&self) -> String {
        self.0.join(" ")
    }
}

/// `value` as the ASCII serialisation of its origin, if it is an origin and nothing more.
fn origin(value: &str) -> Result<String, String> {
    let url = Url::parse(value).map_err(|e| format!("{value:?} is not an origin: {e}"))?;
    let bare = url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none()
        && url.host().is_some_and(plain_host);
    if !bare {
        return Err(format!(
            "{value:?} is not an origin: give scheme, host and port only, \
             such as https://cms.example.org"
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => {
            return Err(format!(
                "{value:?} must be an https:// origin (http:// only for localhost)"
            ));
        }
    }
    Ok(url.origin().ascii_serialization())
}

/// A host name of letters, digits, dots and hyphens (international names in their ASCII
/// form), or an IP address: nothing a policy would read as syntax (`;`, `*`, quotes).
fn plain_host(host: Host<&str>) -> bool {
    match host {
        Host::Domain(domain) => domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'),
        Host::Ipv4(_) | Host::Ipv6(_) => true,
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(domain)) => domain == "localhost",
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_kept_as_the_policy_writes_them() {
        let list = FrameAncestors::parse(
            " https://cms.example.org  https://WWW.Example.org:8443/ http://localhost:3000 ",
        )
        .unwrap();
        assert_eq!(
            list.source_list(),
            "https://cms.example.org https://www.example.org:8443 http://localhost:3000"
        );
        assert!(FrameAncestors::parse("").unwrap().is_empty());
        assert!(FrameAncestors::parse("http://127.0.0.1:8080").is_ok());
    }

    #[test]
    fn anything_but_a_secure_origin_is_refused() {
        for value in [
            "cms.example.org",
            "http://cms.example.org",
            "https://cms.example.org/embed",
            "https://cms.example.org?x=1",
            "https://user@cms.example.org",
            "https://*.example.org",
            "https://'self'",
            "'self'",
            "*",
            "ftp://cms.example.org",
            "https://cms.example.org;script-src",
        ] {
            assert!(FrameAncestors::parse(value).is_err(), "{value}");
        }
    }

    #[test]
    fn framed_forms_need_a_site_served_over_https_or_from_loopback() {
        let list = FrameAncestors::parse("https://cms.example.org").unwrap();
        for served in ["https://events.example.org", "http://127.0.0.1:8080"] {
            let url = Url::parse(served).unwrap();
            assert!(list.clone().served_from(&url).is_ok(), "{served}");
        }
        let plain = Url::parse("http://events.example.org").unwrap();
        assert!(list.served_from(&plain).is_err());
        assert!(FrameAncestors::default().served_from(&plain).is_ok());
    }
}
