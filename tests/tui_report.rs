//! Reports (F8) driven by keys on an 80x24 `TestBackend` with a fixed clock, on a demo
//! with its 30 closed days and the played day: the day-end with its charts, the period
//! report, moving between days and months, printing to the spool (audited), a clerk
//! told why; snapshots in both languages.

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::app::Driver;
use gasdesk::i18n::Lang;
use gasdesk::tui::app::Clock;
use gasdesk::tui::screens::Screen;
use gasdesk::tui::screens::report::{ReportScreen, View};
use ratatui::crossterm::event::KeyCode;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// 15:45 at the offices on Thursday 3 December 2026; the demo is built at it.
fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 7, 45, 0).unwrap()
}

/// A copy of one demo with its played days (built once for the file).
fn driver(lang: Lang) -> Driver {
    static SOURCE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, source) = SOURCE.get_or_init(|| {
        let dir = common::temp_dir();
        let path = dir.path().join("demo.sqlite");
        gasdesk::demo::build_with_queue(
            &path,
            common::app::DEMO_SEED,
            600,
            at(),
            true,
            &mut |_| {},
        )
        .unwrap();
        (dir, path)
    });
    let dir = common::temp_dir();
    let path = dir.path().join("copy.sqlite");
    gasdesk::db::Store::open(source)
        .unwrap()
        .backup_to(&path)
        .unwrap();
    let mut ui = Driver::open(lang, Clock::Fixed(at()), dir, path);
    ui.app.spool_dir = Some(ui.dir.path().join("spool"));
    ui
}

/// The screen's text with the audit chain's head hash (`#123 3f9a…`) masked: it hashes
/// the build's own random payment keys, so it differs from build to build.
fn masked(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let after = &rest[digits..];
        let hex = after
            .strip_prefix(' ')
            .map_or(0, |h| h.chars().take_while(char::is_ascii_hexdigit).count());
        if digits > 0 && hex >= 12 {
            out.push_str(&rest[..digits]);
            out.push(' ');
            out.push_str(&"h".repeat(hex));
            rest = &after[1 + hex..];
        }
    }
    out.push_str(rest);
    out
}

fn report(ui: &Driver) -> &ReportScreen {
    match ui.app.screen() {
        Screen::Report(r) => r,
        other => panic!("not the reports: {other:?}"),
    }
}

#[test]
fn a_manager_reads_the_day_end_with_its_charts_and_the_period() {
    for lang in LANGS {
        let mut ui = driver(lang);
        ui.login("1009");
        ui.key(KeyCode::F(8));
        let day = report(&ui).day.clone().expect("read").expect("allowed");
        assert_eq!(day.office.id, 1);
        assert!(!day.is_closed());
        assert!(!day.queue.arrivals_by_hour.is_empty());
        insta::assert_snapshot!(format!("report_day_{lang}"), masked(ui.redraw()));
        // A line wider than the screen is read by scrolling sideways, and back.
        let before = ui.redraw();
        if lang == Lang::En {
            assert!(!before.contains("closed and frozen"), "{before}");
        }
        ui.keys(">");
        assert!(report(&ui).hscroll > 0);
        let right = ui.redraw();
        // Scrolled right, the footer offers the way back.
        assert!(
            right.contains("< Left") || right.contains("< 左移"),
            "{right}"
        );
        if lang == Lang::En {
            assert!(right.contains("closed and frozen"), "{right}");
        }
        for _ in 0..20 {
            ui.keys(">");
        }
        let furthest = report(&ui).hscroll;
        ui.keys(">");
        assert_eq!(
            report(&ui).hscroll,
            furthest,
            "no further than the widest line"
        );
        for _ in 0..20 {
            ui.keys("<");
        }
        assert_eq!(report(&ui).hscroll, 0);
        assert_eq!(ui.redraw(), before);
        // Yesterday: closed, frozen, with the audit head at close.
        ui.key(KeyCode::Left);
        let yesterday = report(&ui).day.clone().unwrap().unwrap();
        assert!(yesterday.is_closed() && yesterday.audit_head.is_some());
        insta::assert_snapshot!(format!("report_day_closed_{lang}"), masked(ui.redraw()));
        // Scrolling shows the rest of the report.
        ui.key(KeyCode::Down);
        assert_eq!(report(&ui).scroll, 1);
        // The period: this month so far.
        ui.key(KeyCode::Tab);
        assert_eq!(report(&ui).view, View::Period);
        let p = report(&ui).period.clone().unwrap().unwrap();
        assert_eq!(p.offices.len(), 1);
        insta::assert_snapshot!(format!("report_period_{lang}"), masked(ui.redraw()));
        ui.key(KeyCode::Left);
        let november = report(&ui).period.clone().unwrap().unwrap();
        assert_eq!(november.from, "2026-11-01");
        assert_eq!(november.to, "2026-11-30");
        ui.key(KeyCode::Esc);
        assert!(matches!(ui.app.screen(), Screen::Home(_)));
    }
}

#[test]
fn an_administrator_reads_every_office_side_by_side() {
    let mut ui = driver(Lang::Zh);
    ui.login("9000");
    ui.key(KeyCode::F(8));
    ui.key(KeyCode::Tab);
    // o: office 2 … 9, then every office.
    for _ in 0..9 {
        ui.key(KeyCode::Char('o'));
    }
    assert_eq!(report(&ui).office, None);
    let p = report(&ui).period.clone().unwrap().unwrap();
    assert_eq!(p.offices.len(), 9);
    insta::assert_snapshot!("report_period_all_zh", masked(ui.redraw()));
}

#[test]
fn printing_writes_the_spool_and_an_audit_row() {
    let mut ui = driver(Lang::Zh);
    ui.login("1009");
    ui.key(KeyCode::F(8));
    ui.key(KeyCode::Left);
    ui.key(KeyCode::Char('p'));
    let spool = ui.dir.path().join("spool");
    let files: Vec<_> = std::fs::read_dir(&spool).unwrap().collect();
    assert_eq!(files.len(), 1);
    let path = files[0].as_ref().unwrap().path();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let yesterday =
        (gasdesk::domain::queue::builtin_rules().local_day(at()) - Duration::days(1)).to_string();
    assert!(
        name.starts_with(&format!("report-HF01-{yesterday}")),
        "{name}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("演示数据"), "{text}");
    assert!(text.contains("日结报表"));
    let audit = gasdesk::db::audit::recent(&ui.app.store, 1).unwrap()[0].clone();
    assert_eq!(audit.action, "report_export");
    assert!(ui.message().contains(&name), "{}", ui.message());
}

#[test]
fn a_clerk_is_told_reports_are_for_managers() {
    for lang in LANGS {
        let mut ui = driver(lang);
        ui.login("1001");
        ui.key(KeyCode::F(8));
        let refused = report(&ui).day.clone().unwrap();
        assert!(refused.is_err());
        insta::assert_snapshot!(format!("report_refused_{lang}"), masked(ui.redraw()));
        // The report keys are not offered, and pressed they say why.
        ui.keys("p");
        assert_eq!(ui.message(), refused.unwrap_err());
    }
}
