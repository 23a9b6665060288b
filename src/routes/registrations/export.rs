//! The registrations of an event as a CSV download, for the API and the console alike. The file
//! is written and sent a page of rows at a time, so that an event of thousands never has all
//! of them in memory at once.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::web::{self, Bytes};
use futures_util::stream;

use crate::db::Cursor;
use crate::db::models::{Event, Registration, RegistrationFilter};
use crate::domain::format_utc;
use crate::error::ApiError;
use crate::routes::csv::{self, cell};
use crate::state::AppState;

/// Rows read and sent at a time.
const ROWS_PER_CHUNK: i64 = 500;

const HEADER: [&str; 12] = [
    "name",
    "email",
    "organisation",
    "organisation_type",
    "country",
    "position",
    "language",
    "timezone",
    "status",
    "waitlist_position",
    "created_at",
    "confirmed_at",
];

/// Where the download stands between chunks.
struct Progress {
    state: web::Data<AppState>,
    event_id: String,
    filter: RegistrationFilter,
    places: Arc<HashMap<String, i64>>,
    after: Option<Cursor>,
    first: bool,
    done: bool,
}

/// Every registration of `event` that `filter` selects, oldest first, as a CSV download;
/// `places` gives the waitlist places.
pub fn download(
    state: web::Data<AppState>,
    event: &Event,
    filter: RegistrationFilter,
    places: HashMap<String, i64>,
) -> HttpResponse {
    let start = Progress {
        state,
        event_id: event.id.clone(),
        filter,
        places: Arc::new(places),
        after: None,
        first: true,
        done: false,
    };
    let chunks = stream::try_unfold(start, next_chunk);
    csv::streamed_download(&format!("registrations-{}.csv", event.slug), chunks)
}

/// The next chunk of the file: the byte-order mark and header first, then a page of rows.
async fn next_chunk(mut at: Progress) -> Result<Option<(Bytes, Progress)>, ApiError> {
    if at.done {
        return Ok(None);
    }
    let (event_id, filter, after) = (at.event_id.clone(), at.filter.clone(), at.after.take());
    let rows = at
        .state
        .db(move |conn| {
            Ok(Registration::list(
                conn,
                &event_id,
                &filter,
                after,
                Some(ROWS_PER_CHUNK),
            )?)
        })
        .await?;
    let mut writer = if at.first {
        let mut writer = csv::writer();
        writer.write_record(HEADER).map_err(ApiError::internal)?;
        writer
    } else {
        ::csv::Writer::from_writer(Vec::new())
    };
    for r in &rows {
        writer
            .write_record(record(r, at.places.get(&r.id).copied()))
            .map_err(ApiError::internal)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    at.first = false;
    at.done = (rows.len() as i64) < ROWS_PER_CHUNK;
    at.after = rows.last().map(|r| Cursor::new(r.created_at, &r.id));
    Ok(Some((Bytes::from(bytes), at)))
}

/// One registration's row, in the order of [`HEADER`].
fn record(r: &Registration, place: Option<i64>) -> [String; 12] {
    [
        cell(&r.name),
        cell(&r.email),
        cell(&r.organisation),
        r.organisation_type.clone(),
        r.country.clone(),
        cell(r.position.as_deref().unwrap_or("")),
        r.language.clone(),
        r.timezone
            .map(|tz| tz.name())
            .unwrap_or_default()
            .to_owned(),
        r.status.as_str().to_owned(),
        place.map(|p| p.to_string()).unwrap_or_default(),
        format_utc(r.created_at),
        r.confirmed_at.map(format_utc).unwrap_or_default(),
    ]
}
