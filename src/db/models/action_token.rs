//! Single-purpose secrets behind the links in mails. Only their SHA-256 is stored; a token
//! works for its one purpose, until it expires or is used.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::action_tokens;
use crate::db::{DbConnection, now};
use crate::secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    ConfirmRegistration,
    WithdrawRegistration,
}

impl TokenPurpose {
    fn as_str(&self) -> &'static str {
        match self {
            Self::ConfirmRegistration => "confirm_registration",
            Self::WithdrawRegistration => "withdraw_registration",
        }
    }
}

/// Why a presented token does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Expired,
    Used,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = action_tokens)]
pub struct ActionToken {
    pub token_hash: String,
    pub purpose: String,
    pub registration_id: Option<String>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl ActionToken {
    /// A new token for `purpose` on a registration; returns the secret for the link.
    pub fn issue(
        conn: &mut DbConnection,
        purpose: TokenPurpose,
        registration_id: &str,
        expires_at: NaiveDateTime,
    ) -> QueryResult<String> {
        let token = secret::generate("");
        diesel::insert_into(action_tokens::table)
            .values((
                action_tokens::token_hash.eq(secret::hash(&token)),
                action_tokens::purpose.eq(purpose.as_str()),
                action_tokens::registration_id.eq(registration_id),
                action_tokens::expires_at.eq(expires_at),
                action_tokens::created_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(token)
    }

    /// The token if it works for `purpose` now, without using it up (for pages a GET shows).
    pub fn check(
        conn: &mut DbConnection,
        presented: &str,
        purpose: TokenPurpose,
    ) -> QueryResult<Result<Self, TokenProblem>> {
        let token: Option<Self> = action_tokens::table
            .find(secret::hash(presented.trim()))
            .filter(action_tokens::purpose.eq(purpose.as_str()))
            .select(Self::as_select())
            .first(conn)
            .optional()?;
        Ok(match token {
            None => Err(TokenProblem::Unknown),
            Some(token) if token.used_at.is_some() => Err(TokenProblem::Used),
            Some(token) if token.expires_at <= now() => Err(TokenProblem::Expired),
            Some(token) => Ok(token),
        })
    }

    /// Uses up a token [`ActionToken::check`] accepted; only one of several concurrent uses
    /// succeeds, the others get [`TokenProblem::Used`].
    pub fn consume(
        conn: &mut DbConnection,
        token: Self,
    ) -> QueryResult<Result<Self, TokenProblem>> {
        let used = diesel::update(
            action_tokens::table
                .find(&token.token_hash)
                .filter(action_tokens::used_at.is_null()),
        )
        .set(action_tokens::used_at.eq(now()))
        .execute(conn)?;
        Ok(if used == 1 {
            Ok(token)
        } else {
            Err(TokenProblem::Used)
        })
    }
}
