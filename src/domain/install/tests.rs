use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn input() -> ApplicationInput {
    ApplicationInput {
        name: "刘晓燕".into(),
        id_number: id_number::generate(3, d(1988, 4, 2), "340104", 21)
            .as_str()
            .into(),
        phone: "13955123456".into(),
        district: "蜀山区".into(),
        compound: "长江西路 天鹅湖畔".into(),
        building: "9".into(),
        unit: "2".into(),
        room: "301".into(),
        customer: CustomerType::Residential,
        household: "3".into(),
        channel: Channel::Counter,
        documents_seen: vec!["id_card".into(), "property".into()],
    }
}

fn check(i: &ApplicationInput) -> Result<NewApplication, InstallError> {
    i.check(
        InstallRules::builtin(),
        WorkCalendar::builtin(),
        &["蜀山区", "包河区"],
        d(2026, 12, 4),
    )
}

#[test]
fn an_application_owes_the_non_core_documents_with_due_dates() {
    let app = check(&input()).unwrap();
    assert_eq!(app.address, "长江西路 天鹅湖畔 9栋2单元301室");
    assert_eq!(app.seen, vec!["id_card", "property"]);
    // Fri 4 Dec + 10 working days = Fri 18 Dec; + 5 = Fri 11 Dec.
    assert_eq!(
        app.owed,
        vec![
            ("owner_consent".to_string(), d(2026, 12, 18)),
            ("floor_plan".to_string(), d(2026, 12, 11)),
        ]
    );
}

#[test]
fn core_documents_cannot_be_owed_and_bad_input_names_its_field() {
    let mut i = input();
    i.documents_seen = vec!["id_card".into()];
    assert_eq!(check(&i), Err(InstallError::CoreMissing("property".into())));
    let mut i = input();
    i.documents_seen.push("business_licence".into());
    assert!(matches!(check(&i), Err(InstallError::UnknownDocument(_))));
    let mut i = input();
    i.household = "0".into();
    assert_eq!(check(&i), Err(InstallError::Household));
    let mut i = input();
    i.phone = "1395512345".into();
    assert!(matches!(check(&i), Err(InstallError::Phone(_))));
    let mut i = input();
    i.id_number = "340104198804020000".into();
    assert!(matches!(check(&i), Err(InstallError::IdNumber(_))));
    let mut i = input();
    i.room = " ".into();
    assert_eq!(check(&i), Err(InstallError::Required("room")));
    let mut i = input();
    i.district = "火星区".into();
    assert!(matches!(check(&i), Err(InstallError::District(_))));
    let mut i = input();
    i.compound = "天鹅\u{202E}湖畔".into();
    assert!(matches!(
        check(&i),
        Err(InstallError::Text {
            field: "compound",
            ..
        })
    ));
}

#[test]
fn the_whole_way_in_order() {
    let mut p = Progress::new();
    for a in [
        Action::BookSurvey,
        Action::SurveyDone { feasible: true },
        Action::Quote,
        Action::PayFee,
        Action::ConstructionDone,
        Action::Inspect { passed: false },
        Action::ConstructionDone,
        Action::Inspect { passed: true },
        Action::InstallMeter,
        Action::Ignite,
        Action::OpenAccount,
    ] {
        p = p
            .apply(a)
            .unwrap_or_else(|e| panic!("{a:?} at {:?}: {e}", p.stage));
    }
    assert_eq!(p.stage, Stage::Completed);
    assert_eq!(
        p.apply(Action::Cancel),
        Err(StageError::Finished(Stage::Completed))
    );
    assert!(p.allowed().is_empty());
}

