//! One-stop new install in the store: intake with the duplicate check and owed documents,
//! every stage recorded with who and when, the stage rules enforced by the store and its
//! triggers, the fee at the cash desk (a voided fee sends the application back), two
//! counters at once, the account opened in one transaction and found by search at once;
//! `gasdesk install list/show` masked and for managers.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use gasdesk::card::SimulatedCards;
use gasdesk::db::cash::{self, Approval, PaymentKey, Tender};
use gasdesk::db::install::{self, InstallDbError, ListFilter, Step};
use gasdesk::db::staff::NewStaff;
use gasdesk::db::{self, Actor, Store};
use gasdesk::domain::account::{CustomerType, MeterKind};
use gasdesk::domain::id_number;
use gasdesk::domain::install::{
    ApplicationInput, InstallError, InstallRules, Stage, StageError, WorkCalendar,
};
use gasdesk::domain::money::Fen;
use gasdesk::domain::queue::builtin_rules;
use gasdesk::domain::receipt::PaymentMethod;
use gasdesk::domain::role::Role;

/// 09:00 on Friday 4 December 2026 in Hefei (UTC+8), plus `secs`.
fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 1, 0, 0).unwrap() + Duration::seconds(secs)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 12, 4)
}

struct Desk {
    dir: tempfile::TempDir,
    store: Store,
}

fn setup() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let store = common::desk::store_with_staff(
        &dir.path().join("install.sqlite"),
        &[
            ("1001", 1, Some(1), Role::Clerk),
            ("1002", 1, Some(2), Role::Clerk),
            ("1009", 1, None, Role::Manager),
        ],
    );
    Desk { dir, store }
}

impl Desk {
    fn actor(&self, staff_no: &str) -> Actor {
        db::staff::by_number(&self.store, staff_no)
            .unwrap()
            .unwrap()
            .actor(None)
    }

    fn accept(&mut self, room: &str, confirmed: bool) -> Result<install::Accepted, InstallDbError> {
        let app = input(room)
            .check(
                InstallRules::builtin(),
                WorkCalendar::builtin(),
                &[],
                today(),
            )
            .unwrap();
        let a = self.actor("1001");
        install::accept(&mut self.store, &a, &app, confirmed, today(), t(0))
    }

    fn step(&mut self, who: &str, id: i64, s: Step) -> Result<i64, InstallDbError> {
        let a = self.actor(who);
        install::step(&mut self.store, &a, id, None, &s, today(), t(60))
    }
}

fn input(room: &str) -> ApplicationInput {
    common::desk::application(room)
}

/// Takes application `id` from acceptance to the fee stage (the survey booked for today,
/// as its result is recorded on or after the booked day).
fn to_fee(d: &mut Desk, id: i64) {
    d.step("1001", id, Step::BookSurvey { on: today() })
        .unwrap();
    d.step(
        "1001",
        id,
        Step::SurveyDone {
            feasible: true,
            note: String::new(),
        },
    )
    .unwrap();
    d.step(
        "1001",
        id,
        Step::Quote {
            pipe_metres: 12,
            meter: MeterKind::IcCard,
        },
    )
    .unwrap();
}

fn pay(d: &mut Desk, id: i64) -> cash::Paid {
    let a = d.actor("1001");
    install::view_by_id(&d.store, id).unwrap().unwrap();
    cash::pay_install_fee(
        &mut d.store,
        &a,
        id,
        None,
        &Tender {
            method: PaymentMethod::Cash,
            reference: String::new(),
            tendered: None,
        },
        &PaymentKey::new(),
        t(120),
    )
    .unwrap()
}

fn open_shift(d: &mut Desk) {
    let a = d.actor("1001");
    cash::open_shift(&mut d.store, &a, &builtin_rules(), Fen::ZERO, t(0)).unwrap();
}

