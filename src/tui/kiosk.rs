//! `gasdesk kiosk`: the ticket dispenser at an office's entrance. No login: it issues
//! tickets as the kiosk actor and nothing else. One key per service (its letter, or its
//! position 1…9), the keymap's `priority` key for the priority lane, and the ticket shown
//! in block digits until the next key or a few seconds pass. The waiting counts on the
//! menu are re-read only when another process has committed (`PRAGMA data_version`).

use std::cell::Cell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::clock::Clock;
use crate::db::Store;
use crate::db::office::Office;
use crate::db::queue::{self as q, IssueRequest, Issued, QueueError, kiosk_actor};
use crate::domain::queue::slip::{SlipInput, slip_lines};
use crate::domain::queue::{QueueRules, builtin_rules};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized};
use crate::keymap::{Action, KeyChord, Keymap, Scope};
use crate::spool::write_spool;

use super::screens::panel;
use super::widgets::big_text::{self, BigText, SCALES};
use super::widgets::chrome::{self, MinuteWatch, Severity, Status};

/// How long things stay on the kiosk's screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KioskTiming {
    /// The ticket goes back to the menu after this.
    pub show_ticket: Duration,
    /// Keys right after a ticket appears are ignored: a double press must not hide it.
    pub ignore_keys: Duration,
    /// A priority choice nobody followed with a service is forgotten after this, so the
    /// next customer does not inherit it.
    pub priority_reset: Duration,
    /// An error stays this long (or until the next key).
    pub message: Duration,
}

impl Default for KioskTiming {
    fn default() -> Self {
        KioskTiming {
            show_ticket: Duration::from_secs(8),
            ignore_keys: Duration::from_millis(1500),
            priority_reset: Duration::from_secs(30),
            message: Duration::from_secs(10),
        }
    }
}

/// A service on the menu with its queue now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLine {
    pub letter: char,
    pub name: String,
    pub waiting: usize,
    pub minutes: i64,
}

/// A ticket on the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub issued: Issued,
    /// The slip reached the spool folder.
    pub printed: bool,
    pub at: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Menu,
    Ticket(Box<Shown>),
}

pub struct Kiosk {
    store: Store,
    keymap: Keymap,
    lang: Lang,
    rules: QueueRules,
    office: Office,
    clock: Clock,
    spool: Option<PathBuf>,
    pub timing: KioskTiming,
    priority: bool,
    view: View,
    lines: Vec<ServiceLine>,
    /// Today's business day when a manager has closed it: no tickets until tomorrow.
    closed: Option<chrono::NaiveDate>,
    version: Option<i64>,
    message: Option<(String, Severity)>,
    message_at: Instant,
    last_key: Instant,
    minute: MinuteWatch,
    /// The size of the last frame: keys do nothing while the screen is too small to show
    /// the ticket they would issue.
    drawn: Cell<Option<Rect>>,
    quit: bool,
}

impl Kiosk {
    /// A kiosk for `office_id`; refuses an office that does not exist. Prints nothing
    /// until [`Kiosk::with_spool`] names a folder.
    pub fn new(
        store: Store,
        keymap: Keymap,
        lang: Lang,
        office_id: i64,
        clock: Clock,
    ) -> Result<Kiosk, QueueError> {
        let mut store = store;
        store.set_clock(clock);
        let office = crate::db::office::get(&store, office_id)?
            .ok_or(QueueError::UnknownOffice(office_id))?;
        let now = Instant::now();
        let mut kiosk = Kiosk {
            store,
            keymap,
            lang,
            rules: builtin_rules(),
            office,
            clock,
            spool: None,
            timing: KioskTiming::default(),
            priority: false,
            view: View::Menu,
            lines: Vec::new(),
            closed: None,
            version: None,
            message: None,
            message_at: now,
            last_key: now,
            minute: MinuteWatch::default(),
            drawn: Cell::new(None),
            quit: false,
        };
        kiosk.minute = MinuteWatch::new(kiosk.rules.local(kiosk.clock.now()));
        kiosk.version = kiosk.store.data_version().ok();
        kiosk.refresh(now);
        Ok(kiosk)
    }

