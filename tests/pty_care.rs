//! The real binary in a pseudo-terminal at the care register: the office manager opens
//! F7, a person's file, records a home visit that finds a hazard, follows the hazard up,
//! and quits. The terminal is restored and the store holds the visit, the hazard closed
//! and an audit row for every reading of the file.
#![cfg(unix)]

mod common;

use common::pty::{F10, Session, WAIT};
use rusqlite::{Connection, OpenFlags};

const F7: &str = "\x1b[18~";

#[test]
fn a_manager_records_a_visit_with_a_hazard_and_follows_it_up() {
    let dir = common::temp_dir();
    let path = dir.path().join("demo.db");
    common::build_demo(&path, 300);
    let db = path.display().to_string();
    let data = dir.path().join("data").display().to_string();
    let read = |sql: &str| -> i64 {
        Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    let visits_before = read("SELECT count(*) FROM care_visit");
    let mut s = Session::start(
        &["demo", "--db", &db, "--lang", "en"],
        80,
        24,
        &[("XDG_DATA_HOME", &data)],
    );
    s.wait_for("Staff", WAIT);
    s.send("1009\t123456\r");
    s.wait_for("1009", WAIT);
    s.send(F7);
    s.wait_for("Care register", WAIT);
    s.wait_for("Next visit", WAIT);
    s.send("\r");
    s.wait_for("Care file", WAIT);
    s.send("v");
    s.wait_for("Record a visit", WAIT);
    // Check 1 (the hose) failed; the hazard, its follow-up and due date.
    s.send("1\those cracked\treplace the hose\t2099-01-01\r");
    s.wait_for("Visit recorded", WAIT);
    s.wait_for("hose cracked", WAIT);
    s.send("h");
    s.wait_for("Follow up a hazard", WAIT);
    s.send("new hose fitted\r");
    s.wait_for("Hazard followed up", WAIT);
    s.send(F10);
    s.wait_exit(WAIT);
    s.assert_restored();
    assert_eq!(read("SELECT count(*) FROM care_visit"), visits_before + 1);
    assert_eq!(
        read(
            "SELECT count(*) FROM care_hazard WHERE what = 'hose cracked'
             AND resolution = 'new hose fitted' AND resolved_on IS NOT NULL"
        ),
        1
    );
    assert!(
        read("SELECT count(*) FROM audit WHERE action = 'care_file_view' AND staff_no = '1009'")
            >= 3,
        "the file was read three times (opened, after the visit, after the follow-up)"
    );
}
