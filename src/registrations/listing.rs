//! What coordinators see of an event's registrations, for the API's list and the console's
//! table alike: one page, the waitlist places on it, and the counts over the whole event.

use std::collections::HashMap;

use crate::db::models::{Breakdown, Event, Registration, RegistrationFilter, RegistrationStatus};
use crate::db::{Cursor, DbConnection};
use crate::error::ApiError;

/// One page of an event's registrations with what the page shows beside them.
#[derive(Debug)]
pub struct Listing {
    pub event: Event,
    /// Up to the asked number of rows, oldest first.
    pub rows: Vec<Registration>,
    /// The waitlist place of each waitlisted registration of the event, by id.
    pub places: HashMap<String, i64>,
    /// Registrations per status over the whole event, every status named (0 where none).
    pub counts: Vec<(RegistrationStatus, i64)>,
    pub breakdown: Breakdown,
}

/// Up to `limit` registrations of the event `event_id` that `filter` selects, after
/// `after`, with the counts of the whole event. An unknown event is a 404.
pub fn listing(
    conn: &mut DbConnection,
    event_id: &str,
    filter: &RegistrationFilter,
    after: Option<Cursor>,
    limit: i64,
) -> Result<Listing, ApiError> {
    let event = Event::find(conn, event_id)?;
    let rows = Registration::list(conn, event_id, filter, after, Some(limit))?;
    let stored = Registration::counts(conn, event_id)?;
    let counts = RegistrationStatus::ALL
        .into_iter()
        .map(|status| {
            let n = stored
                .iter()
                .find(|(s, _)| s == status.as_str())
                .map_or(0, |(_, n)| *n);
            (status, n)
        })
        .collect();
    Ok(Listing {
        event,
        rows,
        places: Registration::waitlist_places(conn, event_id)?,
        counts,
        breakdown: Registration::breakdown(conn, event_id)?,
    })
}

/// The event `event_id` and its waitlist places, what an export needs before it reads the
/// rows page by page. An unknown event is a 404.
pub fn export_start(
    conn: &mut DbConnection,
    event_id: &str,
) -> Result<(Event, HashMap<String, i64>), ApiError> {
    let event = Event::find(conn, event_id)?;
    Ok((event, Registration::waitlist_places(conn, event_id)?))
}
