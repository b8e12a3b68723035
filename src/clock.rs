//! "Now" and "today" are injected so that tests, snapshots and the demo are
//! deterministic.

use chrono::{Local, NaiveDate, NaiveDateTime, Timelike};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The computer's local time, to the second.
    #[default]
    System,
    /// A fixed moment (tests, `--now`).
    Fixed(NaiveDateTime),
}

impl Clock {
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => {
                let now = Local::now().naive_local();
                now.with_nanosecond(0).unwrap_or(now)
            }
            Clock::Fixed(at) => *at,
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }
}
