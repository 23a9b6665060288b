//! Demo data: published events modelled on real dialogue programmes, placed in the coming
//! weeks so that a newcomer can register at once.

use anyhow::Context;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use serde::Deserialize;

use crate::db::models::{Event, EventStatus};
use crate::db::{DbConnection, Pool};
use crate::routes::events::input::EventInput;

const DEMO_EVENTS: &str = include_str!("../fixtures/demo.json");

#[derive(Deserialize)]
struct Fixture {
    events: Vec<EventInput>,
}

/// How far ahead at least a demo event starts, so that it is open for registration.
const AHEAD: TimeDelta = TimeDelta::days(7);

/// The local date-time format of the fixture's times.
const LOCAL: &str = "%Y-%m-%dT%H:%M";

/// Creates and publishes the demo events whose slugs are not taken yet, each moved to start
/// at least a week after `now` (see [`move_ahead`]); returns how many it created.
pub fn load_demo(pool: &Pool, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let fixture: Fixture = serde_json::from_str(DEMO_EVENTS).context("demo data is malformed")?;
    let mut conn = pool.get()?;
    let mut created = 0;
    for mut input in fixture.events {
        move_ahead(&mut input, now)?;
        if create_published(&mut conn, &input)? {
            created += 1;
        }
    }
    Ok(created)
}

/// Moves an event that would start less than a week after `now` forward by whole weeks: the
/// same weekday and local times, its registration window moved with it.
fn move_ahead(input: &mut EventInput, now: DateTime<Utc>) -> anyhow::Result<()> {
    let (Some(starts_at), Some(zone)) = (&input.starts_at, &input.timezone) else {
        return Ok(());
    };
    let zone: chrono_tz::Tz = zone
        .parse()
        .map_err(|_| anyhow::anyhow!("demo event with unknown zone {zone}"))?;
    let local_now = now.with_timezone(&zone).naive_local();
    let starts_at = NaiveDateTime::parse_from_str(starts_at, LOCAL)
        .with_context(|| format!("demo event starting at {starts_at:?}"))?;
    let short = local_now + AHEAD - starts_at;
    if short <= TimeDelta::zero() {
        return Ok(());
    }
    let shift = TimeDelta::weeks(short.num_days().div_euclid(7) + 1);
    for time in [
        &mut input.starts_at,
        &mut input.ends_at,
        &mut input.registration_opens_at,
        &mut input.registration_closes_at,
    ]
    .into_iter()
    .flatten()
    {
        let local = NaiveDateTime::parse_from_str(time, LOCAL)
            .with_context(|| format!("demo event time {time:?}"))?;
        *time = (local + shift).format(LOCAL).to_string();
    }
    Ok(())
}

fn create_published(conn: &mut DbConnection, input: &EventInput) -> anyhow::Result<bool> {
    let title = input.title.clone().unwrap_or_default();
    let fields = input
        .parse()
        .map_err(|e| anyhow::anyhow!("demo event {title:?}: {e}"))?;
    if let Some(slug) = &fields.slug
        && Event::find_by_slug(conn, slug.as_str()).is_ok()
    {
        return Ok(false);
    }
    let record =
        Event::create(conn, &fields).map_err(|e| anyhow::anyhow!("demo event {title:?}: {e}"))?;
    Event::transition(
        conn,
        &record.event.id,
        EventStatus::Draft,
        EventStatus::Published,
    )
    .map_err(|e| anyhow::anyhow!("demo event {title:?}: {e}"))?;
    crate::schedule::ensure_plan(conn, &record.event.id)
        .map_err(|e| anyhow::anyhow!("demo event {title:?}: {e}"))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike as _, NaiveDateTime, TimeZone as _, Utc};

    use super::{DEMO_EVENTS, Fixture, LOCAL, move_ahead};

    #[test]
    fn demo_events_start_a_week_ahead_or_later_on_their_weekday_at_their_times() {
        for now in [
            Utc.with_ymd_and_hms(2026, 12, 3, 6, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2031, 2, 28, 23, 30, 0).unwrap(),
        ] {
            let fixture: Fixture = serde_json::from_str(DEMO_EVENTS).unwrap();
            for mut event in fixture.events {
                let parse = |t: &Option<String>| {
                    NaiveDateTime::parse_from_str(t.as_deref().unwrap(), LOCAL).unwrap()
                };
                let (start, end) = (parse(&event.starts_at), parse(&event.ends_at));
                move_ahead(&mut event, now).unwrap();
                let (moved_start, moved_end) = (parse(&event.starts_at), parse(&event.ends_at));
                assert_eq!(moved_start.weekday(), start.weekday());
                assert_eq!(moved_start.time(), start.time());
                assert_eq!(moved_end - moved_start, end - start);
                let days_ahead = (moved_start - now.naive_utc()).num_days();
                assert!(
                    (6..=14).contains(&days_ahead),
                    "{:?} starts {days_ahead} days after {now}",
                    event.slug
                );
            }
        }
    }
}
