//! The real binary in a pseudo-terminal: a clerk's whole visit (log in, search, open,
//! quit), hang-up and termination signals, a panic, and a window that is too small.
//! Every ending must leave the terminal as it was found.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::{F3, F10, Session, WAIT};

/// Builds a 300-account demo database in `dir` with the CLI.
fn demo_db(dir: &Path) -> String {
    let path = dir.join("demo.db").display().to_string();
    let out = common::run(
        &[
            "demo",
            "--db",
            &path,
            "--accounts",
            "300",
            "--no-tui",
            "--no-queue",
        ],
        "",
    );
    common::assert_ok(&out, "gasdesk demo --no-tui");
    path
}

/// A two-character holder name from the demo database, for the search step.
fn a_two_char_name(db: &str) -> String {
    let store = gasdesk::db::Store::open(Path::new(db)).expect("open the demo");
    common::raw(&store)
        .query_row(
            "SELECT holder_name FROM account WHERE length(holder_name) = 2 ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a two-character name in the demo")
}

fn log_in(s: &mut Session) {
    s.wait_for("工号", WAIT);
    s.send("1001\t123456\r");
    s.wait_for("业务菜单", WAIT);
}

#[test]
fn a_whole_visit_then_quit_restores_the_terminal() {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let name = a_two_char_name(&db);
    let mut s = Session::demo(&db);
    s.wait_for("工号", WAIT);
    assert!(
        !s.local_flags().iter().any(|f| f == "ICANON"),
        "the TUI runs in raw mode"
    );
    s.send("1001\t123456\r");
    s.wait_for("业务菜单", WAIT);
    s.send(F3);
    s.wait_for("客户查询", WAIT);
    s.send(&name);
    s.wait_for("条结果", WAIT);
    s.send("\r");
    s.wait_for("客户信息", WAIT);
    assert!(s.contents().contains("身份证"), "{}", s.contents());
    s.send(F10);
    let status = s.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "exit status {status:?}");
    s.assert_restored();
}

fn signal_restores(signal: &str) {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let mut s = Session::demo(&db);
    log_in(&mut s);
    s.signal(signal);
    s.wait_exit(Duration::from_secs(2));
    s.assert_restored();
}

#[test]
fn sighup_ends_the_program_and_restores_the_terminal() {
    signal_restores("HUP");
}

#[test]
fn sigterm_ends_the_program_and_restores_the_terminal() {
    signal_restores("TERM");
}

#[test]
fn a_small_window_names_the_size_needed() {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let mut s = Session::start(&["demo", "--db", &db], 60, 20, &[]);
    s.wait_for("80x24", WAIT);
    let screen = s.contents();
    assert!(screen.contains("太小"), "{screen}");
    assert!(screen.contains("60x20"), "{screen}");
    s.send(F10);
    s.wait_exit(Duration::from_secs(5));
    s.assert_restored();
}

#[test]
fn a_panic_restores_the_terminal() {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let mut s = Session::start(
        &["demo", "--db", &db],
        80,
        24,
        &[("GASDESK_TEST_PANIC", "1")],
    );
    let status = s.wait_exit(WAIT);
    assert!(!status.success(), "a panic must not exit 0");
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw.lock().expect("raw")).into_owned();
    assert!(
        raw.contains("GASDESK_TEST_PANIC"),
        "no panic report: {raw:?}"
    );
}

/// Esc goes back however the terminal delivers it: a lone ESC byte, or ESC followed at
/// once by another key's sequence in the same read (Esc then F4 typed quickly).
#[test]
fn esc_goes_back_alone_or_followed_at_once_by_a_key() {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let mut s = Session::demo(&db);
    log_in(&mut s);
    s.send(F3);
    s.wait_for("客户查询", WAIT);
    s.send("\x1b");
    s.wait_for("业务菜单", WAIT);
    s.send(F3);
    s.wait_for("客户查询", WAIT);
    // ESC, then F4 (ESC O S), in one write.
    s.send("\x1b\x1bOS");
    s.wait_for("尚未开班", WAIT);
    assert!(!s.contents().contains("客户查询"), "{}", s.contents());
    s.send(F10);
    s.wait_exit(WAIT);
    s.assert_restored();
}
