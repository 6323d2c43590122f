//! F5 from the tester's findings, driven by keys on an 80x24 `TestBackend` with a fixed
//! clock: a manager reassigns (refused for the administrator, then the timeline names the
//! new handler and the reason); a clerk sees that a manager can reopen a cancelled
//! application; Mine says whether I took or handle each application; opening an
//! application is audited once, not on every redraw. Snapshots in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::db::install::{self, Step};
use gasdesk::domain::install::{Action, Channel, InstallRules, WorkCalendar};
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::install::{InstallScreen, Mode, StepKind};
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 01:30 UTC on Tuesday 15 December 2026 (09:30 at the offices).
fn at() -> DateTime<Utc> {
    today().and_hms_opt(1, 30, 0).unwrap().and_utc()
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

fn actor(ui: &Driver, no: &str) -> gasdesk::db::Actor {
    gasdesk::db::staff::by_number(&ui.app.store, no)
        .unwrap()
        .unwrap()
        .actor(None)
}

/// An application taken today at office 1 by clerk 1001.
fn seed(ui: &mut Driver, room: &str) -> install::Accepted {
    let clerk = actor(ui, "1001");
    let app = common::desk::zhou_haiyan(
        room,
        NaiveDate::from_ymd_opt(1975, 6, 1).unwrap(),
        room.parse().unwrap(),
        Channel::Hotline,
    )
    .check(
        InstallRules::builtin(),
        WorkCalendar::builtin(),
        &[],
        today(),
    )
    .unwrap();
    install::accept(&mut ui.app.store, &clerk, &app, true, today(), at()).unwrap()
}

fn audited(ui: &Driver, action: &str) -> i64 {
    common::raw(&ui.app.store)
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_manager_reassigns_and_the_timeline_names_the_new_handler() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        seed(&mut ui, "101");
        ui.login("1009");
        ui.key(KeyCode::F(5));
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().expect("opened");
        let steps = screen(&ui).steps_for(&v);
        let at = steps
            .iter()
            .position(|s| *s == StepKind::Action(Action::Reassign))
            .expect("a manager may reassign");
        for _ in 0..at {
            ui.key(KeyCode::Down);
        }
        ui.key(KeyCode::Enter);
        // The administrator is refused under the staff number; nothing changes.
        ui.keys("9000");
        ui.key(KeyCode::Tab);
        ui.keys("原经办人休假");
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the form stays open: {}", ui.message())
        };
        let error = f.form.fields[0].error.clone().expect("refused");
        assert!(error.contains("9000"), "{error}");
        // The refusal puts the focus on the staff number.
        for _ in 0..4 {
            ui.key(KeyCode::Backspace);
        }
        ui.keys("1002");
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
        let v = screen(&ui).view.clone().unwrap();
        assert!(v.handler.starts_with("1002 "), "{}", v.handler);
        let text = ui.redraw();
        assert!(text.contains("1002"), "{text}");
        // The reason goes on, on a second row, when the first is full.
        assert!(text.contains("原经办人休"), "{text}");
        insta::assert_snapshot!(format!("install_reassigned_{lang}"), text);
    }
}

#[test]
fn a_clerk_is_told_a_manager_can_reopen_a_cancelled_application() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let a = seed(&mut ui, "101");
        let manager = actor(&ui, "1009");
        install::step(
            &mut ui.app.store,
            &manager,
            a.id,
            None,
            &Step::Cancel {
                reason: "客户放弃".into(),
            },
            today(),
            at(),
        )
        .unwrap();
        ui.login("1001");
        ui.key(KeyCode::F(5));
        // Cancelled applications are not in Mine: the clerk looks it up.
        ui.keys("/");
        ui.keys(&a.app_no);
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).rows.clone().unwrap().unwrap().len(), 1);
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().expect("opened");
        assert!(screen(&ui).steps_for(&v).is_empty());
        let text = ui.redraw();
        let hint = if lang == Lang::Zh {
            "所长可以"
        } else {
            "A manager can"
        };
        assert!(text.contains(hint), "{text}");
        insta::assert_snapshot!(format!("install_cancelled_clerk_{lang}"), text);
        // The lookup and the opening were audited once each, whatever the redraws; Back
        // reads the lookup's list again without a new row; opening again is a new row.
        ui.redraw();
        ui.redraw();
        assert_eq!(audited(&ui, "install_lookup"), 1);
        assert_eq!(audited(&ui, "install_view"), 1);
        ui.key(KeyCode::Esc);
        assert_eq!(audited(&ui, "install_lookup"), 1);
        ui.key(KeyCode::Enter);
        assert_eq!(audited(&ui, "install_view"), 2);
        let (who, office, counter): (String, i64, Option<i64>) = common::raw(&ui.app.store)
            .query_row(
                "SELECT staff_no, office_id, counter_no FROM audit
                 WHERE action = 'install_view' ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((who.as_str(), office, counter), ("1001", 1, Some(1)));
    }
}

#[test]
fn mine_says_whether_i_took_or_handle_each_application() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let a = seed(&mut ui, "101");
        seed(&mut ui, "102");
        let manager = actor(&ui, "1009");
        install::step(
            &mut ui.app.store,
            &manager,
            a.id,
            None,
            &Step::Reassign {
                staff_no: "1002".into(),
                reason: "休假".into(),
            },
            today(),
            at(),
        )
        .unwrap();
        ui.login("1001");
        ui.key(KeyCode::F(5));
        let rows = screen(&ui).rows.clone().unwrap().unwrap();
        assert_eq!(
            rows.len(),
            2,
            "reassigned away, still mine as first contact"
        );
        let text = ui.redraw();
        insta::assert_snapshot!(format!("install_mine_{lang}"), text);
    }
}

/// A due date moved to a Saturday is refused under the date, naming the next working
/// day; the application keeps its date.
#[test]
fn a_due_date_on_a_weekend_is_refused_under_the_date() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let a = seed(&mut ui, "101");
        ui.login("1009");
        ui.key(KeyCode::F(5));
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().expect("opened");
        let steps = screen(&ui).steps_for(&v);
        let at = steps
            .iter()
            .position(|s| *s == StepKind::Action(Action::MoveDue))
            .expect("a manager may move a due date");
        for _ in 0..at {
            ui.key(KeyCode::Down);
        }
        ui.key(KeyCode::Enter);
        // Sat 19 December 2026: Monday the 21st is the next working day.
        ui.keys("2026-12-19");
        ui.key(KeyCode::Tab);
        ui.keys("客户要求");
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the form stays open: {}", ui.message())
        };
        let error = f.form.fields[0].error.clone().expect("refused");
        assert!(error.contains("2026-12-21"), "{error}");
        let v = install::view_by_id(&ui.app.store, a.id).unwrap().unwrap();
        assert_eq!(v.due(), Some(a.due_on));
    }
}
