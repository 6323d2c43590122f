//! The care register (F7) driven by keys on an 80x24 `TestBackend` with a fixed clock:
//! a manager's list and file (every reading audited), a clerk told why they see nothing,
//! a visit with a hazard and its follow-up, withdrawal; snapshots in both languages.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::app::Driver;
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::care::Step;
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 09:30 UTC on 15 December 2026 (17:30 at the offices); the demo is built at it too.
fn at() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 12, 15)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .expect("valid date")
        .and_utc()
}

fn care(ui: &Driver) -> &gasdesk::tui::screens::care::CareScreen {
    match ui.app.screen() {
        Screen::Care(c) => c,
        other => panic!("not the care register: {other:?}"),
    }
}

fn last_audit(ui: &Driver) -> (String, String, Option<String>) {
    let row = gasdesk::db::audit::recent(&ui.app.store, 1).expect("audit")[0].clone();
    (row.action, row.staff_no, row.entity_id)
}

#[test]
fn a_manager_reads_the_register_and_a_file_and_each_reading_is_audited() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        ui.login("1009");
        ui.key(KeyCode::F(7));
        let rows = care(&ui).rows.clone().expect("listed").expect("allowed");
        assert!(!rows.is_empty(), "the demo registers people in office 1");
        assert_eq!(last_audit(&ui).0, "care_list");
        let text = ui.draw();
        insta::assert_snapshot!(format!("care_list_{lang}"), text);
        ui.key(KeyCode::Enter);
        let file = care(&ui).file.clone().expect("file open");
        assert_eq!(file.id, rows[0].id);
        assert_eq!(
            last_audit(&ui),
            (
                "care_file_view".to_string(),
                "1009".to_string(),
                Some(file.id.to_string())
            )
        );
        let text = ui.draw();
        // Masked on screen: the full name and numbers never show.
        assert!(!text.contains(&file.name), "{text}");
        if let Some(phone) = &file.phone {
            assert!(!text.contains(phone.as_str()), "{text}");
        }
        insta::assert_snapshot!(format!("care_file_{lang}"), text);
        // Esc goes back to the list, Esc again home.
        ui.key(KeyCode::Esc);
        assert!(care(&ui).file.is_none());
        ui.key(KeyCode::Esc);
        assert!(matches!(ui.app.screen(), Screen::Home(_)));
    }
}

#[test]
fn a_clerk_who_is_not_a_care_officer_is_told_why_and_sees_nothing() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        ui.login("1001");
        ui.key(KeyCode::F(7));
        let refused = care(&ui).rows.clone().expect("answered");
        let why = refused.expect_err("a clerk may not list the register");
        let text = ui.draw();
        assert!(text.contains(&why), "{text}");
        let expected = if lang == Lang::Zh {
            "关爱专员"
        } else {
            "care officers"
        };
        assert!(why.contains(expected), "{why}");
        // Nothing to open.
        ui.key(KeyCode::Enter);
        assert!(care(&ui).file.is_none());
    }
}

#[test]
fn a_visit_finds_a_hazard_that_is_then_followed_up_and_consent_is_withdrawn() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at()));
    ui.login("1009");
    ui.key(KeyCode::F(7));
    ui.key(KeyCode::Enter);
    let person = care(&ui).file.as_ref().expect("file").id;
    let visits_before = care(&ui).file.as_ref().unwrap().visits.len();
    ui.keys("v");
    assert!(matches!(care(&ui).step, Step::Visit(_)));
    // A check number out of range is refused under its field; nothing is saved.
    ui.keys("9");
    ui.key(KeyCode::Enter);
    assert!(matches!(care(&ui).step, Step::Visit(_)));
    ui.key(KeyCode::Backspace);
    ui.keys("1");
    ui.key(KeyCode::Tab);
    ui.keys("hose cracked");
    ui.key(KeyCode::Tab);
    ui.keys("replace the hose");
    ui.key(KeyCode::Tab);
    ui.keys("2026-12-22");
    let text = ui.draw();
    insta::assert_snapshot!("care_visit_form_en", text);
    ui.key(KeyCode::Enter);
    assert_eq!(care(&ui).step, Step::None, "{}", ui.message());
    let file = care(&ui).file.clone().expect("file read again");
    assert_eq!(file.visits.len(), visits_before + 1);
    assert_eq!(file.open_hazards.len(), 1);
    assert_eq!(file.open_hazards[0].what, "hose cracked");
    ui.keys("h");
    ui.keys("hose replaced");
    ui.key(KeyCode::Enter);
    assert!(care(&ui).file.as_ref().unwrap().open_hazards.is_empty());
    // A review date gone by is said, and goes once consent is reviewed.
    let office_today = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
    let review_due = care(&ui)
        .file
        .as_ref()
        .unwrap()
        .review_on
        .is_some_and(|d| d < office_today);
    assert_eq!(ui.draw().contains("due: review it"), review_due);
    ui.keys("r");
    assert!(!ui.draw().contains("due: review it"));
    ui.keys("w");
    assert_eq!(care(&ui).step, Step::Withdraw);
    ui.key(KeyCode::Enter);
    assert_eq!(care(&ui).file.as_ref().unwrap().status, "withdrawn");
    ui.key(KeyCode::Esc);
    let rows = care(&ui).rows.clone().unwrap().unwrap();
    assert!(
        rows.iter().all(|r| r.id != person),
        "withdrawn: off the list"
    );
}

