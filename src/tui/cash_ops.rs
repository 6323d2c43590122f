//! The app's side of the cash desk: running the screens' commands against the store with
//! the session's actor, the app's clock, card reader and printer spool. Every refusal is
//! shown in the catalog's words, in the form it concerns when there is one.

use std::path::{Path, PathBuf};

use crate::db::cash::{self, CashError};
use crate::db::queue as q;
use crate::domain::money::Fen;
use crate::domain::role::Permission;
use crate::i18n::{self, Localized};
use crate::keymap::{Action, Scope};

mod receipts;

use super::app::App;
use super::screens::Screen;
use super::screens::cash::void::{self, VoidScreen};
use super::screens::cash::{CashScreen, DeskView};
use super::screens::cash_command::CashCommand;
use super::screens::outcome::{FormOf, Outcome, Shows};
use super::screens::reading;
use super::screens::replace_card::ReplaceCardScreen;

/// The simulated reader's folder for a database file: `demo.sqlite.cards` beside it.
pub fn cards_dir(db: &Path) -> PathBuf {
    crate::files::beside(db, ".cards")
}

impl App {
    /// Re-reads the desk (if one is open) from the store.
    pub fn reload_cash(&mut self) {
        let Some(session) = &self.session else { return };
        if !self
            .stack
            .iter()
            .any(|s| matches!(s.shows(), Some(Shows::Desk { .. })))
        {
            return;
        }
        let actor = session.actor.clone();
        self.seen_version = self.store.data_version().unwrap_or(self.seen_version);
        let conn = &self.store;
        let office = actor.office_id.unwrap_or(1);
        let manager = actor.require(Permission::Supervise).is_ok();
        let loaded = (|| -> Result<DeskView, CashError> {
            let shift = match actor.staff_id {
                Some(staff) => cash::current_shift(conn, staff)?,
                None => None,
            };
            let (totals, receipts) = match &shift {
                Some(s) => (
                    cash::shift_totals(conn, s.id)?,
                    cash::shift_receipts(conn, s.id)?,
                ),
                None => (Vec::new(), Vec::new()),
            };
            let card_writes = cash::unfinished_card_writes(conn, office)?;
            let closed_shifts = match q::current_day(conn, office)? {
                Some(day) if manager => cash::shifts_of_day(conn, day.id)?
                    .into_iter()
                    .filter(|s| s.state == cash::ShiftState::Closed)
                    .collect(),
                _ => Vec::new(),
            };
            Ok(DeskView {
                shift,
                totals,
                receipts,
                card_writes,
                closed_shifts,
            })
        })();
        match loaded {
            Ok(desk) => {
                self.deliver(Outcome::DeskLoaded(Box::new(desk)));
            }
            Err(e) => self.error(e.localized(self.lang)),
        }
    }

    /// Opens the desk (F4) over Home.
    pub(crate) fn open_cash_desk(&mut self) {
        let Some(session) = &self.session else { return };
        let manager = session.actor.require(Permission::Supervise).is_ok();
        if !matches!(self.screen(), Screen::Cash(_)) {
            let screen = CashScreen::new(self.store.is_demo(), manager);
            self.navigate(Screen::Cash(Box::new(screen)));
        }
        self.reload_cash();
    }

    /// A refusal for the desk: in its open form if it has one, else on the message line.
    fn desk_refused(&mut self, field: Option<usize>, message: String) {
        self.refused(FormOf::Desk, field, message);
    }

    fn desk_done(&mut self) {
        self.deliver(Outcome::DeskDone);
    }

    /// Writes `text` to the printer spool; a failure is said, the receipt stands.
    pub(super) fn spool(&mut self, stem: &str, lines: &[String]) {
        let Some(dir) = self.spool_dir.clone() else {
            return;
        };
        if let Err(e) = crate::spool::write_spool(
            &self.store,
            &dir,
            &crate::files::safe_stem(stem, &['-']),
            &lines.join("\n"),
        ) {
            self.error(i18n::CD_SPOOL_FAILED.fill(self.lang, &[("detail", &e)]));
        }
    }

    pub(super) fn spool_receipt(&mut self, view: &cash::ReceiptView, reprint: bool) {
        let lines = crate::printout::receipt_text(view, self.lang, self.store.is_demo(), reprint);
        let stem = if reprint {
            format!("{}-reprint-{}", view.receipt_no, view.reprints)
        } else {
            view.receipt_no.clone()
        };
        self.spool(&stem, &lines);
    }

