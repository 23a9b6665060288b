//! Sending an issue: a background task in every `dialogo serve` queues its recipients in
//! batches, so that "send" answers at once and 100,000 readers are never in memory together.
//!
//! Each batch is one transaction under the issue's row lock (PostgreSQL `FOR UPDATE SKIP
//! LOCKED`, so several processes share the work; SQLite's single writer anyway). A batch
//! walks the audience from the issue's cursor, leaves out readers whose mail is already queued
//! (the outbox's unique `dedupe_key` per issue and reader is the final guard), and moves the
//! cursor. Queuing pauses while much of the issue still waits in the outbox, so that mails of
//! registrations never queue behind a whole newsletter.

use std::collections::HashSet;
use std::time::Duration;

use crate::db::models::{
    ActionToken, IssueStatus, NewToken, NewsletterIssue, Subscriber, TokenPurpose,
};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::OutboxMail;
use crate::mail::event_mail::MailContext;
use crate::mail::newsletter_mail::{self, RenderedIssue, compose_issue};
use crate::state::AppState;

/// Queuing waits while this many mails of the issue are still in the outbox.
const HIGH_WATER: i64 = 2_000;

/// What one step of the dispatcher did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// No issue is sending (or every sending issue is being queued by another process).
    Idle,
    /// The outbox still holds enough of the issue; wait for the worker.
    Backlogged,
    Queued(usize),
}

/// The outbox key that makes one issue reach one reader once.
pub fn dedupe_key(issue_id: &str, subscriber_id: &str) -> String {
    format!("issue:{issue_id}:{subscriber_id}")
}

/// Queues the next batch of a sending issue.
pub fn step(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    batch_size: i64,
) -> Result<Step, ApiError> {
    write_transaction(conn, |conn| {
        let Some(issue) = NewsletterIssue::claim_sending(conn)? else {
            return Ok(Step::Idle);
        };
        if OutboxMail::pending_of_issue(conn, &issue.id)? >= HIGH_WATER {
            return Ok(Step::Backlogged);
        }
        let content = issue.content();
        let cutoff = issue.audience_cutoff.unwrap_or_else(now);
        let page = Subscriber::audience_page(
            conn,
            &content.topics,
            cutoff,
            issue.cursor.as_deref(),
            batch_size,
        )?;
        let Some(last) = page.last() else {
            NewsletterIssue::set_status(conn, &issue.id, IssueStatus::Sent)?;
            return Ok(Step::Queued(0));
        };
        let keys: Vec<String> = page.iter().map(|s| dedupe_key(&issue.id, &s.id)).collect();
        let queued: HashSet<String> = OutboxMail::existing_dedupe_keys(conn, &keys)?
            .into_iter()
            .collect();
        let rendered = RenderedIssue::new(&content);
        let expires = now() + super::UNSUBSCRIBE_VALIDITY;
        let mut tokens = Vec::with_capacity(page.len());
        let mut mails = Vec::with_capacity(page.len());
        for (subscriber, key) in page.iter().zip(keys) {
            if queued.contains(&key) {
                continue;
            }
            let Ok(email) = Email::parse(&subscriber.email) else {
                tracing::warn!(subscriber = %subscriber.id, "stored address no longer parses");
                continue;
            };
            let (row, token) =
                NewToken::for_subscriber(TokenPurpose::Unsubscribe, &subscriber.id, expires);
            let url = newsletter_mail::link(context, "unsubscribe", &token);
            let reader = super::reader_of(subscriber, &email);
            let mail = compose_issue(context, &rendered, &reader, &url, false)
                .map_err(ApiError::internal)?;
            tokens.push(row);
            mails.push((mail, key));
        }
        ActionToken::insert_batch(conn, &tokens)?;
        OutboxMail::enqueue_issue_batch(conn, &issue.id, "newsletter_issue", &mails)?;
        NewsletterIssue::advance(conn, &issue.id, &last.id)?;
        if (page.len() as i64) < batch_size {
            NewsletterIssue::set_status(conn, &issue.id, IssueStatus::Sent)?;
        }
        Ok(Step::Queued(mails.len()))
    })
}

/// Runs inside `serve`: queues batches of newsletter issues and of subscriber invitations
/// while there are any, wakes the mail worker after each, and otherwise waits for a "send"
/// (or polls, for sends made by other processes).
pub async fn run(state: AppState, idle_poll: Duration) {
    loop {
        let worker_state = state.clone();
        let batch_size = state.settings.newsletter_batch;
        let step = state
            .db(move |conn| step(conn, &worker_state.mail_context(), batch_size))
            .await;
        let invite_state = state.clone();
        let invited = state
            .db(move |conn| {
                crate::invitations::step(conn, &invite_state.mail_context(), batch_size)
            })
            .await;
        match invited {
            Ok(Some(n)) => {
                if n > 0 {
                    state.mail_queued.notify_one();
                }
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::error!(
                error = format!("{:#}", anyhow::Error::new(error)),
                "inviting subscribers failed"
            ),
        }
        let wait = match step {
            Ok(Step::Queued(n)) => {
                if n > 0 {
                    state.mail_queued.notify_one();
                }
                continue;
            }
            Ok(Step::Backlogged) => Duration::from_millis(100),
            Ok(Step::Idle) => idle_poll,
            Err(error) => {
                tracing::error!(
                    error = format!("{:#}", anyhow::Error::new(error)),
                    "queuing a newsletter issue failed"
                );
                idle_poll
            }
        };
        let _ = tokio::time::timeout(wait, state.issue_queued.notified()).await;
    }
}
