//! HTTP routes, one module per resource.

pub mod assets;
pub mod audit;
pub mod bodies;
pub mod console;
pub mod csrf;
pub mod csv;
pub mod embed;
pub mod events;
pub mod form;
pub mod health;
pub mod invitations;
pub mod language;
pub mod layout;
pub mod links;
pub mod newsletter;
pub mod outbox;
pub mod page;
pub mod pages;
pub mod paging;
pub mod people;
pub mod read_cache;
pub mod registrations;
pub mod schedule;

use actix_web::dev::{ResourceDef, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, web};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

/// The answer for requests no route serves: 405 where the path exists for other methods
/// (API routes are guarded by method, so such requests fall through to here), with `Allow`
/// naming the methods the OpenAPI document gives the path; else 404.
pub async fn not_found(
    req: actix_web::HttpRequest,
    api: Option<web::Data<OpenApi>>,
) -> Result<HttpResponse, ApiError> {
    let allowed = api
        .map(|api| allowed_methods(&api, req.path()))
        .unwrap_or_default();
    if allowed.is_empty() || !req.resource_map().has_resource(req.path()) {
        return Err(ApiError::client(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is nothing at this path.",
        ));
    }
    let error = ApiError::client(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} is not supported at this path.", req.method()),
    );
    let mut response = actix_web::ResponseError::error_response(&error);
    response.headers_mut().insert(
        header::ALLOW,
        HeaderValue::from_str(&allowed.join(", ")).map_err(ApiError::internal)?,
    );
    Ok(response)
}

/// The methods the document gives the path that `path` matches. A fixed path wins over a
/// templated one (`…/subscribers/import` over `…/subscribers/{id}`), as in OpenAPI.
pub fn allowed_methods(api: &OpenApi, path: &str) -> Vec<&'static str> {
    let matched = api
        .paths
        .paths
        .iter()
        .filter(|(pattern, _)| ResourceDef::new(pattern.as_str()).is_match(path))
        .min_by_key(|(pattern, _)| pattern.matches('{').count());
    let Some((_, item)) = matched else {
        return Vec::new();
    };
    [
        ("GET", item.get.is_some()),
        ("POST", item.post.is_some()),
        ("PUT", item.put.is_some()),
        ("PATCH", item.patch.is_some()),
        ("DELETE", item.delete.is_some()),
    ]
    .into_iter()
    .filter_map(|(method, served)| served.then_some(method))
    .collect()
}

/// Keeps `…/{id}` routes from serving a fixed path beside them (`…/subscribers/import`), so
/// that other methods there are answered with 405, as the document says.
pub fn not_a_fixed_path(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    !ctx.head().uri.path().ends_with("/import")
}

/// Gives the one error shape to error responses that actix-web produced without a JSON body
/// (e.g. 405 for a method a path does not serve).
pub fn envelope_bare_errors<B>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    // JSON errors have their shape already; pages (behind links in mails) stay pages.
    let is_json_or_page = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| {
        v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
    });
    if is_json_or_page {
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
