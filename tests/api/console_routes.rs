//! Every console route answers each role as the role table says: the pages a role may open
//! answer it (200, or 404 for ids that name nothing), the others 403 with a page, before
//! anything is read or written. The table below must name every route the console serves.

use dialogo::accounts::{Permission, Role};

use crate::console_support::{Browser, PASSWORD, account_with_password};
use crate::form_support::token_fields;
use crate::helpers::TestApp;
use crate::{on_both_backends, plain_test};

on_both_backends!(every_console_route_answers_each_role_as_the_table_says);
plain_test!(the_table_names_every_console_route);

/// Every console route with the permission it needs; `None` for the pages of signing in and of
/// one's own account, which any account (or nobody) may open.
const ROUTES: &[(&str, &str, Option<Permission>)] = &[
    ("GET", "", None),
    ("GET", "/sign-in", None),
    ("POST", "/sign-in", None),
    ("GET", "/sign-in/code", None),
    ("POST", "/sign-in/code", None),
    ("POST", "/sign-out", None),
    ("GET", "/password-reset", None),
    ("POST", "/password-reset", None),
    ("GET", "/password-reset/sent", None),
    ("GET", "/password/{token}", None),
    ("POST", "/password/{token}", None),
    ("GET", "/account/two-factor", None),
    ("POST", "/account/two-factor", None),
    ("GET", "/users", Some(Permission::ManageUsers)),
    ("GET", "/tokens", Some(Permission::ManageUsers)),
    ("POST", "/tokens", Some(Permission::ManageUsers)),
    ("GET", "/tokens/{id}/revoke", Some(Permission::ManageUsers)),
    ("POST", "/tokens/{id}/revoke", Some(Permission::ManageUsers)),
    ("GET", "/events", Some(Permission::Read)),
    ("GET", "/events/new", Some(Permission::ManageEvents)),
    ("POST", "/events/new", Some(Permission::ManageEvents)),
    ("GET", "/events/{id}", Some(Permission::Read)),
    ("GET", "/events/{id}/agenda", Some(Permission::ManageEvents)),
    (
        "POST",
        "/events/{id}/agenda",
        Some(Permission::ManageEvents),
    ),
    (
        "GET",
        "/events/{id}/schedule",
        Some(Permission::ManageEvents),
    ),
    (
        "POST",
        "/events/{id}/schedule",
        Some(Permission::ManageEvents),
    ),
    ("GET", "/events/{id}/edit", Some(Permission::ManageEvents)),
    ("POST", "/events/{id}/edit", Some(Permission::ManageEvents)),
    (
        "POST",
        "/events/{id}/duplicate",
        Some(Permission::ManageEvents),
    ),
    ("GET", "/events/{id}/invitations", Some(Permission::Read)),
    (
        "GET",
        "/events/{id}/invitations/progress",
        Some(Permission::Read),
    ),
    (
        "GET",
        "/events/{id}/invitations/new",
        Some(Permission::ManageInvitations),
    ),
    (
        "POST",
        "/events/{id}/invitations/preview",
        Some(Permission::ManageInvitations),
    ),
    (
        "POST",
        "/events/{id}/invitations/new",
        Some(Permission::ManageInvitations),
    ),
    (
        "GET",
        "/events/{id}/invitations/follow-up",
        Some(Permission::ManageInvitations),
    ),
    (
        "POST",
        "/events/{id}/invitations/follow-up",
        Some(Permission::ManageInvitations),
    ),
    (
        "GET",
        "/events/{id}/{action}",
        Some(Permission::ManageEvents),
    ),
    (
        "POST",
        "/events/{id}/{action}",
        Some(Permission::ManageEvents),
    ),
    (
        "GET",
        "/events/{id}/registrations",
        Some(Permission::ReadRegistrations),
    ),
    (
        "GET",
        "/events/{id}/waitlist",
        Some(Permission::ReadRegistrations),
    ),
    (
        "GET",
        "/events/{id}/registrations.csv",
        Some(Permission::ReadRegistrations),
    ),
    (
        "GET",
        "/events/{id}/registrations/{registration_id}",
        Some(Permission::ReadRegistrations),
    ),
    (
        "POST",
        "/events/{id}/registrations/{registration_id}/{decision}",
        Some(Permission::ManageRegistrations),
    ),
    ("GET", "/outbox", Some(Permission::Read)),
    ("POST", "/outbox/{id}/retry", Some(Permission::ManageOutbox)),
    ("GET", "/newsletter/subscribers", Some(Permission::Read)),
    ("GET", "/newsletter/subscribers.csv", Some(Permission::Read)),
    (
        "GET",
        "/newsletter/subscribers/import",
        Some(Permission::ManageNewsletter),
    ),
    (
        "POST",
        "/newsletter/subscribers/import",
        Some(Permission::ManageNewsletter),
    ),
    (
        "GET",
        "/newsletter/subscribers/{id}",
        Some(Permission::Read),
    ),
    (
        "GET",
        "/newsletter/subscribers/{id}/delete",
        Some(Permission::ManageNewsletter),
    ),
    (
        "POST",
        "/newsletter/subscribers/{id}/delete",
        Some(Permission::ManageNewsletter),
    ),
    ("GET", "/people", Some(Permission::ManagePersonalData)),
    (
        "GET",
        "/people/export",
        Some(Permission::ManagePersonalData),
    ),
    ("GET", "/people/erase", Some(Permission::ManagePersonalData)),
    (
        "POST",
        "/people/erase",
        Some(Permission::ManagePersonalData),
    ),
    ("GET", "/newsletter", Some(Permission::Read)),
    ("GET", "/newsletter/new", Some(Permission::ManageNewsletter)),
    (
        "POST",
        "/newsletter/new",
        Some(Permission::ManageNewsletter),
    ),
    ("GET", "/newsletter/{id}", Some(Permission::Read)),
    ("GET", "/newsletter/{id}/progress", Some(Permission::Read)),
    (
        "GET",
        "/newsletter/{id}/edit",
        Some(Permission::ManageNewsletter),
    ),
    (
        "POST",
        "/newsletter/{id}/edit",
        Some(Permission::ManageNewsletter),
    ),
    (
        "POST",
        "/newsletter/{id}/pause",
        Some(Permission::ManageNewsletter),
    ),
    (
        "POST",
        "/newsletter/{id}/test",
        Some(Permission::ManageNewsletter),
    ),
    (
        "GET",
        "/newsletter/{id}/{action}",
        Some(Permission::ManageNewsletter),
    ),
    (
        "POST",
        "/newsletter/{id}/{action}",
        Some(Permission::ManageNewsletter),
    ),
    ("GET", "/audit", Some(Permission::ReadAudit)),
    ("GET", "/audit/export", Some(Permission::ReadAudit)),
];

