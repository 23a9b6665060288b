//! The OpenAPI document. Paths and schemas are collected from the routes as they are mounted
//! (utoipa-actix-web), so an endpoint cannot be served without being documented.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "dialogo",
        description = "Events, registrations, newsletter and invitations for dialogue programmes. \
                       Errors always have the shape {\"error\": {\"code\", \"message\", \"field\"}}.",
    ),
    modifiers(&BearerToken),
    tags(
        (name = "events", description = "The public event catalogue"),
        (name = "registrations", description = "Registering for events, confirming and withdrawing"),
        (name = "admin", description = "Coordinators' endpoints; need an admin bearer token"),
        (name = "operations", description = "Health checks"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An admin token from `dialogo token create --name NAME`.",
                    ))
                    .build(),
            ),
        );
    }
}
