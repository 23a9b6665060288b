//! Nobody can mail-bomb a third party through dialogo: the mails anonymous requests cause to
//! one address (registration and newsletter opt-ins, answers to repeated requests) are capped
//! per day, counted in the database, so that the cap holds across several `dialogo serve`
//! processes.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::newsletter_flow::subscription;
use crate::registration_flow::{WAIT, registrant};
use crate::security_process::{Served, database_for};

for_both_backends!(two_processes_together_mail_an_address_no_more_than_the_cap);

async fn two_processes_together_mail_an_address_no_more_than_the_cap(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = vec![
        ("DIALOGO_OPT_IN_MAILS_PER_DAY", "3".to_owned()),
        ("DIALOGO_MAIL_POLL_MS", "20".to_owned()),
    ];
    let (_database, database) = database_for(backend);
    settings.extend(database);
    let first = Served::start_in(dir.path(), &settings);
    let second = Served::start_in(dir.path(), &settings);
    let client = reqwest::Client::new();
    let mut events = Vec::new();
    for n in 0..6 {
        let mut event = berlin_webinar();
        event["title"] = json!(format!("Dialogue {n}"));
        let created = client
            .post(first.url("/api/v1/admin/events"))
            .bearer_auth(&first.admin_token)
            .json(&event)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let id = created.json::<serde_json::Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let published = client
            .post(first.url(&format!("/api/v1/admin/events/{id}/publish")))
            .bearer_auth(&first.admin_token)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(published.status(), 200);
        events.push(id);
    }
    // Six registrations and a subscription in the victim's name, spread over both processes
    // and sent at once; every one is answered as usual.
    let requests = events.iter().enumerate().map(|(n, id)| {
        let served = if n % 2 == 0 { &first } else { &second };
        client
            .post(served.url(&format!("/api/v1/events/{id}/registrations")))
            .json(&registrant("victim@example.org"))
            .send()
    });
    let subscribing = client
        .post(second.url("/api/v1/newsletter/subscriptions"))
        .json(&subscription("victim@example.org", "en"))
        .send();
    let (answers, subscribed) = tokio::join!(futures_util::future::join_all(requests), subscribing);
    for answer in answers {
        assert_eq!(answer.unwrap().status(), 202);
    }
    assert_eq!(subscribed.unwrap().status(), 202);
    // Someone else is not held back by the victim's cap.
    let other = client
        .post(first.url(&format!("/api/v1/events/{}/registrations", events[0])))
        .json(&registrant("other@example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 202);

    // Wait until four mails (three to the victim, one to the other) have been dropped and no
    // more come for a while.
    let started = Instant::now();
    let mut seen = 0;
    let mut quiet_since = Instant::now();
    loop {
        let now = first.mails().len();
        if now != seen {
            (seen, quiet_since) = (now, Instant::now());
        } else if seen >= 4 && quiet_since.elapsed() > Duration::from_secs(1) {
            break;
        }
        assert!(started.elapsed() < WAIT, "{seen} mails");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mails = crate::registration_flow::parse_mails(&first.mails());
    let to = |address: &str| mails.iter().filter(|m| m.to == address).count();
    assert_eq!(
        to("victim@example.org"),
        3,
        "the cap holds across processes"
    );
    assert_eq!(to("other@example.org"), 1);
}
