//! The console's newsletter issues, on the API's service code: an issue written with every
//! refusal beside its field and nothing written, a written one shown as its mails render it,
//! a test copy to the signed-in account, a draft changed and deleted, and a viewer who sees no
//! buttons and may not act. Sending, pausing and cancelling are in
//! `console_newsletter_sending.rs`, which shares the helpers here.

use scraper::Html;
use serde_json::json;

use dialogo::db::models::User;
use dialogo::mail::OutboxMail;

use crate::console_ops::{recorded, signed_in, token_of};
use crate::console_support::{Browser, location};
use crate::helpers::TestApp;
use crate::newsletter_issues::create_issue;
use crate::on_both_backends;
use crate::public_pages::select;

on_both_backends!(
    a_refused_issue_shows_each_refusal_beside_its_field_and_nothing_is_written,
    a_written_issue_is_kept_and_shown_as_its_mails_render_it,
    a_test_copy_goes_to_the_signed_in_accounts_own_address,
    a_draft_is_changed_and_deleted_from_the_console,
    a_viewer_sees_no_buttons_and_may_not_act,
);

/// The issues the API lists.
pub async fn issue_count(app: &TestApp) -> usize {
    let reply = app.admin_get("/api/v1/admin/newsletter/issues").await;
    reply.body["items"].as_array().unwrap().len()
}

