//! Valid HTML: every page the other trials checked, run through the Nu HTML Checker (npm
//! `vnu-jar`) in one go, since starting Java is its dearest part. Errors fail; warnings are
//! printed. It runs last, over what the trials before it opened.

use std::process::Command;

use serde_json::Value;

use crate::fixture::Fixture;
use crate::harness::Registered;
use crate::tools::{artefacts, vnu_jar};

/// The name of the page that must fail.
const CONTROL: &str = "control-invalid";

pub fn trials() -> Vec<Registered> {
    vec![
        Registered::new(
            "validity::every_page_checked_is_valid_html",
            every_page_checked_is_valid_html,
        )
        .needing_vnu(),
    ]
}

async fn every_page_checked_is_valid_html(fixture: &Fixture) {
    let pages = fixture.pages();
    assert!(
        !pages.is_empty(),
        "no page was checked: this trial checks the pages the trials before it opened"
    );
    let dir = artefacts().join("html");
    std::fs::create_dir_all(&dir).expect("a directory for the pages");
    // A control page with a known error shows that the checker reports what it finds.
    let control = (
        CONTROL.to_owned(),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>control</title></head>\
         <body><p><div></div></p></body></html>"
            .to_owned(),
    );
    let files: Vec<_> = pages
        .iter()
        .chain([&control])
        .map(|(name, html)| {
            let file = dir.join(format!("{name}.html"));
            std::fs::write(&file, html).expect("a page file");
            file
        })
        .collect();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("java")
            .arg("-jar")
            .arg(vnu_jar())
            .args(["--format", "json", "--exit-zero-always"])
            .args(&files)
            .output()
            .expect("the Nu HTML Checker runs")
    })
    .await
    .unwrap();
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|error| {
        panic!(
            "the checker's report ({error}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut errors = Vec::new();
    let mut control_errors = 0;
    for message in report["messages"].as_array().into_iter().flatten() {
        let file = message["url"].as_str().unwrap_or("");
        let page = file.rsplit('/').next().unwrap_or(file);
        let line = format!(
            "{page}:{}: {} [{}]",
            message["lastLine"],
            message["message"].as_str().unwrap_or(""),
            message["extract"].as_str().unwrap_or("").trim()
        );
        match message["type"].as_str() {
            _ if page == format!("{CONTROL}.html") => control_errors += 1,
            Some("info") => println!("warning: {line}"),
            _ => errors.push(line),
        }
    }
    assert!(
        control_errors > 0,
        "the checker passed the broken control page"
    );
    assert!(
        errors.is_empty(),
        "{} HTML error(s) in {} pages:\n{}",
        errors.len(),
        pages.len(),
        errors.join("\n")
    );
}
