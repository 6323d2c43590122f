//! The counter app driven in-process, as every TUI test file does: the events a terminal
//! sends go to `App::handle_event`, frames are drawn on a `TestBackend`.

use std::path::PathBuf;
use std::time::Duration;

use gasdesk::db::Store;
use gasdesk::i18n::Lang;
use gasdesk::keymap::Keymap;
use gasdesk::tui::app::{App, Clock};
use gasdesk::tui::screens::Screen;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

/// The seed of every TUI test's demo database, so snapshots see the same accounts.
pub const DEMO_SEED: u64 = 20261128;

pub struct Driver {
    pub app: App,
    term: Terminal<TestBackend>,
    /// The database file, for a second store standing in for another process.
    pub path: PathBuf,
    pub dir: TempDir,
}

impl Driver {
    /// A fresh 300-account demo database of its own (0.1 s; logins count failures, so
    /// tests do not share one), the app on the login screen at 80x24.
    pub fn demo(lang: Lang, clock: Clock) -> Driver {
        Driver::demo_sized(lang, clock, 80, 24)
    }

    pub fn demo_sized(lang: Lang, clock: Clock, width: u16, height: u16) -> Driver {
        Driver::build(lang, clock, (width, height), |_| {})
    }

    /// As [`Driver::demo`], with the app's store changed by `prepare` before the app
    /// starts (made read-only, say).
    pub fn demo_prepared(lang: Lang, clock: Clock, prepare: impl FnOnce(&mut Store)) -> Driver {
        Driver::build(lang, clock, (80, 24), prepare)
    }

    fn build(
        lang: Lang,
        clock: Clock,
        (width, height): (u16, u16),
        prepare: impl FnOnce(&mut Store),
    ) -> Driver {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("demo.sqlite");
        gasdesk::demo::build(&path, DEMO_SEED, 300, clock.now(), &mut |_| {}).expect("demo build");
        let mut store = Store::open(&path).expect("open demo");
        prepare(&mut store);
        let app = App::new(
            store,
            Keymap::builtin(),
            lang,
            None,
            Duration::from_secs(300),
            clock,
        );
        Driver {
            app,
            term: Terminal::new(TestBackend::new(width, height)).expect("test terminal"),
            path,
            dir,
        }
    }

    /// The app at 80x24 on the database `path` (in `dir`, kept while the driver lives).
    pub fn open(lang: Lang, clock: Clock, dir: TempDir, path: PathBuf) -> Driver {
        let store = Store::open(&path).expect("open demo");
        let app = App::new(
            store,
            Keymap::builtin(),
            lang,
            None,
            Duration::from_secs(300),
            clock,
        );
        Driver {
            app,
            term: Terminal::new(TestBackend::new(80, 24)).expect("test terminal"),
            path,
            dir,
        }
    }

    /// A new session on the same file, the old one gone (as after a dropped SSH link).
    pub fn new_session(self, lang: Lang, clock: Clock) -> Driver {
        let Driver {
            app,
            term,
            path,
            dir,
        } = self;
        drop(app);
        let app = App::new(
            Store::open(&path).expect("reopen"),
            Keymap::builtin(),
            lang,
            None,
            Duration::from_secs(300),
            clock,
        );
        Driver {
            app,
            term,
            path,
            dir,
        }
    }

    /// Another connection to the same file, as another process would have.
    pub fn other_store(&self) -> Store {
        Store::open(&self.path).expect("open demo (other)")
    }

    pub fn key(&mut self, code: KeyCode) {
        self.app
            .handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.app.handle_event(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    /// Each character as a key press (letters are commands outside a form).
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.app.handle_event(Event::Paste(text.to_string()));
    }

    /// Types a staff number and PIN on the login screen and presses Enter.
    pub fn try_login(&mut self, staff_no: &str, pin: &str) {
        self.keys(staff_no);
        self.key(KeyCode::Tab);
        self.keys(pin);
        self.key(KeyCode::Enter);
    }

    /// Logs a demo staff member in; the home screen must follow.
    pub fn login(&mut self, staff_no: &str) {
        self.try_login(staff_no, gasdesk::demo::DEMO_PIN);
        assert!(
            matches!(self.app.screen(), Screen::Home(_)),
            "demo login {staff_no} failed: {:?}",
            self.app.message
        );
    }

    /// Draws a frame and returns its text; no wide character may be half overwritten.
    pub fn draw(&mut self) -> String {
        let app = &self.app;
        let frame = self.term.draw(|f| app.render(f)).expect("draw");
        let overwritten = super::half_overwritten(frame.buffer);
        let text = super::screen_text(self.term.backend().buffer());
        assert!(
            overwritten.is_empty(),
            "drawn over half a wide character at {overwritten:?}:\n{text}"
        );
        text
    }

    /// [`Driver::draw`] on a cleared terminal, as after a resize. A `TestBackend` keeps
    /// the cell to the right of a wide character it was sent from frames before (a
    /// terminal overwrites it with the wide character), and a later frame that does not
    /// change that cell leaves the old text visible in the buffer only.
    pub fn redraw(&mut self) -> String {
        self.term.clear().expect("clear");
        self.draw()
    }

    pub fn buffer(&self) -> &Buffer {
        self.term.backend().buffer()
    }

    /// The status-line message, or "" when there is none.
    pub fn message(&self) -> String {
        self.app
            .message
            .as_ref()
            .map(|(m, _)| m.clone())
            .unwrap_or_default()
    }
}
