//! Events as the registration paths read them before their write transaction, kept between
//! requests: every registration and confirmation needs its event with languages and topics
//! (three queries) to compose its mail, and the event rarely changes.
//!
//! An entry may be stale, so nothing is decided on it alone. Each path that reads one checks
//! the event's version inside its transaction ([`EventVersion::is_of`](super::EventVersion)),
//! and when the version moved, or the cached event refuses the request, it forgets the entry
//! and takes the path that reads the event afresh. That check is against the database, so
//! the cache is safe with several processes, and one cache serves every pool of the process
//! (event ids are UUIDs, unique across databases).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use super::{Event, EventRecord};
use crate::db::DbConnection;
use crate::error::ApiError;

/// More events than this, and the cache starts again empty: registrations go to a handful
/// of events at a time.
const CAPACITY: usize = 1024;

static CACHE: LazyLock<Mutex<HashMap<String, Arc<EventRecord>>>> = LazyLock::new(Mutex::default);

/// Events whose last seat allocation in this process found no seat free. A hint for choosing
/// a path, never for deciding: a confirmation of such an event composes no seat mail ahead,
/// and its batch goes straight to the transaction that hands out waitlist places (and seats
/// too, should one be free), instead of first trying to seat everyone and finding no seat.
static FULL: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);

fn cache() -> MutexGuard<'static, HashMap<String, Arc<EventRecord>>> {
    CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn full() -> MutexGuard<'static, HashSet<String>> {
    FULL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Event {
    /// The event with its languages and topics, perhaps as read by an earlier request; see
    /// the module docs for what a caller must check.
    pub fn load_cached(conn: &mut DbConnection, id: &str) -> Result<Arc<EventRecord>, ApiError> {
        if let Some(record) = cache().get(id) {
            return Ok(record.clone());
        }
        Ok(remember(Self::load(conn, id)?))
    }

    /// [`Event::load_cached`] by id, or by slug when `key` is not a UUID.
    pub fn load_cached_by_key(
        conn: &mut DbConnection,
        key: &str,
    ) -> Result<Arc<EventRecord>, ApiError> {
        match uuid::Uuid::try_parse(key) {
            Ok(id) => Self::load_cached(conn, &id.to_string()),
            Err(_) => {
                let event = Self::find_by_slug(conn, key)?;
                Ok(remember(Self::with_tags_of_one(conn, event)?))
            }
        }
    }

    /// The cached copy of the event with this id (`key`, when it is a UUID), if there is one.
    pub fn cached_by_key(key: &str) -> Option<Arc<EventRecord>> {
        let id = uuid::Uuid::try_parse(key).ok()?.to_string();
        cache().get(&id).cloned()
    }

    /// Drops the cached copy of an event found to be stale.
    pub fn forget_cached(id: &str) {
        cache().remove(id);
        full().remove(id);
    }

    /// Whether the last seat allocation for the event in this process found it full.
    pub fn seemed_full(id: &str) -> bool {
        full().contains(id)
    }

    /// Notes what a seat allocation for the event found, under its lock.
    pub fn note_seat_free(id: &str, seat_free: bool) {
        let mut full = full();
        if seat_free {
            full.remove(id);
        } else if !full.contains(id) {
            if full.len() >= CAPACITY {
                full.clear();
            }
            full.insert(id.to_owned());
        }
    }
}

fn remember(record: EventRecord) -> Arc<EventRecord> {
    let record = Arc::new(record);
    let mut cache = cache();
    if cache.len() >= CAPACITY {
        cache.clear();
    }
    cache.insert(record.event.id.clone(), record.clone());
    record
}
