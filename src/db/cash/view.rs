//! Reads for the screens and printouts: a receipt as a document, the money side of a
//! customer, a shift's receipts. Reprints are the one write here (audited).

use crate::db::Reads;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};

use crate::domain::fee::FeeCode;
use crate::domain::money::Fen;
use crate::domain::receipt::PaymentMethod;
use crate::domain::role::Permission;
use crate::domain::tariff::Volume;

use super::bill::{Bill, open_bills, parse_tier_lines};
use super::card::{CardWriteRow, CardWriteState};
use super::{CashError, require_staff};
use crate::db::{Actor, AuditNote, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    Bills,
    Advance,
    TopUp,
    /// A fee for a service (a replacement card, ...): never the account's balance.
    Fee,
    Void,
    Refund,
}

impl ReceiptKind {
    fn parse(s: &str) -> rusqlite::Result<ReceiptKind> {
        Ok(match s {
            "bills" => ReceiptKind::Bills,
            "advance" => ReceiptKind::Advance,
            "top_up" => ReceiptKind::TopUp,
            "fee" => ReceiptKind::Fee,
            "void" => ReceiptKind::Void,
            "refund" => ReceiptKind::Refund,
            other => {
                return Err(rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("unknown receipt kind {other:?}").into(),
                ));
            }
        })
    }

    pub fn is_reversal(self) -> bool {
        matches!(self, ReceiptKind::Void | ReceiptKind::Refund)
    }
}

/// One line of a receipt: a bill settled, an advance, a card purchase, a fee, or the
/// reversal of one of those.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptLine {
    pub amount: Fen,
    /// The bill's period, for bill lines.
    pub bill: Option<(i64, NaiveDate, NaiveDate)>,
    /// Gas on a card purchase.
    pub volume: Option<Volume>,
    /// `(tier, litres, unit price, amount)` per tier.
    pub tiers: Vec<(u8, Volume, Fen, Fen)>,
    /// Which fee, for a fee line and its reversal.
    pub fee: Option<FeeCode>,
}

/// A receipt with everything its printout shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptView {
    pub id: i64,
    pub receipt_no: String,
    pub kind: ReceiptKind,
    pub office_id: i64,
    pub office_name_zh: String,
    pub office_name_en: String,
    pub account_id: i64,
    pub account_no: String,
    pub holder_name: String,
    pub address: String,
    pub total: Fen,
    pub method: PaymentMethod,
    pub reference: Option<String>,
    pub tendered: Option<Fen>,
    pub change: Option<Fen>,
    pub staff_no: String,
    pub staff_name: String,
    pub counter_no: Option<i64>,
    pub at: DateTime<Utc>,
    pub business_day: NaiveDate,
    pub shift_id: i64,
    /// For a void or refund: the receipt it reverses, the reason, the approving manager.
    pub reverses: Option<String>,
    pub reason: Option<String>,
    pub approved_by: Option<String>,
    /// The void or refund that reversed this receipt, if any.
    pub reversed_by: Option<String>,
    pub lines: Vec<ReceiptLine>,
    /// How many times it was reprinted (补打).
    pub reprints: i64,
    /// For a new-install fee (and its void or refund): the application it was taken for.
    /// The receipt's account is then the office's holding account (新装预收), which the
    /// printout does not name.
    pub install: Option<InstallFeeFor>,
}

/// The application a new-install fee receipt was taken for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallFeeFor {
    /// `BZ…`.
    pub app_no: String,
    /// The applicant's name.
    pub applicant: String,
}

const RECEIPT_SELECT: &str = "
    SELECT r.id, r.receipt_no, r.kind, r.office_id, o.name_zh, o.name_en, r.account_id,
           a.account_no, a.holder_name, a.address, r.total_fen, r.method, r.reference,
           r.tendered_fen, r.change_fen, s.staff_no, s.name, r.counter_no, r.at, d.day,
           r.shift_id, orig.receipt_no, r.reason, ap.staff_no || ' ' || ap.name,
           (SELECT rv.receipt_no FROM receipt rv WHERE rv.reverses_id = r.id),
           (SELECT count(*) FROM receipt_reprint p WHERE p.receipt_id = r.id),
           ia.app_no, ia.name
    FROM receipt r
    JOIN office o ON o.id = r.office_id
    JOIN account a ON a.id = r.account_id
    JOIN staff s ON s.id = r.staff_id
    JOIN business_day d ON d.id = r.business_day_id
    LEFT JOIN receipt orig ON orig.id = r.reverses_id
    LEFT JOIN staff ap ON ap.id = r.approved_by
    LEFT JOIN install_event fe ON fe.action = 'pay_fee'
        AND json_extract(fe.detail, '$.receipt') = coalesce(orig.receipt_no, r.receipt_no)
    LEFT JOIN install_application ia ON ia.id = fe.application_id";

