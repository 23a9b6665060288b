//! Invitations: coordinators invite and follow up; invitees register through their personal
//! link or decline.

pub mod admin;
pub mod pages;

use actix_web::{HttpResponse, post, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::rate_limit::PublicWrite;
use crate::routes::bodies::TokenInput;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(admin::invite)
        .service(admin::list_invitations)
        .service(admin::follow_up)
        .service(decline);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Declined {
    #[schema(example = "declined")]
    pub status: &'static str,
}

/// Declines an invitation with the token from its decline link; no follow-up will come.
#[utoipa::path(
    tag = "registrations",
    request_body = TokenInput,
    responses(
        (status = 200, body = Declined),
        (status = 404, description = "Unknown token"),
        (status = 409, description = "Token used"),
        (status = 410, description = "Token expired"),
    )
)]
#[post("/invitations/decline")]
pub async fn decline(
    _limit: PublicWrite,
    state: web::Data<AppState>,
    body: ApiJson<TokenInput>,
) -> Result<HttpResponse, ApiError> {
    let token = body.0.token;
    state
        .db(move |conn| crate::invitations::decline(conn, &token))
        .await?;
    Ok(HttpResponse::Ok().json(Declined { status: "declined" }))
}
