//! `dialogo serve` stopped with SIGTERM mid-newsletter: the mails it was sending are finished,
//! the rest of its batch is handed back at once, and the next process sends them without
//! waiting for any lease.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::json;

use crate::for_both_backends;
use crate::helpers::Backend;
use crate::mails::WAIT;
use crate::newsletter_issues::{create_issue, import, issue_action, issue_until, readers_csv};
use crate::processes::{Shared, outbox_rows};

for_both_backends!(a_sigterm_mid_newsletter_hands_the_rest_to_the_next_process_at_once);

async fn a_sigterm_mid_newsletter_hands_the_rest_to_the_next_process_at_once(backend: Backend) {
    const READERS: usize = 150;
    let shared = Shared::new(backend).await;
    // One connection and the default five-minute lease: a mail that waited for its lease
    // would not arrive within the test's patience.
    let mut first = shared
        .serve(&[("DIALOGO_MAIL_CONNECTIONS", "1".to_owned())])
        .await;
    let stopped = first.worker_id().await;
    assert_eq!(import(&first, &readers_csv(READERS)).await.status, 200);
    // Each mail takes the sink a while, so that the process is mid-batch when it is told.
    shared.sink.delay_each(Duration::from_millis(20));
    let id = create_issue(
        &first,
        &json!({"subject": {"en": "Programme news"}, "body": {"en": "Hello."}}),
    )
    .await;
    assert_eq!(issue_action(&first, &id, "send").await.status, 202);
    shared.sink.wait_for(20, WAIT).await;
    let status = first.terminate().await;
    assert!(status.success(), "{status}:\n{}", first.log());

    // Nothing is left in the stopped process's hands.
    let held: Vec<_> = outbox_rows(&shared.pool)
        .await
        .into_iter()
        .filter(|row| row.status == "pending" && row.locked_by.as_deref() == Some(&stopped))
        .collect();
    assert!(held.is_empty(), "still claimed: {held:?}");

    let second = shared.serve(&[]).await;
    let took_over = second.worker_id().await;
    issue_until(&second, &id, |issue| issue["status"] == "sent").await;
    let mails = shared.quiet_mails().await;
    let mut arrivals: HashMap<&str, usize> = HashMap::new();
    for mail in &mails {
        *arrivals.entry(mail.to.as_str()).or_default() += 1;
    }
    assert_eq!(arrivals.len(), READERS, "every reader got the issue");
    let twice: Vec<_> = arrivals.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "mailed twice: {twice:?}");
    let rows = outbox_rows(&shared.pool).await;
    assert!(rows.iter().all(|row| row.status == "sent"), "{rows:?}");
    assert!(
        rows.iter()
            .any(|row| row.locked_by.as_deref() == Some(took_over.as_str())),
        "the second process sent none: the first had finished before its SIGTERM"
    );
}
