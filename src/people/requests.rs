//! A person's request as staff carry it out, through the API or the console: everything held
//! about an address exported, or erased, and each recorded in the audit log once done (naming
//! no object, see [`crate::audit`]). Both ways call these, so that neither can forget the
//! record or the mailer.

use super::{Erased, PersonExport, erase, export};
use crate::accounts::Caller;
use crate::audit::{self, Action};
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::event_mail::MailContext;
use crate::state::AppState;

/// Everything held about `email`, as `caller` asked for it (recorded as `person_exported`).
pub async fn export_audited(
    state: &AppState,
    caller: &Caller,
    email: Email,
) -> Result<PersonExport, ApiError> {
    let export = state.db(move |conn| export(conn, &email)).await?;
    audit::record(state, caller, Action::PersonExported, None).await?;
    Ok(export)
}

/// Erases everything held about `email` (see [`erase`]) as `caller` asked, wakes the mailer
/// for those moved up from a waitlist, and records `person_erased`.
pub async fn erase_audited(
    state: &AppState,
    caller: &Caller,
    email: Email,
) -> Result<Erased, ApiError> {
    let settings = state.settings.clone();
    let erased = state
        .db(move |conn| erase(conn, &MailContext::of(&settings), &email))
        .await?;
    state.mail_queued.notify_one();
    audit::record(state, caller, Action::PersonErased, None).await?;
    Ok(erased)
}
