//! A receipt on screen, after a payment or from the desk's list: the printout as the
//! customer gets it (scrollable), and beside it, for a card purchase, the state of the
//! card write with its last error. Keys: write the card, reprint (补打), void (冲正),
//! and in training a simulated card failure.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::cash_command::CashCommand;
use super::{Command, Ctx, Reply, panel};
use crate::db::cash::{CardWriteRow, PaymentKey, ReceiptView};
use crate::domain::text::{sanitize, truncate_to_width};
use crate::i18n::{self, Lang};
use crate::keymap::{Action, KeyChord, Keymap, Scope};
use crate::printout::{PAPER_WIDTH, m3, receipt_text};
use crate::tui::widgets::chrome::textwrap_cells;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptScreen {
    pub view: ReceiptView,
    pub card_write: Option<CardWriteRow>,
    pub demo: bool,
    /// Shown as printed again (补打) since the screen opened.
    pub reprint: bool,
    /// Why the last card write failed, as the app reported it.
    pub card_error: Option<String>,
    /// First receipt line shown.
    pub scroll: usize,
    /// The key of the clerk's draft this receipt settles: the draft is forgotten once the
    /// clerk acts on this screen, which proves the receipt reached them.
    pub settles_draft: Option<PaymentKey>,
}

impl ReceiptScreen {
    pub fn new(view: ReceiptView, card_write: Option<CardWriteRow>, demo: bool) -> Self {
        ReceiptScreen {
            view,
            card_write,
            demo,
            reprint: false,
            card_error: None,
            scroll: 0,
            settles_draft: None,
        }
    }

    /// The screen of a payment made from the clerk's draft with `key`.
    pub fn settling(mut self, key: PaymentKey) -> Self {
        self.settles_draft = Some(key);
        self
    }

    pub fn receipt_id(&self) -> i64 {
        self.view.id
    }

    pub fn set_card_write(&mut self, row: CardWriteRow) {
        if !row.state.unfinished() {
            self.card_error = None;
        }
        self.card_write = Some(row);
    }

    /// The receipt read again (after a reprint or a void).
    pub fn set_receipt(&mut self, view: ReceiptView) {
        if view.reprints > self.view.reprints {
            self.reprint = true;
        }
        self.view = view;
    }

    pub fn set_card_error(&mut self, message: String) {
        self.card_error = Some(message);
    }

    fn write_pending(&self) -> Option<i64> {
        self.card_write
            .as_ref()
            .filter(|w| w.state.unfinished())
            .map(|w| w.id)
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let receipt_id = self.view.id;
        let command = match ctx.keymap.action(Scope::Receipt, &chord) {
            Some(Action::WriteCard) => match self.write_pending() {
                Some(card_write_id) => CashCommand::WriteCard { card_write_id },
                None => return Reply::Refused,
            },
            Some(Action::Reprint) => CashCommand::Reprint { receipt_id },
            Some(Action::VoidReceipt) => CashCommand::StartVoid { receipt_id },
            Some(Action::SimulateCardFailure) => CashCommand::SimulateCardFailure,
            _ => {
                // Scrolling uses the help screen's keys, so there is one set to learn.
                match ctx.keymap.action(Scope::Help, &chord) {
                    Some(Action::ScrollDown) => self.scroll += 1,
                    Some(Action::ScrollUp) => self.scroll = self.scroll.saturating_sub(1),
                    Some(Action::PageDown) => self.scroll += 10,
                    Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
                    _ => return Reply::Pass,
                }
                return Reply::Done;
            }
        };
        Reply::Run(Command::Cash(command))
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        if self.write_pending().is_some() {
            &[
                Action::WriteCard,
                Action::Reprint,
                Action::VoidReceipt,
                Action::Back,
            ]
        } else {
            &[
                Action::Reprint,
                Action::VoidReceipt,
                Action::Back,
                Action::Help,
            ]
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let paper_width = (PAPER_WIDTH as u16 + 4).min(area.width);
        let [paper, side] =
            Layout::horizontal([Constraint::Length(paper_width), Constraint::Min(0)]).areas(area);
        let title =
            i18n::RECEIPT_SCREEN_TITLE.fill(lang, &[("receipt", &sanitize(&self.view.receipt_no))]);
        let block = panel(&title);
        let inner = block.inner(paper);
        frame.render_widget(block, paper);
        let lines = receipt_text(&self.view, lang, self.demo, self.reprint);
        let height = inner.height as usize;
        let scroll = self.scroll.min(lines.len().saturating_sub(height));
        let shown: Vec<Line<'_>> = lines
            .into_iter()
            .skip(scroll)
            .take(height)
            .map(Line::from)
            .collect();
        let body = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        };
        frame.render_widget(Paragraph::new(shown), body);
        if side.width > 4 {
            self.render_side(frame, side, ctx.keymap, lang);
        }
    }

