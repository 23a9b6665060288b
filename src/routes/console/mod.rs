//! The console for staff: signing in (with a second factor where switched on), setting and
//! resetting a password through a link, the account's own settings, and the pages that need a
//! role. Every page is personal: never cached, never indexed, no referrer, in the account's
//! language (before signing in, the browser's).

mod account;
mod agenda;
mod agenda_form;
mod audit_log;
mod audit_names;
mod dashboard;
mod event_actions;
mod event_editor;
mod event_form;
mod event_form_fields;
mod events;
mod filters;
mod invitations;
mod invite;
mod invite_form;
mod issue;
mod issue_actions;
mod issue_editor;
mod issue_form;
mod issues;
mod labels;
mod moment;
pub mod nav;
mod outbox;
mod pager;
mod pages;
mod password;
mod people;
mod person;
mod progress;
mod registration;
mod registrations;
mod schedule;
pub mod session;
mod sign_in;
mod signed;
mod subscriber;
mod subscriber_import;
mod subscribers;
mod tokens;
mod users;
mod waitlist;

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::middleware::from_fn;
use actix_web::web;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::routes::csrf;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/console")
            .wrap(from_fn(csrf::protect))
            .wrap(from_fn(session::console_session))
            .route("", web::get().to(dashboard::home))
            .route("/sign-in", web::get().to(sign_in::show))
            .route("/sign-in", web::post().to(sign_in::submit))
            .route("/sign-in/code", web::get().to(sign_in::show_code))
            .route("/sign-in/code", web::post().to(sign_in::submit_code))
            .route("/sign-out", web::post().to(sign_in::sign_out))
            .route("/password-reset", web::get().to(password::show_reset))
            .route("/password-reset", web::post().to(password::submit_reset))
            .route("/password-reset/sent", web::get().to(password::reset_sent))
            .route("/password/{token}", web::get().to(password::show))
            .route("/password/{token}", web::post().to(password::submit))
            .route(
                "/account/two-factor",
                web::get().to(account::show_two_factor),
            )
            .route(
                "/account/two-factor",
                web::post().to(account::submit_two_factor),
            )
            .route("/users", web::get().to(users::list))
            .route("/tokens", web::get().to(tokens::list))
            .route("/tokens", web::post().to(tokens::create))
            .route("/tokens/{id}/revoke", web::get().to(tokens::confirm_revoke))
            .route("/tokens/{id}/revoke", web::post().to(tokens::revoke))
            .route("/events", web::get().to(events::list))
            .route("/events/new", web::get().to(event_editor::new))
            .route("/events/new", web::post().to(event_editor::create))
            .route("/events/{id}", web::get().to(events::show))
            .route("/events/{id}/agenda", web::get().to(agenda::show))
            .route("/events/{id}/agenda", web::post().to(agenda::save))
            .route("/events/{id}/schedule", web::get().to(schedule::show))
            .route("/events/{id}/schedule", web::post().to(schedule::save))
            .route("/events/{id}/edit", web::get().to(event_editor::edit))
            .route("/events/{id}/edit", web::post().to(event_editor::update))
            .route(
                "/events/{id}/duplicate",
                web::post().to(event_actions::duplicate),
            )
            .route(
                "/events/{id}/registrations",
                web::get().to(registrations::table),
            )
            .route("/events/{id}/waitlist", web::get().to(waitlist::show))
            .route(
                "/events/{id}/registrations.csv",
                web::get().to(registrations::export_csv),
            )
            .route(
                "/events/{id}/registrations/{registration_id}",
                web::get().to(registration::show),
            )
            .route(
                "/events/{id}/registrations/{registration_id}/{decision}",
                web::post().to(registration::decide),
            )
            .route("/events/{id}/invitations", web::get().to(invitations::list))
            .route("/events/{id}/invitations/new", web::get().to(invite::new))
            .route(
                "/events/{id}/invitations/progress",
                web::get().to(invitations::progress),
            )
            .route(
                "/events/{id}/invitations/preview",
                web::post().to(invite::preview),
            )
            .route("/events/{id}/invitations/new", web::post().to(invite::send))
            .route(
                "/events/{id}/invitations/follow-up",
                web::get().to(invitations::confirm_follow_up),
            )
            .route(
                "/events/{id}/invitations/follow-up",
                web::post().to(invitations::follow_up),
            )
            .route(
                "/events/{id}/{action}",
                web::get().to(event_actions::confirm),
            )
            .route("/events/{id}/{action}", web::post().to(event_actions::act))
            .route("/outbox", web::get().to(outbox::list))
            .route("/outbox/{id}/retry", web::post().to(outbox::retry))
            .route("/newsletter/subscribers", web::get().to(subscribers::list))
            .route(
                "/newsletter/subscribers.csv",
                web::get().to(subscribers::export_csv),
            )
            .route(
                "/newsletter/subscribers/import",
                web::get().to(subscriber_import::show),
            )
            .route(
                "/newsletter/subscribers/import",
                web::post().to(subscriber_import::submit),
            )
            .route(
                "/newsletter/subscribers/{id}",
                web::get().to(subscriber::show),
            )
            .route(
                "/newsletter/subscribers/{id}/delete",
                web::get().to(subscriber::confirm_delete),
            )
            .route(
                "/newsletter/subscribers/{id}/delete",
                web::post().to(subscriber::delete),
            )
            .route("/people", web::get().to(people::lookup))
            .route("/people/export", web::get().to(people::export))
            .route("/people/erase", web::get().to(people::confirm_erase))
            .route("/people/erase", web::post().to(people::erase))
            .route("/newsletter", web::get().to(issues::list))
            .route("/newsletter/new", web::get().to(issue_editor::new))
            .route("/newsletter/new", web::post().to(issue_editor::create))
            .route("/newsletter/{id}", web::get().to(issue::show))
            .route("/newsletter/{id}/progress", web::get().to(issue::progress))
            .route("/newsletter/{id}/edit", web::get().to(issue_editor::edit))
            .route(
                "/newsletter/{id}/edit",
                web::post().to(issue_editor::update),
            )
            .route(
                "/newsletter/{id}/pause",
                web::post().to(issue_actions::pause),
            )
            .route("/newsletter/{id}/test", web::post().to(issue_actions::test))
            .route(
                "/newsletter/{id}/{action}",
                web::get().to(issue_actions::confirm),
            )
            .route(
                "/newsletter/{id}/{action}",
                web::post().to(issue_actions::act),
            )
            .route("/audit", web::get().to(audit_log::list))
            .route("/audit/export", web::get().to(audit_log::export)),
    );
}

