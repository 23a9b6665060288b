//! The statements of registrations that run on every registrant, inside the write
//! transaction: written out so that each has one form and stays prepared (see
//! `db::statement`).

use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment};
use diesel::serialize::ToSql;
use diesel::sql_types::{Integer, Nullable, Text, Timestamp};

use super::registration::{Registration, RegistrationStatus};
use crate::db::{DbConnection, fixed_statement, now, on_backend};

impl Registration {
    /// Stores a new registration unless its address is registered for the event already:
    /// false then, with nothing written. The conflict is no error, so the caller's transaction
    /// goes on without a savepoint around this.
    pub fn insert(conn: &mut DbConnection, registration: &Self) -> QueryResult<bool> {
        let zone = registration.timezone.map(|tz| tz.name());
        let statement = InsertRegistration(registration, zone);
        let inserted = on_backend!(conn, |c| statement.execute(c))?;
        Ok(inserted == 1)
    }
}

/// Moves a pending registration to a new status and records the mail about it: affects no
/// row when the registration is no longer pending. Written out so that it stays prepared: it
/// runs on every confirmation, inside the write transaction (see `db::statement`).
#[derive(Clone, Copy)]
pub struct AdmitPending<'a> {
    id: &'a str,
    status: &'a str,
    waitlist_seq: Option<i32>,
    now: NaiveDateTime,
    /// Set for a confirmation; a pending registration has none yet.
    confirmed_at: Option<NaiveDateTime>,
}

impl<'a> AdmitPending<'a> {
    pub fn new(id: &'a str, status: RegistrationStatus, waitlist_seq: Option<i32>) -> Self {
        let now = now();
        Self {
            id,
            status: status.as_str(),
            waitlist_seq,
            now,
            confirmed_at: (status == RegistrationStatus::Confirmed).then_some(now),
        }
    }
}

impl<DB> QueryFragment<DB> for AdmitPending<'_>
where
    DB: Backend,
    str: ToSql<Text, DB>,
    Option<i32>: ToSql<Nullable<Integer>, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
    Option<NaiveDateTime>: ToSql<Nullable<Timestamp>, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE registrations SET status = ");
        out.push_bind_param::<Text, _>(self.status)?;
        out.push_sql(", waitlist_seq = ");
        out.push_bind_param::<Nullable<Integer>, _>(&self.waitlist_seq)?;
        out.push_sql(", updated_at = ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", last_mail_at = ");
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(", confirmed_at = coalesce(");
        out.push_bind_param::<Nullable<Timestamp>, _>(&self.confirmed_at)?;
        out.push_sql(", confirmed_at) WHERE id = ");
        out.push_bind_param::<Text, _>(self.id)?;
        out.push_sql(" AND status = 'pending'");
        Ok(())
    }
}

fixed_statement!(AdmitPending);

/// [`Registration::insert`]'s INSERT, written out so that it stays prepared: it runs on every
/// first registration, inside the write transaction (see `db::statement`).
/// With the registrant's zone by name.
struct InsertRegistration<'a>(&'a Registration, Option<&'static str>);

impl<DB> QueryFragment<DB> for InsertRegistration<'_>
where
    DB: Backend,
    str: ToSql<Text, DB>,
    Option<String>: ToSql<Nullable<Text>, DB>,
    Option<&'static str>: ToSql<Nullable<Text>, DB>,
    Option<i32>: ToSql<Nullable<Integer>, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
    Option<NaiveDateTime>: ToSql<Nullable<Timestamp>, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let r = self.0;
        out.push_sql(
            "INSERT INTO registrations (id, event_id, name, email, email_key, organisation, \
             organisation_key, organisation_type, country, position, language, timezone, \
             status, waitlist_seq, consent_at, created_at, updated_at, confirmed_at, \
             withdrawn_at, last_mail_at) VALUES (",
        );
        let texts = [
            &r.id,
            &r.event_id,
            &r.name,
            &r.email,
            &r.email_key,
            &r.organisation,
            &r.organisation_key,
            &r.organisation_type,
            &r.country,
        ];
        for text in texts {
            out.push_bind_param::<Text, _>(text.as_str())?;
            out.push_sql(", ");
        }
        out.push_bind_param::<Nullable<Text>, _>(&r.position)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(r.language.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&self.1)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(r.status.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Integer>, _>(&r.waitlist_seq)?;
        for time in [&r.consent_at, &r.created_at, &r.updated_at] {
            out.push_sql(", ");
            out.push_bind_param::<Timestamp, _>(time)?;
        }
        for time in [&r.confirmed_at, &r.withdrawn_at, &r.last_mail_at] {
            out.push_sql(", ");
            out.push_bind_param::<Nullable<Timestamp>, _>(time)?;
        }
        out.push_sql(") ON CONFLICT (event_id, email_key) DO NOTHING");
        Ok(())
    }
}

fixed_statement!(InsertRegistration);
