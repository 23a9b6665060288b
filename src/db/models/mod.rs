//! Models: rows as types, with the queries that belong to them.

mod action_token;
mod api_token;
mod audit_entry;
mod consent;
mod event;
mod event_cache;
mod event_list;
mod event_writes;
mod invitation;
mod invitation_batch;
mod mail_quota;
mod newsletter_issue;
mod password_link;
mod registration;
mod registration_listing;
mod registration_statements;
mod staff_session;
mod subscriber;
mod subscriber_audience;
mod user;

/// How the address keys of erased registrations and invitations begin (`erased:{row id}`):
/// unique per row, so that the unique indexes hold, and matching no address.
pub const ERASED_KEY_PREFIX: &str = "erased:";

pub use action_token::{
    ActionToken, CONFIRMATION_WINDOW, NewToken, TokenProblem, TokenPurpose, UseUp,
};
pub use api_token::ApiToken;
pub use audit_entry::{AuditEntry, AuditFilter, NewAuditEntry};
pub use consent::{Consent, ConsentAction, ConsentEntry};
pub use event::{
    Event, EventFields, EventRecord, EventStatus, EventVersion, Venue, lock_for_update,
};
pub use event_list::{EventFilter, Facets};
pub use invitation::{Invitation, InvitationState, InvitationStatus, NewInvitation};
pub use invitation_batch::{InvitationBatch, SubscriberAudience};
pub(crate) use mail_quota::push_count_on_conflict;
pub use mail_quota::{MailQuota, QUOTA_WINDOW};
pub use newsletter_issue::{IssueContent, IssueStatus, NewsletterIssue, Progress};
pub use password_link::PasswordLink;
pub use registration::{NewRegistration, Registration, RegistrationStatus};
pub use registration_listing::{Breakdown, RegistrationFilter};
pub use registration_statements::AdmitPending;
pub use staff_session::{SessionLifetime, StaffSession};
pub use subscriber::{
    NewSubscriber, Subscriber, SubscriberFilter, SubscriberStatus,
    email_key as subscriber_email_key,
};
pub use subscriber_audience::Audience;
pub use user::{NewUser, User};
