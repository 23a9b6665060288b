//! Several instances of the application on one database (as behind a load balancer) confirm
//! registrations for one event at the same time: each writes its own confirmations in
//! batches, and the batches of both meet at the event's row.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::Backend;
use crate::registration_flow::{
    WAIT, act, app_with_sink, assert_waitlist_mails_tell_the_places, parse_mails, register,
    registrant, token,
};
use crate::schedule_support::spawn_peer;

for_both_backends!(two_instances_confirming_at_once_never_overbook);

async fn two_instances_confirming_at_once_never_overbook(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let peer = spawn_peer(&app).await;
    let mut event = crate::helpers::berlin_webinar();
    event["capacity"] = json!(10);
    let event = app.publish_event(&event).await;
    let id = event["id"].as_str().unwrap();
    let count = 60;
    let bodies: Vec<_> = (0..count)
        .map(|i| registrant(&format!("p{i}@example.org")))
        .collect();
    let replies =
        futures_util::future::join_all(bodies.iter().map(|b| register(&app, id, b))).await;
    assert!(replies.iter().all(|r| r.status == 202));
    let opt_ins = parse_mails(&sink.wait_for(count, WAIT).await);

    // Every other confirmation goes to the second instance, all of them at once.
    let peer_url = format!(
        "http://127.0.0.1:{}/api/v1/registrations/confirm",
        peer.port
    );
    let confirmations = opt_ins.iter().enumerate().map(|(i, mail)| {
        let token = token(mail, "confirm");
        let (app, peer_url) = (&app, &peer_url);
        async move {
            if i % 2 == 0 {
                act(app, "confirm", &token).await
            } else {
                app.send(app.client.post(peer_url).json(&json!({"token": token})))
                    .await
            }
        }
    });
    let outcomes = futures_util::future::join_all(confirmations).await;
    assert!(
        outcomes.iter().all(|r| r.status == 200),
        "{:?}",
        outcomes.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
    let seated = outcomes
        .iter()
        .filter(|r| r.body["status"] == "confirmed")
        .count();
    let mut positions: Vec<i64> = outcomes
        .iter()
        .filter_map(|r| r.body["waitlist_position"].as_i64())
        .collect();
    positions.sort();
    assert_eq!(seated, 10, "overbooked or underbooked");
    assert_eq!(positions, (1..=50).collect::<Vec<i64>>());

    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["counts"]["confirmed"], 10);
    assert_eq!(list.body["counts"]["waitlisted"], 50);
    // One mail each, seat or waitlist place, whichever instance wrote it.
    let mails = parse_mails(&sink.wait_for(2 * count, WAIT).await);
    let subjects = |prefix: &str| {
        mails
            .iter()
            .filter(|m| m.subject.starts_with(prefix))
            .count()
    };
    assert_eq!(subjects("Registration confirmed:"), 10);
    assert_eq!(subjects("Waiting list:"), 50);
    assert_eq!(mails.len(), 2 * count);
    // The instances' batches interleave: a batch's guess at its places from the event's
    // counts is often wrong here, and its mails are composed again where the places are
    // decided.
    assert_waitlist_mails_tell_the_places(&outcomes, &opt_ins, &mails);
}