/// Attempts per client address at signing in, giving a code and asking for a reset link:
/// `burst` at once (20 unless set), then one more every 30 seconds. Enough for a shared office
/// address, far too few to try passwords (each account locks after a few failures besides).
pub fn attempt_limiter(burst: u32) -> Arc<DefaultKeyedRateLimiter<IpAddr>> {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(Duration::from_secs(30))
        .unwrap_or_else(|| Quota::per_minute(NonZeroU32::MIN))
        .allow_burst(burst);
    Arc::new(RateLimiter::keyed(quota))
}

/// Whether the client of `req` may make one more attempt (see [`attempt_limiter`]).
fn attempt_allowed(state: &AppState, req: &HttpRequest) -> bool {
    let client = crate::client_address::client_address(req, &state.settings.trusted_proxies);
    client.is_none_or(|client| {
        state
            .sign_in_attempts
            .check_key(&crate::rate_limit::key(client))
            .is_ok()
    })
}

/// The message that names `role`.
fn role_text(role: crate::accounts::Role) -> &'static str {
    use crate::accounts::Role;
    match role {
        Role::Admin => "console-role-admin",
        Role::Coordinator => "console-role-coordinator",
        Role::NewsletterEditor => "console-role-newsletter-editor",
        Role::Viewer => "console-role-viewer",
    }
}
