//! Signing in to the console, the second factor, and setting a password through a link: the
//! rules, on a connection, for the pages (and the command line) to call.
//!
//! A refusal never tells whether an address has an account: an unknown address, a disabled
//! account, one without a password, a locked one and a wrong password all get the same answer,
//! after the same work (a password check against a decoy where there is nothing to check).
//! [`LOCK_AFTER`] failures in a row, of passwords or of codes, lock the account for
//! [`LOCKED_FOR`]; the pages limit attempts per client address besides.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::Connection as _;

use super::password::{self, Weakness};
use super::two_factor;
use crate::db::DbConnection;
use crate::db::models::{PasswordLink, SessionLifetime, StaffSession, TokenProblem, User};

/// Failed sign-ins in a row that lock an account.
pub const LOCK_AFTER: i32 = 5;
/// How long a locked account stays locked.
pub const LOCKED_FOR: TimeDelta = TimeDelta::minutes(15);
/// How long a link to set a password made on the command line works.
pub const SET_PASSWORD_LINK_WORKS: TimeDelta = TimeDelta::hours(24);
/// How long a link from a "forgot your password" mail works.
pub const RESET_LINK_WORKS: TimeDelta = TimeDelta::hours(1);

/// What a sign-in with a password came to.
#[derive(Debug)]
pub enum SignIn {
    /// A session was opened: `session` goes into the cookie. With `needs_code`, the session
    /// opens nothing but the second factor's step yet.
    Opened {
        session: String,
        user: Box<User>,
        needs_code: bool,
    },
    /// Refused; `user_id` names the account the address belongs to, if any, for the audit log.
    Refused { user_id: Option<String> },
}

/// Signs in with `email` and `password` at `now`; see the module documentation.
pub fn sign_in(
    conn: &mut DbConnection,
    email: &str,
    password: &str,
    now: NaiveDateTime,
) -> anyhow::Result<SignIn> {
    let user = match super::account_email(email) {
        Ok(email) => User::find_by_email(conn, &email)?,
        Err(_) => None,
    };
    let usable = user
        .as_ref()
        .filter(|u| u.active && u.id != User::SYSTEM_ID)
        .filter(|u| u.locked_until.is_none_or(|until| until <= now));
    let was_usable = usable.is_some();
    let stored = usable.and_then(|u| u.password_hash.as_deref());
    let matches = password::verify(password, stored);
    let Some(user) = user else {
        return Ok(SignIn::Refused { user_id: None });
    };
    if !matches {
        if was_usable {
            User::count_failure(conn, &user.id, LOCK_AFTER, now + LOCKED_FOR)?;
        }
        return Ok(SignIn::Refused {
            user_id: Some(user.id),
        });
    }
    User::clear_failures(conn, &user.id)?;
    let needs_code = user.totp_secret.is_some();
    let session = StaffSession::open(conn, &user.id, !needs_code, now)?;
    Ok(SignIn::Opened {
        session,
        user: Box::new(user),
        needs_code,
    })
}

/// Takes the one-time `code` for the session `session` of `user`, whose password was right;
/// the new session id on success (see [`StaffSession::verify`]), `None` when the code is
/// wrong, used or the account locked (a wrong code counts as a failed sign-in).
pub fn give_code(
    conn: &mut DbConnection,
    session: &str,
    user: &User,
    code: &str,
    now: NaiveDateTime,
) -> anyhow::Result<Option<String>> {
    let Some(secret) = user.totp_secret.as_deref() else {
        return Ok(None);
    };
    if user.locked_until.is_some_and(|until| until > now) {
        return Ok(None);
    }
    let step = two_factor::check(secret, code, now, user.totp_last_step);
    let taken = match step {
        Some(step) => User::take_code_step(conn, &user.id, step)?,
        None => false,
    };
    if !taken {
        User::count_failure(conn, &user.id, LOCK_AFTER, now + LOCKED_FOR)?;
        return Ok(None);
    }
    User::clear_failures(conn, &user.id)?;
    Ok(StaffSession::verify(conn, session, now)?)
}

