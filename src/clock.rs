//! The one clock: the counter app, the kiosk, the board, the command line, the demo
//! builder and the store all ask it for the time. Tests fix it to an instant, so no test
//! depends on the day it runs; the office's own date and time come from
//! [`QueueRules::local`](crate::domain::queue::QueueRules::local), never from the
//! server's time zone.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, Utc};

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

/// `at` on the offices' wall clock (the `utc_offset` of `data/services.toml`): every time
/// a person sees is office time, whatever the server's time zone.
pub fn office_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    static OFFSET: LazyLock<FixedOffset> =
        LazyLock::new(|| crate::domain::queue::builtin_rules().utc_offset);
    at.with_timezone(&*OFFSET)
}

/// `at` as people read it: `2026-12-01 09:30`, office time.
pub fn office_minute(at: DateTime<Utc>) -> String {
    office_time(at).format("%Y-%m-%d %H:%M").to_string()
}

/// A timestamp as stored (RFC 3339) shown as [`office_minute`]; anything else is shown
/// as it is, made safe for the terminal.
pub fn office_minute_of_stamp(stored: &str) -> String {
    DateTime::parse_from_rfc3339(stored)
        .map(|t| office_minute(t.to_utc()))
        .unwrap_or_else(|_| crate::domain::text::sanitize(stored).into_owned())
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

    #[test]
    fn people_see_office_time_whatever_the_server_zone() {
        // 15:59 UTC on New Year's Eve is 23:59 in Hefei.
        let at = Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 0).unwrap();
        assert_eq!(office_minute(at), "2026-12-31 23:59");
        assert_eq!(
            office_minute_of_stamp("2026-12-31T16:00:00.000Z"),
            "2027-01-01 00:00"
        );
        assert_eq!(
            office_minute_of_stamp("not\u{1b}a time"),
            "not\u{fffd}a time"
        );
    }
}
