//! Requests that queue up behind each other are written together: while one batch of a key is
//! being written, the requests for that key that arrive wait, and are written together next.
//!
//! Whatever must be serial per key (on PostgreSQL: an event's seat count, held from the lock
//! to the commit's WAL flush; on SQLite: the file's one writer) is then paid once per batch
//! instead of once per request. No request waits for company: one arriving at an idle key is
//! written at once, alone.
//!
//! A key with requests queued has one writer: a blocking task that writes its batches one
//! after the other until the queue is empty. The requests themselves wait asynchronously for
//! their answers, holding no thread and no database connection meanwhile, and a request whose
//! client gave up leaves nothing behind: its answer is written and dropped.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use crate::error::ApiError;

/// Writes one batch of a key, in arrival order, and answers each of its items in that order.
pub type WriteBatch<T, R> = dyn Fn(Vec<T>) -> Vec<R> + Send + Sync;

/// Per key, the requests waiting for the next batch; see the module documentation.
pub struct BatchQueue<T, R> {
    /// Keys with a writer, each with the requests waiting for its next batch.
    keys: Mutex<HashMap<String, VecDeque<Waiting<T, R>>>>,
    max_batch: usize,
    write: Box<WriteBatch<T, R>>,
}

/// A request waiting for its batch: its item, and where its answer goes.
struct Waiting<T, R> {
    item: T,
    answer: oneshot::Sender<R>,
}

/// The writer of a request's batch failed without answering it (it panicked).
#[derive(Debug, thiserror::Error)]
#[error("the writer of this request's batch failed")]
pub struct Abandoned;

fn lock<U>(mutex: &Mutex<U>) -> MutexGuard<'_, U> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<T: Send + 'static, R: Send + 'static> BatchQueue<T, R> {
    /// At most `max_batch` requests are written together, by `write`.
    pub fn new(max_batch: usize, write: Box<WriteBatch<T, R>>) -> Self {
        Self {
            keys: Mutex::default(),
            max_batch: max_batch.max(1),
            write,
        }
    }

    /// Queues `item` under `key` and waits for its answer; starts the key's writer if it has
    /// none. Call within a Tokio runtime.
    pub async fn submit(self: &Arc<Self>, key: &str, item: T) -> Result<R, Abandoned> {
        let (answer, answered) = oneshot::channel();
        let start_writer = {
            let mut keys = lock(&self.keys);
            let waiting = Waiting { item, answer };
            match keys.get_mut(key) {
                Some(queue) => {
                    queue.push_back(waiting);
                    false
                }
                None => {
                    keys.insert(key.to_owned(), VecDeque::from([waiting]));
                    true
                }
            }
        };
        if start_writer {
            let (queue, key) = (self.clone(), key.to_owned());
            tokio::task::spawn_blocking(move || queue.drain(&key));
        }
        answered.await.map_err(|_| Abandoned)
    }

    /// Writes the batches of `key` until none is waiting, then lets the key go.
    fn drain(&self, key: &str) {
        loop {
            let batch: Vec<Waiting<T, R>> = {
                let mut keys = lock(&self.keys);
                let queue = keys.get_mut(key).expect("a key with a writer is queued");
                if queue.is_empty() {
                    keys.remove(key);
                    return;
                }
                let take = queue.len().min(self.max_batch);
                queue.drain(..take).collect()
            };
            let (items, answers): (Vec<T>, Vec<oneshot::Sender<R>>) = batch
                .into_iter()
                .map(|waiting| (waiting.item, waiting.answer))
                .unzip();
            let written =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (self.write)(items)));
            match written {
                // A request whose client went away no longer takes its answer.
                Ok(results) => answers
                    .into_iter()
                    .zip(results)
                    .for_each(|(answer, result)| drop(answer.send(result))),
                // Dropping their senders tells the batch's requests it was abandoned.
                Err(_) => tracing::error!(key, "the writer of a batch panicked"),
            }
        }
    }
}

