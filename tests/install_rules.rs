//! New installs, the store's rules from the tester's second round: only staff of an
//! application's own office do any step on it (others read it), a survey is booked by the
//! survey's due date unless a manager moved it first, a due date moved during a hold
//! stands on resuming, a reopening says when it counted the due date again, a moved due
//! date is audited from and to with its reason, and a reassignment needs a staff number.

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gasdesk::card::SimulatedCards;
use gasdesk::db::cash::{self, PaymentKey, Tender};
use gasdesk::db::install::{self, InstallDbError, Step};
use gasdesk::db::{self, Actor, Store};
use gasdesk::domain::account::MeterKind;
use gasdesk::domain::install::amend::CorrectionInput;
use gasdesk::domain::install::{InstallError, InstallRules, Stage, WorkCalendar};
use gasdesk::domain::receipt::PaymentMethod;
use gasdesk::domain::role::Role;
use gasdesk::i18n::{Lang, Localized};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Thursday 3 December 2026, the tester's day.
fn thu() -> NaiveDate {
    day(2026, 12, 3)
}

/// 09:00 in Hefei on `d`.
fn nine(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).unwrap())
}

struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
}

/// Offices 1 and 2 and the vehicle (9), each with a clerk and a manager, and the
/// administrator: the demo's logins.
fn setup() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let store = common::desk::store_with_staff(
        &dir.path().join("rules.sqlite"),
        &[
            ("1001", 1, Some(1), Role::Clerk),
            ("1009", 1, None, Role::Manager),
            ("2001", 2, Some(1), Role::Clerk),
            ("2009", 2, None, Role::Manager),
            ("9001", 9, Some(1), Role::Clerk),
            ("9009", 9, None, Role::Manager),
            ("9000", 1, None, Role::Admin),
        ],
    );
    Desk { _dir: dir, store }
}

impl Desk {
    fn actor(&self, staff_no: &str) -> Actor {
        common::desk::actor(&self.store, staff_no)
    }

    /// An application for room `room` taken by `who` on `on`.
    fn accept(&mut self, who: &str, room: &str, on: NaiveDate) -> install::Accepted {
        let app = common::desk::application(room)
            .check(InstallRules::builtin(), WorkCalendar::builtin(), &[], on)
            .unwrap();
        let a = self.actor(who);
        install::accept(&mut self.store, &a, &app, true, on, nine(on)).unwrap()
    }

    fn step(&mut self, who: &str, id: i64, on: NaiveDate, s: Step) -> Result<i64, InstallDbError> {
        let a = self.actor(who);
        install::step(&mut self.store, &a, id, None, &s, on, nine(on))
    }

    fn view(&self, id: i64) -> install::AppView {
        install::view_by_id(&self.store, id).unwrap().unwrap()
    }

