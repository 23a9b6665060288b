use anyhow::Context;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::User;
use crate::db::schema::{api_tokens, users};
use crate::db::{DbConnection, new_id, now};
use crate::secret;

/// An API token. It belongs to a user and acts with that user's role. The token itself is shown
/// once at creation; only its hash is stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub user_id: String,
}

/// Prefix that makes dialogo tokens recognisable, e.g. to secret scanners.
const TOKEN_PREFIX: &str = "dlg_";

/// `last_used_at` is refreshed at most this often, so reads do not turn into writes.
const LAST_USED_RESOLUTION: TimeDelta = TimeDelta::minutes(5);

impl ApiToken {
    /// Creates an admin token named `name` for the system user (see [`User::SYSTEM_ID`]) and
    /// returns it with the secret to hand to the operator.
    pub fn create(conn: &mut DbConnection, name: &str) -> anyhow::Result<(Self, String)> {
        Self::create_for(conn, name, User::SYSTEM_ID)
    }

    /// Creates a token named `name` for the user `user_id` and returns it with the secret.
    pub fn create_for(
        conn: &mut DbConnection,
        name: &str,
        user_id: &str,
    ) -> anyhow::Result<(Self, String)> {
        let name = name.trim();
        anyhow::ensure!(!name.is_empty(), "a token needs a name");
        let taken = api_tokens::table
            .filter(api_tokens::name.eq(name))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        anyhow::ensure!(!taken, "a token named {name:?} exists already");
        let secret = secret::generate(TOKEN_PREFIX);
        let id = new_id();
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::id.eq(&id),
                api_tokens::name.eq(name),
                api_tokens::token_hash.eq(secret::hash(&secret)),
                api_tokens::created_at.eq(now()),
                api_tokens::user_id.eq(user_id),
            ))
            .execute(conn)
            .context("cannot store the token")?;
        let token = api_tokens::table
            .find(&id)
            .select(Self::as_select())
            .get_result(conn)?;
        Ok((token, secret))
    }

    /// The live token matching `presented` with its owner, if the owner is active; notes when
    /// the token was last used.
    pub fn authenticate(
        conn: &mut DbConnection,
        presented: &str,
    ) -> QueryResult<Option<(Self, User)>> {
        if !presented.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let owned = api_tokens::table
            .inner_join(users::table)
            .filter(api_tokens::token_hash.eq(secret::hash(presented)))
            .filter(api_tokens::revoked_at.is_null())
            .filter(users::active.eq(true))
            .select((Self::as_select(), User::as_select()))
            .get_result(conn)
            .optional()?;
        if let Some((token, _)) = &owned {
            let now = now();
            if token
                .last_used_at
                .is_none_or(|used| now - used > LAST_USED_RESOLUTION)
            {
                diesel::update(api_tokens::table.find(&token.id))
                    .set(api_tokens::last_used_at.eq(now))
                    .execute(conn)?;
            }
        }
        Ok(owned)
    }

    /// All tokens, or those of the user `user_id`, oldest first.
    pub fn list(conn: &mut DbConnection, user_id: Option<&str>) -> QueryResult<Vec<Self>> {
        let mut query = api_tokens::table.into_boxed();
        if let Some(user_id) = user_id {
            query = query.filter(api_tokens::user_id.eq(user_id));
        }
        query
            .order(api_tokens::created_at)
            .select(Self::as_select())
            .load(conn)
    }

    /// Revokes the token named `name` and returns its id; `None` when there is no live token of
    /// that name.
    pub fn revoke(conn: &mut DbConnection, name: &str) -> QueryResult<Option<String>> {
        let revoked: Vec<String> = diesel::update(
            api_tokens::table
                .filter(api_tokens::name.eq(name.trim()))
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set(api_tokens::revoked_at.eq(now()))
        .returning(api_tokens::id)
        .get_results(conn)?;
        Ok(revoked.into_iter().next())
    }
}
