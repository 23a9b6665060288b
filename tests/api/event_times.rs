use serde_json::json;

use crate::helpers::{TestApp, berlin_webinar, mexico_dialogue};
use crate::on_both_backends;

on_both_backends!(
    mexico_city_in_june_2026_is_six_hours_behind_utc,
    a_time_in_the_spring_forward_gap_is_refused,
    a_time_in_the_fall_back_overlap_needs_its_offset,
    an_offset_that_contradicts_the_zone_is_refused,
    events_crossing_a_dst_change_keep_both_offsets,
);

async fn mexico_city_in_june_2026_is_six_hours_behind_utc(app: TestApp) {
    let event = app.create_event(&mexico_dialogue()).await;
    assert_eq!(event["starts_at"], "2026-06-15T10:00:00-06:00");
    assert_eq!(event["starts_at_utc"], "2026-06-15T16:00:00Z");
    assert_eq!(event["ends_at_utc"], "2026-06-15T23:00:00Z");
}

async fn a_time_in_the_spring_forward_gap_is_refused(app: TestApp) {
    let mut event = berlin_webinar();
    event["starts_at"] = json!("2030-03-31T02:30");
    event["ends_at"] = json!("2030-03-31T04:00");
    let reply = app.admin_post("/api/v1/admin/events", &event).await;
    assert_eq!(
        (reply.status, reply.code(), reply.field()),
        (422, "nonexistent_local_time", "starts_at")
    );
    assert_eq!(app.event_count().await, 0);
}

async fn a_time_in_the_fall_back_overlap_needs_its_offset(app: TestApp) {
    let mut event = berlin_webinar();
    event["starts_at"] = json!("2030-10-27T01:00");
    event["ends_at"] = json!("2030-10-27T02:30");
    let reply = app.admin_post("/api/v1/admin/events", &event).await;
    assert_eq!(
        (reply.status, reply.code(), reply.field()),
        (422, "ambiguous_local_time", "ends_at")
    );

    event["ends_at"] = json!("2030-10-27T02:30:00+01:00");
    let created = app.create_event(&event).await;
    assert_eq!(created["ends_at"], "2030-10-27T02:30:00+01:00");
    assert_eq!(created["ends_at_utc"], "2030-10-27T01:30:00Z");
    assert_eq!(created["starts_at_utc"], "2030-10-26T23:00:00Z");
}

async fn an_offset_that_contradicts_the_zone_is_refused(app: TestApp) {
    let mut event = berlin_webinar();
    event["starts_at"] = json!("2030-10-07T13:00:00+05:00");
    let reply = app.admin_post("/api/v1/admin/events", &event).await;
    assert_eq!(
        (reply.status, reply.code(), reply.field()),
        (422, "offset_mismatch", "starts_at")
    );
    event["starts_at"] = json!("2030-10-07T13:00:00+02:00");
    app.create_event(&event).await;
}

async fn events_crossing_a_dst_change_keep_both_offsets(app: TestApp) {
    let mut event = berlin_webinar();
    event["starts_at"] = json!("2030-10-26T18:00");
    event["ends_at"] = json!("2030-10-27T12:00");
    let created = app.create_event(&event).await;
    assert_eq!(created["starts_at"], "2030-10-26T18:00:00+02:00");
    assert_eq!(created["ends_at"], "2030-10-27T12:00:00+01:00");
    assert_eq!(created["ends_at_utc"], "2030-10-27T11:00:00Z");
}
