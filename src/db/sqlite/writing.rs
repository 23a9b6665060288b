//! Which thread is writing: a write transaction begun inside another on the same thread would
//! wait for itself forever, so it is refused instead.

thread_local! {
    /// Set while this thread runs a write transaction.
    static WRITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks this thread as writing until dropped, also when the transaction panics.
pub(in crate::db) struct WritingFlag;

impl WritingFlag {
    pub(in crate::db) fn set() -> Self {
        WRITING.set(true);
        Self
    }

    /// Whether this thread is inside a write transaction.
    pub(in crate::db) fn is_set() -> bool {
        WRITING.get()
    }
}

impl Drop for WritingFlag {
    fn drop(&mut self) {
        WRITING.set(false);
    }
}
