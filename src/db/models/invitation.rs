//! Invitations to events (their batches: [`super::InvitationBatch`]). What an invitation has led to
//! (registered, declined, failed) is read from the registrations and the outbox as they are,
//! so it is never out of step with them.

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{invitations, outbox, registrations};
use crate::db::{Cursor, DbConnection, new_id, now};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: String,
    pub event_id: String,
    pub batch_id: String,
    pub subscriber_id: Option<String>,
    pub email: String,
    pub email_key: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub organisation_type: Option<String>,
    pub country: Option<String>,
    pub language: String,
    pub mail_id: Option<String>,
    pub follow_up_mail_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub followed_up_at: Option<NaiveDateTime>,
    pub declined_at: Option<NaiveDateTime>,
    pub registered_at: Option<NaiveDateTime>,
}

/// Where an invitation stands, as coordinators see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Queued or delivered; no answer yet.
    Sent,
    Registered,
    Declined,
    /// The mail could not be delivered.
    Failed,
}

impl InvitationStatus {
    pub const ALL: [Self; 4] = [Self::Sent, Self::Registered, Self::Declined, Self::Failed];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Registered => "registered",
            Self::Declined => "declined",
            Self::Failed => "failed",
        }
    }
}

/// An invitation with what became of it.
#[derive(Debug, Clone)]
pub struct InvitationState {
    pub invitation: Invitation,
    pub status: InvitationStatus,
}

/// An invited person as the batch brings them in.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub subscriber_id: Option<String>,
    pub email: String,
    pub email_key: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub organisation_type: Option<String>,
    pub country: Option<String>,
    pub language: String,
}

/// Registration statuses that count as having answered an invitation.
const ANSWERED: [&str; 4] = ["pending", "awaiting_approval", "confirmed", "waitlisted"];

fn status_of(
    invitation: &Invitation,
    registered: bool,
    mail_status: Option<&str>,
) -> InvitationStatus {
    if invitation.declined_at.is_some() {
        InvitationStatus::Declined
    } else if registered || invitation.registered_at.is_some() {
        InvitationStatus::Registered
    } else if mail_status == Some("failed") {
        InvitationStatus::Failed
    } else {
        InvitationStatus::Sent
    }
}

impl Invitation {
    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>> {
        invitations::table
            .find(id)
            .select(Self::as_select())
            .get_result(conn)
            .optional()
    }

    /// Of the addresses behind `keys`, those already invited to the event or registered for it.
    pub fn known_keys(
        conn: &mut DbConnection,
        event_id: &str,
        keys: &[String],
    ) -> QueryResult<Vec<String>> {
        let mut known: Vec<String> = invitations::table
            .filter(invitations::event_id.eq(event_id))
            .filter(invitations::email_key.eq_any(keys))
            .select(invitations::email_key)
            .load(conn)?;
        known.extend(Self::registered_keys(conn, event_id, keys)?);
        Ok(known)
    }

    /// Of the addresses behind `keys`, those with a registration for the event that counts as
    /// an answer.
    pub fn registered_keys(
        conn: &mut DbConnection,
        event_id: &str,
        keys: &[String],
    ) -> QueryResult<Vec<String>> {
        registrations::table
            .filter(registrations::event_id.eq(event_id))
            .filter(registrations::email_key.eq_any(keys))
            .filter(registrations::status.eq_any(ANSWERED))
            .select(registrations::email_key)
            .load(conn)
    }

    /// How many of `audience` are neither invited to the event nor registered for it.
    pub fn uninvited_count(
        conn: &mut DbConnection,
        event_id: &str,
        audience: &super::Audience,
    ) -> QueryResult<i64> {
        use crate::db::schema::subscribers;
        audience
            .query()
            .filter(not(exists(
                invitations::table
                    .filter(invitations::event_id.eq(event_id.to_owned()))
                    .filter(invitations::email_key.eq(subscribers::email_key)),
            )))
            .filter(not(exists(
                registrations::table
                    .filter(registrations::event_id.eq(event_id.to_owned()))
                    .filter(registrations::email_key.eq(subscribers::email_key))
                    .filter(registrations::status.eq_any(ANSWERED)),
            )))
            .count()
            .get_result(conn)
    }

