//! What the browser tests run besides dialogo: Chromium with its WebDriver server, the Nu HTML
//! Checker, and axe-core. `scripts/install-browser-test-tools` (run by `.ci/run`) installs
//! the first two when missing; axe-core is vendored, so a fresh clone has it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// axe-core's engine, injected into every page checked (tests/browser/vendor/axe-core).
pub const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

/// The pinned version of npm `vnu-jar`, shared with the install script.
const VNU_VERSION: &str = include_str!("vnu-jar.version");

/// Why trials cannot run here, if they cannot: without the browser none can, without the
/// checker those that need it. Under `CI` nothing is missing: the trials run and fail.
#[derive(Default)]
pub struct Missing {
    pub browser: Option<String>,
    pub vnu: Option<String>,
}

impl Missing {
    /// Looks for the tools once and says, once, what is missing and what that means.
    pub fn probe() -> Self {
        let browser = ["chromium", "chromedriver"]
            .into_iter()
            .filter(|program| !answers(program))
            .collect::<Vec<_>>();
        let browser = (!browser.is_empty()).then(|| {
            format!(
                "no {} on PATH (scripts/install-browser-test-tools installs what is missing)",
                browser.join(" and ")
            )
        });
        let vnu = match (vnu_jar().is_file(), answers("java")) {
            (true, true) => None,
            (false, _) => Some(format!(
                "no Nu HTML Checker at {} (scripts/install-browser-test-tools installs it)",
                vnu_jar().display()
            )),
            (true, false) => Some("no java on PATH for the Nu HTML Checker".to_owned()),
        };
        let missing = Self { browser, vnu };
        for reason in missing.browser.iter().chain(&missing.vnu) {
            if std::env::var_os("CI").is_some() {
                println!("Browser tests: {reason}; CI is set, so they run and fail.");
            } else {
                println!("Browser tests: {reason}: those tests are ignored; under CI they fail.");
            }
        }
        if std::env::var_os("CI").is_some() {
            return Self::default();
        }
        missing
    }
}

/// Whether `program --version` runs.
fn answers(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Where the install script puts the checker: the cache directory `scripts/api-conformance`
/// uses too.
pub fn vnu_jar() -> PathBuf {
    let cache = std::env::var_os("DIALOGO_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|dir| Path::new(&dir).join("dialogo")))
        .unwrap_or_else(|| {
            Path::new(&std::env::var_os("HOME").unwrap_or_default()).join(".cache/dialogo")
        });
    cache
        .join(format!("vnu-jar-{}", VNU_VERSION.trim()))
        .join("node_modules/vnu-jar/build/dist/vnu.jar")
}

/// Where screenshots and the pages checked are kept: `target/browser-artefacts/`.
pub fn artefacts() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .to_owned();
    target.join("browser-artefacts")
}

/// Where the browser saves what it downloads: `target/browser-artefacts/downloads/`.
pub fn downloads() -> PathBuf {
    artefacts().join("downloads")
}
