//! Subscribing with double opt-in, the consent record, and one-click unsubscribe, checked
//! through the mails that arrive at a real SMTP server.

use diesel::RunQueryDsl;
use serde_json::{Value, json};

use crate::for_both_backends;
use crate::helpers::{Api, Backend, Reply, TestApp};
use crate::registration_flow::{Mail, WAIT, app_with_sink, parse_mails};
use crate::smtp_sink::SmtpSink;

for_both_backends!(
    double_opt_in_then_one_click_unsubscribe_round_trip,
    subscribing_again_reveals_nothing,
    bad_subscriptions_and_bad_tokens_change_nothing,
);

pub fn subscription(email: &str, language: &str) -> Value {
    json!({
        "email": email,
        "name": "Ana Morales",
        "language": language,
        "topics": ["e-governance"],
        "consent": true,
        "privacy_notice_version": "2026-03"
    })
}

pub async fn subscribe(app: &Api, body: &Value) -> Reply {
    app.send(
        app.client
            .post(app.url("/api/v1/newsletter/subscriptions"))
            .json(body),
    )
    .await
}

/// The first `/newsletter/{action}/TOKEN` link in a mail: the whole URL and the token.
pub fn link(mail: &Mail, action: &str) -> (String, String) {
    mail.link(&format!("/newsletter/{action}/"))
}

/// The path of an absolute link, to request it from the test server.
pub fn path_of(url: &str) -> String {
    url.trim_start_matches("https://events.example.org")
        .to_owned()
}

/// Ends the subscriber's subscription as their unsubscribe link would.
pub async fn unsubscribe(app: &TestApp, subscriber_id: &str) {
    let (pool, id) = (app.app_state.pool.clone(), subscriber_id.to_owned());
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let subscriber = dialogo::db::models::Subscriber::find(&mut conn, &id)
            .unwrap()
            .expect("a subscriber");
        let origin = dialogo::newsletter::Origin {
            source: "unsubscribe_link",
            ip_address: None,
        };
        dialogo::newsletter::end_subscription(&mut conn, &subscriber, origin).unwrap();
    })
    .await
    .unwrap();
}

pub async fn subscriber_status(app: &TestApp, email: &str) -> Option<String> {
    let reply = app.admin_get("/api/v1/admin/newsletter/subscribers").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["email"] == email)
        .map(|s| s["status"].as_str().unwrap().to_owned())
}

async fn token_action(app: &TestApp, action: &str, token: &str) -> Reply {
    app.send(
        app.client
            .post(app.url(&format!("/api/v1/newsletter/{action}")))
            .json(&json!({"token": token})),
    )
    .await
}

async fn only_mail(sink: &SmtpSink, count: usize) -> Mail {
    parse_mails(&sink.wait_for(count, WAIT).await)
        .pop()
        .expect("a mail")
}

