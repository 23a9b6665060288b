//! An event's way from draft to published to cancelled, its deletion as a draft and its copy
//! as a new draft, for the API and the console alike: each written in one transaction, the
//! scheduler woken where registrants are to be told, and recorded in the audit log.

use actix_web::web;

use super::input::EventInput;
use crate::accounts::Caller;
use crate::audit::{self, Action};
use crate::db::models::{Event, EventFields, EventRecord, EventStatus};
use crate::error::ApiError;
use crate::state::AppState;

/// A move of the event's state: from the one it must be in, to the next, and how the audit log
/// names it.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    pub from: EventStatus,
    pub to: EventStatus,
    pub action: Action,
}

/// Publishing a draft.
pub const PUBLISH: Transition = Transition {
    from: EventStatus::Draft,
    to: EventStatus::Published,
    action: Action::EventPublished,
};

/// Cancelling a published event (its registrants are told by the scheduler).
pub const CANCEL: Transition = Transition {
    from: EventStatus::Published,
    to: EventStatus::Cancelled,
    action: Action::EventCancelled,
};

/// Moves the event `id` as `transition` says; a conflict when it is in another state.
pub async fn transition(
    state: &web::Data<AppState>,
    caller: &Caller,
    id: String,
    transition: Transition,
) -> Result<EventRecord, ApiError> {
    let record = state
        .db(move |conn| {
            // The plan, made while the event is still in its old state, records what
            // registrants were told so far: later changes and a cancellation are compared
            // with it.
            crate::schedule::ensure_plan(conn, &id)?;
            Event::transition(conn, &id, transition.from, transition.to)
        })
        .await?;
    // A cancellation is mailed to registrants by the scheduler.
    state.schedule_changed.notify_one();
    audit::record(state, caller, transition.action, Some(&record.event.id)).await?;
    Ok(record)
}

/// Deletes the event `id`, which must be a draft.
pub async fn delete_draft(
    state: &web::Data<AppState>,
    caller: &Caller,
    id: String,
) -> Result<(), ApiError> {
    let deleted = id.clone();
    state
        .db(move |conn| Event::delete_draft(conn, &deleted))
        .await?;
    audit::record(state, caller, Action::EventDeleted, Some(&id)).await
}

/// A new draft with everything the event `id` has but its slug (made from the title anew)
/// and its state: the next event of a series starts from the last one.
pub async fn duplicate(state: &web::Data<AppState>, id: String) -> Result<EventRecord, ApiError> {
    state
        .db(move |conn| {
            let original = Event::load(conn, &id)?;
            let fields = EventInput {
                slug: None,
                ..EventInput::from_record(&original)
            }
            .parse()?;
            Event::create(conn, &fields)
        })
        .await
}

/// Replaces the event `id` with what `change` makes of it, in one transaction. A change of its
/// time or zone is recorded as a move; registrants are told of changes by the scheduler.
pub async fn update(
    state: &web::Data<AppState>,
    caller: &Caller,
    id: String,
    change: impl FnOnce(&EventRecord) -> Result<EventFields, ApiError> + Send + 'static,
) -> Result<EventRecord, ApiError> {
    let (record, before) = state
        .db(move |conn| {
            let mut before = None;
            let record = Event::update(conn, &id, |current| {
                let event = &current.event;
                before = Some((event.starts_at, event.ends_at, event.timezone));
                change(current)
            })?;
            Ok((record, before))
        })
        .await?;
    state.schedule_changed.notify_one();
    let event = &record.event;
    if before.is_some_and(|b| b != (event.starts_at, event.ends_at, event.timezone)) {
        audit::record(state, caller, Action::EventMoved, Some(&event.id)).await?;
    }
    Ok(record)
}
