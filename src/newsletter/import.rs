//! Importing subscribers from CSV (`email,name,language,topics,consent_at,consent_source`).
//!
//! Rows that carry both `consent_at` and `consent_source` come in confirmed, with that consent
//! in the record; the others get the opt-in mail. Known addresses (whatever their status: an
//! unsubscribed reader is never subscribed again by an import) and repeats within the file are
//! skipped; invalid rows are reported with their line and field. The file is read as a stream
//! and written in transactions of [`CHUNK`] rows, so a large file never sits in memory parsed.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{parse_name, parse_topics, request_confirmation};
use crate::db::models::{
    Consent, ConsentAction, ConsentEntry, NewSubscriber, Subscriber, SubscriberStatus,
    subscriber_email_key,
};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::{Email, FieldError, required_text};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::mail::event_mail::MailContext;
use crate::mail::newsletter_mail::Reader;

const CHUNK: usize = 500;
/// Rows listed in the report at most (the counts are always complete).
const LISTED: usize = 1_000;
const COLUMNS: [&str; 6] = [
    "email",
    "name",
    "language",
    "topics",
    "consent_at",
    "consent_source",
];

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ImportReport {
    /// Rows that became subscribers (confirmed + pending).
    pub imported: usize,
    /// Imported with a recorded consent.
    pub confirmed: usize,
    /// Imported without one: they were sent the opt-in mail.
    pub pending: usize,
    pub skipped: usize,
    pub invalid: usize,
    pub skipped_rows: Vec<SkippedRow>,
    pub invalid_rows: Vec<InvalidRow>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedRow {
    pub line: u64,
    /// `already_known` or `duplicate_in_file`.
    pub reason: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidRow {
    pub line: u64,
    pub field: String,
    pub code: String,
    pub message: String,
}

struct Row {
    line: u64,
    subscriber: NewSubscriber,
    consent: Option<(NaiveDateTime, String)>,
}

/// Imports `csv`. A header that is not the documented one is refused as a whole (422).
pub fn import(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    csv_bytes: &[u8],
) -> Result<ImportReport, ApiError> {
    let csv_bytes = csv_bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv_bytes);
    let mut lines = Lines::new(csv_bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(csv_bytes);
    let header = reader
        .headers()
        .map_err(|e| {
            ApiError::bad_request(
                "malformed_csv",
                format!("The CSV header cannot be read: {e}"),
            )
        })?
        .clone();
    let columns: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    if let Some(unknown) = columns.iter().find(|c| !COLUMNS.contains(&c.as_str())) {
        return Err(ApiError::invalid(
            "header",
            FieldError::new(
                "unknown_column",
                format!(
                    "Unknown column {unknown:?}; the columns are {}.",
                    COLUMNS.join(",")
                ),
            ),
        ));
    }
    if !columns.iter().any(|c| c == "email") {
        return Err(ApiError::invalid(
            "header",
            FieldError::new("missing_column", "The header needs an email column."),
        ));
    }
    let index = |name: &str| columns.iter().position(|c| c == name);
    let positions: Vec<Option<usize>> = COLUMNS.iter().map(|c| index(c)).collect();

    let mut report = ImportReport::default();
    let mut seen = HashSet::new();
    let mut chunk = Vec::with_capacity(CHUNK);
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = lines.of(error.position());
                invalid(&mut report, line, "row", "malformed_csv", error.to_string());
                continue;
            }
        };
        let line = lines.of(record.position());
        let cell = |i: usize| positions[i].and_then(|p| record.get(p)).unwrap_or("");
        match parse_row(line, &cell) {
            Err((field, error)) => invalid(&mut report, line, field, error.code, error.message),
            Ok(row) => {
                if !seen.insert(subscriber_email_key(&row.subscriber.email)) {
                    skipped(&mut report, line, "duplicate_in_file");
                    continue;
                }
                chunk.push(row);
                if chunk.len() == CHUNK {
                    write_chunk(conn, context, std::mem::take(&mut chunk), &mut report)?;
                }
            }
        }
    }
    write_chunk(conn, context, chunk, &mut report)?;
    Ok(report)
}

/// Line numbers of records, counted from their byte offsets: the csv crate's own line (and
/// offset) of a record after a CRLF points at the terminator's `\n`, one line too early, and
/// spreadsheets write CRLF.
struct Lines<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    newlines: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            counted_to: 0,
            newlines: 0,
        }
    }

    /// The 1-based line a record at `position` starts on (positions come in file order).
    fn of(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else {
            return 0;
        };
        let mut start = (position.byte() as usize).min(self.bytes.len());
        while self
            .bytes
            .get(start)
            .is_some_and(|b| *b == b'\r' || *b == b'\n')
        {
            start += 1;
        }
        if start > self.counted_to {
            let counted = &self.bytes[self.counted_to..start];
            self.newlines += counted.iter().filter(|b| **b == b'\n').count() as u64;
            self.counted_to = start;
        }
        self.newlines + 1
    }
}

