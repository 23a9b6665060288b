//! Every language is complete and used: the same messages as the reference language, with the
//! same arguments, and each message asked for somewhere in the code or the templates.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::catalog::{CATALOGS, Catalog, REFERENCE};
use super::message_args;
use super::{FluentValue, Locale};

/// Each message of a language with the names of the arguments it uses.
fn messages(catalog: &Catalog) -> BTreeMap<String, BTreeSet<String>> {
    let mut found = BTreeMap::new();
    for (_, text) in &catalog.sources {
        for message in message_args::messages(text).expect("parsed when loaded") {
            found.insert(message.id, message.args);
        }
    }
    found
}

/// Every message of the reference language with the names of its arguments.
pub(crate) fn reference() -> BTreeMap<String, BTreeSet<String>> {
    let reference = messages(CATALOGS.iter().find(|c| c.code == REFERENCE).unwrap());
    assert_eq!(reference, super::catalog::reference_messages());
    reference
}

#[test]
fn every_language_has_every_message_with_the_reference_arguments() {
    let reference = reference();
    assert!(CATALOGS.len() >= 5, "de, en, es, fr, pt at least");
    for catalog in CATALOGS.iter() {
        let own = messages(catalog);
        let missing: Vec<_> = reference
            .keys()
            .filter(|id| !own.contains_key(*id))
            .collect();
        let extra: Vec<_> = own
            .keys()
            .filter(|id| !reference.contains_key(*id))
            .collect();
        assert!(missing.is_empty(), "{}: missing {missing:?}", catalog.code);
        assert!(
            extra.is_empty(),
            "{}: not in {REFERENCE}: {extra:?}",
            catalog.code
        );
        for (id, args) in &own {
            assert_eq!(&reference[id], args, "{}: arguments of {id}", catalog.code);
        }
    }
}

/// The code and templates, where messages are asked for by id in quotes.
fn sources(dir: &Path, text: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, text);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "html" || e == "txt")
        {
            text.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_message_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    sources(&root.join("src"), &mut text);
    sources(&root.join("templates"), &mut text);
    // This file names no message; without it, each id is found only where it is asked for.
    let this_file = include_str!("catalog_tests.rs");
    let text = text.replacen(this_file, "", 1);
    let unused: Vec<_> = reference()
        .into_keys()
        .filter(|id| !text.contains(&format!("\"{id}\"")))
        .collect();
    assert!(unused.is_empty(), "never asked for: {unused:?}");
}

#[test]
fn arguments_are_filled_without_bidi_marks_and_counts_take_plurals() {
    let en = Locale::parse("en").unwrap();
    let one = en.text_with("invitation-seats-left", &[("seats", FluentValue::from(1))]);
    let many = en.text_with("invitation-seats-left", &[("seats", FluentValue::from(3))]);
    assert_eq!(
        (one.as_str(), many.as_str()),
        ("1 seat left.", "3 seats left.")
    );
    for locale in Locale::all() {
        let text = locale.text_with("greeting-named", &[("name", "Ana".into())]);
        assert!(text.contains("Ana"), "{locale}: {text}");
        assert!(
            !text.contains(['\u{2068}', '\u{2069}']),
            "{locale}: {text:?}"
        );
    }
}

#[test]
fn other_languages_are_refused_naming_the_supported_ones() {
    let codes: Vec<_> = Locale::all().iter().map(Locale::code).collect();
    assert_eq!(codes, ["de", "en", "es", "fr", "pt"]);
    assert_eq!(Locale::parse(" PT ").unwrap().code(), "pt");
    let refused = Locale::parse("ka").unwrap_err();
    assert_eq!(refused.code, "unsupported_language");
    assert!(
        refused.message.contains("de, en, es, fr, pt"),
        "{}",
        refused.message
    );
}
