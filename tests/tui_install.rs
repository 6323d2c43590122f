//! New installs (F5) driven by keys on an 80x24 `TestBackend` with a fixed clock: a clerk
//! takes an application (the checklist, a refusal under its field, the duplicate
//! warning), sees the one-time notice (also in the printer spool), and carries the
//! application through every stage to an account that search finds; a clerk is offered
//! no manager's step; snapshots in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::domain::install::Stage;
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

fn screen(ui: &Driver) -> &InstallScreen {
    match ui.app.screen() {
        Screen::Install(s) => s,
        other => panic!("not F5: {other:?}"),
    }
}

/// Fills the intake form: applicant, address, household and the documents seen.
fn fill_intake(ui: &mut Driver, id: &str, room: &str, docs: &str) {
    for (text, tabs) in [
        ("刘晓燕", 1),
        (id, 1),
        ("13955123456", 1),
        ("蜀山区", 1),
        ("长江西路 天鹅湖畔", 1),
        ("9", 1),
        ("2", 1),
        (room, 2),
        ("3", 2),
        (docs, 0),
    ] {
        ui.keys(text);
        for _ in 0..tabs {
            ui.key(KeyCode::Tab);
        }
    }
}

fn valid_id() -> String {
    // A real check digit for the test's birth date and region.
    gasdesk::domain::id_number::generate(
        3,
        NaiveDate::from_ymd_opt(1988, 4, 2).unwrap(),
        "340104",
        21,
    )
    .as_str()
    .to_string()
}

#[test]
fn intake_with_checklist_refusal_notice_and_duplicate_warning() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        ui.app.spool_dir = Some(ui.dir.path().join("spool"));
        ui.login("1001");
        ui.key(KeyCode::F(5));
        assert_eq!(screen(&ui).rows.clone().unwrap().unwrap().len(), 0);
        insta::assert_snapshot!(format!("install_empty_{lang}"), ui.redraw());
        ui.keys("n");
        assert!(matches!(screen(&ui).mode, Mode::Intake(_)));
        // Only the ID card seen: the property document is core, refused under its field.
        fill_intake(&mut ui, &valid_id(), "301", "1");
        ui.key(KeyCode::Enter);
        let Mode::Intake(f) = &screen(&ui).mode else {
            panic!("form closed")
        };
        let error = f.form.fields[gasdesk::tui::screens::install::intake::DOCUMENTS]
            .error
            .clone()
            .expect("refused under the documents");
        assert!(
            error.contains(if lang == Lang::Zh { "必备" } else { "core" }),
            "{error}"
        );
        insta::assert_snapshot!(format!("install_intake_refused_{lang}"), ui.redraw());
        ui.keys(" 2");
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::Notice, "{}", ui.message());
        let view = screen(&ui).view.clone().expect("opened");
        assert_eq!(view.app_no, "BZHF01-2026-000001");
        let text = ui.redraw();
        assert!(text.contains("BZHF01-2026-000001"), "{text}");
        assert!(!text.contains("13955123456"), "masked: {text}");
        insta::assert_snapshot!(format!("install_notice_{lang}"), text);
        // The notice went to the printer spool as well.
        let spool = ui.dir.path().join("spool");
        let printed: Vec<_> = std::fs::read_dir(&spool)
            .expect("spool folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("notice"))
            .collect();
        assert_eq!(printed.len(), 1);
        ui.key(KeyCode::Esc);
        insta::assert_snapshot!(format!("install_view_{lang}"), ui.redraw());
        // The same ID again: warned, and only a second save accepts.
        ui.key(KeyCode::Esc);
        ui.keys("n");
        fill_intake(&mut ui, &valid_id(), "302", "1 2");
        ui.key(KeyCode::Enter);
        let Mode::Intake(f) = &screen(&ui).mode else {
            panic!("form closed")
        };
        assert!(
            f.warning
                .as_deref()
                .unwrap_or("")
                .contains("BZHF01-2026-000001")
        );
        insta::assert_snapshot!(format!("install_duplicate_{lang}"), ui.redraw());
        // A change after the warning asks the store again: the clerk confirmed what the
        // warning named for the details then, not for new ones.
        ui.keys("9");
        ui.key(KeyCode::Backspace);
        assert!(matches!(&screen(&ui).mode, Mode::Intake(f) if f.warning.is_none()));
        ui.key(KeyCode::Enter);
        assert!(
            matches!(&screen(&ui).mode, Mode::Intake(f) if f.warning.is_some()),
            "warned again, not saved: {}",
            ui.message()
        );
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::Notice);
        assert_eq!(
            screen(&ui).view.as_ref().unwrap().app_no,
            "BZHF01-2026-000002"
        );
    }
}

