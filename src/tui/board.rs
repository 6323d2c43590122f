//! `gasdesk board`: the wall display of an office. Read-only, no login. It shows the
//! number being called now in block digits on a reversed plate, the last few calls with
//! their counters and the waiting count of each service.
//!
//! It notices other processes' commits through `PRAGMA data_version`, read on every tick
//! (250 ms): a counter on this connection that only moves when another connection
//! commits. The board is re-queried only then, so a quiet office costs one pragma a tick,
//! and a call anywhere shows within a tick. Its state is replaced, never appended to, so
//! it can run for days.

use std::time::Instant;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyEventKind};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::db::Store;
use crate::db::office::Office;
use crate::db::queue::{self as q, Board, BoardCall, QueueError};
use crate::domain::queue::{EventKind, QueueRules, builtin_rules};
use crate::domain::text::{display_width, sanitize, truncate_to_width};
use crate::i18n::{self, Lang, Localized};
use crate::keymap::{Action, KeyChord, Keymap, Scope};

use super::widgets::big_text::{self, BigText, SCALES, Scale};
use super::widgets::chrome::{self, MinuteWatch, Severity, Status};
use crate::clock::Clock;

/// Calls shown besides the current one.
pub const RECENT: usize = 6;

pub struct DisplayBoard {
    store: Store,
    keymap: Keymap,
    lang: Lang,
    rules: QueueRules,
    office: Office,
    clock: Clock,
    data: Board,
    /// Today's business day when a manager has closed it (and none is open).
    closed: Option<chrono::NaiveDate>,
    version: Option<i64>,
    queries: u64,
    error: Option<String>,
    minute: MinuteWatch,
    quit: bool,
}

impl DisplayBoard {
    /// A board for `office_id`; refuses an office that does not exist.
    pub fn new(
        store: Store,
        keymap: Keymap,
        lang: Lang,
        office_id: i64,
        clock: Clock,
    ) -> Result<DisplayBoard, QueueError> {
        let office = crate::db::office::get(&store, office_id)?
            .ok_or(QueueError::UnknownOffice(office_id))?;
        let rules = builtin_rules();
        let mut board = DisplayBoard {
            data: Board {
                day: None,
                calls: Vec::new(),
                waiting: Vec::new(),
            },
            closed: None,
            store,
            keymap,
            lang,
            rules,
            office,
            clock,
            version: None,
            queries: 0,
            error: None,
            minute: MinuteWatch::default(),
            quit: false,
        };
        board.minute = MinuteWatch::new(board.rules.local(board.clock.now()));
        board.check_for_changes();
        Ok(board)
    }

    /// What the board shows now.
    pub fn data(&self) -> &Board {
        &self.data
    }

