//! The cash desk in the store: cash shifts, bill payments, advances, IC-card top-ups,
//! fees (a replacement card's), receipts, voids and refunds, meter readings and bills.
//!
//! Every operation is one [`Store::write`] (`BEGIN IMMEDIATE`, audit row in the same
//! transaction). The rules that keep money right are enforced here and again by the
//! schema (`sql/003_cash.sql`), never only by a screen:
//! - money goes only into the actor's own open shift, in their office;
//! - a receipt number is allocated from its series inside the paying transaction, so
//!   the series is gapless whatever fails or crashes;
//! - a bill is settled by a conditional update and a unique index: two counters paying
//!   it at once get one payment, and the other is told who paid it;
//! - a submission carries the key its form got when it opened: the same key again
//!   returns the first receipt instead of taking money twice;
//! - receipts and ledger entries are append-only: a void or refund is a new receipt that
//!   reverses the original, approved by a manager other than the requester.
//!
//! Values compared in WHERE and LIMIT are written `+?N`, as in `db::queue` (which says
//! why): every statement here runs while other counters wait for the write lock, and is
//! planned once (`payment_statements_are_planned_once`).

mod bill;
mod card;
mod check;
mod install_fee;
pub(in crate::db) mod pay;
mod replace;
mod shift;
mod view;
mod void;

pub use bill::{
    Bill, ReadingRow, ReadingSource, first_bills, import_readings, last_reading, record_reading,
};
pub use card::CARD_STEP;
pub use card::{
    CardWriteRow, CardWriteState, TopUpOrder, card_write_by_id, complete_card_write, quote_top_up,
    unfinished_card_writes,
};
pub use check::{LedgerFault, ledger_faults};
pub use install_fee::{holding_account_no, is_holding_account, pay_install_fee};
pub use pay::{Paid, PaymentKey, Tender, pay_advance, pay_bills, top_up};
pub use replace::{CardReplacement, Replaced, card_replacement_fee, replace_card};
pub use shift::{
    MethodTotal, Shift, ShiftClose, ShiftState, close_shift, current_shift, open_shift,
    reopen_shift, resume_shift, shift_for_payment, shift_totals, shifts_of_day, start_balancing,
};
pub use view::{
    AccountMoney, CardPurchase, InstallFeeFor, LedgerRow, ReceiptKind, ReceiptLine, ReceiptView,
    account_money, receipt, receipt_by_no, receipt_for_key, receipt_with_card_write, reprint,
    shift_receipts,
};
pub use void::{Approval, void_receipt, voidable};

use crate::card::CardError;
use crate::domain::money::{AmountError, Fen};
use crate::domain::receipt::{ReceiptNoError, ReferenceError, TenderError};
use crate::domain::role::{Permission, PermissionDenied};
use crate::domain::tariff::{TariffError, VolumeError};
use crate::domain::text::{TextError, sanitize};
use crate::i18n::{self, Lang, Localized};
use chrono::NaiveDate;

use super::queue::QueueError;
use super::staff::LoginError;
use super::{Actor, DbError};

