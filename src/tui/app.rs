//! The application: the screen stack, the session, overlays, and the only place where
//! screen commands meet the store.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};

use crate::card::{CardWriter, SimulatedCards};
pub use crate::clock::Clock;
use crate::db::staff::{LoginError, Staff};
use crate::db::{self, Actor, ReadOnlyReason, Store};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized};
use crate::keymap::{Action, KeyChord, Keymap, Scope};

use super::screens::outcome::{FormOf, Outcome, Shows};
use super::screens::{Command, Ctx, Reply, Screen, customer, help, home, login, search};
use super::widgets::chrome::{self, Severity, Status};
use super::widgets::dialog;

#[derive(Debug, Clone)]
pub struct Session {
    pub staff: Staff,
    pub actor: Actor,
    pub office: Option<db::office::Office>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    ConfirmQuit,
    /// Leaving a screen with unsubmitted input: the action waits for a yes.
    ConfirmLeave(Action),
    /// Back (Esc) on a screen or form with unsubmitted input: the key waits for a yes,
    /// then goes to the screen as if just pressed (a sub-form closes, a form is left).
    ConfirmBack(KeyEvent),
    /// Idle lock: the screen is hidden until the same staff member's PIN is entered.
    Locked(login::Login),
}

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub store: Store,
    pub session: Option<Session>,
    /// The screen stack; the last is shown. Never empty.
    pub stack: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub message: Option<(String, Severity)>,
    pub quit: bool,
    pub counter: Option<i64>,
    /// The one clock, shared with the store (see [`App::set_clock`]).
    pub(crate) clock: Clock,
    pub idle_lock: Duration,
    /// Services, targets and recall limits from `data/services.toml`.
    pub rules: crate::domain::queue::QueueRules,
    /// `PRAGMA data_version` when shared screens were last loaded.
    pub(crate) seen_version: i64,
    last_input: Instant,
    /// The screen is redrawn when the status-bar minute moves.
    minute: chrome::MinuteWatch,
    /// The counter's IC-card reader (simulated: a folder beside the database file).
    pub cards: Box<dyn CardWriter>,
    /// Where receipts go for the printer; `None` prints nothing.
    pub spool_dir: Option<std::path::PathBuf>,
}

impl App {
    pub fn new(
        store: Store,
        keymap: Keymap,
        lang: Lang,
        counter: Option<i64>,
        idle_lock: Duration,
        clock: Clock,
    ) -> App {
        let mut store = store;
        store.set_clock(clock);
        let cards = Box::new(SimulatedCards::new(&super::cash_ops::cards_dir(
            store.path(),
        )));
        let mut app = App {
            lang,
            keymap,
            store,
            session: None,
            stack: vec![Screen::Login(login::Login::new())],
            overlay: None,
            message: None,
            quit: false,
            counter,
            clock,
            idle_lock,
            rules: crate::domain::queue::builtin_rules(),
            seen_version: 0,
            last_input: Instant::now(),
            minute: chrome::MinuteWatch::default(),
            cards,
            spool_dir: None,
        };
        app.minute = chrome::MinuteWatch::new(app.office_time());
        if let Some(reason) = app.store.read_only().cloned() {
            app.warn_read_only(&reason);
        }
        app
    }

    /// The offices' wall time (the `utc_offset` of `data/services.toml`), the same on
    /// every screen, ticket and report whatever the server's time zone.
    pub fn office_time(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.rules.local(self.clock.now())
    }

    pub(crate) fn top(&mut self) -> &mut Screen {
        self.stack
            .last_mut()
            .expect("the screen stack is never empty")
    }

    pub fn screen(&self) -> &Screen {
        self.stack.last().expect("the screen stack is never empty")
    }

    /// Offers `outcome` to the screens, top first; whether one took it. Most outcomes
    /// stop at the first screen that takes them; a broadcast goes to every one.
    pub(crate) fn deliver(&mut self, outcome: Outcome) -> bool {
        let mut taken = false;
        for screen in self.stack.iter_mut().rev() {
            if screen.take(&outcome) {
                taken = true;
                if !outcome.is_broadcast() {
                    break;
                }
            }
        }
        taken
    }

