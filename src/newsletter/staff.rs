//! What staff do to an issue, said once for the API and the console: the change itself (the
//! rules are in [`super::issues`]), the background worker it concerns woken, and the change
//! recorded in the audit log as the caller's.

use crate::accounts::Caller;
use crate::audit::{self, Action};
use crate::db::DbConnection;
use crate::db::models::NewsletterIssue;
use crate::domain::Email;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::state::AppState;

use super::issues;

/// A change of an issue's sending state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Start sending a draft, or resume a paused issue.
    Send,
    Pause,
    Cancel,
}

impl Change {
    fn rule(self) -> fn(&mut DbConnection, &str) -> Result<NewsletterIssue, ApiError> {
        match self {
            Self::Send => issues::send,
            Self::Pause => issues::pause,
            Self::Cancel => issues::cancel,
        }
    }

    /// How the audit log names the change.
    fn action(self) -> Action {
        match self {
            Self::Send => Action::IssueSent,
            Self::Pause => Action::IssuePaused,
            Self::Cancel => Action::IssueCancelled,
        }
    }
}

/// Applies `change` to the issue `id`, wakes the dispatcher, and records the change as
/// `caller`'s. Answers the issue as it is afterwards.
pub async fn apply(
    state: &AppState,
    caller: &Caller,
    id: &str,
    change: Change,
) -> Result<NewsletterIssue, ApiError> {
    let changed = id.to_owned();
    let issue = state.db(move |conn| change.rule()(conn, &changed)).await?;
    state.issue_queued.notify_one();
    audit::record(state, caller, change.action(), Some(id)).await?;
    Ok(issue)
}

/// Queues a test copy of the issue `id` to `email` (see [`issues::queue_test`]) and wakes the
/// mail worker.
pub async fn test(
    state: &AppState,
    id: &str,
    email: Email,
    locale: Option<Locale>,
) -> Result<(), ApiError> {
    let (id, worker_state) = (id.to_owned(), state.clone());
    state
        .db(move |conn| issues::queue_test(conn, &worker_state.mail_context(), &id, &email, locale))
        .await?;
    state.mail_queued.notify_one();
    Ok(())
}
