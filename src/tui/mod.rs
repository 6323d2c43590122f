//! The terminal user interface: the event loop, signals and the background check.
//! State and drawing live in [`app`], [`screens`] and [`widgets`].

pub mod app;
pub mod board;
mod care_ops;
mod cash_ops;
pub mod drafts;
pub mod input;
mod install_ops;
pub mod kiosk;
mod queue_ops;
mod report_ops;
pub mod screens;
pub mod terminal;
mod transfer_ops;
pub mod widgets;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr, eyre};
use ratatui::crossterm::event;

use crate::config::config_dir;
use crate::db::Store;
use crate::i18n::{Lang, Localized};
use crate::keymap::Keymap;

use app::{App, Clock};

/// How often the loop wakes without input: signals, the idle lock and the clock are
/// noticed within this time. Nothing is redrawn unless something changed.
const TICK: Duration = Duration::from_millis(250);
/// How long the rest of a key sequence may take to arrive; an ESC with nothing after it
/// for this long is the Esc key.
const INPUT_SLICE: Duration = Duration::from_millis(25);
/// After SIGHUP, SIGTERM or SIGQUIT the loop normally ends within a tick; if it has not
/// got back by then (stuck in a write to a dead terminal, say), the process ends anyway.
const SIGNAL_GRACE: Duration = Duration::from_secs(3);

#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub keymap: Option<String>,
    pub counter: Option<i64>,
    pub idle_lock: Duration,
    /// Where receipts are written for the printer.
    pub spool_dir: std::path::PathBuf,
}

/// Runs `PRAGMA quick_check` on its own connection so a large database does not delay
/// the first frame; the answer arrives on the returned channel.
fn spawn_quick_check(path: &Path) -> mpsc::Receiver<Option<String>> {
    let (tx, rx) = mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let verdict = match Store::open(&path).and_then(|s| s.quick_check()) {
            Ok(damage) => damage,
            Err(e) => Some(e.to_string()),
        };
        let _ = tx.send(verdict);
    });
    rx
}

/// What the shared event loop drives: the counter app, the kiosk, the display board.
pub trait Frontend {
    /// Handles one terminal event; returns whether to redraw.
    fn handle_event(&mut self, event: event::Event) -> bool;
    /// Periodic work (clock, idle lock, other processes' commits); returns whether to redraw.
    fn tick(&mut self, now: Instant) -> bool;
    fn render(&self, frame: &mut ratatui::Frame<'_>);
    fn wants_quit(&self) -> bool;
    /// The background integrity check finished (`Some` = damage found).
    fn on_quick_check(&mut self, _damage: Option<String>) {}
}

impl Frontend for App {
    fn handle_event(&mut self, event: event::Event) -> bool {
        App::handle_event(self, event)
    }
    fn tick(&mut self, now: Instant) -> bool {
        App::tick(self, now)
    }
    fn render(&self, frame: &mut ratatui::Frame<'_>) {
        App::render(self, frame)
    }
    fn wants_quit(&self) -> bool {
        self.quit
    }
    fn on_quick_check(&mut self, damage: Option<String>) {
        App::on_quick_check(self, damage)
    }
}

/// Resolves the keymap before the terminal is touched: a broken file stops here with a
/// message that names the file, section and key.
pub fn load_keymap(name: Option<&str>, lang: Lang) -> Result<Keymap> {
    Keymap::resolve(name, config_dir().as_deref()).map_err(|e| eyre!(e.localized(lang)))
}

pub fn run(store: Store, options: Options) -> Result<()> {
    let lang = options.lang;
    let keymap = load_keymap(options.keymap.as_deref(), lang)?;
    let check = spawn_quick_check(store.path());
    let mut app = App::new(
        store,
        keymap,
        lang,
        options.counter,
        options.idle_lock,
        Clock::System,
    );
    app.spool_dir = Some(options.spool_dir);
    run_frontend(app, Some(check))
}

/// Runs any frontend full-screen until it quits, a signal arrives or the terminal hangs up.
pub fn run_frontend<F: Frontend>(
    mut frontend: F,
    check: Option<mpsc::Receiver<Option<String>>>,
) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .wrap_err("installing signal handlers")?;
    }
    end_after_grace_on_signal().wrap_err("installing signal handlers")?;
    // The loop waits on the terminal with poll(2), where a resize is not input: the
    // signal itself says the window changed, and the next pass redraws at the new size.
    let resized = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGWINCH, Arc::clone(&resized))
        .wrap_err("installing signal handlers")?;
    let mut guard = terminal::init().wrap_err("setting up the terminal")?;
    // Exists only for tests/pty.rs, which cannot otherwise make the TUI panic: it checks
    // that a panic with the terminal in raw mode still restores it.
    if std::env::var_os("GASDESK_TEST_PANIC").is_some() {
        panic!("GASDESK_TEST_PANIC is set: panicking on purpose after terminal setup");
    }
    event_loop(
        &mut guard.terminal,
        &mut frontend,
        &stop,
        &resized,
        check.as_ref(),
    )
}

