//! The working-day calendar (`data/workdays.toml`): weekends, public holidays and the
//! weekend days worked in their place (调休). Time limits count working days on it.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i32,
    source: String,
    assumed: bool,
    days_off: Vec<String>,
    days_worked: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    year: Vec<YearFile>,
}

/// One year the calendar knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearInfo {
    pub source: String,
    /// True when the year's holidays are the developers' assumption, not the published
    /// arrangement.
    pub assumed: bool,
}

#[derive(Debug, Clone)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearInfo>,
    off: HashSet<NaiveDate>,
    worked: HashSet<NaiveDate>,
}

static BUILTIN: LazyLock<WorkCalendar> = LazyLock::new(|| {
    WorkCalendar::parse(include_str!("../../../data/workdays.toml"))
        .expect("data/workdays.toml is validated by tests")
});

impl WorkCalendar {
    pub fn builtin() -> &'static WorkCalendar {
        &BUILTIN
    }

    pub fn parse(text: &str) -> Result<WorkCalendar, String> {
        let file: CalendarFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut cal = WorkCalendar {
            years: BTreeMap::new(),
            off: HashSet::new(),
            worked: HashSet::new(),
        };
        for y in file.year {
            if cal.years.contains_key(&y.year) {
                return Err(format!("year {} twice", y.year));
            }
            let day = |s: &String| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("{s:?}: {e}"))
            };
            let off = y.days_off.iter().map(day).collect::<Result<Vec<_>, _>>()?;
            let worked = y
                .days_worked
                .iter()
                .map(day)
                .collect::<Result<Vec<_>, _>>()?;
            for d in &off {
                if d.year() != y.year {
                    return Err(format!("{d} is listed under {}", y.year));
                }
                cal.off.insert(*d);
            }
            for d in &worked {
                if d.year() != y.year {
                    return Err(format!("{d} is listed under {}", y.year));
                }
                if !is_weekend(*d) {
                    return Err(format!("{d} is worked but is not a weekend day"));
                }
                if cal.off.contains(d) {
                    return Err(format!("{d} is both off and worked"));
                }
                cal.worked.insert(*d);
            }
            cal.years.insert(
                y.year,
                YearInfo {
                    source: y.source,
                    assumed: y.assumed,
                },
            );
        }
        if cal.years.is_empty() {
            return Err("no year".into());
        }
        Ok(cal)
    }

    /// The last year the calendar knows holidays for.
    pub fn last_year(&self) -> i32 {
        *self.years.keys().next_back().expect("validated: not empty")
    }

    pub fn year(&self, year: i32) -> Option<&YearInfo> {
        self.years.get(&year)
    }

    /// True when `day`'s year is in the calendar (beyond it only weekends count).
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.years.contains_key(&day.year())
    }

    /// Days left before the calendar runs out, when fewer than `warn_days` are: the
    /// administrator should add next year.
    pub fn runs_out_within(&self, today: NaiveDate, warn_days: i64) -> Option<i64> {
        let end = NaiveDate::from_ymd_opt(self.last_year(), 12, 31)?;
        let left = (end - today).num_days();
        (left < warn_days).then_some(left.max(0))
    }

    /// True for a day of a public-holiday block (weekend days inside a block included).
    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        self.off.contains(&day)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.worked.contains(&day) {
            return true;
        }
        !is_weekend(day) && !self.off.contains(&day)
    }

    /// The day `n` working days after `from` (`from` itself does not count): a limit of
    /// 1 working day on an application taken on Friday falls due on Monday. With `n = 0`,
    /// `from` itself.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to` (0 when `to <= from`): how late
    /// an application due on `from` is on `to`, or how long a pause from `from` to `to`
    /// held the clock.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// Working days from `today` to `due`: positive when the due date is ahead, negative
    /// when it has passed (how late), zero on the day.
    pub fn days_left(&self, today: NaiveDate, due: NaiveDate) -> i64 {
        if due >= today {
            i64::from(self.working_days_between(today, due))
        } else {
            -i64::from(self.working_days_between(due, today))
        }
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> &'static WorkCalendar {
        WorkCalendar::builtin()
    }

    #[test]
    fn shipped_calendar_covers_2026_and_2027_and_says_2027_is_assumed() {
        assert!(cal().covers(d(2026, 1, 1)) && cal().covers(d(2027, 12, 31)));
        assert_eq!(cal().last_year(), 2027);
        assert!(!cal().year(2026).unwrap().assumed);
        assert!(cal().year(2027).unwrap().assumed);
        assert!(!cal().covers(d(2028, 1, 3)));
    }

    #[test]
    fn holidays_and_make_up_days() {
        // National Day: a Thursday off, a Saturday worked.
        assert!(!cal().is_working_day(d(2026, 10, 1)));
        assert!(cal().is_working_day(d(2026, 10, 10)));
        assert!(cal().is_working_day(d(2026, 1, 4))); // Sunday worked
        assert!(!cal().is_working_day(d(2026, 12, 5))); // plain Saturday
        assert!(cal().is_working_day(d(2026, 12, 4))); // plain Friday
    }

    #[test]
    fn one_working_day_from_friday_is_monday_and_across_a_holiday_block() {
        assert_eq!(cal().add_working_days(d(2026, 12, 4), 1), d(2026, 12, 7));
        // Wed 30 Sep 2026 + 1: 1-7 Oct off, Thu 8 Oct.
        assert_eq!(cal().add_working_days(d(2026, 9, 30), 1), d(2026, 10, 8));
        // + 2: Fri 9 Oct, + 3: Sat 10 Oct (调休 worked).
        assert_eq!(cal().add_working_days(d(2026, 9, 30), 3), d(2026, 10, 10));
        // Spring Festival: Fri 13 Feb + 1 is Sat 14 Feb (worked), + 2 is Tue 24 Feb.
        assert_eq!(cal().add_working_days(d(2026, 2, 13), 1), d(2026, 2, 14));
        assert_eq!(cal().add_working_days(d(2026, 2, 13), 2), d(2026, 2, 24));
        assert_eq!(cal().add_working_days(d(2026, 2, 13), 0), d(2026, 2, 13));
    }

    #[test]
    fn across_the_year_boundary() {
        // Thu 31 Dec 2026 + 1: 1-3 Jan 2027 off, Mon 4 Jan.
        assert_eq!(cal().add_working_days(d(2026, 12, 31), 1), d(2027, 1, 4));
        // Wed 31 Dec 2025 is beyond the calendar: only the weekend counts, then 2026's
        // New Year (1-3 Jan) is off and Sun 4 Jan worked.
        assert_eq!(cal().add_working_days(d(2025, 12, 31), 1), d(2026, 1, 4));
        assert_eq!(
            cal().working_days_between(d(2026, 12, 31), d(2027, 1, 4)),
            1
        );
        // Beyond the last year: weekends only (Fri 31 Dec 2027 + 1 is Mon 3 Jan 2028).
        assert_eq!(cal().add_working_days(d(2027, 12, 31), 1), d(2028, 1, 3));
    }

    #[test]
    fn lateness_counts_working_days_both_ways() {
        // Due Fri 25 Sep 2026 (a holiday), today Thu 8 Oct: 26-27 off, 28-30 Sep worked,
        // 1-7 Oct off, 8 Oct worked: 4 working days late.
        assert_eq!(cal().days_left(d(2026, 10, 8), d(2026, 9, 25)), -4);
        assert_eq!(cal().days_left(d(2026, 12, 4), d(2026, 12, 7)), 1);
        assert_eq!(cal().days_left(d(2026, 12, 7), d(2026, 12, 7)), 0);
    }

    #[test]
    fn warns_before_it_runs_out() {
        assert_eq!(cal().runs_out_within(d(2027, 11, 15), 60), Some(46));
        assert_eq!(cal().runs_out_within(d(2026, 12, 3), 60), None);
        assert_eq!(cal().runs_out_within(d(2028, 2, 1), 60), Some(0));
    }

    #[test]
    fn bad_files_are_refused() {
        let twice = "[[year]]\nyear=2026\nsource=''\nassumed=false\ndays_off=['2026-01-01']\ndays_worked=['2026-01-01']";
        assert!(WorkCalendar::parse(twice).is_err());
        let weekday = "[[year]]\nyear=2026\nsource=''\nassumed=false\ndays_off=[]\ndays_worked=['2026-01-05']";
        assert!(WorkCalendar::parse(weekday).is_err());
        let wrong_year = "[[year]]\nyear=2027\nsource=''\nassumed=false\ndays_off=['2026-01-01']\ndays_worked=[]";
        assert!(WorkCalendar::parse(wrong_year).is_err());
    }
}
