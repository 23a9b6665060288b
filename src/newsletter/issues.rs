//! The life of an issue: draft → sending → sent, with pause, resume and cancel on the way.
//! Sending only marks the issue; the dispatcher queues its readers in the background.

use crate::db::models::{IssueContent, IssueStatus, NewsletterIssue, Subscriber};
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

/// The issue `id`, or a 404.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<NewsletterIssue, ApiError> {
    NewsletterIssue::find(conn, id)?.ok_or_else(|| ApiError::not_found("issue"))
}

/// Keeps a new issue as a draft.
pub fn create(
    conn: &mut DbConnection,
    content: &IssueContent,
) -> Result<NewsletterIssue, ApiError> {
    write_transaction(conn, |conn| Ok(NewsletterIssue::insert(conn, content)?))
}

/// Replaces the texts of a draft; an issue that started sending keeps them (409).
pub fn update_draft(
    conn: &mut DbConnection,
    id: &str,
    content: &IssueContent,
) -> Result<NewsletterIssue, ApiError> {
    write_transaction(conn, |conn| {
        locked(conn, id)?;
        if !NewsletterIssue::update_draft(conn, id, content)? {
            return Err(ApiError::conflict(
                "not_a_draft",
                "Only drafts can be changed; this issue has started sending.",
            ));
        }
        locked(conn, id)
    })
}

/// Deletes a draft; an issue that ever started sending is cancelled instead (409).
pub fn delete_draft(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        locked(conn, id)?;
        if NewsletterIssue::delete_draft(conn, id)? {
            Ok(())
        } else {
            Err(ApiError::conflict(
                "not_a_draft",
                "Only drafts can be deleted; cancel an issue instead.",
            ))
        }
    })
}

/// How many readers [`send`] would reach now: for a draft, every confirmed reader it
/// targets (the count the audience of sending takes); for an issue paused or on its way,
/// those of its audience not yet queued or delivered; none for a cancelled one.
pub fn reach(conn: &mut DbConnection, issue: &NewsletterIssue) -> Result<i64, ApiError> {
    let topics = issue.content().topics;
    match issue.status {
        IssueStatus::Draft => Ok(Subscriber::audience_count(conn, &topics, now())?),
        IssueStatus::Cancelled => Ok(0),
        IssueStatus::Sending | IssueStatus::Paused | IssueStatus::Sent => {
            let cutoff = issue.audience_cutoff.unwrap_or_else(now);
            let audience = Subscriber::audience_count(conn, &topics, cutoff)?;
            let progress = issue.progress(conn)?;
            Ok((audience - progress.sent - progress.failed - progress.queued).max(0))
        }
    }
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
/// for no one; in `locale`, by default (and for a language it lacks) in the fallback language.
pub fn queue_test(
    conn: &mut DbConnection,
    context: &MailContext<'_>,
    id: &str,
    email: &Email,
    locale: Option<Locale>,
) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        let issue = find(conn, id)?;
        let locale = match locale {
            Some(locale) => locale,
            None => Locale::parse(&issue.fallback_language)
                .map_err(|e| ApiError::internal(anyhow::anyhow!(e.message)))?,
        };
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
