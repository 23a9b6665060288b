//! The OpenAPI document. Paths and schemas are collected from the routes as they are mounted
//! (utoipa-actix-web), so an endpoint cannot be served without being documented; the shared
//! error answers ([`responses`]), the links between operations ([`links`]) and the roles that
//! may call each admin operation ([`roles`]) are added to the collected document by [`complete`].

pub mod links;
pub mod responses;
pub mod roles;
pub mod schemas;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "dialogo",
        description = "Events, registrations, newsletter and invitations for dialogue programmes. \
                       Errors always have the shape {\"error\": {\"code\", \"message\", \"field\"}}. \
                       A method a path does not serve is answered with 405 and an `Allow` header \
                       listing the methods it does.",
    ),
    modifiers(&BearerToken),
    components(schemas(
        schemas::Language,
        schemas::LanguageCode,
        schemas::AuditAction,
        schemas::CountryCode,
        schemas::TimeZoneName,
        schemas::TopicTag,
        schemas::EmailAddress,
        schemas::LocalTime,
        schemas::Instant,
        schemas::PageCursor,
        crate::routes::csv::ListFormat,
        crate::domain::OrganisationType,
        crate::error::ErrorEnvelope,
    )),
    tags(
        (name = "events", description = "The public event catalogue"),
        (name = "registrations", description = "Registering for events, confirming and withdrawing"),
        (name = "newsletter", description = "Subscribing with double opt-in, confirming, unsubscribing. \
            Every newsletter mail also carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058): \
            a POST of `List-Unsubscribe=One-Click` to /newsletter/unsubscribe/{token} unsubscribes at once, \
            a GET of that URL only shows a page with a button."),
        (name = "newsletter admin", description = "Subscribers, the consent record, CSV import and export, \
            and issues: compose, change a draft, test, send (queued in the background), pause, cancel, progress. \
            An issue with topics reaches subscribers who chose one of them and those who chose no topic."),
        (name = "invitations", description = "Inviting subscribers and named invitees to an event, \
            with personal registration links (register with `invitation_token`: no second opt-in for the \
            invited address), declines, one follow-up, and the answers per address."),
        (name = "admin", description = "Staff endpoints; need a bearer token whose role holds the \
            operation's permission (401 without a valid token, 403 with a role that lacks it)"),
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
                        "An API token from `dialogo token create --name NAME [--user EMAIL]`; \
                         it acts with the role of its user (without `--user`: admin). Each \
                         operation names the permission it needs as the scope of this \
                         requirement, and the roles that hold it in its description.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Adds to the document collected from the routes what spans operations: the shared error
/// answers and the links from the operations that create resources to those that use them.
pub fn complete(mut openapi: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    responses::add_error_responses(&mut openapi);
    links::add_links(&mut openapi);
    roles::add_roles(&mut openapi);
    openapi
}
