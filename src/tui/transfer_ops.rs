//! The app's side of ownership transfer (F6): running the screen's commands against
//! `db::transfer` with the session's actor and the offices' date. Arrears are paid and
//! the final reading typed through the cash desk's own forms, opened over the checklist;
//! coming back to the checklist reads the account again.

use crate::db::transfer::{self, TransferError};
use crate::domain::transfer::TransferRules;
use crate::i18n::{self, Localized};

use super::app::App;
use super::screens::Screen;
use super::screens::outcome::{FormOf, Outcome};
use super::screens::transfer::{
    ChecklistLoad, R_MANAGER, R_PIN, R_REASON, TransferCommand, TransferScreen, WORKLIST_LIMIT,
};

impl App {
    /// Opens the F6 worklist over Home and reads it.
    pub(crate) fn open_transfer(&mut self) {
        let today = self.rules.local_day(self.clock.now());
        if !matches!(self.screen(), Screen::Transfer(_)) {
            self.navigate(Screen::Transfer(Box::new(TransferScreen::new(today))));
        }
        self.execute_transfer(TransferCommand::LoadWorklist);
    }

    /// The checklist on top again (after a payment or a reading over it): read again.
    pub(crate) fn reload_transfer(&mut self) {
        if let Screen::Transfer(t) = self.screen()
            && let Some(account_id) = t.checklist_account()
        {
            self.execute_transfer(TransferCommand::Load { account_id });
        }
    }

