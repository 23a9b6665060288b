//! An event's life from the console: published, cancelled (its registrants mailed once),
//! duplicated as a new draft and the draft deleted, each after a page saying what will happen
//! and who will be mailed; refused without the role, with a forged form or in the wrong state,
//! changing nothing.

use dialogo::db::models::{Event, EventStatus};

use crate::console_registrations::{form_actions, registers};
use crate::console_support::{Browser, PASSWORD, account_with_password, audited, location};
use crate::form_support::token_fields;
use crate::helpers::{TestApp, berlin_webinar};
use crate::mails::MailDir;
use crate::on_both_backends;

on_both_backends!(
    a_coordinator_publishes_cancels_duplicates_and_deletes,
    events_refuse_the_wrong_role_a_forged_form_and_the_wrong_state,
);

async fn status(app: &TestApp, id: &str) -> Option<EventStatus> {
    let id = id.to_owned();
    app.with_conn(move |conn| Event::find(conn, &id).ok().map(|e| e.status))
        .await
}

async fn signed_in(app: &TestApp, role: &str) -> Browser {
    let email = format!("{role}@example.org");
    account_with_password(app, &email, role).await;
    let browser = Browser::new(app);
    assert_eq!(browser.sign_in(&email, PASSWORD).await.status, 303);
    browser
}

async fn a_coordinator_publishes_cancels_duplicates_and_deletes(app: TestApp) {
    let id = app.create_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let browser = signed_in(&app, "coordinator").await;
    let event = format!("/console/events/{id}");
    let page = browser.get(&event).await;
    assert!(page.text.contains(&format!("{event}/publish")));
    assert!(page.text.contains(&format!("{event}/delete")));
    assert!(
        !page.text.contains(&format!("{event}/cancel")),
        "a draft is not cancelled"
    );

    let confirm = browser.get(&format!("{event}/publish")).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(confirm.text.contains("Nobody is mailed."));
    assert_eq!(
        status(&app, &id).await,
        Some(EventStatus::Draft),
        "asking changes nothing"
    );
    let token = token_fields(&confirm.text).remove(0);
    let published = browser.post(&format!("{event}/publish"), &token, &[]).await;
    assert_eq!(location(&published), format!("{event}?done=published"));
    assert!(
        browser
            .get(location(&published))
            .await
            .text
            .contains("The event is published.")
    );
    assert_eq!(status(&app, &id).await, Some(EventStatus::Published));

    registers(&app, &id, "ana@example.org", "Ana Morales", true).await;
    registers(&app, &id, "ben@example.org", "Ben Ortiz", false).await;
    let confirm = browser.get(&format!("{event}/cancel")).await;
    assert!(
        confirm
            .text
            .contains("One registrant (confirmed, on the waitlist or awaiting approval) is mailed"),
        "{}",
        confirm.text
    );
    let cancelled = browser.post(&format!("{event}/cancel"), &token, &[]).await;
    assert_eq!(location(&cancelled), format!("{event}?done=cancelled"));
    assert_eq!(status(&app, &id).await, Some(EventStatus::Cancelled));
    let mails = app.quiet_mails(&MailDir(app.mail_dir())).await;
    let cancellations: Vec<_> = mails
        .iter()
        .filter(|m| m.calendar_method.as_deref() == Some("CANCEL"))
        .map(|m| m.to.as_str())
        .collect();
    assert_eq!(
        cancellations,
        ["ana@example.org"],
        "once, to the one holding a seat"
    );

    let page = browser.get(&event).await;
    let duplicate = format!("{event}/duplicate");
    assert!(form_actions(&page.text).contains(&duplicate));
    let copied = browser.post(&duplicate, &token, &[]).await;
    assert_eq!(copied.status, 303, "{}", copied.text);
    let copy = location(&copied)
        .trim_start_matches("/console/events/")
        .trim_end_matches("?done=duplicated")
        .to_owned();
    assert_ne!(copy, id);
    let (original_id, copy_id) = (id.clone(), copy.clone());
    let (original, duplicate) = app
        .with_conn(move |conn| {
            (
                Event::find(conn, &original_id).unwrap(),
                Event::find(conn, &copy_id).unwrap(),
            )
        })
        .await;
    assert_eq!(duplicate.status, EventStatus::Draft);
    assert_eq!(duplicate.title, original.title);
    assert_eq!(duplicate.starts_at, original.starts_at);
    assert_ne!(duplicate.slug, original.slug);

    let copy_page = format!("/console/events/{copy}");
    let deleted = browser
        .post(&format!("{copy_page}/delete"), &token, &[])
        .await;
    assert_eq!(location(&deleted), "/console/events?done=deleted");
    assert_eq!(status(&app, &copy).await, None);
    let actions = audited(&app, &id).await;
    assert_eq!(
        actions,
        ["event_published", "event_cancelled"],
        "{actions:?}"
    );
    assert_eq!(audited(&app, &copy).await, ["event_deleted"]);
}

async fn events_refuse_the_wrong_role_a_forged_form_and_the_wrong_state(app: TestApp) {
    let id = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = format!("/console/events/{id}");

    let viewer = signed_in(&app, "viewer").await;
    let page = viewer.get(&event).await;
    assert_eq!(page.status, 200);
    assert!(
        !page.text.contains(&format!("{event}/cancel")),
        "no actions for a viewer"
    );
    assert!(
        form_actions(&page.text)
            .iter()
            .all(|a| a == "/console/sign-out")
    );
    let token = token_fields(&page.text).remove(0);
    assert_eq!(viewer.get(&format!("{event}/cancel")).await.status, 403);
    assert_eq!(
        viewer
            .post(&format!("{event}/cancel"), &token, &[])
            .await
            .status,
        403
    );
    assert_eq!(
        viewer
            .post(&format!("{event}/duplicate"), &token, &[])
            .await
            .status,
        403
    );

    let coordinator = signed_in(&app, "coordinator").await;
    let forged = coordinator
        .post(&format!("{event}/cancel"), "forged", &[])
        .await;
    assert_eq!(forged.status, 403);
    let token = token_fields(&coordinator.get(&event).await.text).remove(0);
    let wrong = coordinator.get(&format!("{event}/delete")).await;
    assert_eq!(wrong.status, 409, "a published event is not deleted");
    let wrong = coordinator
        .post(&format!("{event}/delete"), &token, &[])
        .await;
    assert_eq!(wrong.status, 409);
    assert!(wrong.text.contains("<h1"), "a page");
    let unknown = coordinator
        .post(&format!("{event}/archive"), &token, &[])
        .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(status(&app, &id).await, Some(EventStatus::Published));
    assert_eq!(app.event_count().await, 1, "nothing duplicated");
}