/// The counter sees the marker of a registered customer (what serving them needs), and
/// opening the customer view reads no care file.
#[test]
fn the_customer_view_shows_the_marker_and_reads_no_file() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let (account_no, needs): (String, String) = common::raw(&ui.app.store)
            .query_row(
                "SELECT a.account_no, p.needs FROM care_account c
                 JOIN account a ON a.id = c.account_id JOIN care_person p ON p.id = c.person_id
                 WHERE p.status = 'active' AND a.home_office_id = 1 ORDER BY a.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("a registered account in office 1");
        ui.login("1001");
        ui.key(KeyCode::F(3));
        ui.keys(&account_no);
        match ui.app.screen() {
            Screen::Search(s) => assert_eq!(s.care, [true], "the result list marks the row"),
            other => panic!("not the search: {other:?}"),
        }
        let mark = if lang == Lang::Zh {
            "关爱"
        } else {
            "care register"
        };
        assert!(ui.draw().contains(mark));
        ui.key(KeyCode::Enter);
        let marker = match ui.app.screen() {
            Screen::Customer(c) => c.care.clone().expect("the marker"),
            other => panic!("not the customer view: {other:?}"),
        };
        assert!(!marker.marks.is_empty());
        if needs.contains("hearing") {
            let hint = if lang == Lang::Zh {
                "听力"
            } else {
                "hearing"
            };
            assert!(marker.hint.contains(hint), "{}", marker.hint);
        }
        let text = ui.draw();
        let mark = if lang == Lang::Zh { "关爱" } else { "Care" };
        assert!(text.contains(mark), "{text}");
        assert_ne!(last_audit(&ui).0, "care_file_view");
    }
}

/// A manager registers a person from the register: a bad field is refused under it and
/// nothing is saved; the good form opens the new file; consent is reviewed.
#[test]
fn a_person_is_registered_from_the_screen_and_consent_reviewed() {
    for lang in LANGS {
        let mut ui = Driver::demo(lang, Clock::Fixed(at()));
        let account: String = common::raw(&ui.app.store)
            .query_row(
                "SELECT account_no FROM account WHERE home_office_id = 1
                 AND id NOT IN (SELECT account_id FROM care_account) ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("an account");
        ui.login("1009");
        ui.key(KeyCode::F(7));
        let before = care(&ui).rows.clone().unwrap().unwrap().len();
        ui.keys("n");
        for (text, tabs) in [
            (account.as_str(), 1),
            ("王秀英", 2),
            ("13955001122", 1),
            ("孤老", 1),
            ("1 3", 3),
            ("王小明", 1),
            ("1385500112", 2),
            ("1001", 3),
            ("入户安检", 0),
        ] {
            ui.keys(text);
            for _ in 0..tabs {
                ui.key(KeyCode::Tab);
            }
        }
        let text = ui.draw();
        insta::assert_snapshot!(format!("care_register_form_{lang}"), text);
        // The emergency number has ten digits: refused under it, nothing registered.
        ui.key(KeyCode::Enter);
        assert!(matches!(care(&ui).step, Step::Register(_)));
        let text = ui.draw();
        insta::assert_snapshot!(format!("care_register_refused_{lang}"), text);
        ui.key(KeyCode::Up);
        ui.key(KeyCode::Up);
        ui.key(KeyCode::Up);
        ui.key(KeyCode::Up);
        ui.key(KeyCode::Up);
        let typed = match &care(&ui).step {
            Step::Register(r) => r.form.focus,
            _ => unreachable!(),
        };
        assert_eq!(
            typed,
            gasdesk::tui::screens::care::register::EMERGENCY_PHONE - 5
        );
        for _ in 0..5 {
            ui.key(KeyCode::Tab);
        }
        ui.keys("2");
        ui.key(KeyCode::Enter);
        assert_eq!(care(&ui).step, Step::None, "{}", ui.message());
        let file = care(&ui).file.clone().expect("the new file");
        assert_eq!(file.name, "王秀英");
        assert_eq!(file.categories, ["alone", "elderly"]);
        assert_eq!(file.accounts, std::slice::from_ref(&account));
        assert_eq!(
            gasdesk::db::audit::recent(&ui.app.store, 2).unwrap()[1].action,
            "care_register"
        );
        ui.keys("r");
        let file = care(&ui).file.clone().unwrap();
        assert_eq!(file.review_on, NaiveDate::from_ymd_opt(2027, 12, 15));
        ui.key(KeyCode::Esc);
        assert_eq!(care(&ui).rows.clone().unwrap().unwrap().len(), before + 1);
    }
}

/// `f` goes through the filters and then through every category: each list holds only
/// what it names.
#[test]
fn the_filters_narrow_the_register_by_category_too() {
    let mut ui = Driver::demo(Lang::En, Clock::Fixed(at()));
    ui.login("1009");
    ui.key(KeyCode::F(7));
    let all = care(&ui).rows.clone().unwrap().unwrap();
    for _ in 0..4 {
        ui.keys("f");
    }
    assert_eq!(
        care(&ui).filter,
        gasdesk::tui::screens::care::Filter::Category(0)
    );
    let alone = care(&ui).rows.clone().unwrap().unwrap();
    assert!(alone.iter().all(|r| r.marks.contains('孤')), "{alone:?}");
    assert_eq!(
        alone.len(),
        all.iter().filter(|r| r.marks.contains('孤')).count()
    );
    let text = ui.draw();
    assert!(text.contains("[Category: Living alone]"), "{text}");
    // On through the other categories and back to all.
    for _ in 0..5 {
        ui.keys("f");
    }
    assert_eq!(care(&ui).filter, gasdesk::tui::screens::care::Filter::All);
}
