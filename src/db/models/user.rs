use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::Role;
use crate::db::schema::users;
use crate::db::{DbConnection, new_id, now};
use crate::error::ApiError;

/// A staff account.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    /// Lower-cased.
    pub email: String,
    pub name: String,
    pub role: String,
    pub language: String,
    /// An inactive account's tokens stop working at once.
    pub active: bool,
    pub created_at: NaiveDateTime,
    /// The Argon2id hash (PHC string) of the password; none until one is set.
    pub password_hash: Option<String>,
    /// The second factor's secret (base32); none while it is off.
    pub totp_secret: Option<String>,
    /// Whether an admin requires the second factor of this account.
    pub totp_required: bool,
    /// The time step of the last one-time code taken.
    pub totp_last_step: Option<i64>,
    /// Failed sign-ins since the last success.
    pub failed_sign_ins: i32,
    /// Until when signing in is refused after repeated failures.
    pub locked_until: Option<NaiveDateTime>,
}

/// A new account, its values checked (see `crate::accounts::NewAccount`).
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub language: &'a str,
}

impl User {
    /// The owner of tokens made without a user, among them all those made before there were
    /// accounts: an admin that cannot sign in (created by the migration).
    pub const SYSTEM_ID: &'static str = "00000000-0000-0000-0000-000000000000";

    /// The stored role; a value outside the roles is refused by the database, so one here is a
    /// fault, not a client's mistake.
    pub fn role(&self) -> Result<Role, ApiError> {
        Role::parse(&self.role).map_err(|e| ApiError::internal(anyhow::anyhow!(e.message)))
    }

    /// Stores a new account; a taken address is a unique violation.
    pub fn create(conn: &mut DbConnection, new: &NewUser<'_>) -> QueryResult<Self> {
        let id = new_id();
        diesel::insert_into(users::table)
            .values((
                users::id.eq(&id),
                users::email.eq(new.email),
                users::name.eq(new.name),
                users::role.eq(new.role.as_str()),
                users::language.eq(new.language),
                users::active.eq(true),
                users::created_at.eq(now()),
            ))
            .execute(conn)?;
        users::table
            .find(&id)
            .select(Self::as_select())
            .get_result(conn)
    }

    pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<Self>> {
        users::table
            .filter(users::email.eq(email))
            .select(Self::as_select())
            .get_result(conn)
            .optional()
    }

    /// Every account but the system user, by address.
    pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<Self>> {
        users::table
            .filter(users::id.ne(Self::SYSTEM_ID))
            .order(users::email)
            .select(Self::as_select())
            .load(conn)
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>> {
        users::table
            .find(id)
            .select(Self::as_select())
            .get_result(conn)
            .optional()
    }

    /// Stores a new password hash; the failures counted so far no longer matter.
    pub fn set_password(conn: &mut DbConnection, id: &str, hash: &str) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set((
                users::password_hash.eq(hash),
                users::failed_sign_ins.eq(0),
                users::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Counts a failed sign-in; the `limit`th in a row locks the account until `locked_until`.
    pub fn count_failure(
        conn: &mut DbConnection,
        id: &str,
        limit: i32,
        locked_until: NaiveDateTime,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::failed_sign_ins.eq(users::failed_sign_ins + 1))
            .execute(conn)?;
        diesel::update(
            users::table
                .find(id)
                .filter(users::failed_sign_ins.ge(limit)),
        )
        .set((
            users::locked_until.eq(locked_until),
            users::failed_sign_ins.eq(0),
        ))
        .execute(conn)?;
        Ok(())
    }

    /// Forgets the failures before a successful sign-in.
    pub fn clear_failures(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
        diesel::update(users::table.find(id).filter(users::failed_sign_ins.gt(0)))
            .set(users::failed_sign_ins.eq(0))
            .execute(conn)?;
        Ok(())
    }

    /// Switches the second factor on with `secret` (whose code of `step` was just taken), or
    /// off with `None`.
    pub fn set_second_factor(
        conn: &mut DbConnection,
        id: &str,
        secret: Option<(&str, i64)>,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set((
                users::totp_secret.eq(secret.map(|(s, _)| s)),
                users::totp_last_step.eq(secret.map(|(_, step)| step)),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Takes the code of time step `step`: false when a code of that step or a later one was
    /// taken already (by a request racing this one, too).
    pub fn take_code_step(conn: &mut DbConnection, id: &str, step: i64) -> QueryResult<bool> {
        let changed = diesel::update(
            users::table.find(id).filter(
                users::totp_last_step
                    .is_null()
                    .or(users::totp_last_step.lt(step)),
            ),
        )
        .set(users::totp_last_step.eq(step))
        .execute(conn)?;
        Ok(changed > 0)
    }

    /// Requires the second factor of the account, or no longer.
    pub fn require_second_factor(
        conn: &mut DbConnection,
        id: &str,
        required: bool,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::totp_required.eq(required))
            .execute(conn)?;
        Ok(())
    }

    /// Marks the account inactive; false when it was already.
    pub fn disable(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
        let changed = diesel::update(users::table.find(id).filter(users::active.eq(true)))
            .set(users::active.eq(false))
            .execute(conn)?;
        Ok(changed > 0)
    }
}