/// The last line of defence behind the stop flag: a thread that, once a terminating
/// signal has arrived, gives the loop [`SIGNAL_GRACE`] to end normally and then restores
/// the terminal as far as it can and ends the process. Nothing committed is lost (each
/// operation is one transaction; an unfinished one is rolled back by SQLite).
fn end_after_grace_on_signal() -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGQUIT,
    ])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            std::thread::sleep(SIGNAL_GRACE);
            // The restore may block on a terminal that no longer drains: half a second.
            let (done, restored) = mpsc::channel();
            std::thread::spawn(move || {
                terminal::restore();
                let _ = done.send(());
            });
            let _ = restored.recv_timeout(Duration::from_millis(500));
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

enum TerminalInput {
    Ready,
    Idle,
    HungUp,
}

/// Waits for input on the terminal (gasdesk reads it itself, see [`input`]): poll(2)
/// reports a hang-up, and a signal interrupts it, so the loop always gets back to check
/// the stop flag.
fn wait_for_terminal(timeout: Duration) -> TerminalInput {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = timeout.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: one valid pollfd for the duration of the call.
    let ready = unsafe { libc::poll(&mut fds, 1, millis) };
    if ready < 0 {
        // EINTR from a signal: let the loop look at the stop flag.
        return TerminalInput::Idle;
    }
    if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return TerminalInput::HungUp;
    }
    if ready == 0 {
        return TerminalInput::Idle;
    }
    // Readable with nothing to read is the end of input: a hung-up terminal reads as
    // zero bytes forever. Only a terminal with bytes waiting is handed to crossterm.
    let mut pending: libc::c_int = 0;
    // SAFETY: FIONREAD writes one c_int through the pointer.
    let asked = unsafe { libc::ioctl(libc::STDIN_FILENO, libc::FIONREAD, &mut pending) };
    if asked < 0 || pending <= 0 {
        TerminalInput::HungUp
    } else {
        TerminalInput::Ready
    }
}

/// Reads what the terminal has and turns it into events; `None` when it is gone (end of
/// input, or an error such as EIO after a hang-up).
fn read_terminal(keys: &mut input::KeyReader) -> Option<Vec<event::Event>> {
    let mut buf = [0u8; 4096];
    // SAFETY: reads at most buf.len() bytes into buf.
    let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
    match n {
        1.. => Some(keys.feed(&buf[..n as usize])),
        0 => None,
        _ => match std::io::Error::last_os_error().kind() {
            std::io::ErrorKind::Interrupted | std::io::ErrorKind::WouldBlock => Some(Vec::new()),
            _ => None,
        },
    }
}

fn event_loop<F: Frontend>(
    terminal: &mut terminal::Term,
    app: &mut F,
    stop: &AtomicBool,
    resized: &AtomicBool,
    check: Option<&mpsc::Receiver<Option<String>>>,
) -> Result<()> {
    let mut redraw = true;
    let mut keys = input::KeyReader::default();
    let mut next_tick = Instant::now() + TICK;
    while !app.wants_quit() && !stop.load(Ordering::Relaxed) {
        if resized.swap(false, Ordering::Relaxed) {
            // A full redraw starts from a cleared screen.
            terminal.autoresize().wrap_err("resizing the screen")?;
            terminal.clear().wrap_err("clearing the screen")?;
            redraw = true;
        }
        if redraw {
            terminal
                .draw(|frame| app.render(frame))
                .wrap_err("drawing the screen")?;
            redraw = false;
        }
        let wait = next_tick.saturating_duration_since(Instant::now());
        match wait_for_terminal(wait) {
            TerminalInput::HungUp => break,
            TerminalInput::Idle => {}
            TerminalInput::Ready => {
                let Some(events) = read_terminal(&mut keys) else {
                    break;
                };
                for event in events {
                    redraw |= app.handle_event(event);
                }
                // The rest of a sequence comes within milliseconds, or it was a lone Esc.
                while keys.has_pending() && !stop.load(Ordering::Relaxed) {
                    let events = match wait_for_terminal(INPUT_SLICE) {
                        TerminalInput::HungUp => return Ok(()),
                        TerminalInput::Idle => keys.flush(),
                        TerminalInput::Ready => match read_terminal(&mut keys) {
                            Some(events) => events,
                            None => return Ok(()),
                        },
                    };
                    for event in events {
                        redraw |= app.handle_event(event);
                    }
                }
            }
        }
        if Instant::now() >= next_tick {
            next_tick = Instant::now() + TICK;
            redraw |= app.tick(Instant::now());
            if let Some(Ok(verdict)) = check.map(|c| c.try_recv()) {
                app.on_quick_check(verdict);
                redraw = true;
            }
        }
    }
    Ok(())
}
