//! The cash desk (F4): the clerk's shift (open, balancing), what the drawer should hold,
//! the shift's receipts and the office's card writes still owed to customers. Opening,
//! balancing, closing and (managers) reopening a shift start here; so do showing,
//! reprinting and voiding a receipt, and finishing a card write that failed.

mod close;
mod render;
pub mod void;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Paragraph;

use super::cash_command::CashCommand;
use super::{Command, Ctx, Reply, panel};
use crate::db::cash::{CardWriteRow, MethodTotal, ReceiptView, Shift, ShiftState};
use crate::domain::money::{Fen, parse_yuan};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::form::{Field, Form, FormEvent};
use crate::tui::widgets::form_box::FormBox;
use crate::tui::widgets::table::Selection;

pub use close::CloseForm;
use render::{head_lines, render_card_writes, render_receipts};

/// What the desk shows, as the app read it from the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskView {
    /// The clerk's shift that is not closed, if any.
    pub shift: Option<Shift>,
    /// Per method, what the shift should hold now.
    pub totals: Vec<MethodTotal>,
    /// The shift's receipts, newest first.
    pub receipts: Vec<ReceiptView>,
    /// The office's card writes that failed or never finished.
    pub card_writes: Vec<CardWriteRow>,
    /// Closed shifts of the office's open day (read for managers only).
    pub closed_shifts: Vec<Shift>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    None,
    OpenShift(Form),
    Close(Box<CloseForm>),
    Reopen { selection: Selection, form: Form },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashScreen {
    pub desk: Option<DeskView>,
    pub step: Step,
    /// One selection over the receipts, then the card writes below them.
    pub selection: Selection,
    /// The demo database: the simulated reader may be told to fail.
    pub demo: bool,
    /// The logged-in staff member may reopen shifts.
    pub manager: bool,
}

