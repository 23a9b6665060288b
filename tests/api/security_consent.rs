//! Nobody but the owner of an address writes its consent record: the version recorded at
//! confirmation is the one the confirmation link's own request carried, and repeated requests
//! for a pending or confirmed address add nothing.

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp};
use crate::newsletter_flow::{subscribe, subscription};
use crate::registration_flow::app_with_sink;
use crate::security_support::{quiet_mails, token_after};

for_both_backends!(strangers_cannot_rewrite_the_consent_record);

async fn record(app: &TestApp) -> Vec<(String, Option<String>)> {
    let export = app
        .admin_get("/api/v1/admin/people?email=ana@example.org")
        .await;
    export.body["subscriptions"][0]["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().to_owned(),
                c["privacy_notice_version"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn with_version(version: &str) -> serde_json::Value {
    let mut body = subscription("ana@example.org", "en");
    body["privacy_notice_version"] = json!(version);
    body
}

async fn strangers_cannot_rewrite_the_consent_record(backend: Backend) {
    let Some((app, sink)) = app_with_sink(backend, &[]).await else {
        return;
    };
    assert_eq!(subscribe(&app, &with_version("2026-03")).await.status, 202);
    let mails = quiet_mails(&app, &sink, 1).await;
    // A stranger asks again for the pending address, with a notice its owner never saw.
    assert_eq!(subscribe(&app, &with_version("1999-01")).await.status, 202);
    assert_eq!(
        record(&app).await,
        [("subscribe".to_owned(), Some("2026-03".to_owned()))]
    );

    let token = token_after(&mails[0].text, "/newsletter/confirm/").unwrap();
    let confirmed = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/confirm"))
                .json(&json!({"token": token})),
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    // And again once it is confirmed.
    assert_eq!(subscribe(&app, &with_version("1999-02")).await.status, 202);
    assert_eq!(
        record(&app).await,
        [
            ("subscribe".to_owned(), Some("2026-03".to_owned())),
            ("confirm".to_owned(), Some("2026-03".to_owned())),
        ]
    );
    // No mail came of the repeats.
    assert_eq!(quiet_mails(&app, &sink, 1).await.len(), 1);
}
