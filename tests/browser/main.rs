//! Browser tests: the public pages in headless Chromium over WebDriver, against the real app
//! in this process, with axe-core for accessibility (WCAG 2.1 A and AA) and the Nu HTML
//! Checker for validity. Run by [`harness`]; screenshots and the pages checked are kept under
//! `target/browser-artefacts/`.

mod browser;
mod console;
mod console_newsletter;
mod console_ops;
mod console_subscribers;
mod coordinator_day;
mod embedding;
mod fixture;
mod forms;
mod harness;
mod invitations;
mod links;
mod reading;
mod tools;
mod validity;

// The API tests' app, mail and sink helpers, shared rather than copied; this binary uses
// only part of them.
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "../api/mails.rs"]
mod mails;
#[allow(dead_code)]
#[path = "../support/scratch_database.rs"]
mod scratch_database;
#[allow(dead_code)]
#[path = "../support/smtp_sink.rs"]
mod smtp_sink;

fn main() -> std::process::ExitCode {
    // In the order they run: the validity check reads the pages the others opened.
    let trials = [
        reading::trials(),
        links::trials(),
        invitations::trials(),
        forms::trials(),
        embedding::trials(),
        console::trials(),
        console_ops::trials(),
        console_subscribers::trials(),
        coordinator_day::trials(),
        console_newsletter::trials(),
        validity::trials(),
    ]
    .into_iter()
    .flatten()
    .collect();
    harness::main(trials)
}
