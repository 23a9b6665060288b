//! The outbox worker: claims due mails, sends them, records the outcome.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::TimeDelta;
use futures_util::StreamExt as _;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use lettre::Address;
use lettre::address::Envelope;
use tokio::sync::{Notify, watch};

use super::outbox::{Delivery, OutboxMail, RetryPolicy};
use super::transport::MailTransport;
use crate::db::Pool;
use crate::metrics::{MailOutcome, Metrics};

mod steady;

/// Outcomes are written together once this many have come, or once the first of them has
/// waited [`RECORD_WITHIN`]: fewer, larger transactions, and a mail's record follows its
/// delivery within moments.
const RECORD_AT_LEAST: usize = 100;
const RECORD_WITHIN: Duration = Duration::from_millis(20);

/// How the worker paces itself.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub batch_size: i64,
    pub lease: TimeDelta,
    pub connections: usize,
    /// Mails per second at most; `None` for no limit.
    pub rate: Option<NonZeroU32>,
    /// How often to look for due mails when nobody signalled new ones.
    pub poll: Duration,
    pub retry: RetryPolicy,
}

pub struct MailWorker {
    id: String,
    pool: Pool,
    transport: Arc<MailTransport>,
    sender: Address,
    config: WorkerConfig,
    limiter: Option<DefaultDirectRateLimiter>,
    wake: Arc<Notify>,
    /// Set to true when the process is stopping; `None`: runs until dropped.
    stop: Option<watch::Receiver<bool>>,
    /// Where outcomes are counted, if anywhere.
    metrics: Option<Arc<Metrics>>,
}

fn log_outcome((id, attempts, delivery): &(String, i32, Delivery)) {
    match delivery {
        Delivery::Sent => tracing::debug!(mail = %id, "mail sent"),
        Delivery::Transient(error) => {
            tracing::warn!(mail = %id, attempts, %error, "mail not sent, will retry")
        }
        Delivery::Permanent(error) => tracing::error!(mail = %id, %error, "mail refused"),
    }
}

impl MailWorker {
    pub fn new(
        pool: Pool,
        transport: Arc<MailTransport>,
        sender: Address,
        config: WorkerConfig,
        wake: Arc<Notify>,
    ) -> Self {
        let limiter = config
            .rate
            .map(|rate| RateLimiter::direct(Quota::per_second(rate)));
        Self {
            id: format!("worker-{}", uuid::Uuid::now_v7()),
            pool,
            transport,
            sender,
            config,
            limiter,
            wake,
            stop: None,
            metrics: None,
        }
    }

    /// Counts every delivery's outcome in `metrics`.
    pub fn counting_in(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Counts an outcome: a transient failure is a retry where the retry policy gives the mail
    /// another attempt, as recording it will (`attempts` includes this one).
    fn count(&self, attempts: i32, delivery: &Delivery) {
        let Some(metrics) = &self.metrics else {
            return;
        };
        let outcome = match delivery {
            Delivery::Sent => MailOutcome::Sent,
            Delivery::Transient(_)
                if self
                    .config
                    .retry
                    .next_attempt(attempts, crate::db::now())
                    .is_some() =>
            {
                MailOutcome::Retried
            }
            Delivery::Transient(_) | Delivery::Permanent(_) => MailOutcome::Failed,
        };
        metrics.observe_mail(outcome);
    }

    /// Stops when `stop` turns true: the mails being sent are finished and recorded, the rest
    /// of what it claimed (the batch being sent and the one claimed ahead) is handed back at
    /// once (see [`OutboxMail::release`]), and [`run`](Self::run) returns.
    pub fn stopping_on(mut self, stop: watch::Receiver<bool>) -> Self {
        self.stop = Some(stop);
        self
    }

    fn stopping(&self) -> bool {
        self.stop.as_ref().is_some_and(|stop| *stop.borrow())
    }

    /// Waits for the poll interval, or less if the worker is told to stop meanwhile.
    async fn rest(&self) {
        tokio::select! {
            _ = tokio::time::sleep(self.config.poll) => {}
            _ = self.stopped() => {}
        }
    }

    /// Resolves once the worker is to stop; never without a stop signal.
    fn stopped(&self) -> impl std::future::Future<Output = ()> + use<> {
        let stop = self.stop.clone();
        async move {
            let stopping = match stop {
                Some(mut stop) => stop.wait_for(|stopping| *stopping).await.is_ok(),
                None => false,
            };
            // Without a sender (the application dropped unrun) it never stops.
            if !stopping {
                std::future::pending::<()>().await;
            }
        }
    }

    /// Claims one batch, sends it and records the outcomes; returns how many mails it claimed.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let claimed = self.claim().await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let count = claimed.len();
        let unsent = Mutex::new(claimed.iter().map(|mail| mail.id.clone()).collect());
        self.send_and_record(futures_util::stream::iter(claimed), &unsent)
            .await?;
        self.release(unsent.into_inner().expect("never poisoned"))
            .await?;
        Ok(count)
    }

