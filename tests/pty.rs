//! The real binary in a pseudo-terminal: a clerk's whole visit (log in, search, open,
//! quit), hang-up and termination signals, a panic, and a window that is too small.
//! Every ending must leave the terminal as it was found.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for something to appear on screen. Generous: the machine is shared
/// and slow, and waiting ends as soon as the text is there.
const WAIT: Duration = Duration::from_secs(10);

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const PASTE_OFF: &[u8] = b"\x1b[?2004l";

const F3: &str = "\x1bOR";
const F10: &str = "\x1b[21~";

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

/// One running gasdesk on a pty, its output parsed as a terminal would show it and also
/// kept raw for checking what was sent on the way out.
struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Set by the reader once the pty has no writer left (the child is gone).
    eof: Arc<AtomicBool>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let base = common::command(&[]);
        let mut cmd = CommandBuilder::new(common::gasdesk_bin());
        cmd.args(args);
        for (key, value) in base.get_envs() {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            }
        }
        cmd.env("TERM", "xterm-256color");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn gasdesk");
        // Only the child holds the slave now, so the reader sees the end when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        {
            let (screen, raw, eof) = (Arc::clone(&screen), Arc::clone(&raw), Arc::clone(&eof));
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                // EOF or EIO (Linux, once no process holds the slave) both mean the end.
                while let Ok(n @ 1..) = reader.read(&mut buf) {
                    raw.lock().expect("raw").extend_from_slice(&buf[..n]);
                    screen.lock().expect("screen").process(&buf[..n]);
                }
                eof.store(true, Ordering::SeqCst);
            });
        }
        Session {
            master: pair.master,
            child,
            writer,
            screen,
            raw,
            eof,
        }
    }

    fn demo(db: &str) -> Session {
        Session::start(&["demo", "--db", db], 80, 24, &[])
    }

    fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits until `text` is on the screen; fails with the screen as it is.
    fn wait_for(&self, text: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{text:?} did not appear within {timeout:?}; the screen:\n{}",
            self.contents()
        );
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    fn pid(&self) -> String {
        self.child.process_id().expect("child pid").to_string()
    }

    fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits for the process to end and for its last output to be read.
    fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "gasdesk still running after {timeout:?}; the screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let drained = Instant::now() + WAIT;
        while !self.eof.load(Ordering::SeqCst) {
            assert!(Instant::now() < drained, "the pty never reached its end");
            std::thread::sleep(Duration::from_millis(20));
        }
        status
    }

    /// The names of the local-mode flags set on the pty now (`ICANON`, `ECHO`, …).
    fn local_flags(&self) -> Vec<String> {
        let termios = self
            .master
            .get_termios()
            .expect("the pty's termios is readable");
        termios
            .local_flags
            .iter_names()
            .map(|(name, _)| name.to_string())
            .collect()
    }

    /// Asserts that after the last switch to the alternate screen the program left it,
    /// showed the cursor and turned bracketed paste off, and that the line discipline is
    /// back in canonical mode with echo.
    fn assert_restored(&self) {
        let raw = self.raw.lock().expect("raw").clone();
        let entered = rfind(&raw, ENTER_ALT).unwrap_or_else(|| {
            panic!(
                "never entered the alternate screen: {:?}",
                String::from_utf8_lossy(&raw)
            )
        });
        let tail = &raw[entered..];
        for (seq, what) in [
            (LEAVE_ALT, "leave the alternate screen"),
            (SHOW_CURSOR, "show the cursor"),
            (PASTE_OFF, "disable bracketed paste"),
        ] {
            assert!(
                rfind(tail, seq).is_some(),
                "did not {what} on the way out; output after the last {:?}: {:?}",
                String::from_utf8_lossy(ENTER_ALT),
                String::from_utf8_lossy(tail)
            );
        }
        let flags = self.local_flags();
        assert!(
            flags.iter().any(|f| f == "ICANON") && flags.iter().any(|f| f == "ECHO"),
            "the terminal was left in raw mode: {flags:?}"
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed test must not leave its gasdesk running; this is our own child.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A two-character holder name from the demo database, for the search step.
fn a_two_char_name(db: &str) -> String {
    let store = gasdesk::db::Store::open(Path::new(db)).expect("open the demo");
    store
        .conn()
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
