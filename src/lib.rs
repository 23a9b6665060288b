//! dialogo: event management for dialogue programmes — events, registrations, newsletter,
//! invitations and the mail that goes with them, on SQLite or PostgreSQL.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod body_deadline;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod invitations;
pub mod mail;
pub mod metrics;
pub mod newsletter;
pub mod openapi;
pub mod organisation;
pub mod overview;
pub mod people;
pub mod periodic;
pub mod rate_limit;
pub mod registrations;
pub mod retention;
pub mod routes;
pub mod schedule;
pub mod secret;
pub mod seed;
pub mod site;
pub mod startup;
pub mod state;
pub mod telemetry;
