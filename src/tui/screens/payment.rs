//! The payment form (F9 / `p` on a customer): pay open bills (缴费), pay on account in
//! advance (预存), or buy gas onto an IC card (购气) with the tier split priced before any
//! money is taken; then the method, with change for cash or the transaction reference
//! otherwise.
//!
//! Moving: Tab / Shift-Tab (and ↓ / ↑ outside the bill list) go from row to row; ←/→
//! (or Space) change a choice row; on the bill list ↑/↓ move, Space ticks a bill and
//! Ctrl-A ticks all. Enter moves to the next row and, on the last row, takes the payment.
//! Everything is checked before a command leaves the screen; a refusal from the store
//! comes back through [`PaymentScreen::failed`] and the form keeps its key, so a retry
//! can never take the money twice.

pub(in crate::tui::screens) mod render;
pub mod tender;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::cash_command::CashCommand;
use super::customer::is_ic_card;
use super::{Command, Ctx, Reply};
use crate::db::account::AccountDetail;
use crate::db::cash::{AccountMoney, PaymentKey, Tender, TopUpOrder};
use crate::domain::money::{AmountError, Fen, parse_yuan, parse_yuan_capped};
use crate::domain::receipt::{PaymentMethod, REFERENCE_MAX_CHARS};
use crate::domain::tariff::{Priced, Tariff, VolumeError, parse_m3_tenths_capped};
use crate::i18n::{self, Lang, Localized};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::drafts::FormDraft;
use crate::tui::widgets::form::Field;
use crate::tui::widgets::table::Selection;
use crate::tui::widgets::text_input::Edit;

/// What the app hands the form when it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentSetup {
    pub account: AccountDetail,
    pub money: AccountMoney,
    pub today: NaiveDate,
    pub demo: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Bills,
    Advance,
    TopUp,
}

/// How a top-up is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopUpBy {
    Volume,
    Amount,
}

/// A row of the form that can have the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Mode,
    Bills,
    By,
    Amount,
    Method,
    Tendered,
    Reference,
}

impl Slot {
    pub fn is_text(self) -> bool {
        matches!(self, Slot::Amount | Slot::Tendered | Slot::Reference)
    }
}

/// The price preview of a top-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quote {
    None,
    /// Asked for this order; the answer comes through `set_quote`.
    Waiting(TopUpOrder),
    Ready(TopUpOrder, Result<Priced, String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentScreen {
    pub account: AccountDetail,
    pub money: AccountMoney,
    pub today: NaiveDate,
    pub demo: bool,
    /// The modes this account offers, in display order.
    pub modes: Vec<Mode>,
    pub mode: Mode,
    /// Ticked open bills, by position in `money.open_bills`.
    pub chosen: Vec<bool>,
    /// The bills the app ticked when it opened the form (every open bill, from the
    /// transfer checklist or the served ticket): leaving it as it was loses nothing.
    pub chosen_at_open: Vec<bool>,
    pub bill_cursor: Selection,
    pub bills_error: Option<String>,
    pub by: TopUpBy,
    pub advance: Field,
    pub top_up: Field,
    pub method: PaymentMethod,
    pub tendered: Field,
    pub reference: Field,
    pub focus: Slot,
    pub quote: Quote,
    /// The store's refusal of the last submission.
    pub refusal: Option<String>,
    /// The IC-card meter a top-up goes to.
    pub meter_id: Option<i64>,
    /// Chosen once when the form opens and sent with every submission.
    key: PaymentKey,
    /// What was last saved as the clerk's draft, so an unchanged form is not saved again.
    pub saved_draft: Option<FormDraft>,
    /// The care register's marker when the customer is on it.
    pub care: Option<crate::db::care::CareMarker>,
}

/// Why a typed top-up was refused.
enum OrderError {
    Amount(AmountError),
    Volume(VolumeError),
}

impl OrderError {
    /// Wrong however the clerk goes on typing: said as soon as it is typed.
    fn is_final(&self) -> bool {
        matches!(
            self,
            OrderError::Amount(AmountError::OverCap { .. } | AmountError::TooManyDecimals)
                | OrderError::Volume(
                    VolumeError::OverCap { .. }
                        | VolumeError::NotTenths
                        | VolumeError::TooManyDecimals
                )
        )
    }
}

impl Localized for OrderError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            OrderError::Amount(e) => e.localized(lang),
            OrderError::Volume(e) => e.localized(lang),
        }
    }
}

