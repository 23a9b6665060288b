//! Registration rows and the queries on them. The rules of registering, confirming and
//! withdrawing live in `crate::registrations`, which calls these inside its transactions.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{events, registrations};

use crate::db::{DbConnection, NullableZone, UnknownStoredValue, known, new_id, now, on_backend};
use crate::domain::{Country, Email, OrganisationType, TimeZone};
use crate::i18n::Locale;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = registrations)]
pub struct Registration {
    pub id: String,
    pub event_id: String,
    pub name: String,
    pub email: String,
    pub email_key: String,
    pub organisation: String,
    pub organisation_key: String,
    pub organisation_type: String,
    pub country: String,
    pub position: Option<String>,
    pub language: String,
    #[diesel(deserialize_as = NullableZone)]
    pub timezone: Option<TimeZone>,
    #[diesel(deserialize_as = String)]
    pub status: RegistrationStatus,
    pub waitlist_seq: Option<i32>,
    pub consent_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub confirmed_at: Option<NaiveDateTime>,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub last_mail_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Waiting for the registrant to confirm the address.
    Pending,
    /// Confirmed by the registrant, waiting for a coordinator.
    AwaitingApproval,
    Confirmed,
    Waitlisted,
    Withdrawn,
    Rejected,
    /// Not confirmed in time.
    Expired,
}

impl RegistrationStatus {
    pub const ALL: [Self; 7] = [
        Self::Pending,
        Self::AwaitingApproval,
        Self::Confirmed,
        Self::Waitlisted,
        Self::Withdrawn,
        Self::Rejected,
        Self::Expired,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::AwaitingApproval => "awaiting_approval",
            Self::Confirmed => "confirmed",
            Self::Waitlisted => "waitlisted",
            Self::Withdrawn => "withdrawn",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Still in the running for a seat.
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Self::Pending | Self::AwaitingApproval | Self::Confirmed | Self::Waitlisted
        )
    }
}

impl TryFrom<String> for RegistrationStatus {
    type Error = UnknownStoredValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        known("registration status", value, Self::parse)
    }
}

/// A validated registration request.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub name: String,
    pub email: Email,
    pub organisation: String,
    pub organisation_type: OrganisationType,
    pub country: Country,
    pub position: Option<String>,
    pub language: Locale,
    pub timezone: Option<TimeZone>,
}