fn receipt_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReceiptView> {
    let method: String = r.get(11)?;
    let at: String = r.get(18)?;
    let day: String = r.get(19)?;
    Ok(ReceiptView {
        id: r.get(0)?,
        receipt_no: r.get(1)?,
        kind: ReceiptKind::parse(&r.get::<_, String>(2)?)?,
        office_id: r.get(3)?,
        office_name_zh: r.get(4)?,
        office_name_en: r.get(5)?,
        account_id: r.get(6)?,
        account_no: r.get(7)?,
        holder_name: r.get(8)?,
        address: r.get(9)?,
        total: Fen(r.get(10)?),
        method: PaymentMethod::parse(&method).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                11,
                rusqlite::types::Type::Text,
                format!("unknown method {method:?}").into(),
            )
        })?,
        reference: r.get(12)?,
        tendered: r.get::<_, Option<i64>>(13)?.map(Fen),
        change: r.get::<_, Option<i64>>(14)?.map(Fen),
        staff_no: r.get(15)?,
        staff_name: r.get(16)?,
        counter_no: r.get(17)?,
        at: super::parse_time(&at)?,
        business_day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(19, rusqlite::types::Type::Text, e.into())
        })?,
        shift_id: r.get(20)?,
        reverses: r.get(21)?,
        reason: r.get(22)?,
        approved_by: r.get(23)?,
        reversed_by: r.get(24)?,
        lines: Vec::new(),
        reprints: r.get(25)?,
        install: match (r.get::<_, Option<String>>(26)?, r.get(27)?) {
            (Some(app_no), Some(applicant)) => Some(InstallFeeFor { app_no, applicant }),
            _ => None,
        },
    })
}

/// The ledger lines of receipts, selected by `filter` on the receipt `r` (one bound
/// value), each with its receipt's id.
fn receipt_lines(
    conn: &Connection,
    filter: &str,
    value: i64,
) -> Result<Vec<(i64, ReceiptLine)>, CashError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.receipt_id, e.amount_fen, b.id, b.period_from, b.period_to, e.volume_litres,
                coalesce(b.tier_lines, e.tier_lines, orig.tier_lines),
                coalesce(e.fee_code, orig.fee_code)
         FROM ledger_entry e
         JOIN receipt r ON r.id = e.receipt_id
         LEFT JOIN bill b ON b.id = e.bill_id
         LEFT JOIN ledger_entry orig ON orig.id = e.reverses_id
         WHERE {filter} ORDER BY e.id"
    ))?;
    let rows = stmt
        .query_map([value], |r| {
            let bill = match r.get::<_, Option<i64>>(2)? {
                Some(id) => {
                    let from: String = r.get(3)?;
                    let to: String = r.get(4)?;
                    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
                    parse(&from).zip(parse(&to)).map(|(f, t)| (id, f, t))
                }
                None => None,
            };
            let line = ReceiptLine {
                amount: Fen(r.get(1)?),
                bill,
                volume: r.get::<_, Option<i64>>(5)?.map(Volume),
                tiers: r
                    .get::<_, Option<String>>(6)?
                    .map(|t| parse_tier_lines(&t))
                    .unwrap_or_default(),
                fee: r
                    .get::<_, Option<String>>(7)?
                    .as_deref()
                    .and_then(FeeCode::parse),
            };
            Ok((r.get(0)?, line))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A receipt by id, with its lines.
pub fn receipt(db: &impl Reads, id: i64) -> Result<ReceiptView, CashError> {
    let conn = db.connection(crate::db::key());
    let mut view = conn
        .prepare_cached(&format!("{RECEIPT_SELECT} WHERE r.id = +?1"))?
        .query_row([id], receipt_from)
        .optional()?
        .ok_or_else(|| CashError::UnknownReceipt(id.to_string()))?;
    view.lines = receipt_lines(conn, "r.id = +?1", id)?
        .into_iter()
        .map(|(_, line)| line)
        .collect();
    Ok(view)
}

/// A receipt by its number (`HF03-2026-000123`), as typed by a clerk.
pub fn receipt_by_no(db: &impl Reads, receipt_no: &str) -> Result<ReceiptView, CashError> {
    let conn = db.connection(crate::db::key());
    let wanted = receipt_no.trim().to_ascii_uppercase();
    let id: i64 = conn
        .prepare_cached("SELECT id FROM receipt WHERE receipt_no = +?1")?
        .query_row([&wanted], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CashError::UnknownReceipt(receipt_no.to_string()))?;
    receipt(conn, id)
}

/// Receipts of a shift, newest first.
pub fn shift_receipts(db: &impl Reads, shift_id: i64) -> Result<Vec<ReceiptView>, CashError> {
    let conn = db.connection(crate::db::key());
    // Two statements for the whole list: the desk reloads it after every commit of any
    // counter in the building.
    let mut receipts: Vec<ReceiptView> = conn
        .prepare_cached(&format!(
            "{RECEIPT_SELECT} WHERE r.shift_id = +?1 ORDER BY r.id DESC"
        ))?
        .query_map([shift_id], receipt_from)?
        .collect::<Result<_, _>>()?;
    let mut lines: std::collections::HashMap<i64, Vec<ReceiptLine>> =
        std::collections::HashMap::new();
    for (receipt_id, line) in receipt_lines(conn, "r.shift_id = +?1", shift_id)? {
        lines.entry(receipt_id).or_default().push(line);
    }
    for view in &mut receipts {
        view.lines = lines.remove(&view.id).unwrap_or_default();
    }
    Ok(receipts)
}

/// Records a reprint (补打) and returns the receipt to print again.
pub fn reprint(
    store: &mut Store,
    actor: &Actor,
    receipt_id: i64,
    now: DateTime<Utc>,
) -> Result<ReceiptView, CashError> {
    let (staff, _) = require_staff(actor, Permission::CounterWork)?;
    store.write_checked::<_, CashError>(actor, |tx| {
        let view = receipt(tx, receipt_id)?;
        tx.prepare_cached(
            "INSERT INTO receipt_reprint (receipt_id, staff_id, at) VALUES (?1, ?2, ?3)",
        )?
        .execute((receipt_id, staff, super::fmt_time(now)))?;
        let view = ReceiptView {
            reprints: view.reprints + 1,
            ..view
        };
        Ok((
            view.clone(),
            AuditNote::new("receipt_reprint", "receipt", &view.receipt_no),
        ))
    })
}

/// A ledger row as the customer view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub id: i64,
    pub receipt_no: String,
    pub kind: ReceiptKind,
    pub day: NaiveDate,
    pub amount: Fen,
    pub method: PaymentMethod,
    pub reversed: bool,
}

/// A card purchase as the customer view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPurchase {
    pub write: CardWriteRow,
    pub amount: Fen,
}

