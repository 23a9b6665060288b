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

    /// Marks the account inactive; false when it was already.
    pub fn disable(conn: &mut DbConnection, id: &str) -> QueryResult<bool> {
        let changed = diesel::update(users::table.find(id).filter(users::active.eq(true)))
            .set(users::active.eq(false))
            .execute(conn)?;
        Ok(changed > 0)
    }
}
