//! The real binary in a pseudo-terminal, read through a VT100 parser: shared by the
//! pty tests. Every ending must leave the terminal as it was found.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for something to appear on screen. Generous: the machine is shared
/// and slow, and waiting ends as soon as the text is there.
/// An upper bound, not a timing check: generous, because CI shares two cores with builds.
pub const WAIT: Duration = Duration::from_secs(30);

pub const ENTER_ALT: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
pub const PASTE_OFF: &[u8] = b"\x1b[?2004l";

pub const F2: &str = "\x1bOQ";
pub const F3: &str = "\x1bOR";
pub const F10: &str = "\x1b[21~";

/// One running gasdesk on a pty, its output parsed as a terminal would show it and also
/// kept raw for checking what was sent on the way out.
pub struct Session {
    /// `None` once the terminal was hung up ([`Session::hang_up`]).
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    writer: Option<Box<dyn Write + Send>>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, escape sequences included.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// Set by the reader once the pty has no writer left (the child is gone).
    eof: Arc<AtomicBool>,
    /// Tells the reader to close its copy of the master.
    hung_up: Arc<AtomicBool>,
}

impl Session {
    pub fn start(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::start_through(&[], args, cols, rows, env)
    }

    /// [`Session::start`] with the binary run through `wrapper` (`setpriv … --`, say):
    /// `WRAPPER… gasdesk ARGS…`.
    pub fn start_through(
        wrapper: &[&str],
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Session {
        let bin = super::gasdesk_bin();
        let mut cmd = match wrapper.split_first() {
            Some((program, rest)) => {
                let mut cmd = CommandBuilder::new(program);
                cmd.args(rest);
                cmd.arg(&bin);
                cmd
            }
            None => CommandBuilder::new(&bin),
        };
        cmd.args(args);
        Session::spawn(cmd, cols, rows, env)
    }

    /// gasdesk started by a shell on the terminal, as sshd starts a login shell that runs
    /// it: the shell is the session leader, gasdesk its child in the foreground.
    pub fn start_in_shell(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let mut cmd = CommandBuilder::new("/bin/sh");
        cmd.arg("-c");
        cmd.arg("\"$0\" \"$@\"; echo gasdesk-ended");
        cmd.arg(super::gasdesk_bin());
        cmd.args(args);
        Session::spawn(cmd, cols, rows, env)
    }

    fn spawn(mut cmd: CommandBuilder, cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let base = super::command(&[]);
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
        // The reader owns its own copy of the master: it lets go of it when the test
        // hangs up, so that the terminal really goes away (no copy left open).
        let master_fd = pair.master.as_raw_fd().expect("the pty master's fd");
        // SAFETY: dup(2) of an open descriptor; the File owns the copy.
        let mut reader = unsafe { std::fs::File::from_raw_fd(libc::dup(master_fd)) };
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        let hung_up = Arc::new(AtomicBool::new(false));
        {
            let (screen, raw, eof, hung_up) = (
                Arc::clone(&screen),
                Arc::clone(&raw),
                Arc::clone(&eof),
                Arc::clone(&hung_up),
            );
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                loop {
                    if hung_up.load(Ordering::SeqCst) {
                        break;
                    }
                    let mut fds = libc::pollfd {
                        fd: reader.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    };
                    // SAFETY: one valid pollfd for the duration of the call.
                    if unsafe { libc::poll(&mut fds, 1, 20) } <= 0 {
                        continue;
                    }
                    // EOF or EIO (Linux, once no process holds the slave) both mean the end.
                    match reader.read(&mut buf) {
                        Ok(n @ 1..) => {
                            raw.lock().expect("raw").extend_from_slice(&buf[..n]);
                            screen.lock().expect("screen").process(&buf[..n]);
                        }
                        _ => break,
                    }
                }
                drop(reader);
                eof.store(true, Ordering::SeqCst);
            });
        }
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            master: Some(pair.master),
            child,
            writer: Some(writer),
            screen,
            raw,
            eof,
            hung_up,
        }
    }

    pub fn demo(db: &str) -> Session {
        Session::start(&["demo", "--db", db], 80, 24, &[])
    }

    pub fn contents(&self) -> String {
        self.screen.lock().expect("screen").screen().contents()
    }

    /// Waits until `text` is on the screen; fails with the screen as it is.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
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

    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is still there");
        writer.write_all(keys.as_bytes()).expect("write keys");
        writer.flush().expect("flush keys");
    }

    pub fn pid(&self) -> String {
        self.child.process_id().expect("child pid").to_string()
    }

    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// The terminal goes away (the SSH connection drops): the master side is closed.
    pub fn hang_up(&mut self) {
        self.writer = None;
        self.master = None;
        self.hung_up.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + WAIT;
        while !self.eof.load(Ordering::SeqCst) {
            assert!(Instant::now() < deadline, "the pty reader did not let go");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The pids of the started process and of its children (gasdesk under a shell).
    pub fn pids(&self) -> Vec<u32> {
        let top = self.child.process_id().expect("child pid");
        let children =
            std::fs::read_to_string(format!("/proc/{top}/task/{top}/children")).unwrap_or_default();
        std::iter::once(top)
            .chain(children.split_whitespace().filter_map(|p| p.parse().ok()))
            .collect()
    }

    /// Waits for the process to end and for its last output to be read.
    pub fn wait_exit(&mut self, timeout: Duration) -> portable_pty::ExitStatus {
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
    pub fn local_flags(&self) -> Vec<String> {
        let termios = self
            .master
            .as_ref()
            .expect("the terminal is still there")
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
    pub fn assert_restored(&self) {
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

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Whether `pid` is still a running process (a zombie has ended; only its exit status is
/// left for its parent).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X")
    })
}

/// Waits until none of `pids` runs; fails naming the survivors and what they do.
pub fn assert_all_end(pids: &[u32], what: &str) {
    let deadline = Instant::now() + WAIT;
    while pids.iter().any(|&p| alive(p)) {
        if Instant::now() > deadline {
            let survivors: Vec<String> = pids
                .iter()
                .filter(|&&p| alive(p))
                .map(|p| {
                    let stat =
                        std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
                    format!("{p}: {stat}")
                })
                .collect();
            // The test failed; it must not leave what it started running.
            for &p in pids {
                let _ = std::process::Command::new("kill")
                    .args(["-9", &p.to_string()])
                    .status();
            }
            panic!("{what}: still running {WAIT:?} after the hang-up: {survivors:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