    /// Writes (or writes again) a card purchase with the app's reader and says how it went.
    pub(crate) fn write_card(&mut self, card_write_id: i64) -> Result<cash::CardWriteRow, String> {
        let Some(session) = &self.session else {
            return Err(String::new());
        };
        let actor = session.actor.clone();
        let now = self.clock.now();
        match cash::complete_card_write(
            &mut self.store,
            &actor,
            card_write_id,
            self.cards.as_mut(),
            now,
        ) {
            Ok(row) => {
                self.info(i18n::CD_CARD_WRITTEN.fill(
                    self.lang,
                    &[
                        ("meter", &crate::domain::text::sanitize(&row.meter_serial)),
                        ("count", &row.purchase_count),
                    ],
                ));
                Ok(row)
            }
            Err(e) => {
                let message = i18n::CD_CARD_FAILED.fill(
                    self.lang,
                    &[
                        ("error", &e.localized(self.lang)),
                        (
                            "key",
                            &self.keymap.key_label(Scope::Cash, Action::WriteCard),
                        ),
                    ],
                );
                self.error(message.clone());
                Err(message)
            }
        }
    }

    pub(crate) fn execute_cash(&mut self, command: CashCommand) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let now = self.clock.now();
        let lang = self.lang;
        match command {
            CashCommand::Reload => {}
            CashCommand::OpenShift { float } => {
                match cash::open_shift(&mut self.store, &actor, &self.rules, float, now) {
                    Ok(_) => {
                        self.desk_done();
                        self.info(
                            i18n::CD_SHIFT_OPENED.fill(lang, &[("float", &float.yuan_string())]),
                        );
                    }
                    Err(e) => self.desk_refused(Some(0), e.localized(lang)),
                }
            }
            // The close form may already be open over the desk: it stays.
            CashCommand::StartBalancing => match cash::start_balancing(&mut self.store, &actor) {
                Ok(_) => self.info(i18n::CD_BALANCING_STARTED.get(lang).to_string()),
                Err(e) => {
                    self.desk_done();
                    self.error(e.localized(lang));
                }
            },
            CashCommand::ResumeShift => match cash::resume_shift(&mut self.store, &actor) {
                Ok(_) => self.info(i18n::CD_RESUMED.get(lang).to_string()),
                Err(e) => self.error(e.localized(lang)),
            },
            CashCommand::CloseShift {
                cash: count,
                others,
                reason,
            } => match cash::close_shift(&mut self.store, &actor, &count, &others, &reason, now) {
                Ok(closed) => {
                    self.desk_done();
                    let variance: i64 = closed
                        .lines
                        .iter()
                        .map(|(t, counted)| counted.get() - t.expected.get())
                        .sum();
                    self.info(if closed.balanced() {
                        i18n::CD_CLOSED_BALANCED.get(lang).to_string()
                    } else {
                        i18n::CD_CLOSED_VARIANCE
                            .fill(lang, &[("variance", &Fen(variance).yuan_string())])
                    });
                }
                Err(e) => self.desk_refused(None, e.localized(lang)),
            },
            CashCommand::ReopenShift { shift_id, reason } => {
                if actor.require(Permission::Supervise).is_err() {
                    self.error(i18n::CD_MANAGERS_ONLY.get(lang).to_string());
                } else {
                    match cash::reopen_shift(&mut self.store, &actor, shift_id, &reason) {
                        Ok(shift) => {
                            self.desk_done();
                            self.info(i18n::CD_REOPENED.fill(
                                lang,
                                &[
                                    ("shift", &shift.id),
                                    (
                                        "staff",
                                        &format!(
                                            "{} {}",
                                            crate::domain::text::sanitize(&shift.staff_no),
                                            crate::domain::text::sanitize(&shift.staff_name)
                                        ),
                                    ),
                                ],
                            ));
                        }
                        Err(e) => self.desk_refused(Some(0), e.localized(lang)),
                    }
                }
            }
            CashCommand::OpenPayment { account_id } => self.open_payment(account_id),
            CashCommand::Quote { meter_id, order } => self.quote(meter_id, order),
            CashCommand::PayBills {
                account_id,
                bill_ids,
                tender,
                key,
            } => {
                let paid = cash::pay_bills(
                    &mut self.store,
                    &actor,
                    &key,
                    account_id,
                    &bill_ids,
                    &tender,
                    now,
                );
                self.after_payment(paid);
            }
            CashCommand::PayAdvance {
                account_id,
                amount,
                tender,
                key,
            } => {
                let paid = cash::pay_advance(
                    &mut self.store,
                    &actor,
                    &key,
                    account_id,
                    amount,
                    &tender,
                    now,
                );
                self.after_payment(paid);
            }
            CashCommand::TopUp {
                meter_id,
                order,
                tender,
                key,
            } => {
                let paid =
                    cash::top_up(&mut self.store, &actor, &key, meter_id, order, &tender, now);
                self.after_payment(paid);
            }
            CashCommand::WriteCard { card_write_id } => {
                let result = self.write_card(card_write_id);
                self.card_write_shown(card_write_id, result);
            }
            CashCommand::OpenCardReplacement { account_id } => {
                self.open_card_replacement(account_id);
            }
            CashCommand::ReplaceCard(replacement) => self.replace_card(&replacement),
            CashCommand::OpenReading { account_id } => self.open_reading(account_id),
            CashCommand::RecordReading {
                meter_id,
                read_on,
                register,
            } => self.record_reading(meter_id, read_on, register),
            CashCommand::OpenReceipt { receipt_id } => self.open_receipt(receipt_id),
            CashCommand::Reprint { receipt_id } => {
                match cash::reprint(&mut self.store, &actor, receipt_id, now) {
                    Ok(view) => {
                        self.info(i18n::CD_REPRINTED.fill(
                            lang,
                            &[
                                ("receipt", &crate::domain::text::sanitize(&view.receipt_no)),
                                ("n", &view.reprints),
                            ],
                        ));
                        self.spool_receipt(&view, true);
                        self.receipt_reprinted(view);
                    }
                    Err(e) => self.error(e.localized(lang)),
                }
            }
            // What cannot be reversed is refused before anyone types a reason or a PIN;
            // so is a void with no shift to take the money out of.
            CashCommand::StartVoid { receipt_id } => {
                let voidable = cash::shift_for_payment(&self.store, &actor)
                    .and_then(|_| cash::voidable(&self.store, receipt_id));
                match voidable {
                    Ok(view) => self
                        .stack
                        .push(Screen::Void(Box::new(VoidScreen::new(view)))),
                    Err(e) => self.error(e.localized(lang)),
                }
            }
            CashCommand::Void {
                receipt_id,
                reason,
                approval,
                key,
            } => {
                let voided = cash::void_receipt(
                    &mut self.store,
                    &actor,
                    &approval,
                    receipt_id,
                    &reason,
                    &key,
                    now,
                );
                match voided {
                    Ok(paid) => self.after_void(receipt_id, paid),
                    Err(e) => self.refused(FormOf::Void, Some(void_field(&e)), e.localized(lang)),
                }
            }
            CashCommand::SimulateCardFailure => {
                if self.store.is_demo() {
                    self.cards.fail_next_writes(1);
                    self.info(i18n::CD_SIMULATE_ARMED.get(lang).to_string());
                } else {
                    self.error(i18n::CD_SIMULATE_DEMO_ONLY.get(lang).to_string());
                }
            }
        }
        self.reload_cash();
    }
}