/// An editor signed in, and the issue the console's form created in English and Spanish;
/// its id.
pub async fn written_issue(app: &TestApp, email: &str) -> (User, Browser, String) {
    let (user, browser) = signed_in(app, email, "newsletter_editor").await;
    let reply = browser
        .submit(
            "/console/newsletter/new",
            &[
                ("fallback_language", "en"),
                ("subject-en", "Programme news"),
                ("body-en", "Hello **all**.\n\n<script>alert(1)</script>"),
                ("subject-es", "Noticias del programa"),
                ("body-es", "Hola **a todos**."),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    let to = location(&reply);
    assert!(to.ends_with("?done=created"), "{to}");
    let id = to
        .trim_start_matches("/console/newsletter/")
        .trim_end_matches("?done=created")
        .to_owned();
    (user, browser, id)
}

async fn a_refused_issue_shows_each_refusal_beside_its_field_and_nothing_is_written(app: TestApp) {
    let (_, browser) = signed_in(&app, "editor@example.org", "newsletter_editor").await;
    let form = browser.get("/console/newsletter/new").await;
    assert_eq!(form.status, 200, "{}", form.text);
    for name in ["fallback_language", "subject-de", "body-pt", "topics"] {
        assert!(form.text.contains(&format!("name=\"{name}\"")), "{name}");
    }
    let reply = browser
        .submit(
            "/console/newsletter/new",
            &[
                ("fallback_language", "fr"),
                ("subject-en", "Programme news"),
                ("body-de", "Nur ein Text"),
                ("topics", "Not a tag!"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    let page = Html::parse_document(&reply.text);
    for (field, target) in [
        ("body-en", "body-en"),
        ("subject-de", "subject-de"),
        ("fallback_language", "fallback_language-1"),
        ("topics", "topics"),
    ] {
        assert_eq!(
            select(&page, &format!("#{field}-error")).len(),
            1,
            "{field}: {}",
            reply.text
        );
        assert_eq!(
            select(&page, &format!("#error-summary a[href='#{target}']")).len(),
            1,
            "{target}"
        );
    }
    assert!(reply.text.contains("Fill in this field."));
    assert!(reply.text.contains("in the fallback language"));
    assert!(reply.text.contains("value=\"Programme news\""), "kept");
    assert!(reply.text.contains(">Nur ein Text</textarea>"), "kept");
    assert_eq!(issue_count(&app).await, 0, "nothing written");

    let empty = browser.submit("/console/newsletter/new", &[]).await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    let page = Html::parse_document(&empty.text);
    assert_eq!(
        select(&page, "#subject-en-error").len(),
        1,
        "{}",
        empty.text
    );
    assert_eq!(issue_count(&app).await, 0);
}

async fn a_written_issue_is_kept_and_shown_as_its_mails_render_it(app: TestApp) {
    let (_, browser, id) = written_issue(&app, "editor@example.org").await;
    let issue = app
        .admin_get(&format!("/api/v1/admin/newsletter/issues/{id}"))
        .await;
    assert_eq!(issue.status, 200, "{}", issue.text);
    assert_eq!(issue.body["status"], "draft");
    assert_eq!(issue.body["subject"]["es"], "Noticias del programa");
    assert_eq!(issue.body["fallback_language"], "en");

    let shown = browser
        .get(&format!("/console/newsletter/{id}?done=created"))
        .await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert!(
        shown.text.contains("Hello <strong>all</strong>."),
        "{}",
        shown.text
    );
    assert!(shown.text.contains("Hola <strong>a todos</strong>."));
    assert!(shown.text.contains("&lt;script&gt;"), "raw HTML stays text");
    assert!(!shown.text.contains("<script>alert"));
    assert!(shown.text.contains("kept as a draft"));
    let page = Html::parse_document(&shown.text);
    assert_eq!(select(&page, "div.site-markdown[lang=es]").len(), 1);
    assert_eq!(
        select(&page, &format!("a[href='/console/newsletter/{id}/send']")).len(),
        1
    );
    assert_eq!(
        select(&page, "a[href='/console/newsletter'][aria-current=page]").len(),
        1
    );

    let list = browser.get("/console/newsletter").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let page = Html::parse_document(&list.text);
    assert_eq!(
        select(&page, &format!("a[href='/console/newsletter/{id}']")).len(),
        1
    );
    assert!(list.text.contains("Programme news"));
    assert_eq!(select(&page, "a[href='/console/newsletter/new']").len(), 1);
    assert_eq!(
        select(&page, "a[href='/console/newsletter/subscribers']").len(),
        1
    );
    let sent = browser.get("/console/newsletter?status=sent").await;
    assert!(!sent.text.contains("Programme news"), "filtered");
    let wrong = browser.get("/console/newsletter?status=lost").await;
    assert_eq!(wrong.status, 400);
}

async fn a_test_copy_goes_to_the_signed_in_accounts_own_address(app: TestApp) {
    let (user, browser, id) = written_issue(&app, "editor@example.org").await;
    let path = format!("/console/newsletter/{id}");
    let token = token_of(&browser, &path).await;
    let reply = browser
        .post(&format!("{path}/test"), &token, &[("language", "es")])
        .await;
    assert_eq!(reply.status, 303, "{}", reply.text);
    assert_eq!(location(&reply), format!("{path}?done=tested"));
    let mails = app
        .with_conn(|conn| OutboxMail::list(conn, None, None, 100).unwrap())
        .await;
    let tests: Vec<&OutboxMail> = mails
        .iter()
        .filter(|m| m.kind == "newsletter_test")
        .collect();
    assert_eq!(tests.len(), 1, "{mails:?}");
    assert_eq!(tests[0].recipient, user.email);
    assert!(tests[0].subject.contains("Noticias del programa"));
    let shown = browser.get(location(&reply)).await;
    assert!(shown.text.contains("test copy is queued"));
}

async fn a_draft_is_changed_and_deleted_from_the_console(app: TestApp) {
    let (_, browser, id) = written_issue(&app, "editor@example.org").await;
    let edit = format!("/console/newsletter/{id}/edit");
    let form = browser.get(&edit).await;
    assert_eq!(form.status, 200, "{}", form.text);
    assert!(form.text.contains("value=\"Noticias del programa\""));
    let saved = browser
        .submit(
            &edit,
            &[
                ("fallback_language", "en"),
                ("subject-en", "Programme news, revised"),
                ("body-en", "Hello *again*."),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text);
    let issue = app
        .admin_get(&format!("/api/v1/admin/newsletter/issues/{id}"))
        .await;
    assert_eq!(
        issue.body["subject"],
        json!({"en": "Programme news, revised"})
    );

    // The API changes a draft through the same function.
    let body = json!({"subject": {"en": "By the API"}, "body": {"en": "Text"}});
    let put = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/admin/newsletter/issues/{id}")))
                .bearer_auth(&app.admin_token)
                .json(&body),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text);
    assert_eq!(put.body["subject"]["en"], "By the API");

    let delete = format!("/console/newsletter/{id}/delete");
    let confirm = browser.get(&delete).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(confirm.text.contains("By the API"));
    let token = token_of(&browser, &delete).await;
    let deleted = browser.post(&delete, &token, &[]).await;
    assert_eq!(deleted.status, 303, "{}", deleted.text);
    assert_eq!(location(&deleted), "/console/newsletter?done=deleted");
    assert_eq!(issue_count(&app).await, 0);
}

async fn a_viewer_sees_no_buttons_and_may_not_act(app: TestApp) {
    let id = create_issue(
        &app,
        &json!({"subject": {"en": "Programme news"}, "body": {"en": "Hello **all**."}}),
    )
    .await;
    let (viewer, browser) = signed_in(&app, "viewer@example.org", "viewer").await;
    let path = format!("/console/newsletter/{id}");
    let shown = browser.get(&path).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert!(shown.text.contains("Hello <strong>all</strong>."));
    let page = Html::parse_document(&shown.text);
    assert_eq!(
        select(&page, "main form").len(),
        1,
        "only signing out: {}",
        shown.text
    );
    assert_eq!(select(&page, &format!("main a[href^='{path}/']")).len(), 0);
    let list = browser.get("/console/newsletter").await;
    assert!(!list.text.contains("/console/newsletter/new"));
    let token = token_of(&browser, &path).await;
    for action in ["send", "pause", "cancel", "delete", "test", "edit"] {
        let reply = browser.post(&format!("{path}/{action}"), &token, &[]).await;
        assert_eq!(reply.status, 403, "{action}: {}", reply.text);
        assert!(
            reply.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }
    let new = browser.get("/console/newsletter/new").await;
    assert_eq!(new.status, 403);
    assert!(
        recorded(&app, &viewer)
            .await
            .iter()
            .all(|a| !a.starts_with("issue_"))
    );
    let issue = app
        .admin_get(&format!("/api/v1/admin/newsletter/issues/{id}"))
        .await;
    assert_eq!(issue.body["status"], "draft");
}
