//! Links to set or reset the password of a staff account: a random secret (256 bits) in the
//! link, its SHA-256 here; each works once, until it expires.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::TokenProblem;
use crate::db::DbConnection;
use crate::db::schema::password_links;
use crate::secret;

/// The prefix of the secrets, so that they are recognisable.
const PREFIX: &str = "dlgp_";

/// Links to set a password.
pub struct PasswordLink;

impl PasswordLink {
    /// A new link for `user_id`, working until `expires_at`; returns its secret.
    pub fn issue(
        conn: &mut DbConnection,
        user_id: &str,
        expires_at: NaiveDateTime,
    ) -> QueryResult<String> {
        let token = secret::generate(PREFIX);
        diesel::insert_into(password_links::table)
            .values((
                password_links::token_hash.eq(secret::hash(&token)),
                password_links::user_id.eq(user_id),
                password_links::expires_at.eq(expires_at),
            ))
            .execute(conn)?;
        Ok(token)
    }

    /// The account whose link `presented` is, if the link still works at `now`.
    pub fn check(
        conn: &mut DbConnection,
        presented: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Result<String, TokenProblem>> {
        let found: Option<(String, NaiveDateTime, Option<NaiveDateTime>)> = password_links::table
            .find(secret::hash(presented))
            .select((
                password_links::user_id,
                password_links::expires_at,
                password_links::used_at,
            ))
            .get_result(conn)
            .optional()?;
        Ok(match found {
            None => Err(TokenProblem::Unknown),
            Some((_, _, Some(_))) => Err(TokenProblem::Used),
            Some((_, expires_at, None)) if expires_at <= now => Err(TokenProblem::Expired),
            Some((user_id, _, None)) => Ok(user_id),
        })
    }

    /// Uses the link `presented` up, and every other unused link of the same account with it;
    /// false when it was used already (by a request racing this one, too).
    pub fn use_up(
        conn: &mut DbConnection,
        presented: &str,
        user_id: &str,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let taken = diesel::update(
            password_links::table
                .find(secret::hash(presented))
                .filter(password_links::used_at.is_null()),
        )
        .set(password_links::used_at.eq(now))
        .execute(conn)?;
        diesel::update(
            password_links::table
                .filter(password_links::user_id.eq(user_id))
                .filter(password_links::used_at.is_null()),
        )
        .set(password_links::used_at.eq(now))
        .execute(conn)?;
        Ok(taken > 0)
    }
}
