//! The console's API tokens (admin): a token created for an account works at once and its
//! secret is shown on that one answer only; a blank or taken name is refused beside the field
//! and nothing is written; a token revoked behind its confirmation stops working; each step
//! is in the audit log; no other role may open the page.

use scraper::Html;

use crate::console_ops::{recorded, signed_in, token_of};
use crate::console_support::location;
use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::public_pages::select;

on_both_backends!(
    a_token_is_shown_once_works_and_stops_working_when_revoked,
    only_an_admin_may_manage_tokens,
);

/// The answer of the events list to a request with `secret`.
async fn status_with(app: &TestApp, secret: &str) -> u16 {
    app.send(
        app.client
            .get(app.url("/api/v1/admin/events"))
            .bearer_auth(secret),
    )
    .await
    .status
}

async fn a_token_is_shown_once_works_and_stops_working_when_revoked(app: TestApp) {
    let (admin, browser) = signed_in(&app, "admin@example.org", "admin").await;
    let (coordinator, _) = signed_in(&app, "coordinator@example.org", "coordinator").await;
    let token = token_of(&browser, "/console/tokens").await;

    let blank = browser
        .post(
            "/console/tokens",
            &token,
            &[("name", " "), ("owner", &coordinator.id)],
        )
        .await;
    assert_eq!(blank.status, 422, "{}", blank.text);
    assert!(blank.text.contains("id=\"name-error\""), "{}", blank.text);

    let created = browser
        .post(
            "/console/tokens",
            &token,
            &[("name", "website sync"), ("owner", &coordinator.id)],
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let page = Html::parse_document(&created.text);
    let secret = select(&page, "#created-token input#secret")
        .first()
        .and_then(|e| e.value().attr("value"))
        .expect("the secret on the answer")
        .to_owned();
    assert!(secret.starts_with("dlg_") && secret.len() > 30, "{secret}");
    assert_eq!(status_with(&app, &secret).await, 200);

    let list = browser.get("/console/tokens").await;
    assert!(!list.text.contains(&secret), "shown once only");
    let page = Html::parse_document(&list.text);
    let row: Vec<String> = select(&page, "table#tokens tbody tr")
        .iter()
        .find(|r| r.text().any(|t| t.contains("website sync")))
        .expect("listed")
        .child_elements()
        .map(|c| c.text().collect())
        .collect();
    assert!(row[1].contains("coordinator@example.org"), "{row:?}");

    let taken = browser
        .post(
            "/console/tokens",
            &token,
            &[("name", "website sync"), ("owner", "system")],
        )
        .await;
    assert_eq!(taken.status, 422, "{}", taken.text);
    assert!(taken.text.contains("A token has this name already"));

    let id = select(&page, "table#tokens a[href$='/revoke']")
        .first()
        .and_then(|a| a.value().attr("href"))
        .expect("a revoke link")
        .to_owned();
    let confirm = browser.get(&id).await;
    assert_eq!(confirm.status, 200, "{}", confirm.text);
    assert!(confirm.text.contains("refused from now on"));
    let revoked = browser.post(&id, &token, &[]).await;
    assert_eq!(location(&revoked), "/console/tokens?revoked=website+sync");
    assert_eq!(status_with(&app, &secret).await, 401);
    let again = browser.post(&id, &token, &[]).await;
    assert_eq!(again.status, 409, "revoked once");
    let actions = recorded(&app, &admin).await;
    for action in ["token_created", "token_revoked"] {
        assert!(actions.contains(&action.to_owned()), "{actions:?}");
    }
}

async fn only_an_admin_may_manage_tokens(app: TestApp) {
    let (_, browser) = signed_in(&app, "coordinator@example.org", "coordinator").await;
    assert_eq!(browser.get("/console/tokens").await.status, 403);
    let token = token_of(&browser, "/console").await;
    let refused = browser
        .post("/console/tokens", &token, &[("name", "mine")])
        .await;
    assert_eq!(refused.status, 403);
}
