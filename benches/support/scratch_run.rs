//! Running a benchmark against SQLite (a file of its own) or, with `BENCH_DATABASE_URL`, a
//! PostgreSQL database created for the run and dropped after it.

use std::future::Future;

use crate::scratch_database::{self, ScratchDatabase};

/// Runs `bench` on a runtime of its own with the PostgreSQL URL of a scratch database, or
/// `None` for SQLite.
pub fn run_on_scratch<F, Fut>(bench: F) -> anyhow::Result<()>
where
    F: FnOnce(Option<String>) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let scratch = match std::env::var("BENCH_DATABASE_URL") {
        Ok(server_url) if server_url.starts_with("postgres") => {
            let mut conn = scratch_database::connect(&server_url)?;
            Some(ScratchDatabase::create(
                &mut conn,
                &server_url,
                "dialogo_bench",
            )?)
        }
        _ => None,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(bench(scratch.as_ref().map(|s| s.url().to_owned())));
    // The application's connections go with the runtime, before the database is dropped.
    drop(runtime);
    drop(scratch);
    result
}
