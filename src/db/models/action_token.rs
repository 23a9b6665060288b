//! Single-purpose secrets behind the links in mails. Only their SHA-256 is stored; a token
//! works for its one purpose, until it expires or is used.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::db::schema::action_tokens;
use diesel::backend::Backend;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::serialize::ToSql;
use diesel::sql_types::{Text, Timestamp};

use crate::db::{DbConnection, fixed_statement, now, on_backend};
use crate::secret;

/// How long a confirmation link (of a registration or of a subscription) works: the
/// registrant or subscriber has this long to confirm the address, and the opt-in mail says so.
pub const CONFIRMATION_WINDOW: TimeDelta = TimeDelta::hours(48);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    ConfirmRegistration,
    WithdrawRegistration,
    ConfirmSubscription,
    /// In every newsletter mail; one per mail, so that each link keeps working on its own.
    Unsubscribe,
    /// A personal registration link from an invitation.
    RegisterInvited,
    DeclineInvitation,
}

impl TokenPurpose {
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            Self::ConfirmRegistration => "confirm_registration",
            Self::WithdrawRegistration => "withdraw_registration",
            Self::ConfirmSubscription => "confirm_subscription",
            Self::Unsubscribe => "unsubscribe",
            Self::RegisterInvited => "register_invited",
            Self::DeclineInvitation => "decline_invitation",
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
    pub subscriber_id: Option<String>,
    pub invitation_id: Option<String>,
    /// A newsletter confirmation's: the privacy-notice version its request agreed to.
    pub privacy_notice_version: Option<String>,
}

/// A token to be stored in a batch with others (see [`ActionToken::insert_batch`]).
#[derive(Insertable)]
#[diesel(table_name = action_tokens)]
pub struct NewToken {
    token_hash: String,
    purpose: &'static str,
    subscriber_id: Option<String>,
    invitation_id: Option<String>,
    expires_at: NaiveDateTime,
    created_at: NaiveDateTime,
    privacy_notice_version: Option<String>,
}

impl NewToken {
    /// A fresh token for a subscriber: the row to store and the secret for the link.
    pub fn for_subscriber(
        purpose: TokenPurpose,
        subscriber_id: &str,
        expires_at: NaiveDateTime,
    ) -> (Self, String) {
        Self::generate(purpose, Some(subscriber_id), None, expires_at)
    }

    /// A fresh newsletter confirmation token, bound to the privacy-notice version that the
    /// request which asked for it agreed to: the row to store and the secret for the link.
    pub fn for_confirmation(
        subscriber_id: &str,
        expires_at: NaiveDateTime,
        privacy_notice_version: Option<&str>,
    ) -> (Self, String) {
        let (mut row, token) = Self::generate(
            TokenPurpose::ConfirmSubscription,
            Some(subscriber_id),
            None,
            expires_at,
        );
        row.privacy_notice_version = privacy_notice_version.map(str::to_owned);
        (row, token)
    }

    /// A fresh token for an invitation: the row to store and the secret for the link.
    pub fn for_invitation(
        purpose: TokenPurpose,
        invitation_id: &str,
        expires_at: NaiveDateTime,
    ) -> (Self, String) {
        Self::generate(purpose, None, Some(invitation_id), expires_at)
    }