/// Presses Enter on the view's first offered step, types `text` in its first field (if
/// it has a form) and submits.
fn first_step(ui: &mut Driver, text: &str) {
    ui.key(KeyCode::Enter);
    if matches!(screen(ui).mode, Mode::Step(_)) {
        ui.keys(text);
        ui.key(KeyCode::Enter);
    }
    assert_eq!(screen(ui).mode, Mode::None, "{}", ui.message());
}

#[test]
fn from_intake_to_an_account_search_finds() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at()));
    ui.login("1001");
    let actor = gasdesk::db::staff::by_number(&ui.app.store, "1001")
        .unwrap()
        .unwrap()
        .actor(None);
    gasdesk::db::cash::open_shift(
        &mut ui.app.store,
        &actor,
        &gasdesk::domain::queue::builtin_rules(),
        gasdesk::domain::money::Fen::ZERO,
        at(),
    )
    .unwrap();
    ui.key(KeyCode::F(5));
    ui.keys("n");
    // The owner's consent (4) is owed and never brought.
    fill_intake(&mut ui, &valid_id(), "301", "1 2 3");
    ui.key(KeyCode::Enter);
    ui.key(KeyCode::Esc);
    // A clerk is offered no manager's step.
    let v = screen(&ui).view.clone().unwrap();
    let steps = screen(&ui).steps_for(&v);
    assert!(!steps.contains(&StepKind::Action(gasdesk::domain::install::Action::Cancel)));
    for (stage, text) in [
        (Stage::Accepted, ""),
        (Stage::Survey, "ok"),
        (Stage::Design, "12"),
        (Stage::Fee, ""),
        (Stage::Construction, ""),
        (Stage::Inspection, ""),
        (Stage::Meter, "IC20261215"),
        (Stage::Ignition, ""),
    ] {
        assert_eq!(screen(&ui).view.as_ref().unwrap().stage(), stage);
        if stage == Stage::Meter {
            insta::assert_snapshot!("install_view_meter_en", ui.redraw());
        }
        if stage == Stage::Inspection {
            // The second step, failed, sends it back to construction; the choice then
            // goes back to the first step (construction done), never to what sits second.
            ui.key(KeyCode::Down);
            assert_eq!(screen(&ui).chosen, 1);
            first_step(&mut ui, "hose loose");
            assert_eq!(
                screen(&ui).view.as_ref().unwrap().stage(),
                Stage::Construction
            );
            assert_eq!(screen(&ui).chosen, 0);
            first_step(&mut ui, "");
        }
        if stage == Stage::Accepted {
            // The survey is booked for today, so that its result can be recorded now
            // (never before the visit); the form offers the next working day.
            ui.key(KeyCode::Enter);
            ui.ctrl('u');
            ui.keys("2026-12-15");
            ui.key(KeyCode::Enter);
            assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
            continue;
        }
        first_step(&mut ui, text);
    }
    assert_eq!(screen(&ui).view.as_ref().unwrap().stage(), Stage::Account);
    ui.key(KeyCode::Enter);
    let v = screen(&ui).view.clone().unwrap();
    assert_eq!(v.stage(), Stage::Completed, "{}", ui.message());
    let account = v.account_no.clone().expect("account open");
    assert!(ui.message().contains(&account));
    assert!(v.fee_receipt_no.is_some());
    // Finished: what never came is history, not a to-do, and `d` says why it does nothing.
    let text = ui.redraw();
    assert!(
        text.contains("Never received") && !text.contains("Owed:"),
        "{text}"
    );
    insta::assert_snapshot!("install_view_completed_en", text);
    ui.keys("d");
    assert!(ui.message().contains("finished"), "{}", ui.message());
    ui.keys("e");
    assert!(ui.message().contains("account is open"), "{}", ui.message());
    ui.keys("t");
    let notice = ui.redraw();
    assert!(!notice.contains("Still to bring"), "{notice}");
    insta::assert_snapshot!("install_notice_completed_en", notice);
    ui.key(KeyCode::Esc);
    // Search finds it at once.
    ui.key(KeyCode::F(3));
    ui.keys(&account);
    let found = ui.redraw();
    assert!(found.contains(&account), "{found}");
}

