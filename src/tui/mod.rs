//! The terminal user interface: the event loop, signals and the background check.
//! State and drawing live in [`app`], [`screens`] and [`widgets`].

pub mod app;
pub mod board;
mod cash_ops;
pub mod drafts;
pub mod kiosk;
mod queue_ops;
pub mod screens;
pub mod terminal;
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

enum TerminalInput {
    Ready,
    Idle,
    HungUp,
}

/// Waits for input on the terminal ourselves instead of in crossterm: on a hung-up tty
/// (SSH dropped) crossterm's reader retries its zero-byte reads forever inside `poll`,
/// never returning to notice a signal. poll(2) reports the hang-up, and a signal
/// interrupts it, so the loop always gets back to check the stop flag.
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
    if ready > 0 {
        TerminalInput::Ready
    } else {
        TerminalInput::Idle
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
    let mut next_tick = Instant::now() + TICK;
    while !app.wants_quit() && !stop.load(Ordering::Relaxed) {
        if resized.swap(false, Ordering::Relaxed) {
            terminal.autoresize().wrap_err("resizing the screen")?;
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
                // Drain what arrived; crossterm only ever sees a live terminal.
                while matches!(event::poll(Duration::ZERO), Ok(true)) {
                    match event::read() {
                        Ok(ev) => redraw |= app.handle_event(ev),
                        Err(_) => return Ok(()),
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