/// The money side of a customer, for the customer view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMoney {
    /// Paid in advance and not reversed (预存余额).
    pub balance: Fen,
    pub open_bills: Vec<Bill>,
    /// Total of the open bills.
    pub owed: Fen,
    /// Latest card purchases, newest first.
    pub card_purchases: Vec<CardPurchase>,
    /// Latest receipts, newest first.
    pub recent: Vec<LedgerRow>,
}

/// How many card purchases and ledger rows the customer view lists.
pub const RECENT_ROWS: usize = 8;

pub fn account_money(db: &impl Reads, account_id: i64) -> Result<AccountMoney, CashError> {
    let conn = db.connection(crate::db::key());
    let balance: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(e.amount_fen), 0) FROM ledger_entry e
             LEFT JOIN ledger_entry orig ON orig.id = e.reverses_id
             WHERE e.account_id = +?1
               AND (e.kind = 'advance' OR (e.kind = 'reversal' AND orig.kind = 'advance'))",
        )?
        .query_row([account_id], |r| r.get(0))?;
    let open_bills = open_bills(conn, account_id)?;
    let owed = Fen::checked_sum(open_bills.iter().map(|b| b.amount))
        .ok_or(crate::domain::money::AmountError::Overflow)?;
    let recent: Vec<LedgerRow> = conn
        .prepare_cached(
            "SELECT r.receipt_no, r.kind, d.day, r.total_fen, r.method,
                    EXISTS (SELECT 1 FROM receipt v WHERE v.reverses_id = r.id), r.id
             FROM receipt r JOIN business_day d ON d.id = r.business_day_id
             WHERE r.account_id = +?1 ORDER BY r.id DESC LIMIT +?2",
        )?
        .query_map((account_id, RECENT_ROWS as i64), |r| {
            let day: String = r.get(2)?;
            let method: String = r.get(4)?;
            Ok(LedgerRow {
                id: r.get(6)?,
                receipt_no: r.get(0)?,
                kind: ReceiptKind::parse(&r.get::<_, String>(1)?)?,
                day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?,
                amount: Fen(r.get(3)?),
                method: PaymentMethod::parse(&method).unwrap_or(PaymentMethod::Cash),
                reversed: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let card_purchases = super::card::card_writes_of_account(conn, account_id, RECENT_ROWS)?
        .into_iter()
        .map(|(write, amount)| CardPurchase { write, amount })
        .collect();
    Ok(AccountMoney {
        balance: Fen(balance),
        open_bills,
        owed,
        card_purchases,
        recent,
    })
}

impl CardPurchase {
    pub fn unfinished(&self) -> bool {
        self.write.state.unfinished()
    }

    pub fn is_verified(&self) -> bool {
        self.write.state == CardWriteState::Verified
    }
}

/// The receipt a form's submission made, if it was committed: for a clerk coming back
/// after a dropped connection. With the purchase's card write, for a top-up.
pub fn receipt_for_key(
    db: &impl Reads,
    key: &super::PaymentKey,
) -> Result<Option<(ReceiptView, Option<CardWriteRow>)>, CashError> {
    let conn = db.connection(crate::db::key());
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM receipt WHERE idempotency_key = +?1")?
        .query_row([key.as_str()], |r| r.get(0))
        .optional()?;
    id.map(|id| receipt_with_card_write(conn, id)).transpose()
}

/// A receipt with its card write, if it is a top-up (finished or not, the write is
/// shown with it).
pub fn receipt_with_card_write(
    db: &impl Reads,
    receipt_id: i64,
) -> Result<(ReceiptView, Option<CardWriteRow>), CashError> {
    let conn = db.connection(crate::db::key());
    Ok((
        receipt(conn, receipt_id)?,
        super::card::card_write_of_receipt(conn, receipt_id)?,
    ))
}
