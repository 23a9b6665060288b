use serde_json::json;

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;

on_both_backends!(
    admin_endpoints_refuse_requests_without_a_token,
    admin_endpoints_refuse_a_wrong_or_revoked_token,
);

async fn admin_endpoints_refuse_requests_without_a_token(app: TestApp) {
    let reply = app.get("/api/v1/admin/events").await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.code(), "unauthorized");
    assert_eq!(reply.headers["www-authenticate"], "Bearer");

    let reply = app
        .send(
            app.client
                .post(app.url("/api/v1/admin/events"))
                .json(&berlin_webinar()),
        )
        .await;
    assert_eq!(reply.status, 401);
    assert_eq!(app.event_count().await, 0, "nothing was written");
}

async fn admin_endpoints_refuse_a_wrong_or_revoked_token(app: TestApp) {
    for token in ["dlg_wrong", "nonsense", &format!("{}x", app.admin_token)] {
        let reply = app
            .send(
                app.client
                    .get(app.url("/api/v1/admin/events"))
                    .bearer_auth(token),
            )
            .await;
        assert_eq!(reply.status, 401, "{token} was accepted");
    }
    // Basic auth with the right secret is still not a bearer token.
    let reply = app
        .send(
            app.client
                .get(app.url("/api/v1/admin/events"))
                .header("authorization", format!("Basic {}", app.admin_token)),
        )
        .await;
    assert_eq!(reply.status, 401);

    let pool = app.app_state.pool.clone();
    let name = app.admin_token_name.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let revoked = dialogo::db::models::ApiToken::revoke(&mut conn, &name).unwrap();
        assert!(revoked.is_some());
    })
    .await
    .unwrap();
    let reply = app.admin_post("/api/v1/admin/events", &json!({})).await;
    assert_eq!(reply.status, 401, "a revoked token still works");
}
