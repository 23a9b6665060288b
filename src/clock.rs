//! The time as the scheduler sees it. Real by default; tests set and advance it so that
//! reminders due in days are checked in milliseconds, without sleeping.

use std::sync::{Arc, Mutex};

use chrono::{NaiveDateTime, SubsecRound, TimeDelta};

/// A source of "now" (naive UTC, microseconds, as stored), shared by clones.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// `None`: the system clock; `Some`: a fixed instant that only moves when told.
    fixed: Arc<Mutex<Option<NaiveDateTime>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// The current instant.
    pub fn now(&self) -> NaiveDateTime {
        match *self.lock() {
            Some(fixed) => fixed,
            None => crate::db::now(),
        }
    }

    /// Stops the clock at `instant`; every clone sees it. For tests and simulations.
    pub fn set(&self, instant: NaiveDateTime) {
        *self.lock() = Some(instant.trunc_subsecs(6));
    }

    /// Moves a stopped clock on (or stops the system clock `by` from now).
    pub fn advance(&self, by: TimeDelta) {
        let now = self.now();
        *self.lock() = Some(now + by);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<NaiveDateTime>> {
        self.fixed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_clock_moves_only_when_told_and_clones_share_it() {
        let clock = Clock::system();
        let copy = clock.clone();
        let t = chrono::NaiveDate::from_ymd_opt(2030, 3, 30)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        clock.set(t);
        assert_eq!(copy.now(), t);
        copy.advance(TimeDelta::hours(1));
        assert_eq!(clock.now(), t + TimeDelta::hours(1));
    }
}
