//! One account's transfer checklist: what the store said of the account, what the clerk
//! has settled so far, and what Enter or a form's submit on it asks the app to do.

use chrono::NaiveDate;

use super::{
    ChecklistLoad, H_HOUSEHOLD, H_ID, H_NAME, H_PHONE, R_MANAGER, R_PIN, R_REASON, Row, SubForm,
    TransferCommand, rules,
};
use crate::db::account::AccountSummary;
use crate::db::cash::{Approval, PaymentKey};
use crate::domain::transfer::{
    BalanceChoice, Facts, HolderInput, NewHolder, Step, StepState, check_holder, checklist,
};
use crate::i18n::{self, Localized};
use crate::tui::screens::{Command, Ctx, Reply};
use crate::tui::widgets::form::{Field, Form};

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
    pub(super) fn prefill(&mut self) {
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

    pub(super) fn holder_form(&self) -> Form {
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

    pub(super) fn refund_form() -> Form {
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

impl Checklist {
    /// Enter on a row: the step's own action.
    pub(super) fn act(&mut self, row: Option<Row>, ctx: &Ctx<'_>) -> Reply {
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

    pub(super) fn submit_form(&mut self, ctx: &Ctx<'_>, today: NaiveDate) -> Reply {
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
                    // The same person cannot be both sides: said under the ID number
                    // rather than leaving step 6 undone without a word.
                    Ok(h)
                        if self.load.situation.id_number.as_deref()
                            == Some(h.id_number.as_str()) =>
                    {
                        f.fail(H_ID, i18n::TRANSFER_SAME_HOLDER.get(ctx.lang).into());
                        Reply::Done
                    }
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
