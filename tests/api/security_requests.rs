//! Requests that must be turned away early: admin requests without a valid token (before
//! anything looks at their body), bodies that trickle in, and a configuration that would send
//! mail credentials in clear.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::helpers::{Backend, TestApp, berlin_webinar, spawn_app_with};
use crate::security_process::{binary, database_for};
use crate::{for_both_backends, on_both_backends};

on_both_backends!(admin_requests_without_a_valid_token_learn_nothing);
for_both_backends!(
    a_body_that_trickles_in_is_cut_off_at_its_deadline,
    credentials_for_plain_smtp_stop_the_start_with_one_line_naming_the_variable,
);

async fn admin_requests_without_a_valid_token_learn_nothing(app: TestApp) {
    let id = uuid::Uuid::now_v7();
    let requests = [
        (
            "POST",
            "/api/v1/admin/events".to_owned(),
            "application/json",
            "{}",
        ),
        ("POST", "/api/v1/admin/events".to_owned(), "text/plain", "x"),
        (
            "POST",
            "/api/v1/admin/events".to_owned(),
            "application/json",
            "{not json",
        ),
        (
            "PATCH",
            format!("/api/v1/admin/events/{id}"),
            "application/json",
            "[]",
        ),
        (
            "PATCH",
            "/api/v1/admin/events/not-an-id".to_owned(),
            "application/json",
            "{}",
        ),
        (
            "POST",
            "/api/v1/admin/newsletter/issues".to_owned(),
            "text/plain",
            "x",
        ),
        (
            "POST",
            format!("/api/v1/admin/events/{id}/invitations"),
            "text/xml",
            "<x/>",
        ),
        (
            "PUT",
            format!("/api/v1/admin/events/{id}/schedule"),
            "text/plain",
            "x",
        ),
        (
            "POST",
            "/api/v1/admin/newsletter/subscribers/import".to_owned(),
            "application/json",
            "{}",
        ),
        (
            "DELETE",
            "/api/v1/admin/people?email=nope".to_owned(),
            "application/json",
            "",
        ),
        (
            "GET",
            "/api/v1/admin/no-such-thing".to_owned(),
            "application/json",
            "",
        ),
        (
            "POST",
            "/api/v1/%61dmin/events".to_owned(),
            "application/json",
            "{}",
        ),
    ];
    for token in [None, Some("dlg_bogus")] {
        for (method, path, content_type, body) in &requests {
            let mut request = app
                .client
                .request(method.parse().unwrap(), app.url(path))
                .header("Content-Type", *content_type)
                .body(*body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let reply = app.send(request).await;
            assert_eq!(
                (reply.status, reply.code()),
                (401, "unauthorized"),
                "{method} {path} with {token:?}: {}",
                reply.text
            );
            assert_eq!(reply.headers["www-authenticate"], "Bearer");
        }
    }
    // With the token, the same route reads and judges the body.
    let reply = app.admin_post("/api/v1/admin/events", &json!({})).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    app.create_event(&berlin_webinar()).await;
}

/// Sends a request head announcing `length` bytes of body, then the body one byte every
/// 300 ms; returns what the server answered and when the connection was closed.
async fn trickle(address: &str, head: &str, length: usize) -> (String, Duration) {
    let mut stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(format!("{head}Content-Length: {length}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let trickler = tokio::spawn(async move {
        for _ in 0..length {
            if writer.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), reader.read_to_end(&mut answer)).await;
    trickler.abort();
    assert!(read.is_ok(), "the connection was still open after 30 s");
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

async fn a_body_that_trickles_in_is_cut_off_at_its_deadline(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("DIALOGO_BODY_TIMEOUT_SECONDS", "2".into())]).await
    else {
        return;
    };
    let event = app.publish_event(&berlin_webinar()).await;
    let id = event["id"].as_str().unwrap();
    for head in [
        format!(
            "POST /api/v1/events/{id}/registrations HTTP/1.1\r\nHost: x\r\n\
             Content-Type: application/json\r\n"
        ),
        format!(
            "POST /api/v1/admin/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
                 Content-Type: application/json\r\n",
            app.admin_token
        ),
    ] {
        // 100 bytes at one per 300 ms would take half a minute.
        let (answer, took) = trickle(&app.address, &head, 100).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("request_timeout"), "{answer}");
        assert!(
            took >= Duration::from_secs(2) && took < Duration::from_secs(10),
            "closed after {took:?}"
        );
    }
    // A body that arrives in time is read as before.
    assert_eq!(app.event_count().await, 1);
}

async fn credentials_for_plain_smtp_stop_the_start_with_one_line_naming_the_variable(
    backend: Backend,
) {
    let dir = tempfile::tempdir().unwrap();
    let (_database, settings) = database_for(backend);
    let sqlite = format!("sqlite://{}", dir.path().join("d.db").display());
    let database = settings.first().map_or(sqlite, |(_, url)| url.clone());
    let mut output = binary()
        .arg("serve")
        .env("DIALOGO_DATABASE_URL", database)
        .env(
            "DIALOGO_MAIL_URL",
            "smtp://relay-user:relay-secret@127.0.0.1:2525",
        )
        .env("DIALOGO_BIND", "127.0.0.1:0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A server that starts does not exit: it is stopped after a while, and the test fails.
    let started = Instant::now();
    while output.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            output.kill().unwrap();
            panic!("dialogo serve started with credentials for plain SMTP");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let output = output.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("dialogo: configuration error: DIALOGO_MAIL_URL:"),
        "{stderr}"
    );
    assert!(!stderr.contains("relay-secret"), "{stderr}");
    assert!(!dir.path().join("d.db").exists(), "nothing was started");
}
