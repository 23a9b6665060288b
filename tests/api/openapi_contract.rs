//! The API answers as its OpenAPI document says: 405 with `Allow`, documented 400s for values
//! outside their schema, the shared error answers on every operation, links between operations.

use serde_json::{Value, json};

use crate::helpers::{TestApp, berlin_webinar};
use crate::on_both_backends;
use crate::registration_flow::registrant;

on_both_backends!(
    a_method_a_path_does_not_serve_is_405_naming_the_methods_it_serves,
    an_id_that_is_not_one_is_a_documented_400,
    query_values_outside_their_schema_are_400s,
    an_unknown_invitation_token_is_404,
    every_operation_refers_to_the_shared_error_answers,
    the_document_states_languages_lists_and_links,
);

async fn a_method_a_path_does_not_serve_is_405_naming_the_methods_it_serves(app: TestApp) {
    for (method, path, allowed) in [
        ("PUT", "/api/v1/admin/events", "GET, POST"),
        ("DELETE", "/api/v1/events", "GET"),
        (
            "POST",
            "/api/v1/admin/events/0190f0b8-7c1e-7000-8000-000000000000",
            "GET, PATCH, DELETE",
        ),
        // A fixed path beside a templated one is not served by the templated route.
        ("GET", "/api/v1/admin/newsletter/subscribers/import", "POST"),
        ("TRACE", "/healthz", "GET"),
        ("PUT", "/registrations/confirm/some-token", "GET, POST"),
    ] {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let request = app
            .client
            .request(method.clone(), app.url(path))
            .bearer_auth(&app.admin_token);
        let reply = app.send(request).await;
        assert_eq!(reply.status, 405, "{method} {path}: {}", reply.text);
        assert_eq!(reply.code(), "method_not_allowed", "{method} {path}");
        let allow = reply.headers.get("allow").map(|v| v.to_str().unwrap());
        assert_eq!(allow, Some(allowed), "{method} {path}");
    }
    let nowhere = app.get("/api/v1/nowhere").await;
    assert_eq!((nowhere.status, nowhere.code()), (404, "not_found"));
    assert!(nowhere.headers.get("allow").is_none());
}

async fn an_id_that_is_not_one_is_a_documented_400(app: TestApp) {
    let event = app.create_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    let document = app.get("/api/v1/openapi.json").await.body;
    for (method, path, documented) in [
        ("get", "/api/v1/admin/events/0", "/api/v1/admin/events/{id}"),
        (
            "post",
            &format!("/api/v1/admin/events/{id}/registrations/0/approve"),
            "/api/v1/admin/events/{id}/registrations/{registration_id}/approve",
        ),
        ("get", "/api/v1/admin/outbox/x", "/api/v1/admin/outbox/{id}"),
    ] {
        let method_name = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let request = app
            .client
            .request(method_name, app.url(path))
            .bearer_auth(&app.admin_token);
        let reply = app.send(request).await;
        assert_eq!((reply.status, reply.code()), (400, "invalid_id"), "{path}");
        let answer = &document["paths"][documented][method]["responses"]["400"];
        assert_eq!(
            answer["$ref"], "#/components/responses/BadRequest",
            "{documented}"
        );
    }
}

async fn query_values_outside_their_schema_are_400s(app: TestApp) {
    for (path, field) in [
        ("/api/v1/admin/events?limit=", "limit"),
        ("/api/v1/admin/events?limit=%2B5", "limit"),
        ("/api/v1/admin/events?status=", "status"),
        ("/api/v1/admin/newsletter/subscribers?format=", "format"),
        ("/api/v1/admin/newsletter/subscribers?status=", "status"),
        ("/api/v1/admin/outbox?status=", "status"),
        ("/api/v1/admin/outbox?cursor=", "cursor"),
        ("/api/v1/admin/newsletter/issues?limit=101", "limit"),
        // Cursors are read exactly as the document's pattern describes them.
        (
            "/api/v1/admin/outbox?cursor=1_0190F0B87C1E70008000000000000000",
            "cursor",
        ),
        ("/api/v1/admin/people?email=", "email"),
    ] {
        let reply = app.admin_get(path).await;
        assert_eq!(
            (reply.status, reply.field()),
            (400, field),
            "{path}: {}",
            reply.text
        );
    }
    let reply = app
        .admin_get("/api/v1/admin/outbox?cursor=1_0190f0b87c1e70008000000000000000")
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

async fn an_unknown_invitation_token_is_404(app: TestApp) {
    let event = app.publish_event(&berlin_webinar()).await;
    let mut body = registrant("someone@example.org");
    body["invitation_token"] = json!("not-a-token");
    let reply = app
        .send(
            app.client
                .post(app.url(&format!(
                    "/api/v1/events/{}/registrations",
                    event["id"].as_str().unwrap()
                )))
                .json(&body),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code(), reply.field()),
        (404, "invalid_invitation", "invitation_token"),
        "{}",
        reply.text
    );
}

