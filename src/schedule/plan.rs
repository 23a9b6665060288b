//! The `event_plans` row of an event: agenda, access-link release, reminders, follow-up, and
//! what registrants have been told. Every published event has one (see [`EventPlan::ensure`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::models::Event;
use crate::db::schema::{event_plans, schedule_marks};
use crate::db::{DbConnection, on_backend};

/// Reminder offsets when a coordinator sets none: a day and an hour before the start.
pub const DEFAULT_REMINDER_HOURS: [i32; 2] = [24, 1];

/// One item of an agenda as stored: instants in naive UTC like every other time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub title: String,
    pub description: Option<String>,
    pub kind: String,
    pub speakers: Vec<Speaker>,
}

/// Someone who speaks in an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Speaker {
    pub name: String,
    pub affiliation: Option<String>,
    pub role: Option<String>,
}

/// An `event_plans` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = event_plans, primary_key(event_id), treat_none_as_null = true)]
pub struct EventPlan {
    pub event_id: String,
    pub agenda: String,
    pub agenda_published: bool,
    /// The event's start when the agenda was written; the agenda moves with the event.
    pub agenda_event_start: Option<NaiveDateTime>,
    pub agenda_version: i32,
    pub agenda_mail_due_at: Option<NaiveDateTime>,
    pub access_link_hours_before: Option<i32>,
    /// The release moved to "now" after confirmations had gone out without the link.
    pub access_link_owed: bool,
    pub reminder_hours: String,
    pub follow_up_message: Option<String>,
    pub follow_up_url: Option<String>,
    pub follow_up_hours_after: i32,
    pub notified_sequence: i32,
    pub cancel_notified: bool,
    pub updated_at: NaiveDateTime,
}

impl EventPlan {
    /// The plan of an event nobody has planned yet: registrants count as told about its
    /// current state, so creating it never sends mail by itself.
    pub fn fresh(event: &Event) -> Self {
        Self {
            event_id: event.id.clone(),
            agenda: "[]".into(),
            agenda_published: false,
            agenda_event_start: None,
            agenda_version: 0,
            agenda_mail_due_at: None,
            access_link_hours_before: None,
            access_link_owed: false,
            reminder_hours: serde_json::to_string(&DEFAULT_REMINDER_HOURS).unwrap_or_default(),
            follow_up_message: None,
            follow_up_url: None,
            follow_up_hours_after: 24,
            notified_sequence: event.sequence,
            cancel_notified: event.status == crate::db::models::EventStatus::Cancelled,
            updated_at: crate::db::now(),
        }
    }

    pub fn find(conn: &mut DbConnection, event_id: &str) -> QueryResult<Option<Self>> {
        on_backend!(conn, |c| event_plans::table
            .find(event_id)
            .select(Self::as_select())
            .get_result(c)
            .optional())
    }

    /// The event's plan, created as [`EventPlan::fresh`] when it has none. Call in a write
    /// transaction.
    pub fn ensure(conn: &mut DbConnection, event: &Event) -> QueryResult<Self> {
        if let Some(plan) = Self::find(conn, &event.id)? {
            return Ok(plan);
        }
        let plan = Self::fresh(event);
        diesel::insert_into(event_plans::table)
            .values(&plan)
            .execute(conn)?;
        Ok(plan)
    }

    /// The plan of an event for reading; a fresh one when there is none yet.
    pub fn load_or_fresh(conn: &mut DbConnection, event: &Event) -> QueryResult<Self> {
        Ok(Self::find(conn, &event.id)?.unwrap_or_else(|| Self::fresh(event)))
    }

    pub fn save(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::update(event_plans::table.find(&self.event_id))
            .set(self)
            .execute(conn)?;
        Ok(())
    }

    /// The agenda at the event's current time: moving an event by a week moves its programme
    /// by the same week, so it never shows times of the old date.
    pub fn agenda_items(&self, event: &Event) -> Vec<AgendaItem> {
        let mut items: Vec<AgendaItem> = serde_json::from_str(&self.agenda).unwrap_or_default();
        let shift = self
            .agenda_event_start
            .map_or(chrono::TimeDelta::zero(), |then| event.starts_at - then);
        for item in &mut items {
            item.starts_at += shift;
            item.ends_at += shift;
        }
        items
    }

    /// Stores `items` as the agenda of `event` at its current time.
    pub fn set_agenda(&mut self, event: &Event, items: &[AgendaItem]) -> serde_json::Result<()> {
        self.agenda = serde_json::to_string(items)?;
        self.agenda_event_start = Some(event.starts_at);
        Ok(())
    }

    /// The published agenda, if there is one to show.
    pub fn published_agenda(&self, event: &Event) -> Option<Vec<AgendaItem>> {
        self.agenda_published.then(|| self.agenda_items(event))
    }

    /// Reminder offsets in hours, largest first.
    pub fn reminder_hours(&self) -> Vec<i32> {
        let mut hours: Vec<i32> = serde_json::from_str(&self.reminder_hours).unwrap_or_default();
        hours.sort_unstable_by(|a, b| b.cmp(a));
        hours.dedup();
        hours
    }

    /// Whether confirmed registrants may see the access link at `now`.
    pub fn access_link_released(&self, event: &Event, now: NaiveDateTime) -> bool {
        self.access_link_release(event)
            .is_none_or(|release| now >= release)
    }

    /// When confirmed registrants get to see the access link; `None`: as soon as confirmed.
    pub fn access_link_release(&self, event: &Event) -> Option<NaiveDateTime> {
        self.access_link_hours_before
            .map(|hours| event.starts_at - chrono::TimeDelta::hours(i64::from(hours)))
    }
}

/// The marks of mailings already done for an event.
pub fn marks(conn: &mut DbConnection, event_id: &str) -> QueryResult<Vec<String>> {
    schedule_marks::table
        .filter(schedule_marks::event_id.eq(event_id))
        .select(schedule_marks::mark)
        .load(conn)
}

/// Records a mailing as done, in the transaction that queued its mails.
pub fn mark_done(
    conn: &mut DbConnection,
    event_id: &str,
    mark: &str,
    recipients: usize,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(schedule_marks::table)
        .values((
            schedule_marks::event_id.eq(event_id),
            schedule_marks::mark.eq(mark),
            schedule_marks::recipients.eq(i32::try_from(recipients).unwrap_or(i32::MAX)),
            schedule_marks::done_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
