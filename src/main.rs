use clap::Parser as _;
use dialogo::{cli, config::Settings, telemetry};

/// The server allocates and frees many small buffers per request on every thread (JSON, rows,
/// mails); mimalloc's per-thread heaps do that with less work and contention than glibc's.
/// Its `override` feature hands it the C allocations too (SQLite's, libpq's), which
/// otherwise go through glibc's malloc on every registration.
/// Its `no_thp` feature keeps it from asking for transparent huge pages: memory it handed back
/// to the system was faulted in again 2 MiB at a time, each zeroed by the kernel, a large
/// share of all CPU time under registration load (the measurements are in the commit log).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    telemetry::init();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("dialogo: configuration error: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    if settings.locale_overrides.replaced() > 0 {
        tracing::info!(
            messages = settings.locale_overrides.replaced(),
            "using the wording of DIALOGO_LOCALES_DIR"
        );
    }
    settings.locale_overrides.clone().install();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("cannot start the async runtime");
    match runtime.block_on(cli::run(args, settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dialogo: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