impl PaymentScreen {
    pub fn new(setup: PaymentSetup) -> PaymentScreen {
        let kinds: Vec<&str> = setup
            .account
            .meters
            .iter()
            .map(|m| m.kind.as_str())
            .collect();
        let has_ic = kinds.iter().any(|k| is_ic_card(k));
        let billed = kinds.iter().any(|k| !is_ic_card(k)) || !setup.money.open_bills.is_empty();
        let mut modes = Vec::new();
        if billed {
            modes.push(Mode::Bills);
        }
        modes.push(Mode::Advance);
        if has_ic {
            modes.push(Mode::TopUp);
        }
        let mode = if !setup.money.open_bills.is_empty() {
            Mode::Bills
        } else if has_ic {
            Mode::TopUp
        } else {
            Mode::Advance
        };
        let meter_id = setup
            .account
            .meters
            .iter()
            .find(|m| is_ic_card(&m.kind))
            .map(|m| m.id);
        let mut screen = PaymentScreen {
            chosen: vec![false; setup.money.open_bills.len()],
            chosen_at_open: Vec::new(),
            account: setup.account,
            money: setup.money,
            today: setup.today,
            demo: setup.demo,
            modes,
            mode,
            bill_cursor: Selection::default(),
            bills_error: None,
            by: TopUpBy::Volume,
            advance: Field::text(i18n::PAY_LABEL_AMOUNT, 12),
            top_up: Field::text(i18n::PAY_LABEL_VOLUME, 12),
            method: PaymentMethod::Cash,
            tendered: Field::text(i18n::PAY_LABEL_TENDERED, 12),
            reference: Field::text(i18n::PAY_LABEL_REFERENCE, REFERENCE_MAX_CHARS),
            focus: Slot::Mode,
            quote: Quote::None,
            refusal: None,
            meter_id,
            key: PaymentKey::new(),
            saved_draft: None,
            care: None,
        };
        screen.focus = screen.slots()[0];
        screen
    }

    /// The form with the key of an earlier, unfinished form for the same customer (see
    /// `tui::drafts`), so submitting it cannot take the money a second time.
    /// The form with the care register's marker shown in its title.
    pub fn with_care(mut self, care: Option<crate::db::care::CareMarker>) -> PaymentScreen {
        self.care = care;
        self
    }

    pub fn with_key(mut self, key: PaymentKey) -> PaymentScreen {
        self.key = key;
        self
    }

    /// What is filled in, for the clerk's draft (see `tui::drafts`).
    pub fn draft(&self) -> FormDraft {
        FormDraft {
            mode: match self.mode {
                Mode::Bills => "bills",
                Mode::Advance => "advance",
                Mode::TopUp => "top_up",
            }
            .to_string(),
            by: match self.by {
                TopUpBy::Volume => "volume",
                TopUpBy::Amount => "amount",
            }
            .to_string(),
            method: self.method.as_str().to_string(),
            advance: self.advance.input.value(),
            top_up: self.top_up.input.value(),
            tendered: self.tendered.input.value(),
            reference: self.reference.input.value(),
            bills: self.chosen_bills().iter().map(|b| b.id).collect(),
        }
    }

    /// Fills the form in from a draft of an earlier session. What no longer applies (a
    /// mode the account lost, a bill paid since) is left as a new form has it. Returns
    /// the price to ask for when a top-up comes back typed in.
    pub fn restore(&mut self, draft: &FormDraft) -> Option<Command> {
        let mode = match draft.mode.as_str() {
            "bills" => Some(Mode::Bills),
            "advance" => Some(Mode::Advance),
            "top_up" => Some(Mode::TopUp),
            _ => None,
        };
        if let Some(mode) = mode.filter(|m| self.modes.contains(m)) {
            self.mode = mode;
        }
        if draft.by == "amount" {
            self.by = TopUpBy::Amount;
            self.top_up.label = i18n::PAY_LABEL_AMOUNT;
        }
        if let Some(method) = PaymentMethod::parse(&draft.method) {
            self.method = method;
        }
        for (field, text) in [
            (&mut self.advance, &draft.advance),
            (&mut self.top_up, &draft.top_up),
            (&mut self.tendered, &draft.tendered),
            (&mut self.reference, &draft.reference),
        ] {
            field.input.set(text);
        }
        for (chosen, bill) in self.chosen.iter_mut().zip(&self.money.open_bills) {
            *chosen = draft.bills.contains(&bill.id);
        }
        if !self.slots().contains(&self.focus) {
            self.focus = self.slots()[0];
        }
        match self.requote() {
            Reply::Run(command) => Some(command),
            _ => None,
        }
    }

