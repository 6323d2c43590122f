//! The real binary in a pseudo-terminal at the cash desk: clerk 1001 logs in, opens a shift
//! with a float, finds a customer, pays both open bills in cash with change, sees the
//! receipt, and quits. The terminal must be restored, the store must hold the receipt, and
//! the printer spool must have its copy.
#![cfg(unix)]

mod common;

use std::path::Path;

use chrono::Datelike;
use common::pty::{F3, F10, Session, WAIT};
use rusqlite::{Connection, OpenFlags};

const F4: &str = "\x1bOS";

/// Whether any file under `dir` ends in `.txt`.
fn has_txt(dir: &Path) -> bool {
    std::fs::read_dir(dir).into_iter().flatten().any(|entry| {
        let path = entry.unwrap().path();
        if path.is_dir() {
            has_txt(&path)
        } else {
            path.extension().is_some_and(|e| e == "txt")
        }
    })
}

#[test]
fn a_clerk_takes_a_cash_payment_from_login_to_receipt() {
    let dir = common::temp_dir();
    let path = dir.path().join("demo.db");
    common::build_demo(&path, 300);
    let db = path.display().to_string();
    // The demo's first account has a mechanical meter with two open bills.
    let (account_no, due): (String, i64) = {
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        conn.query_row(
            "SELECT a.account_no, sum(b.amount_fen) FROM account a JOIN bill b ON b.account_id = a.id
             WHERE a.id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    // The series is the office's year: the binary reads the same (possibly faked) clock.
    let year = gasdesk::domain::queue::builtin_rules()
        .local_day(chrono::Utc::now())
        .year();
    let receipt_no = format!("HF01-{year}-000001");
    let data_home = dir.path().join("data");
    let data = data_home.display().to_string();
    let mut s = Session::start(&["demo", "--db", &db], 80, 24, &[("XDG_DATA_HOME", &data)]);
    s.wait_for("工号", WAIT);
    s.send("1001\t123456\r");
    s.wait_for("1001", WAIT);
    s.send(F4);
    s.wait_for("尚未开班", WAIT);
    s.send("o");
    s.wait_for("备用金", WAIT);
    s.send("500\r");
    s.wait_for("营业中", WAIT);
    s.send(F3);
    s.wait_for("查询", WAIT);
    s.send(&account_no);
    s.wait_for(&account_no, WAIT);
    s.send("\r");
    s.wait_for("欠费", WAIT);
    s.send("p");
    s.wait_for("付款方式", WAIT);
    // Tab to the bills, all of them, Tab to the method (cash), Tab to the amount tendered.
    s.send("\t\x01\t\t");
    let tendered = (due / 100 + 10).to_string();
    s.send(&tendered);
    s.wait_for("找零", WAIT);
    s.send("\r");
    s.wait_for(&receipt_no, WAIT);
    s.wait_for("大写", WAIT);
    s.wait_for("演示数据", WAIT);
    s.send(F10);
    s.wait_exit(WAIT);
    s.assert_restored();

    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let (total, tendered_fen, change, open): (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT total_fen, tendered_fen, change_fen,
                    (SELECT count(*) FROM bill WHERE account_id = 1 AND settled_by IS NULL)
             FROM receipt WHERE receipt_no = ?1",
            [&receipt_no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("the receipt is in the store");
    assert_eq!(total, due);
    assert_eq!(change, tendered_fen - due);
    assert_eq!(open, 0, "both bills are paid");
    // A demo prints beside its database, never into the printers' folder (the data
    // folder's `spool` here), under a name that carries the database's tag.
    assert!(
        !has_txt(&data_home),
        "nothing in the printers' folder under {}",
        data_home.display()
    );
    let spooled = std::fs::read_dir(dir.path().join("demo.db.spool"))
        .expect("the demo's own spool folder")
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{receipt_no}.demo-")) && name.ends_with(".txt")
        })
        .expect("the printer's copy");
    let text = std::fs::read_to_string(spooled).unwrap();
    assert!(
        text.contains(&receipt_no) && text.contains("演示数据"),
        "{text}"
    );
}
