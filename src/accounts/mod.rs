//! Staff accounts: users with a role, the API tokens that act for them, and authorisation.
//!
//! [`role`] is the table of what each role may do, [`authorise`] applies it to requests. The
//! functions here are the service the command line (and later the console) calls: they check
//! their input and write nothing when it is bad.

pub mod authorise;
pub mod password;
pub mod role;
pub mod sign_in;
pub mod tokens;
pub mod two_factor;

use anyhow::Context as _;

pub use authorise::{Caller, Can, can};
pub use role::{Permission, Role};

use crate::db::DbConnection;
use crate::db::models::{ApiToken, NewUser, User};
use crate::domain::{Email, required_text};
use crate::i18n::Locale;

/// What is needed to open an account, as given (by the command line or a form).
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub language: &'a str,
}

/// An address as accounts are keyed by: checked, and lower-cased as a whole, so that one
/// person cannot hold two accounts by the case of their address.
pub fn account_email(value: &str) -> anyhow::Result<String> {
    let email = Email::parse(value).map_err(|e| anyhow::anyhow!("{value:?}: {}", e.message))?;
    Ok(email.as_str().to_lowercase())
}

/// Opens an account; an unknown role, a bad address or language, a blank name or an address
/// that has an account already are refused, and nothing is written.
pub fn create_user(conn: &mut DbConnection, account: &NewAccount<'_>) -> anyhow::Result<User> {
    let email = account_email(account.email)?;
    let name =
        required_text(account.name, 200).map_err(|e| anyhow::anyhow!("name: {}", e.message))?;
    let role = Role::parse(account.role).map_err(|e| anyhow::anyhow!(e.message))?;
    let language = Locale::parse(account.language).map_err(|e| anyhow::anyhow!(e.message))?;
    anyhow::ensure!(
        User::find_by_email(conn, &email)?.is_none(),
        "there is an account for {email} already"
    );
    let new = NewUser {
        email: &email,
        name: &name,
        role,
        language: language.code(),
    };
    User::create(conn, &new).context("cannot store the account")
}

/// The account with the address `email`.
pub fn find_user(conn: &mut DbConnection, email: &str) -> anyhow::Result<User> {
    let email = account_email(email)?;
    User::find_by_email(conn, &email)?.with_context(|| format!("there is no account for {email}"))
}

/// Disables the account of `email`: its tokens stop working with the next request.
pub fn disable_user(conn: &mut DbConnection, email: &str) -> anyhow::Result<User> {
    let user = find_user(conn, email)?;
    anyhow::ensure!(
        User::disable(conn, &user.id)?,
        "the account of {} is disabled already",
        user.email
    );
    Ok(user)
}

/// Creates a token named `name` for the account of `email`, or for the system user (an admin)
/// when no address is given; returns it with the secret.
pub fn create_token(
    conn: &mut DbConnection,
    name: &str,
    email: Option<&str>,
) -> anyhow::Result<(ApiToken, String)> {
    let owner = email.map(|email| find_user(conn, email)).transpose()?;
    let owner_id = owner.as_ref().map(|user| user.id.as_str());
    tokens::issue(conn, name, owner_id).map_err(|error| match owner {
        Some(user) if !user.active => anyhow::anyhow!("the account of {} is disabled", user.email),
        _ => anyhow::anyhow!("{error}"),
    })
}
