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
use crate::db::{Backend, DbConnection, now, write_transaction};
use crate::domain::Email;
use crate::error::ApiError;
use crate::mail::event_mail::MailContext;
use crate::mail::newsletter_mail::{self, RenderedIssue, compose_issue};
use crate::mail::{ComposedMail, OutboxMail};
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

/// A batch composed and ready to be written.
struct Batch {
    issue_id: String,
    /// The cursor the batch was read from; the write checks that it has not moved.
    from: Option<String>,
    last: String,
    complete: bool,
    tokens: Vec<NewToken>,
    mails: Vec<(ComposedMail, String)>,
}

/// What [`plan`] found.
enum Plan {
    Nothing(Step),
    Finished(String),
    Batch(Batch),
}

/// Reads the next page of a sending issue's audience and composes its mails.
fn plan(
    conn: &mut DbConnection,
    issue: NewsletterIssue,
    context: &MailContext<'_>,
    batch_size: i64,
) -> Result<Plan, ApiError> {
    if OutboxMail::pending_of_issue(conn, &issue.id)? >= HIGH_WATER {
        return Ok(Plan::Nothing(Step::Backlogged));
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
    let Some(last) = page.last().map(|s| s.id.clone()) else {
        return Ok(Plan::Finished(issue.id));
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
        // One reader who cannot be mailed is left out; the others get the issue.
        let Ok(email) = Email::parse(&subscriber.email) else {
            crate::mail::skip_recipient("subscriber", &subscriber.id, &"its address is not usable");
            continue;
        };
        let (row, token) =
            NewToken::for_subscriber(TokenPurpose::Unsubscribe, &subscriber.id, expires);
        let url = newsletter_mail::link(context, "unsubscribe", &token);
        let reader = super::reader_of(subscriber, &email);
        let mail = match compose_issue(context, &rendered, &reader, &url, false) {
            Ok(mail) => mail,
            Err(error) => {
                crate::mail::skip_recipient(
                    "subscriber",
                    &subscriber.id,
                    &format_args!("{error:#}"),
                );
                continue;
            }
        };
        tokens.push(row);
        mails.push((mail, key));
    }
    Ok(Plan::Batch(Batch {
        issue_id: issue.id,
        from: issue.cursor,
        last,
        complete: (page.len() as i64) < batch_size,
        tokens,
        mails,
    }))
}

/// Writes a batch, unless the issue stopped sending or another process moved its cursor
/// meanwhile (then nothing is written, and the next step starts from where things are).
fn write(conn: &mut DbConnection, batch: Batch) -> Result<Step, ApiError> {
    let current = NewsletterIssue::lock(conn, &batch.issue_id)?;
    let unchanged =
        current.is_some_and(|i| i.status == IssueStatus::Sending && i.cursor == batch.from);
    if !unchanged {
        return Ok(Step::Queued(0));
    }
    ActionToken::insert_batch(conn, &batch.tokens)?;
    OutboxMail::enqueue_issue_batch(conn, &batch.issue_id, "newsletter_issue", &batch.mails)?;
    NewsletterIssue::advance(conn, &batch.issue_id, &batch.last)?;
    if batch.complete {
        NewsletterIssue::set_status(conn, &batch.issue_id, IssueStatus::Sent)?;
    }
    Ok(Step::Queued(batch.mails.len()))
}

fn finish(conn: &mut DbConnection, issue_id: &str) -> Result<Step, ApiError> {
    if NewsletterIssue::lock(conn, issue_id)?.is_some_and(|i| i.status == IssueStatus::Sending) {
        NewsletterIssue::set_status(conn, issue_id, IssueStatus::Sent)?;
    }
    Ok(Step::Queued(0))
}

/// Queues the next batch of a sending issue.
///
/// On PostgreSQL the whole step holds the issue's row (`FOR UPDATE SKIP LOCKED`), so other
/// processes take other issues and never compose the same batch. SQLite has one writer per
/// database, so there the mails are composed before the write transaction, which then only
/// inserts them: the outbox worker is never kept waiting while a batch is composed.
pub fn step(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    batch_size: i64,
) -> Result<Step, ApiError> {
    if conn.backend() == Backend::Postgres {
        return write_transaction(conn, |conn| {
            let Some(issue) = NewsletterIssue::claim_sending(conn)? else {
                return Ok(Step::Idle);
            };
            match plan(conn, issue, context, batch_size)? {
                Plan::Nothing(step) => Ok(step),
                Plan::Finished(id) => finish(conn, &id),
                Plan::Batch(batch) => write(conn, batch),
            }
        });
    }
    let Some(issue) = NewsletterIssue::claim_sending(conn)? else {
        return Ok(Step::Idle);
    };
    match plan(conn, issue, context, batch_size)? {
        Plan::Nothing(step) => Ok(step),
        Plan::Finished(id) => write_transaction(conn, |conn| finish(conn, &id)),
        Plan::Batch(batch) => write_transaction(conn, |conn| write(conn, batch)),
    }
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
