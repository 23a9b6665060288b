//! The "more information" link (`/events/{slug}`) of every kind of mail about an event opens
//! the event's page: the opt-in, the confirmation, the waitlist place, the invitation, the
//! update of time and the cancellation.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::registration_flow::app_with_sink;
use crate::security_support::{quiet_mails, register_and_confirm};

for_both_backends!(the_more_information_link_of_every_mail_kind_opens_the_event_page);

async fn the_more_information_link_of_every_mail_kind_opens_the_event_page(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["capacity"] = json!(1);
    let event = app.publish_event(&event).await;
    let (id, slug) = (
        event["id"].as_str().unwrap(),
        event["slug"].as_str().unwrap(),
    );
    register_and_confirm(&app, &sink, id, "ana@example.org").await;
    register_and_confirm(&app, &sink, id, "ben@example.org").await;
    let batch = json!({"invitees": [{"name": "Giorgi Maisuradze",
        "email": "mayor@kutaisi.example.org", "language": "de"}]});
    let invited = app
        .admin_post(&format!("/api/v1/admin/events/{id}/invitations"), &batch)
        .await;
    assert_eq!(invited.status, 202, "{}", invited.text);
    let moved = json!({"starts_at": "2030-10-08T13:00", "ends_at": "2030-10-08T15:30"});
    let patched = app
        .admin_patch(&format!("/api/v1/admin/events/{id}"), &moved)
        .await;
    assert_eq!(patched.status, 200, "{}", patched.text);
    let cancelled = app
        .admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);

    // Opt-ins, confirmation, waitlist place, invitation, then updates and cancellations.
    let mails = quiet_mails(&app, &sink, 7).await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    let marker = format!("/events/{slug}");
    let mut opened = 0;
    for mail in &mails {
        let Some(at) = mail.text.find(&marker) else {
            continue;
        };
        let end = at + marker.len();
        let next = mail.text[end..].chars().next();
        assert!(
            !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/'),
            "{}: the link is the event's page",
            mail.subject
        );
        let reply = app.get(&marker).await;
        assert_eq!(reply.status, 200, "{}", mail.subject);
        assert!(reply.text.contains(event["title"].as_str().unwrap()));
        opened += 1;
    }
    assert!(opened >= 7, "every mail links its event: {subjects:?}");
    assert_eq!(opened, mails.len(), "{subjects:?}");
}
