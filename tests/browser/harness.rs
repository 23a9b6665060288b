//! The browser tests' runner (the binary is `harness = false`, on libtest-mimic), so that its
//! summary tells the truth: on a machine without Chromium every trial is reported *ignored*,
//! with the reason, never *passed* — unless `CI` is set, where they run and fail.
//!
//! Trials share one [`Fixture`] (one app, one SMTP sink, one browser session), started by the
//! first trial that runs and ended after the last, so they run one at a time, in the order
//! given: starting Chromium once is most of what a browser test costs.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::OnceLock;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use crate::fixture::Fixture;
use crate::tools;

/// A trial's body: asynchronous, given the shared fixture.
pub type Body = Box<dyn Fn(&'static Fixture) -> Pin<Box<dyn Future<Output = ()>>> + Send + Sync>;

/// One trial: its name and body, and whether it needs the Nu HTML Checker besides the browser.
pub struct Registered {
    pub name: String,
    pub needs_vnu: bool,
    pub body: Body,
}

impl Registered {
    pub fn new<F: Future<Output = ()> + 'static>(
        name: impl Into<String>,
        body: impl Fn(&'static Fixture) -> F + Send + Sync + 'static,
    ) -> Self {
        Self {
            name: name.into(),
            needs_vnu: false,
            body: Box::new(move |fixture| Box::pin(body(fixture))),
        }
    }

    pub fn needing_vnu(mut self) -> Self {
        self.needs_vnu = true;
        self
    }
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the browser tests")
    })
}

/// The fixture, or why it could not start (said once per trial that needs it).
static FIXTURE: OnceLock<Result<Fixture, String>> = OnceLock::new();

fn fixture() -> Result<&'static Fixture, Failed> {
    let started = FIXTURE.get_or_init(|| {
        std::panic::catch_unwind(|| runtime().block_on(Fixture::start()))
            .map_err(|panic| panic_message(&*panic))
    });
    started
        .as_ref()
        .map_err(|error| Failed::from(error.clone()))
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "the test panicked".into())
}

/// Runs `registered` as the command line asks, one at a time, then ends the browser.
pub fn main(registered: Vec<Registered>) -> ExitCode {
    let mut args = Arguments::from_args();
    // One browser session: one trial at a time.
    args.test_threads = Some(1);
    let missing = if args.list {
        tools::Missing::default()
    } else {
        tools::Missing::probe()
    };
    let trials = registered
        .into_iter()
        .map(|trial| {
            let reason = missing
                .browser
                .clone()
                .or_else(|| trial.needs_vnu.then(|| missing.vnu.clone()).flatten());
            match reason {
                Some(reason) => {
                    Trial::ignorable_test(trial.name, move || Ok(Completion::ignored_with(reason)))
                }
                None => Trial::test(trial.name, move || run(&trial.body)),
            }
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if let Some(Ok(fixture)) = FIXTURE.get() {
        runtime().block_on(fixture.browser.close());
    }
    conclusion.exit_code()
}

fn run(body: &Body) -> Result<(), Failed> {
    let fixture = fixture()?;
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
        runtime().block_on(body(fixture));
    }));
    outcome.map_err(|panic| Failed::from(panic_message(&*panic)))
}
