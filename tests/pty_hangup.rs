//! The terminal closed at any moment: gasdesk started by a shell on a pty, as sshd runs
//! it, and the pty's master side closed at many moments of a payment, a queue call and a
//! kiosk ticket, a care visit. Every time, every process must be gone soon after, and the database must
//! pass `gasdesk check` (nothing half-written).
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::{F2, F3, Session, WAIT, assert_all_end};

const F4: &str = "\x1bOS";
const F7: &str = "\x1b[18~";
/// When, after the last key, the terminal goes away: at once, mid-commit, after it.
const MOMENTS_MS: [u64; 5] = [0, 3, 15, 60, 250];

/// A demo database built once and copied for every try.
fn demo_template(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("template.db");
    common::build_demo(&path, 300);
    path
}

fn copy_of(template: &Path, dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::copy(template, &path).expect("copy the demo");
    path.display().to_string()
}

fn hang_up_and_check(mut s: Session, moment: u64, db: &str, what: &str) {
    let pids = s.pids();
    std::thread::sleep(Duration::from_millis(moment));
    s.hang_up();
    assert_all_end(
        &pids,
        &format!("{what}, hung up {moment} ms after the last key"),
    );
    let out = common::run(&["--lang", "en", "check", "--db", db], "");
    common::assert_ok(&out, &format!("check after {what} at {moment} ms"));
}

/// gasdesk on the demo, at the login; its printer copies go under `dir`.
fn at_login(db: &str, dir: &Path) -> Session {
    let data = dir.join("data").display().to_string();
    let s = Session::start_in_shell(&["demo", "--db", db], 80, 24, &[("XDG_DATA_HOME", &data)]);
    s.wait_for("工号", WAIT);
    s
}

/// The demo's first account: a mechanical meter with open bills.
fn first_account(template: &Path) -> String {
    rusqlite::Connection::open(template)
        .expect("open the demo")
        .query_row("SELECT account_no FROM account WHERE id = 1", [], |r| {
            r.get(0)
        })
        .expect("the first account")
}

#[test]
fn hanging_up_during_a_payment_ends_gasdesk() {
    let dir = common::temp_dir();
    let template = demo_template(dir.path());
    let account_no = first_account(&template);
    for (i, moment) in MOMENTS_MS.into_iter().enumerate() {
        let db = copy_of(&template, dir.path(), &format!("pay{i}.db"));
        let mut s = at_login(&db, dir.path());
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
        s.send("\t\x01\t\t9999");
        s.wait_for("找零", WAIT);
        s.send("\r");
        hang_up_and_check(s, moment, &db, "a payment");
    }
}

#[test]
fn hanging_up_during_a_queue_call_ends_gasdesk() {
    let dir = common::temp_dir();
    let template = demo_template(dir.path());
    let spool = dir.path().join("spool").display().to_string();
    for (i, moment) in MOMENTS_MS.into_iter().enumerate() {
        let db = copy_of(&template, dir.path(), &format!("queue{i}.db"));
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
        let mut s = at_login(&db, dir.path());
        s.send("1001\t123456\r");
        s.wait_for("业务菜单", WAIT);
        s.send(F2);
        s.wait_for("1号窗口", WAIT);
        s.send("o");
        s.send("n");
        hang_up_and_check(s, moment, &db, "a queue call");
    }
}

#[test]
fn hanging_up_while_recording_a_care_visit_ends_gasdesk() {
    let dir = common::temp_dir();
    let template = demo_template(dir.path());
    for (i, moment) in MOMENTS_MS.into_iter().enumerate() {
        let db = copy_of(&template, dir.path(), &format!("care{i}.db"));
        let mut s = at_login(&db, dir.path());
        s.send("1009\t123456\r");
        s.wait_for("1009", WAIT);
        s.send(F7);
        s.wait_for("下次走访", WAIT);
        s.send("\r");
        s.wait_for("关爱档案", WAIT);
        s.send("v");
        s.wait_for("登记走访", WAIT);
        s.send("1\those cracked\treplace the hose\t2099-01-01\r");
        hang_up_and_check(s, moment, &db, "a care visit");
    }
}

#[test]
fn hanging_up_at_the_kiosk_ends_it() {
    let dir = common::temp_dir();
    let template = demo_template(dir.path());
    let spool = dir.path().join("spool").display().to_string();
    for (i, moment) in MOMENTS_MS.into_iter().enumerate() {
        let db = copy_of(&template, dir.path(), &format!("kiosk{i}.db"));
        let mut s = Session::start_in_shell(
            &["kiosk", "--office", "1", "--db", &db, "--spool", &spool],
            80,
            24,
            &[],
        );
        s.wait_for("A", WAIT);
        s.send("1");
        hang_up_and_check(s, moment, &db, "a kiosk ticket");
    }
}

/// A typed but unfinished form: Esc, the lone byte, and hanging up with it filled.
#[test]
fn hanging_up_with_a_filled_form_ends_gasdesk() {
    let dir = common::temp_dir();
    let template = demo_template(dir.path());
    let db = copy_of(&template, dir.path(), "form.db");
    let mut s = at_login(&db, dir.path());
    s.send("1001\t123456\r");
    s.wait_for("业务菜单", WAIT);
    s.send(F4);
    s.wait_for("尚未开班", WAIT);
    s.send("o");
    s.wait_for("备用金", WAIT);
    s.send("12");
    hang_up_and_check(s, 0, &db, "a filled form");
}
