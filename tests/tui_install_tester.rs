//! F5 from the tester's findings at 80x24 (issue 11), driven by keys on a `TestBackend`
//! with a fixed clock: a date typed or pasted with spaces is saved as typed, anything but
//! YYYY-MM-DD is refused under the field; a reopen's timeline entry shows the new due date
//! and the reason; the notice of an application on hold says so; after every step the
//! choice returns to the first action; no key is offered that does nothing; Shift-Tab goes
//! back through the lists; the forms stay inside the panel. Snapshots in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::db::install::{self, Step};
use gasdesk::domain::install::{Action, Channel, InstallRules, WorkCalendar};
use gasdesk::i18n::Lang;
use gasdesk::keymap::Action as Key;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::install::{Filter, InstallScreen, Mode, StepKind};
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// 09:30 at the offices (01:30 UTC) on `on`.
fn at_on(on: NaiveDate) -> DateTime<Utc> {
    on.and_hms_opt(1, 30, 0).unwrap().and_utc()
}

/// Tuesday 15 December 2026.
fn today() -> NaiveDate {
    day(12, 15)
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

/// An application taken on `on` at office 1 by clerk 1001.
fn seed_on(ui: &mut Driver, on: NaiveDate) -> install::Accepted {
    let clerk = actor(ui, "1001");
    let app = common::desk::zhou_haiyan("101", day(6, 1), 101, Channel::Hotline)
        .check(InstallRules::builtin(), WorkCalendar::builtin(), &[], on)
        .unwrap();
    install::accept(&mut ui.app.store, &clerk, &app, true, on, at_on(on)).unwrap()
}

fn step_on(ui: &mut Driver, who: &str, id: i64, step: Step, on: NaiveDate) {
    let a = actor(ui, who);
    install::step(&mut ui.app.store, &a, id, None, &step, on, at_on(on)).unwrap();
}

/// Logged in as `who`, F5, the first application of the list opened.
fn open_first(ui: &mut Driver, who: &str) {
    ui.login(who);
    ui.key(KeyCode::F(5));
    ui.key(KeyCode::Enter);
    assert!(screen(ui).view.is_some(), "opened: {}", ui.message());
}

/// Moves the choice to `kind` and presses Enter.
fn choose(ui: &mut Driver, kind: StepKind) {
    let v = screen(ui).view.clone().unwrap();
    let steps = screen(ui).steps_for(&v);
    let at = steps
        .iter()
        .position(|s| *s == kind)
        .unwrap_or_else(|| panic!("{kind:?} not offered: {steps:?}"));
    while screen(ui).chosen > 0 {
        ui.key(KeyCode::Up);
    }
    for _ in 0..at {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
}

fn clear_field(ui: &mut Driver) {
    for _ in 0..30 {
        ui.key(KeyCode::Backspace);
    }
}

fn step_form_error(ui: &Driver) -> Option<String> {
    match &screen(ui).mode {
        Mode::Step(f) => f.form.fields[0].error.clone(),
        _ => None,
    }
}

#[test]
fn a_pasted_date_with_spaces_is_saved_as_typed_and_a_wrong_one_refused() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at_on(today())));
        let a = seed_on(&mut ui, today());
        open_first(&mut ui, "1001");
        choose(&mut ui, StepKind::Action(Action::BookSurvey));
        // The hint names the format, not a date other than the one filled in.
        let text = ui.redraw();
        assert!(text.contains("YYYY-MM-DD"), "{text}");
        assert!(!text.contains("2026-12-07"), "{text}");
        // Eleven characters: refused under the field with the format, nothing saved.
        clear_field(&mut ui);
        ui.keys("2026-12-177");
        ui.key(KeyCode::Enter);
        let error = step_form_error(&ui).expect("refused");
        assert!(error.contains("YYYY-MM-DD"), "{error}");
        let text = ui.redraw();
        insta::assert_snapshot!(format!("install_date_refused_{lang}"), text);
        // One-digit day: refused too, never read as the 1st.
        clear_field(&mut ui);
        ui.keys("2026-12-1");
        ui.key(KeyCode::Enter);
        assert!(step_form_error(&ui).is_some());
        // A paste with a space before and after: the date typed.
        clear_field(&mut ui);
        ui.paste(" 2026-12-17 ");
        ui.key(KeyCode::Enter);
        assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
        let v = install::view_by_id(&ui.app.store, a.id).unwrap().unwrap();
        assert_eq!(v.survey_on.as_deref(), Some("2026-12-17"));
    }
}

#[test]
fn a_moved_due_date_pasted_with_a_space_is_the_date_typed() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at_on(today())));
    let a = seed_on(&mut ui, today());
    open_first(&mut ui, "1009");
    choose(&mut ui, StepKind::Action(Action::MoveDue));
    ui.paste(" 2026-12-31");
    ui.key(KeyCode::Tab);
    ui.keys("customer away");
    ui.key(KeyCode::Enter);
    assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
    let v = install::view_by_id(&ui.app.store, a.id).unwrap().unwrap();
    assert_eq!(v.due_on.as_deref(), Some("2026-12-31"));
    // After the step the choice is back on the first action.
    assert_eq!(screen(&ui).chosen, 0);
}

