//! OpenAPI links: which answer's values feed which operation (an event created by
//! `POST /admin/events` is read, changed, published and deleted by its `id`). Clients and test
//! generators follow them to chain operations.

use std::collections::BTreeMap;

use utoipa::openapi::link::Link;
use utoipa::openapi::{OpenApi, RefOr};

const EVENT: &str = "/api/v1/admin/events/{id}";
const ISSUE: &str = "/api/v1/admin/newsletter/issues/{id}";
const REGISTRATION: &str = "/api/v1/admin/events/{id}/registrations/{registration_id}";

/// Where a link starts: an answer of an operation, and where the id is found in it.
struct Source {
    method: &'static str,
    path: &'static str,
    status: &'static str,
    /// Runtime expression of the id the targets take.
    id: &'static str,
}

/// An event's id: in a created or returned event, or the first of a list.
const EVENT_SOURCES: [Source; 5] = [
    Source {
        method: "post",
        path: "/api/v1/admin/events",
        status: "201",
        id: "$response.body#/id",
    },
    Source {
        method: "get",
        path: "/api/v1/admin/events",
        status: "200",
        id: "$response.body#/items/0/id",
    },
    Source {
        method: "patch",
        path: EVENT,
        status: "200",
        id: "$response.body#/id",
    },
    Source {
        method: "post",
        path: "/api/v1/admin/events/{id}/publish",
        status: "200",
        id: "$response.body#/id",
    },
    Source {
        method: "get",
        path: "/api/v1/events",
        status: "200",
        id: "$response.body#/items/0/id",
    },
];

/// Operations that take an event's id as `id` (or `id_or_slug`).
const EVENT_TARGETS: [(&str, &str); 17] = [
    ("get", EVENT),
    ("patch", EVENT),
    ("delete", EVENT),
    ("post", "/api/v1/admin/events/{id}/publish"),
    ("post", "/api/v1/admin/events/{id}/cancel"),
    ("get", "/api/v1/admin/events/{id}/agenda"),
    ("put", "/api/v1/admin/events/{id}/agenda"),
    ("get", "/api/v1/admin/events/{id}/schedule"),
    ("put", "/api/v1/admin/events/{id}/schedule"),
    ("get", "/api/v1/admin/events/{id}/registrations"),
    ("get", "/api/v1/admin/events/{id}/invitations"),
    ("post", "/api/v1/admin/events/{id}/invitations"),
    ("post", "/api/v1/admin/events/{id}/invitations/follow-up"),
    ("get", "/api/v1/events/{id_or_slug}"),
    ("get", "/api/v1/events/{id_or_slug}/calendar.ics"),
    ("post", "/api/v1/events/{id}/registrations"),
    ("post", "/api/v1/admin/mail/test"),
];

const ISSUE_SOURCES: [Source; 2] = [
    Source {
        method: "post",
        path: "/api/v1/admin/newsletter/issues",
        status: "201",
        id: "$response.body#/id",
    },
    Source {
        method: "get",
        path: "/api/v1/admin/newsletter/issues",
        status: "200",
        id: "$response.body#/items/0/id",
    },
];

const ISSUE_TARGETS: [(&str, &str); 7] = [
    ("get", ISSUE),
    ("put", ISSUE),
    ("delete", ISSUE),
    ("post", "/api/v1/admin/newsletter/issues/{id}/send"),
    ("post", "/api/v1/admin/newsletter/issues/{id}/pause"),
    ("post", "/api/v1/admin/newsletter/issues/{id}/cancel"),
    ("post", "/api/v1/admin/newsletter/issues/{id}/test"),
];

const MAIL_SOURCES: [Source; 2] = [
    Source {
        method: "post",
        path: "/api/v1/admin/mail/test",
        status: "202",
        id: "$response.body#/id",
    },
    Source {
        method: "get",
        path: "/api/v1/admin/outbox",
        status: "200",
        id: "$response.body#/items/0/id",
    },
];

const MAIL_TARGETS: [(&str, &str); 2] = [
    ("get", "/api/v1/admin/outbox/{id}"),
    ("post", "/api/v1/admin/outbox/{id}/retry"),
];

const SUBSCRIBER_SOURCES: [Source; 1] = [Source {
    method: "get",
    path: "/api/v1/admin/newsletter/subscribers",
    status: "200",
    id: "$response.body#/items/0/id",
}];

const SUBSCRIBER_TARGETS: [(&str, &str); 2] = [
    ("get", "/api/v1/admin/newsletter/subscribers/{id}"),
    ("delete", "/api/v1/admin/newsletter/subscribers/{id}"),
];