impl App {
    /// The offices' date: readings may not be dated after it.
    fn office_day(&self) -> chrono::NaiveDate {
        self.rules.local_day(self.clock.now())
    }

    /// Opens the reading form over the customer view, for its mechanical or IoT meter.
    fn open_reading(&mut self, account_id: i64) {
        let today = self.office_day();
        let Some(opened) = self.screen().reading_form(account_id, today) else {
            return;
        };
        match opened {
            Ok(form) => {
                // The last reading is shown before anything is typed.
                let previous = match cash::last_reading(&self.store, form.meter_id) {
                    Ok(previous) => previous,
                    Err(e) => {
                        self.error(e.localized(self.lang));
                        None
                    }
                };
                let form = form.with_previous(previous);
                self.stack.push(Screen::Reading(Box::new(form)));
            }
            Err(why) => self.error(why.get(self.lang).to_string()),
        }
    }

    /// Records a reading typed at the counter. Done, the form closes and the customer
    /// view is read again so the new bill shows among those owed; refused, the form
    /// stays open with the reason under the field it concerns.
    fn record_reading(
        &mut self,
        meter_id: i64,
        read_on: chrono::NaiveDate,
        register: crate::domain::tariff::Volume,
    ) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let lang = self.lang;
        let today = self.office_day();
        let now = self.clock.now();
        match cash::record_reading(
            &mut self.store,
            &actor,
            meter_id,
            read_on,
            register,
            today,
            now,
        ) {
            Ok(bill) => {
                let account_id = match self.screen() {
                    reading @ Screen::Reading(_) => {
                        let id = reading.account_id();
                        self.stack.pop();
                        id
                    }
                    _ => None,
                };
                if let Some(id) = account_id
                    && matches!(self.screen(), Screen::Customer(_))
                    && let Some(view) = self.load_customer(id)
                {
                    *self.top() = view;
                }
                self.info(match bill {
                    Some(b) => i18n::RD_BILLED.fill(
                        lang,
                        &[
                            ("from", &b.period_from),
                            ("to", &b.period_to),
                            ("volume", &crate::printout::m3(b.volume)),
                            ("amount", &b.amount.yuan_string()),
                        ],
                    ),
                    None => i18n::RD_NO_BILL.get(lang).to_string(),
                });
            }
            Err(e) => {
                let field = match &e {
                    CashError::ReadingInFuture(_) | CashError::ReadingExists => reading::DATE,
                    _ => reading::REGISTER,
                };
                self.refused(FormOf::Reading, Some(field), e.localized(lang));
            }
        }
    }
}