#[test]
fn after_every_step_the_choice_returns_to_the_first_action() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at_on(today())));
    seed_on(&mut ui, today());
    open_first(&mut ui, "1009");
    choose(&mut ui, StepKind::Action(Action::MoveDue));
    assert_ne!(
        screen(&ui).chosen,
        0,
        "Move due date is not the first action"
    );
    ui.keys("2026-12-30");
    ui.key(KeyCode::Tab);
    ui.keys("customer away");
    ui.key(KeyCode::Enter);
    assert_eq!(screen(&ui).mode, Mode::None, "{}", ui.message());
    assert_eq!(screen(&ui).chosen, 0);
    // Hold, then Resume (no form): back on the first each time.
    choose(&mut ui, StepKind::Action(Action::Hold));
    ui.keys("waiting for the landlord");
    ui.key(KeyCode::Enter);
    assert_eq!(screen(&ui).chosen, 0);
    choose(&mut ui, StepKind::Action(Action::Resume));
    assert!(!screen(&ui).view.as_ref().unwrap().on_hold);
    assert_eq!(screen(&ui).chosen, 0);
}

#[test]
fn a_reopen_shows_the_new_due_date_and_the_reason() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at_on(today())));
        let a = seed_on(&mut ui, day(12, 1));
        step_on(
            &mut ui,
            "1009",
            a.id,
            Step::MoveDue {
                to: day(12, 7),
                reason: "客户出差".into(),
            },
            day(12, 1),
        );
        step_on(
            &mut ui,
            "1009",
            a.id,
            Step::Cancel {
                reason: "客户放弃".into(),
            },
            day(12, 2),
        );
        step_on(
            &mut ui,
            "1009",
            a.id,
            Step::Reopen {
                reason: "客户回来继续办理，材料已齐全".into(),
            },
            today(),
        );
        open_first(&mut ui, "1009");
        let v = screen(&ui).view.clone().unwrap();
        let due = v.due_on.clone().expect("a due date");
        let text = ui.redraw();
        assert!(text.contains(&due), "{text}");
        assert!(text.contains("材料已齐全"), "{text}");
        insta::assert_snapshot!(format!("install_reopened_{lang}"), text);
    }
}

#[test]
fn the_notice_of_an_application_on_hold_says_so() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at_on(today())));
        let a = seed_on(&mut ui, day(12, 10));
        step_on(
            &mut ui,
            "1001",
            a.id,
            Step::Hold {
                reason: "等待物业同意".into(),
            },
            day(12, 11),
        );
        open_first(&mut ui, "1001");
        ui.keys("t");
        let text = ui.redraw();
        let said = if lang == Lang::Zh {
            "自2026-12-11起暂挂"
        } else {
            "ON HOLD (since 2026-12-11)"
        };
        assert!(text.contains(said), "{text}");
        assert!(text.contains("等待物业同意"), "{text}");
        // Inside the panel, not over its border.
        assert!(!text.contains("┌ ╔"), "{text}");
        insta::assert_snapshot!(format!("install_notice_on_hold_{lang}"), text);
    }
}

#[test]
fn a_clerk_on_a_cancelled_application_is_not_offered_enter() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at_on(today())));
    let a = seed_on(&mut ui, today());
    step_on(
        &mut ui,
        "1009",
        a.id,
        Step::Cancel {
            reason: "客户放弃".into(),
        },
        today(),
    );
    ui.login("1001");
    ui.key(KeyCode::F(5));
    ui.keys("/");
    ui.keys(&a.app_no);
    ui.key(KeyCode::Enter);
    ui.key(KeyCode::Enter);
    assert!(screen(&ui).view.is_some());
    let footer = screen(&ui).footer_actions();
    assert!(!footer.contains(&Key::Open), "{footer:?}");
    assert!(!footer.contains(&Key::SelectNext), "{footer:?}");
    let text = ui.redraw();
    let last = text.lines().last().unwrap_or_default();
    assert!(!last.contains("Enter"), "{last}");
}

#[test]
fn shift_tab_goes_back_through_the_lists() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at_on(today())));
    ui.login("1001");
    ui.key(KeyCode::F(5));
    assert_eq!(screen(&ui).filter, Filter::Mine);
    ui.key(KeyCode::Tab);
    assert_eq!(screen(&ui).filter, Filter::Overdue);
    ui.key(KeyCode::BackTab);
    assert_eq!(screen(&ui).filter, Filter::Mine);
    // From the first list, back to the last stage's.
    ui.key(KeyCode::BackTab);
    assert!(
        matches!(screen(&ui).filter, Filter::Stage(_)),
        "{:?}",
        screen(&ui).filter
    );
    ui.key(KeyCode::Tab);
    assert_eq!(screen(&ui).filter, Filter::Mine);
}

#[test]
fn the_forms_stay_inside_the_panel() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at_on(today())));
        seed_on(&mut ui, today());
        open_first(&mut ui, "1009");
        choose(&mut ui, StepKind::Action(Action::MoveDue));
        let text = ui.redraw();
        assert!(!text.contains("└─└"), "{text}");
        assert!(!text.contains("┘─┘"), "{text}");
        insta::assert_snapshot!(format!("install_move_due_form_{lang}"), text);
        ui.key(KeyCode::Esc);
        ui.key(KeyCode::Esc);
        ui.keys("n");
        let text = ui.redraw();
        assert!(!text.contains("└─└"), "{text}");
    }
}
