//! Who held an account when: a chain of periods, each from an instant to the next
//! holder's first instant; the last is open. A transfer closes the open period and opens
//! the next at the same instant, so periods never overlap and leave no gap. Earlier
//! periods are never changed: a mistake is undone by a transfer back.

use chrono::{DateTime, NaiveDate, Utc};

/// When a period starts: the day the account was opened, or the instant of a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bound {
    Opened(NaiveDate),
    At(DateTime<Utc>),
}

impl Bound {
    /// The first instant of the bound; an opening day starts at its first instant in
    /// office time (`offset_secs` east of UTC).
    pub fn instant(self, offset_secs: i32) -> DateTime<Utc> {
        match self {
            Bound::At(at) => at,
            Bound::Opened(day) => {
                day.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
                    - chrono::Duration::seconds(i64::from(offset_secs))
            }
        }
    }
}

/// One holder's time on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period<H> {
    pub holder: H,
    pub from: Bound,
    /// `None` for the current holder.
    pub to: Option<DateTime<Utc>>,
}

/// Why a holder change cannot be added to a history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    #[error("a history starts with the account's first holder")]
    Empty,
    #[error("a transfer must come after the current holder's start")]
    NotAfterStart,
}

/// A history in order: the first period starts when the account was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<H> {
    periods: Vec<Period<H>>,
}

impl<H: Clone> History<H> {
    pub fn opened(holder: H, on: NaiveDate) -> Self {
        History {
            periods: vec![Period {
                holder,
                from: Bound::Opened(on),
                to: None,
            }],
        }
    }

    /// Rebuilds a history from stored closed periods and the current holder; refuses a
    /// chain with a gap or an overlap.
    pub fn from_parts(
        closed: Vec<Period<H>>,
        current: H,
        opened_on: NaiveDate,
    ) -> Result<Self, HistoryError> {
        let mut from = Bound::Opened(opened_on);
        for p in &closed {
            let to = p.to.ok_or(HistoryError::Empty)?;
            if p.from != from || Bound::At(to) <= from {
                return Err(HistoryError::NotAfterStart);
            }
            from = Bound::At(to);
        }
        let mut periods = closed;
        periods.push(Period {
            holder: current,
            from,
            to: None,
        });
        Ok(History { periods })
    }

    pub fn periods(&self) -> &[Period<H>] {
        &self.periods
    }

    pub fn current(&self) -> &Period<H> {
        self.periods.last().expect("never empty")
    }

    /// The holder from `at` on: closes the current period at `at` and opens the next.
    /// Returns the closed period (the row a store appends).
    pub fn transfer(&mut self, holder: H, at: DateTime<Utc>) -> Result<Period<H>, HistoryError> {
        let current = self.periods.last_mut().ok_or(HistoryError::Empty)?;
        if Bound::At(at) <= current.from {
            return Err(HistoryError::NotAfterStart);
        }
        current.to = Some(at);
        let closed = current.clone();
        self.periods.push(Period {
            holder,
            from: Bound::At(at),
            to: None,
        });
        Ok(closed)
    }

    /// Who held the account at instant `at` (`None` before it was opened).
    pub fn holder_at(&self, at: DateTime<Utc>, offset_secs: i32) -> Option<&Period<H>> {
        self.periods
            .iter()
            .find(|p| p.from.instant(offset_secs) <= at && p.to.is_none_or(|to| at < to))
    }

    /// Everyone who held the account during office day `day` (two or more on a day with
    /// a transfer).
    pub fn holders_on(&self, day: NaiveDate, offset_secs: i32) -> Vec<&Period<H>> {
        let start = Bound::Opened(day).instant(offset_secs);
        let end = start + chrono::Duration::days(1);
        self.periods
            .iter()
            .filter(|p| p.from.instant(offset_secs) < end && p.to.is_none_or(|to| to > start))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    const CST: i32 = 8 * 3600;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn who_held_it_on_a_day() {
        let mut h = History::opened("甲", day(2020, 1, 1));
        let t1 = Utc.with_ymd_and_hms(2024, 5, 6, 2, 0, 0).unwrap();
        h.transfer("乙", t1).unwrap();
        let on = |d| {
            h.holders_on(d, CST)
                .iter()
                .map(|p| p.holder)
                .collect::<Vec<_>>()
        };
        assert_eq!(on(day(2019, 12, 31)), Vec::<&str>::new());
        assert_eq!(on(day(2020, 1, 1)), vec!["甲"]);
        assert_eq!(on(day(2024, 5, 6)), vec!["甲", "乙"]);
        assert_eq!(on(day(2024, 5, 7)), vec!["乙"]);
        assert_eq!(h.holder_at(t1, CST).unwrap().holder, "乙");
        assert_eq!(
            h.holder_at(t1 - chrono::Duration::milliseconds(1), CST)
                .unwrap()
                .holder,
            "甲"
        );
    }

    #[test]
    fn a_transfer_at_or_before_the_current_start_is_refused() {
        let mut h = History::opened(1, day(2020, 1, 1));
        let t = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        h.transfer(2, t).unwrap();
        assert_eq!(h.transfer(3, t), Err(HistoryError::NotAfterStart));
        assert_eq!(h.periods().len(), 2);
    }

    proptest! {
        /// However transfers come (some at the same instant, refused), the periods chain:
        /// each ends where the next starts, only the last is open, and every instant from
        /// the opening on has exactly one holder.
        #[test]
        fn periods_never_overlap_and_leave_no_gap(
            steps in proptest::collection::vec(0i64..5_000_000, 0..40),
            probes in proptest::collection::vec(-10_000_000i64..200_000_000, 1..40),
        ) {
            let opened = day(2020, 1, 1);
            let mut h = History::opened(0usize, opened);
            let mut t = Bound::Opened(opened).instant(CST);
            for (i, step) in steps.iter().enumerate() {
                t += chrono::Duration::seconds(*step);
                let before = h.periods().len();
                match h.transfer(i + 1, t) {
                    Ok(closed) => prop_assert_eq!(closed.to, Some(t)),
                    Err(_) => prop_assert_eq!(h.periods().len(), before),
                }
            }
            let periods = h.periods();
            for pair in periods.windows(2) {
                prop_assert_eq!(Some(pair[1].from), pair[0].to.map(Bound::At));
                prop_assert!(pair[0].from < pair[1].from);
            }
            prop_assert!(periods.iter().rev().skip(1).all(|p| p.to.is_some()));
            prop_assert!(h.current().to.is_none());
            let rebuilt = History::from_parts(
                periods[..periods.len() - 1].to_vec(), h.current().holder, opened,
            ).unwrap();
            prop_assert_eq!(&rebuilt, &h);
            let start = Bound::Opened(opened).instant(CST);
            for probe in probes {
                let at = start + chrono::Duration::seconds(probe);
                let holding = periods
                    .iter()
                    .filter(|p| p.from.instant(CST) <= at && p.to.is_none_or(|to| at < to))
                    .count();
                prop_assert_eq!(holding, usize::from(at >= start));
                prop_assert_eq!(h.holder_at(at, CST).is_some(), at >= start);
            }
        }
    }
}
