//! Rows with values this version does not know (a status, a zone): reading them is an error,
//! answered with a 500 and logged, never a quiet default.

use diesel::prelude::*;
use serde_json::Value;

use crate::for_both_backends;
use crate::helpers::{Backend, berlin_webinar};
use crate::registration_flow::{register, registrant};
use dialogo::db::DbConnection;
use dialogo::db::models::{Event, Registration};

for_both_backends!(an_unknown_zone_or_status_in_a_row_is_an_error_not_a_default,);

/// Writes `statement` past the table's own checks, as a row from elsewhere would be.
fn write_unchecked(conn: &mut DbConnection, statement: &str) {
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query("PRAGMA ignore_check_constraints = ON")
                .execute(c)
                .unwrap();
            diesel::sql_query(statement).execute(c).unwrap();
            diesel::sql_query("PRAGMA ignore_check_constraints = OFF")
                .execute(c)
                .unwrap();
        }
        DbConnection::Pg(c) => {
            diesel::sql_query(
                "ALTER TABLE registrations DROP CONSTRAINT registrations_status_check",
            )
            .execute(c)
            .unwrap();
            diesel::sql_query(statement).execute(c).unwrap();
        }
    }
}

/// The whole cause chain of a failed read, as the log shows it.
fn reason(error: impl Into<anyhow::Error>) -> String {
    format!("{:#}", error.into())
}

async fn an_unknown_zone_or_status_in_a_row_is_an_error_not_a_default(backend: Backend) {
    let Some(app) = crate::helpers::spawn_app(backend).await else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let event_id = event["id"].as_str().unwrap().to_owned();
    assert_eq!(
        register(&app, &event_id, &registrant("ana@example.org"))
            .await
            .status,
        202
    );
    let registrations = format!("/api/v1/admin/events/{event_id}/registrations");
    assert_eq!(app.admin_get(&registrations).await.status, 200);

    // A registration status this version does not know.
    let id = event_id.clone();
    let read = app
        .with_conn(move |conn| {
            write_unchecked(conn, "UPDATE registrations SET status = 'archived'");
            let registration = Registration::find_by_email(
                conn,
                &id,
                &dialogo::domain::Email::parse("ana@example.org").unwrap(),
            );
            registration.map(|r| r.map(|r| r.status)).map_err(reason)
        })
        .await;
    let error = read.expect_err("an unknown status is no registration");
    assert!(
        error.contains("the stored registration status \"archived\""),
        "{error}"
    );
    let list = app.admin_get(&registrations).await;
    assert_eq!((list.status, list.code()), (500, "internal_error"));

    // An event's zone this version does not know.
    let id = event_id.clone();
    let read = app
        .with_conn(move |conn| {
            diesel::sql_query("UPDATE events SET timezone = 'Mars/Olympus_Mons'")
                .execute(conn)
                .unwrap();
            Event::find(conn, &id).map(|e| e.timezone).map_err(reason)
        })
        .await;
    let error = read.expect_err("an unknown zone is no event");
    assert!(
        error.contains("the stored time zone \"Mars/Olympus_Mons\""),
        "{error}"
    );
    let shown = app
        .admin_get(&format!("/api/v1/admin/events/{event_id}"))
        .await;
    assert_eq!((shown.status, shown.code()), (500, "internal_error"));
    assert_eq!(shown.body["timezone"], Value::Null);
}