impl Registration {
    pub fn locale(&self) -> Locale {
        Locale::parse(&self.language).unwrap_or_else(|_| Locale::fallback())
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Self>> {
        on_backend!(conn, |c| registrations::table
            .find(id)
            .select(Self::as_select())
            .get_result(c)
            .optional())
    }

    pub fn find_by_email(
        conn: &mut DbConnection,
        event_id: &str,
        email: &Email,
    ) -> QueryResult<Option<Self>> {
        let email_key = email.as_str().to_lowercase();
        on_backend!(conn, |c| registrations::table
            .filter(registrations::event_id.eq(event_id))
            .filter(registrations::email_key.eq(&email_key))
            .select(Self::as_select())
            .get_result(c)
            .optional())
    }

    /// Inserts a pending registration, or turns a withdrawn or expired one back into a
    /// pending one with the new details.
    pub fn upsert_pending(
        conn: &mut DbConnection,
        event_id: &str,
        input: &NewRegistration,
        existing: Option<&Self>,
    ) -> QueryResult<Self> {
        let Some(existing) = existing else {
            let registration = Self::new_pending(event_id, input, now());
            Self::insert(conn, &registration)?;
            return Ok(registration);
        };
        let now = now();
        diesel::update(registrations::table.find(&existing.id))
            .set((
                registrations::name.eq(&input.name),
                registrations::email.eq(input.email.as_str()),
                registrations::organisation.eq(&input.organisation),
                registrations::organisation_key.eq(input.organisation.to_lowercase()),
                registrations::organisation_type.eq(input.organisation_type.as_str()),
                registrations::country.eq(input.country.code()),
                registrations::position.eq(input.position.as_deref()),
                registrations::language.eq(input.language.code()),
                registrations::timezone.eq(input.timezone.map(|tz| tz.name())),
                registrations::status.eq(RegistrationStatus::Pending.as_str()),
                registrations::consent_at.eq(now),
                registrations::updated_at.eq(now),
                registrations::waitlist_seq.eq(None::<i32>),
                registrations::confirmed_at.eq(None::<NaiveDateTime>),
                registrations::withdrawn_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        Ok(Self::find(conn, &existing.id)?.expect("just written"))
    }

    /// A new pending registration, mailed at `now`, as [`Registration::insert`] stores it.
    pub fn new_pending(event_id: &str, input: &NewRegistration, now: NaiveDateTime) -> Self {
        Self {
            id: new_id(),
            event_id: event_id.to_owned(),
            name: input.name.clone(),
            email: input.email.as_str().to_owned(),
            email_key: input.email.as_str().to_lowercase(),
            organisation: input.organisation.clone(),
            organisation_key: input.organisation.to_lowercase(),
            organisation_type: input.organisation_type.as_str().to_owned(),
            country: input.country.code().to_owned(),
            position: input.position.clone(),
            language: input.language.code().to_owned(),
            timezone: input.timezone,
            status: RegistrationStatus::Pending,
            waitlist_seq: None,
            consent_at: now,
            created_at: now,
            updated_at: now,
            confirmed_at: None,
            withdrawn_at: None,
            last_mail_at: Some(now),
        }
    }

    /// Deletes a registration written in the same transaction that then found it must not be.
    pub fn delete(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
        diesel::delete(registrations::table.find(id)).execute(conn)?;
        Ok(())
    }

    /// This registration as [`Registration::set_status`] leaves it, without reading it again.
    pub fn with_status(&self, status: RegistrationStatus, waitlist_seq: Option<i32>) -> Self {
        Self {
            status,
            waitlist_seq,
            ..self.clone()
        }
    }

    pub fn set_status(
        conn: &mut DbConnection,
        id: &str,
        status: RegistrationStatus,
        waitlist_seq: Option<i32>,
    ) -> QueryResult<()> {
        let now = now();
        diesel::update(registrations::table.find(id))
            .set((
                registrations::status.eq(status.as_str()),
                registrations::waitlist_seq.eq(waitlist_seq),
                registrations::updated_at.eq(now),
                (status == RegistrationStatus::Confirmed)
                    .then_some(registrations::confirmed_at.eq(now)),
                (status == RegistrationStatus::Withdrawn)
                    .then_some(registrations::withdrawn_at.eq(now)),
            ))
            .execute(conn)?;
        Ok(())
    }

    pub fn mark_mailed(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
        diesel::update(registrations::table.find(id))
            .set(registrations::last_mail_at.eq(now()))
            .execute(conn)?;
        Ok(())
    }

    /// Confirmed seats of an event, and of one organisation at it.
    pub fn confirmed_count(
        conn: &mut DbConnection,
        event_id: &str,
        organisation_key: Option<&str>,
    ) -> QueryResult<i64> {
        match organisation_key {
            // Kept by triggers on both databases (migration `count_seats`).
            None => events::table
                .find(event_id)
                .select(events::seats_taken)
                .get_result::<i32>(conn)
                .optional()
                .map(|taken| taken.map_or(0, i64::from)),
            Some(key) => registrations::table
                .filter(registrations::event_id.eq(event_id))
                .filter(registrations::status.eq(RegistrationStatus::Confirmed.as_str()))
                .filter(registrations::organisation_key.eq(key))
                .count()
                .get_result(conn),
        }
    }

    /// Confirmed seats per event, for a page of events (kept by triggers, as in
    /// [`Registration::confirmed_count`]).
    pub fn confirmed_counts(
        conn: &mut DbConnection,
        event_ids: &[&str],
    ) -> QueryResult<Vec<(String, i64)>> {
        let taken: Vec<(String, i32)> = events::table
            .filter(events::id.eq_any(event_ids))
            .select((events::id, events::seats_taken))
            .load(conn)?;
        Ok(taken
            .into_iter()
            .map(|(id, taken)| (id, i64::from(taken)))
            .collect())
    }

    /// The next waitlist number of an event: one more than the last one handed out, which
    /// triggers keep on the event's row. Call holding the event (see `lock_for_update`).
    pub fn next_waitlist_seq(conn: &mut DbConnection, event_id: &str) -> QueryResult<i32> {
        let last: i32 = on_backend!(conn, |c| events::table
            .find(event_id)
            .select(events::waitlist_last)
            .get_result(c))?;
        Ok(last + 1)
    }

    /// Those waiting for a seat, first come first.
    pub fn waitlist(conn: &mut DbConnection, event_id: &str) -> QueryResult<Vec<Self>> {
        registrations::table
            .filter(registrations::event_id.eq(event_id))
            .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
            .order(registrations::waitlist_seq)
            .select(Self::as_select())
            .load(conn)
    }

    /// The 1-based rank of a waitlisted registration.
    pub fn waitlist_position(
        conn: &mut DbConnection,
        registration: &Self,
    ) -> QueryResult<Option<i64>> {
        let Some(seq) = registration
            .waitlist_seq
            .filter(|_| registration.status == RegistrationStatus::Waitlisted)
        else {
            return Ok(None);
        };
        let ahead: i64 = registrations::table
            .filter(registrations::event_id.eq(&registration.event_id))
            .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
            .filter(registrations::waitlist_seq.lt(seq))
            .count()
            .get_result(conn)?;
        Ok(Some(ahead + 1))
    }

    /// Pending registrations created before `cutoff` become expired; returns how many.
    pub fn expire_pending(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            registrations::table
                .filter(registrations::status.eq(RegistrationStatus::Pending.as_str()))
                .filter(registrations::updated_at.lt(cutoff)),
        )
        .set((
            registrations::status.eq(RegistrationStatus::Expired.as_str()),
            registrations::updated_at.eq(now()),
        ))
        .execute(conn)
    }
}
