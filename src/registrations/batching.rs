//! Requests that queue up behind each other are written together: while one batch of a key is
//! being written, the requests for that key that arrive wait, and the first of them then
//! writes them all at once.
//!
//! Whatever must be serial per key (on PostgreSQL: an event's seat count, held from the lock
//! to the commit's WAL flush) is then paid once per batch instead of once per request. No
//! request waits for company: one arriving at an idle key is written at once, alone.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Per key, the requests waiting for the next batch; see the module documentation.
pub struct BatchQueue<T, R> {
    /// Keys with a batch being written, each with the requests waiting for the next one.
    keys: Mutex<HashMap<String, Waiting<T, R>>>,
    max_batch: usize,
}

/// The requests waiting for a key's next batch, first come first.
type Waiting<T, R> = VecDeque<Arc<Slot<T, R>>>;

/// One request: its item until a writer takes it, then its answer.
struct Slot<T, R> {
    state: Mutex<SlotState<T, R>>,
    changed: Condvar,
}

enum SlotState<T, R> {
    Waiting(T),
    /// Taken into a batch that is being written.
    Taken,
    /// Its turn to write the batch of those waiting (itself first).
    Lead(T),
    Answered(R),
    /// The writer of its batch panicked.
    Abandoned,
}

fn lock<U>(mutex: &Mutex<U>) -> MutexGuard<'_, U> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<T, R> BatchQueue<T, R> {
    /// At most `max_batch` requests are written together.
    pub fn new(max_batch: usize) -> Self {
        Self {
            keys: Mutex::default(),
            max_batch: max_batch.max(1),
        }
    }

    /// Queues `item` under `key` and returns its answer. The caller either waits while
    /// another request's `write` answers it, or is the writer itself: then `write` gets the
    /// items of its batch in arrival order (its own first) and answers each, in that order.
    ///
    /// A writer that panics passes the panic on to every request of its batch.
    pub fn submit(&self, key: &str, item: T, write: impl FnOnce(Vec<T>) -> Vec<R>) -> R {
        let slot = Arc::new(Slot {
            state: Mutex::new(SlotState::Waiting(item)),
            changed: Condvar::new(),
        });
        let own_item = {
            let mut keys = lock(&self.keys);
            match keys.get_mut(key) {
                Some(waiting) => {
                    waiting.push_back(slot.clone());
                    None
                }
                None => {
                    keys.insert(key.to_owned(), VecDeque::new());
                    Some(slot.take())
                }
            }
        };
        let own_item = match own_item {
            Some(item) => item,
            None => match slot.wait() {
                Ok(answer) => return answer,
                Err(item) => item,
            },
        };
        self.lead(key, own_item, write)
    }

    /// Writes `own_item` with the requests waiting under `key`, answers them, and hands the
    /// key to the next request in line (or frees it).
    fn lead(&self, key: &str, own_item: T, write: impl FnOnce(Vec<T>) -> Vec<R>) -> R {
        let batch: Vec<Arc<Slot<T, R>>> = {
            let mut keys = lock(&self.keys);
            let waiting = keys.get_mut(key).expect("the writer's key is queued");
            let take = waiting.len().min(self.max_batch - 1);
            waiting.drain(..take).collect()
        };
        let mut handover = Handover {
            queue: self,
            key,
            batch: &batch,
        };
        let items = std::iter::once(own_item)
            .chain(batch.iter().map(|slot| slot.take()))
            .collect();
        let mut answers = write(items).into_iter();
        let own = answers.next().expect("an answer for every item");
        let mut answered = 0;
        for (slot, answer) in batch.iter().zip(&mut answers) {
            slot.set(SlotState::Answered(answer));
            answered += 1;
        }
        // Any left unanswered are abandoned, rather than left waiting for ever.
        handover.batch = &batch[answered..];
        own
    }
}

/// Passes a key on when its writer is done, normally or by a panic.
struct Handover<'a, T, R> {
    queue: &'a BatchQueue<T, R>,
    key: &'a str,
    /// The requests of the batch not answered yet.
    batch: &'a [Arc<Slot<T, R>>],
}

impl<T, R> Drop for Handover<'_, T, R> {
    fn drop(&mut self) {
        for slot in self.batch {
            slot.set(SlotState::Abandoned);
        }
        let mut keys = lock(&self.queue.keys);
        let waiting = keys.get_mut(self.key).expect("the writer's key is queued");
        match waiting.pop_front() {
            Some(next) => {
                drop(keys);
                next.hand_lead();
            }
            None => {
                keys.remove(self.key);
            }
        }
    }
}