    pub fn insert(
        conn: &mut DbConnection,
        event_id: &str,
        batch_id: &str,
        new: &NewInvitation,
    ) -> QueryResult<Self> {
        let invitation = Self {
            id: new_id(),
            event_id: event_id.to_owned(),
            batch_id: batch_id.to_owned(),
            subscriber_id: new.subscriber_id.clone(),
            email: new.email.clone(),
            email_key: new.email_key.clone(),
            name: new.name.clone(),
            organisation: new.organisation.clone(),
            organisation_type: new.organisation_type.clone(),
            country: new.country.clone(),
            language: new.language.clone(),
            mail_id: None,
            follow_up_mail_id: None,
            created_at: now(),
            followed_up_at: None,
            declined_at: None,
            registered_at: None,
        };
        diesel::insert_into(invitations::table)
            .values((
                invitations::id.eq(&invitation.id),
                invitations::event_id.eq(event_id),
                invitations::batch_id.eq(batch_id),
                invitations::subscriber_id.eq(&new.subscriber_id),
                invitations::email.eq(&new.email),
                invitations::email_key.eq(&new.email_key),
                invitations::name.eq(&new.name),
                invitations::organisation.eq(&new.organisation),
                invitations::organisation_type.eq(&new.organisation_type),
                invitations::country.eq(&new.country),
                invitations::language.eq(&new.language),
                invitations::created_at.eq(invitation.created_at),
            ))
            .execute(conn)?;
        Ok(invitation)
    }

    pub fn set_mail(conn: &mut DbConnection, id: &str, mail_id: &str) -> QueryResult<()> {
        diesel::update(invitations::table.find(id))
            .set(invitations::mail_id.eq(mail_id))
            .execute(conn)?;
        Ok(())
    }

    pub fn set_follow_up(conn: &mut DbConnection, id: &str, mail_id: &str) -> QueryResult<()> {
        diesel::update(invitations::table.find(id))
            .set((
                invitations::follow_up_mail_id.eq(mail_id),
                invitations::followed_up_at.eq(now()),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn mark_declined(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
        diesel::update(
            invitations::table
                .find(id)
                .filter(invitations::declined_at.is_null()),
        )
        .set(invitations::declined_at.eq(now()))
        .execute(conn)?;
        Ok(())
    }

    /// Marks the invitation of this address to this event, if any, as registered.
    pub fn mark_registered(
        conn: &mut DbConnection,
        event_id: &str,
        email_key: &str,
    ) -> QueryResult<()> {
        diesel::update(
            invitations::table
                .filter(invitations::event_id.eq(event_id))
                .filter(invitations::email_key.eq(email_key))
                .filter(invitations::registered_at.is_null()),
        )
        .set(invitations::registered_at.eq(now()))
        .execute(conn)?;
        Ok(())
    }

    /// Invitations of an event in the order they were made, with their status; all of
    /// them without a limit.
    pub fn list(
        conn: &mut DbConnection,
        event_id: &str,
        after: Option<Cursor>,
        limit: Option<i64>,
    ) -> QueryResult<Vec<InvitationState>> {
        let registered = exists(
            registrations::table
                .filter(registrations::event_id.eq(invitations::event_id))
                .filter(registrations::email_key.eq(invitations::email_key))
                .filter(registrations::status.eq_any(ANSWERED)),
        );
        let mut query = invitations::table
            .left_join(outbox::table.on(outbox::message_id.nullable().eq(invitations::mail_id)))
            .filter(invitations::event_id.eq(event_id))
            .select((Self::as_select(), registered, outbox::status.nullable()))
            .into_boxed();
        if let Some(cursor) = after {
            query = query.filter(
                invitations::created_at
                    .gt(cursor.at)
                    .or(invitations::created_at
                        .eq(cursor.at)
                        .and(invitations::id.gt(cursor.id))),
            );
        }
        let query = query.order((invitations::created_at, invitations::id));
        let rows: Vec<(Self, bool, Option<String>)> = match limit {
            Some(limit) => query.limit(limit).load(conn)?,
            None => query.load(conn)?,
        };
        Ok(rows
            .into_iter()
            .map(|(invitation, registered, mail)| InvitationState {
                status: status_of(&invitation, registered, mail.as_deref()),
                invitation,
            })
            .collect())
    }

    /// Invitations of an event that may get the follow-up: not answered, not declined, not
    /// followed up, delivered or on their way, and — for subscribers — still subscribed.
    pub fn awaiting_follow_up(conn: &mut DbConnection, event_id: &str) -> QueryResult<Vec<Self>> {
        use crate::db::schema::subscribers;
        let states = Self::list(conn, event_id, None, None)?;
        let unsubscribed: Vec<String> = subscribers::table
            .filter(subscribers::status.ne("confirmed"))
            .filter(
                subscribers::id.nullable().eq_any(
                    invitations::table
                        .filter(invitations::event_id.eq(event_id))
                        .select(invitations::subscriber_id),
                ),
            )
            .select(subscribers::id)
            .load(conn)?;
        Ok(states
            .into_iter()
            .filter(|s| s.status == InvitationStatus::Sent)
            .map(|s| s.invitation)
            .filter(|i| i.followed_up_at.is_none())
            .filter(|i| !i.email_key.starts_with(super::ERASED_KEY_PREFIX))
            .filter(|i| {
                i.subscriber_id
                    .as_ref()
                    .is_none_or(|id| !unsubscribed.contains(id))
            })
            .collect())
    }
}