#[test]
fn skipping_hold_cancel_void_and_reopen() {
    let p = Progress::new();
    assert!(matches!(
        p.apply(Action::Quote),
        Err(StageError::NotAllowed { .. })
    ));
    assert!(matches!(
        p.apply(Action::Ignite),
        Err(StageError::NotAllowed { .. })
    ));
    let held = p.apply(Action::Hold).unwrap();
    assert_eq!(held.apply(Action::BookSurvey), Err(StageError::OnHold));
    assert_eq!(held.apply(Action::Hold), Err(StageError::OnHold));
    let p = held.apply(Action::Resume).unwrap();
    let p = p
        .apply(Action::BookSurvey)
        .and_then(|p| p.apply(Action::SurveyDone { feasible: true }))
        .and_then(|p| p.apply(Action::Quote))
        .and_then(|p| p.apply(Action::PayFee))
        .and_then(|p| p.apply(Action::ConstructionDone))
        .unwrap();
    assert_eq!(p.stage, Stage::Inspection);
    let voided = p.apply(Action::VoidFee).unwrap();
    assert_eq!(voided.stage, Stage::Fee);
    assert!(!voided.fee_paid);
    let cancelled = voided.apply(Action::Cancel).unwrap();
    assert_eq!(
        cancelled.apply(Action::PayFee),
        Err(StageError::Finished(Stage::Cancelled))
    );
    let reopened = cancelled.apply(Action::Reopen).unwrap();
    assert_eq!(reopened.stage, Stage::Fee);
    assert_eq!(Action::Cancel.permission(), Permission::Supervise);
    assert_eq!(Action::Quote.permission(), Permission::CounterWork);
    let no = Progress::new()
        .apply(Action::BookSurvey)
        .unwrap()
        .apply(Action::SurveyDone { feasible: false })
        .unwrap();
    assert_eq!(
        (no.stage, no.cancelled_from),
        (Stage::Cancelled, Some(Stage::Survey))
    );
}

#[test]
fn names_round_trip() {
    for s in Stage::ALL {
        assert_eq!(Stage::parse(s.as_str()), Some(s));
    }
    for a in Action::ALL {
        assert_eq!(Action::parse(a.as_str()), Some(a));
    }
    let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), Action::ALL.len());
    for c in Channel::ALL {
        assert_eq!(Channel::parse(c.as_str()), Some(c));
    }
    assert_eq!(application_no("HF03", 2026, 123), "BZHF03-2026-000123");
    assert!(looks_like_application_no("bzhf03-2026-000123"));
    assert!(!looks_like_application_no("13955123456"));
}

#[test]
fn time_on_hold_does_not_count() {
    let cal = WorkCalendar::builtin();
    // Due Tue 29 Sep 2026; held Fri 25 Sep (holiday) to Thu 8 Oct: 28, 29, 30 Sep and
    // 8 Oct are working days held, so the due date moves 4 working days: 30 Sep, 8, 9,
    // 10 (Sat, worked) Oct.
    assert_eq!(
        due_after_hold(cal, d(2026, 9, 29), d(2026, 9, 25), d(2026, 10, 8)),
        d(2026, 10, 10)
    );
    // A pause over a weekend only holds nothing.
    assert_eq!(
        due_after_hold(cal, d(2026, 12, 8), d(2026, 12, 4), d(2026, 12, 4)),
        d(2026, 12, 8)
    );
    // Across the year boundary: held Thu 31 Dec 2026 to Mon 4 Jan 2027 holds 1 day.
    assert_eq!(
        due_after_hold(cal, d(2026, 12, 31), d(2026, 12, 31), d(2027, 1, 4)),
        d(2027, 1, 4)
    );
}

fn any_action() -> impl Strategy<Value = Action> {
    proptest::sample::select(Action::ALL.to_vec())
}

proptest! {
    /// Whatever is attempted, in any order: every accepted move goes at most one stage
    /// forward (or back along a defined edge), and nothing ignites or completes without
    /// the fee paid and the inspection passed.
    #[test]
    fn random_actions_never_skip_a_stage_nor_ignite_early(actions in proptest::collection::vec(any_action(), 0..80)) {
        let mut p = Progress::new();
        let mut seen_stages = vec![Stage::Accepted];
        for a in actions {
            let Ok(next) = p.apply(a) else { continue };
            if let (Some(from), Some(to)) = (p.stage.order(), next.stage.order()) {
                // Forward: exactly one stage. Back: a failed inspection (to construction)
                // or a voided fee (to the fee).
                let back_ok = matches!(
                    (a, next.stage),
                    (Action::Inspect { passed: false }, Stage::Construction)
                        | (Action::VoidFee, Stage::Fee)
                );
                prop_assert!(to == from || to == from + 1 || back_ok,
                    "{a:?} moved {:?} to {:?}", p.stage, next.stage);
            }
            if p.stage == Stage::Cancelled && next.stage != Stage::Cancelled {
                prop_assert_eq!(a, Action::Reopen);
                prop_assert!(seen_stages.contains(&next.stage));
            }
            if next.stage.order() > Stage::Ignition.order() && next.stage != Stage::Cancelled {
                prop_assert!(next.fee_paid && next.inspection_passed);
            }
            if a == Action::Ignite {
                prop_assert!(p.fee_paid && p.inspection_passed && !p.on_hold);
            }
            prop_assert!(p.stage != Stage::Completed, "a completed application changed");
            p = next;
            seen_stages.push(p.stage);
        }
    }
}