/// Why the cash desk refused an operation. Each explains itself to the clerk.
#[derive(Debug, thiserror::Error)]
pub enum CashError {
    #[error("no open cash shift")]
    NoOpenShift,
    #[error("the cash shift is {0:?}")]
    ShiftNotOpen(ShiftState),
    #[error("a cash shift is already open")]
    ShiftAlreadyOpen,
    #[error("the cash shift is not being balanced")]
    ShiftNotBalancing,
    #[error("no cash shift {0}")]
    UnknownShift(i64),
    #[error("shift {0} is not closed")]
    ShiftNotClosed(i64),
    #[error("not staff of office {office}")]
    WrongOffice { office: i64 },
    #[error("no account {0}")]
    UnknownAccount(i64),
    #[error("account {0} is an office's new-install holding account")]
    HoldingAccount(i64),
    #[error("the fee of application {app_no} is not voided (finished or cancelled)")]
    InstallFeeLocked { app_no: String, cancelled: bool },
    #[error("no bill {0}")]
    UnknownBill(i64),
    #[error("bill {bill} belongs to another account")]
    BillOfOtherAccount { bill: i64 },
    #[error("bill {bill} was paid on receipt {receipt_no}")]
    BillAlreadyPaid {
        bill: i64,
        /// The bill's reading period, as the clerk knows the bill (never its id).
        period: (NaiveDate, NaiveDate),
        receipt_no: String,
        staff_no: String,
        staff_name: String,
        at: String,
    },
    #[error("no bills chosen")]
    NothingToPay,
    #[error("the account has no IC-card meter")]
    NotPrepaid,
    #[error("no meter {0}")]
    UnknownMeter(i64),
    #[error("the meter is not an IC-card meter")]
    MeterNotIcCard,
    #[error("the meter is an IC-card meter and is not billed")]
    MeterIsIcCard,
    #[error("amount over the cap of {cap}")]
    OverCap { cap: Fen },
    #[error("the same form submitted different payment")]
    KeyReused,
    #[error("demo file with a live receipt series (or the reverse)")]
    SeriesDatasetMismatch { series: String, file: String },
    #[error("no receipt {0}")]
    UnknownReceipt(String),
    #[error("receipt {receipt_no} was already reversed by {by}")]
    AlreadyReversed { receipt_no: String, by: String },
    #[error("a reversal cannot be reversed")]
    CannotReverseReversal,
    #[error("the requester cannot approve their own void")]
    ApproverIsRequester,
    #[error("{staff_no} is not a manager of this office")]
    ApproverNotManager { staff_no: String },
    #[error("approval: {0}")]
    Approval(LoginError),
    #[error("a reason is required")]
    ReasonRequired,
    #[error("counted amounts differ from expected; a reason is required")]
    VarianceNeedsReason,
    #[error("business day {day} is closed")]
    DayClosed { day: NaiveDate },
    #[error("the card write {0} is not waiting for recovery")]
    CardWriteNotPending(i64),
    #[error("the card write {0} is already done")]
    CardWriteDone(i64),
    #[error("no card write {0}")]
    UnknownCardWrite(i64),
    #[error("card: {0}")]
    Card(#[from] CardError),
    #[error("receipt {receipt_no}: the gas is already on the card")]
    CardAlreadyLoaded { receipt_no: String },
    #[error("no purchase on this card to write again")]
    NothingToReissue,
    #[error("reading lower than the last one ({last} L)")]
    ReadingGoesBack { last: i64 },
    #[error("a reading for that date exists")]
    ReadingExists,
    #[error("reading date {0} is in the future")]
    ReadingInFuture(NaiveDate),
    #[error(transparent)]
    Reading(#[from] crate::domain::reading::ReadingError),
    #[error(transparent)]
    Amount(#[from] AmountError),
    #[error(transparent)]
    Volume(#[from] VolumeError),
    #[error(transparent)]
    Tariff(#[from] TariffError),
    #[error(transparent)]
    Tender(#[from] TenderError),
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    #[error(transparent)]
    ReceiptNo(#[from] ReceiptNoError),
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Queue(QueueError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for CashError {
    fn from(e: rusqlite::Error) -> Self {
        CashError::Db(DbError::Sqlite(e))
    }
}

impl From<PermissionDenied> for CashError {
    fn from(e: PermissionDenied) -> Self {
        CashError::Db(DbError::Permission(e))
    }
}

impl From<QueueError> for CashError {
    fn from(e: QueueError) -> Self {
        match e {
            QueueError::Db(db) => CashError::Db(db),
            QueueError::DayClosed { day } => CashError::DayClosed { day },
            other => CashError::Queue(other),
        }
    }
}

impl Localized for CashError {
    fn localized(&self, lang: Lang) -> String {
        use CashError as E;
        let plain = |m: i18n::Msg| m.get(lang).to_string();
        match self {
            E::NoOpenShift => plain(i18n::CASH_NO_OPEN_SHIFT),
            E::ShiftNotOpen(state) => {
                i18n::CASH_SHIFT_NOT_OPEN.fill(lang, &[("state", &state.label().get(lang))])
            }
            E::ShiftAlreadyOpen => plain(i18n::CASH_SHIFT_ALREADY_OPEN),
            E::ShiftNotBalancing => plain(i18n::CASH_SHIFT_NOT_BALANCING),
            E::UnknownShift(id) => i18n::CASH_UNKNOWN_SHIFT.fill(lang, &[("shift", id)]),
            E::ShiftNotClosed(id) => i18n::CASH_SHIFT_NOT_CLOSED.fill(lang, &[("shift", id)]),
            E::WrongOffice { office } => i18n::Q_WRONG_OFFICE.fill(lang, &[("office", office)]),
            E::UnknownAccount(id) => i18n::CASH_UNKNOWN_ACCOUNT.fill(lang, &[("account", id)]),
            E::HoldingAccount(_) => i18n::CASH_HOLDING_ACCOUNT.get(lang).to_string(),
            E::InstallFeeLocked { app_no, cancelled } => if *cancelled {
                &i18n::CASH_INSTALL_FEE_CANCELLED
            } else {
                &i18n::CASH_INSTALL_FEE_COMPLETED
            }
            .fill(lang, &[("app", &crate::domain::text::sanitize(app_no))]),
            E::UnknownBill(id) => i18n::CASH_UNKNOWN_BILL.fill(lang, &[("bill", id)]),
            E::BillOfOtherAccount { bill } => {
                i18n::CASH_BILL_OF_OTHER_ACCOUNT.fill(lang, &[("bill", bill)])
            }
            E::BillAlreadyPaid {
                period: (from, to),
                receipt_no,
                staff_no,
                staff_name,
                at,
                ..
            } => i18n::CASH_BILL_ALREADY_PAID.fill(
                lang,
                &[
                    ("from", from),
                    ("to", to),
                    ("receipt", &sanitize(receipt_no)),
                    ("staff_no", &sanitize(staff_no)),
                    ("staff", &sanitize(staff_name)),
                    ("at", &crate::clock::office_minute_of_stamp(at)),
                ],
            ),
            E::NothingToPay => plain(i18n::CASH_NOTHING_TO_PAY),
            E::NotPrepaid => plain(i18n::CASH_NOT_PREPAID),
            E::UnknownMeter(id) => i18n::CASH_UNKNOWN_METER.fill(lang, &[("meter", id)]),
            E::MeterNotIcCard => plain(i18n::CASH_METER_NOT_IC_CARD),
            E::MeterIsIcCard => plain(i18n::CASH_METER_IS_IC_CARD),
            E::OverCap { cap } => i18n::CASH_OVER_CAP.fill(lang, &[("cap", &cap.yuan_string())]),
            E::KeyReused => plain(i18n::CASH_KEY_REUSED),
            E::SeriesDatasetMismatch { series, file } => {
                i18n::CASH_SERIES_DATASET_MISMATCH.fill(lang, &[("series", series), ("file", file)])
            }
            E::UnknownReceipt(no) => {
                i18n::CASH_UNKNOWN_RECEIPT.fill(lang, &[("receipt", &sanitize(no))])
            }
            E::AlreadyReversed { receipt_no, by } => i18n::CASH_ALREADY_REVERSED.fill(
                lang,
                &[("receipt", &sanitize(receipt_no)), ("by", &sanitize(by))],
            ),
            E::CannotReverseReversal => plain(i18n::CASH_CANNOT_REVERSE_REVERSAL),
            E::ApproverIsRequester => plain(i18n::CASH_APPROVER_IS_REQUESTER),
            E::ApproverNotManager { staff_no } => {
                i18n::CASH_APPROVER_NOT_MANAGER.fill(lang, &[("staff_no", &sanitize(staff_no))])
            }
            E::Approval(e) => e.localized(lang),
            E::ReasonRequired => plain(i18n::CASH_REASON_REQUIRED),
            E::VarianceNeedsReason => plain(i18n::CASH_VARIANCE_NEEDS_REASON),
            E::DayClosed { day } => i18n::CASH_DAY_CLOSED.fill(lang, &[("day", day)]),
            E::CardWriteNotPending(id) => {
                i18n::CASH_CARD_WRITE_NOT_PENDING.fill(lang, &[("write", id)])
            }
            E::CardWriteDone(id) => i18n::CASH_CARD_WRITE_DONE.fill(lang, &[("write", id)]),
            E::UnknownCardWrite(id) => i18n::CASH_UNKNOWN_CARD_WRITE.fill(lang, &[("write", id)]),
            E::Card(e) => e.localized(lang),
            E::CardAlreadyLoaded { receipt_no } => {
                i18n::CASH_CARD_ALREADY_LOADED.fill(lang, &[("receipt", &sanitize(receipt_no))])
            }
            E::NothingToReissue => plain(i18n::CASH_NOTHING_TO_REISSUE),
            E::ReadingGoesBack { last } => i18n::CASH_READING_GOES_BACK.fill(
                lang,
                &[("last", &crate::domain::tariff::Volume(*last).to_string())],
            ),
            E::ReadingExists => plain(i18n::CASH_READING_EXISTS),
            E::ReadingInFuture(day) => i18n::CASH_READING_IN_FUTURE.fill(lang, &[("day", day)]),
            E::Reading(e) => e.localized(lang),
            E::Amount(e) => e.localized(lang),
            E::Volume(e) => e.localized(lang),
            E::Tariff(e) => e.localized(lang),
            E::Tender(e) => e.localized(lang),
            E::Reference(e) => e.localized(lang),
            E::ReceiptNo(e) => e.localized(lang),
            E::Text(e) => e.localized(lang),
            E::Queue(e) => e.localized(lang),
            E::Db(e) => e.localized(lang),
        }
    }
}

impl super::RuleError for CashError {
    fn into_db(self) -> Result<DbError, Self> {
        match self {
            CashError::Db(e) => Ok(e),
            other => Err(other),
        }
    }
}

/// Counter work needs a logged-in staff member with the permission, in an office.
fn require_staff(actor: &Actor, permission: Permission) -> Result<(i64, i64), CashError> {
    actor.require(permission)?;
    match (actor.staff_id, actor.office_id) {
        (Some(staff), Some(office)) => Ok((staff, office)),
        _ => Err(PermissionDenied {
            role: actor.role,
            permission,
        }
        .into()),
    }
}

pub(crate) use super::queue::{fmt_time, parse_time};

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::card::SimulatedCards;
    use crate::db::staff::NewStaff;
    use crate::db::test_support::{forget_reprepares, reprepared};
    use crate::db::{DbKind, Store};
    use crate::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
    use crate::domain::money::Fen;
    use crate::domain::office::builtin_offices;
    use crate::domain::queue::builtin_rules;
    use crate::domain::role::Role;
    use crate::domain::tariff::Volume;

    fn account(no: u32, kind: MeterKind) -> NewAccount {
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        NewAccount {
            account_no: format!("{no:010}"),
            holder_name: "张伟".into(),
            id_number: None,
            phone: None,
            landline: None,
            district: "蜀山区".into(),
            address: format!("长江西路{no}号"),
            customer_type: CustomerType::Residential,
            home_office: 1,
            opened_on: day,
            meter: Some(NewMeter {
                serial: format!("M{no:08}"),
                kind,
                installed_on: day,
                expires_on: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            }),
        }
    }

    /// Payments run while the write lock is held by every process in turn: no statement
    /// of theirs may be parsed and planned again on each use.
    #[test]
    fn payment_statements_are_planned_once() {
        let mut store = Store::in_memory(DbKind::Demo).unwrap();
        let system = Actor::system();
        crate::db::office::install(&mut store, &system, &builtin_offices()).unwrap();
        let id = crate::db::staff::add(
            &mut store,
            &system,
            &NewStaff {
                staff_no: "1001".into(),
                name: "员工甲".into(),
                office_id: 1,
                counter_no: Some(1),
                role: Role::Clerk,
                pin_hash: "not-a-real-hash".into(),
            },
        )
        .unwrap();
        let clerk = Actor {
            staff_id: Some(id),
            staff_no: "1001".into(),
            role: Role::Clerk,
            office_id: Some(1),
            counter_no: Some(1),
        };
        let accounts: Vec<NewAccount> = (1..=6)
            .map(|n| {
                account(
                    n,
                    if n % 2 == 0 {
                        MeterKind::IcCard
                    } else {
                        MeterKind::Mechanical
                    },
                )
            })
            .collect();
        crate::db::account::insert_many(&mut store, &system, &accounts, "test").unwrap();
        let at = |secs: i64| {
            Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + chrono::Duration::seconds(secs)
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        open_shift(&mut store, &clerk, &builtin_rules(), Fen(0), at(0)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut cards = SimulatedCards::new(dir.path());
        for (round, meter) in [1i64, 3, 5].into_iter().enumerate() {
            // The first round prepares every statement; the next ones must reuse them.
            if round == 1 {
                forget_reprepares(store.conn());
            }
            let day = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
            record_reading(
                &mut store,
                &clerk,
                meter,
                day(9),
                Volume::ZERO,
                today,
                at(1),
            )
            .unwrap();
            let bill = record_reading(
                &mut store,
                &clerk,
                meter,
                day(11),
                Volume::from_m3(20).unwrap(),
                today,
                at(2),
            )
            .unwrap()
            .unwrap();
            pay_bills(
                &mut store,
                &clerk,
                &PaymentKey::new(),
                meter,
                &[bill.id],
                &Tender::cash(None),
                at(3),
            )
            .unwrap();
            pay_advance(
                &mut store,
                &clerk,
                &PaymentKey::new(),
                meter,
                Fen(1_000),
                &Tender::cash(None),
                at(4),
            )
            .unwrap();
            let ic = meter + 1;
            let order = TopUpOrder::Volume(Volume::from_m3(10 + round as i64).unwrap());
            quote_top_up(store.conn(), ic, order, today).unwrap();
            let paid = top_up(
                &mut store,
                &clerk,
                &PaymentKey::new(),
                ic,
                order,
                &Tender::cash(None),
                at(5),
            )
            .unwrap();
            let write = paid.card_write.unwrap();
            complete_card_write(&mut store, &clerk, write.id, &mut cards, at(6)).unwrap();
            account_money(store.conn(), meter).unwrap();
            let shift = current_shift(store.conn(), id).unwrap().unwrap();
            shift_totals(store.conn(), shift.id).unwrap();
            shift_receipts(store.conn(), shift.id).unwrap();
        }
        assert_eq!(reprepared(store.conn()), Vec::<String>::new());
    }

    #[test]
    fn already_paid_says_when_in_office_time() {
        let e = CashError::BillAlreadyPaid {
            bill: 7,
            period: (
                NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            ),
            receipt_no: "HF01-2026-000042".into(),
            staff_no: "1002".into(),
            staff_name: "王芳".into(),
            at: "2026-12-01T16:49:00.000Z".into(),
        };
        let text = e.localized(crate::i18n::Lang::En);
        assert!(text.contains("2026-12-02 00:49"), "{text}");
        assert!(!text.contains("16:49"), "{text}");
        assert!(text.contains("2026-08-01 to 2026-10-01"), "{text}");
        assert!(!text.contains(" 7 "), "no internal id: {text}");
    }
}
