//! Ownership transfer (过户, F6): the office's worklist of pending transfers (from the
//! property registry) and the checklist of one account's transfer, seven steps in order,
//! each showing its state. Arrears are paid through the cash desk's payment form and the
//! final reading through the reading form, both opened over the checklist; the balance
//! is carried with the old holder's consent or refunded with a manager's approval; the
//! documents of `data/transfer.toml` are ticked; the new holder is typed. The commit
//! shows the 过户单, which also goes to the printer.

mod checklist;
mod render;

pub use checklist::Checklist;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::{Command, Ctx, Reply};
use crate::db::account::AccountSummary;
use crate::db::cash::Approval;
use crate::db::transfer::{PendingTransfer, Situation, TransferSlip};
use crate::domain::money::Fen;
use crate::domain::transfer::{Step, TransferRules};
use crate::i18n;
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::form::{Form, FormEvent};
use crate::tui::widgets::table::Selection;

/// How many pending transfers the worklist reads.
pub const WORKLIST_LIMIT: usize = 200;

/// What the screen asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferCommand {
    LoadWorklist,
    /// Reads (again) the account's situation for the checklist.
    Load {
        account_id: i64,
    },
    /// The payment form over the checklist, every open bill ticked.
    Pay {
        account_id: i64,
    },
    /// The customer view and the reading form over the checklist.
    Read {
        account_id: i64,
    },
    /// Refunds the balance to the old holder (a manager approves).
    Refund {
        account_id: i64,
        approval: Approval,
        reason: String,
    },
    /// The new holder's other accounts, to show (never a refusal).
    HolderAccounts {
        id_number: String,
        account_id: i64,
    },
    /// Cancels the account's pending transfer (a manager approves).
    CancelPending {
        pending_id: i64,
        approval: Approval,
        reason: String,
    },
    /// Undoes the account's latest transfer (a manager approves).
    Back {
        account_id: i64,
        transfer_id: i64,
        approval: Approval,
        reason: String,
    },
    Commit(Box<crate::db::transfer::Completion>),
}

/// The situation of the checklist's account as the store has it, with its pending
/// transfer (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistLoad {
    pub situation: Situation,
    pub pending: Option<PendingTransfer>,
    /// The account's latest done transfer, which a transfer back would undo.
    pub latest: Option<i64>,
}

/// A row of the checklist: a step, or one document under step 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Step(Step),
    Document(usize),
}

/// A form open over the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubForm {
    Holder(Form),
    Refund(Form),
    /// The transfer back's approval: the same fields as the refund's.
    Back(Form),
    /// Cancelling the account's pending transfer: the same fields again.
    Cancel(Form),
}

pub const H_NAME: usize = 0;
pub const H_ID: usize = 1;
pub const H_PHONE: usize = 2;
pub const H_HOUSEHOLD: usize = 3;
pub const R_MANAGER: usize = 0;
pub const R_PIN: usize = 1;
pub const R_REASON: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Worklist,
    Checklist(Box<Checklist>),
    /// The 过户单 of a committed transfer, scrolled down by this many lines.
    Slip(Box<TransferSlip>, u16),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferScreen {
    pub today: NaiveDate,
    pub worklist: Vec<PendingTransfer>,
    pub selection: Selection,
    pub mode: Mode,
    /// Why the worklist cannot be shown, if the store said so.
    pub error: Option<String>,
    /// Opened with `t` over a customer's view: Esc from the checklist or the slip goes
    /// back to that customer, not to the office's worklist.
    pub over_customer: bool,
    /// The slip on screen is framed DEMO as the printed one is.
    pub demo: bool,
}

fn rules() -> &'static TransferRules {
    TransferRules::builtin()
}

impl TransferScreen {
    pub fn new(today: NaiveDate) -> TransferScreen {
        TransferScreen {
            today,
            worklist: Vec::new(),
            selection: Selection::default(),
            mode: Mode::Worklist,
            error: None,
            over_customer: false,
            demo: false,
        }
    }

    /// The checklist of one account, opened from its customer view.
    pub fn over_customer(today: NaiveDate) -> TransferScreen {
        TransferScreen {
            over_customer: true,
            ..TransferScreen::new(today)
        }
    }