impl App {
    /// Opens the card replacement form over the customer view, with the fee the tariff
    /// sets for the customer; refused at once, with why, without an IC-card meter, and
    /// when a fee is due and no shift is open to take it.
    fn open_card_replacement(&mut self, account_id: i64) {
        let Some(opened) = self.screen().card_replacement_form(account_id) else {
            return;
        };
        let lang = self.lang;
        let mut form: ReplaceCardScreen = match opened {
            Ok(form) => form,
            Err(why) => return self.error(why.get(lang).to_string()),
        };
        form.fee = match cash::card_replacement_fee(&self.store, form.meter_id) {
            Ok(fee) => fee,
            Err(e) => return self.error(e.localized(lang)),
        };
        if form.fee.is_positive()
            && let Some(session) = &self.session
            && cash::shift_for_payment(&self.store, &session.actor).is_err()
        {
            let fee = form.fee.yuan_string();
            return self.error(i18n::CR_NEEDS_SHIFT.fill(lang, &[("fee", &fee)]));
        }
        self.stack.push(Screen::ReplaceCard(Box::new(form)));
    }

    /// Replaces the card. Done, the form closes, the customer view is read again, the
    /// fee's receipt goes to the printer and the message line says so; refused, the form
    /// stays open with the reason.
    fn replace_card(&mut self, replacement: &cash::CardReplacement) {
        let Some(session) = &self.session else { return };
        let actor = session.actor.clone();
        let lang = self.lang;
        let now = self.clock.now();
        let replaced = cash::replace_card(
            &mut self.store,
            &actor,
            replacement,
            self.cards.as_mut(),
            now,
        );
        let replaced = match replaced {
            Ok(replaced) => replaced,
            Err(e) => return self.refused(FormOf::ReplaceCard, None, e.localized(lang)),
        };
        if let form @ Screen::ReplaceCard(_) = self.screen() {
            let id = form.account_id();
            self.stack.pop();
            if let Some(id) = id
                && matches!(self.screen(), Screen::Customer(_))
                && let Some(view) = self.load_customer(id)
            {
                *self.top() = view;
            }
        }
        if let Some(receipt) = &replaced.fee_receipt
            && !replaced.replayed
        {
            self.spool_receipt(receipt, false);
        }
        let sanitize = crate::domain::text::sanitize;
        let meter = sanitize(&replaced.write.meter_serial).into_owned();
        let count = replaced.write.purchase_count;
        if let Some(e) = &replaced.write_error {
            let receipt = replaced
                .fee_receipt
                .as_ref()
                .map(|r| i18n::CR_FEE_RECEIPT.fill(lang, &[("receipt", &sanitize(&r.receipt_no))]))
                .unwrap_or_default();
            let key = self.keymap.key_label(Scope::Cash, Action::WriteCard);
            return self.error(i18n::CD_REPLACE_WRITE_FAILED.fill(
                lang,
                &[
                    ("receipt", &receipt),
                    ("error", &e.localized(lang)),
                    ("key", &key),
                ],
            ));
        }
        self.info(match &replaced.fee_receipt {
            Some(r) => i18n::CD_CARD_REPLACED_FEE.fill(
                lang,
                &[
                    ("meter", &meter),
                    ("count", &count),
                    ("fee", &r.total.yuan_string()),
                    ("receipt", &sanitize(&r.receipt_no)),
                ],
            ),
            None => i18n::CD_CARD_REPLACED.fill(lang, &[("meter", &meter), ("count", &count)]),
        });
    }
}

/// The field of the void form a refusal concerns.
fn void_field(e: &CashError) -> usize {
    use crate::db::staff::LoginError;
    match e {
        CashError::ReasonRequired | CashError::Text(_) => void::REASON,
        CashError::ApproverIsRequester | CashError::ApproverNotManager { .. } => void::APPROVER,
        CashError::Approval(LoginError::WrongCredentials) => void::PIN,
        CashError::Approval(_) => void::APPROVER,
        _ => void::REASON,
    }
}