/// Switches the second factor of `user` on with `secret`, proven by `code`; false when the
/// code is not one of the secret's at `now`.
pub fn enable_second_factor(
    conn: &mut DbConnection,
    user: &User,
    secret: &str,
    code: &str,
    now: NaiveDateTime,
) -> anyhow::Result<bool> {
    let Some(step) = two_factor::check(secret, code, now, None) else {
        return Ok(false);
    };
    User::set_second_factor(conn, &user.id, Some((secret, step)))?;
    Ok(true)
}

/// Switches the second factor of `user` off for good (its holder lost the app) and ends the
/// account's sessions; where it is required, the holder sets up a new one at the next sign-in.
pub fn reset_second_factor(conn: &mut DbConnection, user: &User) -> anyhow::Result<()> {
    anyhow::ensure!(
        user.totp_secret.is_some(),
        "the account of {} has no second factor",
        user.email
    );
    conn.transaction(|conn| {
        User::set_second_factor(conn, &user.id, None)?;
        StaffSession::close_all_of(conn, &user.id)?;
        diesel::QueryResult::Ok(())
    })?;
    Ok(())
}

/// Why a link could not set a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetPasswordRefused {
    Link(TokenProblem),
    Weak(Weakness),
}

/// The account a password link `token` belongs to, if the link works at `now` and the account
/// is active.
pub fn link_holder(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
) -> anyhow::Result<Result<User, TokenProblem>> {
    let user_id = match PasswordLink::check(conn, token, now)? {
        Ok(user_id) => user_id,
        Err(problem) => return Ok(Err(problem)),
    };
    Ok(User::find(conn, &user_id)?
        .filter(|u| u.active)
        .ok_or(TokenProblem::Unknown))
}

/// Sets the password of the holder of the link `token` to `password` (typed twice, the
/// second time as `repeated`), uses the link up and ends the account's sessions.
pub fn set_password_with_link(
    conn: &mut DbConnection,
    token: &str,
    password: &str,
    repeated: &str,
    now: NaiveDateTime,
) -> anyhow::Result<Result<User, SetPasswordRefused>> {
    let user = match link_holder(conn, token, now)? {
        Ok(user) => user,
        Err(problem) => return Ok(Err(SetPasswordRefused::Link(problem))),
    };
    if let Err(weakness) = password::check_strength(password, &user.email, &user.name) {
        return Ok(Err(SetPasswordRefused::Weak(weakness)));
    }
    if password != repeated {
        return Ok(Err(SetPasswordRefused::Weak(Weakness::Mismatch)));
    }
    let hash = password::hash(password)?;
    conn.transaction(|conn| {
        if !PasswordLink::use_up(conn, token, &user.id, now)? {
            return Ok(Err(SetPasswordRefused::Link(TokenProblem::Used)));
        }
        User::set_password(conn, &user.id, &hash)?;
        StaffSession::close_all_of(conn, &user.id)?;
        Ok(Ok(user))
    })
}

/// Sets the password of `user` directly (the command line's `--password-stdin`).
pub fn set_password(conn: &mut DbConnection, user: &User, password: &str) -> anyhow::Result<()> {
    password::check_strength(password, &user.email, &user.name)
        .map_err(|weakness| anyhow::anyhow!(weakness.reason()))?;
    let hash = password::hash(password)?;
    conn.transaction(|conn| {
        User::set_password(conn, &user.id, &hash)?;
        StaffSession::close_all_of(conn, &user.id)?;
        diesel::QueryResult::Ok(())
    })?;
    Ok(())
}

/// A new link for `user` to set a password, working for `works`; returns its secret.
pub fn issue_password_link(
    conn: &mut DbConnection,
    user: &User,
    now: NaiveDateTime,
    works: TimeDelta,
) -> anyhow::Result<String> {
    anyhow::ensure!(user.active, "the account of {} is disabled", user.email);
    anyhow::ensure!(
        user.id != User::SYSTEM_ID,
        "the system account cannot sign in"
    );
    Ok(PasswordLink::issue(conn, &user.id, now + works)?)
}

/// The session lifetime of the settings `idle_minutes` and `absolute_hours`.
pub fn lifetime(idle_minutes: u64, absolute_hours: u64) -> SessionLifetime {
    SessionLifetime {
        idle: TimeDelta::minutes(idle_minutes as i64),
        absolute: TimeDelta::hours(absolute_hours as i64),
    }
}
