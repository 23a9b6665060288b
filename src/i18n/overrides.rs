//! The operator's own wording without recompiling (`DIALOGO_LOCALES_DIR`): `.ftl` files under
//! `<dir>/<code>/` whose messages replace the built-in ones of that language, such as an
//! agency's own signature. They are checked in full at start, so that a typo stops the process
//! with its file and line instead of showing in a mail.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;

use super::catalog::Bundles;
use super::{Locale, message_args};

/// The checked overrides, by language code.
#[derive(Clone, Default)]
pub struct Overrides {
    bundles: Arc<Bundles>,
    /// How many messages they replace, for the start-up log.
    replaced: usize,
}

impl fmt::Debug for Overrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Overrides")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .field("replaced", &self.replaced)
            .finish()
    }
}

impl Overrides {
    /// Reads and checks every `<dir>/<code>/*.ftl`: each directory must be a supported
    /// language, each file must parse, and each message must replace a built-in one using
    /// only the arguments that one is given. The error is one line: `file:line: reason`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let reference = super::catalog::reference_messages();
        let entries = read_dir(dir)?;
        let mut bundles = BTreeMap::new();
        let mut replaced = 0;
        for language_dir in entries {
            let name = language_dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("");
            if !language_dir.is_dir() {
                continue;
            }
            let locale = Locale::parse(name)
                .map_err(|e| format!("{}: {}", language_dir.display(), e.message))?;
            let mut bundle = FluentBundle::new_concurrent(vec![
                locale
                    .code()
                    .parse()
                    .expect("a supported code is a language id"),
            ]);
            bundle.set_use_isolating(false);
            let mut seen = BTreeSet::new();
            for file in read_dir(&language_dir)? {
                if file.extension().is_none_or(|e| e != "ftl") {
                    continue;
                }
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("{}: cannot be read: {e}", file.display()))?;
                let messages = message_args::messages(&text)
                    .map_err(|(line, reason)| format!("{}:{line}: {reason}", file.display()))?;
                for message in &messages {
                    let at = format!("{}:{}", file.display(), message.line);
                    check(&reference, message, &at)?;
                    if !seen.insert(message.id.clone()) {
                        return Err(format!("{at}: {:?} is replaced twice", message.id));
                    }
                }
                replaced += messages.len();
                let resource = FluentResource::try_new(text)
                    .map_err(|_| format!("{}: does not parse", file.display()))?;
                bundle
                    .add_resource(resource)
                    .map_err(|e| format!("{}: {e:?}", file.display()))?;
            }
            bundles.insert(locale.code(), bundle);
        }
        Ok(Self {
            bundles: Arc::new(bundles),
            replaced,
        })
    }

    /// How many messages these overrides replace.
    pub fn replaced(&self) -> usize {
        self.replaced
    }

    /// Makes these the overrides of every message formatted in this process from now on.
    /// A process has one configuration: a second call keeps the first overrides.
    pub fn install(self) {
        super::catalog::install_overrides(self.bundles);
    }
}

/// An override must replace a built-in message and use only the arguments it is given.
fn check(
    reference: &BTreeMap<String, BTreeSet<String>>,
    message: &message_args::MessageArgs,
    at: &str,
) -> Result<(), String> {
    let Some(given) = reference.get(&message.id) else {
        return Err(format!(
            "{at}: there is no message {:?} to replace",
            message.id
        ));
    };
    if let Some(unknown) = message.args.difference(given).next() {
        let given = given.iter().map(|a| format!("${a}")).collect::<Vec<_>>();
        let given = if given.is_empty() {
            "none".to_owned()
        } else {
            given.join(", ")
        };
        return Err(format!(
            "{at}: {:?} is not given ${unknown} (its arguments: {given})",
            message.id
        ));
    }
    Ok(())
}

/// The entries of `dir`, sorted so that the first error is the same on every run.
fn read_dir(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = entries
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, file: &str, text: &str) {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn overrides_replace_known_messages_with_the_arguments_they_are_given() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "de/mail.ftl",
            "greeting-named = Liebe*r { $name },\n",
        );
        let overrides = Overrides::load(dir.path()).unwrap();
        assert_eq!(overrides.replaced(), 1);
        let de = &overrides.bundles["de"];
        let message = de.get_message("greeting-named").unwrap();
        let mut errors = Vec::new();
        let args = fluent_bundle::FluentArgs::from_iter([("name", "Ana")]);
        let text = de.format_pattern(message.value().unwrap(), Some(&args), &mut errors);
        assert_eq!(text, "Liebe*r Ana,");
    }

    #[test]
    fn each_mistake_is_refused_with_its_file_and_line() {
        let cases = [
            (
                "de/mail.ftl",
                "\n\nno-such-message = Hallo\n",
                "de/mail.ftl:3: there is no message \"no-such-message\"",
            ),
            (
                "de/mail.ftl",
                "# ours\ngreeting-named = Hallo { $nmae }\n",
                "de/mail.ftl:2: \"greeting-named\" is not given $nmae (its arguments: $name)",
            ),
            (
                "pt/mail.ftl",
                "greeting-named = Olá\ngreeting-named = Oi\n",
                "pt/mail.ftl:2: \"greeting-named\" is replaced twice",
            ),
            (
                "pt/mail.ftl",
                "ok = fine\nbroken = { $open\n",
                "pt/mail.ftl:3: Expected a token starting with \"}\"",
            ),
            (
                "ka/mail.ftl",
                "greeting-named = x\n",
                "ka: \"ka\" is not one of de, en, es, fr, pt.",
            ),
        ];
        for (file, text, expected) in cases {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), file, text);
            let error = Overrides::load(dir.path()).unwrap_err();
            let shown = error.replace(&format!("{}/", dir.path().display()), "");
            assert!(shown.starts_with(expected), "{file}: {shown}");
            assert!(!shown.contains('\n'), "one line: {shown:?}");
        }
    }
}
