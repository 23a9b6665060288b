//! API tokens as staff hand them out and take them back, for the command line and the
//! console alike: a name given once, an active owner (or the system's admin), the secret
//! shown only to the one who created it, each step recorded in the audit log.

use crate::accounts::Caller;
use crate::audit::{self, Action};
use crate::db::models::{ApiToken, User};
use crate::db::{DbConnection, write_transaction};
use crate::domain::{FieldError, required_text};
use crate::error::ApiError;
use crate::state::AppState;

/// The longest name of a token.
pub const MAX_NAME: usize = 100;

/// Creates a token named `name` for the account `owner_id` (the system's admin for `None`)
/// and returns it with its secret. A blank, too long or taken name and an owner that is
/// unknown or disabled are refused, naming the field, and nothing is written.
pub fn issue(
    conn: &mut DbConnection,
    name: &str,
    owner_id: Option<&str>,
) -> Result<(ApiToken, String), ApiError> {
    let name = required_text(name, MAX_NAME).map_err(|e| ApiError::invalid("name", e))?;
    write_transaction(conn, |conn| {
        let taken = ApiToken::list(conn, None)?.iter().any(|t| t.name == name);
        if taken {
            return Err(ApiError::invalid(
                "name",
                FieldError::new("taken", format!("A token named {name:?} exists already.")),
            ));
        }
        let owner = match owner_id {
            None => User::SYSTEM_ID.to_owned(),
            Some(id) => match User::find(conn, id)? {
                Some(user) if user.active => user.id,
                Some(_) => {
                    return Err(ApiError::invalid(
                        "owner",
                        FieldError::new("disabled", "This account is disabled."),
                    ));
                }
                None => {
                    return Err(ApiError::invalid(
                        "owner",
                        FieldError::new("unknown", "There is no such account."),
                    ));
                }
            },
        };
        ApiToken::create_for(conn, &name, &owner).map_err(ApiError::internal)
    })
}

/// Revokes the live token `id`; 404 for none, 409 for one revoked already.
pub fn revoke(conn: &mut DbConnection, id: &str) -> Result<ApiToken, ApiError> {
    write_transaction(conn, |conn| {
        let token = find(conn, id)?;
        if token.revoked_at.is_some() {
            return Err(ApiError::conflict(
                "revoked",
                "This token is revoked already.",
            ));
        }
        ApiToken::revoke(conn, &token.name)?;
        find(conn, id)
    })
}

/// The token `id`, live or revoked; 404 for none.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<ApiToken, ApiError> {
    ApiToken::list(conn, None)?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| ApiError::not_found("token"))
}

/// [`issue`] as `caller` asked it (recorded as `token_created`).
pub async fn issue_audited(
    state: &AppState,
    caller: &Caller,
    name: String,
    owner_id: Option<String>,
) -> Result<(ApiToken, String), ApiError> {
    let (token, secret) = state
        .db(move |conn| issue(conn, &name, owner_id.as_deref()))
        .await?;
    audit::record(state, caller, Action::TokenCreated, Some(&token.id)).await?;
    Ok((token, secret))
}

/// [`revoke`] as `caller` asked it (recorded as `token_revoked`).
pub async fn revoke_audited(
    state: &AppState,
    caller: &Caller,
    id: String,
) -> Result<ApiToken, ApiError> {
    let token = state.db(move |conn| revoke(conn, &id)).await?;
    audit::record(state, caller, Action::TokenRevoked, Some(&token.id)).await?;
    Ok(token)
}