    pub fn set_worklist(&mut self, rows: Result<Vec<PendingTransfer>, String>) {
        match rows {
            Ok(rows) => {
                self.worklist = rows;
                self.error = None;
                if self.selection.selected >= self.worklist.len() {
                    self.selection.reset();
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The account read again: a new checklist, or the open one with fresh facts.
    pub fn set_checklist(&mut self, load: ChecklistLoad) {
        match &mut self.mode {
            Mode::Checklist(c) if c.load.situation.account_id == load.situation.account_id => {
                let pending_changed = c.load.pending != load.pending;
                c.load = load;
                if pending_changed {
                    // A cancelled registry transfer takes its new holder with it.
                    c.holder = None;
                    c.form = None;
                    c.prefill();
                }
            }
            _ => self.mode = Mode::Checklist(Box::new(Checklist::new(load))),
        }
    }

    pub fn set_holder_accounts(&mut self, rows: Vec<AccountSummary>) {
        if let Mode::Checklist(c) = &mut self.mode {
            c.holder_accounts = rows;
        }
    }

    pub fn set_slip(&mut self, slip: TransferSlip) {
        self.mode = Mode::Slip(Box::new(slip), 0);
    }

    /// A form's step was done (the refund): the form closes.
    pub fn done(&mut self) {
        if let Mode::Checklist(c) = &mut self.mode {
            c.form = None;
        }
    }

    pub fn checklist_account(&self) -> Option<i64> {
        match &self.mode {
            Mode::Checklist(c) => Some(c.load.situation.account_id),
            _ => None,
        }
    }

    pub fn has_form(&self) -> bool {
        matches!(&self.mode, Mode::Checklist(c) if c.form.is_some())
    }

    pub fn is_dirty(&self) -> bool {
        matches!(&self.mode, Mode::Checklist(c)
            if c.form.as_ref().is_some_and(|f| match f {
                SubForm::Holder(f) | SubForm::Refund(f) | SubForm::Back(f) | SubForm::Cancel(f) => f.is_dirty(),
            }) || !c.seen.is_empty())
    }

    pub fn scopes(&self) -> Vec<Scope> {
        if self.has_form() {
            vec![Scope::Form]
        } else {
            vec![Scope::Transfer]
        }
    }

    pub fn fail_at(&mut self, field: Option<usize>, message: String) -> bool {
        match &mut self.mode {
            Mode::Checklist(c) => match &mut c.form {
                Some(
                    SubForm::Holder(f) | SubForm::Refund(f) | SubForm::Back(f) | SubForm::Cancel(f),
                ) => {
                    f.fail(field.unwrap_or(0), message);
                    true
                }
                None => false,
            },
            _ => false,
        }
    }

    pub fn on_paste(&mut self, text: &str) -> Reply {
        match &mut self.mode {
            Mode::Checklist(c) => match &mut c.form {
                Some(
                    SubForm::Holder(f) | SubForm::Refund(f) | SubForm::Back(f) | SubForm::Cancel(f),
                ) => Reply::pasted(Some(f.paste(text)), text),
                None => Reply::Done,
            },
            _ => Reply::Done,
        }
    }

    pub fn footer_actions(&self) -> &'static [Action] {
        match &self.mode {
            Mode::Worklist => &[
                Action::Open,
                Action::SelectNext,
                Action::Refresh,
                Action::GoSearch,
                Action::Back,
                Action::Help,
            ],
            Mode::Checklist(c) if c.form.is_some() => &[
                Action::Submit,
                Action::NextField,
                Action::Back,
                Action::Quit,
            ],
            // Refund, revert and cancel only where there is something to act on.
            Mode::Checklist(c) => {
                use Action::*;
                let refund = c.load.situation.balance.is_positive();
                let back = c.load.latest.is_some();
                let cancel = c.load.pending.is_some();
                match (refund, back, cancel) {
                    (false, false, false) => {
                        &[Open, TransferCase, TransferAgent, TransferCommit, Back]
                    }
                    (true, false, false) => &[
                        Open,
                        TransferCase,
                        TransferAgent,
                        TransferRefund,
                        TransferCommit,
                        Back,
                    ],
                    (false, true, false) => &[
                        Open,
                        TransferCase,
                        TransferAgent,
                        TransferCommit,
                        TransferBack,
                        Back,
                    ],
                    (false, false, true) => &[
                        Open,
                        TransferCase,
                        TransferAgent,
                        TransferCommit,
                        TransferCancel,
                        Back,
                    ],
                    (true, true, false) => &[
                        Open,
                        TransferCase,
                        TransferAgent,
                        TransferRefund,
                        TransferCommit,
                        TransferBack,
                        Back,
                    ],
                    (true, false, true) => &[
                        Open,
                        TransferCase,
                        TransferAgent,
                        TransferRefund,
                        TransferCommit,
                        TransferCancel,
                        Back,
                    ],
                    (false, true, true) => &[
                        Open,
                        TransferCase,
                        TransferAgent,
                        TransferCommit,
                        TransferBack,
                        TransferCancel,
                        Back,
                    ],
                    (true, true, true) => &[
                        Open,
                        TransferCase,
                        TransferAgent,
                        TransferRefund,
                        TransferCommit,
                        TransferBack,
                        TransferCancel,
                        Back,
                    ],
                }
            }
            Mode::Slip(..) => &[
                Action::SelectNext,
                Action::SelectPrev,
                Action::Back,
                Action::GoSearch,
                Action::Help,
            ],
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx<'_>, key: &KeyEvent) -> Reply {
        let chord = KeyChord::from_event(key);
        let today = self.today;
        match &mut self.mode {
            Mode::Worklist => {
                let action = ctx.keymap.action_in(&[Scope::Transfer], &chord);
                match action {
                    Some(Action::SelectNext) => {
                        self.selection.next(self.worklist.len());
                        Reply::Done
                    }
                    Some(Action::SelectPrev) => {
                        self.selection.prev();
                        Reply::Done
                    }
                    Some(Action::Refresh) => {
                        Reply::Run(Command::Transfer(TransferCommand::LoadWorklist))
                    }
                    Some(Action::Open) => match self.worklist.get(self.selection.selected) {
                        Some(p) => Reply::Run(Command::Transfer(TransferCommand::Load {
                            account_id: p.account_id,
                        })),
                        None => Reply::Done,
                    },
                    _ => Reply::Pass,
                }
            }
            Mode::Slip(_, scroll) => {
                let action = ctx.keymap.action_in(&[Scope::Transfer], &chord);
                match action {
                    // The app pops this screen: the customer view below is read again.
                    Some(Action::Back) if self.over_customer => Reply::Pass,
                    Some(Action::Back) => {
                        self.mode = Mode::Worklist;
                        Reply::Run(Command::Transfer(TransferCommand::LoadWorklist))
                    }
                    Some(Action::SelectNext) => {
                        *scroll = (*scroll + 1).min(40);
                        Reply::Done
                    }
                    Some(Action::SelectPrev) => {
                        *scroll = scroll.saturating_sub(1);
                        Reply::Done
                    }
                    _ => Reply::Pass,
                }
            }
            Mode::Checklist(c) => {
                if let Some(form) = &mut c.form {
                    let event = match form {
                        SubForm::Holder(f)
                        | SubForm::Refund(f)
                        | SubForm::Back(f)
                        | SubForm::Cancel(f) => f.handle_key(ctx.keymap, key),
                    };
                    let back = ctx.keymap.action_in(&[Scope::Form], &chord) == Some(Action::Back);
                    return match event {
                        FormEvent::Submit => c.submit_form(ctx, today),
                        FormEvent::Refused => Reply::Refused,
                        FormEvent::Ignored if back => {
                            c.form = None;
                            Reply::Done
                        }
                        FormEvent::Ignored => Reply::Pass,
                        _ => Reply::Done,
                    };
                }
                let action = ctx.keymap.action_in(&[Scope::Transfer], &chord);
                let rows = c.rows();
                let account_id = c.load.situation.account_id;
                match action {
                    Some(Action::SelectNext) => {
                        c.cursor = (c.cursor + 1).min(rows.len() - 1);
                        Reply::Done
                    }
                    Some(Action::SelectPrev) => {
                        c.cursor = c.cursor.saturating_sub(1);
                        Reply::Done
                    }
                    Some(Action::Refresh) => {
                        Reply::Run(Command::Transfer(TransferCommand::Load { account_id }))
                    }
                    Some(Action::TransferCase) => {
                        c.case = (c.case + 1) % rules().cases.len();
                        Reply::Done
                    }
                    Some(Action::TransferAgent) => {
                        c.by_agent = !c.by_agent;
                        Reply::Done
                    }
                    Some(Action::TransferRefund) => {
                        if c.load.situation.balance.is_positive() {
                            c.form = Some(SubForm::Refund(Checklist::refund_form()));
                            Reply::Done
                        } else {
                            Reply::Refuse(i18n::TRANSFER_NOTHING_TO_REFUND.get(ctx.lang).into())
                        }
                    }
                    Some(Action::TransferBack) => {
                        if c.load.latest.is_some() {
                            c.form = Some(SubForm::Back(Checklist::refund_form()));
                            Reply::Done
                        } else {
                            Reply::Refuse(i18n::TRANSFER_NO_TRANSFER.get(ctx.lang).into())
                        }
                    }
                    Some(Action::TransferCancel) => {
                        if c.load.pending.is_some() {
                            c.form = Some(SubForm::Cancel(Checklist::refund_form()));
                            Reply::Done
                        } else {
                            Reply::Refuse(i18n::TRANSFER_NO_PENDING.get(ctx.lang).into())
                        }
                    }
                    Some(Action::TransferCommit) => match c.completion(today) {
                        Some(done) if c.ready() => {
                            Reply::Run(Command::Transfer(TransferCommand::Commit(Box::new(done))))
                        }
                        _ => Reply::Refuse(i18n::TRANSFER_NOT_READY.get(ctx.lang).into()),
                    },
                    Some(Action::Open) => c.act(rows.get(c.cursor).copied(), ctx),
                    // The app pops this screen: the customer view below is read again.
                    Some(Action::Back) if self.over_customer => Reply::Pass,
                    Some(Action::Back) => {
                        self.mode = Mode::Worklist;
                        Reply::Run(Command::Transfer(TransferCommand::LoadWorklist))
                    }
                    _ => Reply::Pass,
                }
            }
        }
    }
}

/// The money figure of a step, for its detail column.
pub fn yuan(f: Fen) -> String {
    f.yuan_string()
}
