//! The card replacement form (`k` in the customer view, 补卡): why the card is replaced
//! (lost, damaged, or another reason in the clerk's words), the fee the tariff file sets,
//! and how it is paid when it is not zero (the payment form's methods, change and
//! reference). Enter on the last row replaces the card; Esc goes back without it. It
//! draws over the customer view it came from and keeps one key, so a second Enter finds
//! the first fee receipt instead of taking the fee twice.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::cash_command::CashCommand;
use super::customer::Customer;
use super::payment::render::Rows;
use super::payment::tender::{self, TenderField};
use super::{Command, Ctx, Reply};
use crate::db::cash::{CardReplacement, PaymentKey};
use crate::domain::fee::{REASON_NOTE_MAX_CHARS, ReasonKind, ReplaceReason};
use crate::domain::money::Fen;
use crate::domain::receipt::{PaymentMethod, REFERENCE_MAX_CHARS};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized, Msg};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::chrome::textwrap_cells;
use crate::tui::widgets::dialog;
use crate::tui::widgets::form::Field;
use crate::tui::widgets::text_input::Edit;

/// A row of the form that can have the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Reason,
    Note,
    Method,
    Tendered,
    Reference,
}

impl Slot {
    fn is_text(self) -> bool {
        matches!(self, Slot::Note | Slot::Tendered | Slot::Reference)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplaceCardScreen {
    /// The view the form was opened from, drawn beneath it.
    pub customer: Box<Customer>,
    pub meter_id: i64,
    pub serial: String,
    /// The fee for this customer, as the tariff file sets it; zero takes none.
    pub fee: Fen,
    pub reason: ReasonKind,
    pub note: Field,
    pub method: PaymentMethod,
    pub tendered: Field,
    pub reference: Field,
    pub focus: Slot,
    /// The store's refusal of the last submission.
    pub refusal: Option<String>,
    key: PaymentKey,
}

impl ReplaceCardScreen {
    /// The form for the account's IC-card meter, or why there is no card to replace.
    pub fn open(customer: &Customer, fee: Fen) -> Result<ReplaceCardScreen, Msg> {
        let meter = customer
            .detail
            .meters
            .iter()
            .find(|m| super::customer::is_ic_card(&m.kind))
            .ok_or(i18n::CR_NO_CARD_METER)?;
        Ok(ReplaceCardScreen {
            customer: Box::new(customer.clone()),
            meter_id: meter.id,
            serial: meter.serial.clone(),
            fee,
            reason: ReasonKind::Lost,
            note: Field::text(i18n::CR_LABEL_NOTE, REASON_NOTE_MAX_CHARS),
            method: PaymentMethod::Cash,
            tendered: Field::text(i18n::PAY_LABEL_TENDERED, 12),
            reference: Field::text(i18n::PAY_LABEL_REFERENCE, REFERENCE_MAX_CHARS),
            focus: Slot::Reason,
            refusal: None,
            key: PaymentKey::new(),
        })
    }

    pub fn account_id(&self) -> i64 {
        self.customer.detail.summary.id
    }

    /// The rows of the form as it is now, top to bottom.
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = vec![Slot::Reason];
        if self.reason == ReasonKind::Other {
            slots.push(Slot::Note);
        }
        if self.fee.is_positive() {
            slots.push(Slot::Method);
            slots.push(if self.method.is_cash() {
                Slot::Tendered
            } else {
                Slot::Reference
            });
        }
        slots
    }

    pub fn is_dirty(&self) -> bool {
        [&self.note, &self.tendered, &self.reference]
            .iter()
            .any(|f| !f.input.is_empty())
    }

    /// The store refused the replacement: say why and keep everything (the key included).
    pub fn failed(&mut self, message: String) {
        self.refusal = Some(message);
    }

    fn field_mut(&mut self, slot: Slot) -> Option<&mut Field> {
        match slot {
            Slot::Note => Some(&mut self.note),
            Slot::Tendered => Some(&mut self.tendered),
            Slot::Reference => Some(&mut self.reference),
            _ => None,
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        let slot = self.focus;
        let Some(field) = self.field_mut(slot) else {
            return Reply::Done;
        };
        match field.input.insert_str(text) {
            Edit::Refused => Reply::Refused,
            Edit::Changed => {
                field.error = None;
                self.refusal = None;
                Reply::Done.noting_dropped_lines(text)
            }
            _ => Reply::Done,
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let typing = self.focus.is_text() && chord.is_text();
        if !typing {
            match ctx.keymap.action(Scope::Form, &chord) {
                Some(Action::NextField) => return self.move_focus(1),
                Some(Action::PrevField) => return self.move_focus(-1),
                Some(Action::Submit) => {
                    return if self.slots().last() == Some(&self.focus) {
                        self.submit(ctx.lang)
                    } else {
                        self.move_focus(1)
                    };
                }
                Some(Action::ClearField) => {
                    let slot = self.focus;
                    if let Some(field) = self.field_mut(slot) {
                        field.input.clear();
                        return Reply::Done;
                    }
                }
                _ => {}
            }
        }
        let slot = self.focus;
        if let Some(field) = self.field_mut(slot) {
            return match field.input.handle_key(key) {
                Edit::Changed => {
                    field.error = None;
                    self.refusal = None;
                    Reply::Done
                }
                Edit::Moved => Reply::Done,
                Edit::Refused => Reply::Refused,
                Edit::Ignored => Reply::Pass,
            };
        }
        match key.code {
            KeyCode::Right | KeyCode::Char(' ') => self.turn_choice(1),
            KeyCode::Left => self.turn_choice(-1),
            KeyCode::Down => self.move_focus(1),
            KeyCode::Up => self.move_focus(-1),
            _ => Reply::Pass,
        }
    }

    fn move_focus(&mut self, step: isize) -> Reply {
        let slots = self.slots();
        let at = slots.iter().position(|s| *s == self.focus).unwrap_or(0);
        let next = (at as isize + step).rem_euclid(slots.len() as isize) as usize;
        self.focus = slots[next];
        Reply::Done
    }

    fn turn_choice(&mut self, step: isize) -> Reply {
        let turn = |len: usize, at: usize| (at as isize + step).rem_euclid(len as isize) as usize;
        match self.focus {
            Slot::Reason => {
                let all = ReasonKind::ALL;
                let at = all.iter().position(|k| *k == self.reason).unwrap_or(0);
                self.reason = all[turn(all.len(), at)];
                self.note.error = None;
            }
            Slot::Method => {
                let all = PaymentMethod::ALL;
                let at = all.iter().position(|m| *m == self.method).unwrap_or(0);
                self.method = all[turn(all.len(), at)];
                self.tendered.error = None;
                self.reference.error = None;
            }
            _ => return Reply::Pass,
        }
        self.refusal = None;
        Reply::Done
    }

    fn fail(&mut self, slot: Slot, message: String) -> Reply {
        match self.field_mut(slot) {
            Some(field) => field.error = Some(message),
            None => self.refusal = Some(message),
        }
        self.focus = slot;
        Reply::Done
    }

    /// The command to replace the card, or the faulty row marked.
    fn submit(&mut self, lang: Lang) -> Reply {
        for f in [&mut self.note, &mut self.tendered, &mut self.reference] {
            f.error = None;
        }
        self.refusal = None;
        let reason = match ReplaceReason::new(self.reason, &self.note.input.value()) {
            Ok(reason) => reason,
            Err(e) => return self.fail(Slot::Note, e.localized(lang)),
        };
        let typed = tender::typed(
            self.method,
            &self.tendered.input.value(),
            &self.reference.input.value(),
            self.fee,
            lang,
        );
        let tender = match typed {
            Ok(tender) => tender,
            // No fee: nothing is paid, whatever the rows held.
            Err(_) if !self.fee.is_positive() => crate::db::cash::Tender::cash(None),
            Err((TenderField::Tendered, message)) => return self.fail(Slot::Tendered, message),
            Err((TenderField::Reference, message)) => return self.fail(Slot::Reference, message),
        };
        Reply::Run(Command::Cash(CashCommand::ReplaceCard(CardReplacement {
            meter_id: self.meter_id,
            reason,
            tender,
            key: self.key.clone(),
        })))
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        &[
            Action::Submit,
            Action::NextField,
            Action::Back,
            Action::Quit,
        ]
    }

    fn rows(&self, width: usize, lang: Lang) -> Rows {
        let mut rows = Rows::new(
            &[
                i18n::CR_LABEL_REASON,
                i18n::CR_LABEL_NOTE,
                i18n::CR_LABEL_FEE,
                i18n::PAY_LABEL_METHOD,
                i18n::PAY_LABEL_TENDERED,
                i18n::PAY_LABEL_REFERENCE,
            ],
            width,
            lang,
        );
        for slot in self.slots() {
            let focused = slot == self.focus;
            match slot {
                Slot::Reason => {
                    let options: Vec<(Msg, bool)> = ReasonKind::ALL
                        .iter()
                        .map(|k| (k.label(), *k == self.reason))
                        .collect();
                    rows.choice(i18n::CR_LABEL_REASON, &options, focused);
                }
                Slot::Note => {
                    let room = rows.width.saturating_sub(rows.label_width + 1).min(40);
                    rows.text(&self.note, room, focused, String::new());
                }
                Slot::Method => {
                    fee_row(&mut rows, self.fee);
                    let options: Vec<(Msg, bool)> = PaymentMethod::ALL
                        .iter()
                        .map(|m| (m.label(), *m == self.method))
                        .collect();
                    rows.choice(i18n::PAY_LABEL_METHOD, &options, focused);
                }
                Slot::Tendered => {
                    let after = tender::change(&self.tendered.input.value(), self.fee)
                        .map(|c| {
                            format!(
                                "  {}",
                                i18n::PAY_CHANGE.fill(lang, &[("change", &c.yuan_string())])
                            )
                        })
                        .unwrap_or_default();
                    rows.text(&self.tendered, 14, focused, after);
                }
                Slot::Reference => {
                    let room = rows
                        .width
                        .saturating_sub(rows.label_width + 1)
                        .min(REFERENCE_MAX_CHARS + 1);
                    rows.text(&self.reference, room, focused, String::new());
                }
            }
        }
        if !self.fee.is_positive() {
            fee_row(&mut rows, self.fee);
        }
        if let Some(message) = &self.refusal {
            rows.error(&Some(message.clone()));
        }
        rows
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        self.customer.render(frame, area, ctx);
        let width = 76.min(area.width.saturating_sub(2));
        let inner_width = width.saturating_sub(4) as usize;
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let dim = Style::default().add_modifier(Modifier::DIM);
        let head: Vec<Line<'_>> = textwrap_cells(
            &i18n::CR_METER.fill(lang, &[("serial", &sanitize(&self.serial))]),
            inner_width,
        )
        .into_iter()
        .map(|l| Line::styled(l, bold))
        .collect();
        let hints: Vec<Line<'_>> = textwrap_cells(i18n::CR_HINT.get(lang), inner_width)
            .into_iter()
            .map(|l| Line::styled(l, dim))
            .collect();
        let rows = self.rows(inner_width, lang);
        let (head_rows, form_rows, hint_rows) = (
            head.len() as u16,
            rows.lines.len() as u16,
            hints.len() as u16,
        );
        let height = 2 + head_rows + 1 + form_rows + 1 + hint_rows;
        // At the bottom, so the account, meters and money above stay in view.
        let centred = dialog::centered(area, width, height);
        let rect = Rect {
            y: area.bottom().saturating_sub(centred.height),
            ..centred
        };
        dialog::clear_popup(frame, rect);
        let s = &self.customer.detail.summary;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(BorderType::Double)
            .title(
                Line::from(format!(
                    " {} ",
                    i18n::CR_TITLE.fill(
                        lang,
                        &[
                            ("account", &sanitize(&s.account_no)),
                            ("holder", &sanitize(&s.holder_name)),
                        ],
                    )
                ))
                .style(bold),
            );
        let inner = super::inside(frame, rect, block);
        let mut y = inner.y;
        for (lines, gap) in [(head, 1), (rows.lines, 1), (hints, 0)] {
            let count = lines.len() as u16;
            let room = inner.bottom().saturating_sub(y);
            frame.render_widget(
                Paragraph::new(lines),
                Rect {
                    y,
                    height: count.min(room),
                    ..inner
                },
            );
            y = (y + count + gap).min(inner.bottom());
        }
        if let Some((row, col)) = rows.cursor {
            let y = inner.y + head_rows + 1 + row as u16;
            if y < inner.bottom() {
                frame.set_cursor_position(Position::new(inner.x + col as u16, y));
            }
        }
    }
}

/// The fee row: the amount, or that none is taken.
fn fee_row(rows: &mut Rows, fee: Fen) {
    let lang = rows.lang;
    let value = if fee.is_positive() {
        format!(
            "{} {}",
            fee.yuan_string(),
            i18n::FEE_CARD_REPLACEMENT.get(lang)
        )
    } else {
        i18n::CR_FEE_NONE.get(lang).to_string()
    };
    rows.lines.push(Line::from(vec![
        rows.label(i18n::CR_LABEL_FEE.get(lang), false),
        ratatui::text::Span::styled(value, Style::default().add_modifier(Modifier::BOLD)),
    ]));
}
