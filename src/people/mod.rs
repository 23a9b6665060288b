//! Data subject rights: everything held about one address, exported or erased.
//!
//! Erasure removes the subscription with its consent record and tokens, and strips the
//! personal data from registrations, invitations and sent mails while keeping the rows, so that
//! seat counts, registration statistics and an issue's delivery figures stay right. A
//! registration that holds or awaits a seat is withdrawn first, as a withdrawal would, so that
//! no erased row stays among anyone's recipients or on the waitlist. Every link token of the
//! person goes, and so does the count of their unsolicited mails. On SQLite the WAL is
//! truncated afterwards: with `secure_delete` the database file holds nothing of what was
//! removed, and the WAL would still hold older copies of its pages.
//!
//! [`export`] and [`erase`] work on a connection; staff (through the API or the console) reach
//! them through [`requests`], which records each in the audit log.

mod requests;

pub use requests::{erase_audited, export_audited};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::models::{
    Consent, ERASED_KEY_PREFIX, MailQuota, Registration, Subscriber, subscriber_email_key,
};
use crate::db::schema::{action_tokens, events, invitations, outbox, registrations};
use crate::db::{DbConnection, lower, write_transaction};
use crate::domain::{Email, format_utc};
use crate::error::ApiError;
use crate::mail::event_mail::MailContext;
use crate::registrations::withdraw_erased;

/// What erased fields are replaced by.
pub(crate) const ERASED: &str = "(erased)";

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonExport {
    pub email: String,
    pub subscriptions: Vec<SubscriptionExport>,
    pub registrations: Vec<RegistrationExport>,
    pub invitations: Vec<InvitationExport>,
    pub mails: Vec<MailExport>,
}

#[derive(Debug, Serialize, ToSchema, Queryable)]
pub struct InvitationExport {
    pub id: String,
    pub event_id: String,
    pub event_title: String,
    pub email: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub language: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>)]
    pub declined_at: Option<NaiveDateTime>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionExport {
    pub id: String,
    pub email: String,
    pub name: Option<String>,
    pub language: String,
    pub topics: Vec<String>,
    pub status: String,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub unsubscribed_at: Option<String>,
    pub consents: Vec<ConsentExport>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentExport {
    pub action: String,
    pub privacy_notice_version: Option<String>,
    pub source: String,
    pub ip_address: Option<String>,
    pub recorded_at: String,
}

impl From<Consent> for ConsentExport {
    fn from(c: Consent) -> Self {
        Self {
            action: c.action,
            privacy_notice_version: c.privacy_notice_version,
            source: c.source,
            ip_address: c.ip_address,
            recorded_at: format_utc(c.recorded_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema, Queryable)]
pub struct RegistrationExport {
    pub id: String,
    pub event_id: String,
    pub event_title: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub organisation_type: String,
    pub country: String,
    pub position: Option<String>,
    pub language: String,
    pub timezone: Option<String>,
    pub status: String,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Serialize, ToSchema, Queryable)]
pub struct MailExport {
    pub id: String,
    pub kind: String,
    pub subject: String,
    pub status: String,
    pub event_id: Option<String>,
    pub issue_id: Option<String>,
    #[serde(serialize_with = "utc")]
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[serde(serialize_with = "utc_opt")]
    #[schema(value_type = Option<String>)]
    pub sent_at: Option<NaiveDateTime>,
}

fn utc<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_utc(*t))
}

fn utc_opt<S: serde::Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&format_utc(*t)),
        None => s.serialize_none(),
    }
}

/// How much an erasure touched.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Erased {
    pub subscriptions: usize,
    pub registrations: usize,
    pub invitations: usize,
    pub mails: usize,
}

pub fn export(conn: &mut DbConnection, email: &Email) -> Result<PersonExport, ApiError> {
    let key = subscriber_email_key(email);
    let mut subscriptions = Vec::new();
    if let Some(s) = Subscriber::find_by_email(conn, email)? {
        let topics = Subscriber::topics_of(conn, &[s.id.as_str()])?
            .remove(&s.id)
            .unwrap_or_default();
        let consents = Consent::of_subscriber(conn, &s.id)?;
        subscriptions.push(SubscriptionExport {
            topics,
            status: s.status.as_str().to_owned(),
            created_at: format_utc(s.created_at),
            confirmed_at: s.confirmed_at.map(format_utc),
            unsubscribed_at: s.unsubscribed_at.map(format_utc),
            consents: consents.into_iter().map(ConsentExport::from).collect(),
            id: s.id,
            email: s.email,
            name: s.name,
            language: s.language,
        });
    }
    let registrations = registrations::table
        .inner_join(events::table)
        .filter(registrations::email_key.eq(&key))
        .order(registrations::created_at)
        .select((
            registrations::id,
            registrations::event_id,
            events::title,
            registrations::name,
            registrations::email,
            registrations::organisation,
            registrations::organisation_type,
            registrations::country,
            registrations::position,
            registrations::language,
            registrations::timezone,
            registrations::status,
            registrations::created_at,
        ))
        .load(conn)?;
    let invitations = invitations::table
        .inner_join(events::table)
        .filter(invitations::email_key.eq(&key))
        .order(invitations::created_at)
        .select((
            invitations::id,
            invitations::event_id,
            events::title,
            invitations::email,
            invitations::name,
            invitations::organisation,
            invitations::language,
            invitations::created_at,
            invitations::declined_at,
        ))
        .load(conn)?;
    let mails = outbox::table
        .filter(lower(outbox::recipient).eq(&key))
        .order(outbox::created_at)
        .select((
            outbox::id,
            outbox::kind,
            outbox::subject,
            outbox::status,
            outbox::event_id,
            outbox::issue_id,
            outbox::created_at,
            outbox::sent_at,
        ))
        .load(conn)?;
    Ok(PersonExport {
        email: email.as_str().to_owned(),
        subscriptions,
        registrations,
        invitations,
        mails,
    })
}

