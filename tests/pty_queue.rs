//! The real binary in a pseudo-terminal at a counter: tickets issued by `gasdesk ticket
//! issue` (another process), then clerk 1001 opens counter 1, calls, tries to recall too
//! soon, confirms arrival, finishes with an outcome, calls the next and quits. The
//! terminal must be restored and the store must hold what the screen said.
#![cfg(unix)]

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use rusqlite::{Connection, OpenFlags};

/// How long to wait for something to appear on screen. Generous: the machine is shared
/// and slow, and waiting ends as soon as the text is there.
const WAIT: Duration = Duration::from_secs(10);

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const PASTE_OFF: &[u8] = b"\x1b[?2004l";

const F2: &str = "\x1bOQ";
const F10: &str = "\x1b[21~";

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
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
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

    fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits until `text` is on the screen; fails with the screen as it is.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{text:?} did not appear within {WAIT:?}; the screen:\n{}",
            self.contents()
        );
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
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

    /// Asserts that after the last switch to the alternate screen the program left it,
    /// showed the cursor and turned bracketed paste off, and that the line discipline is
    /// back in canonical mode with echo.
    fn assert_restored(&self) {
        let raw = self.raw.lock().expect("raw").clone();
        let entered = rfind(&raw, ENTER_ALT).expect("never entered the alternate screen");
        let tail = &raw[entered..];
        for (seq, what) in [
            (LEAVE_ALT, "leave the alternate screen"),
            (SHOW_CURSOR, "show the cursor"),
            (PASTE_OFF, "disable bracketed paste"),
        ] {
            assert!(
                rfind(tail, seq).is_some(),
                "did not {what} on the way out: {:?}",
                String::from_utf8_lossy(tail)
            );
        }
        let termios = self
            .master
            .get_termios()
            .expect("the pty's termios is readable");
        let flags: Vec<String> = termios
            .local_flags
            .iter_names()
            .map(|(name, _)| name.to_string())
            .collect();
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
    if q::current_day(store.conn(), 1).expect("day").is_some() {
        let manager = gasdesk::db::staff::by_number(store.conn(), "1009")
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
    let mut s = Session::start(&["demo", "--db", &db], 80, 24);
    s.wait_for("工号");
    s.send("1001\t123456\r");
    s.wait_for("业务菜单");
    s.send(F2);
    s.wait_for("叫号 · 1号窗口");
    s.wait_for("本窗口可叫：3 人等候");
    s.send("o");
    s.wait_for("窗口空闲");
    s.send("n");
    s.wait_for("请 A001 到 1 号窗口");
    s.wait_for("叫号原因");
    s.send("r");
    s.wait_for("重呼太频繁");
    s.send("a");
    s.wait_for("已到 0 分钟");
    s.send("f");
    s.wait_for("办理了什么业务");
    s.send("1");
    s.wait_for("办结 · 缴费");
    s.send("\r");
    s.wait_for("已保存：A001");
    s.send("n");
    s.wait_for("请 A002 到 1 号窗口");
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
