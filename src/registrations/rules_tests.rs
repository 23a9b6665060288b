use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::*;

fn at(hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 3, 1)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

/// A published event at 12:00 without limits, window or approval.
fn open() -> Terms {
    Terms {
        status: EventStatus::Published,
        starts_at: at(12),
        registration_opens_at: None,
        registration_closes_at: None,
        capacity: None,
        max_per_organisation: None,
        approval_required: false,
    }
}

#[test]
fn registrations_are_taken_while_the_window_is_open_and_the_event_has_not_begun() {
    let window = Terms {
        registration_opens_at: Some(at(8)),
        registration_closes_at: Some(at(10)),
        ..open()
    };
    let cases = [
        (open(), at(11), Ok(())),
        (open(), at(12), Err(Refusal::Closed)),
        (open(), at(13), Err(Refusal::Closed)),
        (window, at(7), Err(Refusal::NotOpenYet)),
        (window, at(8), Ok(())),
        (window, at(10) - TimeDelta::seconds(1), Ok(())),
        (window, at(10), Err(Refusal::Closed)),
        (
            Terms {
                status: EventStatus::Draft,
                ..open()
            },
            at(9),
            Err(Refusal::Draft),
        ),
        (
            Terms {
                status: EventStatus::Cancelled,
                ..open()
            },
            at(9),
            Err(Refusal::Cancelled),
        ),
    ];
    for (terms, now, expected) in cases {
        assert_eq!(may_register(&terms, now), expected, "{terms:?} at {now}");
    }
}

#[test]
fn a_pending_registration_may_be_confirmed_until_the_event_begins() {
    let closed_window = Terms {
        registration_closes_at: Some(at(9)),
        ..open()
    };
    let cancelled = Terms {
        status: EventStatus::Cancelled,
        ..open()
    };
    use RegistrationStatus::{Confirmed, Pending, Waitlisted};
    let cases = [
        (open(), Pending, at(11), Ok(())),
        // The window closes registering, not confirming what was registered in time.
        (closed_window, Pending, at(10), Ok(())),
        (open(), Pending, at(12), Err(Refusal::Started)),
        (cancelled, Pending, at(9), Err(Refusal::Cancelled)),
        (open(), Confirmed, at(9), Err(Refusal::NotPending)),
        (open(), Waitlisted, at(9), Err(Refusal::NotPending)),
    ];
    for (terms, status, now, expected) in cases {
        assert_eq!(
            may_confirm(&terms, status, now),
            expected,
            "{status:?} at {now}"
        );
    }
}

#[test]
fn only_events_without_approval_or_organisation_limits_confirm_in_batches() {
    let cases = [
        (open(), at(9), true),
        (open(), at(12), false),
        (
            Terms {
                approval_required: true,
                ..open()
            },
            at(9),
            false,
        ),
        (
            Terms {
                max_per_organisation: Some(2),
                ..open()
            },
            at(9),
            false,
        ),
        (
            Terms {
                capacity: Some(10),
                ..open()
            },
            at(9),
            true,
        ),
        (
            Terms {
                status: EventStatus::Cancelled,
                ..open()
            },
            at(9),
            false,
        ),
    ];
    for (terms, now, expected) in cases {
        assert_eq!(
            confirmable_in_batch(&terms, now),
            expected,
            "{terms:?} at {now}"
        );
    }
}

#[test]
fn a_confirmation_gets_a_seat_under_both_limits_else_the_waitlist_unless_approval_comes_first() {
    let limited = Terms {
        capacity: Some(10),
        max_per_organisation: Some(2),
        ..open()
    };
    let approval = Terms {
        approval_required: true,
        capacity: Some(1),
        ..open()
    };
    let seats = |taken, taken_by_organisation| Seats {
        taken,
        taken_by_organisation,
    };
    let cases = [
        (open(), seats(1_000, 1_000), Place::Seat),
        (limited, seats(0, 0), Place::Seat),
        (limited, seats(9, 1), Place::Seat),
        (limited, seats(10, 0), Place::Waitlist),
        (limited, seats(3, 2), Place::Waitlist),
        (approval, seats(0, 0), Place::AwaitingApproval),
        (approval, seats(5, 0), Place::AwaitingApproval),
    ];
    for (terms, seats, expected) in cases {
        assert_eq!(place(&terms, seats), expected, "{terms:?} with {seats:?}");
    }
    // The waitlist moves up while the event has seats, passing over a full organisation.
    assert!(!event_full(&limited, seats(9, 2)));
    assert!(!seat_free(&limited, seats(9, 2)));
    assert!(event_full(&limited, seats(10, 0)));
    // Approved, the registration takes a seat if one is free, as any confirmation would.
    assert_eq!(place_approved(&approval, seats(0, 0)), Place::Seat);
    assert_eq!(place_approved(&approval, seats(1, 0)), Place::Waitlist);
}

#[test]
fn a_batch_is_seated_in_arrival_order_and_the_rest_numbered_on_the_waitlist() {
    let queue = |seats_taken, waitlisted, waitlist_last| Queue {
        seats_taken,
        waitlisted,
        waitlist_last,
    };
    let cases: [(Option<i32>, Queue, usize, Vec<BatchPlace>); 5] = [
        (None, queue(50, 0, 0), 3, vec![None, None, None]),
        (Some(10), queue(7, 0, 0), 3, vec![None, None, None]),
        (Some(10), queue(8, 0, 0), 3, vec![None, None, Some((1, 1))]),
        // Numbers go on from the last one handed out; positions from those still waiting.
        (
            Some(10),
            queue(10, 2, 5),
            2,
            vec![Some((6, 3)), Some((7, 4))],
        ),
        // More seats taken than there are (the capacity was lowered): nobody is seated.
        (Some(5), queue(8, 0, 0), 1, vec![Some((1, 1))]),
    ];
    for (capacity, queue, count, expected) in cases {
        assert_eq!(
            batch_places(capacity, queue, count),
            expected,
            "{capacity:?} {queue:?}"
        );
    }
}
