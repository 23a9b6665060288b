//! `/metrics` as Prometheus reads it: parsed by a strict OpenMetrics parser, with counters
//! that move with the actions that should move them, and route templates where paths hold
//! tokens.

use std::time::Duration;

use openmetrics_parser::{MetricNumber, MetricsExposition, OpenMetricsType, OpenMetricsValue};

use crate::for_both_backends;
use crate::helpers::{Backend, TestApp, berlin_webinar, spawn_app_with};
use crate::mail_outbox::queue_test_mail;
use crate::mails::WAIT;
use crate::registration_flow::{register, registrant};
use crate::smtp_sink::SmtpSink;

type Scrape = MetricsExposition<OpenMetricsType, OpenMetricsValue>;

for_both_backends!(
    metrics_are_off_unless_bound,
    requests_are_counted_by_route_template_and_the_database_is_read_at_each_scrape,
    mail_outcomes_and_scheduler_steps_are_counted,
);

async fn metrics_app(backend: Backend, extra: &[(&str, String)]) -> TestApp {
    let mut settings = vec![("DIALOGO_METRICS_BIND", "127.0.0.1:0".to_owned())];
    settings.extend(extra.iter().cloned());
    spawn_app_with(backend, &settings)
        .await
        .expect("the app starts")
}

/// What the metrics listener serves, parsed.
async fn scrape(app: &TestApp) -> Scrape {
    let port = app.metrics_port.expect("metrics are served");
    let reply = app
        .client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let media_type = reply.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        media_type.starts_with("application/openmetrics-text"),
        "{media_type}"
    );
    let text = reply.text().await.unwrap();
    openmetrics_parser::openmetrics::parse_openmetrics(&text)
        .unwrap_or_else(|error| panic!("not valid OpenMetrics ({error:?}):\n{text}"))
}

/// The value of the sample of `family` with exactly `labels` (a histogram's count), if any.
fn value(scrape: &Scrape, family: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let family = scrape.families.get(family)?;
    let names = family.get_label_names();
    if names.len() != labels.len() {
        return None;
    }
    let values = names
        .iter()
        .map(|name| {
            labels
                .iter()
                .find(|(label, _)| label == name)
                .map(|(_, value)| (*value).to_owned())
        })
        .collect::<Option<Vec<_>>>()?;
    let probe = openmetrics_parser::Sample::new(
        values,
        None,
        OpenMetricsValue::Unknown(MetricNumber::Int(0)),
    );
    let sample = family.get_sample_matches(&probe)?;
    Some(match &sample.value {
        OpenMetricsValue::Counter(counter) => counter.value.as_f64(),
        OpenMetricsValue::Gauge(gauge) | OpenMetricsValue::Unknown(gauge) => gauge.as_f64(),
        OpenMetricsValue::Histogram(histogram) => histogram.count.unwrap_or(0) as f64,
        other => panic!("unexpected value {other:?}"),
    })
}

/// Every label value of every sample, as the exposition renders them.
fn rendered(scrape: &Scrape) -> String {
    scrape.to_string()
}

