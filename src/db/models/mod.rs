//! Models: rows as types, with the queries that belong to them.

mod action_token;
mod api_token;
mod event;
mod event_list;
mod registration;

pub use action_token::{ActionToken, TokenProblem, TokenPurpose};
pub use api_token::ApiToken;
pub use event::{Event, EventFields, EventRecord, EventStatus, Venue, lock_for_update};
pub use event_list::EventFilter;
pub use registration::{NewRegistration, Registration, RegistrationFilter, RegistrationStatus};
