//! Erasing one registrant leaves the others' mail alone: an erased registration leaves the
//! seats and the waitlist as a withdrawal would, and later mailings (waitlist promotions,
//! updates, cancellations) reach everyone else.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::Backend;
use crate::registration_flow::{act, app_with_sink, token};
use crate::security_support::{
    count_to, erase, event_with_seats, newest_link_mail, quiet_mails, register_and_confirm,
    statuses,
};

for_both_backends!(erasing_registrants_stops_nobody_elses_mail);

async fn erasing_registrants_stops_nobody_elses_mail(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = event_with_seats(&app, 2).await;
    let people = [
        "ana@example.org",
        "ben@example.org",
        "cleo@example.org",
        "dan@example.org",
        "eva@example.org",
    ];
    let [ana, ben, cleo, dan, eva] = people;
    for (email, expected) in people.iter().zip([
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]) {
        let reply = register_and_confirm(&app, &sink, &event, email).await;
        assert_eq!(reply.body["status"], expected, "{email}: {}", reply.text);
    }

    // The first on the waitlist is erased: the waitlist moves on without them.
    erase(&app, cleo).await;
    // A withdrawal on the full event gives the seat to the next one still waiting.
    let withdrawal = newest_link_mail(&sink, ana, "withdraw").await;
    let withdrawn = act(&app, "withdraw", &token(&withdrawal, "withdraw")).await;
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text);
    // Erasing someone with a seat frees it for the waitlist, as a withdrawal does.
    erase(&app, ben).await;
    let mut seen: Vec<(String, String)> = statuses(&app, &event).await;
    seen.sort();
    assert_eq!(
        seen,
        [
            ("(erased)", "withdrawn"),
            ("(erased)", "withdrawn"),
            (ana, "withdrawn"),
            (dan, "confirmed"),
            (eva, "confirmed"),
        ]
        .map(|(e, s)| (e.to_owned(), s.to_owned()))
    );

    // Moved, then cancelled: the scheduler mails everyone still registered.
    let moved = app
        .admin_patch(
            &format!("/api/v1/admin/events/{event}"),
            &json!({"starts_at": "2030-10-08T13:00", "ends_at": "2030-10-08T15:30"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    let mails = quiet_mails(&app, &sink, 15).await;
    let cancelled = app
        .admin_post(&format!("/api/v1/admin/events/{event}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let all = quiet_mails(&app, &sink, mails.len() + 2).await;

    // Opt-in and confirmation each; then: Ana's withdrawal; Dan's and Eva's promotion,
    // update and cancellation; nothing to the erased ones after their erasure.
    let expected = [(ana, 3), (ben, 2), (cleo, 2), (dan, 5), (eva, 5)];
    for (email, count) in expected {
        assert_eq!(count_to(&all, email), count, "mails to {email}");
    }
    assert_eq!(all.len(), 17, "no mail to anyone else");
    for email in [dan, eva] {
        let last_two: Vec<&str> = all
            .iter()
            .filter(|m| m.to == email)
            .rev()
            .take(2)
            .map(|m| m.calendar_method.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            last_two,
            ["CANCEL", "REQUEST"],
            "{email}: update, then cancellation"
        );
    }
}
