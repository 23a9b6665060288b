//! Which events the registration page offers its form for — not a cancelled, closed or
//! draft one; a full one for the waitlist — and an invitation filling the form in.

use scraper::Html;
use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::register_page::{FILLED, attr, event, with};
use crate::registration_flow::app_with_sink;
use crate::security_support::{register_and_confirm, statuses};

for_both_backends!(
    cancelled_closed_and_draft_events_offer_no_form,
    an_invitation_fills_in_the_form_and_admits_the_invitee,
);

async fn cancelled_closed_and_draft_events_offer_no_form(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let en = dialogo::i18n::Locale::parse("en").unwrap();
    let mut closed = berlin_webinar();
    closed["title"] = json!("Registration closed already");
    closed["registration_closes_at"] = json!("2026-01-01T00:00");
    let closed = app.publish_event(&closed).await;
    let slug = closed["slug"].as_str().unwrap();
    let reply = app.get(&format!("/events/{slug}/register")).await;
    assert_eq!(reply.status, 200);
    assert!(reply.text.contains(&en.text("event-registration-closed")));
    assert!(
        !reply.text.contains("<form method=\"post\""),
        "{}",
        reply.text
    );
    let event_page = app.get(&format!("/events/{slug}")).await;
    assert!(
        !event_page
            .text
            .contains(&format!("/events/{slug}/register"))
    );
    // A POST meanwhile is refused as the API refuses it, on the page.
    let refused = app
        .post_form(&format!("/events/{slug}/register"), &FILLED)
        .await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert!(refused.text.contains(&en.text("event-registration-closed")));

    let (id, slug) = event(&app).await;
    let cancelled = app
        .admin_post(&format!("/api/v1/admin/events/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let reply = app.get(&format!("/events/{slug}/register")).await;
    assert!(reply.text.contains(&en.text("event-cancelled")));
    assert!(!reply.text.contains("<form method=\"post\""));

    let mut draft = berlin_webinar();
    draft["title"] = json!("Still a draft");
    let draft = app.create_event(&draft).await;
    let slug = draft["slug"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/events/{slug}/register")).await.status,
        404
    );
    let posted = app
        .post_form(&format!("/events/{slug}/register"), &FILLED)
        .await;
    assert_eq!(posted.status, 404);

    let mut full = berlin_webinar();
    full["title"] = json!("One seat only");
    full["capacity"] = json!(1);
    let full = app.publish_event(&full).await;
    let (full_id, slug) = (full["id"].as_str().unwrap(), full["slug"].as_str().unwrap());
    register_and_confirm(&app, &sink, full_id, "first@example.org").await;
    let reply = app.get(&format!("/events/{slug}/register")).await;
    assert!(reply.text.contains(&en.text("event-registration-waitlist")));
    assert!(reply.text.contains("<form method=\"post\""));
}

async fn an_invitation_fills_in_the_form_and_admits_the_invitee(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let (id, slug) = event(&app).await;
    let batch = json!({"invitees": [{"name": "Giorgi Maisuradze",
        "email": "mayor@kutaisi.example.org", "organisation": "City of Kutaisi",
        "organisation_type": "ministry", "country": "GE", "language": "fr"}]});
    let invited = app
        .admin_post(&format!("/api/v1/admin/events/{id}/invitations"), &batch)
        .await;
    assert_eq!(invited.status, 202, "{}", invited.text);
    let mails = app.quiet_mails(&sink).await;
    let invitation = mails[0].token("/invitations/register/");
    let path = format!("/events/{slug}/register?invitation={invitation}");
    let page = Html::parse_document(&app.get(&path).await.text);
    assert_eq!(
        attr(&page, "#email", "value"),
        Some("mayor@kutaisi.example.org")
    );
    assert_eq!(attr(&page, "#name", "value"), Some("Giorgi Maisuradze"));
    assert!(
        attr(
            &page,
            "#organisation_type option[value=ministry][selected]",
            "value"
        )
        .is_some()
    );
    assert!(attr(&page, "#language-4[checked]", "value").is_some(), "fr");
    assert_eq!(
        attr(&page, "input[name=invitation]", "value"),
        Some(invitation.as_str())
    );

    let unknown = app
        .get(&format!(
            "/events/{slug}/register?invitation=no-such-invitation-token"
        ))
        .await;
    let en = dialogo::i18n::Locale::parse("en").unwrap();
    assert!(unknown.text.contains(&en.text("form-invitation-unknown")));

    let token = app.form_token(&path).await;
    let mut fields: Vec<(&str, &str)> =
        with(&[("email", "mayor@kutaisi.example.org"), ("language", "fr")]);
    fields.push(("invitation", invitation.as_str()));
    let reply = app.post_form_with(&path, &token, &fields, "fr").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        statuses(&app, &id).await,
        [(
            "mayor@kutaisi.example.org".to_owned(),
            "confirmed".to_owned()
        )]
    );
}