impl<T, R> Slot<T, R> {
    fn set(&self, state: SlotState<T, R>) {
        *lock(&self.state) = state;
        self.changed.notify_one();
    }

    fn take(&self) -> T {
        match std::mem::replace(&mut *lock(&self.state), SlotState::Taken) {
            SlotState::Waiting(item) => item,
            _ => unreachable!("a request is taken once, while it waits"),
        }
    }

    fn hand_lead(&self) {
        let mut state = lock(&self.state);
        match std::mem::replace(&mut *state, SlotState::Taken) {
            SlotState::Waiting(item) => *state = SlotState::Lead(item),
            _ => unreachable!("the lead goes to a waiting request"),
        }
        drop(state);
        self.changed.notify_one();
    }

    /// Waits until the request is answered (`Ok`) or has to write a batch itself (`Err`,
    /// with its item back).
    fn wait(&self) -> Result<R, T> {
        let mut state = lock(&self.state);
        loop {
            match std::mem::replace(&mut *state, SlotState::Taken) {
                SlotState::Answered(answer) => return Ok(answer),
                SlotState::Lead(item) => return Err(item),
                SlotState::Abandoned => panic!("the writer of this request's batch panicked"),
                other => *state = other,
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Barrier;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Many threads submit at once, each writer briefly slow: every request gets its own
    /// answer, requests of one key are never written by two writers at a time, and some
    /// batches carry more than one request.
    #[test]
    fn every_request_is_answered_once_and_batches_form() {
        let queue = BatchQueue::<usize, usize>::new(8);
        let writing = AtomicUsize::new(0);
        let batches = AtomicUsize::new(0);
        let largest = AtomicUsize::new(0);
        let threads = 16;
        let rounds = 50;
        let start = Barrier::new(threads);
        std::thread::scope(|scope| {
            for thread in 0..threads {
                let (queue, writing, batches, largest, start) =
                    (&queue, &writing, &batches, &largest, &start);
                scope.spawn(move || {
                    start.wait();
                    for round in 0..rounds {
                        let item = thread * 1000 + round;
                        let answer = queue.submit("event", item, |items| {
                            assert_eq!(writing.fetch_add(1, Ordering::SeqCst), 0, "one writer");
                            assert!(items.len() <= 8);
                            batches.fetch_add(1, Ordering::SeqCst);
                            largest.fetch_max(items.len(), Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_micros(200));
                            writing.fetch_sub(1, Ordering::SeqCst);
                            items.iter().map(|i| i * 2).collect()
                        });
                        assert_eq!(answer, item * 2);
                    }
                });
            }
        });
        let batches = batches.load(Ordering::SeqCst);
        assert!(batches < threads * rounds, "{batches} batches: none shared");
        assert!(largest.load(Ordering::SeqCst) > 1);
        assert!(lock(&queue.keys).is_empty(), "idle keys are freed");
    }

    /// A writer that panics takes the requests of its batch down with it; the key is still
    /// handed on, and freed when the last request is done.
    #[test]
    fn a_panicking_writer_abandons_its_batch_and_hands_the_key_on() {
        let queue = Arc::new(BatchQueue::<u32, u32>::new(2));
        let (entered, release) = (Arc::new(Barrier::new(2)), Arc::new(Barrier::new(2)));
        let first = {
            let (queue, entered, release) = (queue.clone(), entered.clone(), release.clone());
            std::thread::spawn(move || {
                queue.submit("event", 1, |items| {
                    entered.wait();
                    release.wait();
                    items
                })
            })
        };
        entered.wait();
        let queue_up = |item: u32, fail: bool| {
            let thread = {
                let queue = queue.clone();
                std::thread::spawn(move || {
                    queue.submit("event", item, |items| {
                        assert!(!fail, "writer fails");
                        items
                    })
                })
            };
            while lock(&queue.keys)["event"].len() < item as usize - 1 {
                std::thread::yield_now();
            }
            thread
        };
        // The second writes the next batch, with the third in it, and fails.
        let (second, third) = (queue_up(2, true), queue_up(3, false));
        release.wait();
        assert_eq!(first.join().ok(), Some(1));
        assert!(second.join().is_err());
        assert!(third.join().is_err(), "abandoned with its batch");
        assert!(lock(&queue.keys).is_empty());
        assert_eq!(queue.submit("event", 4, |items| items), 4);
    }
}
