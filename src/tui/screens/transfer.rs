//! Ownership transfer (过户, F6): the office's worklist of pending transfers (from the
//! property registry) and the checklist of one account's transfer, seven steps in order,
//! each showing its state. Arrears are paid through the cash desk's payment form and the
//! final reading through the reading form, both opened over the checklist; the balance
//! is carried with the old holder's consent or refunded with a manager's approval; the
//! documents of `data/transfer.toml` are ticked; the new holder is typed. The commit
//! shows the 过户单, which also goes to the printer.

mod render;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::{Command, Ctx, Reply};
use crate::db::account::AccountSummary;
use crate::db::cash::{Approval, PaymentKey};
use crate::db::transfer::{PendingTransfer, Situation, TransferSlip};
use crate::domain::money::Fen;
use crate::domain::transfer::{
    BalanceChoice, Facts, HolderInput, NewHolder, Step, StepState, TransferRules, check_holder,
    checklist,
};
use crate::i18n::{self, Localized};
use crate::keymap::{Action, KeyChord, Scope};
use crate::tui::widgets::form::{Field, Form, FormEvent};
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
pub struct Checklist {
    pub load: ChecklistLoad,
    /// Position of the case in `data/transfer.toml`.
    pub case: usize,
    pub by_agent: bool,
    pub seen: Vec<String>,
    pub holder: Option<NewHolder>,
    /// The new holder's other accounts.
    pub holder_accounts: Vec<AccountSummary>,
    pub consent: bool,
    pub cursor: usize,
    pub form: Option<SubForm>,
    /// The fee's payment key, chosen when the checklist opened.
    pub key: PaymentKey,
}

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

impl Checklist {
    pub fn new(load: ChecklistLoad) -> Checklist {
        let mut c = Checklist {
            load,
            case: 0,
            by_agent: false,
            seen: Vec::new(),
            holder: None,
            holder_accounts: Vec::new(),
            consent: false,
            cursor: 0,
            form: None,
            key: PaymentKey::new(),
        };
        c.prefill();
        c
    }

    /// A registry transfer comes with its new holder (the registry checked the papers).
    fn prefill(&mut self) {
        if let Some(p) = &self.load.pending {
            let input = HolderInput {
                name: p.new_name.clone(),
                id_number: p.new_id_number.clone(),
                phone: p.new_phone.clone(),
                household_size: p.new_household_size.to_string(),
            };
            self.holder = check_holder(&input, chrono::NaiveDate::MAX).ok();
        }
    }

    pub fn case_rule(&self) -> &'static crate::domain::transfer::CaseRule {
        &rules().cases[self.case.min(rules().cases.len() - 1)]
    }

    pub fn documents(&self) -> Vec<&'static crate::domain::transfer::DocumentRule> {
        rules().documents_of(self.case_rule(), self.by_agent)
    }

    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for step in Step::ALL {
            rows.push(Row::Step(step));
            if step == Step::Documents {
                rows.extend((0..self.documents().len()).map(Row::Document));
            }
        }
        rows
    }

    pub fn facts(&self) -> Facts {
        let s = &self.load.situation;
        let case = self.case_rule();
        Facts {
            account_active: s.active,
            other_pending: false,
            open_install: s.open_install.is_some(),
            card_unfinished: s.card_unfinished.is_some(),
            owed: s.owed,
            readings_missing: s.readings_missing.len(),
            has_postpaid: s.has_postpaid,
            balance: s.balance,
            balance_choice: s.balance.is_positive().then_some(BalanceChoice::Carry {
                consent: self.consent,
            }),
            documents_missing: rules().missing(case, self.by_agent, &self.seen).len(),
            same_holder: self
                .holder
                .as_ref()
                .is_some_and(|h| s.id_number.as_deref() == Some(h.id_number.as_str())),
            holder: self.holder.clone(),
            fee: case.fee(),
            fee_paid: false,
        }
    }

    pub fn states(&self) -> [StepState; 7] {
        checklist(&self.facts())
    }

    pub fn ready(&self) -> bool {
        crate::domain::transfer::ready_to_commit(&self.states())
    }

    fn holder_form(&self) -> Form {
        let mut form = Form::new(vec![
            Field::text(
                i18n::TRANSFER_LABEL_NAME,
                crate::domain::text::NAME_MAX_CHARS,
            ),
            Field::text(i18n::TRANSFER_LABEL_ID, 18),
            Field::text(i18n::TRANSFER_LABEL_MOBILE, 13),
            Field::text(i18n::TRANSFER_LABEL_HOUSEHOLD, 2),
        ]);
        if let Some(h) = &self.holder {
            form.fields[H_NAME].input.set(&h.name);
            form.fields[H_ID].input.set(h.id_number.as_str());
            form.fields[H_PHONE].input.set(h.phone.as_str());
            form.fields[H_HOUSEHOLD]
                .input
                .set(&h.household_size.to_string());
        }
        form
    }

    fn refund_form() -> Form {
        Form::new(vec![
            Field::text(i18n::TRANSFER_LABEL_MANAGER, 8),
            Field::secret(i18n::TRANSFER_LABEL_PIN, 12),
            Field::text(
                i18n::TRANSFER_LABEL_REASON,
                crate::domain::transfer::REASON_MAX,
            ),
        ])
    }

    /// What the commit sends: everything the checklist settled.
    pub fn completion(&self, day: NaiveDate) -> Option<crate::db::transfer::Completion> {
        let s = &self.load.situation;
        let fee = self.case_rule().fee();
        Some(crate::db::transfer::Completion {
            account_id: s.account_id,
            pending_id: self.load.pending.as_ref().map(|p| p.id),
            case: self.case_rule().code.clone(),
            by_agent: self.by_agent,
            documents: self.seen.clone(),
            new_holder: self.holder.clone()?,
            balance: s.balance.is_positive().then_some(BalanceChoice::Carry {
                consent: self.consent,
            }),
            fee: fee
                .is_positive()
                .then(|| (crate::db::cash::Tender::cash(None), self.key.clone())),
            day,
        })
    }
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
            Mode::Checklist(_) => &[
                Action::Open,
                Action::TransferCase,
                Action::TransferAgent,
                Action::TransferRefund,
                Action::TransferCommit,
                Action::TransferBack,
                Action::TransferCancel,
                Action::Back,
            ],
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

