//! The files the pages need (the design system, its fonts, dialogo's own stylesheet), embedded
//! in the binary and served under fingerprinted names: `vendor/kern-ux/kern.min.css` is served
//! as `/assets/vendor/kern-ux/kern.min.<hash>.css`, the hash taken from its content at start.
//! A changed file gets a new name, so browsers may keep every file for a year without asking.
//!
//! Stylesheets name fonts by relative URLs; those are rewritten to the fonts' fingerprinted
//! names before the stylesheet's own hash is taken.

use std::collections::HashMap;

use include_dir::{Dir, include_dir};
use sha2::{Digest, Sha256};

/// Everything under `assets/`.
static FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// Where assets are served.
pub const PREFIX: &str = "/assets/";

/// The generated stylesheet of the operator's colour, served like the embedded files.
pub const THEME: &str = "theme.css";

/// One file as served.
pub struct Asset {
    pub content_type: &'static str,
    /// Shared, so that serving it copies nothing.
    pub body: actix_web::web::Bytes,
}

/// The assets by their fingerprinted path (after `/assets/`), and the URL of each by its path
/// under `assets/`.
pub struct Assets {
    served: HashMap<String, Asset>,
    urls: HashMap<String, String>,
}

impl Assets {
    /// Fingerprints every embedded file, and `theme` (a stylesheet) as [`THEME`] if given.
    pub fn build(theme: Option<String>) -> Self {
        let mut files = Vec::new();
        collect(&FILES, &mut files);
        if let Some(theme) = theme {
            files.push((THEME.to_owned(), theme.into_bytes()));
        }
        // Fonts and images first: stylesheets name them.
        files.sort_by_key(|(path, _)| (path.ends_with(".css"), path.clone()));
        let mut assets = Self {
            served: HashMap::new(),
            urls: HashMap::new(),
        };
        for (path, body) in files {
            let body = if path.ends_with(".css") {
                assets.rewrite_urls(&path, &body)
            } else {
                body
            };
            let served = fingerprinted(&path, &body);
            assets
                .urls
                .insert(path.clone(), format!("{PREFIX}{served}"));
            assets.served.insert(
                served,
                Asset {
                    content_type: content_type(&path),
                    body: body.into(),
                },
            );
        }
        assets
    }

    /// The URL of the file at `path` under `assets/` (or [`THEME`]), if there is one.
    pub fn url(&self, path: &str) -> Option<&str> {
        self.urls.get(path).map(String::as_str)
    }

    /// The file served at `/assets/{served}`.
    pub fn get(&self, served: &str) -> Option<&Asset> {
        self.served.get(served)
    }

    /// `css` with each `url(…)` naming a relative path of an embedded file replaced by that
    /// file's URL; data URIs and absolute URLs stay as they are.
    fn rewrite_urls(&self, path: &str, css: &[u8]) -> Vec<u8> {
        let css = String::from_utf8_lossy(css);
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut out = String::with_capacity(css.len());
        let mut rest: &str = &css;
        while let Some(start) = rest.find("url(") {
            let (before, after) = rest.split_at(start + 4);
            out.push_str(before);
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end].trim().trim_matches(['"', '\'']);
            match self.urls.get(&resolve(dir, target)) {
                Some(url) => out.push_str(&format!("\"{url}\"")),
                None => out.push_str(&after[..end]),
            }
            rest = &after[end..];
        }
        out.push_str(rest);
        out.into_bytes()
    }
}

fn collect(dir: &Dir<'static>, files: &mut Vec<(String, Vec<u8>)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        files.push((path, file.contents().to_vec()));
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

/// `target` relative to `dir`, with `./` and `../` taken away.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// `dir/name.ext` as `dir/name.<hash>.ext`, the hash the first 16 hex digits of the SHA-256
/// of `body`.
fn fingerprinted(path: &str, body: &[u8]) -> String {
    let hash = hex::encode(Sha256::digest(body));
    let hash = &hash[..16];
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt" | "md") | None => "text/plain; charset=utf-8",
        Some(_) => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_hash_of_the_content_before_the_extension() {
        let a = fingerprinted("vendor/x/kern.min.css", b"a{}");
        assert!(a.starts_with("vendor/x/kern.min."), "{a}");
        assert!(a.ends_with(".css"), "{a}");
        assert_ne!(a, fingerprinted("vendor/x/kern.min.css", b"b{}"));
        assert_eq!(
            resolve("vendor/kern-ux/fonts", "./fira-sans/F.woff2"),
            "vendor/kern-ux/fonts/fira-sans/F.woff2"
        );
        assert_eq!(resolve("a/b", "../c.png"), "a/c.png");
    }

    #[test]
    fn stylesheets_name_their_fonts_by_fingerprinted_urls() {
        let assets = Assets::build(None);
        let css_url = assets.url("vendor/kern-ux/fonts/fira-sans.css").unwrap();
        let css = assets.get(css_url.strip_prefix(PREFIX).unwrap()).unwrap();
        let css = String::from_utf8_lossy(&css.body);
        let font = assets
            .url("vendor/kern-ux/fonts/fira-sans/FiraSans-Regular.woff2")
            .unwrap();
        assert!(css.contains(&format!("url(\"{font}\")")), "{css}");
        assert!(!css.contains("./fira-sans/"), "{css}");
        assert_eq!(
            assets
                .get(font.strip_prefix(PREFIX).unwrap())
                .unwrap()
                .content_type,
            "font/woff2"
        );
        // Data URIs in the design system's stylesheet are left alone.
        let kern = assets.url("vendor/kern-ux/kern.min.css").unwrap();
        let kern = &assets.get(kern.strip_prefix(PREFIX).unwrap()).unwrap().body;
        assert!(String::from_utf8_lossy(kern).contains("url(\"data:image/svg+xml"));
    }

    #[test]
    fn the_theme_is_served_only_when_given() {
        assert!(Assets::build(None).url(THEME).is_none());
        let themed = Assets::build(Some(".kern-light{}".into()));
        assert!(themed.url(THEME).unwrap().starts_with("/assets/theme."));
    }
}