    fn render_side(&self, frame: &mut Frame<'_>, area: Rect, keymap: &Keymap, lang: Lang) {
        let block = panel(match self.card_write {
            Some(_) => i18n::RECEIPT_CARD_TITLE.get(lang),
            None => i18n::RECEIPT_KEYS.get(lang),
        });
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let width = inner.width as usize;
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let alert = Style::default().fg(Color::Red).add_modifier(Modifier::BOLD);
        let mut lines: Vec<Line<'_>> = Vec::new();
        let wrapped = |lines: &mut Vec<Line<'_>>, text: &str, style: Style| {
            for piece in textwrap_cells(text, width) {
                lines.push(Line::styled(piece, style));
            }
        };
        if let Some(by) = &self.view.reversed_by {
            let text = i18n::RECEIPT_REVERSED_BY.fill(lang, &[("receipt", &sanitize(by))]);
            wrapped(&mut lines, &text, alert);
        }
        if self.view.reprints > 0 {
            let text = i18n::RECEIPT_REPRINTS.fill(lang, &[("count", &self.view.reprints)]);
            wrapped(&mut lines, &text, Style::default());
        }
        if let Some(w) = &self.card_write {
            let state = w.state.label().get(lang);
            let style = if w.state.unfinished() { alert } else { bold };
            wrapped(
                &mut lines,
                &i18n::RECEIPT_CARD_STATE.fill(lang, &[("state", &state)]),
                style,
            );
            for text in [
                i18n::RECEIPT_CARD_METER.fill(lang, &[("serial", &sanitize(&w.meter_serial))]),
                i18n::RECEIPT_CARD_VOLUME.fill(lang, &[("volume", &m3(w.volume))]),
                i18n::RECEIPT_CARD_ATTEMPTS.fill(lang, &[("count", &w.attempts)]),
            ] {
                wrapped(&mut lines, &text, Style::default());
            }
            // One reason, in the screen's language: the one the write recorded (the
            // message line already told what the last attempt came to), else what the app
            // reported when the write could not even record one.
            if let Some(stored) = w.last_error.as_deref().filter(|_| w.state.unfinished()) {
                let why = crate::card::stored_error_cause(stored, lang);
                let text = i18n::RECEIPT_CARD_ERROR.fill(lang, &[("error", &why)]);
                wrapped(&mut lines, &text, alert);
            } else if let Some(error) = &self.card_error {
                wrapped(&mut lines, &sanitize(error), alert);
            }
            if w.state.unfinished() {
                wrapped(&mut lines, i18n::RECEIPT_CARD_INSERT.get(lang), bold);
            }
        } else if let Some(error) = &self.card_error {
            wrapped(&mut lines, &sanitize(error), alert);
        }
        lines.push(Line::from(""));
        let mut actions = Vec::new();
        if self.write_pending().is_some() {
            actions.push(Action::WriteCard);
        }
        actions.extend([Action::Reprint, Action::VoidReceipt]);
        if self.demo && self.card_write.is_some() {
            actions.push(Action::SimulateCardFailure);
        }
        for action in actions {
            if let Some(key) = keymap.keys(Scope::Receipt, action).first() {
                lines.push(hint_line(&key.to_string(), action.label().get(lang), width));
            }
        }
        lines.push(Line::styled(
            truncate_to_width(i18n::RECEIPT_SCROLL.get(lang), width),
            Style::default().add_modifier(Modifier::DIM),
        ));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn hint_line(key: &str, label: &str, width: usize) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            key.to_string(),
            Style::default().add_modifier(Modifier::REVERSED),
        ),
        Span::raw(truncate_to_width(
            &format!(" {label}"),
            width.saturating_sub(key.len()),
        )),
    ])
}
