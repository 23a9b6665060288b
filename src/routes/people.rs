//! Data subject rights: export or erase everything held about one address.

use actix_web::{HttpResponse, delete, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::accounts::{Can, can};
use crate::domain::Email;
use crate::error::ApiError;
use crate::openapi::schemas::EmailAddress;
use crate::people::{self, Erased, PersonExport};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_person).service(erase_person);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonQuery {
    /// The address whose data is meant.
    #[param(value_type = EmailAddress, required = true)]
    pub email: Option<String>,
}

impl PersonQuery {
    /// The address asked for, or the API's refusal (400 at `email`).
    pub(crate) fn email(&self) -> Result<Email, ApiError> {
        Email::parse(self.email.as_deref().unwrap_or(""))
            .map_err(|e| ApiError::bad_request("invalid_query_parameter", e.message).at("email"))
    }
}

/// Everything held about an address: subscription with consent record, registrations, and
/// the mails sent to it (outline only).
#[utoipa::path(tag = "admin", params(PersonQuery), security(("bearer" = ["manage_personal_data"])),
    responses((status = 200, body = PersonExport)))]
#[get("/admin/people")]
pub async fn export_person(
    can: Can<can::ManagePersonalData>,
    state: web::Data<AppState>,
    query: web::Query<PersonQuery>,
) -> Result<HttpResponse, ApiError> {
    let email = query.email()?;
    let export = people::export_audited(&state, &can, email).await?;
    Ok(HttpResponse::Ok().json(export))
}

/// Erases an address everywhere: the subscription and its consent record go; registrations
/// and mails keep no personal data but still count. A registration that held or awaited a
/// seat is withdrawn first (its seat goes to the waitlist; the erased person gets no mail).
#[utoipa::path(tag = "admin", params(PersonQuery), security(("bearer" = ["manage_personal_data"])),
    responses((status = 200, body = Erased)))]
#[delete("/admin/people")]
pub async fn erase_person(
    can: Can<can::ManagePersonalData>,
    state: web::Data<AppState>,
    query: web::Query<PersonQuery>,
) -> Result<HttpResponse, ApiError> {
    let email = query.email()?;
    let erased = people::erase_audited(&state, &can, email).await?;
    Ok(HttpResponse::Ok().json(erased))
}
