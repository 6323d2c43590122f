//! New installs, the tester's findings: a booked survey and a moved due date are working
//! days (not gone by, not too far) in the store; the booked day is shown; reopening keeps
//! a due date a manager moved; a reassignment goes only to an active clerk or manager of
//! the application's office and its history names the new handler; Mine is what I took or
//! handle; opening or looking up an application is audited (who, office, counter).

mod common;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gasdesk::db::install::{self, HandlerRefusal, InstallDbError, ListFilter, Step};
use gasdesk::db::{self, Actor, Store};
use gasdesk::domain::install::{InstallError, InstallRules, Stage, WorkCalendar};
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::role::Role;
use gasdesk::i18n::{Lang, Localized};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 09:00 in Hefei on `d`.
fn nine(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(1, 0, 0).unwrap())
}

struct Desk {
    _dir: tempfile::TempDir,
    store: Store,
}

fn setup() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let vehicle = builtin_offices().len() as i64;
    let mut store = common::desk::store_with_staff(
        &dir.path().join("stage.sqlite"),
        &[
            ("1001", 1, Some(1), Role::Clerk),
            ("1002", 1, Some(2), Role::Clerk),
            ("1008", 1, Some(3), Role::Clerk),
            ("1009", 1, None, Role::Manager),
            ("1010", 1, None, Role::Manager),
            ("2001", 2, Some(1), Role::Clerk),
            ("9000", 1, None, Role::Admin),
            ("9001", 1, None, Role::Trainer),
            ("9901", vehicle, Some(1), Role::Clerk),
        ],
    );
    db::staff::disable(&mut store, &Actor::system(), "1008").unwrap();
    Desk { _dir: dir, store }
}

impl Desk {
    fn actor(&self, staff_no: &str) -> Actor {
        common::desk::actor(&self.store, staff_no)
    }

    /// Application for room `room` taken by `who` on `on`.
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

    fn version(&self, id: i64) -> i64 {
        install::view_by_id(&self.store, id)
            .unwrap()
            .unwrap()
            .version
    }
}

fn not_working(e: InstallDbError) -> (NaiveDate, NaiveDate, bool) {
    match e {
        InstallDbError::Rule(InstallError::NotWorkingDay { day, next, holiday }) => {
            (day, next, holiday)
        }
        other => panic!("{other:?}"),
    }
}

