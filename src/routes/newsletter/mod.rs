//! The newsletter: public subscription with double opt-in and one-click unsubscribe, the
//! pages behind the links in its mails, and the coordinators' subscribers and issues.

pub mod consents;
pub mod issues;
pub mod pages;
pub mod public;
pub mod subscribers;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(public::subscribe)
        .service(public::confirm)
        .service(public::unsubscribe)
        .configure(subscribers::configure)
        .configure(issues::configure);
}