    pub(crate) fn execute_transfer(&mut self, command: TransferCommand) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let lang = self.lang;
        let now = self.clock.now();
        let today = self.rules.local_day(now);
        match command {
            TransferCommand::LoadWorklist => {
                let rows =
                    transfer::worklist(&self.store, actor.office_id.unwrap_or(0), WORKLIST_LIMIT)
                        .map_err(|e| e.localized(lang));
                self.deliver(Outcome::TransferWorklist(rows));
            }
            TransferCommand::Load { account_id } => {
                let load = transfer::situation(&self.store, account_id, today).and_then(|s| {
                    let pending = transfer::pending_of_account(&self.store, account_id)?;
                    let latest = transfer::latest_done(&self.store, account_id)?;
                    Ok(ChecklistLoad {
                        situation: s,
                        pending,
                        latest,
                    })
                });
                match load {
                    Ok(load) => {
                        // From the customer view (t): the F6 screen opens on this account,
                        // over the view, so that Esc comes back to it.
                        if matches!(self.screen(), Screen::Customer(_)) {
                            self.stack.push(Screen::Transfer(Box::new(
                                TransferScreen::over_customer(today),
                            )));
                        } else if !matches!(self.screen(), Screen::Transfer(_)) {
                            self.navigate(Screen::Transfer(Box::new(TransferScreen::new(today))));
                        }
                        self.deliver(Outcome::TransferChecklist(Box::new(load)));
                    }
                    Err(e) => self.error(e.localized(lang)),
                }
            }
            TransferCommand::Pay { account_id } => {
                self.execute(super::screens::Command::Cash(
                    super::screens::cash_command::CashCommand::OpenPayment { account_id },
                ));
                // Settling the arrears: every open bill is ticked.
                if matches!(self.screen(), Screen::Payment(_)) {
                    self.deliver(Outcome::OpenBillsChosen);
                }
            }
            TransferCommand::Read { account_id } => {
                if let Some(view) = self.load_customer(account_id) {
                    self.stack.push(view);
                    self.execute(super::screens::Command::Cash(
                        super::screens::cash_command::CashCommand::OpenReading { account_id },
                    ));
                }
            }
            TransferCommand::Refund {
                account_id,
                approval,
                reason,
            } => {
                let manager = approval.staff_no.clone();
                match transfer::refund_balance(
                    &mut self.store,
                    &actor,
                    &approval,
                    account_id,
                    &reason,
                    now,
                ) {
                    Ok(refunds) => {
                        for paid in &refunds {
                            self.spool_receipt(&paid.receipt, false);
                        }
                        self.deliver(Outcome::TransferStepDone);
                        // What to hand back, and on which receipts: the amount is positive
                        // to the clerk even though the receipts reverse money.
                        let amount: i64 = refunds.iter().map(|p| p.receipt.total.get()).sum();
                        let receipts: Vec<&str> = refunds
                            .iter()
                            .map(|p| p.receipt.receipt_no.as_str())
                            .collect();
                        self.info(i18n::TRANSFER_REFUND_DONE.fill(
                            lang,
                            &[
                                (
                                    "amount",
                                    &crate::domain::money::Fen(amount.abs()).yuan_string(),
                                ),
                                ("receipts", &receipts.join("、")),
                                ("approver", &manager),
                            ],
                        ));
                        self.execute_transfer(TransferCommand::Load { account_id });
                    }
                    Err(e) => {
                        use crate::db::cash::CashError as C;
                        let field = match &e {
                            TransferError::Cash(C::Approval(_)) => R_PIN,
                            TransferError::Cash(C::ReasonRequired | C::Text(_)) => R_REASON,
                            TransferError::Cash(_) => R_MANAGER,
                            _ => R_REASON,
                        };
                        self.refused(FormOf::Transfer, Some(field), e.localized(lang));
                        // Refunds made before a refusal stand: the checklist shows them.
                        if let Screen::Transfer(t) = self.screen()
                            && t.checklist_account() == Some(account_id)
                            && let Ok(s) = transfer::situation(&self.store, account_id, today)
                            && let Screen::Transfer(t) = self.top()
                            && let super::screens::transfer::Mode::Checklist(c) = &mut t.mode
                        {
                            c.load.situation = s;
                        }
                    }
                }
            }
            TransferCommand::Back {
                account_id,
                transfer_id,
                approval,
                reason,
            } => {
                match transfer::transfer_back(
                    &mut self.store,
                    &actor,
                    &approval,
                    transfer_id,
                    &reason,
                    now,
                ) {
                    Ok(back) => self.transfer_done(back),
                    Err(e) => {
                        use crate::db::cash::CashError as C;
                        let field = match &e {
                            TransferError::Cash(C::Approval(_)) => R_PIN,
                            TransferError::Cash(_) => R_MANAGER,
                            _ => R_REASON,
                        };
                        self.refused(FormOf::Transfer, Some(field), e.localized(lang));
                        let _ = account_id;
                    }
                }
            }
            TransferCommand::CancelPending {
                pending_id,
                approval,
                reason,
            } => {
                let account_no = match self.screen() {
                    Screen::Transfer(t) => match &t.mode {
                        crate::tui::screens::transfer::Mode::Checklist(c) => {
                            c.load.situation.account_no.clone()
                        }
                        _ => String::new(),
                    },
                    _ => String::new(),
                };
                match transfer::cancel_pending(
                    &mut self.store,
                    &actor,
                    &approval,
                    pending_id,
                    &reason,
                    now,
                ) {
                    Ok(()) => {
                        self.info(i18n::TRANSFER_CANCELLED.fill(
                            lang,
                            &[("account", &crate::domain::text::sanitize(&account_no))],
                        ));
                        self.reload_transfer();
                    }
                    Err(e) => {
                        use crate::db::cash::CashError as C;
                        let field = match &e {
                            TransferError::Cash(C::Approval(_)) => R_PIN,
                            TransferError::Cash(_) => R_MANAGER,
                            _ => R_REASON,
                        };
                        self.refused(FormOf::Transfer, Some(field), e.localized(lang));
                    }
                }
            }
            TransferCommand::HolderAccounts {
                id_number,
                account_id,
            } => {
                let rows = transfer::accounts_of_holder(&self.store, &id_number, account_id)
                    .unwrap_or_default();
                self.deliver(Outcome::TransferHolderAccounts(rows));
            }
            TransferCommand::Commit(done) => {
                let account_id = done.account_id;
                match transfer::commit(
                    &mut self.store,
                    &actor,
                    TransferRules::builtin(),
                    &done,
                    now,
                ) {
                    Ok(committed) => {
                        if let Some(write) = committed.card_write_id {
                            self.write_reissued_card(write);
                        }
                        self.transfer_done(committed.transfer_id);
                    }
                    Err(e) => {
                        self.error(e.localized(lang));
                        self.execute_transfer(TransferCommand::Load { account_id });
                    }
                }
            }
        }
    }

    /// A transfer done (or a transfer back): its slip on screen and to the printer.
    fn transfer_done(&mut self, transfer_id: i64) {
        let lang = self.lang;
        match transfer::slip(&self.store, transfer_id) {
            Ok(slip) => {
                let demo = self.store.is_demo();
                let lines = crate::printout::transfer::slip_text(&slip, lang, demo);
                if let Screen::Transfer(t) = self.top() {
                    t.demo = demo;
                }
                self.spool(&format!("transfer-{}", slip.id), &lines);
                let done = if slip.source == "back" {
                    i18n::TRANSFER_BACK_DONE
                } else {
                    i18n::TRANSFER_DONE
                };
                self.info(done.fill(
                    lang,
                    &[("account", &slip.account_no), ("transfer", &slip.id)],
                ));
                self.deliver(Outcome::TransferCommitted(Box::new(slip)));
            }
            Err(e) => self.error(e.localized(lang)),
        }
    }

    /// Writes the new holder's card (the reissue the transfer made); a failure is said
    /// and the write stays listed for recovery at the cash desk.
    fn write_reissued_card(&mut self, write_id: i64) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let now = self.clock.now();
        let row = match crate::db::cash::card_write_by_id(&self.store, write_id) {
            Ok(row) => row,
            Err(e) => {
                self.error(e.localized(self.lang));
                return;
            }
        };
        let written = self
            .cards
            .issue_blank(&row.meter_serial)
            .map_err(crate::db::cash::CashError::from)
            .and_then(|()| {
                crate::db::cash::complete_card_write(
                    &mut self.store,
                    &actor,
                    write_id,
                    self.cards.as_mut(),
                    now,
                )
            });
        if let Err(e) = written {
            self.error(e.localized(self.lang));
        }
    }
}
