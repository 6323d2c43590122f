//! Due dates a step sets beyond a stage's plain limit: the survey stage's when the survey
//! is booked (the booked day may not fall after it), and the due date on resuming after
//! a hold when a manager moved it during the hold.

use chrono::NaiveDate;

use super::{InstallError, InstallRules, Stage, WorkCalendar};

/// The survey stage's due date when the survey is booked on `today`: the stage's limit in
/// working days from today — or, when a manager moved the due date while the application
/// waited for its booking (`moved`, the date they set), that date if it is later: a
/// manager moves the date first to let a later visit be booked, and the applicant is told
/// that date.
pub fn survey_due(
    cal: &WorkCalendar,
    rules: &InstallRules,
    today: NaiveDate,
    moved: Option<NaiveDate>,
) -> NaiveDate {
    let limit = cal.add_working_days(today, rules.limit(Stage::Survey).unwrap_or(1));
    moved.map_or(limit, |m| m.max(limit))
}

/// A survey booked for `on` must be done by the survey stage's due date `due`: a later
/// visit would leave the one-time notice promising the result (and every later stage)
/// before the visit. A manager can move the due date first.
pub fn check_survey_by_due(on: NaiveDate, due: NaiveDate) -> Result<NaiveDate, InstallError> {
    if on > due {
        return Err(InstallError::SurveyAfterDue { on, due });
    }
    Ok(on)
}

/// The survey stage's due date when a cancelled application is reopened into it: the
/// date the reopening gives (`due`: a kept moved date, or the limit counted again) — but
/// never before the day the survey is booked for (`survey_on`). A recount from the
/// reopening day can fall before a visit booked under a date a manager moved; the result
/// is then due on the visit day itself, the later of the two, so the one-time notice never
/// promises the result before the visit.
pub fn survey_due_on_reopen(due: NaiveDate, survey_on: Option<NaiveDate>) -> NaiveDate {
    survey_on.map_or(due, |on| on.max(due))
}

/// A manager may not move the survey stage's due date (`to`) before the day the survey is
/// booked for (`survey_on`): the result cannot be due before the visit.
pub fn check_due_not_before_survey(
    to: NaiveDate,
    survey_on: Option<NaiveDate>,
) -> Result<NaiveDate, InstallError> {
    match survey_on {
        Some(on) if to < on => Err(InstallError::DueBeforeSurvey { to, survey_on: on }),
        _ => Ok(to),
    }
}

/// The survey's result (feasible or not) is recorded on or after the day the survey is
/// booked for (`survey_on`), not before the visit.
pub fn check_survey_result_day(
    today: NaiveDate,
    survey_on: Option<NaiveDate>,
) -> Result<(), InstallError> {
    match survey_on {
        Some(on) if today < on => Err(InstallError::SurveyResultEarly { survey_on: on }),
        _ => Ok(()),
    }
}

/// The due date when an application resumes on `resumed_on` after a hold that began on
/// `held_from`. Time on hold does not count: the working days held are added to `due` —
/// unless a manager moved the due date during the hold (`moved_during_hold`). That date
/// was set knowing the application was waiting, and it stands as set: the held time
/// before the move only ever extended the date the move replaced, and the held time after
/// it is already in the manager's date.
pub fn due_on_resume(
    cal: &WorkCalendar,
    due: NaiveDate,
    held_from: NaiveDate,
    resumed_on: NaiveDate,
    moved_during_hold: bool,
) -> NaiveDate {
    if moved_during_hold {
        due
    } else {
        super::due_after_hold(cal, due, held_from, resumed_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_survey_is_due_by_its_limit_or_a_later_date_a_manager_set() {
        let (cal, rules) = (WorkCalendar::builtin(), InstallRules::builtin());
        // Thu 3 Dec 2026 + 3 working days = Tue 8 Dec.
        let today = d(2026, 12, 3);
        assert_eq!(survey_due(cal, rules, today, None), d(2026, 12, 8));
        assert_eq!(
            survey_due(cal, rules, today, Some(d(2026, 12, 4))),
            d(2026, 12, 8)
        );
        assert_eq!(
            survey_due(cal, rules, today, Some(d(2027, 2, 3))),
            d(2027, 2, 3)
        );
        assert_eq!(
            check_survey_by_due(d(2026, 12, 8), d(2026, 12, 8)),
            Ok(d(2026, 12, 8))
        );
        assert_eq!(
            check_survey_by_due(d(2027, 2, 1), d(2026, 12, 8)),
            Err(InstallError::SurveyAfterDue {
                on: d(2027, 2, 1),
                due: d(2026, 12, 8)
            })
        );
    }

    #[test]
    fn the_survey_result_is_never_due_before_the_visit() {
        let (recount, visit) = (d(2026, 12, 8), d(2026, 12, 21));
        assert_eq!(survey_due_on_reopen(recount, Some(visit)), visit);
        assert_eq!(
            survey_due_on_reopen(d(2026, 12, 22), Some(visit)),
            d(2026, 12, 22)
        );
        assert_eq!(survey_due_on_reopen(recount, None), recount);
        assert_eq!(
            check_due_not_before_survey(d(2026, 12, 9), Some(visit)),
            Err(InstallError::DueBeforeSurvey {
                to: d(2026, 12, 9),
                survey_on: visit
            })
        );
        assert_eq!(check_due_not_before_survey(visit, Some(visit)), Ok(visit));
        assert_eq!(check_due_not_before_survey(recount, None), Ok(recount));
        assert_eq!(
            check_survey_result_day(d(2026, 12, 3), Some(d(2026, 12, 7))),
            Err(InstallError::SurveyResultEarly {
                survey_on: d(2026, 12, 7)
            })
        );
        assert_eq!(
            check_survey_result_day(d(2026, 12, 7), Some(d(2026, 12, 7))),
            Ok(())
        );
        assert_eq!(check_survey_result_day(d(2026, 12, 3), None), Ok(()));
    }

    #[test]
    fn a_date_moved_during_a_hold_stands_on_resuming() {
        let cal = WorkCalendar::builtin();
        // Held Fri 4 Dec to Wed 9 Dec: three working days.
        let (from, to) = (d(2026, 12, 4), d(2026, 12, 9));
        assert_eq!(
            due_on_resume(cal, d(2026, 12, 8), from, to, false),
            d(2026, 12, 11)
        );
        assert_eq!(
            due_on_resume(cal, d(2026, 12, 10), from, to, true),
            d(2026, 12, 10)
        );
    }
}