/// Scrapes until `done` holds for a scrape, and returns that scrape.
async fn scrape_until(app: &TestApp, done: impl Fn(&Scrape) -> bool) -> Scrape {
    let started = std::time::Instant::now();
    loop {
        let scrape = scrape(app).await;
        if done(&scrape) {
            return scrape;
        }
        assert!(
            started.elapsed() < WAIT,
            "condition not reached:\n{}",
            rendered(&scrape)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn metrics_are_off_unless_bound(backend: Backend) {
    let app = spawn_app_with(backend, &[]).await.unwrap();
    assert_eq!(app.metrics_port, None);
    // The public server never answers them, bound or not.
    assert_eq!(app.get("/metrics").await.status, 404);
    let app = metrics_app(backend, &[]).await;
    assert!(app.metrics_port.is_some());
    assert_eq!(app.get("/metrics").await.status, 404);
}

async fn requests_are_counted_by_route_template_and_the_database_is_read_at_each_scrape(
    backend: Backend,
) {
    let app = metrics_app(backend, &[]).await;
    let before = scrape(&app).await;
    let route = [
        ("method", "GET"),
        ("route", "/api/v1/events/{id_or_slug}"),
        ("status", "200"),
    ];
    assert_eq!(value(&before, "dialogo_http_requests", &route), None);

    let event = app.publish_event(&berlin_webinar()).await;
    let slug = event["slug"].as_str().unwrap();
    for _ in 0..2 {
        assert_eq!(app.get(&format!("/api/v1/events/{slug}")).await.status, 200);
    }
    let missing = app.get("/api/v1/events/no-such-event").await;
    assert_eq!(missing.status, 404);
    let secret = "Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW52YWx1ZTEyMzQ1Njc4";
    app.get(&format!("/registrations/confirm/{secret}")).await;
    app.get(&format!("/no/such/path/{secret}")).await;
    let id = event["id"].as_str().unwrap();
    assert_eq!(
        register(&app, id, &registrant("tamar@example.org"))
            .await
            .status,
        202
    );

    let after = scrape(&app).await;
    assert_eq!(value(&after, "dialogo_http_requests", &route), Some(2.0));
    let not_found = [route[0], route[1], ("status", "404")];
    assert_eq!(
        value(&after, "dialogo_http_requests", &not_found),
        Some(1.0)
    );
    let latency = [route[0], route[1]];
    assert_eq!(
        value(&after, "dialogo_http_request_duration_seconds", &latency),
        Some(3.0)
    );
    let link_page = [
        ("method", "GET"),
        ("route", "/registrations/confirm/{token}"),
        ("status", "200"),
    ];
    assert!(
        value(&after, "dialogo_http_requests", &link_page).is_some()
            || value(
                &after,
                "dialogo_http_requests",
                &[link_page[0], link_page[1], ("status", "404")]
            )
            .is_some(),
        "{}",
        rendered(&after)
    );
    let text = rendered(&after);
    assert!(!text.contains(secret), "a raw path was recorded:\n{text}");
    assert!(
        text.contains("route=\"unmatched\""),
        "an unmatched request is counted as such:\n{text}"
    );

    // Read from the database at the scrape: the registration awaits its confirmation, and its
    // opt-in mail is in the outbox.
    assert_eq!(
        value(&after, "dialogo_registrations", &[("status", "pending")]),
        Some(1.0)
    );
    let outbox: f64 = ["pending", "sent"]
        .iter()
        .filter_map(|status| value(&after, "dialogo_outbox_mails", &[("status", status)]))
        .sum();
    assert_eq!(outbox, 1.0, "{text}");
    assert_eq!(
        value(&after, "dialogo_newsletter_issues_sending", &[]),
        Some(0.0)
    );
    assert_eq!(
        value(&after, "dialogo_db_pool_max_connections", &[]),
        Some(6.0)
    );
    let open = value(&after, "dialogo_db_pool_connections", &[]).unwrap();
    assert!((1.0..=6.0).contains(&open), "{open}");
    let wal = value(&after, "dialogo_sqlite_wal_bytes", &[]).unwrap();
    match backend {
        Backend::Sqlite => assert!(wal > 0.0, "the log holds the writes: {wal}"),
        Backend::Postgres => assert_eq!(wal, 0.0),
    }
}

async fn mail_outcomes_and_scheduler_steps_are_counted(backend: Backend) {
    let sink = SmtpSink::start();
    sink.refuse_temporarily(true);
    let app = metrics_app(
        backend,
        &[
            ("DIALOGO_MAIL_URL", sink.url()),
            ("DIALOGO_MAIL_MAX_ATTEMPTS", "2".to_owned()),
        ],
    )
    .await;
    let deliveries = |status| [("status", status)];
    let refused = queue_test_mail(&app, "later@example.org").await;
    crate::mail_delivery::wait_for_status(&app, &refused, "failed").await;
    let scrape1 = scrape(&app).await;
    let count = |scrape: &Scrape, status| {
        value(scrape, "dialogo_mail_deliveries", &deliveries(status)).unwrap_or(0.0)
    };
    assert_eq!(count(&scrape1, "retried"), 1.0, "{}", rendered(&scrape1));
    assert_eq!(count(&scrape1, "failed"), 1.0);
    assert_eq!(count(&scrape1, "sent"), 0.0);
    assert_eq!(
        value(&scrape1, "dialogo_outbox_mails", &[("status", "failed")]),
        Some(1.0)
    );

    sink.refuse_temporarily(false);
    let id = queue_test_mail(&app, "now@example.org").await;
    crate::mail_delivery::wait_for_status(&app, &id, "sent").await;
    let scrape2 = scrape(&app).await;
    assert_eq!(count(&scrape2, "sent"), 1.0);
    assert_eq!(count(&scrape2, "failed"), 1.0);
    assert_eq!(
        value(&scrape2, "dialogo_outbox_oldest_due_age_seconds", &[]),
        Some(0.0),
        "nothing is due"
    );

    // The scheduler runs its first round at start; each step is counted, none failed.
    let steps = [
        "mail_quota",
        "failed_mails",
        "unconfirmed_registrations",
        "unconfirmed_subscribers",
        "retention",
        "scheduled_mails",
    ];
    let ran = scrape_until(&app, |scrape| {
        steps
            .iter()
            .all(|step| value(scrape, "dialogo_scheduler_steps", &[("step", step)]).is_some())
    })
    .await;
    for step in steps {
        let failures = value(&ran, "dialogo_scheduler_step_failures", &[("step", step)]);
        assert_eq!(failures.unwrap_or(0.0), 0.0, "{step} failed");
    }
}