#[test]
fn intake_numbers_owes_and_warns_of_duplicates() {
    let mut d = setup();
    let first = d.accept("301", false).unwrap();
    assert_eq!(first.app_no, "BZHF01-2026-000001");
    // Fri 4 Dec + 1 working day.
    assert_eq!(first.due_on, day(2026, 12, 7));
    let v = install::view(&d.store, "bzhf01-2026-000001")
        .unwrap()
        .unwrap();
    assert_eq!(v.owner, "1001 员工1001");
    assert_eq!(v.owed().count(), 2);
    assert!(v.id_number.contains('*') && v.phone.contains('*'), "masked");
    // Same ID again: refused until confirmed, naming what exists.
    match d.accept("302", false) {
        Err(InstallDbError::Duplicate(found)) => assert_eq!(found.len(), 1),
        other => panic!("{other:?}"),
    }
    let second = d.accept("302", true).unwrap();
    assert_eq!(second.app_no, "BZHF01-2026-000002");
    // Status lookup by number, ID, phone, address prefix.
    let idn = input("1").id_number;
    assert_eq!(
        install::lookup(&d.store, "BZHF01-2026-000001", 10)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(install::lookup(&d.store, &idn, 10).unwrap().len(), 2);
    assert_eq!(
        install::lookup(&d.store, "13955123456", 10).unwrap().len(),
        2
    );
    assert_eq!(
        install::lookup(&d.store, "长江西路 天鹅湖畔 9栋", 10)
            .unwrap()
            .len(),
        2
    );
    assert!(
        install::lookup(&d.store, "长江东路", 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn stages_in_order_are_enforced_by_the_store_and_kept_in_history() {
    let mut d = setup();
    let id = d.accept("301", false).unwrap().id;
    let e = d.step(
        "1001",
        id,
        Step::Quote {
            pipe_metres: 1,
            meter: MeterKind::Iot,
        },
    );
    assert!(matches!(
        e,
        Err(InstallDbError::Rule(InstallError::Stage(
            StageError::NotAllowed { .. }
        )))
    ));
    // A clerk cannot cancel; a manager must give a reason.
    assert!(
        d.step(
            "1001",
            id,
            Step::Cancel {
                reason: "客户要求".into()
            }
        )
        .is_err()
    );
    assert!(matches!(
        d.step("1009", id, Step::Cancel { reason: " ".into() }),
        Err(InstallDbError::Rule(InstallError::Required(_)))
    ));
    assert!(matches!(
        d.step(
            "1001",
            id,
            Step::BookSurvey {
                on: day(2026, 12, 3)
            }
        ),
        Err(InstallDbError::Rule(InstallError::SurveyDate))
    ));
    to_fee(&mut d, id);
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.stage(), Stage::Fee);
    assert_eq!(v.quote_fen, Some(180000 + 12 * 6500 + 42000));
    assert_eq!(v.events.len(), 4);
    assert_eq!(v.events[1].action, "book_survey");
    // The fee cannot be recorded as a step; construction cannot start unpaid.
    assert!(
        d.step(
            "1001",
            id,
            Step::ConstructionDone {
                note: String::new()
            }
        )
        .is_err()
    );
    // A trigger refuses what the rules refuse, whatever code tries it.
    let raw = rusqlite::Connection::open(d.store.path()).unwrap();
    let e = raw.execute(
        "UPDATE install_application SET stage = 'account', fee_paid = 1, inspection_passed = 1,
             version = version + 1 WHERE id = ?1",
        [id],
    );
    assert!(e.is_err(), "skipping to the account must be refused");
    let e = raw.execute(
        "UPDATE install_application SET stage = 'construction', version = version + 1 WHERE id = ?1",
        [id],
    );
    assert!(e.unwrap_err().to_string().contains("fee is paid"));
}

#[test]
fn fee_at_the_cash_desk_void_sends_it_back_then_to_an_account_search_finds() {
    let mut d = setup();
    open_shift(&mut d);
    let id = d.accept("301", false).unwrap().id;
    to_fee(&mut d, id);
    let paid = pay(&mut d, id);
    assert_eq!(paid.receipt.total, Fen(180000 + 12 * 6500 + 42000));
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.stage(), Stage::Construction);
    assert_eq!(
        v.fee_receipt_no.as_deref(),
        Some(paid.receipt.receipt_no.as_str())
    );
    // Voided at the cash desk: back to 缴费.
    let a = d.actor("1001");
    cash::void_receipt(
        &mut d.store,
        &a,
        &Approval {
            staff_no: "1009".into(),
            pin: "123456".into(),
        },
        paid.receipt.id,
        "收错了",
        &PaymentKey::new(),
        t(180),
    )
    .unwrap();
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.stage(), Stage::Fee);
    assert!(!v.fee_paid);
    assert_eq!(v.events.last().unwrap().action, "void_fee");
    let repaid = pay(&mut d, id);
    for s in [
        Step::ConstructionDone {
            note: String::new(),
        },
        Step::Inspect {
            passed: false,
            note: "阀门漏气".into(),
        },
        Step::ConstructionDone {
            note: "已整改".into(),
        },
        Step::Inspect {
            passed: true,
            note: String::new(),
        },
        Step::InstallMeter {
            serial: "ic20261204".into(),
        },
        Step::Ignite {
            note: String::new(),
        },
    ] {
        d.step("1001", id, s).unwrap();
    }
    let mut cards = SimulatedCards::new(&d.dir.path().join("cards"));
    let a = d.actor("1001");
    let opened =
        install::open_account(&mut d.store, &a, id, None, &mut cards, today(), t(600)).unwrap();
    assert!(opened.account_no.starts_with("501"));
    // Finished, its fee is not voided at the counter: refused before a manager's PIN
    // (the form would not open) and again in the store.
    assert!(matches!(
        cash::voidable(&d.store, repaid.receipt.id),
        Err(cash::CashError::InstallFeeLocked {
            cancelled: false,
            ..
        })
    ));
    let refused = cash::void_receipt(
        &mut d.store,
        &a,
        &Approval {
            staff_no: "1009".into(),
            pin: "123456".into(),
        },
        repaid.receipt.id,
        "客户要求退款",
        &PaymentKey::new(),
        t(700),
    );
    assert!(matches!(
        refused,
        Err(cash::CashError::InstallFeeLocked {
            cancelled: false,
            ..
        })
    ));
    assert!(
        cash::receipt_by_no(&d.store, &repaid.receipt.receipt_no)
            .unwrap()
            .reversed_by
            .is_none()
    );
    // A second application cannot install the meter now on this account: refused,
    // naming the account.
    let other = d.accept("302", true).unwrap().id;
    to_fee(&mut d, other);
    pay(&mut d, other);
    for s in [
        Step::ConstructionDone {
            note: String::new(),
        },
        Step::Inspect {
            passed: true,
            note: String::new(),
        },
    ] {
        d.step("1001", other, s).unwrap();
    }
    match d.step(
        "1001",
        other,
        Step::InstallMeter {
            serial: "IC20261204".into(),
        },
    ) {
        Err(InstallDbError::SerialInUse { account_no, .. }) => {
            assert_eq!(account_no, opened.account_no)
        }
        other => panic!("{other:?}"),
    }
    // The new meter's card is blank: the account's first purchase (number 1) writes.
    let meter = install::view_by_id(&d.store, id)
        .unwrap()
        .unwrap()
        .meter_serial
        .unwrap();
    {
        use gasdesk::card::CardWriter;
        assert_eq!(cards.read(&meter).unwrap().purchase_count, 0);
        assert!(cards.write(&meter, 1, 10_000).is_ok());
    }
    let found = db::account::search(&d.store, &opened.account_no, 5).unwrap();
    assert_eq!(found.rows[0].account_no, opened.account_no);
    let found = db::account::search(&d.store, "刘晓燕", 5).unwrap();
    assert!(found.rows.iter().any(|r| r.account_no == opened.account_no));
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.stage(), Stage::Completed);
    assert_eq!(v.account_no.as_deref(), Some(opened.account_no.as_str()));
    // Nothing changes after completion.
    assert!(
        d.step("1009", id, Step::Cancel { reason: "x".into() })
            .is_err()
    );
    // The ledger and audit agree (`gasdesk check`).
    let report = db::check::run(&d.store).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn two_counters_at_once_one_wins_the_other_is_told_who_and_when() {
    let mut d = setup();
    let id = d.accept("301", false).unwrap().id;
    let seen = install::view_by_id(&d.store, id).unwrap().unwrap().version;
    let mut other = Store::open(d.store.path()).unwrap();
    let a = d.actor("1001");
    let b = d.actor("1002");
    let s = Step::BookSurvey {
        on: day(2026, 12, 7),
    };
    install::step(&mut d.store, &a, id, Some(seen), &s, today(), t(10)).unwrap();
    match install::step(&mut other, &b, id, Some(seen), &s, today(), t(11)) {
        Err(InstallDbError::Moved { who, at, action }) => {
            assert_eq!(who, "1001 员工1001");
            assert_eq!(action, "book_survey");
            assert_eq!(at, gasdesk::clock::stamp(t(10)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn hold_stops_the_clock_and_overdue_lists_most_late_first() {
    let mut d = setup();
    let a = d.accept("301", false).unwrap();
    let b = d.accept("302", true).unwrap();
    let c = d.accept("303", true).unwrap();
    let clerk = d.actor("1001");
    // Held on Fri 4 Dec, resumed Wed 9 Dec: Mon, Tue, Wed held, due moves 3 days on.
    install::step(
        &mut d.store,
        &clerk,
        b.id,
        None,
        &Step::Hold {
            reason: "等产权人签字".into(),
        },
        today(),
        t(5),
    )
    .unwrap();
    install::step(
        &mut d.store,
        &clerk,
        b.id,
        None,
        &Step::Resume,
        day(2026, 12, 9),
        t(86400 * 5),
    )
    .unwrap();
    let v = install::view_by_id(&d.store, b.id).unwrap().unwrap();
    assert_eq!(v.due(), Some(day(2026, 12, 10)));
    assert_eq!(v.holds.len(), 1);
    install::step(
        &mut d.store,
        &clerk,
        c.id,
        None,
        &Step::Hold {
            reason: "客户出差".into(),
        },
        today(),
        t(5),
    )
    .unwrap();
    let overdue = install::list(
        &d.store,
        &ListFilter {
            office: Some(1),
            overdue_on: Some(day(2026, 12, 11)),
            ..ListFilter::default()
        },
    )
    .unwrap();
    // a due Mon 7 Dec, b due Thu 10 Dec; c on hold is not overdue.
    let nos: Vec<&str> = overdue.iter().map(|r| r.app_no.as_str()).collect();
    assert_eq!(nos, vec![a.app_no.as_str(), b.app_no.as_str()]);
    let mine = install::list(
        &d.store,
        &ListFilter {
            handler: clerk.staff_id,
            ..ListFilter::default()
        },
    )
    .unwrap();
    assert_eq!(mine.len(), 3);
}

#[test]
fn cli_list_and_show_are_masked_and_list_is_for_managers() {
    let mut d = setup();
    let a = d.accept("301", false).unwrap();
    to_fee(&mut d, a.id);
    let path = d.store.path().to_path_buf();
    let db = path.to_str().unwrap();
    let out = common::run(
        &[
            "--lang", "en", "--db", db, "install", "list", "--office", "1", "--stage", "fee",
            "--format", "json", "--as", "1009",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "install list");
    let rows: serde_json::Value = serde_json::from_str(&common::stdout(&out)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["app_no"], a.app_no.as_str());
    assert!(rows[0]["phone"].as_str().unwrap().contains('*'));
    assert!(rows[0]["name"].as_str().unwrap().contains('*'));
    let out = common::run(
        &[
            "--lang", "en", "--db", db, "install", "list", "--office", "all", "--format", "csv",
            "--as", "1009",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "install list csv");
    assert_eq!(common::stdout(&out).lines().count(), 2);
    // Per staff member: 1001 handles it, 1002 nothing.
    for (staff, rows) in [("1001", 2), ("1002", 1)] {
        let out = common::run(
            &[
                "--lang", "en", "--db", db, "install", "list", "--office", "all", "--staff", staff,
                "--format", "csv", "--as", "1009",
            ],
            "123456\n",
        );
        common::assert_ok(&out, "install list --staff");
        assert_eq!(common::stdout(&out).lines().count(), rows, "{staff}");
    }
    // No PIN on standard input: said so, and not counted as a failed attempt.
    let out = common::run(
        &[
            "--lang", "en", "--db", db, "install", "list", "--office", "1", "--as", "1009",
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(
        common::stderr(&out).contains("No PIN given"),
        "{}",
        common::stderr(&out)
    );
    let failed: i64 = common::raw(&d.store)
        .query_row(
            "SELECT failed_attempts FROM staff WHERE staff_no = '1009'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failed, 0);
    // A clerk may look one up but not export the list.
    let out = common::run(
        &[
            "--lang", "en", "--db", db, "install", "list", "--office", "1", "--as", "1001",
        ],
        "123456\n",
    );
    assert!(!out.status.success());
    let out = common::run(
        &[
            "--lang",
            "en",
            "--db",
            db,
            "install",
            "show",
            "13955123456",
            "--as",
            "1001",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "install show");
    let text = common::stdout(&out);
    assert!(text.contains(&a.app_no) && text.contains("Fee"), "{text}");
    assert!(!text.contains("13955123456"), "phone masked: {text}");
    assert!(text.contains("Owed: Floor plan"), "{text}");
    assert!(text.contains("Book survey"), "{text}");
    // The history says what a step concerned, as F5's timeline does.
    d.step(
        "1001",
        a.id,
        Step::DocumentsReceived {
            codes: vec!["floor_plan".into()],
        },
    )
    .unwrap();
    let out = common::run(
        &[
            "--lang", "en", "--db", db, "install", "show", &a.app_no, "--as", "1001",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "install show after a document");
    let text = common::stdout(&out);
    let row = text
        .lines()
        .find(|l| l.contains("Floor plan") && !l.contains("Owed"))
        .unwrap_or_else(|| panic!("the document named in the history: {text}"));
    assert!(row.contains("1001"), "{row}");
    let out = common::run(
        &[
            "--lang", "en", "--db", db, "install", "list", "--office", "1", "--stage", "nope",
            "--as", "1009",
        ],
        "123456\n",
    );
    assert!(!out.status.success());
}

/// Account opening is one transaction: when any part fails (here the meter's serial was
/// taken by another meter meanwhile), no account, no meter and no step is left behind.
#[test]
fn a_failed_account_opening_leaves_no_half_open_account() {
    let mut d = setup();
    open_shift(&mut d);
    let id = d.accept("301", false).unwrap().id;
    to_fee(&mut d, id);
    pay(&mut d, id);
    for s in [
        Step::ConstructionDone {
            note: String::new(),
        },
        Step::Inspect {
            passed: true,
            note: String::new(),
        },
        Step::InstallMeter {
            serial: "MECH20261204".into(),
        },
        Step::Ignite {
            note: String::new(),
        },
    ] {
        d.step("1001", id, s).unwrap();
    }
    // Another account's meter takes the serial before the account is opened.
    db::account::insert_many(
        &mut d.store,
        &Actor::system(),
        &[gasdesk::domain::account::NewAccount {
            account_no: "3401999999".into(),
            holder_name: "别人".into(),
            id_number: None,
            phone: None,
            landline: None,
            district: "蜀山区".into(),
            address: "别处".into(),
            customer_type: CustomerType::Residential,
            home_office: 1,
            opened_on: day(2020, 1, 1),
            meter: Some(gasdesk::domain::account::NewMeter {
                serial: "MECH20261204".into(),
                kind: MeterKind::Mechanical,
                installed_on: day(2020, 1, 1),
                expires_on: day(2030, 1, 1),
            }),
        }],
        "test",
    )
    .unwrap();
    let raw = common::raw(&d.store);
    let count = |sql: &str| -> i64 { raw.query_row(sql, [], |r| r.get(0)).unwrap() };
    let (accounts, meters, events) = (
        count("SELECT count(*) FROM account"),
        count("SELECT count(*) FROM meter"),
        count("SELECT count(*) FROM install_event"),
    );
    let mut cards = SimulatedCards::new(&d.dir.path().join("cards"));
    let a = d.actor("1001");
    assert!(
        install::open_account(&mut d.store, &a, id, None, &mut cards, today(), t(600)).is_err()
    );
    assert_eq!(count("SELECT count(*) FROM account"), accounts);
    assert_eq!(count("SELECT count(*) FROM meter"), meters);
    assert_eq!(count("SELECT count(*) FROM install_event"), events);
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(v.stage(), Stage::Account);
    assert!(v.account_no.is_none());
}

/// The worker of [`sigkill_during_account_opening_leaves_no_half_open_account`]: opens the
/// account of every application waiting for one, in the file the parent names. Does
/// nothing when run as an ordinary test.
#[test]
fn account_opening_worker() {
    let Ok(path) = std::env::var("GASDESK_INSTALL_WORKER_DB") else {
        return;
    };
    let mut store = Store::open(std::path::Path::new(&path)).unwrap();
    let a = db::staff::by_number(&store, "1001")
        .unwrap()
        .unwrap()
        .actor(None);
    let cards = std::path::Path::new(&path).with_extension("cards");
    let mut cards = SimulatedCards::new(&cards);
    let waiting: Vec<i64> = install::list(
        &store,
        &ListFilter {
            stage: Some(Stage::Account),
            limit: 10_000,
            ..ListFilter::default()
        },
    )
    .unwrap()
    .iter()
    .map(|r| r.id)
    .collect();
    for id in waiting {
        install::open_account(&mut store, &a, id, None, &mut cards, today(), t(900)).unwrap();
    }
}

/// A process opening accounts is SIGKILLed at random moments, again and again: every
/// application is either still waiting with no account, or completed with exactly one
/// account and its meter; `gasdesk check` finds nothing.
#[cfg(unix)]
#[test]
fn sigkill_during_account_opening_leaves_no_half_open_account() {
    let mut d = setup();
    d.store.durable_commits(false).unwrap();
    open_shift(&mut d);
    let mut ids = Vec::new();
    for n in 0..60 {
        let id = d.accept(&format!("{}", 100 + n), true).unwrap().id;
        to_fee(&mut d, id);
        pay(&mut d, id);
        for s in [
            Step::ConstructionDone {
                note: String::new(),
            },
            Step::Inspect {
                passed: true,
                note: String::new(),
            },
            Step::InstallMeter {
                serial: format!("IC2026{n:06}"),
            },
            Step::Ignite {
                note: String::new(),
            },
        ] {
            d.step("1001", id, s).unwrap();
        }
        ids.push(id);
    }
    d.store.durable_commits(true).unwrap();
    let path = d.store.path().to_path_buf();
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let count = |sql: &str| -> i64 {
        rusqlite::Connection::open(&path)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    for round in 0..40 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "account_opening_worker",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("GASDESK_INSTALL_WORKER_DB", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = if round == 39 { 60_000 } else { 20 + seed % 120 };
        let started = std::time::Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            if started.elapsed().as_millis() as u64 >= wait {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        // After every kill: no account without its completed application, none twice.
        assert_eq!(
            count(
                "SELECT count(*) FROM account WHERE account_no GLOB '501*' AND account_no <> '5010000000'"
            ),
            count("SELECT count(*) FROM install_application WHERE stage = 'completed'"),
            "round {round}"
        );
        assert_eq!(
            count(
                "SELECT count(*) FROM install_application a WHERE stage = 'completed'
                   AND NOT EXISTS (SELECT 1 FROM meter m WHERE m.account_id = a.account_id)"
            ),
            0
        );
        let waiting = count("SELECT count(*) FROM install_application WHERE stage = 'account'");
        eprintln!("round {round}: {waiting} still waiting");
        if waiting == 0 {
            break;
        }
    }
    assert_eq!(
        count("SELECT count(*) FROM install_application WHERE stage = 'completed'"),
        ids.len() as i64
    );
    let store = Store::open(&path).unwrap();
    let report = db::check::run(&store).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

/// A manager reassigns (the first-contact owner stays) and moves a due date, always with
/// a reason; an owed document brought in is no longer owed; a handler must be a staff
/// member of the office.
#[test]
fn reassign_move_due_and_documents() {
    let mut d = setup();
    let id = d.accept("301", false).unwrap().id;
    assert!(matches!(
        d.step(
            "1009",
            id,
            Step::Reassign {
                staff_no: "1002".into(),
                reason: String::new()
            }
        ),
        Err(InstallDbError::Rule(InstallError::Required(_)))
    ));
    assert!(matches!(
        d.step(
            "1009",
            id,
            Step::Reassign {
                staff_no: "9999".into(),
                reason: "休假".into()
            }
        ),
        Err(InstallDbError::UnknownStaff(_))
    ));
    d.step(
        "1009",
        id,
        Step::Reassign {
            staff_no: "1002".into(),
            reason: "休假".into(),
        },
    )
    .unwrap();
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(
        (v.owner.as_str(), v.handler.as_str()),
        ("1001 员工1001", "1002 员工1002")
    );
    assert!(matches!(
        d.step(
            "1009",
            id,
            Step::MoveDue {
                to: today(),
                reason: "客户要求".into()
            }
        ),
        Err(InstallDbError::Rule(InstallError::DueDate))
    ));
    d.step(
        "1009",
        id,
        Step::MoveDue {
            to: day(2026, 12, 18),
            reason: "客户要求".into(),
        },
    )
    .unwrap();
    assert_eq!(
        install::view_by_id(&d.store, id).unwrap().unwrap().due(),
        Some(day(2026, 12, 18))
    );
    assert!(matches!(
        d.step(
            "1001",
            id,
            Step::DocumentsReceived {
                codes: vec!["id_card".into()]
            }
        ),
        Err(InstallDbError::Rule(InstallError::DocumentTwice(_)))
    ));
    d.step(
        "1001",
        id,
        Step::DocumentsReceived {
            codes: vec!["floor_plan".into()],
        },
    )
    .unwrap();
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    let owed: Vec<&str> = v.owed().map(|o| o.code.as_str()).collect();
    assert_eq!(owed, vec!["owner_consent"]);
    let actions: Vec<&str> = v.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["accept", "reassign", "move_due", "document_received"]
    );
    // Every change audited, without the applicant's details.
    let raw = common::raw(&d.store);
    let audited: Vec<String> = raw
        .prepare("SELECT detail FROM audit WHERE entity = 'install_application' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(audited.len(), 4);
    assert!(
        audited
            .iter()
            .all(|a| !a.contains("刘晓燕") && !a.contains("13955123456"))
    );
}

/// A person who already holds two accounts (ID numbers are not unique to one account):
/// both are named before a new application is saved.
#[test]
fn every_account_of_the_applicant_is_named_before_saving() {
    use gasdesk::domain::account::NewAccount;
    let mut d = setup();
    let idn = input("1").id_number;
    let accounts: Vec<NewAccount> = [("0000000101", "金寨路1号"), ("0000000102", "金寨路2号")]
        .into_iter()
        .map(|(no, address)| NewAccount {
            account_no: no.into(),
            holder_name: "刘晓燕".into(),
            id_number: Some(idn.clone()),
            phone: None,
            landline: None,
            district: "蜀山区".into(),
            address: address.into(),
            customer_type: CustomerType::Residential,
            home_office: 1,
            opened_on: day(2020, 1, 1),
            meter: None,
        })
        .collect();
    db::account::insert_many(&mut d.store, &Actor::system(), &accounts, "test").unwrap();
    match d.accept("301", false) {
        Err(InstallDbError::Duplicate(found)) => assert_eq!(found.len(), 2, "{found:?}"),
        other => panic!("{other:?}"),
    }
}

/// Audit details of install rows, oldest first.
fn audit_details(d: &Desk, action: &str) -> Vec<String> {
    common::raw(&d.store)
        .prepare("SELECT detail FROM audit WHERE action = ?1 ORDER BY id")
        .unwrap()
        .query_map([action], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Several owed documents brought in at once: one transaction, a history row for each,
/// one audit row; an unknown, already received or repeated code refuses the lot and
/// changes nothing; nothing is recorded on a finished application.
#[test]
fn several_owed_documents_at_once_all_or_nothing() {
    let mut d = setup();
    let id = d.accept("301", false).unwrap().id;
    let owed = |d: &Desk| -> Vec<String> {
        let v = install::view_by_id(&d.store, id).unwrap().unwrap();
        v.owed().map(|o| o.code.clone()).collect()
    };
    let before = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert_eq!(owed(&d), vec!["floor_plan", "owner_consent"]);
    let docs = |codes: &[&str]| Step::DocumentsReceived {
        codes: codes.iter().map(|c| c.to_string()).collect(),
    };
    for (codes, refused) in [
        (&["floor_plan", "floor_plan"][..], "twice"),
        (&["floor_plan", "owner_consent", "id_card"][..], "twice"),
        (&["floor_plan", "business_licence_x"][..], "unknown"),
        (&[][..], "required"),
    ] {
        let e = d.step("1001", id, docs(codes)).unwrap_err();
        let ok = match refused {
            "twice" => matches!(e, InstallDbError::Rule(InstallError::DocumentTwice(_))),
            "unknown" => matches!(e, InstallDbError::Rule(InstallError::UnknownDocument(_))),
            _ => matches!(e, InstallDbError::Rule(InstallError::Required(_))),
        };
        assert!(ok, "{codes:?}: {e:?}");
        let v = install::view_by_id(&d.store, id).unwrap().unwrap();
        assert_eq!(v.version, before.version, "nothing changed: {codes:?}");
        assert_eq!(v.events.len(), before.events.len());
        assert_eq!(owed(&d).len(), 2);
    }
    d.step("1001", id, docs(&["owner_consent", "floor_plan"]))
        .unwrap();
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    assert!(owed(&d).is_empty());
    assert_eq!(v.version, before.version + 1);
    let got: Vec<&str> = v
        .events
        .iter()
        .filter(|e| e.action == "document_received")
        .map(|e| e.detail.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(got.len(), 2, "each in the timeline");
    assert!(got[0].contains("owner_consent") && got[1].contains("floor_plan"));
    let audited = audit_details(&d, "install_document");
    assert_eq!(audited.len(), 1, "one transaction, one audit row");
    assert!(audited[0].contains("owner_consent") && audited[0].contains("floor_plan"));
    // A cancelled application records no document.
    let id2 = d.accept("302", true).unwrap().id;
    d.step(
        "1009",
        id2,
        Step::Cancel {
            reason: "客户放弃".into(),
        },
    )
    .unwrap();
    assert!(matches!(
        d.step("1001", id2, docs(&["floor_plan"])),
        Err(InstallDbError::Rule(InstallError::Stage(
            StageError::Finished(Stage::Cancelled)
        )))
    ));
}

/// The applicant's details corrected after intake: checked as intake checks them, by
/// staff of the application's office with a reason, in the history and audited with the
/// old and new values masked; refused on a cancelled application and on a stale screen.
#[test]
fn the_applicant_is_corrected_with_a_reason_and_audited_masked() {
    use gasdesk::domain::install::amend::CorrectionInput;
    let mut d = setup();
    db::staff::add(
        &mut d.store,
        &Actor::system(),
        &NewStaff {
            staff_no: "2001".into(),
            name: "员工2001".into(),
            office_id: 2,
            counter_no: Some(1),
            role: Role::Clerk,
            pin_hash: gasdesk::domain::pin::hash("123456"),
        },
    )
    .unwrap();
    let id = d.accept("301", false).unwrap().id;
    let new_id = id_number::generate(5, day(1990, 7, 9), "340104", 33);
    let correct = |d: &mut Desk, who: &str, version: Option<i64>, input: &CorrectionInput| {
        let a = d.actor(who);
        install::correct_applicant(&mut d.store, &a, id, version, input, today(), t(120))
    };
    let good = CorrectionInput {
        name: "刘晓艳".into(),
        id_number: new_id.as_str().into(),
        phone: String::new(),
        household: "4".into(),
        reason: "受理时录错".into(),
    };
    let v0 = install::view_by_id(&d.store, id).unwrap().unwrap();
    // Refusals change nothing.
    let mut bad_digit = new_id.as_str().to_string();
    let last = bad_digit.pop().unwrap();
    bad_digit.push(if last == '1' { '2' } else { '1' });
    for (input, who) in [
        (
            CorrectionInput {
                id_number: bad_digit,
                ..good.clone()
            },
            "1001",
        ),
        (
            CorrectionInput {
                phone: "1395512".into(),
                ..good.clone()
            },
            "1001",
        ),
        (
            CorrectionInput {
                reason: String::new(),
                ..good.clone()
            },
            "1001",
        ),
        (
            CorrectionInput {
                name: "刘晓燕".into(),
                id_number: String::new(),
                household: "3".into(),
                ..good.clone()
            },
            "1001",
        ),
        (good.clone(), "2001"),
    ] {
        let e = correct(&mut d, who, None, &input).unwrap_err();
        let expected = match who {
            "2001" => matches!(e, InstallDbError::OtherOffice { .. }),
            _ => matches!(
                e,
                InstallDbError::Rule(
                    InstallError::IdNumber(_)
                        | InstallError::Phone(_)
                        | InstallError::Required(_)
                        | InstallError::NothingToCorrect
                )
            ),
        };
        assert!(expected, "{input:?} by {who}: {e:?}");
        let v = install::view_by_id(&d.store, id).unwrap().unwrap();
        assert_eq!(v.version, v0.version);
    }
    assert!(matches!(
        correct(&mut d, "1001", Some(v0.version + 1), &good),
        Err(InstallDbError::Moved { .. })
    ));
    // The manager of the office may correct too; here the clerk does.
    correct(&mut d, "1001", Some(v0.version), &good).unwrap();
    let raw = common::raw(&d.store);
    let (name, idn, phone, household): (String, String, String, i64) = raw
        .query_row(
            "SELECT name, id_number, phone, household FROM install_application WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), idn.as_str(), phone.as_str(), household),
        ("刘晓艳", new_id.as_str(), "13955123456", 4)
    );
    let v = install::view_by_id(&d.store, id).unwrap().unwrap();
    let e = v.events.last().unwrap();
    assert_eq!(e.action, "correct_applicant");
    assert_eq!(e.note.as_deref(), Some("受理时录错"));
    let audited = audit_details(&d, "install_correct");
    assert_eq!(audited.len(), 1);
    let a = &audited[0];
    let old_id = input("1").id_number;
    assert!(a.contains("\"from\"") && a.contains("\"to\""), "{a}");
    assert!(
        a.contains("household") && a.contains("\"3\"") && a.contains("\"4\""),
        "{a}"
    );
    for secret in [
        "刘晓燕",
        "刘晓艳",
        old_id.as_str(),
        new_id.as_str(),
        "13955123456",
    ] {
        assert!(!a.contains(secret), "masked: {a}");
        assert!(!e.detail.as_deref().unwrap().contains(secret));
    }
    assert!(!a.contains("phone"), "only what changed: {a}");
    d.step(
        "1009",
        id,
        Step::Cancel {
            reason: "客户放弃".into(),
        },
    )
    .unwrap();
    let again = CorrectionInput {
        household: "5".into(),
        ..good.clone()
    };
    assert!(matches!(
        correct(&mut d, "1009", None, &again),
        Err(InstallDbError::Rule(InstallError::Stage(
            StageError::Finished(Stage::Cancelled)
        )))
    ));
}

/// The fee is on the office's holding account (新装预收), but its receipt — on screen,
/// printed, reprinted, and its void — names the application and the applicant.
#[test]
fn the_fee_receipt_names_the_application_and_the_applicant_not_the_holding_account() {
    use gasdesk::i18n::Lang;
    use gasdesk::printout::receipt_text;
    let mut d = setup();
    open_shift(&mut d);
    let accepted = d.accept("301", false).unwrap();
    let id = accepted.id;
    to_fee(&mut d, id);
    let paid = pay(&mut d, id);
    let holding = cash::holding_account_no(1);
    assert_eq!(paid.receipt.account_no, holding, "the money's account");
    let app_no = install::view_by_id(&d.store, id).unwrap().unwrap().app_no;
    let fee_for = paid
        .receipt
        .install
        .clone()
        .expect("linked to its application");
    assert_eq!(fee_for.app_no, app_no);
    assert_eq!(fee_for.applicant, "刘晓燕");
    for (lang, label) in [(Lang::Zh, "申请编号"), (Lang::En, "Application")] {
        let text = receipt_text(&paid.receipt, lang, false, false).join("\n");
        assert!(text.contains(label), "{text}");
        assert!(text.contains(&app_no), "{text}");
        assert!(text.contains("刘晓燕"), "{text}");
        assert!(!text.contains(&holding), "no holding account: {text}");
        assert!(!text.contains("新装预收"), "{text}");
        assert!(!text.contains("13955123456"), "no phone: {text}");
    }
    // Read back by number (the desk's list, the customer view), reprinted: the same.
    let again = cash::receipt_by_no(&d.store, &paid.receipt.receipt_no).unwrap();
    assert_eq!(again.install, paid.receipt.install);
    let a = d.actor("1001");
    let reprinted = cash::reprint(&mut d.store, &a, paid.receipt.id, t(150)).unwrap();
    assert_eq!(reprinted.install, paid.receipt.install);
    // The void names the application too; the receipt then says who voided it.
    let void = cash::void_receipt(
        &mut d.store,
        &a,
        &Approval {
            staff_no: "1009".into(),
            pin: "123456".into(),
        },
        paid.receipt.id,
        "收错了",
        &PaymentKey::new(),
        t(180),
    )
    .unwrap();
    assert_eq!(void.receipt.install, paid.receipt.install);
    let text = receipt_text(&void.receipt, Lang::Zh, false, false).join("\n");
    assert!(text.contains(&app_no) && !text.contains(&holding), "{text}");
    // Paid again after the void: a new receipt for the same application; the voided one
    // keeps naming it.
    let second = pay(&mut d, id);
    assert_eq!(second.receipt.install, paid.receipt.install);
    let first = cash::receipt(&d.store, paid.receipt.id).unwrap();
    assert_eq!(first.install, paid.receipt.install);
    assert!(first.reversed_by.is_some());
    // The shift's list: the fee, its void and the second fee, each naming it.
    let receipts = cash::shift_receipts(&d.store, paid.receipt.shift_id).unwrap();
    assert_eq!(receipts.len(), 3);
    assert!(receipts.iter().all(|r| r.install.is_some()));
    let report = db::check::run(&d.store).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

/// Intake from a new-install ticket at the counter: the application records the ticket
/// (office, business day, number), shown by `view` and `gasdesk install show`; a ticket
/// not at the actor's counter is refused and nothing is created.
#[test]
fn an_application_taken_from_a_ticket_at_the_counter_records_it() {
    use gasdesk::db::queue::{self as q, IssueRequest};
    use gasdesk::domain::queue::CounterMode;
    let mut d = setup();
    let rules = builtin_rules();
    // 1001 at counter 3, which calls new installs (B).
    let at3 = db::staff::by_number(&d.store, "1001")
        .unwrap()
        .unwrap()
        .actor(Some(3));
    q::set_counter(&mut d.store, &at3, CounterMode::Open, t(0)).unwrap();
    let served = q::quick_serve(
        &mut d.store,
        &at3,
        &rules,
        &IssueRequest {
            office_id: 1,
            service: 'B',
            account_no: None,
            phone: Some("13955123456".into()),
            priority: false,
        },
        t(0),
    )
    .unwrap();
    let app = input("301")
        .check(
            InstallRules::builtin(),
            WorkCalendar::builtin(),
            &[],
            today(),
        )
        .unwrap();
    // Not at counter 1's desk: refused, nothing made.
    let at1 = d.actor("1001");
    match install::accept_at_ticket(
        &mut d.store,
        &at1,
        &app,
        false,
        Some(served.id),
        today(),
        t(10),
    ) {
        Err(InstallDbError::TicketNotServed(no)) => assert_eq!(no, served.number),
        other => panic!("{other:?}"),
    }
    assert!(
        install::view(&d.store, "BZHF01-2026-000001")
            .unwrap()
            .is_none()
    );
    let accepted = install::accept_at_ticket(
        &mut d.store,
        &at3,
        &app,
        false,
        Some(served.id),
        today(),
        t(10),
    )
    .unwrap();
    assert_eq!(
        accepted.app_no, "BZHF01-2026-000001",
        "the refusal took no number"
    );
    let v = install::view_by_id(&d.store, accepted.id).unwrap().unwrap();
    let link = v.ticket.clone().expect("the ticket recorded");
    assert_eq!(link.number, served.number);
    assert_eq!(link.office_code, "HF01");
    assert_eq!(link.day, "2026-12-04");
    // An application taken without a ticket has none.
    let plain = d.accept("302", true).unwrap();
    let v = install::view_by_id(&d.store, plain.id).unwrap().unwrap();
    assert!(v.ticket.is_none());
    // `gasdesk install show` says it, text and JSON.
    let db_path = d.store.path().to_path_buf();
    drop(d.store);
    let db = db_path.to_str().unwrap();
    let show = |format: &str| {
        let out = common::run(
            &[
                "--lang",
                "en",
                "--db",
                db,
                "install",
                "show",
                "BZHF01-2026-000001",
                "--format",
                format,
                "--as",
                "1001",
            ],
            "123456\n",
        );
        common::assert_ok(&out, "install show");
        common::stdout(&out)
    };
    let text = show("text");
    assert!(
        text.contains(&format!(
            "Queue ticket {} (HF01, 2026-12-04)",
            served.number
        )),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&show("json")).unwrap();
    assert_eq!(json["ticket"]["number"], served.number.as_str());
}

/// The office's holding account takes install fees only: no advance paid into it, no
/// transfer of it, whoever asks.
#[test]
fn the_holding_account_takes_no_payment_and_no_transfer() {
    let mut d = setup();
    open_shift(&mut d);
    let id = d.accept("301", true).unwrap().id;
    to_fee(&mut d, id);
    pay(&mut d, id);
    let holding = db::account::id_by_account_no(&d.store, &cash::holding_account_no(1))
        .unwrap()
        .expect("made by the first fee");
    assert!(cash::is_holding_account(&d.store, holding).unwrap());
    let a = d.actor("1001");
    let refused = cash::pay_advance(
        &mut d.store,
        &a,
        &PaymentKey::new(),
        holding,
        Fen(10_000),
        &Tender::cash(None),
        t(200),
    );
    match refused {
        Err(e @ cash::CashError::HoldingAccount(_)) => {
            assert!(
                gasdesk::i18n::Localized::localized(&e, gasdesk::i18n::Lang::En)
                    .contains("install fees only")
            )
        }
        other => panic!("expected the holding account refused, got {other:?}"),
    }
    assert!(matches!(
        gasdesk::db::transfer::situation(&d.store, holding, today()),
        Err(gasdesk::db::transfer::TransferError::Cash(
            cash::CashError::HoldingAccount(_)
        ))
    ));
}
