use crate::helpers::TestApp;
use crate::on_both_backends;

on_both_backends!(
    health_and_readiness_answer,
    the_openapi_document_covers_every_endpoint,
    unknown_paths_get_the_json_error_shape,
);

async fn health_and_readiness_answer(app: TestApp) {
    let reply = app.get("/healthz").await;
    assert_eq!(
        (reply.status, reply.body["status"].as_str()),
        (200, Some("ok"))
    );
    let reply = app.get("/readyz").await;
    assert_eq!(
        (reply.status, reply.body["status"].as_str()),
        (200, Some("ok"))
    );
    assert!(reply.headers.contains_key("x-request-id"));
}

async fn the_openapi_document_covers_every_endpoint(app: TestApp) {
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, 200);
    let paths = &reply.body["paths"];
    for (path, method) in [
        ("/api/v1/events", "get"),
        ("/api/v1/events/{id_or_slug}", "get"),
        ("/api/v1/admin/events", "get"),
        ("/api/v1/admin/events", "post"),
        ("/api/v1/admin/events/{id}", "get"),
        ("/api/v1/admin/events/{id}", "patch"),
        ("/api/v1/admin/events/{id}", "delete"),
        ("/api/v1/admin/events/{id}/publish", "post"),
        ("/api/v1/admin/events/{id}/cancel", "post"),
        ("/api/v1/events/{id}/registrations", "post"),
        ("/api/v1/events/{id_or_slug}/calendar.ics", "get"),
        ("/api/v1/events.ics", "get"),
        ("/api/v1/registrations/confirm", "post"),
        ("/api/v1/registrations/withdraw", "post"),
        ("/api/v1/admin/events/{id}/registrations", "get"),
        (
            "/api/v1/admin/events/{id}/registrations/{registration_id}",
            "delete",
        ),
        (
            "/api/v1/admin/events/{id}/registrations/{registration_id}/approve",
            "post",
        ),
        (
            "/api/v1/admin/events/{id}/registrations/{registration_id}/reject",
            "post",
        ),
        (
            "/api/v1/admin/events/{id}/registrations/{registration_id}/resend",
            "post",
        ),
        ("/api/v1/admin/outbox", "get"),
        ("/api/v1/admin/outbox/{id}", "get"),
        ("/api/v1/admin/outbox/{id}/retry", "post"),
        ("/api/v1/admin/mail/test", "post"),
        ("/healthz", "get"),
        ("/readyz", "get"),
    ] {
        assert!(
            paths[path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    assert!(reply.body["components"]["securitySchemes"]["bearer"].is_object());
    assert!(reply.body["components"]["schemas"]["ErrorEnvelope"].is_object());
}

async fn unknown_paths_get_the_json_error_shape(app: TestApp) {
    for path in [
        "/nothing-here",
        "/api/v1/nothing-here",
        "/api/v1/events/x/y/z",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, 404);
        assert_eq!(reply.code(), "not_found");
    }
    let reply = app.send(app.client.delete(app.url("/api/v1/events"))).await;
    assert_eq!((reply.status, reply.code()), (405, "method_not_allowed"));
    let reply = app.send(app.client.put(app.url("/healthz"))).await;
    assert_eq!(reply.status, 405);
}
