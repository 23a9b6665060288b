//! Liveness and readiness for load balancers and orchestrators.

use actix_web::{HttpResponse, get, http::StatusCode, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, body = Health),
        (status = 503, description = "The database is unreachable"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let ready = state
        .db(|conn| conn.batch_execute("SELECT 1").map_err(ApiError::internal))
        .await;
    match ready {
        Ok(()) => Ok(HttpResponse::Ok().json(Health { status: "ok" })),
        Err(error) => {
            tracing::warn!(
                error = format!("{:#}", anyhow::Error::new(error)),
                "not ready"
            );
            Err(ApiError::client(
                StatusCode::SERVICE_UNAVAILABLE,
                "not_ready",
                "The database is not reachable.",
            ))
        }
    }
}
