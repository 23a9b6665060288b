//! Events: the public catalogue and the coordinators' administration.

pub mod admin;
pub mod calendar;
pub mod input;
pub mod lifecycle;
pub mod output;
pub mod patch;
pub mod public;
pub mod query;
pub mod validation;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(calendar::events_feed)
        .service(calendar::event_calendar)
        .service(public::list_events)
        .service(public::get_event)
        .service(admin::list_events)
        .service(admin::create_event)
        .service(admin::get_event)
        .service(admin::update_event)
        .service(admin::delete_event)
        .service(admin::publish_event)
        .service(admin::cancel_event);
}
