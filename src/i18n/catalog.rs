//! The texts of every language, read from `locales/<code>/*.ftl` (Fluent) embedded in the binary
//! at build time. Each language's files become one bundle, built once on first use and kept for
//! the life of the process; mails and pages ask it for messages by id.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use include_dir::{Dir, include_dir};
use unic_langid::LanguageIdentifier;

/// `locales/`: one directory per language, named by its ISO 639-1 code.
static LOCALES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales");

/// The language every other is checked against, and spoken where no other applies.
pub const REFERENCE: &str = "en";

/// One language's texts.
pub struct Catalog {
    /// The directory's name, e.g. `pt`.
    pub code: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// Dates and times as this language writes them, made on first use.
    pub times: OnceLock<super::times::TimeFormats>,
    /// Languages and countries as this language names them, made on first use.
    pub names: OnceLock<super::names::Names>,
    /// The sources the bundle was built from, as (file name, text), for the checks.
    #[cfg(test)]
    pub sources: Vec<(&'static str, &'static str)>,
}

/// Every language, in the order of their codes.
pub static CATALOGS: LazyLock<Vec<Catalog>> = LazyLock::new(|| {
    let mut catalogs: Vec<Catalog> = LOCALES.dirs().map(load).collect();
    catalogs.sort_by_key(|c| c.code);
    catalogs
});

/// Builds one language's bundle from its directory. The files are part of the binary, so a
/// file that does not parse is a defect of the build and stops the process at once.
fn load(dir: &'static Dir<'static>) -> Catalog {
    let code = dir
        .path()
        .to_str()
        .expect("locale directories are named by ASCII codes");
    let language: LanguageIdentifier = code
        .parse()
        .unwrap_or_else(|e| panic!("locales/{code} is no language code: {e}"));
    let mut bundle = FluentBundle::new_concurrent(vec![language]);
    // Bidi isolation marks (U+2068, U+2069) around arguments would end up in plain-text mails.
    bundle.set_use_isolating(false);
    #[cfg(test)]
    let mut sources = Vec::new();
    let mut files: Vec<_> = dir
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort_by_key(|f| f.path());
    for file in files {
        let name = file.path().to_str().unwrap_or_default();
        let text = file
            .contents_utf8()
            .unwrap_or_else(|| panic!("locales/{name} is not UTF-8"));
        let resource = FluentResource::try_new(text.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("locales/{name} does not parse: {errors:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{name} repeats a message: {errors:?}"));
        #[cfg(test)]
        sources.push((name, text));
    }
    Catalog {
        code,
        bundle,
        times: OnceLock::new(),
        names: OnceLock::new(),
        #[cfg(test)]
        sources,
    }
}

impl Catalog {
    /// The message `id` with `args`, from this language or else from the reference language.
    /// A message missing from both (which the locale tests rule out) yields its id, logged.
    pub fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        if let Some(text) = overridden(self.code, id, args) {
            return text;
        }
        let found = self.bundle.get_message(id).and_then(|m| m.value());
        let (bundle, pattern) = match found {
            Some(pattern) => (&self.bundle, pattern),
            None => match reference().bundle.get_message(id).and_then(|m| m.value()) {
                Some(pattern) => (&reference().bundle, pattern),
                None => {
                    tracing::error!(message = id, language = self.code, "no such message");
                    return id.to_owned();
                }
            },
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::error!(
                message = id,
                language = self.code,
                "message not filled: {errors:?}"
            );
        }
        text.into_owned()
    }
}

/// The operator's messages by language code, which replace built-in ones.
pub type Bundles = BTreeMap<&'static str, FluentBundle<FluentResource>>;

/// The overrides in use in this process, once installed.
static OVERRIDES: OnceLock<Arc<Bundles>> = OnceLock::new();

/// Makes `bundles` the overrides of every message formatted from now on. A process has one
/// configuration: a second call keeps the first.
pub fn install_overrides(bundles: Arc<Bundles>) {
    if OVERRIDES.set(bundles).is_err() {
        tracing::warn!("message overrides were installed already; keeping the first");
    }
}

/// The operator's wording of message `id` in the language `code`, where there is one.
fn overridden(code: &str, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = OVERRIDES.get()?.get(code)?;
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::error!(
            message = id,
            language = code,
            "override not filled: {errors:?}"
        );
    }
    Some(text.into_owned())
}

/// The file `name` in the directory of the language `code`, as text.
pub fn document(code: &str, name: &str) -> Option<&'static str> {
    LOCALES
        .get_file(format!("{code}/{name}"))
        .and_then(|file| file.contents_utf8())
}

/// Every message of the reference language with the names of the arguments it uses.
pub fn reference_messages() -> BTreeMap<String, BTreeSet<String>> {
    let dir = LOCALES.get_dir(REFERENCE).expect("locales/en exists");
    dir.files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "ftl"))
        .filter_map(|file| file.contents_utf8())
        .flat_map(|text| super::message_args::messages(text).expect("parsed when loaded"))
        .map(|message| (message.id, message.args))
        .collect()
}

/// The reference language's catalog.
fn reference() -> &'static Catalog {
    CATALOGS
        .iter()
        .find(|c| c.code == REFERENCE)
        .expect("locales/en exists")
}

/// Arguments for [`Catalog::format`] from name–value pairs.
pub fn args<'a>(pairs: &[(&'a str, FluentValue<'a>)]) -> FluentArgs<'a> {
    pairs.iter().cloned().collect()
}