/// The chosen row: a receipt of the shift, or a card write to finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selected<'a> {
    Receipt(&'a ReceiptView),
    CardWrite(&'a CardWriteRow),
}

impl CashScreen {
    pub fn new(demo: bool, manager: bool) -> CashScreen {
        CashScreen {
            desk: None,
            step: Step::None,
            selection: Selection::default(),
            demo,
            manager,
        }
    }

    /// New data from the store; the selection stays on the same row number if it can.
    pub fn set_desk(&mut self, desk: DeskView) {
        let rows = desk.receipts.len() + desk.card_writes.len();
        self.selection.selected = self.selection.selected.min(rows.saturating_sub(1));
        if let Step::Reopen { selection, .. } = &mut self.step {
            selection.selected = selection
                .selected
                .min(desk.closed_shifts.len().saturating_sub(1));
        }
        self.desk = Some(desk);
    }

    pub fn selected(&self) -> Option<Selected<'_>> {
        let desk = self.desk.as_ref()?;
        let i = self.selection.selected;
        match desk.receipts.get(i) {
            Some(r) => Some(Selected::Receipt(r)),
            None => desk
                .card_writes
                .get(i - desk.receipts.len())
                .map(Selected::CardWrite),
        }
    }

    fn selected_receipt(&self) -> Option<i64> {
        match self.selected()? {
            Selected::Receipt(r) => Some(r.id),
            Selected::CardWrite(w) => w.receipt_id,
        }
    }

    fn shift_state(&self) -> Option<ShiftState> {
        Some(self.desk.as_ref()?.shift.as_ref()?.state)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        match &mut self.step {
            Step::OpenShift(form) | Step::Reopen { form, .. } => Some(form),
            Step::Close(close) => Some(&mut close.form),
            Step::None => None,
        }
    }

    pub fn has_form(&self) -> bool {
        !matches!(self.step, Step::None)
    }

    pub fn is_dirty(&self) -> bool {
        match &self.step {
            Step::OpenShift(form) | Step::Reopen { form, .. } => form.is_dirty(),
            Step::Close(close) => close.form.is_dirty(),
            Step::None => false,
        }
    }

    /// Shows a refusal from the store in the open form (under `field`, or the form's
    /// last field — the reason — when it has fewer); `false` when no form is open.
    pub fn fail_at(&mut self, field: Option<usize>, message: String) -> bool {
        match self.form_mut() {
            Some(form) => {
                // No field named: the message goes under the last one.
                form.fail(field.unwrap_or(usize::MAX), message);
                true
            }
            None => false,
        }
    }

    /// The store did what the form asked: back to the desk.
    pub fn done(&mut self) {
        self.step = Step::None;
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        Reply::pasted(self.form_mut().map(|f| f.paste(text)), text)
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        if self.has_form() {
            return self.on_form_key(ctx, key);
        }
        let run = |c: CashCommand| Reply::Run(Command::Cash(c));
        let chord = KeyChord::from_event(key);
        let rows = self
            .desk
            .as_ref()
            .map_or(0, |d| d.receipts.len() + d.card_writes.len());
        match ctx.keymap.action(Scope::Cash, &chord) {
            Some(Action::SelectNext) => {
                self.selection.next(rows);
                Reply::Done
            }
            Some(Action::SelectPrev) => {
                self.selection.prev();
                Reply::Done
            }
            Some(Action::OpenShift) if self.desk.is_some() && self.shift_state().is_none() => {
                self.step = Step::OpenShift(Form::new(vec![Field::text(i18n::CD_LABEL_FLOAT, 14)]));
                Reply::Done
            }
            // With a shift already open the store says so, in its words.
            Some(Action::OpenShift) => run(CashCommand::OpenShift { float: Fen::ZERO }),
            Some(Action::BalanceShift) => match self.shift_state() {
                Some(ShiftState::Balancing) => run(CashCommand::ResumeShift),
                _ => run(CashCommand::StartBalancing),
            },
            Some(Action::CloseShift) => match self.shift_state() {
                Some(state @ (ShiftState::Open | ShiftState::Balancing)) => {
                    self.step = Step::Close(Box::default());
                    // Counting starts by stopping payments; the form follows the totals.
                    if state == ShiftState::Open {
                        run(CashCommand::StartBalancing)
                    } else {
                        Reply::Done
                    }
                }
                _ => run(CashCommand::StartBalancing),
            },
            Some(Action::ReopenShift) => {
                if !self.manager {
                    return Reply::Run(Command::Cash(CashCommand::ReopenShift {
                        shift_id: 0,
                        reason: String::new(),
                    }));
                }
                self.step = Step::Reopen {
                    selection: Selection::default(),
                    form: Form::new(vec![Field::text(i18n::CD_LABEL_REASON, 200)]),
                };
                Reply::Done
            }
            Some(Action::Open) => match self.selected() {
                Some(Selected::Receipt(r)) => run(CashCommand::OpenReceipt { receipt_id: r.id }),
                Some(Selected::CardWrite(w)) => run(CashCommand::WriteCard {
                    card_write_id: w.id,
                }),
                None => Reply::Done,
            },
            Some(Action::Reprint) => match self.selected_receipt() {
                Some(id) => run(CashCommand::Reprint { receipt_id: id }),
                None => Reply::Done,
            },
            Some(Action::VoidReceipt) => match self.selected_receipt() {
                Some(id) => run(CashCommand::StartVoid { receipt_id: id }),
                None => Reply::Done,
            },
            Some(Action::WriteCard) => {
                let write = match self.selected() {
                    Some(Selected::CardWrite(w)) => Some(w.id),
                    _ => self
                        .desk
                        .as_ref()
                        .and_then(|d| d.card_writes.first())
                        .map(|w| w.id),
                };
                match write {
                    Some(id) => run(CashCommand::WriteCard { card_write_id: id }),
                    None => Reply::Done,
                }
            }
            Some(Action::SimulateCardFailure) => run(CashCommand::SimulateCardFailure),
            _ => Reply::Pass,
        }
    }

    fn on_form_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let keymap = ctx.keymap;
        let chord = KeyChord::from_event(key);
        // The shift list of the reopen step takes the arrow keys before the form does.
        if let Step::Reopen { selection, .. } = &mut self.step
            && !chord.is_text()
        {
            let shifts = self.desk.as_ref().map_or(0, |d| d.closed_shifts.len());
            match keymap.action(Scope::Cash, &chord) {
                Some(Action::SelectNext) => {
                    selection.next(shifts);
                    return Reply::Done;
                }
                Some(Action::SelectPrev) => {
                    selection.prev();
                    return Reply::Done;
                }
                _ => {}
            }
        }
        let Some(form) = self.form_mut() else {
            return Reply::Pass;
        };
        match form.handle_key(keymap, key) {
            FormEvent::Submit => self.submit(ctx.lang),
            FormEvent::Refused => Reply::Refused,
            FormEvent::Ignored
                if !chord.is_text()
                    && keymap.action_in(&[Scope::Cash], &chord) == Some(Action::Back) =>
            {
                // Esc closes the form, not the desk.
                self.step = Step::None;
                Reply::Done
            }
            FormEvent::Ignored => Reply::Pass,
            _ => Reply::Done,
        }
    }

    fn submit(&mut self, lang: Lang) -> Reply {
        let command = match &mut self.step {
            Step::None => return Reply::Pass,
            Step::OpenShift(form) => match parse_float(&form.value(0)) {
                Ok(float) => CashCommand::OpenShift { float },
                Err(message) => {
                    form.fail(0, message.localized(lang));
                    return Reply::Done;
                }
            },
            Step::Close(close) => match close.command(lang) {
                Some(command) => command,
                None => return Reply::Done,
            },
            Step::Reopen { selection, form } => {
                let shift = self
                    .desk
                    .as_ref()
                    .and_then(|d| d.closed_shifts.get(selection.selected));
                match shift {
                    Some(shift) => CashCommand::ReopenShift {
                        shift_id: shift.id,
                        reason: form.value(0),
                    },
                    None => {
                        form.fail(0, i18n::CD_NO_CLOSED_SHIFTS.get(lang).to_string());
                        return Reply::Done;
                    }
                }
            }
        };
        Reply::Run(Command::Cash(command))
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        match (&self.step, self.shift_state()) {
            // Reopening a closed shift is a manager's: a clerk is not offered it.
            (Step::None, None) if self.manager => &[
                Action::OpenShift,
                Action::WriteCard,
                Action::ReopenShift,
                Action::Help,
            ],
            (Step::None, None) => &[Action::OpenShift, Action::WriteCard, Action::Help],
            (Step::None, Some(ShiftState::Balancing)) => &[
                Action::CloseShift,
                Action::BalanceShift,
                Action::Open,
                Action::Reprint,
                Action::VoidReceipt,
                Action::Help,
            ],
            (Step::None, Some(_)) => &[
                Action::Open,
                Action::Reprint,
                Action::VoidReceipt,
                Action::WriteCard,
                Action::BalanceShift,
                Action::CloseShift,
                Action::Help,
            ],
            _ => &[Action::Submit, Action::NextField, Action::Back],
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        let block = panel(i18n::CD_TITLE.get(lang));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(desk) = &self.desk else {
            frame.render_widget(Paragraph::new(i18n::CD_LOADING.get(lang)), inner);
            return;
        };
        let writes = desk.card_writes.len().min(3) as u16;
        let writes_height = if writes == 0 { 0 } else { writes + 2 };
        let [head, receipts, card_writes] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(3),
            Constraint::Length(writes_height),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(head_lines(desk, ctx, inner.width as usize)),
            head,
        );
        let selected = self.selection.selected;
        if desk.receipts.is_empty() {
            frame.render_widget(
                Paragraph::new(i18n::CD_NO_RECEIPTS.get(lang))
                    .style(Style::default().add_modifier(Modifier::DIM)),
                receipts,
            );
        } else {
            // Rows past the receipts belong to the card-write list: nothing here is lit.
            let lit = (selected < desk.receipts.len()).then_some(selected);
            render_receipts(frame, receipts, ctx, desk, lit);
        }
        if writes > 0 {
            render_card_writes(frame, card_writes, ctx, desk, selected);
        }
        self.render_step(frame, area, ctx);
    }

    fn render_step(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let lang = ctx.lang;
        match &self.step {
            Step::None => {}
            Step::OpenShift(form) => {
                FormBox::new(i18n::CD_OPEN_TITLE.get(lang), 50).render(frame, area, form, lang);
            }
            Step::Close(close) => {
                let totals = self
                    .desk
                    .as_ref()
                    .map(|d| d.totals.as_slice())
                    .unwrap_or(&[]);
                close.render(frame, area, lang, totals);
            }
            Step::Reopen { selection, form } => {
                let shifts = self
                    .desk
                    .as_ref()
                    .map(|d| d.closed_shifts.as_slice())
                    .unwrap_or(&[]);
                let mut lines = vec![i18n::CD_REOPEN_HINT.get(lang).to_string()];
                if shifts.is_empty() {
                    lines.push(i18n::CD_NO_CLOSED_SHIFTS.get(lang).to_string());
                }
                // Eight rows fit the popup; the list scrolls so the selected one shows.
                let first = selection.selected.saturating_sub(7);
                for (i, s) in shifts.iter().enumerate().skip(first).take(8) {
                    let mark = if i == selection.selected { "▶" } else { " " };
                    lines.push(format!(
                        "{mark} {:>5}  {} {}  {}",
                        s.id,
                        sanitize(&s.staff_no),
                        sanitize(&s.staff_name),
                        local_time(ctx, &s.opened_at),
                    ));
                }
                FormBox::new(i18n::CD_REOPEN_TITLE.get(lang), 60)
                    .above(&lines)
                    .render(frame, area, form, lang);
            }
        }
    }
}

/// A float as typed: any amount `parse_yuan` takes, or zero (a drawer may start empty,
/// which `parse_yuan`, made for payments, refuses).
pub fn parse_float(text: &str) -> Result<Fen, crate::domain::money::AmountError> {
    match parse_yuan(text) {
        Err(crate::domain::money::AmountError::Zero) => Ok(Fen::ZERO),
        other => other,
    }
}

pub use crate::printout::kind_label;

/// A stored `…T…Z` time as HH:MM on the offices' clock.
fn local_time(ctx: &Ctx<'_>, stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored)
        .map(|t| ctx.rules.local(t.to_utc()).format("%H:%M").to_string())
        .unwrap_or_else(|_| sanitize(stored).into_owned())
}

#[cfg(test)]
mod float_tests {
    use super::*;

    #[test]
    fn a_float_may_be_zero_however_it_is_typed() {
        for zero in ["0", "0.00", "¥0", "０", "０．０", "0元"] {
            assert_eq!(parse_float(zero), Ok(Fen::ZERO), "{zero}");
        }
        assert_eq!(parse_float("500"), Ok(Fen(50_000)));
        assert!(parse_float("-0").is_err());
        assert!(parse_float("").is_err());
    }
}
