//! `GET /assets/{path}`: the embedded stylesheets and fonts under their fingerprinted names
//! (see `site::assets`). A name changes with its content, so each may be kept for a year.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::state::AppState;

/// One asset; an unknown or outdated name is answered 404.
#[get("/assets/{path:.+}")]
pub async fn serve(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let asset = state.site.assets.get(&path).ok_or_else(|| {
        ApiError::client(
            actix_web::http::StatusCode::NOT_FOUND,
            "not_found",
            "There is no such asset.",
        )
    })?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, asset.content_type))
        .insert_header((CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(asset.body.clone()))
}