/// The answers of the `count` members of a batch that failed with `cause`: the first gets the
/// cause (logged with its chain when answered), the others refer to it.
pub fn batch_failed<T, E: From<ApiError>>(count: usize, cause: ApiError) -> Vec<Result<T, E>> {
    let mut cause = Some(cause);
    (0..count)
        .map(|_| {
            Err(cause
                .take()
                .unwrap_or_else(|| {
                    ApiError::internal(anyhow::anyhow!(
                        "the batch this write was part of failed (logged with its first request)"
                    ))
                })
                .into())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    /// Waits until the writer has let every key go (it does once its queue is empty, just
    /// after answering the last request).
    async fn until_idle<T: Send + 'static, R: Send + 'static>(queue: &BatchQueue<T, R>) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !lock(&queue.keys).is_empty() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "a key was never let go"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    fn queue(
        max_batch: usize,
        write: impl Fn(Vec<usize>) -> Vec<usize> + Send + Sync + 'static,
    ) -> Arc<BatchQueue<usize, usize>> {
        Arc::new(BatchQueue::new(max_batch, Box::new(write)))
    }

    /// Many requests at once, each batch briefly slow: every request gets its own answer,
    /// batches of one key are never written by two writers at a time, and some batches carry
    /// more than one request.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn every_request_is_answered_once_and_batches_form() {
        let writing = Arc::new(AtomicUsize::new(0));
        let (batches, largest) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let queue = {
            let (writing, batches, largest) = (writing.clone(), batches.clone(), largest.clone());
            queue(8, move |items| {
                assert_eq!(writing.fetch_add(1, Ordering::SeqCst), 0, "one writer");
                assert!(items.len() <= 8);
                batches.fetch_add(1, Ordering::SeqCst);
                largest.fetch_max(items.len(), Ordering::SeqCst);
                std::thread::sleep(Duration::from_micros(200));
                writing.fetch_sub(1, Ordering::SeqCst);
                items.iter().map(|i| i * 2).collect()
            })
        };
        let requests = 800;
        let answers = futures_util::future::join_all((0..requests).map(|item| {
            let queue = queue.clone();
            tokio::spawn(async move { (item, queue.submit("event", item).await.unwrap()) })
        }))
        .await;
        for answer in answers {
            let (item, answer) = answer.unwrap();
            assert_eq!(answer, item * 2);
        }
        let batches = batches.load(Ordering::SeqCst);
        assert!(batches < requests, "{batches} batches: none shared");
        assert!(largest.load(Ordering::SeqCst) > 1);
        until_idle(&queue).await;
    }

    /// A writer that panics abandons the requests of its batch; the key's later batches are
    /// written as usual.
    #[tokio::test]
    async fn a_panicking_writer_abandons_its_batch_and_the_key_goes_on() {
        let queue = queue(2, |items| {
            assert!(!items.contains(&13), "writer fails");
            items
        });
        assert!(queue.submit("event", 13).await.is_err());
        assert_eq!(queue.submit("event", 4).await.unwrap(), 4);
        until_idle(&queue).await;
    }

    /// Requests whose client went away are written and their answers dropped; those queued
    /// behind them are answered.
    #[tokio::test]
    async fn a_request_given_up_leaves_the_key_working() {
        let written = Arc::new(AtomicUsize::new(0));
        let queue = {
            let written = written.clone();
            queue(1, move |items| {
                std::thread::sleep(Duration::from_millis(20));
                written.fetch_add(items.len(), Ordering::SeqCst);
                items
            })
        };
        let given_up = tokio::time::timeout(Duration::from_millis(1), queue.submit("event", 1));
        assert!(given_up.await.is_err());
        assert_eq!(queue.submit("event", 2).await.unwrap(), 2);
        assert_eq!(written.load(Ordering::SeqCst), 2);
    }
}
