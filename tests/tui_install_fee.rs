//! The new-install fee (F5) on an 80x24 `TestBackend` with a fixed clock: the fee form
//! says at once when the counter has no open shift, and how to open one; the receipt (on
//! the cash desk's screen and in the printer spool) names the application and the
//! applicant, not the office's holding account; a fee voided by a manager shows as voided
//! on the application. Snapshots in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::db::cash::{self, Approval, PaymentKey, Tender};
use gasdesk::db::install::{self, Step};
use gasdesk::domain::install::{Channel, InstallRules, Stage, WorkCalendar};
use gasdesk::domain::money::Fen;
use gasdesk::domain::receipt::PaymentMethod;
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::install::{InstallScreen, Mode, StepKind};
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 01:30 UTC on Tuesday 15 December 2026 (09:30 at the offices).
fn at() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 12, 15)
        .and_then(|d| d.and_hms_opt(1, 30, 0))
        .expect("valid date")
        .and_utc()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 15).unwrap()
}

fn screen(ui: &Driver) -> &InstallScreen {
    match ui.app.screen() {
        Screen::Install(s) => s,
        other => panic!("not F5: {other:?}"),
    }
}

fn actor(ui: &Driver, staff_no: &str) -> gasdesk::db::Actor {
    gasdesk::db::staff::by_number(&ui.app.store, staff_no)
        .unwrap()
        .unwrap()
        .actor(None)
}

/// An application at office 1 taken by clerk 1001 today and quoted: at the fee stage.
fn quoted_application(ui: &mut Driver) -> (i64, String) {
    let clerk = actor(ui, "1001");
    let input = common::desk::zhou_haiyan(
        "501",
        NaiveDate::from_ymd_opt(1975, 6, 1).unwrap(),
        31,
        Channel::Counter,
    );
    let app = input
        .check(
            InstallRules::builtin(),
            WorkCalendar::builtin(),
            &[],
            today(),
        )
        .unwrap();
    let store = &mut ui.app.store;
    let accepted = install::accept(store, &clerk, &app, true, today(), at()).unwrap();
    for s in [
        Step::BookSurvey { on: today() },
        Step::SurveyDone {
            feasible: true,
            note: String::new(),
        },
        Step::Quote {
            pipe_metres: 8,
            meter: gasdesk::domain::account::MeterKind::Iot,
        },
    ] {
        install::step(store, &clerk, accepted.id, None, &s, today(), at()).unwrap();
    }
    (accepted.id, accepted.app_no)
}

fn open_shift(ui: &mut Driver) {
    let clerk = actor(ui, "1001");
    cash::open_shift(
        &mut ui.app.store,
        &clerk,
        &gasdesk::domain::queue::builtin_rules(),
        Fen::ZERO,
        at(),
    )
    .unwrap();
}

/// Clerk 1001 on F5, the application open (the only one of theirs).
fn open_in_f5(ui: &mut Driver, id: i64) {
    ui.login("1001");
    ui.key(KeyCode::F(5));
    let rows = screen(ui).rows.clone().unwrap().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, id);
    ui.key(KeyCode::Enter);
    assert_eq!(screen(ui).view.as_ref().map(|v| v.id), Some(id));
}

#[test]
fn the_fee_form_says_at_once_that_no_shift_is_open_and_how_to_open_one() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let (id, _) = quoted_application(&mut ui);
        open_in_f5(&mut ui, id);
        let v = screen(&ui).view.clone().unwrap();
        assert_eq!(screen(&ui).steps_for(&v)[0], StepKind::PayFee);
        // Enter opens the fee form: before anything is typed, it says so.
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the fee form opens: {}", ui.message())
        };
        let said = f.form.fields[0]
            .error
            .clone()
            .expect("said as the form opens");
        let (desk, key) = ("F4", "o");
        assert!(said.contains(desk) && said.contains(key), "{said}");
        assert!(
            said.contains(if lang == Lang::Zh {
                "尚未开班"
            } else {
                "No shift open"
            }),
            "{said}"
        );
        let text = ui.redraw();
        insta::assert_snapshot!(format!("install_fee_no_shift_{lang}"), text);
        // Once a shift is open (here by the store, as at the desk), the same form takes
        // the fee.
        open_shift(&mut ui);
        ui.key(KeyCode::Enter);
        assert_eq!(
            screen(&ui).view.as_ref().unwrap().stage(),
            Stage::Construction,
            "{}",
            ui.message()
        );
    }
}

#[test]
fn the_fee_receipt_names_the_application_on_screen_and_in_the_spool() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        ui.app.spool_dir = Some(ui.dir.path().join("spool"));
        let (id, app_no) = quoted_application(&mut ui);
        open_shift(&mut ui);
        open_in_f5(&mut ui, id);
        ui.key(KeyCode::Enter);
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().unwrap();
        assert_eq!(v.stage(), Stage::Construction, "{}", ui.message());
        let receipt_no = v.fee_receipt_no.clone().expect("paid");
        let holding = cash::holding_account_no(1);
        // The printout in the spool.
        let spool = ui.dir.path().join("spool");
        let printed: Vec<String> = std::fs::read_dir(&spool)
            .expect("spool folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(&receipt_no))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        assert_eq!(printed.len(), 1, "the receipt printed once");
        let paper = &printed[0];
        assert!(paper.contains(&app_no), "{paper}");
        assert!(paper.contains("周海燕"), "{paper}");
        assert!(!paper.contains(&holding), "{paper}");
        assert!(!paper.contains("新装预收"), "{paper}");
        assert!(!paper.contains("13855001122"), "{paper}");
        // On the cash desk: the shift's one receipt, opened.
        ui.key(KeyCode::F(4));
        ui.key(KeyCode::Enter);
        let Screen::Receipt(r) = ui.app.screen() else {
            panic!("the receipt opens: {}", ui.message())
        };
        assert_eq!(r.view.receipt_no, receipt_no);
        let text = ui.redraw();
        assert!(text.contains(&app_no), "{text}");
        assert!(text.contains("周海燕"), "{text}");
        assert!(!text.contains(&holding), "{text}");
        insta::assert_snapshot!(format!("install_fee_receipt_{lang}"), text);
    }
}

