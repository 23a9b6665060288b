//! The API tests' runner (the binary is `harness = false`, on libtest-mimic), so that its
//! summary tells the truth: a PostgreSQL variant that cannot run is reported *ignored*, with
//! the reason, never *passed*.
//!
//! Tests register themselves through [`on_both_backends!`](crate::on_both_backends),
//! [`for_both_backends!`](crate::for_both_backends) and
//! [`postgres_test!`](crate::postgres_test) into one distributed slice; each becomes a trial
//! named `module::test::sqlite` (or `::postgres`), so `cargo test --test api NAME` filters as
//! usual. An async trial runs on a runtime of its own with two worker threads, on a thread
//! named after it (so a panic names the trial); a panic fails it.
//!
//! At start the runner tries PostgreSQL once. Without an answer, every PostgreSQL trial is
//! ignored, unless `CI` is set: then they run, and fail.

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

pub use linkme;

use crate::helpers::{Backend, pg_admin_url};

/// A test's body: asynchronous, on a runtime of its own, or plain.
pub enum Body {
    Async(fn() -> Pin<Box<dyn Future<Output = ()>>>),
    Plain(fn()),
}

/// One registered trial.
pub struct Registered {
    /// `module_path!()` where it was declared (the test binary's name first).
    pub module: &'static str,
    /// The last part of its name: `sqlite`, `postgres` or the test function's name.
    pub name: &'static str,
    /// The database it needs a server for, if any.
    pub needs: Option<Backend>,
    pub body: Body,
}

/// Every trial of the binary, gathered at link time.
#[linkme::distributed_slice]
pub static TRIALS: [Registered];

/// Declares, for each named `async fn(TestApp)`, one test per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use $crate::helpers::{Backend, spawn_app};

            async fn run(backend: Backend) {
                if let Some(app) = spawn_app(backend).await {
                    super::$name(app).await;
                }
            }

            $crate::register_both_backends!(run);
        }
    )*};
}

/// Declares, for each named `async fn(Backend)`, one test per backend; for tests that start
/// their apps themselves.
#[macro_export]
macro_rules! for_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            $crate::register_both_backends!(super::$name);
        }
    )*};
}

/// Registers `run` (an `async fn(Backend)`) as the two trials `sqlite` and `postgres` of the
/// module it is used in.
#[doc(hidden)]
#[macro_export]
macro_rules! register_both_backends {
    ($run:path) => {
        use $crate::harness::{Body, Registered, TRIALS, linkme};

        #[linkme::distributed_slice(TRIALS)]
        #[linkme(crate = linkme)]
        static SQLITE: Registered = Registered {
            module: module_path!(),
            name: "sqlite",
            needs: None,
            body: Body::Async(|| Box::pin($run($crate::helpers::Backend::Sqlite))),
        };

        #[linkme::distributed_slice(TRIALS)]
        #[linkme(crate = linkme)]
        static POSTGRES: Registered = Registered {
            module: module_path!(),
            name: "postgres",
            needs: Some($crate::helpers::Backend::Postgres),
            body: Body::Async(|| Box::pin($run($crate::helpers::Backend::Postgres))),
        };
    };
}

/// Declares plain (synchronous) tests that need the PostgreSQL server, named
/// `module::test`; ignored like the PostgreSQL variants when it does not answer.
#[macro_export]
macro_rules! postgres_test {
    ($($name:ident),* $(,)?) => {$(
        const _: () = {
            use $crate::harness::{Body, Registered, TRIALS, linkme};

            #[linkme::distributed_slice(TRIALS)]
            #[linkme(crate = linkme)]
            static TRIAL: Registered = Registered {
                module: module_path!(),
                name: stringify!($name),
                needs: Some($crate::helpers::Backend::Postgres),
                body: Body::Plain($name),
            };
        };
    )*};
}

/// Declares plain (synchronous) tests that need no database server, named `module::test`.
#[macro_export]
macro_rules! plain_test {
    ($($name:ident),* $(,)?) => {$(
        const _: () = {
            use $crate::harness::{Body, Registered, TRIALS, linkme};

            #[linkme::distributed_slice(TRIALS)]
            #[linkme(crate = linkme)]
            static TRIAL: Registered = Registered {
                module: module_path!(),
                name: stringify!($name),
                needs: None,
                body: Body::Plain($name),
            };
        };
    )*};
}

/// Whether the PostgreSQL trials run, and if not, why.
enum Postgres {
    Runs,
    Ignored(String),
}

impl Postgres {
    /// Tries the server once; unless it answers (or `CI` asks for failures instead), says
    /// why its trials are ignored, once, before they are listed.
    fn probe() -> Self {
        let url = pg_admin_url();
        let Err(error) = crate::scratch_database::connect(&url) else {
            return Self::Runs;
        };
        // libpq's messages run over lines; one line reads better above the list.
        let error = format!("{error:#}")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if std::env::var_os("CI").is_some() {
            println!(
                "PostgreSQL at {url} does not answer ({error}); CI is set, so its tests run and fail."
            );
            return Self::Runs;
        }
        println!(
            "PostgreSQL at {url} does not answer ({error}): its tests are ignored. \
             Start it or set TEST_DATABASE_URL_PG; under CI they fail instead."
        );
        Self::Ignored(format!("no PostgreSQL server at {url}"))
    }
}

/// Runs the registered trials as the command line asks.
pub fn main() -> ExitCode {
    let args = Arguments::from_args();
    let postgres = if args.list {
        Postgres::Runs
    } else {
        Postgres::probe()
    };
    let mut registered: Vec<&Registered> = TRIALS.iter().collect();
    registered.sort_by_key(|trial| (trial.module, trial.name));
    let trials = registered
        .into_iter()
        .map(|trial| {
            let path = trial
                .module
                .split_once("::")
                .map_or(trial.module, |(_, rest)| rest);
            let name = format!("{path}::{}", trial.name);
            match (&postgres, trial.needs) {
                (Postgres::Ignored(reason), Some(Backend::Postgres)) => {
                    let reason = reason.clone();
                    Trial::ignorable_test(name, move || Ok(Completion::ignored_with(reason)))
                }
                _ => {
                    let body = &trial.body;
                    let thread = name.clone();
                    Trial::test(name, move || run(thread, body))
                }
            }
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// Runs one trial's body on a thread named after it; a panic is its failure.
fn run(name: String, body: &'static Body) -> Result<(), Failed> {
    let thread = name.clone();
    let outcome = std::thread::Builder::new()
        .name(thread.clone())
        .spawn(move || match body {
            Body::Plain(test) => test(),
            Body::Async(test) => tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name(thread)
                .enable_all()
                .build()
                .expect("a runtime for the test")
                .block_on(test()),
        })
        .expect("a thread for the test")
        .join();
    outcome.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("the test panicked");
        Failed::from(message)
    })
}
