//! What a coordinator looks at first: the coming events with their seats, waitlist and
//! registrations still open, the newsletter issues on their way, and the mails that failed
//! lately. Read in one go for the console's dashboard.

use chrono::{NaiveDateTime, TimeDelta};

use crate::db::DbConnection;
use crate::db::models::{
    EventFilter, EventRecord, EventStatus, NewsletterIssue, Progress, Registration,
    RegistrationStatus,
};
use crate::error::ApiError;
use crate::mail::OutboxMail;

/// How many coming events the overview shows.
pub const UPCOMING: i64 = 10;
/// How far back failed mails are counted.
pub const FAILED_WITHIN: TimeDelta = TimeDelta::days(7);

/// A coming event and where its registrations stand.
pub struct UpcomingEvent {
    pub record: EventRecord,
    pub confirmed: i64,
    pub waitlisted: i64,
    /// Registered, address not yet confirmed.
    pub pending: i64,
    pub awaiting_approval: i64,
}

/// An issue being sent (or paused while sending) and how far it is.
pub struct IssueOnItsWay {
    pub issue: NewsletterIssue,
    pub progress: Progress,
}

/// The dashboard's reads.
pub struct Overview {
    /// Drafts and published events not over yet, soonest first, at most [`UPCOMING`].
    pub upcoming: Vec<UpcomingEvent>,
    pub sending: Vec<IssueOnItsWay>,
    /// Mails failed for good within [`FAILED_WITHIN`] before now.
    pub failed_mails: i64,
}

/// The overview at `now`.
pub fn overview(conn: &mut DbConnection, now: NaiveDateTime) -> Result<Overview, ApiError> {
    let filter = EventFilter {
        statuses: vec![EventStatus::Draft, EventStatus::Published],
        from: Some(now),
        ..EventFilter::default()
    };
    let (records, _) = crate::db::models::Event::list(conn, &filter, None, UPCOMING)?;
    let mut upcoming = Vec::with_capacity(records.len());
    for record in records {
        let counts = Registration::counts(conn, &record.event.id)?;
        let count = |status: RegistrationStatus| {
            counts
                .iter()
                .find(|(s, _)| s == status.as_str())
                .map_or(0, |(_, n)| *n)
        };
        upcoming.push(UpcomingEvent {
            confirmed: count(RegistrationStatus::Confirmed),
            waitlisted: count(RegistrationStatus::Waitlisted),
            pending: count(RegistrationStatus::Pending),
            awaiting_approval: count(RegistrationStatus::AwaitingApproval),
            record,
        });
    }
    let mut sending = Vec::new();
    for issue in NewsletterIssue::in_progress(conn)? {
        let progress = issue.progress(conn)?;
        sending.push(IssueOnItsWay { issue, progress });
    }
    Ok(Overview {
        upcoming,
        sending,
        failed_mails: OutboxMail::failed_since(conn, now - FAILED_WITHIN)?,
    })
}
