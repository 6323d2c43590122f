//! The one clock: the counter app, the kiosk, the board, the command line, the demo
//! builder and the store all ask it for the time. Tests fix it to an instant, so no test
//! depends on the day it runs; the office's own date and time come from
//! [`QueueRules::local`](crate::domain::queue::QueueRules::local), never from the
//! server's time zone.

use chrono::{DateTime, Utc};

/// Where the time comes from: the system, or a fixed UTC instant for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    System,
    /// A fixed instant, in UTC.
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t,
        }
    }

    /// `now` as stored in the database: UTC RFC 3339 with milliseconds, so it sorts as text.
    pub fn stamp(self) -> String {
        stamp(self.now())
    }
}

/// An instant as stored in the database (see [`Clock::stamp`]).
pub fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_fixed_clock_stands_still_and_stamps_sort_as_text() {
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 0).unwrap();
        let clock = Clock::Fixed(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.stamp(), "2026-12-31T15:59:00.000Z");
        let later = Clock::Fixed(at + chrono::Duration::milliseconds(1));
        assert!(clock.stamp() < later.stamp());
    }
}
