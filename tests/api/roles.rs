//! Authorisation by role: every admin operation of the OpenAPI document answers each role's
//! token as the table in code says (allowed, or 403 before anything is read), and accounts and
//! their tokens behave as the command line promises.

use serde_json::Value;

use dialogo::accounts::{self, NewAccount, Permission, Role};
use dialogo::db::models::User;

use crate::helpers::{Api, TestApp};
use crate::on_both_backends;

on_both_backends!(
    every_admin_operation_answers_each_role_as_the_table_says,
    a_disabled_accounts_tokens_stop_working_at_once,
    bad_accounts_are_refused_and_nothing_is_written,
);

/// Opens an account of `role` and returns a token of it.
pub async fn token_of(app: &TestApp, role: Role) -> String {
    let pool = app.app_state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let email = format!("{role}-{}@example.org", uuid::Uuid::now_v7());
        let account = NewAccount {
            email: &email,
            name: "Staff Member",
            role: role.as_str(),
            language: "de",
        };
        accounts::create_user(&mut conn, &account).unwrap();
        let name = format!("{role}-{}", uuid::Uuid::now_v7());
        accounts::create_token(&mut conn, &name, Some(&email))
            .unwrap()
            .1
    })
    .await
    .unwrap()
}

/// Every admin operation in the document with the permission its bearer requirement names;
/// an operation without one fails the test.
fn admin_operations(document: &Value) -> Vec<(String, String, Permission)> {
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/admin") {
            continue;
        }
        for (method, operation) in item.as_object().unwrap() {
            let scopes = &operation["security"][0]["bearer"];
            let permission = scopes
                .as_array()
                .and_then(|s| s.first())
                .and_then(Value::as_str)
                .and_then(Permission::parse)
                .unwrap_or_else(|| panic!("{method} {path} names no permission: {scopes}"));
            operations.push((method.to_uppercase(), path.clone(), permission));
        }
    }
    assert!(operations.len() > 30, "{operations:?}");
    operations
}

async fn call(api: &Api, token: &str, method: &str, path: &str) -> (u16, String) {
    // Ids that name nothing, so that allowed calls change nothing.
    let path = path
        .split('/')
        .map(|s| match s.starts_with('{') {
            true => "0190f0b8-7c1e-7000-8000-000000000000",
            false => s,
        })
        .collect::<Vec<_>>()
        .join("/");
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let reply = api
        .send(
            api.client
                .request(method, api.url(&path))
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body("{}"),
        )
        .await;
    (reply.status, reply.code().to_owned())
}

async fn every_admin_operation_answers_each_role_as_the_table_says(app: TestApp) {
    let document = app.get("/api/v1/openapi.json").await.body;
    let mut tokens = Vec::new();
    for role in Role::ALL {
        tokens.push((role, token_of(&app, role).await));
    }
    for (method, path, permission) in admin_operations(&document) {
        let description = document["paths"][&path][method.to_lowercase()]["description"]
            .as_str()
            .unwrap_or("");
        let roles: Vec<_> = permission.roles().iter().map(Role::as_str).collect();
        assert!(
            description.contains(&format!("Roles: {}", roles.join(", "))),
            "{method} {path}: {description}"
        );
        for (role, token) in &tokens {
            let (status, code) = call(&app, token, &method, &path).await;
            if role.may(permission) {
                assert!(
                    ![401, 403].contains(&status),
                    "{role} was refused {method} {path}: {status} {code}"
                );
            } else {
                assert_eq!(
                    (status, code.as_str()),
                    (403, "forbidden"),
                    "{role} at {method} {path}"
                );
            }
        }
    }
}

async fn a_disabled_accounts_tokens_stop_working_at_once(app: TestApp) {
    let token = token_of(&app, Role::Viewer).await;
    let (status, _) = call(&app, &token, "GET", "/api/v1/admin/events").await;
    assert_eq!(status, 200);
    let pool = app.app_state.pool.clone();
    let email = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let user = User::list(&mut conn).unwrap().pop().unwrap();
        accounts::disable_user(&mut conn, &user.email).unwrap();
        let again = accounts::disable_user(&mut conn, &user.email).unwrap_err();
        assert!(again.to_string().contains("disabled already"), "{again}");
        user.email
    })
    .await
    .unwrap();
    let (status, code) = call(&app, &token, "GET", "/api/v1/admin/events").await;
    assert_eq!((status, code.as_str()), (401, "unauthorized"));
    // Nor does the account get new tokens.
    let pool = app.app_state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let error = accounts::create_token(&mut conn, "late", Some(&email)).unwrap_err();
        assert!(error.to_string().contains("disabled"), "{error}");
    })
    .await
    .unwrap();
}

async fn bad_accounts_are_refused_and_nothing_is_written(app: TestApp) {
    let pool = app.app_state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        let good = NewAccount {
            email: "Ana.Lima@Example.org",
            name: "Ana Lima",
            role: "coordinator",
            language: "es",
        };
        let user = accounts::create_user(&mut conn, &good).unwrap();
        assert_eq!(
            (user.email.as_str(), user.role.as_str()),
            ("ana.lima@example.org", "coordinator")
        );
        for (account, reason) in [
            (
                NewAccount {
                    role: "owner",
                    ..good
                },
                "is not a role",
            ),
            (
                NewAccount {
                    email: "ANA.LIMA@example.org",
                    ..good
                },
                "already",
            ),
            (
                NewAccount {
                    email: "ana",
                    ..good
                },
                "not a valid email",
            ),
            (NewAccount { name: " ", ..good }, "name"),
            (
                NewAccount {
                    language: "xx",
                    ..good
                },
                "is not one of",
            ),
        ] {
            let error = accounts::create_user(&mut conn, &account).unwrap_err();
            assert!(error.to_string().contains(reason), "{error}");
        }
        assert_eq!(User::list(&mut conn).unwrap().len(), 1);
    })
    .await
    .unwrap();
}
