//! Registrations: the public sign-up with double opt-in, the pages behind the links in mails,
//! and the coordinators' lists and decisions.

pub mod admin;
pub mod decisions;
pub mod export;
pub mod pages;
pub mod public;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(public::register)
        .service(public::confirm)
        .service(public::withdraw)
        .service(admin::list_registrations)
        .service(admin::approve)
        .service(admin::reject)
        .service(admin::resend)
        .service(admin::remove);
}
