//! The real binary in a pseudo-terminal at a counter: tickets issued by `gasdesk ticket
//! issue` (another process), then clerk 1001 opens counter 1, calls, tries to recall too
//! soon, confirms arrival, finishes with an outcome, calls the next and quits. The
//! terminal must be restored and the store must hold what the screen said.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::{F2, F10, Session, WAIT};
use rusqlite::{Connection, OpenFlags};

/// A 300-account demo database with three A tickets waiting at office 1, issued the way
/// a hardware kiosk does it.
fn demo_with_tickets(dir: &Path) -> String {
    let path = dir.join("demo.db");
    common::build_demo(&path, 300);
    close_open_day(&path);
    let db = path.display().to_string();
    let spool = dir.join("spool").display().to_string();
    for expected in ["A001", "A002", "A003"] {
        let out = common::run(
            &[
                "ticket",
                "issue",
                "--office",
                "1",
                "--service",
                "A",
                "--db",
                &db,
                "--spool",
                &spool,
            ],
            "",
        );
        common::assert_ok(&out, "gasdesk ticket issue");
        assert!(
            common::stdout(&out).contains(expected),
            "expected {expected}:\n{}",
            common::stdout(&out)
        );
    }
    db
}

/// These tests start from an empty queue whatever queue day the demo data carries.
fn close_open_day(path: &Path) {
    use gasdesk::db::queue as q;
    let mut store = gasdesk::db::Store::open(path).expect("open the demo");
    if q::current_day(&store, 1).expect("day").is_some() {
        let manager = gasdesk::db::staff::by_number(&store, "1009")
            .expect("staff")
            .expect("demo manager 1009")
            .actor(None);
        q::close_day(&mut store, &manager, 1, chrono::Utc::now()).expect("close the demo day");
    }
}

fn ticket(db: &str, number: &str) -> (String, Option<String>, Option<i64>) {
    let conn =
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only");
    conn.query_row(
        "SELECT t.state, t.outcome, t.counter_no FROM ticket t
         JOIN business_day d ON d.id = t.business_day_id
         WHERE d.office_id = 1 AND d.closed_at IS NULL AND t.number = ?1",
        [number],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap_or_else(|e| panic!("ticket {number}: {e}"))
}

#[test]
fn a_counter_calls_recalls_finishes_and_calls_the_next() {
    let dir = common::temp_dir();
    let db = demo_with_tickets(dir.path());
    let mut s = Session::start(&["demo", "--db", &db], 80, 24, &[]);
    s.wait_for("工号", WAIT);
    s.send("1001\t123456\r");
    s.wait_for("业务菜单", WAIT);
    s.send(F2);
    s.wait_for("叫号 · 1号窗口", WAIT);
    s.wait_for("本窗口可叫：3 人等候", WAIT);
    s.send("o");
    s.wait_for("窗口空闲", WAIT);
    s.send("n");
    s.wait_for("请 A001 到 1 号窗口", WAIT);
    s.wait_for("叫号原因", WAIT);
    s.send("r");
    s.wait_for("重呼太频繁", WAIT);
    s.send("a");
    s.wait_for("已到 0 分钟", WAIT);
    s.send("f");
    s.wait_for("办理了什么业务", WAIT);
    s.send("1");
    s.wait_for("办结 · 缴费", WAIT);
    s.send("\r");
    s.wait_for("A001 已办结：缴费", WAIT);
    s.send("n");
    s.wait_for("请 A002 到 1 号窗口", WAIT);
    s.send(F10);
    let status = s.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();

    assert_eq!(
        ticket(&db, "A001"),
        ("finished".into(), Some("payment".into()), Some(1))
    );
    assert_eq!(ticket(&db, "A002"), ("called".into(), None, Some(1)));
    assert_eq!(ticket(&db, "A003").0, "waiting");
}