/// Accepts an application at office 1 by clerk 1001 on `day`, taken to the fee stage when
/// `quoted`.
fn seed_application(ui: &mut Driver, room: &str, day: NaiveDate, quoted: bool) -> i64 {
    use gasdesk::db::install::{self, Step};
    use gasdesk::domain::install::{Channel, InstallRules, WorkCalendar};
    let store = &mut ui.app.store;
    let clerk = gasdesk::db::staff::by_number(&*store, "1001")
        .unwrap()
        .unwrap()
        .actor(None);
    let input = common::desk::zhou_haiyan(
        room,
        NaiveDate::from_ymd_opt(1975, 6, 1).unwrap(),
        room.parse().unwrap(),
        Channel::Hotline,
    );
    let app = input
        .check(InstallRules::builtin(), WorkCalendar::builtin(), &[], day)
        .unwrap();
    let when = day.and_hms_opt(1, 0, 0).unwrap().and_utc();
    let id = install::accept(store, &clerk, &app, true, day, when)
        .unwrap()
        .id;
    if quoted {
        for s in [
            Step::BookSurvey { on: day },
            Step::SurveyDone {
                feasible: true,
                note: String::new(),
            },
            Step::Quote {
                pipe_metres: 8,
                meter: gasdesk::domain::account::MeterKind::Iot,
            },
        ] {
            install::step(store, &clerk, id, None, &s, day, when).unwrap();
        }
    }
    id
}

#[test]
fn a_manager_sees_the_office_overdue_first_and_may_cancel() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        seed_application(&mut ui, "101", d(11, 20), true);
        seed_application(&mut ui, "102", d(12, 10), false);
        seed_application(&mut ui, "103", d(12, 15), false);
        ui.login("1009");
        ui.key(KeyCode::F(5));
        let rows = screen(&ui).rows.clone().unwrap().unwrap();
        assert_eq!(rows.len(), 3);
        insta::assert_snapshot!(format!("install_office_{lang}"), ui.redraw());
        // f goes through the stages, mine, then overdue.
        for _ in 0..15 {
            if screen(&ui).filter == gasdesk::tui::screens::install::Filter::Overdue {
                break;
            }
            ui.keys("f");
        }
        let overdue = screen(&ui).rows.clone().unwrap().unwrap();
        // Quoted on 20 November (fee due 10 working days on): late; accepted on 10
        // December (due the 11th): late; accepted today: not.
        assert_eq!(overdue.len(), 2);
        assert!(overdue[0].due_on < overdue[1].due_on, "most late first");
        insta::assert_snapshot!(format!("install_overdue_{lang}"), ui.redraw());
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().unwrap();
        let steps = screen(&ui).steps_for(&v);
        assert!(steps.contains(&StepKind::Action(gasdesk::domain::install::Action::Cancel)));
        // Cancel with a reason.
        let at = steps
            .iter()
            .position(|s| *s == StepKind::Action(gasdesk::domain::install::Action::Cancel))
            .unwrap();
        for _ in 0..at {
            ui.key(KeyCode::Down);
        }
        ui.key(KeyCode::Enter);
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the reason is asked")
        };
        assert!(f.form.fields[0].error.is_some(), "a reason is required");
        ui.keys("客户放弃");
        ui.key(KeyCode::Enter);
        assert_eq!(
            screen(&ui).view.as_ref().unwrap().stage(),
            Stage::Cancelled,
            "{}",
            ui.message()
        );
        // Cancelled: `d` says why it does nothing; what never came is not a to-do; the
        // notice says at its top that the application is cancelled, when and why.
        ui.keys("d");
        let said = ui.message();
        assert!(
            said.contains(if lang == Lang::Zh {
                "已取消"
            } else {
                "cancelled"
            }),
            "{said}"
        );
        insta::assert_snapshot!(format!("install_view_cancelled_{lang}"), ui.redraw());
        ui.keys("t");
        let notice = ui.redraw();
        assert!(notice.contains("客户放弃"), "{notice}");
        assert!(
            !notice.contains(if lang == Lang::Zh {
                "尚需补交"
            } else {
                "Still to bring"
            }),
            "{notice}"
        );
        insta::assert_snapshot!(format!("install_notice_cancelled_{lang}"), notice);
    }
}

