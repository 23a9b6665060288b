//! `/console/newsletter/subscribers/import` (manage the newsletter): subscribers imported from
//! a pasted CSV by the import of `POST /api/v1/admin/newsletter/subscribers/import` (the same
//! function, recorded in the audit log), then its report: the counts and every refused line
//! with its number and the reason in the reader's language.
//!
//! The import runs within the request, as the API's does: it writes in transactions of a few
//! hundred rows and takes seconds for the largest file the console accepts, [`IMPORT_LIMIT`]
//! (the API takes 64 MiB). A CSV that is empty, too long or whose header is not the documented
//! one comes back in the form with the refusal beside the field, nothing written.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::nav::Section;
use super::pages::{Account, account, layout, render};
use super::signed::Signed;
use super::subscribers::PATH;
use crate::accounts::{Can, can};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::newsletter::import::ImportReport;
use crate::newsletter::subscribers::import_audited;
use crate::routes::csrf::{CsrfToken, FormData};
use crate::routes::form::{Field, Fields};
use crate::routes::layout::Layout;
use crate::state::AppState;

/// The longest CSV the console imports (8 MiB); larger files go through the API.
pub use crate::routes::csrf::PASTED_CSV_LIMIT as IMPORT_LIMIT;

/// A refused line of the file.
struct Refused {
    line: u64,
    reason: String,
}

/// The import's report as the page shows it.
struct Report {
    /// One sentence per count.
    counts: Vec<String>,
    /// Invalid and skipped lines, in file order.
    refused: Vec<Refused>,
    /// Whether more lines were refused than the report lists.
    cut: bool,
}

#[derive(Template)]
#[template(path = "console/subscriber_import.html")]
struct ImportPage<'a> {
    layout: Layout<'a>,
    t: Locale,
    account: Account,
    csrf: &'a str,
    fields: Fields,
    report: Option<Report>,
    back: &'static str,
}

/// The empty form.
pub async fn show(
    _can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
) -> HttpResponse {
    let page = page_of(&state, &signed, &csrf, None, None);
    render(StatusCode::OK, &page)
}

/// Imports the CSV sent and shows the report, or the form again with the refusal.
pub async fn submit(
    can: Can<can::ManageNewsletter>,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    signed: Signed,
    sent: FormData,
) -> Result<HttpResponse, ApiError> {
    let t = signed.locale();
    let csv = sent.get("csv").unwrap_or("");
    let again = |error: &str| {
        let page = page_of(&state, &signed, &csrf, Some(t.text(error)), None);
        Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    if csv.trim().is_empty() {
        return again("console-import-error-empty");
    }
    if csv.len() > IMPORT_LIMIT {
        return again("console-import-error-too-large");
    }
    match import_audited(&state, &can, csv.as_bytes().to_vec()).await {
        Ok(report) => {
            let page = page_of(&state, &signed, &csrf, None, Some(report_of(t, report)));
            Ok(render(StatusCode::OK, &page))
        }
        // The header is refused as a whole, before anything is written.
        Err(ApiError::Client {
            code: "malformed_csv",
            ..
        }) => again("console-import-error-malformed"),
        Err(ApiError::Client { field: Some(f), .. }) if f == "header" => {
            again("console-import-error-header")
        }
        Err(error) => Err(error),
    }
}

/// The import page: the form (its field refused with `error`, if given) or the report.
fn page_of<'a>(
    state: &'a AppState,
    signed: &Signed,
    csrf: &'a CsrfToken,
    error: Option<String>,
    report: Option<Report>,
) -> ImportPage<'a> {
    let t = signed.locale();
    let field = Field {
        hint: Some(t.text_with(
            "console-import-hint",
            &[("megabytes", ((IMPORT_LIMIT / (1024 * 1024)) as i64).into())],
        )),
        error,
        ..Field::new("csv", "textarea", t.text("console-import-label"))
    };
    ImportPage {
        layout: layout(state, t, t.text("console-import-title")),
        t,
        account: account(signed, csrf.as_str()).at(Section::Newsletter),
        csrf: csrf.as_str(),
        fields: Fields(vec![field]),
        report,
        back: PATH,
    }
}

/// `report` in `t`.
fn report_of(t: Locale, report: ImportReport) -> Report {
    let count = |id: &str, n: usize| t.text_with(id, &[("count", (n as i64).into())]);
    let cut =
        report.invalid_rows.len() < report.invalid || report.skipped_rows.len() < report.skipped;
    let mut refused: Vec<Refused> = report
        .invalid_rows
        .iter()
        .map(|row| Refused {
            line: row.line,
            reason: invalid_reason(t, &row.field, &row.code),
        })
        .chain(report.skipped_rows.iter().map(|row| Refused {
            line: row.line,
            reason: t.text(match row.reason {
                "already_known" => "console-import-reason-known",
                _ => "console-import-reason-duplicate",
            }),
        }))
        .collect();
    refused.sort_by_key(|r| r.line);
    Report {
        counts: vec![
            count("console-import-imported", report.imported),
            count("console-import-confirmed", report.confirmed),
            count("console-import-pending", report.pending),
            count("console-import-skipped", report.skipped),
            count("console-import-invalid", report.invalid),
        ],
        refused,
        cut,
    }
}

/// Why a line was invalid, from the field and the code the import names.
fn invalid_reason(t: Locale, field: &str, code: &str) -> String {
    let id = match (field, code) {
        (_, "malformed_csv") => "console-import-reason-malformed",
        (_, "incomplete_consent") => "console-import-reason-incomplete-consent",
        (_, "in_future") => "console-import-reason-consent-future",
        ("consent_at", _) => "console-import-reason-consent-at",
        ("consent_source", _) => "console-import-reason-consent-source",
        ("email", _) => "console-import-reason-email",
        ("name", _) => "console-import-reason-name",
        ("language", _) => "console-import-reason-language",
        ("topics", _) => "console-import-reason-topics",
        _ => "console-import-reason-invalid",
    };
    t.text(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::newsletter::import::{InvalidRow, SkippedRow};

    #[test]
    fn refused_lines_come_in_file_order_with_their_reasons() {
        let t = Locale::fallback();
        let report = ImportReport {
            imported: 1,
            pending: 1,
            skipped: 1,
            invalid: 2,
            skipped_rows: vec![SkippedRow {
                line: 3,
                reason: "duplicate_in_file",
            }],
            invalid_rows: vec![
                InvalidRow {
                    line: 5,
                    field: "email".into(),
                    code: "invalid_email".into(),
                    message: String::new(),
                },
                InvalidRow {
                    line: 2,
                    field: "consent_at".into(),
                    code: "invalid_datetime".into(),
                    message: String::new(),
                },
            ],
            ..ImportReport::default()
        };
        let shown = report_of(t, report);
        let lines: Vec<u64> = shown.refused.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert!(
            shown
                .refused
                .iter()
                .all(|r| !r.reason.starts_with("console-"))
        );
        assert_eq!(shown.counts.len(), 5);
        assert!(!shown.cut);
    }
}