/// The (method, path) of every `.route(…)` in the console's configuration.
fn served_routes() -> Vec<(String, String)> {
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/routes/console/mod.rs"
    ))
    .unwrap();
    let compact: String = source.split_whitespace().collect();
    compact
        .split(".route(\"")
        .skip(1)
        .map(|rest| {
            let (path, rest) = rest.split_once('"').unwrap();
            let method = rest
                .trim_start_matches(',')
                .trim_start_matches("web::")
                .split("()")
                .next()
                .unwrap()
                .to_uppercase();
            (method, path.to_owned())
        })
        .collect()
}

fn the_table_names_every_console_route() {
    let served = served_routes();
    assert!(served.len() >= ROUTES.len() / 2, "{served:?}");
    for (method, path) in &served {
        assert!(
            ROUTES.iter().any(|(m, p, _)| m == method && p == path),
            "{method} /console{path} is not in the table"
        );
    }
    for (method, path, _) in ROUTES {
        assert!(
            served.iter().any(|(m, p)| m == method && p == path),
            "{method} /console{path} is in the table but not served"
        );
    }
}

/// `path` with ids that name nothing (so that allowed requests change nothing).
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{decision}" => "approve",
            "{action}" => "publish",
            s if s.starts_with('{') => "0190f0b8-7c1e-7000-8000-000000000000",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn every_console_route_answers_each_role_as_the_table_says(app: TestApp) {
    for role in Role::ALL {
        let email = format!("{role}@example.org");
        account_with_password(&app, &email, role.as_str()).await;
        let browser = Browser::new(&app);
        assert_eq!(browser.sign_in(&email, PASSWORD).await.status, 303);
        let home = browser.get("/console").await;
        let token = token_fields(&home.text).remove(0);
        for (method, path, permission) in ROUTES {
            let Some(permission) = permission else {
                continue;
            };
            let url = format!("/console{}", concrete(path));
            let answer = match *method {
                "GET" => browser.get(&url).await,
                _ => browser.post(&url, &token, &[]).await,
            };
            let allowed = role.may(*permission);
            assert_eq!(
                answer.status == 403,
                !allowed,
                "{role} {method} {url}: {} {}",
                answer.status,
                answer.text
            );
            assert!(
                answer.status < 500,
                "{role} {method} {url}: {}",
                answer.text
            );
            assert!(
                answer.headers["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
                    || answer.status == 200,
                "{role} {method} {url}: a page"
            );
        }
    }
}