#[test]
fn f5_while_serving_a_new_install_ticket_opens_the_intake_with_its_mobile() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at()));
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
    ui.key(KeyCode::F(5));
    let Mode::Intake(f) = &screen(&ui).mode else {
        panic!("the intake opens: {:?}", screen(&ui).mode)
    };
    assert_eq!(f.ticket.as_deref(), Some("B001"));
    assert_eq!(
        f.form.value(gasdesk::tui::screens::install::intake::PHONE),
        "13955123456"
    );
    assert!(ui.redraw().contains("Serving ticket B001"));
}

/// Opens the application `id` in F5 through the lookup (its number).
fn open_by_lookup(ui: &mut Driver, app_no: &str) {
    ui.keys("/");
    ui.keys(app_no);
    ui.key(KeyCode::Enter);
    ui.key(KeyCode::Enter);
    assert!(screen(ui).view.is_some(), "{}", ui.message());
}

/// Several owed documents brought in at once (`1 2`, or `*` for all): a wrong or repeated
/// number is refused under the field and records nothing; then each shows in the
/// timeline; with nothing left owed, `d` says so.
#[test]
fn several_owed_documents_at_once_and_d_says_why_when_nothing_is_owed() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        seed_application(
            &mut ui,
            "101",
            NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
            false,
        );
        ui.login("1001");
        ui.key(KeyCode::F(5));
        open_by_lookup(&mut ui, "BZHF01-2026-000001");
        let version = screen(&ui).view.as_ref().unwrap().version;
        assert_eq!(screen(&ui).view.as_ref().unwrap().owed().count(), 2);
        ui.keys("d");
        ui.keys("1 1");
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the form stays open")
        };
        let error = f.form.fields[0]
            .error
            .clone()
            .expect("refused under the field");
        assert!(error.contains('1'), "{error}");
        insta::assert_snapshot!(format!("install_documents_refused_{lang}"), ui.redraw());
        ui.ctrl('u');
        ui.keys("1 3");
        ui.key(KeyCode::Enter);
        assert!(matches!(screen(&ui).mode, Mode::Step(_)));
        assert_eq!(screen(&ui).view.as_ref().unwrap().version, version);
        ui.ctrl('u');
        ui.keys("2,1");
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
        let v = screen(&ui).view.clone().unwrap();
        assert_eq!(v.owed().count(), 0);
        assert_eq!(
            v.events
                .iter()
                .filter(|e| e.action == "document_received")
                .count(),
            2
        );
        insta::assert_snapshot!(format!("install_documents_saved_{lang}"), ui.redraw());
        ui.keys("d");
        assert!(matches!(screen(&ui).mode, Mode::None));
        let said = ui.message();
        assert!(
            said.contains(if lang == Lang::Zh {
                "没有待补材料"
            } else {
                "Nothing is owed"
            }),
            "{said}"
        );
    }
}

