//! HTTP routes, one module per resource.

pub mod csv;
pub mod events;
pub mod health;
pub mod invitations;
pub mod newsletter;
pub mod outbox;
pub mod page;
pub mod paging;
pub mod people;
pub mod registrations;
pub mod schedule;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, dev::ServiceResponse};

use crate::error::ApiError;

/// The answer for requests no route serves: 405 where the path exists for other methods
/// (routes are guarded by method, so such requests fall through to here), else 404.
pub async fn not_found(req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    if req.resource_map().has_resource(req.path()) {
        return Err(ApiError::client(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{} is not supported at this path.", req.method()),
        ));
    }
    Err(ApiError::client(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is nothing at this path.",
    ))
}

/// Gives the one error shape to error responses that actix-web produced without a JSON body
/// (e.g. 405 for a method a path does not serve).
pub fn envelope_bare_errors<B>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let code = match status {
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        s if s.is_server_error() => "internal_error",
        _ => "bad_request",
    };
    let message = status.canonical_reason().unwrap_or("Error").to_owned();
    let body = serde_json::json!({ "error": { "code": code, "message": message } }).to_string();
    let (req, res) = res.into_parts();
    let mut res = res.set_body(actix_web::body::BoxBody::new(body));
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, res).map_into_right_body(),
    ))
}