    fn generate(
        purpose: TokenPurpose,
        subscriber_id: Option<&str>,
        invitation_id: Option<&str>,
        expires_at: NaiveDateTime,
    ) -> (Self, String) {
        let token = secret::generate("");
        let row = Self {
            token_hash: secret::hash(&token),
            purpose: purpose.as_str(),
            subscriber_id: subscriber_id.map(str::to_owned),
            invitation_id: invitation_id.map(str::to_owned),
            expires_at,
            created_at: now(),
            privacy_notice_version: None,
        };
        (row, token)
    }
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
        Self::insert_hashed(
            conn,
            purpose,
            registration_id,
            expires_at,
            &secret::hash(&token),
        )?;
        Ok(token)
    }

    /// Stores a registration's token made ahead of its transaction (by [`secret::generate`]),
    /// by its hash.
    pub fn insert_hashed(
        conn: &mut DbConnection,
        purpose: TokenPurpose,
        registration_id: &str,
        expires_at: NaiveDateTime,
        token_hash: &str,
    ) -> QueryResult<()> {
        let statement = InsertRegistrationToken {
            token_hash,
            purpose: purpose.as_str(),
            registration_id,
            expires_at,
            created_at: now(),
        };
        on_backend!(conn, |c| statement.execute(c))?;
        Ok(())
    }

    /// Stores tokens made with [`NewToken`] in one statement.
    pub fn insert_batch(conn: &mut DbConnection, rows: &[NewToken]) -> QueryResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        match conn {
            DbConnection::Sqlite(conn) => diesel::insert_into(action_tokens::table)
                .values(rows)
                .execute(conn)?,
            DbConnection::Pg(conn) => diesel::insert_into(action_tokens::table)
                .values(rows)
                .execute(conn)?,
        };
        Ok(())
    }

    /// Uses up every unused token of `purpose` a subscriber holds.
    pub fn consume_all_of_subscriber(
        conn: &mut DbConnection,
        subscriber_id: &str,
        purpose: TokenPurpose,
    ) -> QueryResult<usize> {
        diesel::update(
            action_tokens::table
                .filter(action_tokens::subscriber_id.eq(subscriber_id))
                .filter(action_tokens::purpose.eq(purpose.as_str()))
                .filter(action_tokens::used_at.is_null()),
        )
        .set(action_tokens::used_at.eq(now()))
        .execute(conn)
    }

    /// The token if it works for `purpose` now, without using it up (for pages a GET shows).
    pub fn check(
        conn: &mut DbConnection,
        presented: &str,
        purpose: TokenPurpose,
    ) -> QueryResult<Result<Self, TokenProblem>> {
        let hash = secret::hash(presented.trim());
        let token: Option<Self> = on_backend!(conn, |c| action_tokens::table
            .find(&hash)
            .filter(action_tokens::purpose.eq(purpose.as_str()))
            .select(Self::as_select())
            .get_result(c)
            .optional())?;
        Ok(match token {
            None => Err(TokenProblem::Unknown),
            Some(token) if token.used_at.is_some() => Err(TokenProblem::Used),
            Some(token) if token.expires_at <= now() => Err(TokenProblem::Expired),
            Some(token) => Ok(token),
        })
    }

    /// The language of whoever a token (of any purpose, working or not) was given to, where
    /// its row still tells: to say in their language why their link does not work.
    pub fn owner_language(conn: &mut DbConnection, presented: &str) -> QueryResult<Option<String>> {
        use crate::db::schema::{invitations, registrations, subscribers};
        let hash = secret::hash(presented.trim());
        let Some(token) = action_tokens::table
            .find(&hash)
            .select(Self::as_select())
            .get_result(conn)
            .optional()?
        else {
            return Ok(None);
        };
        if let Some(id) = token.registration_id {
            return registrations::table
                .find(id)
                .select(registrations::language)
                .get_result(conn)
                .optional();
        }
        if let Some(id) = token.subscriber_id {
            return subscribers::table
                .find(id)
                .select(subscribers::language)
                .get_result(conn)
                .optional();
        }
        if let Some(id) = token.invitation_id {
            return invitations::table
                .find(id)
                .select(invitations::language)
                .get_result(conn)
                .optional();
        }
        Ok(None)
    }

    /// Uses up the token with this hash (one [`ActionToken::check`] accepted) if it is still
    /// unused; false otherwise. Of concurrent uses, only one gets true.
    pub fn consume_unused(conn: &mut DbConnection, token_hash: &str) -> QueryResult<bool> {
        let statement = UseUp::new(token_hash);
        let used = on_backend!(conn, |c| statement.execute(c))?;
        Ok(used == 1)
    }

    /// Uses up a token [`ActionToken::check`] accepted; only one of several concurrent uses
    /// succeeds, the others get [`TokenProblem::Used`].
    pub fn consume(
        conn: &mut DbConnection,
        token: Self,
    ) -> QueryResult<Result<Self, TokenProblem>> {
        Ok(if Self::consume_unused(conn, &token.token_hash)? {
            Ok(token)
        } else {
            Err(TokenProblem::Used)
        })
    }
}

/// [`ActionToken::consume_unused`]'s UPDATE, written out so that it stays prepared: it runs on
/// every confirmation, inside the write transaction (see `db::statement`).
#[derive(Clone, Copy)]
pub struct UseUp<'a> {
    token_hash: &'a str,
    used_at: NaiveDateTime,
}

impl<'a> UseUp<'a> {
    /// Uses up the token with this hash, now, unless it is used already.
    pub fn new(token_hash: &'a str) -> Self {
        Self {
            token_hash,
            used_at: now(),
        }
    }
}

impl<DB> QueryFragment<DB> for UseUp<'_>
where
    DB: Backend,
    str: ToSql<Text, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE action_tokens SET used_at = ");
        out.push_bind_param::<Timestamp, _>(&self.used_at)?;
        out.push_sql(" WHERE token_hash = ");
        out.push_bind_param::<Text, _>(self.token_hash)?;
        out.push_sql(" AND used_at IS NULL");
        Ok(())
    }
}

fixed_statement!(UseUp);

/// [`ActionToken::insert_hashed`]'s INSERT, written out so that it stays prepared: it runs
/// twice for every registrant, inside the write transaction.
struct InsertRegistrationToken<'a> {
    token_hash: &'a str,
    purpose: &'a str,
    registration_id: &'a str,
    expires_at: NaiveDateTime,
    created_at: NaiveDateTime,
}

impl<DB> QueryFragment<DB> for InsertRegistrationToken<'_>
where
    DB: Backend,
    str: ToSql<Text, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO action_tokens (token_hash, purpose, registration_id, expires_at, \
             created_at) VALUES (",
        );
        out.push_bind_param::<Text, _>(self.token_hash)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.purpose)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(self.registration_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.expires_at)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&self.created_at)?;
        out.push_sql(")");
        Ok(())
    }
}

fixed_statement!(InsertRegistrationToken);