    /// A refusal from the core: under the field of the form it concerns, or on the
    /// message line when no such form is open.
    pub(crate) fn refused(&mut self, form: FormOf, field: Option<usize>, message: String) {
        let shown = self.deliver(Outcome::Refused {
            form,
            field,
            message: message.clone(),
        });
        if !shown {
            self.error(message);
        }
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            keymap: &self.keymap,
            lang: self.lang,
            rules: &self.rules,
        }
    }

    pub(crate) fn error(&mut self, text: String) {
        self.message = Some((text, Severity::Error));
    }

    pub(crate) fn info(&mut self, text: String) {
        self.message = Some((text, Severity::Info));
    }

    fn warn_read_only(&mut self, reason: &ReadOnlyReason) {
        let text = match reason {
            ReadOnlyReason::FileNotWritable => i18n::READ_ONLY_FILE.get(self.lang).to_string(),
            ReadOnlyReason::DamageFound(detail) => {
                i18n::READ_ONLY_DAMAGE.fill(self.lang, &[("detail", detail)])
            }
        };
        self.error(text);
    }

    /// The background integrity check finished: damage turns the session read-only.
    pub fn on_quick_check(&mut self, damage: Option<String>) {
        if let Some(detail) = damage {
            let reason = ReadOnlyReason::DamageFound(detail);
            self.store.set_read_only(reason.clone());
            self.warn_read_only(&reason);
        }
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Moves the app's and the store's clock together (tests step a fixed clock).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        self.store.set_clock(clock);
    }

    /// Handles one terminal event; returns whether the screen must be redrawn.
    pub fn handle_event(&mut self, event: Event) -> bool {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                self.last_input = Instant::now();
                self.on_key(&key);
                true
            }
            Event::Paste(text) => {
                self.last_input = Instant::now();
                let reply = match &mut self.overlay {
                    Some(Overlay::Locked(lock)) => lock.on_paste(&text),
                    Some(
                        Overlay::ConfirmQuit | Overlay::ConfirmLeave(_) | Overlay::ConfirmBack(_),
                    ) => Reply::Done,
                    None => self.top().on_paste(&text),
                };
                self.on_reply(reply);
                true
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    /// Periodic work: the idle lock and the clock. Returns whether to redraw.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut redraw = false;
        if self.session.is_some()
            && self.overlay.is_none()
            && now.duration_since(self.last_input) >= self.idle_lock
        {
            self.lock();
            redraw = true;
        }
        let now = self.office_time();
        let minute_passed = self.minute.moved(now);
        redraw |= minute_passed;
        // Shared screens follow other processes' commits within a tick, and their
        // durations with the clock; nothing is queried when nothing changed.
        let shows = self.screen().shows();
        if matches!(shows, Some(Shows::Queue { .. })) && self.overlay.is_none() {
            let version = self.store.data_version().unwrap_or(self.seen_version);
            if version != self.seen_version || minute_passed {
                self.reload_queue();
                redraw = true;
            }
        }
        // The desk follows other counters' card writes and a manager's reopen, but never
        // under an open form, whose totals the clerk is reading.
        if shows == Some(Shows::Desk { form_open: false }) && self.overlay.is_none() {
            let version = self.store.data_version().unwrap_or(self.seen_version);
            if version != self.seen_version {
                self.reload_cash();
                redraw = true;
            }
        }
        redraw
    }

    pub fn lock(&mut self) {
        if let Some(session) = &self.session {
            self.overlay = Some(Overlay::Locked(login::Login::relock(
                &session.staff.staff_no,
            )));
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent) {
        self.receipt_seen();
        self.message = None;
        let ctx = Ctx {
            keymap: &self.keymap,
            lang: self.lang,
            rules: &self.rules,
        };
        match &mut self.overlay {
            Some(Overlay::ConfirmQuit) => {
                match self
                    .keymap
                    .action_in(&[Scope::Dialog], &KeyChord::from_event(key))
                {
                    Some(Action::Confirm | Action::Quit) => self.quit = true,
                    Some(Action::Cancel | Action::Back) => self.overlay = None,
                    _ => {}
                }
                return;
            }
            Some(Overlay::ConfirmLeave(pending)) => {
                let pending = *pending;
                match self
                    .keymap
                    .action_in(&[Scope::Dialog], &KeyChord::from_event(key))
                {
                    Some(Action::Confirm) => {
                        self.overlay = None;
                        self.leave(pending);
                    }
                    Some(Action::Cancel | Action::Back) => self.overlay = None,
                    _ => {}
                }
                return;
            }
            Some(Overlay::ConfirmBack(held)) => {
                let held = *held;
                match self
                    .keymap
                    .action_in(&[Scope::Dialog], &KeyChord::from_event(key))
                {
                    Some(Action::Confirm) => {
                        self.overlay = None;
                        let reply = self
                            .stack
                            .last_mut()
                            .expect("the screen stack is never empty")
                            .on_key(&ctx, &held);
                        if reply == Reply::Pass {
                            self.leave(Action::Back);
                        } else {
                            self.on_reply(reply);
                        }
                    }
                    Some(Action::Cancel | Action::Back) => self.overlay = None,
                    _ => {}
                }
                return;
            }
            Some(Overlay::Locked(lock)) => {
                let reply = lock.on_key(&ctx, key);
                // Only quitting gets past the lock; every other global key is swallowed.
                if reply == Reply::Pass
                    && self
                        .keymap
                        .action_in(&[Scope::Form], &KeyChord::from_event(key))
                        == Some(Action::Quit)
                {
                    self.quit = true;
                } else {
                    self.on_reply(reply);
                }
                return;
            }
            None => {}
        }
        if self.backs_out_of_input(key) {
            self.overlay = Some(Overlay::ConfirmBack(*key));
            return;
        }
        let screen = self
            .stack
            .last_mut()
            .expect("the screen stack is never empty");
        let reply = screen.on_key(&ctx, key);
        if reply == Reply::Pass {
            let scopes = self.screen().scopes();
            if let Some(action) = self.keymap.action_in(&scopes, &KeyChord::from_event(key)) {
                self.global(action);
            }
        } else {
            self.on_reply(reply);
        }
        self.keep_payment_draft();
    }

    fn on_reply(&mut self, reply: Reply) {
        match reply {
            Reply::Run(command) => self.execute(command),
            Reply::Refused => self.error(i18n::INPUT_REFUSED.get(self.lang).to_string()),
            Reply::Note(note, then) => {
                self.info(note.get(self.lang).to_string());
                self.on_reply(*then);
            }
            Reply::Refuse(why) => self.error(why),
            Reply::Done | Reply::Pass => {}
        }
    }

    /// A global action: navigation, help, lock, quit. Navigation that would throw away
    /// typed input asks first, as quitting does.
    pub fn global(&mut self, action: Action) {
        if self.would_discard_input(action) {
            self.overlay = Some(Overlay::ConfirmLeave(action));
            return;
        }
        self.leave(action);
    }

    /// Whether `key` is Back on a screen whose typed input it would throw away (closing a
    /// filled sub-form, or leaving a filled form). The login form is the bottom screen:
    /// Back never leaves it.
    fn backs_out_of_input(&self, key: &KeyEvent) -> bool {
        let chord = KeyChord::from_event(key);
        !chord.is_text()
            && self.screen().is_dirty()
            && !matches!(self.screen(), Screen::Login(_))
            && self.keymap.action_in(&self.screen().scopes(), &chord) == Some(Action::Back)
    }

    /// Whether `action` would drop a screen holding unsubmitted input.
    fn would_discard_input(&self, action: Action) -> bool {
        let dropped: &[Screen] = match action {
            Action::Back if self.stack.len() > 1 => &self.stack[self.stack.len() - 1..],
            Action::GoHome
            | Action::GoQueue
            | Action::GoSearch
            | Action::GoCash
            | Action::GoInstall
            | Action::GoTransfer
            | Action::GoCare
            | Action::GoReports
                if self.session.is_some() && !self.already_on(action) =>
            {
                &self.stack[1.min(self.stack.len())..]
            }
            _ => &[],
        };
        dropped.iter().any(Screen::is_dirty)
    }

    /// Whether `action` goes to the screen already shown (nothing is dropped).
    fn already_on(&self, action: Action) -> bool {
        matches!(
            (action, self.screen()),
            (Action::GoQueue, Screen::Queue(_))
                | (Action::GoSearch, Screen::Search(_))
                | (Action::GoCash, Screen::Cash(_))
        )
    }

    /// Carries out a global action (after any question was answered).
    fn leave(&mut self, action: Action) {
        let logged_in = self.session.is_some();
        match action {
            Action::Quit => {
                if self.stack.iter().any(Screen::is_dirty) {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.quit = true;
                }
            }
            Action::Help if !matches!(self.screen(), Screen::Help(_)) => {
                let about = self.screen().scope();
                self.stack.push(Screen::Help(help::Help::new(about)));
            }
            // The bottom screen (Home, or Login before a session) is never popped.
            Action::Back if self.stack.len() > 1 => {
                let was_transfer = matches!(self.screen(), Screen::Transfer(_));
                self.stack.pop();
                // Back on the transfer checklist from a payment or a reading over it.
                self.reload_transfer();
                // Back on a customer from the checklist opened over it: its holder, balance
                // or bills may have changed there.
                if was_transfer
                    && let Screen::Customer(c) = self.screen()
                    && let Some(view) = self.load_customer(c.detail.summary.id)
                {
                    *self.top() = view;
                }
            }
            Action::Lock if logged_in => self.lock(),
            Action::GoHome if logged_in => self.stack.truncate(1),
            Action::GoSearch if logged_in => {
                self.navigate(Screen::Search(search::Search::default()))
            }
            Action::GoQueue if logged_in => {
                if !matches!(self.screen(), Screen::Queue(_)) {
                    let now = self.clock.now();
                    let manager = self.session.as_ref().is_some_and(|s| {
                        s.actor
                            .require(crate::domain::role::Permission::Supervise)
                            .is_ok()
                    });
                    self.navigate(Screen::Queue(Box::new(
                        super::screens::queue::QueueScreen::new(now).for_manager(manager),
                    )));
                }
                self.reload_queue();
            }
            Action::GoCash if logged_in => self.open_cash_desk(),
            Action::GoCare if logged_in => self.open_care(),
            Action::GoInstall if logged_in => self.open_install(),
            Action::GoTransfer if logged_in => self.open_transfer(),
            Action::GoReports if logged_in => self.open_reports(),
            _ => {}
        }
    }

    /// Opens a top-level screen over Home. An open search is returned to as it was,
    /// results and all, since clerks hop between a customer and the list.
    pub(crate) fn navigate(&mut self, screen: Screen) {
        let same_kind = |s: &Screen| std::mem::discriminant(s) == std::mem::discriminant(&screen);
        if let Screen::Search(_) = screen
            && let Some(open) = self.stack.iter().position(same_kind)
        {
            self.stack.truncate(open + 1);
            return;
        }
        self.stack.truncate(1);
        self.stack.push(screen);
    }

    pub(crate) fn execute(&mut self, command: Command) {
        match command {
            Command::Login { staff_no, pin } => self.login(&staff_no, &pin),
            Command::Search { query } => {
                match db::account::search(&self.store, &query, search::RESULT_LIMIT) {
                    Ok(found) => {
                        // The 关爱 mark of each row: only whether, never the file.
                        let today = self.rules.local_day(self.clock.now());
                        let ids: Vec<i64> = found.rows.iter().map(|r| r.id).collect();
                        let covered =
                            db::care::covered_among(&self.store, &ids, today).unwrap_or_default();
                        let care = ids.iter().map(|id| covered.contains(id)).collect();
                        self.deliver(Outcome::Found {
                            rows: found.rows,
                            kinds: found.kinds,
                            care,
                        });
                    }
                    Err(e) => self.error(e.localized(self.lang)),
                }
            }
            Command::OpenAccount { id } => {
                if let Some(screen) = self.load_customer(id) {
                    self.stack.push(screen);
                }
            }
            Command::RefreshAccount { id } => {
                if let Some(screen) = self.load_customer(id) {
                    *self.top() = screen;
                    self.info(i18n::REFRESHED.get(self.lang).to_string());
                }
            }
            Command::Global(action) => self.global(action),
            Command::Queue(command) => self.execute_queue(command),
            Command::Care(command) => self.execute_care(command),
            Command::Install(command) => self.execute_install(command),
            Command::Transfer(command) => self.execute_transfer(command),
            Command::Report(command) => self.execute_report(command),
            Command::Cash(command) => {
                let paying = match &command {
                    super::screens::cash_command::CashCommand::OpenPayment { account_id } => {
                        Some(*account_id)
                    }
                    _ => None,
                };
                self.execute_cash(command);
                // From the customer of the ticket at the counter: the open bills ticked.
                if let Some(account_id) = paying {
                    self.paying_for_ticket(account_id);
                }
            }
        }
    }

    pub(crate) fn load_customer(&mut self, id: i64) -> Option<Screen> {
        let loaded = db::account::get(&self.store, id).and_then(|detail| match detail {
            Some(detail) => {
                let activity =
                    db::audit::for_entity(&self.store, "account", &detail.summary.account_no)?;
                Ok(Some((detail, activity)))
            }
            None => Ok(None),
        });
        match loaded {
            Ok(Some((detail, mut activity))) => {
                activity.reverse();
                activity.truncate(20);
                let money = db::cash::account_money(&self.store, id).ok();
                let care = db::care::marker_for_account(
                    &self.store,
                    id,
                    crate::domain::care::CareRules::builtin(),
                    self.lang,
                    self.rules.local_day(self.clock.now()),
                )
                .ok()
                .flatten();
                Some(Screen::Customer(Box::new(customer::Customer {
                    detail,
                    activity,
                    money,
                    receipt_cursor: None,
                    care,
                })))
            }
            Ok(None) => {
                self.error(i18n::ACCOUNT_GONE.get(self.lang).to_string());
                None
            }
            Err(e) => {
                self.error(e.localized(self.lang));
                None
            }
        }
    }

    fn login(&mut self, staff_no: &str, pin: &str) {
        let unlocking = matches!(self.overlay, Some(Overlay::Locked(_)));
        match db::staff::authenticate(&mut self.store, staff_no, pin, self.clock.now()) {
            Ok(staff) => {
                let actor = staff.actor(self.counter);
                let office = db::office::get(&self.store, staff.office_id).ok().flatten();
                let name = sanitize(&staff.name).into_owned();
                self.session = Some(Session {
                    staff,
                    actor,
                    office,
                });
                self.overlay = None;
                if !unlocking {
                    self.stack = vec![Screen::Home(home::Home::default())];
                    self.info(i18n::WELCOME.fill(self.lang, &[("name", &name)]));
                }
            }
            Err(e) => {
                let text = e.localized(self.lang);
                if unlocking && matches!(e, LoginError::Locked { .. }) {
                    // Locked out at the lock screen: end the session entirely.
                    self.session = None;
                    self.overlay = None;
                    self.stack = vec![Screen::Login(login::Login::new())];
                    self.error(text);
                    return;
                }
                match &mut self.overlay {
                    Some(Overlay::Locked(lock)) => lock.fail(text),
                    _ => self.refused(FormOf::Login, None, text),
                }
            }
        }
    }

    fn status(&self) -> Status {
        let lang = self.lang;
        let now = self.office_time();
        let session = self.session.as_ref();
        let locked = matches!(self.overlay, Some(Overlay::Locked(_)));
        Status {
            office: session
                .and_then(|s| s.office.as_ref())
                .map(|o| sanitize(o.name(lang)).into_owned()),
            counter: session.and_then(|s| s.actor.counter_no),
            staff: session.filter(|_| !locked).map(|s| {
                let no = sanitize(&s.staff.staff_no);
                let name = sanitize(&s.staff.name);
                let role = s.staff.role.label().get(lang);
                // Full-width brackets are Chinese punctuation; English takes ASCII ones,
                // which also leaves room for the role on an 80-column status bar.
                match lang {
                    Lang::Zh => format!("{no} {name}（{role}）"),
                    Lang::En => format!("{no} {name} ({role})"),
                }
            }),
            business_date: now.format("%Y-%m-%d").to_string(),
            clock: now.format("%H:%M").to_string(),
            demo: self.store.is_demo(),
            read_only: self.store.read_only().is_some(),
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>) {
        let Some(chrome::ScreenRows {
            status: status_row,
            body,
            message: message_row,
            footer: footer_row,
        }) = chrome::screen_rows(frame, self.lang, self.message.as_ref())
        else {
            return;
        };
        chrome::status_bar(frame, status_row, &self.status(), self.lang);
        let ctx = self.ctx();
        match &self.overlay {
            Some(Overlay::Locked(lock)) => {
                lock.render(frame, body, &ctx);
                let hints = chrome::hints(
                    &self.keymap,
                    &[Scope::Form],
                    &[Action::Submit, Action::Quit],
                    self.lang,
                );
                chrome::footer(frame, footer_row, &hints);
            }
            other => {
                self.screen().render(frame, body, &ctx);
                // Under a question the footer offers the question's keys, not the form's:
                // Enter there answers it.
                let hints = if other.is_some() {
                    chrome::hints(
                        &self.keymap,
                        &[Scope::Dialog],
                        &[Action::Confirm, Action::Cancel],
                        self.lang,
                    )
                } else {
                    chrome::hints(
                        &self.keymap,
                        &self.screen().scopes(),
                        self.screen().footer_actions(),
                        self.lang,
                    )
                };
                chrome::footer(frame, footer_row, &hints);
                let question = match other {
                    Some(Overlay::ConfirmQuit) => Some((i18n::QUIT_TITLE, i18n::QUIT_UNSAVED)),
                    Some(Overlay::ConfirmLeave(_) | Overlay::ConfirmBack(_)) => {
                        Some((i18n::LEAVE_TITLE, i18n::LEAVE_UNSAVED))
                    }
                    _ => None,
                };
                if let Some((title, why)) = question {
                    let hint = chrome::hints(
                        &self.keymap,
                        &[Scope::Dialog],
                        &[Action::Confirm, Action::Cancel],
                        self.lang,
                    )
                    .into_iter()
                    .map(|(k, l)| format!("{k} {l}"))
                    .collect::<Vec<_>>()
                    .join("   ");
                    dialog::render(
                        frame,
                        body,
                        title.get(self.lang),
                        &[why.get(self.lang).to_string()],
                        &hint,
                    );
                }
            }
        }
        chrome::message_line(frame, message_row, self.message.as_ref());
    }
}
