//! The client behind a reverse proxy: only a trusted proxy's forwarding headers count, for
//! the rate limit and for the consent record; and one-click unsubscribes are never refused
//! for the limit.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::newsletter_flow::subscription;
use crate::security_support::unsubscribe_token;

for_both_backends!(
    a_trusted_proxys_clients_have_their_own_limits_and_consent_records,
    without_trust_forwarding_headers_change_nothing,
    one_click_unsubscribe_is_never_refused_for_the_limit,
);

/// A junk confirmation from `client` (as forwarded); its status.
async fn junk_confirm(app: &TestApp, forwarded_for: Option<&str>) -> u16 {
    let mut request = app
        .client
        .post(app.url("/api/v1/registrations/confirm"))
        .json(&json!({"token": "junk"}));
    if let Some(client) = forwarded_for {
        request = request.header("X-Forwarded-For", client);
    }
    app.send(request).await.status
}

async fn limited(backend: Backend, trusted: &str) -> Option<TestApp> {
    spawn_app_with(
        backend,
        &[
            ("DIALOGO_RATE_LIMIT_PER_MINUTE", "5".into()),
            ("DIALOGO_TRUSTED_PROXIES", trusted.into()),
        ],
    )
    .await
}

async fn a_trusted_proxys_clients_have_their_own_limits_and_consent_records(backend: Backend) {
    let Some(app) = limited(backend, "127.0.0.1, 10.0.0.0/8").await else {
        return;
    };
    for _ in 0..5 {
        assert_eq!(junk_confirm(&app, Some("203.0.113.7")).await, 404);
    }
    assert_eq!(junk_confirm(&app, Some("203.0.113.7")).await, 429);
    // Another client of the same proxy has its own allowance, however its chain reads.
    assert_eq!(junk_confirm(&app, Some("198.51.100.20")).await, 404);
    assert_eq!(
        junk_confirm(&app, Some("203.0.113.7, 198.51.100.21, 10.1.1.1")).await,
        404,
        "the right-most address that is no trusted proxy is the client"
    );

    // The consent record keeps the client's address, not the proxy's.
    let subscribed = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/subscriptions"))
                .header("Forwarded", r#"for="[2001:db8::7]:4711";proto=https"#)
                .json(&subscription("ana@example.org", "en")),
        )
        .await;
    assert_eq!(subscribed.status, 202, "{}", subscribed.text);
    let export = app
        .admin_get("/api/v1/admin/people?email=ana@example.org")
        .await;
    let consent = &export.body["subscriptions"][0]["consents"][0];
    assert_eq!(consent["ip_address"], "2001:db8::7", "{}", export.text);
}

async fn without_trust_forwarding_headers_change_nothing(backend: Backend) {
    let Some(app) = limited(backend, "").await else {
        return;
    };
    // A client cannot buy allowance by claiming other addresses.
    for n in 0..5 {
        assert_eq!(
            junk_confirm(&app, Some(&format!("203.0.113.{n}"))).await,
            404
        );
    }
    assert_eq!(junk_confirm(&app, Some("198.51.100.1")).await, 429);
    assert_eq!(junk_confirm(&app, None).await, 429);
    let subscribed = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/subscriptions"))
                .header("X-Forwarded-For", "203.0.113.99")
                .json(&subscription("ben@example.org", "en")),
        )
        .await;
    // Subscribing is limited too; the limit has been used up.
    assert_eq!(subscribed.status, 429);
}

async fn one_click_unsubscribe_is_never_refused_for_the_limit(backend: Backend) {
    let Some(app) = limited(backend, "").await else {
        return;
    };
    let subscribed = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/subscriptions"))
                .json(&subscription("ana@example.org", "en")),
        )
        .await;
    assert_eq!(subscribed.status, 202);
    // The mail provider's address has sent 31 junk requests.
    for _ in 0..31 {
        junk_confirm(&app, None).await;
    }
    assert_eq!(junk_confirm(&app, None).await, 429);
    let expires = dialogo::db::now() + chrono::TimeDelta::days(1);
    let token = unsubscribe_token(&app, "ana@example.org", expires).await;
    let one_click = app
        .send(
            app.client
                .post(app.url(&format!("/newsletter/unsubscribe/{token}")))
                .form(&[("List-Unsubscribe", "One-Click")]),
        )
        .await;
    assert_eq!(one_click.status, 200, "{}", one_click.text);
    let export = app
        .admin_get("/api/v1/admin/people?email=ana@example.org")
        .await;
    assert_eq!(export.body["subscriptions"][0]["status"], "unsubscribed");
}
