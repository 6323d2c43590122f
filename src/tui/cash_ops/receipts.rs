//! The cash desk's payment form and receipt screens on the app's side: opening the form,
//! pricing a top-up, showing a receipt after payment or void, and card-write outcomes.

use crate::db::cash::{self, CashError};
use crate::i18n::{self, Localized};

use super::super::app::App;
use super::super::drafts::{Drafts, Unfinished};
use super::super::screens::cash_command::CashCommand;
use super::super::screens::outcome::{FormOf, Outcome};
use super::super::screens::payment::{PaymentScreen, PaymentSetup};
use super::super::screens::receipt::ReceiptScreen;
use super::super::screens::{Command, Screen};

impl App {
    pub(super) fn open_payment(&mut self, account_id: i64) {
        let unfinished = self.unfinished_draft(account_id);
        if unfinished
            .as_ref()
            .is_some_and(|draft| self.committed_draft(&draft.key))
        {
            return;
        }
        // Said before anything is typed, not after the form is filled in.
        if cash::is_holding_account(&self.store, account_id).unwrap_or(false) {
            self.error(cash::CashError::HoldingAccount(account_id).localized(self.lang));
            return;
        }
        if let Some(session) = &self.session
            && let Err(e) = cash::shift_for_payment(&self.store, &session.actor)
        {
            self.error(e.localized(self.lang));
            return;
        }
        let conn = &self.store;
        let loaded = crate::db::account::get(conn, account_id)
            .map_err(|e| e.localized(self.lang))
            .and_then(|account| {
                let account =
                    account.ok_or_else(|| i18n::ACCOUNT_GONE.get(self.lang).to_string())?;
                let money =
                    cash::account_money(conn, account_id).map_err(|e| e.localized(self.lang))?;
                Ok((account, money))
            });
        match loaded {
            Ok((account, money)) => {
                let setup = PaymentSetup {
                    account,
                    money,
                    today: self.office_time().date_naive(),
                    demo: self.store.is_demo(),
                };
                let care = crate::db::care::marker_for_account(
                    &self.store,
                    account_id,
                    crate::domain::care::CareRules::builtin(),
                    self.lang,
                    self.office_time().date_naive(),
                )
                .ok()
                .flatten();
                let mut form = PaymentScreen::new(setup).with_care(care);
                let mut requote = None;
                if let Some(Unfinished { key, form: filled }) = unfinished {
                    form = form.with_key(key);
                    if let Some(filled) = &filled {
                        requote = form.restore(filled);
                    }
                    self.info(i18n::CD_DRAFT_RESUMED.get(self.lang).to_string());
                    form.saved_draft = filled;
                } else {
                    let draft = form.draft();
                    self.save_draft(account_id, form.key(), Some(draft.clone()));
                    form.saved_draft = Some(draft);
                }
                self.stack.push(Screen::Payment(Box::new(form)));
                if let Some(Command::Cash(CashCommand::Quote { meter_id, order })) = requote {
                    self.quote(meter_id, order);
                }
            }
            Err(message) => self.error(message),
        }
    }

    fn drafts(&self) -> Option<(Drafts, String)> {
        let staff_no = self.session.as_ref()?.staff.staff_no.clone();
        Some((Drafts::of_database(self.store.path()), staff_no))
    }

    /// This clerk's unfinished payment form for this account, if a session dropped with
    /// one open in the last minutes.
    fn unfinished_draft(&self, account_id: i64) -> Option<Unfinished> {
        let (drafts, staff_no) = self.drafts()?;
        drafts.find(&staff_no, account_id, self.clock.now())
    }

    /// Records the open form's key and what is filled in as the clerk's draft; says so
    /// when it cannot.
    fn save_draft(
        &mut self,
        account_id: i64,
        key: &cash::PaymentKey,
        form: Option<crate::tui::drafts::FormDraft>,
    ) {
        let Some((drafts, staff_no)) = self.drafts() else {
            return;
        };
        if drafts
            .remember(&staff_no, account_id, key, form, self.clock.now())
            .is_err()
        {
            self.error(i18n::CD_DRAFT_NOT_SAVED.get(self.lang).to_string());
        }
    }

    /// After every key: a payment form whose content changed is saved as the clerk's
    /// draft, so a dropped session brings it back filled in.
    pub(crate) fn keep_payment_draft(&mut self) {
        let Some((account_id, key, draft)) = self.screen().unsaved_draft() else {
            return;
        };
        self.save_draft(account_id, &key, Some(draft.clone()));
        self.deliver(Outcome::DraftSaved(draft));
    }

    /// Before every key: a key pressed on the receipt of a drafted payment proves the
    /// receipt reached the clerk, so its draft is done with. Until then (the session may
    /// have dropped with the receipt still on its way) the draft stays, and opening the
    /// customer's form again shows this receipt.
    pub(crate) fn receipt_seen(&mut self) {
        if self.overlay.is_some() {
            return;
        }
        let Some(key) = self.top().take_settled_draft() else {
            return;
        };
        if let Some((drafts, staff_no)) = self.drafts() {
            drafts.forget(&staff_no, &key);
        }
    }