    /// The detail of the last audit row of `action`, as JSON.
    fn last_audit(&self, action: &str) -> serde_json::Value {
        let text: String = common::raw(&self.store)
            .query_row(
                "SELECT detail FROM audit WHERE action = ?1 ORDER BY id DESC LIMIT 1",
                [action],
                |r| r.get(0),
            )
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

fn hold() -> Step {
    Step::Hold {
        reason: "等客户备齐材料".into(),
    }
}

fn move_to(to: NaiveDate) -> Step {
    Step::MoveDue {
        to,
        reason: "客户出差".into(),
    }
}

fn survey_ok() -> Step {
    Step::SurveyDone {
        feasible: true,
        note: String::new(),
    }
}

/// Asserts `e` refuses staff of another office, naming the application and its office
/// (`code`, its Chinese and English names) in both languages.
fn assert_other_office(e: InstallDbError, app_no: &str, code: &str, zh: &str, en: &str) {
    let (text_zh, text_en) = (e.localized(Lang::Zh), e.localized(Lang::En));
    match e {
        InstallDbError::OtherOffice {
            app_no: no,
            code: c,
            ..
        } => {
            assert_eq!((no.as_str(), c.as_str()), (app_no, code));
        }
        other => panic!("expected another office's refusal: {other:?}"),
    }
    for (text, name) in [(&text_zh, zh), (&text_en, en)] {
        assert!(
            text.contains(app_no) && text.contains(code) && text.contains(name),
            "{text}"
        );
    }
    assert!(text_en.contains("may look it up and read it"), "{text_en}");
}

/// Clerk 2001 and manager 2009 of office 2 opened an office-1 application and did steps
/// on it. Now every step by staff of another office is refused in the store — the
/// counter's, the documents, a correction, the fee, the account, and the manager's —
/// naming the application's office, and nothing changes; they may still open and read
/// it. Its own office's clerk and manager go on; the vehicle is an office of its own.
#[test]
fn staff_of_another_office_do_no_step_on_an_application() {
    let mut d = setup();
    let app = d.accept("1001", "301", thu());
    let (id, no) = (app.id, app.app_no.clone());
    let luyang = |e| assert_other_office(e, &no, "HF01", "庐阳服务所", "Luyang Office");
    let before = d.view(id);
    let fri = day(2026, 12, 4);
    for (who, s) in [
        ("2001", Step::BookSurvey { on: fri }),
        ("2001", hold()),
        ("2009", hold()),
        (
            "2009",
            Step::Cancel {
                reason: "重复申请".into(),
            },
        ),
        ("2009", move_to(day(2026, 12, 10))),
        (
            "2009",
            Step::Reassign {
                staff_no: "1001".into(),
                reason: "换人".into(),
            },
        ),
        (
            "2001",
            Step::DocumentsReceived {
                codes: vec!["floor_plan".into()],
            },
        ),
        ("9001", Step::BookSurvey { on: fri }),
    ] {
        luyang(d.step(who, id, thu(), s).unwrap_err());
    }
    let fix = CorrectionInput {
        name: "刘晓艳".into(),
        id_number: String::new(),
        phone: String::new(),
        household: String::new(),
        reason: "受理时录错".into(),
    };
    let a = d.actor("2001");
    luyang(
        install::correct_applicant(&mut d.store, &a, id, None, &fix, thu(), nine(thu()))
            .unwrap_err(),
    );
    let mut cards = SimulatedCards::new(&d._dir.path().join("cards"));
    luyang(
        install::open_account(&mut d.store, &a, id, None, &mut cards, thu(), nine(thu()))
            .unwrap_err(),
    );
    let after = d.view(id);
    assert_eq!(after.version, before.version, "nothing changed");
    assert_eq!(after.events.len(), before.events.len());
    // The administrator does no counter work anywhere, as before.
    assert!(matches!(
        d.step("9000", id, thu(), hold()),
        Err(InstallDbError::Db(db::DbError::Permission(_)))
    ));
    // Reading it is anyone's (and audited).
    let v = install::open(&mut d.store, &a, id).unwrap();
    assert_eq!(v.office_code, "HF01");
    assert_eq!(v.office_name_en, "Luyang Office");

    // Its own office: hold and resume — the resume refused to office 2 as well.
    d.step("1001", id, thu(), hold()).unwrap();
    luyang(d.step("2001", id, thu(), Step::Resume).unwrap_err());
    d.step("1009", id, thu(), Step::Resume).unwrap();
    d.step("1001", id, thu(), Step::BookSurvey { on: fri })
        .unwrap();
    luyang(d.step("2001", id, fri, survey_ok()).unwrap_err());
    d.step("1001", id, fri, survey_ok()).unwrap();
    d.step(
        "1001",
        id,
        fri,
        Step::Quote {
            pipe_metres: 8,
            meter: MeterKind::Mechanical,
        },
    )
    .unwrap();
    // The fee, at another office's cash desk: refused before any shift is looked for.
    let tender = Tender {
        method: PaymentMethod::Cash,
        reference: String::new(),
        tendered: None,
    };
    luyang(
        cash::pay_install_fee(
            &mut d.store,
            &a,
            id,
            None,
            &tender,
            &PaymentKey::new(),
            nine(fri),
        )
        .unwrap_err(),
    );
    assert_eq!(d.view(id).stage(), Stage::Fee);

    // The vehicle's application: its own staff work it, office 1's do not.
    let v = d.accept("9001", "302", thu());
    let e = d
        .step("1001", v.id, thu(), Step::BookSurvey { on: fri })
        .unwrap_err();
    assert!(
        matches!(&e, InstallDbError::OtherOffice { code, .. } if code == "HF09"),
        "{e:?}"
    );
    d.step("9009", v.id, thu(), hold()).unwrap();
    d.step("9001", v.id, thu(), Step::Resume).unwrap();
}

/// Booked on Thu 3 Dec, the survey is due three working days on (Tue 8 Dec): a visit on
/// 1 Feb 2027 is refused, naming the due date and that a manager can move it; nothing
/// changes. After the manager moves the due date to 3 Feb, the booking goes through and
/// the survey stage is due on 3 Feb, so the notice never promises a result before the
/// visit. A date moved earlier than the limit does not shorten it.
#[test]
fn a_survey_is_booked_by_its_due_date_unless_a_manager_moves_it() {
    let mut d = setup();
    let id = d.accept("1001", "301", thu()).id;
    let before = d.view(id).version;
    let visit = day(2027, 2, 1);
    let e = d
        .step("1001", id, thu(), Step::BookSurvey { on: visit })
        .unwrap_err();
    let (zh, en) = (e.localized(Lang::Zh), e.localized(Lang::En));
    assert!(
        matches!(
            e,
            InstallDbError::Rule(InstallError::SurveyAfterDue { on, due })
                if on == visit && due == day(2026, 12, 8)
        ),
        "{e:?}"
    );
    assert!(
        en.contains("2026-12-08") && en.contains("a manager can move the due date"),
        "{en}"
    );
    assert!(zh.contains("2026-12-08") && zh.contains("所长"), "{zh}");
    assert_eq!(d.view(id).version, before, "nothing changed");
    // The last day is fine; so is the first after a manager moved the date.
    let other = d.accept("1001", "302", thu()).id;
    d.step(
        "1001",
        other,
        thu(),
        Step::BookSurvey {
            on: day(2026, 12, 8),
        },
    )
    .unwrap();
    assert_eq!(d.view(other).due(), Some(day(2026, 12, 8)));
    d.step("1009", id, thu(), move_to(day(2027, 2, 3))).unwrap();
    d.step("1001", id, thu(), Step::BookSurvey { on: visit })
        .unwrap();
    let v = d.view(id);
    assert_eq!(
        (v.stage(), v.due(), v.survey_on.as_deref()),
        (Stage::Survey, Some(day(2027, 2, 3)), Some("2027-02-01"))
    );
    let notice = gasdesk::printout::install_notice::notice_text(&v, Lang::En, thu()).join("\n");
    assert!(
        notice.contains("site visit on 2027-02-01, result by 2027-02-03"),
        "{notice}"
    );
    // A date moved earlier than the survey's limit leaves the limit.
    let third = d.accept("1001", "303", thu()).id;
    d.step("1009", third, thu(), move_to(day(2026, 12, 4)))
        .unwrap();
    d.step(
        "1001",
        third,
        thu(),
        Step::BookSurvey {
            on: day(2026, 12, 7),
        },
    )
    .unwrap();
    assert_eq!(d.view(third).due(), Some(day(2026, 12, 8)));
}

/// On hold from Fri 4 Dec; on Mon 7 Dec the manager moves the due date to Thu 10 Dec;
/// resumed Tue 8 Dec, the date stands (it was pushed to 14 Dec before). A hold with no
/// move, and one after a move, still push the date on by the working days held.
#[test]
fn a_due_date_moved_during_a_hold_stands_on_resuming() {
    let mut d = setup();
    let (fri, mon, tue) = (day(2026, 12, 4), day(2026, 12, 7), day(2026, 12, 8));
    let booked = |d: &mut Desk, room| {
        let id = d.accept("1001", room, thu()).id;
        d.step("1001", id, thu(), Step::BookSurvey { on: fri })
            .unwrap();
        assert_eq!(d.view(id).due(), Some(tue));
        id
    };
    let moved = booked(&mut d, "301");
    d.step("1001", moved, fri, hold()).unwrap();
    d.step("1009", moved, mon, move_to(day(2026, 12, 10)))
        .unwrap();
    d.step("1001", moved, tue, Step::Resume).unwrap();
    assert_eq!(d.view(moved).due(), Some(day(2026, 12, 10)));
    // No move: Mon and Tue held, so Tue 8 Dec becomes Thu 10 Dec.
    let plain = booked(&mut d, "302");
    d.step("1001", plain, fri, hold()).unwrap();
    d.step("1001", plain, tue, Step::Resume).unwrap();
    assert_eq!(d.view(plain).due(), Some(day(2026, 12, 10)));
    // Moved before the hold: the hold pushes the moved date on.
    let before = booked(&mut d, "303");
    d.step("1009", before, thu(), move_to(day(2026, 12, 9)))
        .unwrap();
    d.step("1001", before, fri, hold()).unwrap();
    d.step("1001", before, tue, Step::Resume).unwrap();
    assert_eq!(d.view(before).due(), Some(day(2026, 12, 11)));
}

/// Cancelled and reopened with a due date never moved: the stage's limit counts again
/// from the reopening day, and the timeline says so with the new date (as it does when
/// a moved date had passed).
#[test]
fn a_reopening_says_it_counted_the_due_date_again() {
    let mut d = setup();
    let id = d.accept("1001", "301", thu()).id;
    d.step(
        "1009",
        id,
        thu(),
        Step::Cancel {
            reason: "客户暂不办理".into(),
        },
    )
    .unwrap();
    let mon = day(2026, 12, 7);
    d.step(
        "1009",
        id,
        mon,
        Step::Reopen {
            reason: "客户回来了".into(),
        },
    )
    .unwrap();
    let v = d.view(id);
    assert_eq!(v.due(), Some(day(2026, 12, 8)));
    let reopen = v.events.iter().find(|e| e.action == "reopen").unwrap();
    assert_eq!(
        reopen.extra(Lang::En, None).as_deref(),
        Some("due date counted again: 2026-12-08")
    );
    assert_eq!(
        reopen.extra(Lang::Zh, None).as_deref(),
        Some("按环节时限重算为 2026-12-08")
    );
    assert!(
        reopen
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("\"due_recounted\":true")),
        "{:?}",
        reopen.detail
    );
}

/// The audit row of a moved due date holds the date it had, the date it got and the
/// manager's reason.
#[test]
fn a_moved_due_date_is_audited_from_and_to_with_the_reason() {
    let mut d = setup();
    let id = d.accept("1001", "301", thu()).id;
    let from = d.view(id).due().unwrap();
    d.step("1009", id, thu(), move_to(day(2026, 12, 10)))
        .unwrap();
    let audit = d.last_audit("install_manage");
    assert_eq!(audit["action"], "move_due");
    assert_eq!(audit["detail"]["due_from"], from.to_string());
    assert_eq!(audit["detail"]["due_to"], "2026-12-10");
    assert_eq!(audit["reason"], "客户出差");
}

/// A reassignment with no staff number says the number is required (not "no staff
/// member  at this office"); nothing changes.
#[test]
fn a_reassignment_needs_a_staff_number() {
    let mut d = setup();
    let id = d.accept("1001", "301", thu()).id;
    let before = d.view(id).version;
    for blank in ["", "   "] {
        let e = d
            .step(
                "1009",
                id,
                thu(),
                Step::Reassign {
                    staff_no: blank.into(),
                    reason: "原经办人休假".into(),
                },
            )
            .unwrap_err();
        assert_eq!(e.localized(Lang::En), "Handler staff no is required");
        assert_eq!(e.localized(Lang::Zh), "请填写经办人工号");
        assert!(matches!(
            e,
            InstallDbError::Rule(InstallError::Required("staff"))
        ));
    }
    assert_eq!(d.view(id).version, before);
}

/// An application whose due date manager 1009 moved to Tue 22 Dec before clerk 1001
/// booked the survey for Mon 21 Dec, all on Thu 3 Dec.
fn booked_for_the_21st(d: &mut Desk, room: &str) -> i64 {
    let id = d.accept("1001", room, thu()).id;
    d.step("1009", id, thu(), move_to(day(2026, 12, 22)))
        .unwrap();
    d.step(
        "1001",
        id,
        thu(),
        Step::BookSurvey {
            on: day(2026, 12, 21),
        },
    )
    .unwrap();
    id
}

/// The tester's case: booked for 21 Dec under a date moved to 22 Dec, held, cancelled
/// and reopened on 3 Dec. The survey stage's limit counted again gives Tue 8 Dec, before
/// the visit; the due date is the booked day, 21 Dec, and the notice and the timeline
/// say so.
#[test]
fn a_reopening_into_the_survey_never_sets_its_due_date_before_the_visit() {
    let mut d = setup();
    let id = booked_for_the_21st(&mut d, "301");
    d.step("1009", id, thu(), hold()).unwrap();
    d.step(
        "1009",
        id,
        thu(),
        Step::Cancel {
            reason: "客户暂不办理".into(),
        },
    )
    .unwrap();
    d.step(
        "1009",
        id,
        thu(),
        Step::Reopen {
            reason: "客户回来了".into(),
        },
    )
    .unwrap();
    let v = d.view(id);
    assert_eq!(
        (v.stage(), v.due(), v.survey_on.as_deref()),
        (Stage::Survey, Some(day(2026, 12, 21)), Some("2026-12-21"))
    );
    let notice = gasdesk::printout::install_notice::notice_text(&v, Lang::En, thu()).join("\n");
    assert!(
        notice.contains("site visit on 2026-12-21, result by 2026-12-21"),
        "{notice}"
    );
    let reopen = v.events.iter().find(|e| e.action == "reopen").unwrap();
    assert_eq!(
        reopen.extra(Lang::En, None).as_deref(),
        Some("due date counted again, but not before the booked survey day: 2026-12-21")
    );
    assert_eq!(
        reopen.extra(Lang::Zh, None).as_deref(),
        Some("按环节时限重算早于已约勘察日，时限定为勘察日 2026-12-21")
    );
}

/// With the survey booked for 21 Dec, a manager cannot move the survey's due date to
/// 9 Dec (the refusal names the booked day; nothing changes); the booked day itself is
/// fine.
#[test]
fn the_survey_due_date_cannot_move_before_the_booked_day() {
    let mut d = setup();
    let id = booked_for_the_21st(&mut d, "301");
    let before = d.view(id).version;
    let e = d
        .step("1009", id, thu(), move_to(day(2026, 12, 9)))
        .unwrap_err();
    assert!(
        matches!(
            e,
            InstallDbError::Rule(InstallError::DueBeforeSurvey { to, survey_on })
                if to == day(2026, 12, 9) && survey_on == day(2026, 12, 21)
        ),
        "{e:?}"
    );
    let (zh, en) = (e.localized(Lang::Zh), e.localized(Lang::En));
    assert!(
        en.contains("booked for 2026-12-21") && en.contains("cannot be before"),
        "{en}"
    );
    assert!(zh.contains("2026-12-21") && zh.contains("不能早于"), "{zh}");
    let v = d.view(id);
    assert_eq!((v.version, v.due()), (before, Some(day(2026, 12, 22))));
    d.step("1009", id, thu(), move_to(day(2026, 12, 21)))
        .unwrap();
    assert_eq!(d.view(id).due(), Some(day(2026, 12, 21)));
}

/// A survey booked for Mon 7 Dec: its result, feasible or not, is refused on Thu 3 Dec
/// naming the booked day, and nothing changes; on 7 Dec it is recorded.
#[test]
fn the_survey_result_is_not_recorded_before_the_booked_day() {
    let mut d = setup();
    let mon = day(2026, 12, 7);
    let id = d.accept("1001", "301", thu()).id;
    d.step("1001", id, thu(), Step::BookSurvey { on: mon })
        .unwrap();
    let before = d.view(id).version;
    let not_feasible = Step::SurveyDone {
        feasible: false,
        note: "无法接管".into(),
    };
    for s in [survey_ok(), not_feasible] {
        let e = d.step("1001", id, thu(), s).unwrap_err();
        assert!(
            matches!(
                e,
                InstallDbError::Rule(InstallError::SurveyResultEarly { survey_on }) if survey_on == mon
            ),
            "{e:?}"
        );
        let (zh, en) = (e.localized(Lang::Zh), e.localized(Lang::En));
        assert!(en.contains("on or after 2026-12-07"), "{en}");
        assert!(zh.contains("2026-12-07") && zh.contains("之后登记"), "{zh}");
    }
    let v = d.view(id);
    assert_eq!((v.version, v.stage()), (before, Stage::Survey));
    d.step("1001", id, mon, survey_ok()).unwrap();
    assert_eq!(d.view(id).stage(), Stage::Design);
}