/// Before National Day 2026 (1-7 Oct off, Sat 10 Oct worked in its place): the store
/// refuses a survey or a due date on the holiday or a plain weekend day, naming the next
/// working day, and takes the worked Saturday. Nothing changes on a refusal.
#[test]
fn survey_and_due_dates_are_working_days_in_the_store() {
    let mut d = setup();
    let today = day(2026, 9, 28);
    let id = d.accept("1001", "301", today).id;
    let before = d.version(id);
    let e = d
        .step(
            "1001",
            id,
            today,
            Step::BookSurvey {
                on: day(2026, 10, 1),
            },
        )
        .unwrap_err();
    assert!(
        e.localized(Lang::Zh).contains("下一个工作日是 2026-10-08"),
        "{}",
        e.localized(Lang::Zh)
    );
    assert!(e.localized(Lang::En).contains("public holiday"));
    assert_eq!(not_working(e), (day(2026, 10, 1), day(2026, 10, 8), true));
    let e = d
        .step(
            "1001",
            id,
            today,
            Step::BookSurvey {
                on: day(2026, 10, 11),
            },
        )
        .unwrap_err();
    assert_eq!(
        not_working(e),
        (day(2026, 10, 11), day(2026, 10, 12), false)
    );
    assert!(matches!(
        d.step(
            "1001",
            id,
            today,
            Step::BookSurvey {
                on: day(2026, 9, 25)
            }
        ),
        Err(InstallDbError::Rule(InstallError::SurveyDate))
    ));
    assert!(matches!(
        d.step(
            "1001",
            id,
            today,
            Step::BookSurvey {
                on: day(2027, 1, 4)
            }
        ),
        Err(InstallDbError::Rule(InstallError::TooFar { .. }))
    ));
    assert_eq!(d.version(id), before, "nothing changed");
    // Sat 10 Oct is worked (调休), but after the survey's due date (three working days
    // from Monday 28 Sep: Thu 8 Oct): the manager moves the date first.
    let move_to = |to| Step::MoveDue {
        to,
        reason: "客户要求".into(),
    };
    let sat = Step::BookSurvey {
        on: day(2026, 10, 10),
    };
    assert!(matches!(
        d.step("1001", id, today, sat.clone()),
        Err(InstallDbError::Rule(InstallError::SurveyAfterDue { .. }))
    ));
    d.step("1009", id, today, move_to(day(2026, 10, 12)))
        .unwrap();
    d.step("1001", id, today, sat).unwrap();
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.survey_on.as_deref(), Some("2026-10-10"));
    assert_eq!(v.due(), Some(day(2026, 10, 12)));
    // The manager's due date: the same rules, after today.
    let e = d
        .step("1009", id, today, move_to(day(2026, 10, 5)))
        .unwrap_err();
    assert_eq!(not_working(e), (day(2026, 10, 5), day(2026, 10, 8), true));
    let e = d
        .step("1009", id, today, move_to(day(2026, 10, 18)))
        .unwrap_err();
    assert_eq!(
        not_working(e),
        (day(2026, 10, 18), day(2026, 10, 19), false)
    );
    assert!(matches!(
        d.step("1009", id, today, move_to(today)),
        Err(InstallDbError::Rule(InstallError::DueDate))
    ));
    assert!(matches!(
        d.step("1009", id, today, move_to(day(2027, 6, 1))),
        Err(InstallDbError::Rule(InstallError::TooFar { .. }))
    ));
    d.step("1009", id, today, move_to(day(2026, 10, 10)))
        .unwrap();
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.due(), Some(day(2026, 10, 10)));
    // The timeline says the day booked and the date moved to.
    let words: Vec<String> = v
        .events
        .iter()
        .filter_map(|e| e.extra(Lang::En, None))
        .collect();
    assert_eq!(
        words,
        vec!["due 2026-10-12", "for 2026-10-10", "due 2026-10-10"]
    );
    // The notice's plan gives the survey's day.
    let notice = gasdesk::printout::install_notice::notice_text(&v, Lang::En, today).join("\n");
    assert!(notice.contains("site visit on 2026-10-10"), "{notice}");
}

/// Reopened, an application keeps the due date a manager had moved (what the applicant
/// was told), through a second cancel and reopen too; a moved date gone by meanwhile, or
/// a date never moved, is counted again from the reopening day.
#[test]
fn reopening_keeps_a_due_date_a_manager_moved() {
    let mut d = setup();
    let fri = day(2026, 12, 4);
    let mon = day(2026, 12, 7);
    let cancel = || Step::Cancel {
        reason: "客户暂不办理".into(),
    };
    let reopen = || Step::Reopen {
        reason: "客户回来了".into(),
    };
    let due = |d: &Desk, id| install::view_by_id(&d.store, id).unwrap().unwrap().due();
    // Moved to Fri 18 Dec, cancelled Friday, reopened Monday: 18 Dec stands.
    let a = d.accept("1001", "301", fri).id;
    d.step(
        "1009",
        a,
        fri,
        Step::MoveDue {
            to: day(2026, 12, 18),
            reason: "客户出差".into(),
        },
    )
    .unwrap();
    d.step("1009", a, fri, cancel()).unwrap();
    assert_eq!(due(&d, a), None);
    d.step("1009", a, mon, reopen()).unwrap();
    assert_eq!(due(&d, a), Some(day(2026, 12, 18)));
    let v = install::view_by_id(&d.store, a).unwrap().unwrap();
    let last = v.events.last().unwrap();
    assert_eq!(
        last.extra(Lang::En, None).as_deref(),
        Some("kept the due date a manager set, 2026-12-18")
    );
    assert!(
        last.extra(Lang::Zh, None)
            .unwrap()
            .contains("保留所长调整的时限")
    );
    // Cancelled and reopened again: still the manager's date.
    d.step("1009", a, mon, cancel()).unwrap();
    d.step("1009", a, day(2026, 12, 8), reopen()).unwrap();
    assert_eq!(due(&d, a), Some(day(2026, 12, 18)));
    // Moved to Tue 8 Dec, reopened Thu 10 Dec: gone by, the stage's limit (1 working
    // day) counts from the reopening: Fri 11 Dec, and the history says so.
    let b = d.accept("1001", "302", fri).id;
    d.step(
        "1009",
        b,
        fri,
        Step::MoveDue {
            to: day(2026, 12, 8),
            reason: "客户要求".into(),
        },
    )
    .unwrap();
    d.step("1009", b, fri, cancel()).unwrap();
    d.step("1009", b, day(2026, 12, 10), reopen()).unwrap();
    assert_eq!(due(&d, b), Some(day(2026, 12, 11)));
    let v = install::view_by_id(&d.store, b).unwrap().unwrap();
    assert!(
        v.events
            .last()
            .unwrap()
            .extra(Lang::En, None)
            .unwrap()
            .contains("2026-12-08, had passed")
    );
    // Never moved: the stage's limit from the reopening day, as before.
    let c = d.accept("1001", "303", fri).id;
    d.step("1009", c, fri, cancel()).unwrap();
    d.step("1009", c, mon, reopen()).unwrap();
    assert_eq!(due(&d, c), Some(day(2026, 12, 8)));
    // A move in an earlier stage does not count once the stage has changed.
    let e = d.accept("1001", "304", fri).id;
    d.step(
        "1009",
        e,
        fri,
        Step::MoveDue {
            to: day(2026, 12, 18),
            reason: "客户要求".into(),
        },
    )
    .unwrap();
    d.step("1001", e, fri, Step::BookSurvey { on: mon })
        .unwrap();
    d.step("1009", e, fri, cancel()).unwrap();
    d.step("1009", e, mon, reopen()).unwrap();
    let survey_limit = InstallRules::builtin().limit(Stage::Survey).unwrap();
    assert_eq!(
        due(&d, e),
        Some(WorkCalendar::builtin().add_working_days(mon, survey_limit))
    );
}