/// Erases everything held about `email`. Registrations that hold or await a seat are first
/// withdrawn as a withdrawal would (the seat goes to the next on the waitlist, who is mailed;
/// the erased person is not), so that no erased row stays among anyone's recipients.
pub fn erase(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    email: &Email,
) -> Result<Erased, ApiError> {
    let key = subscriber_email_key(email);
    let erased = write_transaction(conn, |conn| -> Result<Erased, ApiError> {
        let mut erased = Erased::default();
        if let Some(s) = Subscriber::find_by_email(conn, email)? {
            erased.subscriptions = usize::from(Subscriber::delete(conn, &s.id)?);
        }
        MailQuota::forget(conn, &key)?;
        // In the order of their events, so that two erasures lock events in the same order.
        let held = registrations::table
            .filter(registrations::email_key.eq(&key))
            .order((registrations::event_id, registrations::id))
            .select(Registration::as_select())
            .load(conn)?;
        for registration in &held {
            withdraw_erased(conn, context, registration)?;
        }
        let ids: Vec<String> = held.into_iter().map(|r| r.id).collect();
        erased.registrations = anonymise_registrations(conn, &ids)?;
        let invited: Vec<String> = invitations::table
            .filter(invitations::email_key.eq(&key))
            .select(invitations::id)
            .load(conn)?;
        erased.invitations = anonymise_invitations(conn, &invited)?;
        // Mails not yet handed to a worker are not sent; the others keep only their outline.
        erased.mails = diesel::delete(
            outbox::table
                .filter(lower(outbox::recipient).eq(&key))
                .filter(outbox::status.eq("pending"))
                .filter(outbox::locked_until.is_null()),
        )
        .execute(conn)?;
        let mailed: Vec<String> = outbox::table
            .filter(lower(outbox::recipient).eq(&key))
            .select(outbox::id)
            .load(conn)?;
        erased.mails += anonymise_mails(conn, &mailed)?;
        Ok(erased)
    })?;
    // On SQLite the WAL still holds the pages as they were before; they go with it.
    if !crate::db::truncate_wal(conn)? {
        tracing::warn!("the WAL could not be truncated after an erasure; it will be once idle");
    }
    Ok(erased)
}

/// Strips the personal data from registrations: name, address, organisation, position and
/// time zone go, with their link tokens; the rows stay with their event, status, organisation
/// type, country and times, so that seat counts and the figures of reports stay right.
/// Returns how many rows were changed. Used by erasure and by retention.
pub(crate) fn anonymise_registrations(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<usize> {
    for id in ids {
        diesel::delete(action_tokens::table.filter(action_tokens::registration_id.eq(id)))
            .execute(conn)?;
        let placeholder = format!("{ERASED_KEY_PREFIX}{id}");
        diesel::update(registrations::table.find(id))
            .set((
                registrations::name.eq(ERASED),
                registrations::email.eq(ERASED),
                registrations::email_key.eq(&placeholder),
                registrations::organisation.eq(ERASED),
                registrations::organisation_key.eq(&placeholder),
                registrations::position.eq(None::<String>),
                registrations::timezone.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    Ok(ids.len())
}

/// Strips the personal data from invitations (address, name, organisation, the link to a
/// subscriber) and removes their link tokens; the rows stay for the batch's figures.
pub(crate) fn anonymise_invitations(conn: &mut DbConnection, ids: &[String]) -> QueryResult<usize> {
    for id in ids {
        diesel::delete(action_tokens::table.filter(action_tokens::invitation_id.eq(id)))
            .execute(conn)?;
        diesel::update(invitations::table.find(id))
            .set((
                invitations::email.eq(ERASED),
                invitations::email_key.eq(format!("{ERASED_KEY_PREFIX}{id}")),
                invitations::name.eq(None::<String>),
                invitations::organisation.eq(None::<String>),
                invitations::subscriber_id.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    Ok(ids.len())
}

/// Leaves mails only their outline (kind, subject, status, times, event and issue): the
/// recipient, the message with its links and the last error go.
pub(crate) fn anonymise_mails(conn: &mut DbConnection, ids: &[String]) -> QueryResult<usize> {
    let mut changed = 0;
    for chunk in ids.chunks(500) {
        changed += diesel::update(outbox::table.filter(outbox::id.eq_any(chunk)))
            .set((
                outbox::recipient.eq(ERASED),
                outbox::message.eq(None::<String>),
                outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    Ok(changed)
}