    /// Writes each ticket's slip to `dir` for the printer daemon.
    pub fn with_spool(mut self, dir: Option<PathBuf>) -> Kiosk {
        self.spool = dir;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn priority(&self) -> bool {
        self.priority
    }

    pub fn view(&self) -> &View {
        &self.view
    }

    pub fn lines(&self) -> &[ServiceLine] {
        &self.lines
    }

    /// Today's closed business day, if the day has been closed.
    pub fn closed(&self) -> Option<chrono::NaiveDate> {
        self.closed
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_ref().map(|(m, _)| m.as_str())
    }

    fn error(&mut self, text: String, now: Instant) {
        self.message = Some((text, Severity::Error));
        self.message_at = now;
    }

    /// Re-reads the waiting counts and estimates of every service.
    fn refresh(&mut self, now: Instant) {
        let read: Result<Vec<ServiceLine>, QueueError> = self
            .rules
            .services
            .iter()
            .map(|s| {
                let e = q::estimate_wait(&self.store, &self.rules, self.office.id, s.letter)?;
                Ok(ServiceLine {
                    letter: s.letter,
                    name: sanitize(s.name(self.lang)).into_owned(),
                    waiting: e.ahead,
                    minutes: e.minutes,
                })
            })
            .collect();
        match read {
            Ok(lines) => self.lines = lines,
            Err(e) => self.error(e.localized(self.lang), now),
        }
        match q::closed_today(&self.store, &self.rules, self.office.id, self.clock.now()) {
            Ok(closed) => self.closed = closed.map(|d| d.day),
            Err(e) => self.error(e.localized(self.lang), now),
        }
    }

    /// The service a key takes a ticket for: its letter in either case, or its position.
    fn service_for(&self, chord: &KeyChord) -> Option<char> {
        if !chord.is_text() {
            return None;
        }
        let ratatui::crossterm::event::KeyCode::Char(c) = chord.code() else {
            return None;
        };
        let letter = c.to_ascii_uppercase();
        if let Some(s) = self.rules.service(letter) {
            return Some(s.letter);
        }
        let position = c.to_digit(10)? as usize;
        (1..=9)
            .contains(&position)
            .then(|| self.rules.services.get(position - 1).map(|s| s.letter))
            .flatten()
    }

    fn on_key(&mut self, key: &KeyEvent, now: Instant) -> bool {
        let chord = KeyChord::from_event(key);
        let action = self.keymap.action(Scope::Kiosk, &chord);
        if action == Some(Action::Quit) {
            self.quit = true;
            return true;
        }
        if self.drawn.get().is_some_and(chrome::is_too_small) {
            return false;
        }
        self.last_key = now;
        if let View::Ticket(shown) = &self.view {
            if now.duration_since(shown.at) < self.timing.ignore_keys {
                return false;
            }
            self.view = View::Menu;
            return true;
        }
        self.message = None;
        // A closed day takes no tickets: the screen says so, keys do nothing.
        if self.closed.is_some() {
            return false;
        }
        if action == Some(Action::Priority) {
            self.priority = !self.priority;
        } else if let Some(letter) = self.service_for(&chord) {
            self.take(letter, now);
        }
        true
    }

    /// Issues one ticket for `letter` and shows it.
    fn take(&mut self, letter: char, now: Instant) {
        let req = IssueRequest {
            office_id: self.office.id,
            service: letter,
            priority: self.priority,
            ..Default::default()
        };
        let actor = kiosk_actor(self.office.id);
        match q::issue(&mut self.store, &actor, &self.rules, &req, self.clock.now()) {
            Ok(issued) => {
                self.priority = false;
                let printed = self.print(&issued, now);
                self.view = View::Ticket(Box::new(Shown {
                    issued,
                    printed,
                    at: now,
                }));
                // Our own commit does not move data_version: re-read now.
                self.refresh(now);
            }
            Err(e) => self.error(e.localized(self.lang), now),
        }
    }

    /// Writes the slip for the printer; a failure is shown but the ticket stands.
    fn print(&mut self, issued: &Issued, now: Instant) -> bool {
        let Some(dir) = self.spool.clone() else {
            return false;
        };
        let Some(service) = self.rules.service(issued.ticket.service) else {
            return false;
        };
        let lines = slip_lines(
            &SlipInput {
                office_name: self.office.name(self.lang),
                number: &issued.ticket.number,
                service,
                priority: issued.ticket.priority,
                estimate: issued.estimate,
                issued_at: issued.ticket.issued_at,
            },
            &self.rules,
            self.lang,
        );
        let stem = format!(
            "ticket-{}-{}-{}",
            self.office.id,
            issued.day.day,
            sanitize(&issued.ticket.number)
        );
        match write_spool(&self.store, &dir, &stem, &lines.join("\n")) {
            Ok(_) => true,
            Err(e) => {
                let text = i18n::Q_TICKET_SPOOL_FAILED
                    .fill(self.lang, &[("path", &dir.display()), ("reason", &e)]);
                self.error(text, now);
                false
            }
        }
    }

    /// Handles one terminal event; returns whether to redraw.
    pub fn handle_event(&mut self, event: Event) -> bool {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                self.on_key(&key, Instant::now())
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    /// The ticket's timeout, the priority reset, the clock and other kiosks' tickets.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut redraw = false;
        if let View::Ticket(shown) = &self.view
            && now.duration_since(shown.at) >= self.timing.show_ticket
        {
            self.view = View::Menu;
            redraw = true;
        }
        if self.priority && now.duration_since(self.last_key) >= self.timing.priority_reset {
            self.priority = false;
            redraw = true;
        }
        if self.message.is_some() && now.duration_since(self.message_at) >= self.timing.message {
            self.message = None;
            redraw = true;
        }
        match self.store.data_version() {
            Ok(v) if self.version != Some(v) => {
                self.version = Some(v);
                self.refresh(now);
                redraw = true;
            }
            Ok(_) => {}
            Err(e) => {
                self.error(e.localized(self.lang), now);
                redraw = true;
            }
        }
        if self.minute.moved(self.rules.local(self.clock.now())) {
            self.refresh(now);
            redraw = true;
        }
        redraw
    }

    fn status(&self) -> Status {
        Status::office_display(
            sanitize(self.office.name(self.lang)).into_owned(),
            self.rules.local(self.clock.now()),
            self.store.is_demo(),
            self.store.read_only().is_some(),
        )
    }

    fn priority_keys(&self) -> String {
        self.keymap
            .keys_in(&[Scope::Kiosk], Action::Priority)
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(i18n::FD_OR.get(self.lang))
    }

    pub fn render(&self, frame: &mut Frame<'_>) {
        self.drawn.set(Some(frame.area()));
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
        match &self.view {
            View::Menu => self.render_menu(frame, body),
            View::Ticket(shown) => self.render_ticket(frame, body, shown),
        }
        chrome::message_line(frame, message_row, self.message.as_ref());
        // A customer-facing screen does not advertise quitting: staff know F10.
        let offered: &[Action] = if self.closed.is_some() {
            &[]
        } else {
            &[Action::Priority]
        };
        let hints = chrome::hints(&self.keymap, &[Scope::Kiosk], offered, self.lang);
        chrome::footer(frame, footer_row, &hints);
    }

    fn render_menu(&self, frame: &mut Frame<'_>, area: Rect) {
        let lang = self.lang;
        if self.closed.is_some() {
            frame.render_widget(
                Paragraph::new(i18n::QD_KIOSK_DAY_CLOSED.get(lang))
                    .alignment(Alignment::Center)
                    .style(Style::default().add_modifier(Modifier::BOLD))
                    .block(Block::default().borders(Borders::ALL)),
                Rect {
                    y: area.y + area.height / 2 - 1,
                    height: 3,
                    ..area
                },
            );
            return;
        }
        let [title, grid, priority] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(5),
            Constraint::Length(3),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(i18n::FD_KIOSK_WELCOME.get(lang))
                .alignment(Alignment::Center)
                .style(Style::default().add_modifier(Modifier::BOLD)),
            Rect { height: 1, ..title },
        );
        let columns = if self.lines.len() > 1 { 2 } else { 1 };
        let rows = self.lines.len().div_ceil(columns).max(1);
        let row_areas = Layout::vertical(vec![Constraint::Ratio(1, rows as u32); rows]).split(grid);
        for (i, line) in self.lines.iter().enumerate() {
            let cells = Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns])
                .split(row_areas[i / columns]);
            self.render_card(frame, cells[i % columns], i, line);
        }
        let key = self.priority_keys();
        let (text, style) = if self.priority {
            (
                i18n::FD_KIOSK_PRIORITY_ON.fill(lang, &[("key", &key)]),
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            )
        } else {
            (
                i18n::FD_KIOSK_PRIORITY_OFF.fill(lang, &[("key", &key)]),
                Style::default(),
            )
        };
        frame.render_widget(
            Paragraph::new(text)
                .alignment(Alignment::Center)
                .style(style)
                .block(Block::default().borders(Borders::ALL).style(style)),
            priority,
        );
    }

    fn render_card(&self, frame: &mut Frame<'_>, area: Rect, index: usize, line: &ServiceLine) {
        let lang = self.lang;
        let block = Block::default().borders(Borders::ALL);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let letter = line.letter.to_string();
        // The letter takes up to a third of the card; the words need the rest.
        let scale = big_text::fit(&letter, inner.width / 3, inner.height, SCALES[3]);
        let left_width = scale.map_or(4, |s| big_text::measure(&letter, s).0 + 4);
        let big = BigText::new(&letter)
            .max_scale(scale.unwrap_or(SCALES[0]))
            .style(Style::default().add_modifier(Modifier::BOLD));
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_width), Constraint::Min(1)]).areas(inner);
        frame.render_widget(big, left);
        let mut keys = vec![letter.clone()];
        if index < 9 {
            keys.push((index + 1).to_string());
        }
        let keys = keys.join(i18n::FD_OR.get(lang));
        let text = vec![
            Line::from(line.name.clone()).style(Style::default().add_modifier(Modifier::BOLD)),
            Line::from(""),
            Line::from(i18n::FD_KIOSK_KEYS.fill(lang, &[("keys", &keys)])),
            Line::from(i18n::FD_KIOSK_WAITING.fill(
                lang,
                &[("waiting", &line.waiting), ("minutes", &line.minutes)],
            )),
        ];
        let top = right.y + right.height.saturating_sub(text.len() as u16) / 2;
        let text_area = Rect {
            y: top,
            height: right.height.saturating_sub(top - right.y),
            ..right
        };
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            text_area,
        );
    }

    fn render_ticket(&self, frame: &mut Frame<'_>, area: Rect, shown: &Shown) {
        let lang = self.lang;
        let ticket = &shown.issued.ticket;
        let block = panel(i18n::FD_KIOSK_TICKET_TITLE.get(lang));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [top, number, bottom] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(1),
            Constraint::Length(7),
        ])
        .areas(inner);
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let office = sanitize(self.office.name(lang)).into_owned();
        let service = self
            .rules
            .service(ticket.service)
            .map(|s| sanitize(s.name(lang)).into_owned())
            .unwrap_or_else(|| ticket.service.to_string());
        let header = vec![
            Line::from(i18n::Q_TICKET_HEADER.fill(lang, &[("office", &office)])),
            Line::from(service).style(bold),
        ];
        frame.render_widget(Paragraph::new(header).alignment(Alignment::Center), top);
        let number_text = sanitize(&ticket.number).into_owned();
        frame.render_widget(BigText::new(&number_text).style(bold), number);
        let estimate = shown.issued.estimate;
        let at = self.rules.local(ticket.issued_at).format("%Y-%m-%d %H:%M");
        let seconds = self.timing.show_ticket.as_secs();
        let priority = if ticket.priority {
            Line::from(Span::styled(
                format!("  {}  ", i18n::Q_TICKET_PRIORITY.get(lang)),
                bold.add_modifier(Modifier::REVERSED),
            ))
        } else {
            Line::from("")
        };
        let printed = if shown.printed {
            i18n::FD_KIOSK_PRINTED.get(lang)
        } else {
            ""
        };
        let lines = vec![
            priority,
            Line::from(i18n::Q_TICKET_AHEAD.fill(
                lang,
                &[("ahead", &estimate.ahead), ("minutes", &estimate.minutes)],
            ))
            .style(bold),
            Line::from(i18n::FD_KIOSK_ISSUED_AT.fill(lang, &[("time", &at)])),
            Line::from(i18n::Q_TICKET_FOOTER.get(lang)),
            Line::from(printed).style(bold),
            Line::from(""),
            Line::from(i18n::FD_KIOSK_BACK.fill(lang, &[("seconds", &seconds)]))
                .style(Style::default().add_modifier(Modifier::DIM)),
        ];
        frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), bottom);
    }
}

impl super::Frontend for Kiosk {
    fn handle_event(&mut self, event: Event) -> bool {
        Kiosk::handle_event(self, event)
    }
    fn tick(&mut self, now: Instant) -> bool {
        Kiosk::tick(self, now)
    }
    fn render(&self, frame: &mut Frame<'_>) {
        Kiosk::render(self, frame)
    }
    fn wants_quit(&self) -> bool {
        self.quit
    }
}
