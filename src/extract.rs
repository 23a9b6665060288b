//! Request extractors that answer in the one error shape.

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use futures_util::{Stream, StreamExt as _};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Largest JSON body accepted.
pub const JSON_LIMIT: usize = 256 * 1024;

/// A JSON body, read up to [`JSON_LIMIT`] and parsed with the path of any offending field.
///
/// Syntax errors are 400 `malformed_json`; values of the wrong type and unknown fields are 422
/// with `field` set, so that clients can point at the input that needs fixing.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let declared = expect_body(req, "application/json", JSON_LIMIT);
        let mut payload = payload.take();
        Box::pin(async move {
            let body = read_up_to(&mut payload, declared?, JSON_LIMIT).await?;
            parse_json(&body).map(ApiJson)
        })
    }
}

/// A body that broke off, or missed its deadline (408).
fn unreadable(error: PayloadError) -> ApiError {
    if crate::body_deadline::is_timeout(&error) {
        return crate::body_deadline::too_slow();
    }
    ApiError::bad_request(
        "unreadable_body",
        format!("The body could not be read: {error}"),
    )
}

fn too_large_for(limit: usize) -> ApiError {
    ApiError::client(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("The body exceeds {} KiB.", limit / 1024),
    )
}

/// Reads a whole body of `media_type` (e.g. `text/csv`) up to `limit` bytes, refusing other
/// types with 415 and larger bodies with 413 before reading further.
pub async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    media_type: &str,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    let declared = expect_body(req, media_type, limit)?;
    read_up_to(&mut payload, declared, limit).await
}

/// Refuses a body whose type is not `media_type` (415) or whose declared length is over
/// `limit` (413), before any of it is read; else the declared length, if any.
fn expect_body(
    req: &HttpRequest,
    media_type: &str,
    limit: usize,
) -> Result<Option<usize>, ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !content_type.starts_with(media_type) {
        return Err(ApiError::client(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("Send the body as {media_type}."),
        ));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large_for(limit));
    }
    Ok(declared)
}

/// Reads `payload` to its end, refusing it with 413 once it grows over `limit` bytes (and with
/// the body deadline's answer where the client sends too slowly).
pub async fn read_up_to(
    payload: &mut (impl Stream<Item = Result<web::Bytes, PayloadError>> + Unpin),
    declared: Option<usize>,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(unreadable)?;
        if body.len() + chunk.len() > limit {
            return Err(too_large_for(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Parses `body` as `T`, mapping serde's errors to API errors with the field path.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        json_error(&inner, path)
    })?;
    deserializer.end().map_err(|e| json_error(&e, ".".into()))?;
    Ok(value)
}

/// Turns an already parsed JSON value into `T`, with the same errors as [`parse_json`].
pub fn from_json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        json_error(error.inner(), path)
    })
}

fn json_error(error: &serde_json::Error, path: String) -> ApiError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Data => {
            let message = error.to_string();
            let code = if message.starts_with("unknown field") {
                "unknown_field"
            } else {
                "invalid_type"
            };
            let error = ApiError::client(StatusCode::UNPROCESSABLE_ENTITY, code, message);
            if path == "." { error } else { error.at(path) }
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::bad_request(
            "malformed_json",
            format!("The body is not valid JSON: {error}"),
        ),
    }
}

/// Parses a path segment as a UUID id.
pub fn parse_id(value: &str) -> Result<String, ApiError> {
    uuid::Uuid::try_parse(value)
        .map(|id| id.to_string())
        .map_err(|_| {
            ApiError::bad_request("invalid_id", format!("{value:?} is not a valid id.")).at("id")
        })
}
