//! Every form the pages POST carries a form token that must equal its cookie: without it, or
//! with another, the answer is a page in the reader's language saying the form expired (403)
//! and nothing is written. The RFC 8058 one-click unsubscribe needs none. The public-write
//! rate limit holds for the forms as for the API.

use scraper::Html;

use crate::for_both_backends;
use crate::form_support::{FormToken, token_cookie, token_fields};
use crate::helpers::{Backend, Reply, berlin_webinar, spawn_app_with};
use crate::newsletter_flow::subscriber_status;
use crate::public_pages::select;
use crate::register_page::{FILLED, outbox_total};
use crate::registration_flow::{app_with_sink, register, registrant, token};
use crate::security_support::{newest_link_mail, statuses};

for_both_backends!(
    pages_with_forms_hand_out_a_token_in_a_host_only_cookie_and_their_forms,
    forms_without_their_token_are_refused_on_a_page_and_write_nothing,
    the_forms_are_rate_limited_as_the_api_is,
);

fn assert_expired(reply: &Reply, language: &str, what: &str) {
    assert_eq!(reply.status, 403, "{what}: {}", reply.text);
    let page = Html::parse_document(&reply.text);
    let html = select(&page, "html");
    assert_eq!(html[0].value().attr("lang"), Some(language), "{what}");
    let t = dialogo::i18n::Locale::parse(language).unwrap();
    assert!(reply.text.contains(&t.text("form-expired-text")), "{what}");
}

async fn pages_with_forms_hand_out_a_token_in_a_host_only_cookie_and_their_forms(backend: Backend) {
    let Some((app, _sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let slug = app.publish_event(&berlin_webinar()).await["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in [format!("/events/{slug}/register"), "/newsletter".to_owned()] {
        let reply = app.get(&path).await;
        assert_eq!(reply.status, 200, "{path}");
        let set = reply.headers["set-cookie"].to_str().unwrap().to_owned();
        // The tests' public URL is https: Secure, and a name no subdomain can set.
        assert!(set.starts_with("__Host-dialogo_csrf="), "{set}");
        for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
            assert!(set.contains(part), "{path}: {set}");
        }
        let token = token_cookie(&reply.headers).unwrap();
        assert!(
            token.value.len() >= 43,
            "at least 128 bits: {}",
            token.value
        );
        assert_eq!(token_fields(&reply.text), vec![token.value.clone()]);
        assert!(
            reply.headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("no-store"),
            "{path}"
        );
        // A browser that holds one keeps it.
        let again = app
            .send(
                app.client
                    .get(app.url(&path))
                    .header("Cookie", &token.cookie),
            )
            .await;
        assert!(again.headers.get("set-cookie").is_none(), "{path}");
        assert_eq!(token_fields(&again.text), vec![token.value.clone()]);
    }
}

async fn forms_without_their_token_are_refused_on_a_page_and_write_nothing(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let (id, slug) = (
        event["id"].as_str().unwrap(),
        event["slug"].as_str().unwrap(),
    );
    let register_path = format!("/events/{slug}/register");
    let good = app.form_token(&register_path).await;
    let other = app.form_token("/newsletter").await;
    let forged = FormToken {
        cookie: good.cookie.clone(),
        value: other.value.clone(),
    };
    let no_cookie = FormToken {
        cookie: String::new(),
        value: good.value.clone(),
    };
    for (path, fields) in [
        (register_path.as_str(), FILLED.to_vec()),
        (
            "/newsletter",
            vec![("email", "ana@example.org"), ("consent", "true")],
        ),
    ] {
        // No token at all, a cross-site POST as a browser sends it.
        let bare = app
            .send(
                app.client
                    .post(app.url(path))
                    .header("Accept-Language", "de")
                    .form(&fields),
            )
            .await;
        assert_expired(&bare, "de", path);
        for (token, what) in [(&forged, "another token"), (&no_cookie, "no cookie")] {
            let reply = app.post_form_with(path, token, &fields, "pt").await;
            assert_expired(&reply, "pt", what);
        }
    }
    assert!(statuses(&app, id).await.is_empty());
    assert_eq!(subscriber_status(&app, "ana@example.org").await, None);
    assert_eq!(outbox_total(&app).await, 0);

    // A link page's button without its token confirms nobody; with it, it does.
    assert_eq!(
        register(&app, id, &registrant("ben@example.org"))
            .await
            .status,
        202
    );
    let mail = newest_link_mail(&sink, "ben@example.org", "confirm").await;
    let confirm = format!("/registrations/confirm/{}", token(&mail, "confirm"));
    let bare = app.send(app.client.post(app.url(&confirm))).await;
    assert_expired(&bare, "en", "link page");
    assert_eq!(
        statuses(&app, id).await,
        [("ben@example.org".to_owned(), "pending".to_owned())]
    );
    assert_eq!(app.post_form(&confirm, &[]).await.status, 200);
    assert_eq!(statuses(&app, id).await[0].1, "confirmed");
    // The unsubscribe page's form carries the token too, though the one-click POST that
    // mail clients send needs none (see newsletter_flow); any other POST there does.
    let bare = app
        .send(
            app.client
                .post(app.url("/newsletter/unsubscribe/some-token-0123456789")),
        )
        .await;
    assert_expired(&bare, "en", "unsubscribe without one-click");
}

async fn the_forms_are_rate_limited_as_the_api_is(backend: Backend) {
    let limit = [("DIALOGO_RATE_LIMIT_PER_MINUTE", "2".to_owned())];
    let Some(app) = spawn_app_with(backend, &limit).await else {
        return;
    };
    let token = app.form_token("/newsletter").await;
    for _ in 0..2 {
        let reply = app.post_form_with("/newsletter", &token, &[], "en").await;
        assert_eq!(reply.status, 422, "{}", reply.text);
    }
    let reply = app.post_form_with("/newsletter", &token, &[], "fr").await;
    assert_eq!(reply.status, 429, "{}", reply.text);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let fr = dialogo::i18n::Locale::parse("fr").unwrap();
    assert!(
        reply.text.contains(&fr.text("link-too-many")),
        "{}",
        reply.text
    );
}
