//! The error answers every operation shares, written once as `components/responses` and
//! referenced from each operation that can give them.
//!
//! Which operation can answer which error follows from its shape, the same way the extractors
//! decide it at run time, so handlers list only what is particular to them (e.g. a 409 with its
//! reason):
//! - every operation: 500;
//! - with a bearer token (`Can<…>`): 401 and 403;
//! - with a path parameter: 404, and 400 where the parameter is an id (`format: uuid`);
//! - with query parameters: 400 for a value outside its schema;
//! - with a request body: 400 (unreadable), 413, 415 and 422;
//! - public writes (`PublicWrite`: every operation other than GET without a token): 429.
//!
//! A handler's own line for one of these statuses becomes a reference to the shared answer,
//! keeping its description.

use std::collections::BTreeMap;

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, Ref, RefOr, Response};

/// Status, component name and the description of the shared answer.
const SHARED: [(&str, &str, &str); 12] = [
    (
        "400",
        "BadRequest",
        "The request is malformed: an unreadable body, an invalid id, or a query parameter outside its schema",
    ),
    (
        "401",
        "Unauthorized",
        "No bearer token, or one that is not valid",
    ),
    (
        "403",
        "Forbidden",
        "The token's role does not hold the permission this operation needs",
    ),
    ("404", "NotFound", "Nothing is there"),
    (
        "409",
        "Conflict",
        "The request conflicts with the current state",
    ),
    ("410", "Gone", "The link has expired"),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than this operation accepts",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not of a media type this operation accepts",
    ),
    (
        "422",
        "UnprocessableEntity",
        "A value failed validation; `field` names it",
    ),
    (
        "429",
        "TooManyRequests",
        "Too many public write requests from this address; try again in a minute",
    ),
    (
        "500",
        "InternalError",
        "An unexpected failure, logged on the server",
    ),
    ("503", "ServiceUnavailable", "The database is not reachable"),
];

fn shared(status: &str) -> Option<(&'static str, &'static str)> {
    SHARED
        .iter()
        .find(|(s, _, _)| *s == status)
        .map(|(_, name, description)| (*name, *description))
}

/// Adds the shared error answers to `components/responses` and to every operation.
pub fn add_error_responses(openapi: &mut OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    for (_, name, description) in SHARED {
        components
            .responses
            .insert(name.to_owned(), RefOr::T(error_response(name, description)));
    }
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            (&mut item.get, "GET"),
            (&mut item.put, "PUT"),
            (&mut item.post, "POST"),
            (&mut item.delete, "DELETE"),
            (&mut item.patch, "PATCH"),
        ];
        for (operation, method) in operations {
            if let Some(operation) = operation {
                let statuses = statuses_by_shape(operation, method);
                reference_shared(&mut operation.responses.responses, &statuses);
            }
        }
    }
}

fn error_response(name: &str, description: &str) -> Response {
    let mut response: Response = serde_json::from_value(serde_json::json!({
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}
        }
    }))
    .expect("a valid response object");
    let header = match name {
        "Unauthorized" => Some(("WWW-Authenticate", "`Bearer`")),
        _ => None,
    };
    if let Some((header, description)) = header {
        response.headers.insert(
            header.to_owned(),
            serde_json::from_value(serde_json::json!({
                "description": description,
                "schema": {"type": "string"}
            }))
            .expect("a valid header object"),
        );
    }
    response
}

/// The error statuses an operation can answer because of its shape (see the module's doc).
fn statuses_by_shape(operation: &Operation, method: &str) -> Vec<&'static str> {
    let parameters: Vec<_> = operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => Some(p),
            RefOr::Ref(_) => None,
        })
        .collect();
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let in_path: Vec<_> = parameters
        .iter()
        .filter(|p| p.parameter_in == ParameterIn::Path)
        .collect();
    let id_in_path = in_path
        .iter()
        .any(|p| serde_json::to_value(&p.schema).is_ok_and(|schema| schema["format"] == "uuid"));
    let mut statuses = vec!["500"];
    if secured {
        statuses.extend(["401", "403"]);
    } else if method != "GET" {
        statuses.push("429");
    }
    if !in_path.is_empty() {
        statuses.push("404");
    }
    if id_in_path
        || parameters
            .iter()
            .any(|p| p.parameter_in == ParameterIn::Query)
    {
        statuses.push("400");
    }
    if operation.request_body.is_some() {
        statuses.extend(["400", "413", "415", "422"]);
    }
    statuses
}

/// Replaces the operation's own error answers with references to the shared ones (keeping a
/// description of its own) and adds those its shape implies.
fn reference_shared(responses: &mut BTreeMap<String, RefOr<Response>>, implied: &[&str]) {
    for (status, response) in responses.iter_mut() {
        let Some((name, default)) = shared(status) else {
            continue;
        };
        let own = match response {
            RefOr::T(response) if response.description != default => response.description.clone(),
            _ => String::new(),
        };
        *response = RefOr::Ref(reference(name, own));
    }
    for status in implied {
        if let Some((name, _)) = shared(status) {
            responses
                .entry((*status).to_owned())
                .or_insert_with(|| RefOr::Ref(reference(name, String::new())));
        }
    }
}

fn reference(name: &str, description: String) -> Ref {
    let mut reference = Ref::from_response_name(name);
    reference.description = description;
    reference
}
