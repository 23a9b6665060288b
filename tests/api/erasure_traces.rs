//! An erasure leaves nothing of the person behind: not in any row of any table (read with
//! plain SQL, not through the API that did the erasing), and on SQLite not in the bytes of the
//! database file or its WAL either; nor any of the links mailed to them, in clear or hashed.
//! The person had a registration, a subscription with its consent record, an invitation, a
//! mail still waiting for a retry and a mail that failed.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::{Value, json};

use dialogo::db::DbConnection;
use dialogo::db::schema::outbox;

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp, berlin_webinar};
use crate::newsletter_flow::subscribe;
use crate::registration_flow::{WAIT, app_with_sink, register, registrant};
use crate::security_support::{
    erase, event_with_seats, quiet_mails, register_and_confirm, token_after, tokens_after,
};

for_both_backends!(an_erased_person_leaves_no_trace_in_rows_files_or_links);

const EMAIL: &str = "Tamar.Erasable@Example.org";
/// The address as stored and mailed to (the domain lower-cased).
const STORED: &str = "Tamar.Erasable@example.org";
const NAME: &str = "Tamarindo Erasable";
const ORGANISATION: &str = "Erasable Municipal Office";

fn person() -> Value {
    let mut body = registrant(EMAIL);
    body["name"] = json!(NAME);
    body["organisation"] = json!(ORGANISATION);
    body
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// Every row of every table of the database, each as one line of text.
fn every_row(conn: &mut DbConnection) -> Vec<(String, String)> {
    let tables_sql = match conn {
        DbConnection::Sqlite(_) => {
            "SELECT name AS line FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%'"
        }
        DbConnection::Pg(_) => {
            "SELECT table_name::text AS line FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        }
    };
    let tables: Vec<String> = diesel::sql_query(tables_sql)
        .load::<Line>(conn)
        .unwrap()
        .into_iter()
        .map(|l| l.line)
        .collect();
    assert!(tables.len() >= 15, "{tables:?}");
    let mut rows = Vec::new();
    for table in tables {
        let sql = match conn {
            DbConnection::Sqlite(_) => {
                let columns: Vec<String> = diesel::sql_query(format!(
                    "SELECT name AS line FROM pragma_table_info('{table}')"
                ))
                .load::<Line>(conn)
                .unwrap()
                .into_iter()
                .map(|l| format!("coalesce(CAST(\"{}\" AS TEXT), '')", l.line))
                .collect();
                format!(
                    "SELECT {} AS line FROM \"{table}\"",
                    columns.join(" || '|' || ")
                )
            }
            DbConnection::Pg(_) => format!("SELECT t::text AS line FROM \"{table}\" t"),
        };
        for line in diesel::sql_query(sql).load::<Line>(conn).unwrap() {
            rows.push((table.clone(), line.line));
        }
    }
    rows
}

/// The links' tokens in `messages`, and their hashes as they were stored.
fn tokens_in(messages: &[String]) -> Vec<String> {
    let mut tokens = Vec::new();
    for message in messages {
        for marker in dialogo::routes::links::LINK_PAGES {
            for token in tokens_after(message, marker) {
                tokens.push(dialogo::secret::hash(&token));
                tokens.push(token);
            }
        }
    }
    tokens.sort();
    tokens.dedup();
    tokens
}

/// What must be gone: the address (as given and lower-cased), the name, the organisation and
/// the tokens with their hashes.
fn traces(tokens: &[String]) -> Vec<String> {
    let mut traces = vec![
        EMAIL.to_owned(),
        EMAIL.to_lowercase(),
        "Tamar.Erasable".to_owned(),
        NAME.to_owned(),
        ORGANISATION.to_owned(),
    ];
    traces.extend(tokens.iter().cloned());
    traces
}

/// The bodies of the person's mails still held in the outbox (pending and failed ones).
async fn held_messages(app: &TestApp) -> Vec<String> {
    app.with_conn(|conn| {
        outbox::table
            .filter(outbox::recipient.eq(STORED))
            .filter(outbox::message.is_not_null())
            .select(outbox::message.assume_not_null())
            .load(conn)
            .unwrap()
    })
    .await
}

/// Waits for a mail to the person in `status` that was tried and refused.
async fn refused_mail_in(app: &TestApp, status: &'static str) {
    let started = Instant::now();
    loop {
        let n = app
            .with_conn(move |conn| {
                outbox::table
                    .filter(outbox::recipient.eq(STORED))
                    .filter(outbox::status.eq(status))
                    .filter(outbox::attempts.ge(1))
                    .filter(outbox::last_error.is_not_null())
                    .count()
                    .get_result::<i64>(conn)
                    .unwrap()
            })
            .await;
        if n > 0 {
            return;
        }
        assert!(started.elapsed() < WAIT, "no {status} mail to the person");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn an_erased_person_leaves_no_trace_in_rows_files_or_links(backend: Backend) {
    // Retries far apart: a mail refused for now stays pending for the rest of the test.
    let Some((app, sink)) =
        app_with_sink(backend, &[("DIALOGO_MAIL_RETRY_BASE_MS", "3600000".into())]).await
    else {
        return;
    };
    let event = event_with_seats(&app, 1).await;
    let registered = register(&app, &event, &person()).await;
    assert_eq!(registered.status, 202, "{}", registered.text);
    let opt_in = crate::security_support::newest_link_mail(&sink, STORED, "confirm").await;
    let confirmed = crate::registration_flow::act(
        &app,
        "confirm",
        &crate::registration_flow::token(&opt_in, "confirm"),
    )
    .await;
    assert_eq!(confirmed.body["status"], "confirmed", "{}", confirmed.text);
    // Someone else waits for the seat, and keeps everything of theirs.
    let other = register_and_confirm(&app, &sink, &event, "other@example.org").await;
    assert_eq!(other.body["status"], "waitlisted");

    let mut subscription = crate::newsletter_flow::subscription(EMAIL, "en");
    subscription["name"] = json!(NAME);
    assert_eq!(subscribe(&app, &subscription).await.status, 202);
    let raw = quiet_mails(&app, &sink, 5).await;
    let confirm_mail = raw
        .iter()
        .find(|m| m.text.contains("/newsletter/confirm/"))
        .expect("the newsletter's opt-in");
    let newsletter_token = token_after(&confirm_mail.text, "/newsletter/confirm/").unwrap();
    let confirmed = app
        .send(
            app.client
                .post(app.url("/api/v1/newsletter/confirm"))
                .json(&json!({"token": newsletter_token})),
        )
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);

    let second = app.publish_event(&berlin_webinar()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let invited = app
        .admin_post(
            &format!("/api/v1/admin/events/{second}/invitations"),
            &json!({"invitees": [{"email": EMAIL, "name": NAME, "organisation": ORGANISATION,
                "organisation_type": "municipality", "country": "GE"}]}),
        )
        .await;
    assert_eq!(invited.status, 202, "{}", invited.text);
    let delivered = quiet_mails(&app, &sink, 6).await;
    let registration_id = app
        .admin_get(&format!("/api/v1/admin/events/{event}/registrations"))
        .await
        .body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let resend = format!("/api/v1/admin/events/{event}/registrations/{registration_id}/resend");

    // A mail refused for good, and one refused for now that waits for its retry.
    sink.refuse_recipient(STORED, true);
    assert_eq!(app.admin_post(&resend, &json!({})).await.status, 200);
    refused_mail_in(&app, "failed").await;
    sink.refuse_recipient(STORED, false);
    sink.refuse_temporarily(true);
    assert_eq!(app.admin_post(&resend, &json!({})).await.status, 200);
    refused_mail_in(&app, "pending").await;
    sink.refuse_temporarily(false);

    // The person's mails only: the other registrant keeps their links.
    let mut messages: Vec<String> = sink
        .mails()
        .iter()
        .zip(crate::registration_flow::parse_mails(&sink.mails()))
        .filter(|(_, parsed)| parsed.to == STORED)
        .map(|(raw, _)| String::from_utf8_lossy(raw).into_owned())
        .collect();
    messages.extend(held_messages(&app).await);
    let tokens = tokens_in(&messages);
    // Registration: confirm, withdraw (three mails); newsletter: confirm; invitation:
    // register, decline; each with its hash.
    assert!(tokens.len() >= 2 * 7, "{} tokens: {tokens:?}", tokens.len());
    assert!(delivered.len() >= 6);

    let erased = erase(&app, EMAIL).await;
    assert_eq!(
        erased.body,
        json!({"subscriptions": 1, "registrations": 1, "invitations": 1, "mails": 6}),
        "{}",
        erased.text
    );

    let traces = traces(&tokens);
    let rows = app.with_conn(every_row).await;
    for (table, row) in &rows {
        for trace in &traces {
            assert!(
                !row.to_lowercase().contains(&trace.to_lowercase()),
                "{table} still holds {trace:?}: {row}"
            );
        }
    }
    // The other registrant, who took the seat, is all there.
    assert!(rows.iter().any(|(table, row)| table == "registrations"
        && row.contains("other@example.org")
        && row.contains("confirmed")));

    if backend == Backend::Sqlite {
        let path = app.app_state.settings.database_url.redacted();
        let file = std::path::PathBuf::from(path.trim_start_matches("sqlite://"));
        let mut wal = file.clone().into_os_string();
        wal.push("-wal");
        for path in [file.clone(), wal.into()] {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let unfolded = String::from_utf8_lossy(&bytes)
                .replace("=\r\n", "")
                .to_lowercase();
            for trace in &traces {
                assert!(
                    !unfolded.contains(&trace.to_lowercase()),
                    "{} still holds {trace:?}",
                    path.display()
                );
            }
        }
    }
}
