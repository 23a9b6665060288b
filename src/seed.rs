//! Demo data: published events modelled on real dialogue programmes.

use anyhow::Context;
use serde::Deserialize;

use crate::db::models::{Event, EventStatus};
use crate::db::{DbConnection, Pool};
use crate::routes::events::input::EventInput;

const DEMO_EVENTS: &str = include_str!("../fixtures/demo.json");

#[derive(Deserialize)]
struct Fixture {
    events: Vec<EventInput>,
}

/// Creates and publishes the demo events whose slugs are not taken yet; returns how many.
pub fn load_demo(pool: &Pool) -> anyhow::Result<usize> {
    let fixture: Fixture = serde_json::from_str(DEMO_EVENTS).context("demo data is malformed")?;
    let mut conn = pool.get()?;
    let mut created = 0;
    for input in fixture.events {
        if create_published(&mut conn, &input)? {
            created += 1;
        }
    }
    Ok(created)
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