/// Only an active clerk or manager of the application's office may handle it: not the
/// administrator, a trainer, another office's staff (the vehicle is an office of its
/// own), someone disabled, or the handler already. The history names the new handler
/// and the reason.
#[test]
fn reassign_only_to_active_clerks_and_managers_of_the_office() {
    let mut d = setup();
    let today = day(2026, 12, 4);
    let id = d.accept("1001", "301", today).id;
    let before = d.version(id);
    let to = |no: &str| Step::Reassign {
        staff_no: no.into(),
        reason: "原经办人休假".into(),
    };
    for (no, why) in [
        ("9000", HandlerRefusal::Role),
        ("9001", HandlerRefusal::Role),
        ("2001", HandlerRefusal::OtherOffice),
        ("9901", HandlerRefusal::OtherOffice),
        ("1008", HandlerRefusal::Inactive),
        ("1001", HandlerRefusal::Already),
    ] {
        match d.step("1009", id, today, to(no)) {
            Err(e @ InstallDbError::Handler { .. }) => {
                let InstallDbError::Handler { why: got, .. } = &e else {
                    unreachable!()
                };
                assert_eq!(*got, why, "{no}");
                assert!(
                    e.localized(Lang::Zh).contains(no),
                    "{}",
                    e.localized(Lang::Zh)
                );
                assert!(!e.localized(Lang::En).is_empty());
            }
            other => panic!("{no}: {other:?}"),
        }
    }
    assert!(matches!(
        d.step("1009", id, today, to("7777")),
        Err(InstallDbError::UnknownStaff(_))
    ));
    assert_eq!(d.version(id), before, "nothing changed");
    d.step("1009", id, today, to("1002")).unwrap();
    d.step("1009", id, today, to("1010")).unwrap();
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.owner, "1001 员工1001");
    assert_eq!(v.handler, "1010 员工1010");
    let reassigned: Vec<(String, String)> = v
        .events
        .iter()
        .filter(|e| e.action == "reassign")
        .map(|e| {
            (
                e.extra(Lang::Zh, None).unwrap(),
                e.note.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        reassigned,
        vec![
            ("交 1002 员工1002".to_string(), "原经办人休假".to_string()),
            ("交 1010 员工1010".to_string(), "原经办人休假".to_string()),
        ]
    );
}

/// Mine: the applications I took (首问负责, kept through every hand-off) and those I
/// handle now, each saying which.
#[test]
fn mine_is_what_i_took_and_what_i_handle() {
    let mut d = setup();
    let today = day(2026, 12, 4);
    let a = d.accept("1001", "301", today);
    let b = d.accept("1002", "302", today);
    let c = d.accept("1001", "303", today);
    d.step(
        "1009",
        a.id,
        today,
        Step::Reassign {
            staff_no: "1002".into(),
            reason: "休假".into(),
        },
    )
    .unwrap();
    let mine = |d: &Desk, no: &str| {
        let me = d.actor(no).staff_id.unwrap();
        let rows = install::list(
            &d.store,
            &ListFilter {
                office: Some(1),
                mine: Some(me),
                ..ListFilter::default()
            },
        )
        .unwrap();
        rows.into_iter()
            .map(|r| (r.app_no, r.owner_id == me, r.handler_id == me))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        mine(&d, "1001"),
        vec![
            (a.app_no.clone(), true, false),
            (c.app_no.clone(), true, true)
        ]
    );
    assert_eq!(
        mine(&d, "1002"),
        vec![
            (a.app_no.clone(), false, true),
            (b.app_no.clone(), true, true)
        ]
    );
    assert!(mine(&d, "1009").is_empty());
}

/// An audit row: staff number, office, counter, entity id, detail.
type AuditRow = (String, Option<i64>, Option<i64>, String, String);

fn audit_rows(store: &Store, action: &str) -> Vec<AuditRow> {
    common::raw(store)
        .prepare(
            "SELECT staff_no, office_id, counter_no, entity_id, detail FROM audit
             WHERE action = ?1 ORDER BY id",
        )
        .unwrap()
        .query_map([action], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Opening an application writes one audit row (who, office, counter, which); a status
/// lookup one more (how it looked and what it found, never the ID or mobile typed);
/// reading what is already shown writes none; `gasdesk install show` is audited too and
/// shows the booked survey day.
#[test]
fn opening_and_looking_up_an_application_is_audited() {
    let mut d = setup();
    let today = day(2026, 12, 4);
    let a = d.accept("1001", "301", today);
    d.step(
        "1001",
        a.id,
        today,
        Step::BookSurvey {
            on: day(2026, 12, 7),
        },
    )
    .unwrap();
    let clerk = d.actor("1002");
    let v = install::open(&mut d.store, &clerk, a.id).unwrap();
    assert_eq!(v.app_no, a.app_no);
    let rows = audit_rows(&d.store, "install_view");
    assert_eq!(rows.len(), 1);
    let (who, office, counter, entity, detail) = &rows[0];
    assert_eq!(
        (who.as_str(), *office, *counter, entity.as_str()),
        ("1002", Some(1), Some(2), a.app_no.as_str())
    );
    assert!(!detail.contains("刘晓燕") && !detail.contains("13955123456"));
    // Reading again what is shown (after a step, on Back) is not a new opening.
    install::view_by_id(&d.store, a.id).unwrap();
    assert_eq!(audit_rows(&d.store, "install_view").len(), 1);
    let found = install::find(&mut d.store, &clerk, "13955123456", 20).unwrap();
    assert_eq!(found.len(), 1);
    let rows = audit_rows(&d.store, "install_lookup");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].4.contains("\"by\":\"phone\""), "{}", rows[0].4);
    assert!(rows[0].4.contains(&a.app_no));
    assert!(!rows[0].4.contains("13955123456"));
    // A staff member of another office may look one up (status at any office): audited
    // with their office.
    let other = d.actor("2001");
    install::open(&mut d.store, &other, a.id).unwrap();
    assert_eq!(
        audit_rows(&d.store, "install_view")[1].1,
        Some(2),
        "the reader's office"
    );
    // The command line: audited (at the counter on record); the booked day shown.
    let path = d.store.path().to_path_buf();
    let out = common::run(
        &[
            "--lang",
            "en",
            "--db",
            path.to_str().unwrap(),
            "install",
            "show",
            &a.app_no,
            "--as",
            "1001",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "install show");
    let text = common::stdout(&out);
    assert!(text.contains("Survey booked for 2026-12-07"), "{text}");
    assert!(text.contains("for 2026-12-07"), "{text}");
    let rows = audit_rows(&d.store, "install_view");
    assert_eq!(rows.len(), 3);
    assert_eq!((rows[2].0.as_str(), rows[2].2), ("1001", Some(1)));
}