    /// Opening a customer's payment form after a dropped session: if the unfinished
    /// form's submission was committed, its receipt is shown, not a new form.
    fn committed_draft(&mut self, key: &cash::PaymentKey) -> bool {
        match cash::receipt_for_key(&self.store, key) {
            Ok(Some((receipt, card_write))) => {
                let screen = ReceiptScreen::new(receipt, card_write, self.store.is_demo())
                    .settling(key.clone());
                self.stack.push(Screen::Receipt(Box::new(screen)));
                self.info(i18n::CD_DRAFT_WAS_COMMITTED.get(self.lang).to_string());
                true
            }
            _ => false,
        }
    }

    pub(super) fn quote(&mut self, meter_id: i64, order: cash::TopUpOrder) {
        let today = self.office_time().date_naive();
        let quote = cash::quote_top_up(&self.store, meter_id, order, today)
            .map_err(|e| e.localized(self.lang));
        self.deliver(Outcome::Quote(quote));
    }

    /// A payment taken: its receipt replaces the form, goes to the printer, and a top-up
    /// is written onto the card at once. Refused: the form stays, with its key.
    pub(super) fn after_payment(&mut self, paid: Result<cash::Paid, CashError>) {
        let paid = match paid {
            Ok(paid) => paid,
            Err(e) => {
                // A bill another counter paid leaves the form's list, and the clerk is
                // told by whom, when and on which receipt.
                if matches!(e, CashError::BillAlreadyPaid { .. })
                    && let Some(account_id) = self.screen().account_id()
                    && let Ok(money) = cash::account_money(&self.store, account_id)
                {
                    self.deliver(Outcome::MoneyReread(Box::new(money)));
                }
                self.refused(FormOf::Payment, None, e.localized(self.lang));
                return;
            }
        };
        // The draft of the form stays until the clerk acts on the receipt (`receipt_seen`).
        let settles = self.screen().payment_key();
        if !paid.replayed {
            self.spool_receipt(&paid.receipt, false);
        } else {
            self.info(i18n::CD_REPLAYED.get(self.lang).to_string());
        }
        let account_id = paid.receipt.account_id;
        let mut screen = ReceiptScreen::new(
            paid.receipt.clone(),
            paid.card_write.clone(),
            self.store.is_demo(),
        );
        if let Some(key) = settles {
            screen = screen.settling(key);
        }
        if matches!(self.screen(), Screen::Payment(_)) {
            self.stack.pop();
        }
        // The customer behind the receipt shows the new balance when the clerk goes back.
        if matches!(self.screen(), Screen::Customer(_))
            && self.screen().account_id() == Some(account_id)
            && let Some(fresh) = self.load_customer(account_id)
        {
            *self.top() = fresh;
        }
        self.stack.push(Screen::Receipt(Box::new(screen)));
        if let Some(write) = paid.card_write.filter(|w| w.state.unfinished()) {
            let result = self.write_card(write.id);
            self.card_write_shown(write.id, result);
        }
    }

    /// The outcome of a card write, on the receipt screens that show it.
    pub(super) fn card_write_shown(
        &mut self,
        card_write_id: i64,
        result: Result<cash::CardWriteRow, String>,
    ) {
        let row = match &result {
            Ok(row) => Some(row.clone()),
            // A failed write stays listed for recovery, with its attempts and state.
            Err(_) => cash::card_write_by_id(&self.store, card_write_id).ok(),
        };
        let Some(receipt_id) = row.as_ref().and_then(|r| r.receipt_id) else {
            return;
        };
        self.deliver(Outcome::CardWrite {
            receipt_id,
            row,
            error: result.err(),
        });
    }

    pub(super) fn open_receipt(&mut self, receipt_id: i64) {
        let loaded = cash::receipt_with_card_write(&self.store, receipt_id);
        match loaded {
            Ok((view, write)) => {
                let screen = ReceiptScreen::new(view, write, self.store.is_demo());
                self.stack.push(Screen::Receipt(Box::new(screen)));
            }
            Err(e) => self.error(e.localized(self.lang)),
        }
    }

    pub(super) fn receipt_reprinted(&mut self, view: cash::ReceiptView) {
        self.deliver(Outcome::ReceiptChanged(Box::new(view)));
    }

    /// A reversal approved: its receipt replaces the form and is printed; a screen still
    /// showing the original now shows it reversed.
    pub(super) fn after_void(&mut self, original: i64, paid: cash::Paid) {
        if !paid.replayed {
            self.spool_receipt(&paid.receipt, false);
        }
        if matches!(self.screen(), Screen::Void(_)) {
            self.stack.pop();
        }
        let original_view = cash::receipt(&self.store, original);
        let original_no = match original_view {
            Ok(view) => {
                let no = view.receipt_no.clone();
                self.deliver(Outcome::ReceiptChanged(Box::new(view)));
                no
            }
            Err(_) => String::new(),
        };
        self.info(i18n::CD_VOIDED.fill(
            self.lang,
            &[
                ("original", &crate::domain::text::sanitize(&original_no)),
                (
                    "receipt",
                    &crate::domain::text::sanitize(&paid.receipt.receipt_no),
                ),
            ],
        ));
        let screen = ReceiptScreen::new(paid.receipt, paid.card_write, self.store.is_demo());
        self.stack.push(Screen::Receipt(Box::new(screen)));
    }
}