fn operations(document: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((method.to_uppercase(), path.clone(), operation));
        }
    }
    found
}

async fn every_operation_refers_to_the_shared_error_answers(app: TestApp) {
    let document = app.get("/api/v1/openapi.json").await.body;
    let shared = &document["components"]["responses"];
    for name in [
        "BadRequest",
        "Unauthorized",
        "NotFound",
        "PayloadTooLarge",
        "UnprocessableEntity",
    ] {
        assert_eq!(
            shared[name]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorEnvelope",
            "{name}"
        );
    }
    assert!(shared["Unauthorized"]["headers"]["WWW-Authenticate"].is_object());
    let operations = operations(&document);
    assert!(operations.len() >= 50, "{} operations", operations.len());
    for (method, path, operation) in operations {
        let responses = operation["responses"].as_object().unwrap();
        let label = format!("{method} {path}");
        let mut expected = vec!["500"];
        if operation["security"].is_array() {
            expected.push("401");
        } else if method != "GET" {
            expected.push("429");
        }
        if operation["requestBody"].is_object() {
            expected.extend(["400", "413", "415", "422"]);
        }
        if path.contains('{') {
            expected.push("404");
        }
        for status in expected {
            assert!(responses.contains_key(status), "{label} lacks {status}");
        }
        for (status, answer) in responses {
            if status.as_str() >= "400" {
                let reference = answer["$ref"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{label} {status}"));
                let name = reference.trim_start_matches("#/components/responses/");
                assert!(shared[name].is_object(), "{label} {status}: {reference}");
            }
        }
    }
}

async fn the_document_states_languages_lists_and_links(app: TestApp) {
    let document = app.get("/api/v1/openapi.json").await.body;
    let schemas = &document["components"]["schemas"];
    let languages: Vec<&str> = dialogo::i18n::Locale::all()
        .iter()
        .map(|l| l.code())
        .collect();
    assert_eq!(schemas["Language"]["enum"], json!(languages));
    assert_eq!(
        schemas["RegistrationInput"]["properties"]["language"]["$ref"],
        "#/components/schemas/Language"
    );
    // A list with a CSV export documents both answers of its 200.
    let list = &document["paths"]["/api/v1/admin/events/{id}/registrations"]["get"];
    let content = list["responses"]["200"]["content"].as_object().unwrap();
    assert!(content.contains_key("application/json") && content.contains_key("text/csv"));
    let format = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "format")
        .unwrap();
    assert_eq!(format["schema"]["$ref"], "#/components/schemas/ListFormat");
    assert_eq!(schemas["ListFormat"]["enum"], json!(["json", "csv"]));
    // An event created is linked to the operations that take its id.
    let created = &document["paths"]["/api/v1/admin/events"]["post"]["responses"]["201"];
    let link = &created["links"]["GetAdminEventsId"];
    assert_eq!(
        link["operationRef"],
        "#/paths/~1api~1v1~1admin~1events~1{id}/get"
    );
    assert_eq!(link["parameters"]["id"], "$response.body#/id");
    // Operation ids are unique.
    let mut ids: Vec<&str> = operations(&document)
        .iter()
        .map(|(_, _, op)| op["operationId"].as_str().unwrap())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "repeated operation ids");
}
