//! What coordinators do with subscribers, written once for the API and the console: a page of
//! the list with the counts per status, one subscriber with the consent record, and the
//! import and deletion, each recorded in the audit log after it succeeded.

use std::collections::HashMap;

use crate::accounts::Caller;
use crate::audit::{self, Action};
use crate::db::models::{Consent, Subscriber, SubscriberFilter, SubscriberStatus};
use crate::db::{Cursor, DbConnection, write_transaction};
use crate::error::ApiError;
use crate::newsletter::import::{self, ImportReport};
use crate::state::AppState;

/// Subscribers as a list shows them, with their topics and the counts over all subscribers.
pub struct Listing {
    /// Oldest first; `limit` of them at most (ask for one more to learn whether a next page
    /// exists).
    pub rows: Vec<Subscriber>,
    /// The topics of each row, by subscriber id, sorted.
    pub topics: HashMap<String, Vec<String>>,
    /// Subscribers per status, every status named (0 where none), in [`SubscriberStatus::ALL`]'s
    /// order.
    pub counts: Vec<(SubscriberStatus, i64)>,
}

impl Listing {
    /// The topics of the subscriber `id`, taken out of the listing.
    pub fn take_topics(&mut self, id: &str) -> Vec<String> {
        self.topics.remove(id).unwrap_or_default()
    }
}

/// The subscribers `filter` selects after `after`, `limit` of them (all without one).
pub fn listing(
    conn: &mut DbConnection,
    filter: &SubscriberFilter,
    after: Option<Cursor>,
    limit: Option<i64>,
) -> Result<Listing, ApiError> {
    let rows = Subscriber::list(conn, filter, after, limit)?;
    let ids: Vec<&str> = rows.iter().map(|s| s.id.as_str()).collect();
    let topics = Subscriber::topics_of(conn, &ids)?;
    let stored = Subscriber::counts(conn)?;
    let counts = SubscriberStatus::ALL
        .into_iter()
        .map(|status| {
            let count = stored
                .iter()
                .find(|(s, _)| s == status.as_str())
                .map_or(0, |(_, n)| *n);
            (status, count)
        })
        .collect();
    Ok(Listing {
        rows,
        topics,
        counts,
    })
}

/// One subscriber with topics and consent record.
pub struct Detail {
    pub subscriber: Subscriber,
    pub topics: Vec<String>,
    /// Oldest first.
    pub consents: Vec<Consent>,
}

/// The subscriber `id`, or a 404.
pub fn detail(conn: &mut DbConnection, id: &str) -> Result<Detail, ApiError> {
    let subscriber =
        Subscriber::find(conn, id)?.ok_or_else(|| ApiError::not_found("subscriber"))?;
    let topics = Subscriber::topics_of(conn, &[id])?
        .remove(id)
        .unwrap_or_default();
    let consents = Consent::of_subscriber(conn, id)?;
    Ok(Detail {
        subscriber,
        topics,
        consents,
    })
}

/// Every subscriber `filter` selects, for an export by `caller` (recorded in the audit log).
pub async fn export_audited(
    state: &AppState,
    caller: &Caller,
    filter: SubscriberFilter,
) -> Result<Listing, ApiError> {
    let listing = state
        .db(move |conn| listing(conn, &filter, None, None))
        .await?;
    audit::record(state, caller, Action::SubscribersExported, None).await?;
    Ok(listing)
}

/// Imports `csv` (see [`import::import`]) for `caller`, wakes the mail worker for the opt-in
/// mails it queued, and records it in the audit log.
pub async fn import_audited(
    state: &AppState,
    caller: &Caller,
    csv: Vec<u8>,
) -> Result<ImportReport, ApiError> {
    let settings = state.settings.clone();
    let report = state
        .db(move |conn| {
            let context = crate::mail::event_mail::MailContext::of(&settings);
            import::import(conn, &context, &csv)
        })
        .await?;
    state.mail_queued.notify_one();
    audit::record(state, caller, Action::SubscribersImported, None).await?;
    Ok(report)
}

/// Deletes the subscriber `id` with topics, links and consent record for `caller` (recorded in
/// the audit log); a 404 if there is none.
pub async fn delete_audited(state: &AppState, caller: &Caller, id: String) -> Result<(), ApiError> {
    let deleted_id = id.clone();
    let deleted = state
        .db(move |conn| {
            Ok(write_transaction(conn, |conn| {
                Subscriber::delete(conn, &deleted_id)
            })?)
        })
        .await?;
    if !deleted {
        return Err(ApiError::not_found("subscriber"));
    }
    audit::record(state, caller, Action::SubscriberDeleted, Some(&id)).await
}