impl Checklist {
    /// Enter on a row: the step's own action.
    fn act(&mut self, row: Option<Row>, ctx: &Ctx<'_>) -> Reply {
        let account_id = self.load.situation.account_id;
        match row {
            Some(Row::Step(Step::Arrears)) if self.load.situation.owed.is_positive() => {
                Reply::Run(Command::Transfer(TransferCommand::Pay { account_id }))
            }
            Some(Row::Step(Step::Reading)) if !self.load.situation.readings_missing.is_empty() => {
                Reply::Run(Command::Transfer(TransferCommand::Read { account_id }))
            }
            Some(Row::Step(Step::Balance)) if self.load.situation.balance.is_positive() => {
                self.consent = !self.consent;
                Reply::Done
            }
            Some(Row::Document(i)) => {
                if let Some(d) = self.documents().get(i) {
                    let code = d.code.clone();
                    match self.seen.iter().position(|s| *s == code) {
                        Some(at) => {
                            self.seen.remove(at);
                        }
                        None => self.seen.push(code),
                    }
                }
                Reply::Done
            }
            Some(Row::Step(Step::NewHolder)) => {
                self.form = Some(SubForm::Holder(self.holder_form()));
                Reply::Done
            }
            Some(Row::Step(Step::Fee)) if self.case_rule().fee().is_positive() => Reply::Refuse(
                i18n::TRANSFER_FEE_AT_COMMIT
                    .fill(ctx.lang, &[("fee", &self.case_rule().fee().yuan_string())]),
            ),
            _ => Reply::Done,
        }
    }

    fn submit_form(&mut self, ctx: &Ctx<'_>, today: NaiveDate) -> Reply {
        let account_id = self.load.situation.account_id;
        match &mut self.form {
            Some(SubForm::Holder(f)) => {
                f.clear_errors();
                let input = HolderInput {
                    name: f.value(H_NAME),
                    id_number: f.value(H_ID),
                    phone: f.value(H_PHONE),
                    household_size: f.value(H_HOUSEHOLD),
                };
                match check_holder(&input, today) {
                    Ok(h) => {
                        let id_number = h.id_number.as_str().to_string();
                        self.holder = Some(h);
                        self.form = None;
                        Reply::Run(Command::Transfer(TransferCommand::HolderAccounts {
                            id_number,
                            account_id,
                        }))
                    }
                    Err(e) => {
                        use crate::domain::transfer::InputError as E;
                        let field = match e {
                            E::Name(_) => H_NAME,
                            E::IdNumber(_) => H_ID,
                            E::Phone(_) => H_PHONE,
                            _ => H_HOUSEHOLD,
                        };
                        f.fail(field, e.localized(ctx.lang));
                        Reply::Done
                    }
                }
            }
            Some(form @ (SubForm::Refund(_) | SubForm::Back(_) | SubForm::Cancel(_))) => {
                let back = matches!(form, SubForm::Back(_));
                let cancel = matches!(form, SubForm::Cancel(_));
                let (SubForm::Refund(f)
                | SubForm::Back(f)
                | SubForm::Cancel(f)
                | SubForm::Holder(f)) = form;
                f.clear_errors();
                let reason = f.value(R_REASON);
                if reason.trim().is_empty() {
                    f.fail(
                        R_REASON,
                        i18n::TRANSFER_REASON_REQUIRED.get(ctx.lang).into(),
                    );
                    return Reply::Done;
                }
                let approval = Approval {
                    staff_no: f.value(R_MANAGER),
                    pin: f.value(R_PIN),
                };
                if cancel && let Some(p) = &self.load.pending {
                    return Reply::Run(Command::Transfer(TransferCommand::CancelPending {
                        pending_id: p.id,
                        approval,
                        reason,
                    }));
                }
                Reply::Run(Command::Transfer(match (back, self.load.latest) {
                    (true, Some(transfer_id)) => TransferCommand::Back {
                        account_id,
                        transfer_id,
                        approval,
                        reason,
                    },
                    _ => TransferCommand::Refund {
                        account_id,
                        approval,
                        reason,
                    },
                }))
            }
            None => Reply::Done,
        }
    }
}

/// The money figure of a step, for its detail column.
pub fn yuan(f: Fen) -> String {
    f.yuan_string()
}