    /// How many times the board has been read from the store: it moves only when another
    /// connection committed.
    pub fn queries(&self) -> u64 {
        self.queries
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Re-reads the board if another connection committed since the last read. The
    /// version is taken before the query, so a commit that lands in between is read again
    /// on the next tick rather than missed. Returns whether anything was read.
    fn check_for_changes(&mut self) -> bool {
        match self.store.data_version() {
            Ok(v) if self.version == Some(v) => false,
            Ok(v) => {
                self.queries += 1;
                match q::board(&self.store, &self.rules, self.office.id, RECENT + 1) {
                    Ok(mut data) => {
                        // The query may hand over a larger allocation than it fills.
                        data.calls.shrink_to_fit();
                        data.waiting.shrink_to_fit();
                        self.version = Some(v);
                        self.data = data;
                        self.error = None;
                        self.read_closed();
                    }
                    Err(e) => self.fail(&e),
                }
                true
            }
            Err(e) => {
                self.fail(&QueueError::Db(e));
                true
            }
        }
    }

    /// Whether today's day is closed: read with the board, and again as the minute moves
    /// (a new date opens no day by itself).
    fn read_closed(&mut self) {
        self.closed = q::closed_today(&self.store, &self.rules, self.office.id, self.clock.now())
            .ok()
            .flatten()
            .map(|d| d.day);
    }

    /// Today's closed business day, if the day has been closed.
    pub fn closed(&self) -> Option<chrono::NaiveDate> {
        self.closed
    }

    fn fail(&mut self, e: &QueueError) {
        // The version stays unknown, so the next tick reads again.
        self.version = None;
        self.error = Some(
            i18n::FD_BOARD_READ_FAILED.fill(self.lang, &[("reason", &e.localized(self.lang))]),
        );
    }

    pub fn handle_event(&mut self, event: Event) -> bool {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let chord = KeyChord::from_event(&key);
                if self.keymap.action(Scope::Global, &chord) == Some(Action::Quit) {
                    self.quit = true;
                }
                self.quit
            }
            Event::Resize(..) => true,
            _ => false,
        }
    }

    pub fn tick(&mut self, _now: Instant) -> bool {
        let mut redraw = self.check_for_changes();
        if self.minute.moved(self.rules.local(self.clock.now())) {
            self.read_closed();
            redraw = true;
        }
        redraw
    }

    fn status(&self) -> Status {
        // The board never writes: a read-only file is no news to the customers.
        Status::office_display(
            sanitize(self.office.name(self.lang)).into_owned(),
            self.rules.local(self.clock.now()),
            self.store.is_demo(),
            false,
        )
    }

    pub fn render(&self, frame: &mut Frame<'_>) {
        let area = frame.area();
        if chrome::is_too_small(area) {
            chrome::too_small(frame, area, self.lang);
            return;
        }
        let message = self.error.clone().map(|e| (e, Severity::Error));
        let [status_row, body, message_row] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(chrome::message_rows(message.as_ref(), area.width)),
        ])
        .areas(area);
        chrome::status_bar(frame, status_row, &self.status(), self.lang);
        let now_height = self.now_height(body);
        let [now_area, rest] =
            Layout::vertical([Constraint::Length(now_height), Constraint::Min(1)]).areas(body);
        self.render_now(frame, now_area);
        let waiting_width = (rest.width / 4).clamp(30, 44);
        let [recent, waiting] =
            Layout::horizontal([Constraint::Min(1), Constraint::Length(waiting_width)]).areas(rest);
        self.render_recent(frame, recent);
        self.render_waiting(frame, waiting);
        chrome::message_line(frame, message_row, message.as_ref());
    }

    /// The text of the current call in block letters: `A012 → 3`.
    fn now_text(call: &BoardCall) -> String {
        format!("{} → {}", sanitize(&call.number), call.counter_no)
    }

    /// Rows of the "now calling" panel: the block text as large as fits in under half the
    /// body, a sentence under it, and the border.
    fn now_height(&self, body: Rect) -> u16 {
        let budget = (body.height * 45 / 100).saturating_sub(3).max(1);
        let big = self
            .data
            .calls
            .first()
            .and_then(|c| {
                big_text::fit(
                    &Self::now_text(c),
                    body.width.saturating_sub(4),
                    budget,
                    SCALES[SCALES.len() - 1],
                )
            })
            .map_or(big_text::FONT_HEIGHT, |s| big_text::measure("0", s).1);
        big + 3
    }

    fn render_now(&self, frame: &mut Frame<'_>, area: Rect) {
        let lang = self.lang;
        let block = Block::default().borders(Borders::ALL).title(
            Line::from(format!(" {} ", i18n::FD_BOARD_NOW.get(lang)))
                .style(Style::default().add_modifier(Modifier::BOLD)),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [big_area, sentence] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let Some(call) = self.data.calls.first() else {
            let text = if self.closed.is_some() {
                i18n::QD_BOARD_DAY_CLOSED
            } else if self.data.day.is_none() {
                i18n::FD_BOARD_NO_DAY
            } else {
                i18n::FD_BOARD_NONE
            };
            frame.render_widget(
                Paragraph::new(text.get(lang))
                    .alignment(Alignment::Center)
                    .style(bold),
                Rect {
                    y: big_area.y + big_area.height / 2,
                    height: 1,
                    ..big_area
                },
            );
            return;
        };
        let text = Self::now_text(call);
        let highlight = bold.add_modifier(Modifier::REVERSED);
        let big = BigText::new(&text).style(highlight);
        let plate_area = Rect {
            x: big_area.x + 1,
            width: big_area.width.saturating_sub(2),
            ..big_area
        };
        match big.scale_in(plate_area) {
            Some(scale) => {
                // A margin of one pixel around the letters, on the same reversed plate.
                let (w, h) = big_text::measure(&text, scale);
                let plate = centre(plate_area, w + 2 * scale.x, h);
                frame.buffer_mut().set_style(plate, highlight);
                frame.render_widget(big.max_scale(scale), plate);
            }
            None => frame.render_widget(big, plate_area),
        }
        let counter: &dyn std::fmt::Display = &call.counter_no;
        let number = sanitize(&call.number);
        let line = if call.kind == EventKind::Recalled {
            i18n::FD_BOARD_RECALL
        } else {
            i18n::FD_BOARD_CALL
        };
        frame.render_widget(
            Paragraph::new(line.fill(lang, &[("number", &number), ("counter", counter)]))
                .alignment(Alignment::Center)
                .style(bold),
            sentence,
        );
    }

    fn render_recent(&self, frame: &mut Frame<'_>, area: Rect) {
        let lang = self.lang;
        let block = Block::default().borders(Borders::ALL).title(
            Line::from(format!(" {} ", i18n::FD_BOARD_RECENT.get(lang)))
                .style(Style::default().add_modifier(Modifier::BOLD)),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let calls: Vec<&BoardCall> = self.data.calls.iter().skip(1).take(RECENT).collect();
        match recent_grid(inner) {
            Some((columns, rows, scale)) => {
                let row_areas =
                    Layout::vertical(vec![Constraint::Ratio(1, rows as u32); rows]).split(inner);
                for (i, call) in calls.iter().enumerate() {
                    let cells =
                        Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns])
                            .split(row_areas[i / columns]);
                    self.render_recent_cell(frame, cells[i % columns], call, scale);
                }
            }
            None => {
                let spacing = if inner.height as usize >= 2 * RECENT - 1 {
                    2
                } else {
                    1
                };
                let mut lines = Vec::new();
                for call in calls {
                    if spacing == 2 && !lines.is_empty() {
                        lines.push(Line::from(""));
                    }
                    lines.push(self.recent_line(call));
                }
                frame.render_widget(Paragraph::new(lines), inner);
            }
        }
    }

    fn recent_line(&self, call: &BoardCall) -> Line<'static> {
        let number = sanitize(&call.number).into_owned();
        let counter = i18n::FD_BOARD_COUNTER.fill(self.lang, &[("counter", &call.counter_no)]);
        let at = self.rules.local(call.at).format("%H:%M").to_string();
        let pad = 8usize.saturating_sub(display_width(&number));
        Line::from(vec![
            Span::raw("  "),
            Span::styled(
                format!("{number}{}", " ".repeat(pad)),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("{counter}   "),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(at, Style::default().add_modifier(Modifier::DIM)),
        ])
    }

    fn render_recent_cell(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        call: &BoardCall,
        scale: Scale,
    ) {
        let [big, label] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let number = sanitize(&call.number).into_owned();
        frame.render_widget(
            BigText::new(&number)
                .max_scale(scale)
                .style(Style::default().add_modifier(Modifier::BOLD)),
            big,
        );
        let counter = i18n::FD_BOARD_COUNTER.fill(self.lang, &[("counter", &call.counter_no)]);
        frame.render_widget(
            Paragraph::new(counter)
                .alignment(Alignment::Center)
                .style(Style::default().add_modifier(Modifier::BOLD)),
            label,
        );
    }

    fn render_waiting(&self, frame: &mut Frame<'_>, area: Rect) {
        let lang = self.lang;
        let block = Block::default().borders(Borders::ALL).title(
            Line::from(format!(" {} ", i18n::FD_BOARD_WAITING.get(lang)))
                .style(Style::default().add_modifier(Modifier::BOLD)),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = inner.width as usize;
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let row = |label: String, count: usize, style: Style| -> Line<'static> {
            let count = i18n::FD_BOARD_PEOPLE.fill(lang, &[("count", &count)]);
            let room = width.saturating_sub(display_width(&count) + 2);
            let label = truncate_to_width(&label, room);
            let gap = width.saturating_sub(display_width(&label) + display_width(&count) + 1);
            Line::from(vec![
                Span::styled(format!(" {label}{}", " ".repeat(gap)), style),
                Span::styled(count, bold),
            ])
        };
        let rows = self.data.waiting.len() + 2;
        let spacing = inner.height as usize >= 2 * rows - 1;
        let mut lines = Vec::new();
        for s in &self.data.waiting {
            if spacing && !lines.is_empty() {
                lines.push(Line::from(""));
            }
            let name = self
                .rules
                .service(s.service)
                .map(|d| sanitize(d.name(lang)).into_owned())
                .unwrap_or_default();
            lines.push(row(
                format!("{} {name}", s.service),
                s.waiting,
                Style::default(),
            ));
        }
        let total: usize = self.data.waiting.iter().map(|s| s.waiting).sum();
        lines.push(Line::from(""));
        lines.push(row(i18n::FD_BOARD_TOTAL.get(lang).to_string(), total, bold));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// How the recent calls fit as block letters: columns, rows and the largest scale at
/// which a number and its counter line fit in every cell. `None`: one line per call.
fn recent_grid(inner: Rect) -> Option<(usize, usize, Scale)> {
    let sample = "A000";
    let mut best: Option<(usize, usize, Scale)> = None;
    for columns in 1..=3usize {
        let rows = RECENT.div_ceil(columns);
        let cell_w = inner.width / columns as u16;
        let cell_h = inner.height / rows as u16;
        let Some(scale) = big_text::fit(
            sample,
            cell_w.saturating_sub(2),
            cell_h.saturating_sub(1),
            SCALES[2],
        ) else {
            continue;
        };
        if best.is_none_or(|(_, _, b)| scale.x > b.x) {
            best = Some((columns, rows, scale));
        }
    }
    best
}

fn centre(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

impl super::Frontend for DisplayBoard {
    fn handle_event(&mut self, event: Event) -> bool {
        DisplayBoard::handle_event(self, event)
    }
    fn tick(&mut self, now: Instant) -> bool {
        DisplayBoard::tick(self, now)
    }
    fn render(&self, frame: &mut Frame<'_>) {
        DisplayBoard::render(self, frame)
    }
    fn wants_quit(&self) -> bool {
        self.quit
    }
}
