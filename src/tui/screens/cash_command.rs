//! What the cash-desk screens (F4 desk, payment form, receipt) ask the app to do. The
//! app runs each against the store in `tui::cash_ops` and answers the screen.

use chrono::NaiveDate;

use crate::db::cash::{Approval, CardReplacement, PaymentKey, Tender, TopUpOrder};
use crate::domain::money::Fen;
use crate::domain::receipt::{CashCount, PaymentMethod};
use crate::domain::tariff::Volume;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CashCommand {
    /// Re-read the desk (shift, totals, receipts, card writes to recover).
    Reload,
    OpenShift {
        float: Fen,
    },
    StartBalancing,
    ResumeShift,
    CloseShift {
        cash: CashCount,
        /// Batch totals of the non-cash methods, as counted.
        others: Vec<(PaymentMethod, Fen)>,
        reason: String,
    },
    /// Managers: reopen a closed shift of their office.
    ReopenShift {
        shift_id: i64,
        reason: String,
    },
    /// Open the payment form for an account (from the customer view).
    OpenPayment {
        account_id: i64,
    },
    /// Price a top-up for the form's preview; answered with `set_quote`.
    Quote {
        meter_id: i64,
        order: TopUpOrder,
    },
    PayBills {
        account_id: i64,
        bill_ids: Vec<i64>,
        tender: Tender,
        key: PaymentKey,
    },
    PayAdvance {
        account_id: i64,
        amount: Fen,
        tender: Tender,
        key: PaymentKey,
    },
    TopUp {
        meter_id: i64,
        order: TopUpOrder,
        tender: Tender,
        key: PaymentKey,
    },
    /// Write (or write again) a card purchase and verify it.
    WriteCard {
        card_write_id: i64,
    },
    /// Open the card replacement form over the customer view (`k`); refused, with why,
    /// for an account without an IC-card meter.
    OpenCardReplacement {
        account_id: i64,
    },
    /// 补卡: record the replacement (and take its fee), then write the meter's last
    /// purchase onto the new card.
    ReplaceCard(CardReplacement),
    /// Open the reading form over the customer view (`m`).
    OpenReading {
        account_id: i64,
    },
    /// Record a meter reading typed at the counter; bills the gas used since the last.
    RecordReading {
        meter_id: i64,
        read_on: NaiveDate,
        register: Volume,
    },
    /// Show a receipt (from the desk's list).
    OpenReceipt {
        receipt_id: i64,
    },
    /// 补打: print again, audited.
    Reprint {
        receipt_id: i64,
    },
    /// Open the void/refund form (reason, then a manager's number and PIN) for a receipt.
    StartVoid {
        receipt_id: i64,
    },
    /// Reverse a receipt, approved by a manager at this terminal.
    Void {
        receipt_id: i64,
        reason: String,
        approval: Approval,
        key: PaymentKey,
    },
    /// Demo only: make the simulated card reader fail its next write.
    SimulateCardFailure,
}
