//! The worker's steady state: the next batch is claimed while the one before is being sent,
//! and outcomes are recorded while later mails go out, so that the SMTP connections do not
//! stand idle while the database claims or records.

use std::collections::HashSet;
use std::sync::Mutex;

use futures_util::StreamExt as _;
use tokio::sync::mpsc;

use super::MailWorker;
use crate::mail::OutboxMail;

impl MailWorker {
    /// Runs until the task is dropped or told to stop: drains what is due, then waits for a
    /// signal or the poll interval. Errors (e.g. the database is briefly away) are logged and
    /// retried.
    pub async fn run(self) {
        tracing::info!(worker = %self.id, "mail worker started");
        while !self.stopping() {
            // One batch waits here while the one before is sent.
            let (ahead, claimed) = mpsc::channel(1);
            let ((), sent) = tokio::join!(self.claim_ahead(ahead), self.send_claimed(claimed));
            if let Err(error) = sent {
                tracing::error!(error = format!("{error:#}"), "mail worker step failed");
                self.rest().await;
            }
        }
        tracing::info!(worker = %self.id, "mail worker stopped");
    }

    /// Claims a batch whenever the one claimed before has started to go out, until stopping
    /// or until the sending side has ended. Waits for a signal or the poll interval while
    /// nothing is due.
    async fn claim_ahead(&self, ahead: mpsc::Sender<Vec<OutboxMail>>) {
        while !self.stopping() {
            let slot = tokio::select! {
                slot = ahead.reserve() => slot.ok(),
                _ = self.stopped() => None,
            };
            let Some(slot) = slot else { break };
            match self.claim().await {
                Ok(batch) if batch.is_empty() => {
                    drop(slot);
                    tokio::select! {
                        _ = self.wake.notified() => {}
                        () = self.rest() => {}
                    }
                }
                // Accepted even once the sending side has closed: it hands back what it finds.
                Ok(batch) => slot.send(batch),
                Err(error) => {
                    drop(slot);
                    tracing::error!(error = format!("{error:#}"), "claiming mails failed");
                    self.rest().await;
                }
            }
        }
    }

    /// Sends the batches as they are claimed, one stream of mails across batches, until
    /// stopping or a record fails; then hands back every claimed mail not sent.
    async fn send_claimed(
        &self,
        mut claimed: mpsc::Receiver<Vec<OutboxMail>>,
    ) -> anyhow::Result<()> {
        let unsent = Mutex::new(HashSet::new());
        let mails = futures_util::stream::poll_fn(|cx| claimed.poll_recv(cx)).flat_map(|batch| {
            let ids = batch.iter().map(|mail| mail.id.clone());
            unsent.lock().expect("never poisoned").extend(ids);
            futures_util::stream::iter(batch)
        });
        let sent = self.send_and_record(mails, &unsent).await;
        claimed.close();
        let mut unsent = unsent.into_inner().expect("never poisoned");
        while let Some(batch) = claimed.recv().await {
            unsent.extend(batch.into_iter().map(|mail| mail.id));
        }
        self.release(unsent).await?;
        sent
    }
}
