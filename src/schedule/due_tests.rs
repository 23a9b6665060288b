//! The windows of scheduled mailings.

use super::*;
use crate::db::models::EventStatus;
use crate::domain::{EventFormat, TimeZone};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}

fn event() -> Event {
    Event {
        id: "0190f0b8-7c1e-7000-8000-000000000001".into(),
        slug: "digital-dialogue".into(),
        status: EventStatus::Published,
        title: "Digital Dialogue".into(),
        summary: None,
        description: None,
        starts_at: at("2030-10-07T11:00"),
        ends_at: at("2030-10-07T13:30"),
        timezone: TimeZone::parse("Europe/Berlin").unwrap(),
        format: EventFormat::Online,
        venue_name: None,
        venue_address: None,
        venue_city: None,
        venue_country: None,
        online_url: Some("https://meet.example.org/j/1".into()),
        contacts: "[]".into(),
        series: None,
        capacity: None,
        registration_opens_at: None,
        registration_closes_at: None,
        sequence: 0,
        created_at: at("2030-01-01T00:00"),
        updated_at: at("2030-01-01T00:00"),
        published_at: None,
        cancelled_at: None,
        max_per_organisation: None,
        approval_required: false,
    }
}

fn plan(event: &Event) -> EventPlan {
    EventPlan::fresh(event)
}

#[test]
fn each_reminder_is_due_only_inside_its_window() {
    let start = at("2030-10-07T11:00");
    let hours = [24, 1];
    assert_eq!(
        reminder_in_window(&hours, start, at("2030-10-06T10:59")),
        None
    );
    assert_eq!(
        reminder_in_window(&hours, start, at("2030-10-06T11:00")),
        Some(24)
    );
    assert_eq!(
        reminder_in_window(&hours, start, at("2030-10-07T09:59")),
        Some(24)
    );
    assert_eq!(
        reminder_in_window(&hours, start, at("2030-10-07T10:00")),
        Some(1)
    );
    assert_eq!(
        reminder_in_window(&hours, start, at("2030-10-07T10:59")),
        Some(1)
    );
    // Never once the event has begun.
    assert_eq!(
        reminder_in_window(&hours, start, at("2030-10-07T11:00")),
        None
    );
}

#[test]
fn a_done_reminder_is_not_due_again_but_a_moved_event_gets_new_ones() {
    let mut event = event();
    let plan = plan(&event);
    let now = event.starts_at - TimeDelta::hours(2);
    let first = due(&event, &plan, &[], now);
    assert_eq!(first, vec![Due::Reminder { hours: 24 }]);
    let mark = first[0].mark(&event).unwrap();
    assert!(due(&event, &plan, std::slice::from_ref(&mark), now).is_empty());
    event.starts_at += TimeDelta::days(1);
    event.ends_at += TimeDelta::days(1);
    let now = event.starts_at - TimeDelta::hours(3);
    assert_eq!(
        due(&event, &plan, &[mark], now),
        vec![Due::Reminder { hours: 24 }]
    );
}

#[test]
fn the_access_link_goes_out_at_its_interval_and_not_after_the_end() {
    let event = event();
    let mut plan = plan(&event);
    plan.reminder_hours = "[]".into();
    plan.access_link_hours_before = Some(48);
    let opens = event.starts_at - TimeDelta::hours(48);
    assert!(due(&event, &plan, &[], opens - TimeDelta::minutes(1)).is_empty());
    assert_eq!(due(&event, &plan, &[], opens), vec![Due::AccessLink]);
    assert!(due(&event, &plan, &["access_link".into()], opens).is_empty());
    assert!(due(&event, &plan, &[], event.ends_at).is_empty());
    // Switched to "with the confirmation" before the release: owed to those confirmed.
    plan.access_link_hours_before = None;
    assert!(due(&event, &plan, &[], opens - TimeDelta::days(1)).is_empty());
    plan.access_link_owed = true;
    assert_eq!(
        due(&event, &plan, &[], opens - TimeDelta::days(1)),
        vec![Due::AccessLink]
    );
}

#[test]
fn changes_cancellations_agenda_and_follow_up() {
    let mut event = event();
    let mut plan = plan(&event);
    plan.reminder_hours = "[]".into();
    let long_before = event.starts_at - TimeDelta::days(10);
    event.sequence += 1;
    assert_eq!(
        due(&event, &plan, &[], long_before),
        vec![Due::Update {
            sequence: event.sequence
        }]
    );
    plan.notified_sequence = event.sequence;
    plan.agenda_mail_due_at = Some(long_before + TimeDelta::minutes(10));
    assert!(due(&event, &plan, &[], long_before).is_empty());
    assert_eq!(
        due(&event, &plan, &[], long_before + TimeDelta::minutes(10)),
        vec![Due::Agenda]
    );
    assert_eq!(
        due(&event, &plan, &[], event.ends_at),
        vec![Due::DropAgendaMail]
    );
    plan.agenda_mail_due_at = None;
    plan.follow_up_url = Some("https://example.org/slides".into());
    let follow_up_at = event.ends_at + TimeDelta::hours(24);
    assert!(due(&event, &plan, &[], follow_up_at - TimeDelta::minutes(1)).is_empty());
    assert_eq!(due(&event, &plan, &[], follow_up_at), vec![Due::FollowUp]);
    assert!(due(&event, &plan, &[], follow_up_at + FOLLOW_UP_WINDOW).is_empty());
    event.status = EventStatus::Cancelled;
    assert_eq!(
        due(&event, &plan, &[], long_before),
        vec![Due::Cancellation]
    );
}
