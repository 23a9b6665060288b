//! No link token reaches the log: every link of every mail kind is opened and used against a
//! real `dialogo serve`, whose log is then searched for the tokens.

use serde_json::json;

use crate::form_support::token_cookie;
use crate::helpers::{Backend, berlin_webinar};
use crate::registration_flow::registrant;
use crate::security_process::{Served, database_for};

crate::for_both_backends!(no_link_token_is_logged_when_links_are_opened_and_used);

async fn no_link_token_is_logged_when_links_are_opened_and_used(backend: Backend) {
    let (_database, settings) = database_for(backend);
    let served = Served::start(&settings);
    let client = reqwest::Client::new();
    let admin = |request: reqwest::RequestBuilder| request.bearer_auth(&served.admin_token);
    let created = admin(client.post(served.url("/api/v1/admin/events")))
        .json(&berlin_webinar())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let event: serde_json::Value = created.json().await.unwrap();
    let event_id = event["id"].as_str().unwrap();
    let published =
        admin(client.post(served.url(&format!("/api/v1/admin/events/{event_id}/publish"))))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
    assert_eq!(published.status(), 200);

    let mut tokens = Vec::new();
    // Opens a link page, then presses its button; both must answer with a page.
    let open_and_use = |path: String, form: Vec<(&'static str, &'static str)>| {
        let client = client.clone();
        let url = served.url(&path);
        async move {
            let page = client.get(&url).send().await.unwrap();
            assert_eq!(page.status(), 200, "GET {url}");
            let token = token_cookie(page.headers()).expect("a form token");
            let mut form: Vec<(&str, &str)> = form;
            form.push(("csrf_token", token.value.as_str()));
            let done = client
                .post(&url)
                .header(reqwest::header::COOKIE, &token.cookie)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(
                done.status(),
                200,
                "POST {url}: {}",
                done.text().await.unwrap()
            );
        }
    };

    // A subscriber confirms, is invited, registers through the invitation, declines and
    // withdraws; the newsletter's unsubscribe link comes with the invitation.
    let subscribed = client
        .post(served.url("/api/v1/newsletter/subscriptions"))
        .json(
            &json!({"email": "sub@example.org", "name": "Ana Morales", "language": "en",
            "consent": true, "privacy_notice_version": "2026-03"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(subscribed.status(), 202);
    let confirm = served.token_after("/newsletter/confirm/").await;
    open_and_use(format!("/newsletter/confirm/{confirm}"), vec![]).await;
    tokens.push(confirm);
    let invited =
        admin(client.post(served.url(&format!("/api/v1/admin/events/{event_id}/invitations"))))
            .json(&json!({"subscribers": {}}))
            .send()
            .await
            .unwrap();
    assert_eq!(invited.status(), 202, "{}", invited.text().await.unwrap());
    let register = served.token_after("/invitations/register/").await;
    open_and_use(
        format!("/invitations/register/{register}"),
        vec![
            ("name", "Ana Morales"),
            ("email", "sub@example.org"),
            ("organisation", "City of Kutaisi"),
            ("organisation_type", "municipality"),
            ("country", "GE"),
            ("language", "en"),
            ("consent", "true"),
        ],
    )
    .await;
    let decline = served.token_after("/invitations/decline/").await;
    open_and_use(format!("/invitations/decline/{decline}"), vec![]).await;
    let withdraw = served.token_after("/registrations/withdraw/").await;
    open_and_use(format!("/registrations/withdraw/{withdraw}"), vec![]).await;
    let unsubscribe = served.token_after("/newsletter/unsubscribe/").await;
    open_and_use(
        format!("/newsletter/unsubscribe/{unsubscribe}"),
        vec![("List-Unsubscribe", "One-Click")],
    )
    .await;
    tokens.extend([register, decline, withdraw, unsubscribe]);

    // A registrant confirms by link.
    let registered = client
        .post(served.url(&format!("/api/v1/events/{event_id}/registrations")))
        .json(&registrant("reg@example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), 202);
    let confirm = served.token_after("/registrations/confirm/").await;
    open_and_use(format!("/registrations/confirm/{confirm}"), vec![]).await;
    // Used links, a mangled one, and tokens in a query are not logged either.
    for path in [
        format!("/registrations/confirm/{confirm}"),
        format!("/registrations/confirm/{confirm}/trailing"),
        format!("/registrations/%63onfirm/{confirm}"),
        format!("/api/v1/events?token={confirm}"),
    ] {
        client.get(served.url(&path)).send().await.unwrap();
    }
    tokens.push(confirm);

    // A request is logged once its response is sent: wait for the last ones' lines.
    let log = served
        .log_when(|log| log.lines().filter(|l| l.contains(" request ")).count() >= 20)
        .await;
    assert!(
        log.contains("[redacted]") || log.contains("{token}"),
        "{log}"
    );
    for token in &tokens {
        assert!(!log.contains(token.as_str()), "a token was logged: {log}");
        assert!(
            !log.contains(&token[..16]),
            "part of a token was logged: {log}"
        );
    }
}