    /// Claims the next due mails, off the async executor.
    async fn claim(&self) -> anyhow::Result<Vec<OutboxMail>> {
        let (pool, id) = (self.pool.clone(), self.id.clone());
        let (batch, lease) = (self.config.batch_size, self.config.lease);
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            anyhow::Ok(OutboxMail::claim(&mut conn, &id, batch, lease)?)
        })
        .await?
    }

    /// Sends `mails` over the configured number of connections and records the outcomes,
    /// taking each sent or failed mail out of `unsent`. Once stopping, no further mail is
    /// started; those left are in `unsent` for the caller to hand back.
    async fn send_and_record(
        &self,
        mails: impl futures_util::Stream<Item = OutboxMail>,
        unsent: &Mutex<HashSet<String>>,
    ) -> anyhow::Result<()> {
        let mut deliveries = std::pin::pin!(
            mails
                .take_until(Box::pin(self.stopped()))
                .map(|mail| async move {
                    if let Some(limiter) = &self.limiter {
                        limiter.until_ready().await;
                    }
                    let delivery = self.deliver(&mail).await;
                    (mail.id, mail.attempts, delivery)
                })
                .buffer_unordered(self.config.connections.max(1))
        );
        // Outcomes are recorded as they come, in groups (see `RECORD_AT_LEAST`), rather than
        // once for the whole batch: a process that dies mid-batch leaves only the mails in
        // flight or awaiting their record to be sent again after the lease, not every mail it
        // had sent since claiming the batch.
        let mut finished = Vec::new();
        let mut recording: Option<tokio::task::JoinHandle<anyhow::Result<()>>> = None;
        let mut record_by = tokio::time::Instant::now();
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(record_by), if recording.is_none() && !finished.is_empty() => {}
                next = deliveries.next() => match next {
                    Some(outcome) => {
                        log_outcome(&outcome);
                        self.count(outcome.1, &outcome.2);
                        unsent.lock().expect("never poisoned").remove(&outcome.0);
                        if finished.is_empty() {
                            record_by = tokio::time::Instant::now() + RECORD_WITHIN;
                        }
                        finished.push(outcome);
                    }
                    None => break,
                },
                recorded = async { recording.as_mut().expect("checked").await }, if recording.is_some() => {
                    recording = None;
                    recorded??;
                }
            }
            let due = finished.len() >= RECORD_AT_LEAST
                || (!finished.is_empty() && tokio::time::Instant::now() >= record_by);
            if recording.is_none() && due {
                recording = Some(self.record(std::mem::take(&mut finished)));
            }
        }
        if let Some(recording) = recording {
            recording.await??;
        }
        if !finished.is_empty() {
            self.record(finished).await??;
        }
        Ok(())
    }

    /// Hands back claimed mails it will not send (if any), off the async executor.
    async fn release(&self, ids: HashSet<String>) -> anyhow::Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> = ids.into_iter().collect();
        let (pool, id) = (self.pool.clone(), self.id.clone());
        let released = tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            anyhow::Ok(OutboxMail::release(&mut conn, &id, &ids)?)
        })
        .await??;
        tracing::info!(worker = %self.id, released, "claimed mails handed back unsent");
        Ok(())
    }

    /// Records delivery outcomes, off the async executor.
    fn record(
        &self,
        outcomes: Vec<(String, i32, Delivery)>,
    ) -> tokio::task::JoinHandle<anyhow::Result<()>> {
        let (pool, id, policy) = (
            self.pool.clone(),
            self.id.clone(),
            self.config.retry.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            anyhow::Ok(OutboxMail::record(&mut conn, &id, &outcomes, &policy)?)
        })
    }

    async fn deliver(&self, mail: &OutboxMail) -> Delivery {
        let Some(message) = &mail.message else {
            return Delivery::Permanent("the message body is missing".into());
        };
        let recipient = match mail.recipient.parse::<Address>() {
            Ok(address) => address,
            Err(error) => return Delivery::Permanent(format!("invalid recipient: {error}")),
        };
        match Envelope::new(Some(self.sender.clone()), vec![recipient]) {
            Ok(envelope) => self.transport.deliver(&envelope, message.as_bytes()).await,
            Err(error) => Delivery::Permanent(format!("invalid envelope: {error}")),
        }
    }
}
