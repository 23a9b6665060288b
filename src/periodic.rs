//! The scheduler: periodic upkeep and scheduled mail, one step after another.
//!
//! Once a minute the opt-in mail quotas are pruned, failed mails past
//! `DIALOGO_FAILED_MAIL_KEEP_DAYS` lose their content, unconfirmed registrations expire after
//! their confirmation window and unconfirmed subscribers are forgotten; once a day personal
//! data is kept as the retention policy says; on every tick scheduled mails (reminders, access
//! links, agenda, updates, follow-ups) go out when due. Changes that may need mail at once wake
//! it early. A failed step is logged and counted and the next one runs; a stop is noticed
//! between steps.

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use tokio::sync::watch;

use crate::error::ApiError;
use crate::state::AppState;

/// Runs until `stop` turns true (or, without a sender, until the task is dropped).
pub async fn run_scheduler(state: AppState, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_millis(state.settings.scheduler_poll_ms));
    let mut last_upkeep: Option<NaiveDateTime> = None;
    let mut last_retention: Option<NaiveDateTime> = None;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = state.schedule_changed.notified() => {}
            // Without a sender (the application dropped unrun) there is nothing to wait for.
            _ = async {
                if stop.changed().await.is_err() {
                    std::future::pending::<()>().await;
                }
            } => {}
        }
        let stopping = || *stop.borrow();
        // By the scheduler's clock, which tests move on.
        let now = state.clock.now();
        if due(last_upkeep, now, TimeDelta::seconds(60)) {
            last_upkeep = Some(now);
            for step in UPKEEP {
                if stopping() {
                    return;
                }
                step.run(&state, now).await;
            }
        }
        if stopping() {
            return;
        }
        if due(last_retention, now, TimeDelta::days(1)) {
            last_retention = Some(now);
            Step::Retention.run(&state, now).await;
        }
        if stopping() {
            return;
        }
        Step::ScheduledMails.run(&state, now).await;
    }
}

/// Whether `period` has passed since `last` (or the clock went back).
fn due(last: Option<NaiveDateTime>, now: NaiveDateTime, period: TimeDelta) -> bool {
    last.is_none_or(|t| now - t >= period || now < t)
}

/// The steps, named as the metrics and the log name them.
#[derive(Debug, Clone, Copy)]
enum Step {
    MailQuota,
    FailedMails,
    UnconfirmedRegistrations,
    UnconfirmedSubscribers,
    Retention,
    ScheduledMails,
}

/// The steps run once a minute.
const UPKEEP: [Step; 4] = [
    Step::MailQuota,
    Step::FailedMails,
    Step::UnconfirmedRegistrations,
    Step::UnconfirmedSubscribers,
];

impl Step {
    fn name(self) -> &'static str {
        match self {
            Self::MailQuota => "mail_quota",
            Self::FailedMails => "failed_mails",
            Self::UnconfirmedRegistrations => "unconfirmed_registrations",
            Self::UnconfirmedSubscribers => "unconfirmed_subscribers",
            Self::Retention => "retention",
            Self::ScheduledMails => "scheduled_mails",
        }
    }

    /// Runs the step; a failure is logged and counted, never passed on.
    async fn run(self, state: &AppState, now: NaiveDateTime) {
        let result = self.work(state, now).await;
        state.metrics.observe_step(self.name(), result.is_err());
        match result {
            Ok(0) => {}
            Ok(count) => tracing::info!(step = self.name(), count, "scheduler step done"),
            Err(error) => tracing::error!(
                step = self.name(),
                error = format!("{:#}", anyhow::Error::new(error)),
                "scheduler step failed"
            ),
        }
    }

    /// What the step does; the number of rows or mails it concerned.
    async fn work(self, state: &AppState, now: NaiveDateTime) -> Result<usize, ApiError> {
        use crate::db::write_transaction;
        match self {
            Self::MailQuota => {
                state
                    .db(move |conn| {
                        write_transaction(conn, |conn| {
                            Ok(crate::db::models::MailQuota::prune(conn, now)?)
                        })
                    })
                    .await
            }
            Self::FailedMails => {
                let keep = TimeDelta::days(i64::from(state.settings.failed_mail_keep_days));
                let cutoff = now - keep;
                state
                    .db(move |conn| {
                        write_transaction(conn, |conn| {
                            Ok(crate::mail::OutboxMail::clear_failed(conn, cutoff)?)
                        })
                    })
                    .await
            }
            Self::UnconfirmedRegistrations => {
                state.db(crate::registrations::expire_unconfirmed).await
            }
            Self::UnconfirmedSubscribers => {
                let cutoff = now - state.settings.retention.unconfirmed_subscribers;
                state
                    .db(move |conn| crate::newsletter::forget_unconfirmed(conn, cutoff))
                    .await
            }
            Self::Retention => {
                let policy = state.settings.retention.clone();
                state
                    .db(move |conn| Ok(crate::retention::run(conn, &policy, now, false)?))
                    .await
                    .map(|_| 0)
            }
            Self::ScheduledMails => crate::schedule::run_due(state).await,
        }
    }
}