    /// The key every submission of this form carries.
    pub fn key(&self) -> &PaymentKey {
        &self.key
    }

    /// The rows of the form as it is now, top to bottom.
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = Vec::new();
        if self.modes.len() > 1 {
            slots.push(Slot::Mode);
        }
        match self.mode {
            Mode::Bills => slots.push(Slot::Bills),
            Mode::Advance => slots.push(Slot::Amount),
            Mode::TopUp => slots.extend([Slot::By, Slot::Amount]),
        }
        slots.push(Slot::Method);
        slots.push(if self.method.is_cash() {
            Slot::Tendered
        } else {
            Slot::Reference
        });
        slots
    }

    pub fn is_dirty(&self) -> bool {
        [&self.advance, &self.top_up, &self.tendered, &self.reference]
            .iter()
            .any(|f| !f.input.is_empty())
            || (self.chosen.iter().any(|c| *c) && self.chosen != self.chosen_at_open)
    }

    pub fn has_text_focus(&self) -> bool {
        self.focus.is_text()
    }

    /// The answer to a [`CashCommand::Quote`] this screen asked for.
    pub fn set_quote(&mut self, quote: Result<Priced, String>) {
        match &self.quote {
            Quote::Waiting(order) | Quote::Ready(order, _) => {
                self.quote = Quote::Ready(*order, quote);
            }
            Quote::None => {}
        }
    }

    /// The customer's money read again (a bill another counter paid leaves the list);
    /// the bills still open keep their ticks.
    pub fn set_money(&mut self, money: AccountMoney) {
        let ticked: Vec<i64> = self.chosen_bills().iter().map(|b| b.id).collect();
        self.chosen = money
            .open_bills
            .iter()
            .map(|b| ticked.contains(&b.id))
            .collect();
        self.bill_cursor.selected = self
            .bill_cursor
            .selected
            .min(money.open_bills.len().saturating_sub(1));
        self.money = money;
    }

    /// The store refused the payment: say why and keep everything (the key included).
    pub fn failed(&mut self, message: String) {
        self.refusal = Some(message);
    }

    /// The amount field of the current mode.
    fn amount_field(&mut self) -> &mut Field {
        match self.mode {
            Mode::TopUp => &mut self.top_up,
            _ => &mut self.advance,
        }
    }

    fn field_mut(&mut self, slot: Slot) -> Option<&mut Field> {
        match slot {
            Slot::Amount => Some(self.amount_field()),
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
                self.edited(slot).noting_dropped_lines(text)
            }
            _ => Reply::Done,
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        if self.focus == Slot::Bills
            && let Some(reply) = self.on_bill_key(ctx.keymap.action(Scope::Payment, &chord))
        {
            return reply;
        }
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
                        return self.edited(slot);
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
                    self.edited(slot)
                }
                Edit::Moved => Reply::Done,
                Edit::Refused => Reply::Refused,
                Edit::Ignored => Reply::Pass,
            };
        }
        let step = match (key.code, ctx.keymap.action(Scope::Payment, &chord)) {
            (KeyCode::Right, _) | (_, Some(Action::ToggleItem)) => 1,
            (KeyCode::Left, _) => -1,
            _ => return Reply::Pass,
        };
        self.turn_choice(step)
    }

    /// Keys of the bill list; `None` when the key is not the list's (moving past either
    /// end of the list leaves it like Tab does).
    fn on_bill_key(&mut self, action: Option<Action>) -> Option<Reply> {
        let len = self.chosen.len();
        match action {
            Some(Action::SelectNext) if self.bill_cursor.selected + 1 < len => {
                self.bill_cursor.next(len);
            }
            Some(Action::SelectPrev) if self.bill_cursor.selected > 0 => self.bill_cursor.prev(),
            Some(Action::ToggleItem) => {
                if let Some(c) = self.chosen.get_mut(self.bill_cursor.selected) {
                    *c = !*c;
                }
                self.changed();
            }
            Some(Action::SelectAll) => {
                let all = self.chosen.iter().all(|c| *c);
                self.chosen.iter_mut().for_each(|c| *c = !all);
                self.changed();
            }
            _ => return None,
        }
        Some(Reply::Done)
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
            Slot::Mode => {
                let at = self.modes.iter().position(|m| *m == self.mode).unwrap_or(0);
                self.mode = self.modes[turn(self.modes.len(), at)];
                self.changed();
                self.requote()
            }
            Slot::By => {
                self.by = match self.by {
                    TopUpBy::Volume => TopUpBy::Amount,
                    TopUpBy::Amount => TopUpBy::Volume,
                };
                self.top_up.label = match self.by {
                    TopUpBy::Volume => i18n::PAY_LABEL_VOLUME,
                    TopUpBy::Amount => i18n::PAY_LABEL_AMOUNT,
                };
                self.top_up.error = None;
                self.changed();
                self.requote()
            }
            Slot::Method => {
                let all = PaymentMethod::ALL;
                let at = all.iter().position(|m| *m == self.method).unwrap_or(0);
                self.method = all[turn(all.len(), at)];
                self.tendered.error = None;
                self.reference.error = None;
                self.changed();
                Reply::Done
            }
            _ => Reply::Pass,
        }
    }

    /// Anything the clerk changes makes an old refusal stale.
    fn changed(&mut self) {
        self.refusal = None;
        self.bills_error = None;
    }

    fn edited(&mut self, slot: Slot) -> Reply {
        self.changed();
        if slot == Slot::Amount {
            self.requote()
        } else {
            Reply::Done
        }
    }

    /// Asks for a price whenever the top-up field holds a valid order that is not priced
    /// yet; an invalid one drops the preview (see [`PaymentScreen::live_error`] for what
    /// is said at once).
    fn requote(&mut self) -> Reply {
        if self.mode != Mode::TopUp {
            return Reply::Done;
        }
        let (Some(meter_id), Ok(order)) = (self.meter_id, self.order()) else {
            self.quote = Quote::None;
            return Reply::Done;
        };
        match &self.quote {
            Quote::Waiting(o) | Quote::Ready(o, _) if *o == order => Reply::Done,
            _ => {
                self.quote = Quote::Waiting(order);
                Reply::Run(Command::Cash(CashCommand::Quote { meter_id, order }))
            }
        }
    }

    fn order(&self) -> Result<TopUpOrder, OrderError> {
        let limits = Tariff::builtin().limits();
        let text = self.top_up.input.value();
        match self.by {
            TopUpBy::Volume => parse_m3_tenths_capped(&text, limits.top_up_max_volume)
                .map(TopUpOrder::Volume)
                .map_err(OrderError::Volume),
            TopUpBy::Amount => parse_yuan_capped(&text, limits.top_up_max)
                .map(TopUpOrder::Amount)
                .map_err(OrderError::Amount),
        }
    }

    /// What is wrong with the typed top-up however the clerk goes on typing (over the
    /// limit, too many decimals): shown under the field as it is typed, in m³ as in yuan.
    /// The rest (an empty field, a half-typed `5.`) waits for Enter.
    pub fn live_error(&self, lang: Lang) -> Option<String> {
        if self.mode != Mode::TopUp || self.top_up.error.is_some() {
            return None;
        }
        match self.order() {
            Err(e) if e.is_final() => Some(e.localized(lang)),
            _ => None,
        }
    }

    /// The priced top-up for what is typed now, if the preview has it.
    pub fn priced(&self) -> Option<&Priced> {
        match (&self.quote, self.order()) {
            (Quote::Ready(o, Ok(p)), Ok(order)) if *o == order => Some(p),
            _ => None,
        }
    }

    fn chosen_bills(&self) -> Vec<&crate::db::cash::Bill> {
        self.money
            .open_bills
            .iter()
            .zip(&self.chosen)
            .filter(|(_, c)| **c)
            .map(|(b, _)| b)
            .collect()
    }

    /// What the customer owes for the form as filled in, when it is known.
    pub fn due(&self) -> Option<Fen> {
        match self.mode {
            Mode::Bills => Fen::checked_sum(self.chosen_bills().iter().map(|b| b.amount))
                .filter(|t| t.is_positive()),
            Mode::Advance => parse_yuan(&self.advance.input.value()).ok(),
            Mode::TopUp => self.priced().map(|p| p.total),
        }
    }

    fn fail(&mut self, slot: Slot, message: String) -> Reply {
        if let Some(field) = self.field_mut(slot) {
            field.error = Some(message);
        } else {
            self.refusal = Some(message);
        }
        self.focus = slot;
        Reply::Done
    }

    fn submit(&mut self, lang: Lang) -> Reply {
        for f in [
            &mut self.advance,
            &mut self.top_up,
            &mut self.tendered,
            &mut self.reference,
        ] {
            f.error = None;
        }
        self.changed();
        let cap = Tariff::builtin().limits().payment_max;
        let account_id = self.account.summary.id;
        let due = match self.mode {
            Mode::Bills => {
                let bills = self.chosen_bills();
                let total = Fen::checked_sum(bills.iter().map(|b| b.amount));
                let problem = match total {
                    _ if bills.is_empty() => Some(i18n::CASH_NOTHING_TO_PAY.get(lang).to_string()),
                    Some(t) if t <= cap => None,
                    _ => Some(AmountError::OverCap { cap }.localized(lang)),
                };
                if let Some(message) = problem {
                    self.bills_error = Some(message);
                    self.focus = Slot::Bills;
                    return Reply::Done;
                }
                total.unwrap_or(Fen::ZERO)
            }
            Mode::Advance => match parse_yuan_capped(&self.advance.input.value(), cap) {
                Ok(amount) => amount,
                Err(e) => return self.fail(Slot::Amount, e.localized(lang)),
            },
            Mode::TopUp => {
                if self.meter_id.is_none() {
                    return self.fail(Slot::Mode, i18n::PAY_NO_IC_METER.get(lang).to_string());
                }
                if let Err(e) = self.order() {
                    return self.fail(Slot::Amount, e.localized(lang));
                }
                match (self.priced(), &self.quote) {
                    (Some(p), _) => p.total,
                    (None, Quote::Ready(o, Err(message))) if self.order().ok() == Some(*o) => {
                        let message = message.clone();
                        return self.fail(Slot::Amount, message);
                    }
                    _ => return self.fail(Slot::Amount, i18n::PAY_NEED_QUOTE.get(lang).into()),
                }
            }
        };
        let tender = match self.tender(due, lang) {
            Ok(t) => t,
            Err((slot, message)) => return self.fail(slot, message),
        };
        let key = self.key.clone();
        let command = match self.mode {
            Mode::Bills => CashCommand::PayBills {
                account_id,
                bill_ids: self.chosen_bills().iter().map(|b| b.id).collect(),
                tender,
                key,
            },
            Mode::Advance => CashCommand::PayAdvance {
                account_id,
                amount: due,
                tender,
                key,
            },
            Mode::TopUp => match (self.meter_id, self.order()) {
                (Some(meter_id), Ok(order)) => CashCommand::TopUp {
                    meter_id,
                    order,
                    tender,
                    key,
                },
                _ => return Reply::Done,
            },
        };
        Reply::Run(Command::Cash(command))
    }

    fn tender(&self, due: Fen, lang: Lang) -> Result<Tender, (Slot, String)> {
        tender::typed(
            self.method,
            &self.tendered.input.value(),
            &self.reference.input.value(),
            due,
            lang,
        )
        .map_err(|(field, message)| {
            let slot = match field {
                tender::TenderField::Tendered => Slot::Tendered,
                tender::TenderField::Reference => Slot::Reference,
            };
            (slot, message)
        })
    }

    /// Change for the cash typed so far, when it covers what is due.
    pub fn change(&self) -> Option<Fen> {
        tender::change(&self.tendered.input.value(), self.due()?)
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        match self.focus {
            Slot::Bills => &[
                Action::ToggleItem,
                Action::SelectAll,
                Action::NextField,
                Action::Submit,
                Action::Back,
            ],
            _ => &[
                Action::NextField,
                Action::Submit,
                Action::Back,
                Action::Help,
            ],
        }
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        render::render(self, frame, area, ctx.lang);
    }
}
