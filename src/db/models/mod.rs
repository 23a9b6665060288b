//! Models: rows as types, with the queries that belong to them.

mod api_token;
mod event;
mod event_list;

pub use api_token::ApiToken;
pub use event::{Event, EventFields, EventRecord, EventStatus, Venue};
pub use event_list::{EventCursor, EventFilter};
