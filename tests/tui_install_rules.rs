//! F5 for staff of another office: clerk 2001 (office 2) looks up and opens an office-1
//! application — read, not worked. The actions area says once whose it is, no step is
//! offered, Enter does nothing and `d`/`e` say why; its own office's clerk still gets
//! its steps. zh and en, 80x24.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::db::install;
use gasdesk::domain::install::{Channel, InstallRules, WorkCalendar};
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::install::{InstallScreen, Mode};
use ratatui::crossterm::event::KeyCode;

/// 01:30 UTC on Thursday 3 December 2026 (09:30 at the offices).
fn at() -> DateTime<Utc> {
    today().and_hms_opt(1, 30, 0).unwrap().and_utc()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn screen(ui: &Driver) -> &InstallScreen {
    match ui.app.screen() {
        Screen::Install(s) => s,
        other => panic!("not F5: {other:?}"),
    }
}

/// An application taken today at office 1 by clerk 1001.
fn seed(ui: &mut Driver) -> install::Accepted {
    let clerk = gasdesk::db::staff::by_number(&ui.app.store, "1001")
        .unwrap()
        .unwrap()
        .actor(Some(1));
    let app = common::desk::zhou_haiyan(
        "201",
        NaiveDate::from_ymd_opt(1975, 6, 1).unwrap(),
        28,
        Channel::Counter,
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

/// Without spaces, so a message wrapped in its column compares whole.
fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of the screen's columns from `x` to the right border, row after row, without
/// spaces: what the view's actions area (its right column) says.
fn column_from(ui: &Driver, x: u16) -> String {
    let buf = ui.buffer();
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        for cx in x..area.right().saturating_sub(1) {
            out.push_str(buf[(cx, y)].symbol());
        }
    }
    flat(&out)
}

/// The column where the first line of the actions area starts: the cell holding the
/// first character of `start`.
fn column_of(ui: &Driver, start: &str) -> u16 {
    let buf = ui.buffer();
    let first = start.chars().next().unwrap().to_string();
    let second = start.chars().nth(1).unwrap().to_string();
    for y in buf.area.top()..buf.area.bottom() {
        for x in buf.area.left()..buf.area.right().saturating_sub(2) {
            let next = (x + 1..x + 3).find(|nx| !buf[(*nx, y)].symbol().trim().is_empty());
            if buf[(x, y)].symbol() == first
                && next.is_some_and(|nx| buf[(nx, y)].symbol() == second)
            {
                return x;
            }
        }
    }
    panic!("{start} not on screen")
}

#[test]
fn another_office_reads_an_application_but_is_offered_no_step() {
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let app = seed(&mut ui);
        ui.login("2001");
        ui.key(KeyCode::F(5));
        ui.keys("/");
        ui.keys(&app.app_no);
        ui.key(KeyCode::Enter);
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().expect("opened");
        assert_eq!(v.app_no, app.app_no);
        assert!(screen(&ui).steps_for(&v).is_empty());
        let said = match lang {
            Lang::Zh => "此申请属于庐阳服务所（HF01）：本所可以查看，不能办理。",
            Lang::En => {
                "This application belongs to Luyang Office (HF01): other offices may read it but do no step on it."
            }
        };
        assert_eq!(screen(&ui).no_steps_text(&v, lang), said);
        let text = ui.redraw();
        let x = column_of(&ui, said);
        let area = column_from(&ui, x);
        assert_eq!(area.matches(&flat(said)).count(), 1, "said once: {text}");
        let actions = match lang {
            Lang::Zh => "可办理",
            Lang::En => "Actions (up/down",
        };
        assert!(!text.contains(actions), "no steps offered: {text}");
        // Enter does nothing; `d` and `e` say whose it is.
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::None);
        for key in ["d", "e"] {
            ui.keys(key);
            assert_eq!(screen(&ui).mode, Mode::None);
            assert_eq!(ui.message(), said, "{key}");
        }
        // Its own office's clerk works it.
        let mut ui = ui.new_session(lang, Clock::Fixed(at()));
        ui.login("1001");
        ui.key(KeyCode::F(5));
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().expect("opened");
        assert_eq!(v.app_no, app.app_no);
        assert!(!screen(&ui).steps_for(&v).is_empty());
        assert!(ui.redraw().contains(actions));
    }
}

/// The store's messages reach the step forms, under the field they concern: a survey
/// booked after the survey's due date (naming it), a reassignment with no staff number.
#[test]
fn the_forms_show_the_stores_refusals() {
    use gasdesk::domain::install::Action;
    use gasdesk::tui::screens::install::StepKind;
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        seed(&mut ui);
        ui.login("1001");
        ui.key(KeyCode::F(5));
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().expect("opened");
        assert_eq!(
            screen(&ui).steps_for(&v)[0],
            StepKind::Action(Action::BookSurvey)
        );
        ui.key(KeyCode::Enter);
        for _ in 0..10 {
            ui.key(KeyCode::Backspace);
        }
        ui.keys("2027-02-01");
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the form stays open: {}", ui.message())
        };
        let error = f.form.fields[0].error.clone().expect("refused");
        let manager = match lang {
            Lang::Zh => "所长先调整时限",
            Lang::En => "a manager can move the due date first",
        };
        assert!(
            error.contains("2026-12-08") && error.contains(manager),
            "{error}"
        );

        let mut ui = ui.new_session(lang, Clock::Fixed(at()));
        ui.login("1009");
        ui.key(KeyCode::F(5));
        ui.key(KeyCode::Enter);
        let v = screen(&ui).view.clone().expect("opened");
        let at = screen(&ui)
            .steps_for(&v)
            .iter()
            .position(|s| *s == StepKind::Action(Action::Reassign))
            .expect("a manager may reassign");
        for _ in 0..at {
            ui.key(KeyCode::Down);
        }
        ui.key(KeyCode::Enter);
        ui.key(KeyCode::Tab);
        ui.keys("原经办人休假");
        ui.key(KeyCode::Enter);
        let Mode::Step(f) = &screen(&ui).mode else {
            panic!("the form stays open: {}", ui.message())
        };
        let required = match lang {
            Lang::Zh => "请填写经办人工号",
            Lang::En => "Handler staff no is required",
        };
        assert_eq!(f.form.fields[0].error.as_deref(), Some(required));
    }
}
