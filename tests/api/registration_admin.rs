//! What coordinators do to single registrations (remove, resend) and what registrants do
//! through the pages behind their links, checked through the mails once all is quiet.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp, berlin_webinar};
use crate::registration_flow::{Mail, act, app_with_sink, register, registrant, token};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    removing_a_seated_registration_seats_the_first_on_the_waitlist,
    resending_mails_each_registrant_the_mail_of_their_state_again,
);

/// The mails to `to`, oldest first, once all is quiet.
async fn mails_to(app: &TestApp, sink: &SmtpSink, to: &str) -> Vec<Mail> {
    app.quiet_mails(sink)
        .await
        .into_iter()
        .filter(|m| m.to == to)
        .collect()
}

/// Registers `email` and confirms through the confirmation page's button (a form POST).
async fn confirm_through_the_page(app: &TestApp, sink: &SmtpSink, id: &str, email: &str) {
    assert_eq!(register(app, id, &registrant(email)).await.status, 202);
    let opt_in = mails_to(app, sink, email).await.pop().unwrap();
    let path = format!("/registrations/confirm/{}", token(&opt_in, "confirm"));
    let page = app.post_form(&path, &[]).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

async fn registration_id(app: &TestApp, event: &str, email: &str) -> (String, String) {
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{event}/registrations"))
        .await;
    let row = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == email)
        .unwrap_or_else(|| panic!("{email} not registered: {}", list.text))
        .clone();
    (
        row["id"].as_str().unwrap().to_owned(),
        row["status"].as_str().unwrap().to_owned(),
    )
}

async fn removing_a_seated_registration_seats_the_first_on_the_waitlist(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let mut event = berlin_webinar();
    event["capacity"] = json!(1);
    let id = app.publish_event(&event).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    confirm_through_the_page(&app, &sink, &id, "ana@example.org").await;
    confirm_through_the_page(&app, &sink, &id, "ben@example.org").await;
    confirm_through_the_page(&app, &sink, &id, "cleo@example.org").await;
    let (ana, status) = registration_id(&app, &id, "ana@example.org").await;
    assert_eq!(status, "confirmed", "the page's POST confirmed her");
    assert_eq!(
        registration_id(&app, &id, "ben@example.org").await.1,
        "waitlisted"
    );

    let path = format!("/api/v1/admin/events/{id}/registrations/{ana}");
    let removed = app.admin_delete(&path).await;
    assert_eq!(
        (removed.status, removed.body["status"].as_str()),
        (200, Some("withdrawn")),
        "{}",
        removed.text
    );
    // Ben, first in line, has the seat; Cleo moves up to first.
    assert_eq!(
        registration_id(&app, &id, "ben@example.org").await.1,
        "confirmed"
    );
    let list = app
        .admin_get(&format!("/api/v1/admin/events/{id}/registrations"))
        .await;
    assert_eq!(list.body["counts"]["confirmed"], 1);
    assert_eq!(list.body["counts"]["waitlisted"], 1);
    let cleo = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "cleo@example.org")
        .unwrap()
        .clone();
    assert_eq!(cleo["waitlist_position"], 1);

    let ana_mails = mails_to(&app, &sink, "ana@example.org").await;
    assert_eq!(ana_mails.len(), 3, "opt-in, seat, removal");
    assert_eq!(ana_mails[2].calendar_method.as_deref(), Some("CANCEL"));
    let ben_mails = mails_to(&app, &sink, "ben@example.org").await;
    assert_eq!(ben_mails.len(), 3, "opt-in, waiting list, seat");
    assert!(ben_mails[2].subject.starts_with("A seat is now available:"));
    assert!(
        ben_mails[2]
            .text
            .contains("https://meet.example.org/j/83520011")
    );

    let again = app.admin_delete(&path).await;
    assert_eq!(again.status, 409, "{}", again.text);
    let unknown = app
        .admin_delete(&format!(
            "/api/v1/admin/events/{id}/registrations/{}",
            uuid::Uuid::now_v7()
        ))
        .await;
    assert_eq!(unknown.status, 404, "{}", unknown.text);
    assert_eq!(app.quiet_mails(&sink).await.len(), 3 + 3 + 2);
}

async fn resending_mails_each_registrant_the_mail_of_their_state_again(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        register(&app, &id, &registrant("pending@example.org"))
            .await
            .status,
        202
    );
    confirm_through_the_page(&app, &sink, &id, "seated@example.org").await;
    let before = app.quiet_mails(&sink).await.len();
    assert_eq!(before, 3);
    let resend = |registration: String| {
        let path = format!("/api/v1/admin/events/{id}/registrations/{registration}/resend");
        let app = &app;
        async move { app.admin_post(&path, &json!({})).await }
    };
    let (pending, _) = registration_id(&app, &id, "pending@example.org").await;
    let (seated, _) = registration_id(&app, &id, "seated@example.org").await;
    assert_eq!(resend(pending.clone()).await.status, 200);
    assert_eq!(resend(seated.clone()).await.status, 200);

    let pending_mails = mails_to(&app, &sink, "pending@example.org").await;
    assert_eq!(pending_mails.len(), 2);
    assert!(
        pending_mails[1]
            .subject
            .starts_with("Please confirm your registration:")
    );
    // The new link confirms.
    let confirmed = act(&app, "confirm", &token(&pending_mails[1], "confirm")).await;
    assert_eq!(confirmed.body["status"], "confirmed", "{}", confirmed.text);
    let seated_mails = mails_to(&app, &sink, "seated@example.org").await;
    assert_eq!(seated_mails.len(), 3);
    assert!(
        seated_mails[2]
            .subject
            .starts_with("Registration confirmed:")
    );
    assert_eq!(seated_mails[2].calendar_method.as_deref(), Some("REQUEST"));

    // Nothing to resend to a withdrawn registration.
    let withdraw = token(&seated_mails[2], "withdraw");
    assert_eq!(act(&app, "withdraw", &withdraw).await.status, 200);
    let refused = resend(seated).await;
    assert_eq!((refused.status, refused.code()), (409, "not_active"));
    assert_eq!(app.quiet_mails(&sink).await.len(), before + 2 + 1 + 1);
}
