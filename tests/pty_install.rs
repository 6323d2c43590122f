//! The real binary in a pseudo-terminal at F5: a clerk takes a new install application
//! (the one-time notice shows), records every stage, takes the fee in the open shift,
//! opens the account, and finds it with the customer search at once. The terminal is
//! restored and the store holds the completed application and its account.
#![cfg(unix)]

mod common;

use common::pty::{F3, F10, Session, WAIT};
use rusqlite::{Connection, OpenFlags};

const F5: &str = "\x1b[15~";

/// Books the survey of the only application for the latest working day up to today and
/// records it feasible on that day, as the field team's report would be entered.
fn survey_done_on_a_working_day(path: &std::path::Path) -> String {
    use gasdesk::db::install::{self, Step};
    use gasdesk::domain::install::WorkCalendar;
    let mut store = gasdesk::db::Store::open(path).unwrap();
    let clerk = gasdesk::db::staff::by_number(&store, "1001")
        .unwrap()
        .unwrap()
        .actor(Some(1));
    let today = gasdesk::clock::office_time(chrono::Utc::now()).date_naive();
    let mut day = today;
    while !WorkCalendar::builtin().is_working_day(day) {
        day = day.pred_opt().unwrap();
    }
    let at = day.and_hms_opt(1, 0, 0).unwrap().and_utc();
    let found = install::find(&mut store, &clerk, "13955123456", 10).unwrap();
    let taken = found
        .iter()
        .find(|r| r.stage == "accepted")
        .expect("the application just taken");
    let id = taken.id;
    let app_no = taken.app_no.clone();
    for step in [
        Step::BookSurvey { on: day },
        Step::SurveyDone {
            feasible: true,
            note: String::new(),
        },
    ] {
        install::step(&mut store, &clerk, id, None, &step, day, at).unwrap();
    }
    app_no
}

#[test]
fn from_intake_to_an_account_that_search_finds() {
    let dir = common::temp_dir();
    let path = dir.path().join("demo.db");
    common::build_demo(&path, 300);
    // The clerk's drawer is open for the fee (as F4 would open it).
    {
        let mut store = gasdesk::db::Store::open(&path).unwrap();
        let actor = gasdesk::db::staff::by_number(&store, "1001")
            .unwrap()
            .unwrap()
            .actor(Some(1));
        gasdesk::db::cash::open_shift(
            &mut store,
            &actor,
            &gasdesk::domain::queue::builtin_rules(),
            gasdesk::domain::money::Fen::ZERO,
            chrono::Utc::now(),
        )
        .unwrap();
    }
    let db = path.display().to_string();
    let data = dir.path().join("data").display().to_string();
    let id = gasdesk::domain::id_number::generate(
        3,
        chrono::NaiveDate::from_ymd_opt(1988, 4, 2).unwrap(),
        "340104",
        21,
    );
    let mut s = Session::start(
        &["demo", "--db", &db, "--lang", "en"],
        80,
        24,
        &[("XDG_DATA_HOME", &data)],
    );
    s.wait_for("Staff", WAIT);
    s.send("1001\t123456\r");
    s.wait_for("1001", WAIT);
    s.send(F5);
    s.wait_for("New installs", WAIT);
    s.send("n");
    s.wait_for("New install application", WAIT);
    s.send(&format!(
        "刘晓燕\t{}\t13955123456\t蜀山区\t长江西路 天鹅湖畔\t9\t2\t301\t\t3\t\t1 2\r",
        id.as_str()
    ));
    s.wait_for("One-time notice", WAIT);
    s.send("\x1b");
    s.wait_for("Book survey", WAIT);
    // The survey is booked and done on a working day no later than today, through the
    // store (its result cannot come before the visit, and the clock here is the real one,
    // any day of the week); then the clerk looks the application up again by number.
    let app_no = survey_done_on_a_working_day(&path);
    s.send(F3);
    s.wait_for("Search", WAIT);
    s.send(F5);
    s.wait_for("New installs", WAIT);
    s.send(&format!("/{app_no}\r"));
    s.wait_for(&app_no, WAIT);
    s.send("\r");
    s.wait_for("Design/quote", WAIT);
    for (keys, said) in [
        ("\r12\r", "Recorded: Design and quote"),
        ("\r\r", "Install fee taken"),
        ("\r\r", "Recorded: Construction done"),
        ("\r\r", "Recorded: Inspection passed"),
        ("\rIC20261215\r", "Recorded: Meter installed"),
        ("\r\r", "Recorded: Ignition"),
        ("\r", "opened"),
    ] {
        s.send(keys);
        s.wait_for(said, WAIT);
    }
    s.send(F3);
    s.wait_for("Search", WAIT);
    s.send("5010000001");
    s.wait_for("5010000001 刘**", WAIT);
    s.send(F10);
    s.wait_exit(WAIT);
    s.assert_restored();
    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let (stage, account): (String, String) = conn
        .query_row(
            "SELECT a.stage, acc.account_no FROM install_application a
             JOIN account acc ON acc.id = a.account_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (stage.as_str(), account.as_str()),
        ("completed", "5010000001")
    );
}