fn invalid(report: &mut ImportReport, line: u64, field: &str, code: &str, message: String) {
    report.invalid += 1;
    if report.invalid_rows.len() < LISTED {
        report.invalid_rows.push(InvalidRow {
            line,
            field: field.to_owned(),
            code: code.to_owned(),
            message,
        });
    }
}

fn skipped(report: &mut ImportReport, line: u64, reason: &'static str) {
    report.skipped += 1;
    if report.skipped_rows.len() < LISTED {
        report.skipped_rows.push(SkippedRow { line, reason });
    }
}

fn parse_row<'a>(
    line: u64,
    cell: &impl Fn(usize) -> &'a str,
) -> Result<Row, (&'static str, FieldError)> {
    let email = Email::parse(cell(0)).map_err(|e| ("email", e))?;
    let name = parse_name(Some(cell(1)), "name").map_err(|e| ("name", field_error(e)))?;
    let language = match cell(2) {
        "" => Locale::fallback(),
        code => Locale::parse(code).map_err(|e| ("language", e))?,
    };
    let topics = parse_topics(
        cell(3).split(';').map(str::trim).filter(|t| !t.is_empty()),
        "topics",
    )
    .map_err(|e| ("topics", field_error(e)))?;
    let consent = match (cell(4), cell(5)) {
        ("", "") => None,
        ("", _) | (_, "") => {
            return Err((
                "consent_at",
                FieldError::new(
                    "incomplete_consent",
                    "consent_at and consent_source go together: give both or neither.",
                ),
            ));
        }
        (at, source) => {
            let at = parse_consent_time(at).map_err(|e| ("consent_at", e))?;
            let source = required_text(source, 200).map_err(|e| ("consent_source", e))?;
            Some((at, source))
        }
    };
    Ok(Row {
        line,
        subscriber: NewSubscriber {
            email,
            name,
            language,
            topics,
        },
        consent,
    })
}

fn field_error(error: ApiError) -> FieldError {
    FieldError::new("invalid", error.to_string())
}

/// RFC 3339, or a date (taken as midnight UTC); never in the future.
fn parse_consent_time(value: &str) -> Result<NaiveDateTime, FieldError> {
    let at = DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&Utc).naive_utc())
        .or_else(|_| {
            NaiveDate::parse_from_str(value, "%Y-%m-%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default())
        })
        .map_err(|_| {
            FieldError::new(
                "invalid_datetime",
                "consent_at must be an RFC 3339 time (2026-03-01T09:30:00Z) or a date (2026-03-01).",
            )
        })?;
    if at > now() {
        return Err(FieldError::new(
            "in_future",
            "consent_at lies in the future.",
        ));
    }
    Ok(at)
}

fn write_chunk(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    rows: Vec<Row>,
    report: &mut ImportReport,
) -> Result<(), ApiError> {
    if rows.is_empty() {
        return Ok(());
    }
    write_transaction(conn, |conn| {
        let keys: Vec<String> = rows
            .iter()
            .map(|r| subscriber_email_key(&r.subscriber.email))
            .collect();
        let known: HashSet<String> = Subscriber::known_keys(conn, &keys)?.into_iter().collect();
        let now = now();
        for (row, key) in rows.iter().zip(&keys) {
            if known.contains(key) {
                skipped(report, row.line, "already_known");
                continue;
            }
            match &row.consent {
                Some((at, source)) => {
                    let subscriber = Subscriber::insert(
                        conn,
                        &row.subscriber,
                        SubscriberStatus::Confirmed,
                        now,
                    )?;
                    Consent::record(
                        conn,
                        &subscriber.id,
                        &ConsentEntry {
                            action: ConsentAction::Import,
                            privacy_notice_version: None,
                            source,
                            ip_address: None,
                            at: *at,
                        },
                    )?;
                    report.confirmed += 1;
                }
                None => {
                    let subscriber =
                        Subscriber::insert(conn, &row.subscriber, SubscriberStatus::Pending, now)?;
                    let reader = Reader {
                        name: row.subscriber.name.as_deref(),
                        email: &row.subscriber.email,
                        locale: row.subscriber.language,
                    };
                    // Imported without a consent on record: none to bind to the link.
                    request_confirmation(conn, context, &subscriber.id, &reader, None, now)?;
                    report.pending += 1;
                }
            }
            report.imported += 1;
        }
        Ok(())
    })
}
