//! The life of an issue: draft → sending → sent, with pause, resume and cancel on the way.
//! Sending only marks the issue; the dispatcher queues its readers in the background.

use crate::db::models::{IssueStatus, NewsletterIssue, Subscriber};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::Email;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::mail::OutboxMail;
use crate::mail::event_mail::MailContext;
use crate::mail::newsletter_mail::{self, Reader, RenderedIssue, compose_issue};
use crate::mail::outbox::MailMeta;

fn locked(conn: &mut DbConnection, id: &str) -> Result<NewsletterIssue, ApiError> {
    NewsletterIssue::lock(conn, id)?.ok_or_else(|| ApiError::not_found("issue"))
}

/// Starts sending a draft to every confirmed reader it targets now, or resumes a paused
/// issue where it stopped. Sending an issue that is sending or sent changes nothing: nobody
/// gets it twice.
pub fn send(conn: &mut DbConnection, id: &str) -> Result<NewsletterIssue, ApiError> {
    write_transaction(conn, |conn| {
        let issue = locked(conn, id)?;
        match issue.status {
            IssueStatus::Draft => {
                let cutoff = now();
                let total = Subscriber::audience_count(conn, &issue.content().topics, cutoff)?;
                NewsletterIssue::start_sending(conn, id, total, cutoff)?;
            }
            IssueStatus::Paused => NewsletterIssue::resume(conn, id)?,
            IssueStatus::Sending | IssueStatus::Sent => {}
            IssueStatus::Cancelled => {
                return Err(ApiError::conflict(
                    "issue_cancelled",
                    "This issue was cancelled and cannot be sent.",
                ));
            }
        }
        locked(conn, id)
    })
}

/// Stops queuing and takes back the mails still waiting (also when every reader is queued
/// but not yet sent); sending again resumes.
pub fn pause(conn: &mut DbConnection, id: &str) -> Result<NewsletterIssue, ApiError> {
    write_transaction(conn, |conn| {
        let issue = locked(conn, id)?;
        let waiting = OutboxMail::pending_of_issue(conn, id)? > 0;
        match issue.status {
            IssueStatus::Sending => {
                NewsletterIssue::set_status(conn, id, IssueStatus::Paused)?;
                OutboxMail::withdraw_issue(conn, id)?;
            }
            // Every reader is queued, but the outbox still holds some of them.
            IssueStatus::Sent if waiting => {
                NewsletterIssue::set_status(conn, id, IssueStatus::Paused)?;
                OutboxMail::withdraw_issue(conn, id)?;
            }
            IssueStatus::Paused => {}
            other => {
                return Err(ApiError::conflict(
                    "not_sending",
                    format!(
                        "Only a sending issue can be paused; this one is {}.",
                        other.as_str()
                    ),
                ));
            }
        }
        locked(conn, id)
    })
}

/// Ends an issue for good; mails still waiting are taken back.
pub fn cancel(conn: &mut DbConnection, id: &str) -> Result<NewsletterIssue, ApiError> {
    write_transaction(conn, |conn| {
        let issue = locked(conn, id)?;
        let waiting = OutboxMail::pending_of_issue(conn, id)? > 0;
        match issue.status {
            IssueStatus::Draft | IssueStatus::Sending | IssueStatus::Paused => {
                NewsletterIssue::set_status(conn, id, IssueStatus::Cancelled)?;
                OutboxMail::withdraw_issue(conn, id)?;
            }
            IssueStatus::Sent if waiting => {
                NewsletterIssue::set_status(conn, id, IssueStatus::Cancelled)?;
                OutboxMail::withdraw_issue(conn, id)?;
            }
            IssueStatus::Cancelled => {}
            IssueStatus::Sent => {
                return Err(ApiError::conflict(
                    "issue_sent",
                    "Every mail of this issue is already delivered.",
                ));
            }
        }
        locked(conn, id)
    })
}

/// Queues a test copy to one address, marked as a test, with an unsubscribe link that works
/// for no one.
pub fn send_test(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    id: &str,
    email: &Email,
    locale: Locale,
) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        let issue = NewsletterIssue::find(conn, id)?.ok_or_else(|| ApiError::not_found("issue"))?;
        let rendered = RenderedIssue::new(&issue.content());
        let inert = crate::secret::generate("test-");
        let url = newsletter_mail::link(context, "unsubscribe", &inert);
        let reader = Reader {
            name: None,
            email,
            locale,
        };
        let mail =
            compose_issue(context, &rendered, &reader, &url, true).map_err(ApiError::internal)?;
        OutboxMail::enqueue(
            conn,
            &mail,
            &MailMeta {
                kind: "newsletter_test",
                event_id: None,
                dedupe_key: None,
            },
        )?;
        Ok(())
    })
}