async fn double_opt_in_then_one_click_unsubscribe_round_trip(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let reply = subscribe(&app, &subscription("ana@example.org", "de")).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    assert_eq!(
        subscriber_status(&app, "ana@example.org").await.as_deref(),
        Some("pending")
    );

    let opt_in = only_mail(&sink, 1).await;
    assert_eq!(opt_in.to, "ana@example.org");
    assert!(
        opt_in.subject.contains("Newsletter-Abonnement"),
        "{}",
        opt_in.subject
    );
    let (confirm_url, confirm_token) = link(&opt_in, "confirm");
    assert!(confirm_url.starts_with("https://events.example.org/newsletter/confirm/"));

    // Following the link (as a mail scanner would) only shows a page with a button.
    let page = app.get(&path_of(&confirm_url)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("<form method=\"post\">"),
        "{}",
        page.text
    );
    assert_eq!(
        subscriber_status(&app, "ana@example.org").await.as_deref(),
        Some("pending")
    );

    let confirmed = token_action(&app, "confirm", &confirm_token).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    assert_eq!(confirmed.body["status"], "confirmed");
    let reused = token_action(&app, "confirm", &confirm_token).await;
    assert_eq!((reused.status, reused.code()), (409, "token_used"));

    // An issue reaches her with RFC 8058 headers and the link in its footer.
    let issue = app
        .admin_post(
            "/api/v1/admin/newsletter/issues",
            &json!({
                "subject": {"de": "Neues aus dem Dialog", "en": "News from the dialogue"},
                "body": {"de": "## Rückblick\n\nDanke!", "en": "## Looking back\n\nThanks!"},
                "fallback_language": "en"
            }),
        )
        .await;
    assert_eq!(issue.status, 201, "{}", issue.text);
    let id = issue.body["id"].as_str().unwrap();
    let sent = app
        .admin_post(
            &format!("/api/v1/admin/newsletter/issues/{id}/send"),
            &json!({}),
        )
        .await;
    assert_eq!(sent.status, 202, "{}", sent.text);
    let raw = sink.wait_for(2, WAIT).await;
    let message = mail_parser::MessageParser::default()
        .parse(&raw[1])
        .unwrap();
    let header = |name: &str| {
        message
            .header_raw(name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .trim()
            .to_owned()
    };
    assert_eq!(
        header("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    let list_unsubscribe = header("List-Unsubscribe");
    let issue_mail = parse_mails(&raw[1..]).pop().unwrap();
    assert_eq!(issue_mail.subject, "Neues aus dem Dialog");
    assert!(
        issue_mail.html.contains("<h2>Rückblick</h2>"),
        "{}",
        issue_mail.html
    );
    let (unsubscribe_url, unsubscribe_token) = link(&issue_mail, "unsubscribe");
    assert_eq!(list_unsubscribe, format!("<{unsubscribe_url}>"));
    assert!(
        issue_mail.html.contains(&unsubscribe_url),
        "footer link in the HTML part"
    );

    // A GET of the unsubscribe URL changes nothing.
    let page = app.get(&path_of(&unsubscribe_url)).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text
            .contains("name=\"List-Unsubscribe\" value=\"One-Click\""),
        "{}",
        page.text
    );
    assert_eq!(
        subscriber_status(&app, "ana@example.org").await.as_deref(),
        Some("confirmed")
    );

    // The one-click POST, as a mail client sends it, unsubscribes at once.
    let one_click = app
        .send(
            app.client
                .post(app.url(&path_of(&unsubscribe_url)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click"),
        )
        .await;
    assert_eq!(one_click.status, 200, "{}", one_click.text);
    assert_eq!(
        subscriber_status(&app, "ana@example.org").await.as_deref(),
        Some("unsubscribed")
    );
    let again = token_action(&app, "unsubscribe", &unsubscribe_token).await;
    assert_eq!((again.status, again.code()), (409, "token_used"));

    // The consent record tells the whole story, with the notice version.
    let list = app.admin_get("/api/v1/admin/newsletter/subscribers").await;
    let subscriber_id = list.body["items"][0]["id"].as_str().unwrap();
    let detail = app
        .admin_get(&format!(
            "/api/v1/admin/newsletter/subscribers/{subscriber_id}"
        ))
        .await;
    let actions: Vec<&str> = detail.body["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["subscribe", "confirm", "unsubscribe"]);
    assert_eq!(
        detail.body["consents"][1]["privacy_notice_version"],
        "2026-03"
    );
    assert_eq!(detail.body["consents"][2]["source"], "unsubscribe_link");
    let csv = app
        .admin_get("/api/v1/admin/newsletter/consents?format=csv")
        .await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.text.lines().count(), 4, "{}", csv.text);
}

async fn subscribing_again_reveals_nothing(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let first = subscribe(&app, &subscription("ana@example.org", "en")).await;
    let second = subscribe(&app, &subscription("ANA@example.org", "en")).await;
    assert_eq!((first.status, second.status), (202, 202));
    assert_eq!(first.body, second.body);
    // A pending address gets the opt-in again at most every ten minutes.
    let mails = app.quiet_mails(&sink).await;
    assert_eq!(
        mails.len(),
        1,
        "a second opt-in mail within the resend interval"
    );
    let opt_in = mails[0].clone();
    let list = app.admin_get("/api/v1/admin/newsletter/subscribers").await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        1,
        "one row per address"
    );

    let (_, token) = link(&opt_in, "confirm");
    assert_eq!(token_action(&app, "confirm", &token).await.status, 200);
    let third = subscribe(&app, &subscription("ana@example.org", "en")).await;
    assert_eq!((third.status, &third.body), (202, &first.body));
    assert_eq!(
        subscriber_status(&app, "ana@example.org").await.as_deref(),
        Some("confirmed")
    );

    // After unsubscribing, subscribing starts a new opt-in with a new mail.
    let subscriber_id = list.body["items"][0]["id"].as_str().unwrap().to_owned();
    unsubscribe(&app, &subscriber_id).await;
    let fourth = subscribe(&app, &subscription("ana@example.org", "fr")).await;
    assert_eq!((fourth.status, &fourth.body), (202, &first.body));
    let new_opt_in = parse_mails(&sink.wait_for(2, WAIT).await).pop().unwrap();
    assert!(
        new_opt_in.subject.contains("abonnement"),
        "French now: {}",
        new_opt_in.subject
    );
    assert_eq!(
        subscriber_status(&app, "ana@example.org").await.as_deref(),
        Some("pending")
    );
    // The old confirmation link was used up; the new one works.
    assert_eq!(token_action(&app, "confirm", &token).await.status, 409);
    let (_, new_token) = link(&new_opt_in, "confirm");
    assert_eq!(token_action(&app, "confirm", &new_token).await.status, 200);
    assert_eq!(app.quiet_mails(&sink).await.len(), 2, "one new opt-in mail");
}

async fn bad_subscriptions_and_bad_tokens_change_nothing(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    let cases: [(&str, Value, u16, &str); 7] = [
        ("email", json!("not-an-address"), 422, "email"),
        ("consent", json!(false), 422, "consent"),
        ("language", json!("it"), 422, "language"),
        (
            "privacy_notice_version",
            json!(""),
            422,
            "privacy_notice_version",
        ),
        ("topics", json!(["Not A Tag"]), 422, "topics[0]"),
        ("name", json!("Ana\r\nBcc: x@example.org"), 422, "name"),
        ("unexpected", json!(1), 422, "unexpected"),
    ];
    for (field, value, status, path) in cases {
        let mut body = subscription("ana@example.org", "en");
        body[field] = value;
        let reply = subscribe(&app, &body).await;
        assert_eq!(
            (reply.status, reply.field()),
            (status, path),
            "{field}: {}",
            reply.text
        );
    }
    let malformed = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/subscriptions"))
                .header("Content-Type", "application/json")
                .body("{\"email\":"),
        )
        .await;
    assert_eq!(
        (malformed.status, malformed.code()),
        (400, "malformed_json")
    );
    assert_eq!(subscriber_status(&app, "ana@example.org").await, None);

    let unknown = token_action(&app, "confirm", "no-such-token").await;
    assert_eq!(unknown.status, 404, "{}", unknown.text);
    let unknown_page = app.get("/newsletter/unsubscribe/no-such-token").await;
    assert_eq!(unknown_page.status, 404);

    // An expired confirmation link.
    assert_eq!(
        subscribe(&app, &subscription("bo@example.org", "en"))
            .await
            .status,
        202
    );
    let opt_in = only_mail(&sink, 1).await;
    let (_, token) = link(&opt_in, "confirm");
    let pool = app.app_state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        diesel::sql_query("UPDATE action_tokens SET expires_at = created_at")
            .execute(&mut conn)
            .unwrap();
    })
    .await
    .unwrap();
    let expired = token_action(&app, "confirm", &token).await;
    assert_eq!((expired.status, expired.code()), (410, "token_expired"));
    assert_eq!(
        subscriber_status(&app, "bo@example.org").await.as_deref(),
        Some("pending")
    );

    // A confirmation token does not unsubscribe, nor the other way round.
    let wrong_purpose = token_action(&app, "unsubscribe", &token).await;
    assert_eq!(wrong_purpose.status, 404);
    // An address never confirmed is forgotten after the retention period; Bo's is recent.
    let pool = app.app_state.pool.clone();
    let cutoff = dialogo::db::now() - app.app_state.settings.retention.unconfirmed_subscribers;
    let forgotten = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let recent = dialogo::newsletter::forget_unconfirmed(&mut conn, cutoff).unwrap();
        diesel::sql_query("UPDATE subscribers SET updated_at = created_at - INTERVAL '31 days'")
            .execute(&mut conn)
            .or_else(|_| {
                diesel::sql_query(
                    "UPDATE subscribers SET updated_at = datetime(created_at, '-31 days')",
                )
                .execute(&mut conn)
            })
            .unwrap();
        (
            recent,
            dialogo::newsletter::forget_unconfirmed(&mut conn, cutoff).unwrap(),
        )
    })
    .await
    .unwrap();
    assert_eq!(forgotten, (0, 1));

    assert_eq!(subscriber_status(&app, "bo@example.org").await, None);
    let outbox = app.admin_get("/api/v1/admin/outbox").await;
    assert_eq!(
        outbox.body["items"].as_array().unwrap().len(),
        1,
        "only bo's opt-in mail"
    );
}