/// The applicant's details corrected on the view (`e`): the form shows what is on file
/// masked; a wrong check digit is refused under the ID; saved, the timeline names the
/// fields corrected and the view shows the new details masked.
#[test]
fn the_applicant_is_corrected_on_the_view() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        seed_application(
            &mut ui,
            "101",
            NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
            false,
        );
        ui.login("1001");
        ui.key(KeyCode::F(5));
        open_by_lookup(&mut ui, "BZHF01-2026-000001");
        ui.keys("e");
        assert!(matches!(
            &screen(&ui).mode,
            Mode::Step(f) if f.kind == StepKind::Correct
        ));
        let mut bad = valid_id();
        let last = bad.pop().unwrap();
        bad.push(if last == '1' { '2' } else { '1' });
        ui.keys("周海艳");
        ui.key(KeyCode::Tab);
        ui.keys(&bad);
        ui.key(KeyCode::Tab);
        ui.key(KeyCode::Tab);
        ui.keys("3");
        ui.key(KeyCode::Tab);
        ui.keys("受理时录错");
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the form stays open: {}", ui.message())
        };
        assert!(f.form.fields[1].error.is_some(), "under the ID");
        insta::assert_snapshot!(format!("install_correct_refused_{lang}"), ui.redraw());
        ui.ctrl('u');
        ui.keys(&valid_id());
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
        let v = screen(&ui).view.clone().unwrap();
        assert_eq!(v.household, 3);
        assert_eq!(v.events.last().unwrap().action, "correct_applicant");
        let text = ui.redraw();
        assert!(!text.contains(&valid_id()), "masked: {text}");
        insta::assert_snapshot!(format!("install_corrected_{lang}"), text);
    }
}

/// A corrected ID number is looked up as intake does: the message names the account
/// already on file for it (the correction itself stands; one person may hold two).
#[test]
fn a_corrected_id_number_already_on_file_is_named() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at()));
    let holder = gasdesk::db::account::get(&ui.app.store, 300)
        .unwrap()
        .unwrap();
    let id_number = holder.id_number.clone().expect("demo accounts carry an ID");
    seed_application(
        &mut ui,
        "101",
        NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        false,
    );
    ui.login("1001");
    ui.key(KeyCode::F(5));
    open_by_lookup(&mut ui, "BZHF01-2026-000001");
    ui.keys("e");
    ui.key(KeyCode::Tab);
    ui.keys(&id_number);
    ui.key(KeyCode::Tab);
    ui.key(KeyCode::Tab);
    ui.key(KeyCode::Tab);
    ui.keys("wrong ID at intake");
    ui.key(KeyCode::Enter);
    assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
    let said = ui.message();
    assert!(
        said.contains("already on file") && said.contains(&holder.summary.account_no),
        "{said}"
    );
}

/// A step form left as it opened (its date filled in by the screen) closes on Esc without
/// asking; once the clerk changes something, Esc asks first.
#[test]
fn esc_on_an_untouched_step_form_does_not_ask() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at()));
    seed_application(
        &mut ui,
        "101",
        NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        false,
    );
    ui.login("1001");
    ui.key(KeyCode::F(5));
    open_by_lookup(&mut ui, "BZHF01-2026-000001");
    ui.key(KeyCode::Enter);
    assert!(matches!(screen(&ui).mode, Mode::Step(_)));
    ui.key(KeyCode::Esc);
    assert!(ui.app.overlay.is_none(), "{}", ui.draw());
    assert_eq!(screen(&ui).mode, Mode::None);
    ui.key(KeyCode::Enter);
    ui.key(KeyCode::Backspace);
    ui.key(KeyCode::Esc);
    assert!(ui.app.overlay.is_some(), "a change is not dropped silently");
}
