//! API tests: the real server on a random port, against a fresh SQLite file and a fresh
//! PostgreSQL database per test, run by [`harness`].

mod harness;
mod helpers;
#[path = "../support/scratch_database.rs"]
mod scratch_database;
#[path = "../support/smtp_sink.rs"]
mod smtp_sink;
#[path = "../support/smtp_tls.rs"]
mod smtp_tls;

mod agenda;
mod audit;
mod auth;
mod backups;
mod console_agenda;
mod console_event_form;
mod console_events;
mod console_invitations;
mod console_newsletter_issues;
mod console_newsletter_sending;
mod console_ops;
mod console_people;
mod console_registrations;
mod console_routes;
mod console_sign_in;
mod console_subscribers;
mod console_support;
mod console_tokens;
mod console_two_factor;
mod embedding;
mod erasure_mailings;
mod erasure_traces;
mod event_calendars;
mod event_feeds;
mod event_lifecycle;
mod event_lists;
mod event_times;
mod event_validation;
mod form_protection;
mod form_support;
mod invitations;
mod locale_overrides;
mod mail_dates;
mod mail_delivery;
mod mail_links;
mod mail_outbox;
mod mail_signature;
mod mails;
mod metrics;
mod migrations;
mod newsletter_admin;
mod newsletter_flow;
mod newsletter_issues;
mod newsletter_page;
mod openapi_contract;
mod operations;
mod page_layout;
mod process_exit;
mod processes;
mod public_pages;
mod read_cache;
mod register_page;
mod register_page_cases;
mod registration_admin;
mod registration_flow;
mod registration_rules;
mod retention;
mod roles;
mod schedule_settings;
mod schedule_support;
mod scheduled_mails;
mod security_clients;
mod security_consent;
mod security_content;
mod security_logs;
mod security_mails;
mod security_pages;
mod security_process;
mod security_quota;
mod security_requests;
mod security_support;
mod served;
mod shutdown;
mod stored_rows;

fn main() -> std::process::ExitCode {
    harness::main()
}
