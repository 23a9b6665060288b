//! CSV exports as spreadsheets read them: UTF-8 with a byte-order mark (so Excel does not
//! guess another encoding), cells that would run as formulas neutralised, sent as a download.

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};

use crate::error::ApiError;

/// The `format` of a list that also comes as a CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum ListFormat {
    /// A JSON page (the default).
    Json,
    /// Every matching row as a CSV download.
    Csv,
}

/// Whether `format` asks for the CSV export.
pub fn wants_csv(format: Option<&str>) -> Result<bool, ApiError> {
    match format {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => Err(ApiError::bad_request(
            "invalid_query_parameter",
            "format must be json or csv.",
        )
        .at("format")),
    }
}

/// A writer whose output starts with the byte-order mark.
pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec())
}

/// Spreadsheets run cells that start with these as formulas; a leading apostrophe keeps them
/// text (CSV injection).
pub fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// The written file as a download named `filename`.
pub fn download(filename: &str, writer: csv::Writer<Vec<u8>>) -> Result<HttpResponse, ApiError> {
    let body = writer
        .into_inner()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body))
}

/// A file sent as `chunks` arrive, as a download named `filename`.
pub fn streamed_download<S, E>(filename: &str, chunks: S) -> HttpResponse
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, E>> + 'static,
    E: std::error::Error + 'static,
{
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_kept_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("Kutaisi"), "Kutaisi");
    }
}