/// A booked survey and a moved due date must be working days: a public holiday and a
/// plain weekend are refused naming the next working day; a weekend day worked in a
/// holiday's place (调休) is accepted. Neither may be gone by or absurdly far ahead.
#[test]
fn step_dates_are_working_days_not_gone_by_not_too_far() {
    let cal = WorkCalendar::builtin();
    // "Today" is Mon 28 Sep 2026, before the National Day block (1-7 Oct off, Sat 10 Oct
    // worked).
    let today = d(2026, 9, 28);
    for what in [StepDate::Survey, StepDate::Due] {
        // Thu 1 Oct, a holiday: the next working day is Thu 8 Oct.
        let e = check_step_date(cal, what, d(2026, 10, 1), today).unwrap_err();
        assert_eq!(
            e,
            InstallError::NotWorkingDay {
                day: d(2026, 10, 1),
                next: d(2026, 10, 8),
                holiday: true
            }
        );
        assert!(e.localized(Lang::Zh).contains("法定节假日"));
        assert!(e.localized(Lang::Zh).contains("2026-10-08"));
        assert!(
            e.localized(Lang::En)
                .contains("next working day is 2026-10-08")
        );
        // Sat 10 Oct is worked (调休): accepted.
        assert_eq!(
            check_step_date(cal, what, d(2026, 10, 10), today),
            Ok(d(2026, 10, 10))
        );
        // Sun 11 Oct is a plain weekend day: Mon 12 Oct next.
        let e = check_step_date(cal, what, d(2026, 10, 11), today).unwrap_err();
        assert_eq!(
            e,
            InstallError::NotWorkingDay {
                day: d(2026, 10, 11),
                next: d(2026, 10, 12),
                holiday: false
            }
        );
        assert!(e.localized(Lang::Zh).contains("周末"));
        assert!(e.localized(Lang::En).contains("weekend"));
        // Gone by.
        assert!(check_step_date(cal, what, d(2026, 9, 25), today).is_err());
    }
    // A survey may be booked for today; a due date must be after it.
    assert_eq!(
        check_step_date(cal, StepDate::Survey, today, today),
        Ok(today)
    );
    assert_eq!(
        check_step_date(cal, StepDate::Due, today, today),
        Err(InstallError::DueDate)
    );
    assert_eq!(
        check_step_date(cal, StepDate::Survey, d(2026, 9, 25), today),
        Err(InstallError::SurveyDate)
    );
    // Too far: a survey within 60 days (to Fri 27 Nov), a due date within 180 (to Sat
    // 27 Mar 2027).
    assert_eq!(
        check_step_date(cal, StepDate::Survey, d(2026, 11, 27), today),
        Ok(d(2026, 11, 27))
    );
    assert_eq!(
        check_step_date(cal, StepDate::Survey, d(2026, 11, 30), today),
        Err(InstallError::TooFar {
            latest: d(2026, 11, 27),
            days: SURVEY_AHEAD_DAYS
        })
    );
    assert!(check_step_date(cal, StepDate::Due, d(2027, 3, 26), today).is_ok());
    let e = check_step_date(cal, StepDate::Due, d(2027, 3, 29), today).unwrap_err();
    assert!(matches!(
        e,
        InstallError::TooFar {
            days: DUE_AHEAD_DAYS,
            ..
        }
    ));
    assert!(e.localized(Lang::Zh).contains("2027-03-27"));
}
