//! The audit log: who (an account and its token, or the command line) did what to which
//! object, when and from which client address. Entries are appended once the action has
//! succeeded and are never changed: the database refuses updates and deletes. They hold ids
//! only, no names or addresses, so that erasing a person leaves them as they are; an export or
//! erasure of a person names no object at all.

use crate::accounts::Caller;
use crate::db::DbConnection;
use crate::db::models::{AuditEntry, NewAuditEntry};
use crate::error::ApiError;
use crate::state::AppState;

/// What was done, and to which kind of object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    EventPublished,
    EventCancelled,
    /// A change of the event's time or zone.
    EventMoved,
    EventDeleted,
    AgendaPublished,
    RegistrationApproved,
    RegistrationRejected,
    RegistrationRemoved,
    RegistrantsExported,
    SubscribersExported,
    SubscribersImported,
    /// A subscriber deleted by a coordinator (not an erasure of a person).
    SubscriberDeleted,
    IssueSent,
    IssuePaused,
    IssueCancelled,
    InvitationsSent,
    InvitationFollowUpSent,
    PersonExported,
    PersonErased,
    UserCreated,
    UserDisabled,
    TokenCreated,
    TokenRevoked,
    SignedIn,
    SignInFailed,
    SignedOut,
    PasswordSet,
    PasswordLinkIssued,
    TwoFactorEnabled,
    TwoFactorDisabled,
    TwoFactorRequired,
}

impl Action {
    pub const ALL: [Action; 31] = [
        Self::EventPublished,
        Self::EventCancelled,
        Self::EventMoved,
        Self::EventDeleted,
        Self::AgendaPublished,
        Self::RegistrationApproved,
        Self::RegistrationRejected,
        Self::RegistrationRemoved,
        Self::RegistrantsExported,
        Self::SubscribersExported,
        Self::SubscribersImported,
        Self::SubscriberDeleted,
        Self::IssueSent,
        Self::IssuePaused,
        Self::IssueCancelled,
        Self::InvitationsSent,
        Self::InvitationFollowUpSent,
        Self::PersonExported,
        Self::PersonErased,
        Self::UserCreated,
        Self::UserDisabled,
        Self::TokenCreated,
        Self::TokenRevoked,
        Self::SignedIn,
        Self::SignInFailed,
        Self::SignedOut,
        Self::PasswordSet,
        Self::PasswordLinkIssued,
        Self::TwoFactorEnabled,
        Self::TwoFactorDisabled,
        Self::TwoFactorRequired,
    ];

    /// The name stored and filtered by, e.g. `event_published`, and the kind of its object.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Self::EventPublished => ("event_published", "event"),
            Self::EventCancelled => ("event_cancelled", "event"),
            Self::EventMoved => ("event_moved", "event"),
            Self::EventDeleted => ("event_deleted", "event"),
            Self::AgendaPublished => ("agenda_published", "event"),
            Self::RegistrationApproved => ("registration_approved", "registration"),
            Self::RegistrationRejected => ("registration_rejected", "registration"),
            Self::RegistrationRemoved => ("registration_removed", "registration"),
            Self::RegistrantsExported => ("registrants_exported", "event"),
            Self::SubscribersExported => ("subscribers_exported", "subscribers"),
            Self::SubscribersImported => ("subscribers_imported", "subscribers"),
            Self::SubscriberDeleted => ("subscriber_deleted", "subscriber"),
            Self::IssueSent => ("issue_sent", "newsletter_issue"),
            Self::IssuePaused => ("issue_paused", "newsletter_issue"),
            Self::IssueCancelled => ("issue_cancelled", "newsletter_issue"),
            Self::InvitationsSent => ("invitations_sent", "event"),
            Self::InvitationFollowUpSent => ("invitation_follow_up_sent", "event"),
            Self::PersonExported => ("person_exported", "person"),
            Self::PersonErased => ("person_erased", "person"),
            Self::UserCreated => ("user_created", "user"),
            Self::UserDisabled => ("user_disabled", "user"),
            Self::TokenCreated => ("token_created", "token"),
            Self::TokenRevoked => ("token_revoked", "token"),
            Self::SignedIn => ("signed_in", "user"),
            Self::SignInFailed => ("sign_in_failed", "user"),
            Self::SignedOut => ("signed_out", "user"),
            Self::PasswordSet => ("password_set", "user"),
            Self::PasswordLinkIssued => ("password_link_issued", "user"),
            Self::TwoFactorEnabled => ("two_factor_enabled", "user"),
            Self::TwoFactorDisabled => ("two_factor_disabled", "user"),
            Self::TwoFactorRequired => ("two_factor_required", "user"),
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.names().0 == value)
    }
}

/// Records that `caller` did `action` to the object `object_id` (`None` where the object
/// would be a person or is all of a kind).
pub async fn record(
    state: &AppState,
    caller: &Caller,
    action: Action,
    object_id: Option<&str>,
) -> Result<(), ApiError> {
    let (action, object_type) = action.names();
    let entry = NewAuditEntry {
        user_id: Some(caller.user_id.clone()),
        token_name: caller.token_name.clone(),
        action,
        object_type,
        object_id: object_id.map(str::to_owned),
        client_address: caller.client_address.clone(),
    };
    state
        .db(move |conn| Ok(AuditEntry::append(conn, &entry)?))
        .await
}

/// Records what happened to the account `user_id` (if the address given had one) on the
/// console's pages before anyone was signed in, or at signing in and out: the account is both
/// who and what, and no token is involved.
pub async fn record_account(
    state: &AppState,
    user_id: Option<&str>,
    action: Action,
    client_address: Option<String>,
) -> Result<(), ApiError> {
    let (action, object_type) = action.names();
    let entry = NewAuditEntry {
        user_id: user_id.map(str::to_owned),
        token_name: None,
        action,
        object_type,
        object_id: user_id.map(str::to_owned),
        client_address,
    };
    state
        .db(move |conn| Ok(AuditEntry::append(conn, &entry)?))
        .await
}

/// Records an action taken on the command line (no account, no token, no client address).
pub fn record_command(
    conn: &mut DbConnection,
    action: Action,
    object_id: &str,
) -> diesel::QueryResult<()> {
    let (action, object_type) = action.names();
    AuditEntry::append(
        conn,
        &NewAuditEntry {
            user_id: None,
            token_name: None,
            action,
            object_type,
            object_id: Some(object_id.to_owned()),
            client_address: None,
        },
    )
}