/// A registration is named by its event (the list's path) and its own id.
const REGISTRATION_TARGETS: [(&str, &str); 4] = [
    ("delete", REGISTRATION),
    (
        "post",
        "/api/v1/admin/events/{id}/registrations/{registration_id}/approve",
    ),
    (
        "post",
        "/api/v1/admin/events/{id}/registrations/{registration_id}/reject",
    ),
    (
        "post",
        "/api/v1/admin/events/{id}/registrations/{registration_id}/resend",
    ),
];

/// An operation: method and path.
type Target = (&'static str, &'static str);

/// Where a kind of id is found, and the operations that take it.
type Family = (&'static [Source], &'static [Target]);

/// Adds the links to the answers they start from.
pub fn add_links(openapi: &mut OpenApi) {
    let families: [Family; 4] = [
        (&EVENT_SOURCES, &EVENT_TARGETS),
        (&ISSUE_SOURCES, &ISSUE_TARGETS),
        (&MAIL_SOURCES, &MAIL_TARGETS),
        (&SUBSCRIBER_SOURCES, &SUBSCRIBER_TARGETS),
    ];
    for (sources, targets) in families {
        for source in sources {
            for (method, path) in targets {
                if (source.method, source.path) == (*method, *path) {
                    continue;
                }
                let parameter = if *path == "/api/v1/admin/mail/test" {
                    None
                } else if path.contains("{id_or_slug}") {
                    Some(("id_or_slug", source.id))
                } else {
                    Some(("id", source.id))
                };
                let body = (parameter.is_none()).then(|| {
                    serde_json::json!({"event_id": source.id, "to": "conformance@example.org", "language": "en"})
                });
                add(
                    openapi,
                    source,
                    method,
                    path,
                    parameter.into_iter().collect(),
                    body,
                );
            }
        }
    }
    let list = Source {
        method: "get",
        path: "/api/v1/admin/events/{id}/registrations",
        status: "200",
        id: "$response.body#/items/0/id",
    };
    for (method, path) in REGISTRATION_TARGETS {
        let parameters = vec![("id", "$request.path.id"), ("registration_id", list.id)];
        add(openapi, &list, method, path, parameters, None);
    }
}

fn add(
    openapi: &mut OpenApi,
    source: &Source,
    method: &str,
    path: &str,
    parameters: Vec<(&str, &str)>,
    body: Option<serde_json::Value>,
) {
    if !has_operation(openapi, method, path) {
        return;
    }
    let Some(response) = operation_response(openapi, source) else {
        return;
    };
    let mut link = Link::default();
    link.operation_ref = format!(
        "#/paths/{}/{method}",
        path.replace('~', "~0").replace('/', "~1")
    );
    link.parameters = parameters
        .into_iter()
        .map(|(name, value)| (name.to_owned(), serde_json::Value::from(value)))
        .collect::<BTreeMap<_, _>>();
    link.request_body = body;
    response
        .links
        .insert(link_name(method, path), RefOr::T(link));
}

/// `GetEventsIdAgenda` for `GET /api/v1/admin/events/{id}/agenda`: unique per operation.
fn link_name(method: &str, path: &str) -> String {
    let mut name = method[..1].to_uppercase() + &method[1..];
    for segment in path
        .trim_start_matches("/api/v1")
        .split(['/', '-', '.', '_'])
    {
        let word = segment.trim_matches(['{', '}']);
        if let Some(first) = word.chars().next() {
            name.push(first.to_ascii_uppercase());
            name.push_str(&word[first.len_utf8()..]);
        }
    }
    name
}

fn operation<'a>(
    openapi: &'a mut OpenApi,
    method: &str,
    path: &str,
) -> Option<&'a mut utoipa::openapi::path::Operation> {
    let item = openapi.paths.paths.get_mut(path)?;
    match method {
        "get" => item.get.as_mut(),
        "post" => item.post.as_mut(),
        "put" => item.put.as_mut(),
        "patch" => item.patch.as_mut(),
        "delete" => item.delete.as_mut(),
        _ => None,
    }
}

fn has_operation(openapi: &mut OpenApi, method: &str, path: &str) -> bool {
    operation(openapi, method, path).is_some()
}

fn operation_response<'a>(
    openapi: &'a mut OpenApi,
    source: &Source,
) -> Option<&'a mut utoipa::openapi::Response> {
    let operation = operation(openapi, source.method, source.path)?;
    match operation.responses.responses.get_mut(source.status)? {
        RefOr::T(response) => Some(response),
        RefOr::Ref(_) => None,
    }
}
