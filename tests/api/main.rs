//! API tests: the real server on a random port, against a fresh SQLite file and a fresh
//! PostgreSQL database per test.

mod helpers;

mod auth;
mod event_lifecycle;
mod event_lists;
mod event_times;
mod event_validation;
mod operations;
