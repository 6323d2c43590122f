//! Small helpers shared by the integration tests that drive the real binary.
//! Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod app;
pub mod desk;
#[cfg(unix)]
pub mod pty;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `gasdesk` binary cargo built for these tests.
pub fn gasdesk_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gasdesk"))
}

/// A fresh folder, removed when the returned guard is dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("gasdesk-test-")
        .tempdir()
        .expect("create a temporary folder")
}

/// A connection of the test's own to the store's file, as the sqlite3 shell would open
/// it: gasdesk keeps its own connection private to its `db` module. Raw SQL in the tests
/// (a look at rows no screen shows, or an attacker's UPDATE the triggers must refuse)
/// goes through this.
pub fn raw(store: &gasdesk::db::Store) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(store.path()).expect("open the store's file");
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .expect("busy timeout");
    conn.pragma_update(None, "foreign_keys", true)
        .expect("foreign keys");
    conn
}

/// A file under `tests/fixtures`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// The binary with a clean environment for the parts that change its output: not the
/// config folder of the person running the tests, no backtraces in error reports.
pub fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(gasdesk_bin());
    cmd.args(args)
        .env(
            "XDG_CONFIG_HOME",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-user-config"),
        )
        .env("RUST_BACKTRACE", "0")
        .env_remove("RUST_LIB_BACKTRACE");
    cmd
}

/// Runs `gasdesk ARGS` with `stdin` piped in (PINs are read a line at a time from a
/// pipe) and returns its exit status and output.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gasdesk");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // The process may exit before reading everything (a refused command); a broken
        // pipe here is not the test's concern.
        let _ = pipe.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("wait for gasdesk")
}

/// Stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Panics with both streams unless the command exited 0.
pub fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout:\n{}\nstderr:\n{}",
        out.status,
        stdout(out),
        stderr(out)
    );
}

/// Panics with both streams unless the command exited with `code`.
pub fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: unexpected exit status\nstdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Builds a demo database of `accounts` accounts at `path` without starting the TUI.
pub fn build_demo(path: &Path, accounts: usize) {
    let db = path.to_str().expect("UTF-8 temp path");
    let n = accounts.to_string();
    let out = run(
        &[
            "--lang",
            "en",
            "demo",
            "--db",
            db,
            "--accounts",
            &n,
            "--no-tui",
            "--no-queue",
        ],
        "",
    );
    assert_ok(&out, "gasdesk demo");
}

/// A `TestBackend` buffer as text: one line per row, a wide character once (the cell it
/// covers is skipped: on a terminal it is hidden, whatever it held before), trailing
/// blanks trimmed.
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0usize;
        for x in 0..buf.area.width {
            let symbol = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(symbol);
            skip = gasdesk::domain::text::display_width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Cells of one frame that something wrote under the right half of a wide character: on
/// a terminal they are lost or garble the line. Ratatui blanks the covered cell when it
/// places a wide character, so anything else there was drawn afterwards.
pub fn half_overwritten(frame: &ratatui::buffer::Buffer) -> Vec<(u16, u16, String)> {
    let mut found = Vec::new();
    for y in 0..frame.area.height {
        let mut skip = 0usize;
        for x in 0..frame.area.width {
            let symbol = frame[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                if symbol != " " {
                    found.push((x, y, symbol.to_string()));
                }
                continue;
            }
            skip = gasdesk::domain::text::display_width(symbol).saturating_sub(1);
        }
    }
    found
}
