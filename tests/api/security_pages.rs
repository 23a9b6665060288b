//! Every link a person clicks ends on a readable page in their language — used, expired,
//! unknown or closed links, and requests refused on the way — with the right status; never
//! on a JSON error.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, Reply, TestApp, spawn_app_with};
use crate::registration_flow::{act, app_with_sink, register, registrant, token};
use crate::security_support::{event_with_seats, newest_link_mail, unsubscribe_token};

for_both_backends!(links_that_do_not_work_end_on_pages_in_the_holders_language);

fn assert_page(reply: &Reply, status: u16, says: &str, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text);
    let content_type = reply.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("text/html"),
        "{what}: {content_type}"
    );
    assert!(reply.text.contains("<html lang="), "{what}: {}", reply.text);
    assert!(
        reply.text.contains(says),
        "{what} should say {says:?}: {}",
        reply.text
    );
}

async fn get_in(app: &TestApp, path: &str, language: &str) -> Reply {
    app.send(
        app.client
            .get(app.url(path))
            .header("Accept-Language", language),
    )
    .await
}

/// Presses the page's button, with the form token the page gave.
async fn post_in(app: &TestApp, path: &str, language: &str) -> Reply {
    let token = app.form_token(path).await;
    app.post_form_with(path, &token, &[], language).await
}

async fn links_that_do_not_work_end_on_pages_in_the_holders_language(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    // Unknown tokens, and no token at all: the browser's language.
    for prefix in dialogo::routes::links::LINK_PAGES {
        let unknown = format!("{prefix}no-such-token-0123456789");
        let reply = get_in(&app, &unknown, "de-CH, de;q=0.9, en;q=0.5").await;
        assert_page(&reply, 404, "ungültig", &unknown);
        assert!(reply.text.contains("lang=\"de\""), "{}", reply.text);
        let reply = post_in(&app, &unknown, "fr").await;
        assert_page(&reply, 404, "n’est pas valide", &unknown);
        let bare = prefix.trim_end_matches('/');
        assert_page(
            &get_in(&app, prefix, "es").await,
            404,
            "no es válido",
            prefix,
        );
        assert_page(
            &get_in(&app, bare, "xx, es;q=0.8").await,
            404,
            "no es válido",
            bare,
        );
    }

    // A used link: the registrant's language (Spanish), whatever the browser asks for.
    let event = event_with_seats(&app, 5).await;
    let mut spanish = registrant("ana@example.org");
    spanish["language"] = json!("es");
    assert_eq!(register(&app, &event, &spanish).await.status, 202);
    let opt_in = newest_link_mail(&sink, "ana@example.org", "confirm").await;
    let confirm = format!("/registrations/confirm/{}", token(&opt_in, "confirm"));
    assert_eq!(
        act(&app, "confirm", &token(&opt_in, "confirm"))
            .await
            .status,
        200
    );
    assert_page(
        &get_in(&app, &confirm, "en").await,
        409,
        "ya se ha utilizado",
        "used GET",
    );
    assert_page(
        &post_in(&app, &confirm, "en").await,
        409,
        "ya se ha utilizado",
        "used POST",
    );

    // Closed: the event was cancelled before the withdrawal link was used… by then the seat
    // is no more; a pending registrant's confirmation link says registration is closed.
    assert_eq!(
        register(&app, &event, &registrant("ben@example.org"))
            .await
            .status,
        202
    );
    let ben = newest_link_mail(&sink, "ben@example.org", "confirm").await;
    let cancelled = app
        .admin_post(&format!("/api/v1/admin/events/{event}/cancel"), &json!({}))
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let closed = format!("/registrations/confirm/{}", token(&ben, "confirm"));
    assert_page(
        &post_in(&app, &closed, "en").await,
        409,
        "no longer possible",
        "closed",
    );

    // Expired: a subscriber's link past its time, in the subscriber's language (French).
    let subscribed = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/subscriptions"))
                .json(&crate::newsletter_flow::subscription(
                    "cleo@example.org",
                    "fr",
                )),
        )
        .await;
    assert_eq!(subscribed.status, 202);
    let yesterday = dialogo::db::now() - chrono::TimeDelta::days(1);
    let expired = unsubscribe_token(&app, "cleo@example.org", yesterday).await;
    let path = format!("/newsletter/unsubscribe/{expired}");
    assert_page(
        &get_in(&app, &path, "de").await,
        410,
        "a expiré",
        "expired GET",
    );
    assert_page(
        &post_in(&app, &path, "de").await,
        410,
        "a expiré",
        "expired POST",
    );

    // A form the server cannot read is refused on a page too.
    let reply = app
        .send(
            app.client
                .post(app.url("/invitations/register/some-token-0123456789"))
                .header("Content-Type", "application/json")
                .body("{}"),
        )
        .await;
    assert!(reply.status >= 400, "{}", reply.text);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    // Over the rate limit, the page says to wait.
    let Some(limited) =
        spawn_app_with(backend, &[("DIALOGO_RATE_LIMIT_PER_MINUTE", "1".into())]).await
    else {
        return;
    };
    post_in(&limited, "/registrations/withdraw/x0123456789", "en").await;
    let reply = post_in(&limited, "/registrations/withdraw/x0123456789", "en").await;
    assert_page(&reply, 429, "wait a minute", "rate limited");
}