#[test]
fn a_fee_voided_by_a_manager_shows_as_voided_on_the_application() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let (id, _) = quoted_application(&mut ui);
        open_shift(&mut ui);
        let clerk = actor(&ui, "1001");
        let paid = cash::pay_install_fee(
            &mut ui.app.store,
            &clerk,
            id,
            None,
            &Tender {
                method: PaymentMethod::Cash,
                reference: String::new(),
                tendered: None,
            },
            &PaymentKey::new(),
            at(),
        )
        .unwrap();
        cash::void_receipt(
            &mut ui.app.store,
            &clerk,
            &Approval {
                staff_no: "1009".into(),
                pin: gasdesk::demo::DEMO_PIN.into(),
            },
            paid.receipt.id,
            "金额收错",
            &PaymentKey::new(),
            at(),
        )
        .unwrap();
        open_in_f5(&mut ui, id);
        let v = screen(&ui).view.clone().unwrap();
        assert_eq!(v.stage(), Stage::Fee);
        assert!(!v.fee_paid);
        let text = ui.redraw();
        assert!(text.contains(&paid.receipt.receipt_no), "{text}");
        assert!(
            text.contains(if lang == Lang::Zh {
                "已作废"
            } else {
                "voided"
            }),
            "{text}"
        );
        insta::assert_snapshot!(format!("install_fee_voided_{lang}"), text);
    }
}

/// On the queue screen, `i` on the new-install ticket at the counter opens F5's new
/// application over the queue with the ticket's mobile; the application records the
/// ticket and its view says so; Esc goes back to the queue.
#[test]
fn i_on_a_new_install_ticket_takes_the_application_for_it() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        gasdesk::db::queue::issue(
            &mut ui.app.store,
            &gasdesk::db::Actor::system(),
            &gasdesk::domain::queue::builtin_rules(),
            &gasdesk::db::queue::IssueRequest {
                office_id: 1,
                service: 'B',
                account_no: None,
                phone: Some("13955123456".into()),
                priority: false,
            },
            at(),
        )
        .unwrap();
        // 1003 works at counter 3 (A and B).
        ui.login("1003");
        ui.key(KeyCode::F(2));
        ui.keys("o");
        ui.keys("n");
        let text = ui.redraw();
        assert!(text.contains("B001"), "{text}");
        let label = if lang == Lang::Zh {
            "i 新装申请"
        } else {
            "i New install"
        };
        assert!(text.contains(label), "offered in the footer: {text}");
        insta::assert_snapshot!(format!("install_ticket_queue_{lang}"), text);
        ui.keys("i");
        let Mode::Intake(f) = &screen(&ui).mode else {
            panic!("the intake opens: {}", ui.message())
        };
        assert_eq!(f.ticket.as_deref(), Some("B001"));
        assert!(f.ticket_id.is_some());
        assert_eq!(
            f.form.value(gasdesk::tui::screens::install::intake::PHONE),
            "13955123456"
        );
        let id = gasdesk::domain::id_number::generate(
            3,
            NaiveDate::from_ymd_opt(1988, 4, 2).unwrap(),
            "340104",
            21,
        );
        // The mobile is filled in: its field is passed over.
        for (text, tabs) in [
            ("刘晓燕", 1),
            (id.as_str(), 2),
            ("蜀山区", 1),
            ("长江西路 天鹅湖畔", 1),
            ("9", 1),
            ("2", 1),
            ("301", 2),
            ("3", 2),
            ("1 2", 0),
        ] {
            ui.keys(text);
            for _ in 0..tabs {
                ui.key(KeyCode::Tab);
            }
        }
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::Notice, "{}", ui.message());
        ui.key(KeyCode::Esc);
        let v = screen(&ui).view.clone().expect("the application");
        let link = v.ticket.clone().expect("the ticket recorded");
        assert_eq!(link.number, "B001");
        assert_eq!(link.day, "2026-12-15");
        let text = ui.redraw();
        assert!(text.contains("B001"), "{text}");
        insta::assert_snapshot!(format!("install_ticket_view_{lang}"), text);
        // Back to the list, then back to the queue with the ticket still at the counter.
        ui.key(KeyCode::Esc);
        ui.key(KeyCode::Esc);
        assert!(
            matches!(ui.app.screen(), Screen::Queue(_)),
            "{:?}",
            ui.app.screen()
        );
    }
}

/// The void form of an install fee names the application and the applicant, as the
/// receipt does, not the office's holding account.
#[test]
fn the_void_form_of_a_fee_names_the_application() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at()));
    let (id, app_no) = quoted_application(&mut ui);
    open_shift(&mut ui);
    let clerk = actor(&ui, "1001");
    cash::pay_install_fee(
        &mut ui.app.store,
        &clerk,
        id,
        None,
        &Tender {
            method: PaymentMethod::Cash,
            reference: String::new(),
            tendered: None,
        },
        &PaymentKey::new(),
        at(),
    )
    .unwrap();
    ui.login("1001");
    ui.key(KeyCode::F(4));
    ui.keys("v");
    let text = ui.redraw();
    assert!(
        text.contains(&format!("Application {app_no}")) && text.contains("周海燕"),
        "{text}"
    );
    assert!(!text.contains(&cash::holding_account_no(1)), "{text}");
}
