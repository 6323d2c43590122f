//! Taking money: bill payments, advances on account and IC-card purchases. Each is one
//! transaction that allocates its receipt number, writes the receipt and its ledger
//! entries, and settles bills or queues the card write.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Datelike, Utc};
use rusqlite::{OptionalExtension, Transaction};

use crate::domain::money::{AmountError, Fen};
use crate::domain::receipt::{PaymentMethod, ReceiptNo, change_due, validate_reference};
use crate::domain::tariff::Tariff;

use super::CashError;
use super::card::{CardWriteRow, TopUpOrder, card_write_by_id, next_purchase_count, price_top_up};
use super::shift::{Shift, shift_for_payment};
use super::view::{ReceiptView, receipt};
use crate::db::{Actor, AuditNote, DbKind, Store};

/// The idempotency key of one payment form, chosen when the form opens. Submitting the
/// same form again — a second Enter, a retry after a dropped connection — finds the
/// receipt of the first submission instead of taking the money twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PaymentKey(String);

impl PaymentKey {
    /// A fresh key: unique across processes (process id, clock, a per-process counter,
    /// and the randomly seeded std hasher), not a secret.
    pub fn new() -> PaymentKey {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        hasher.write_u128(nanos);
        PaymentKey(format!(
            "{:08x}{:016x}{:08x}",
            std::process::id(),
            hasher.finish(),
            (nanos & 0xffff_ffff) as u32
        ))
    }

    /// A key given by a caller (a command-line retry, a test); 16 to 64 characters of
    /// ASCII letters, digits and dashes.
    pub fn from_text(text: &str) -> Option<PaymentKey> {
        let ok = (16..=64).contains(&text.len())
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        ok.then(|| PaymentKey(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for PaymentKey {
    fn default() -> Self {
        PaymentKey::new()
    }
}

/// How the customer pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tender {
    pub method: PaymentMethod,
    /// The terminal's or wallet's transaction reference, as typed (required unless cash).
    pub reference: String,
    /// Cash handed over, when the clerk typed it; change is given from it.
    pub tendered: Option<Fen>,
}

impl Tender {
    pub fn cash(tendered: Option<Fen>) -> Tender {
        Tender {
            method: PaymentMethod::Cash,
            reference: String::new(),
            tendered,
        }
    }

    pub fn with_reference(method: PaymentMethod, reference: &str) -> Tender {
        Tender {
            method,
            reference: reference.to_string(),
            tendered: None,
        }
    }
}

/// The outcome of a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    pub receipt: ReceiptView,
    /// True when this submission was a repeat and the first receipt is returned.
    pub replayed: bool,
    /// For a card purchase: the write to do now (or the one done before, if replayed).
    pub card_write: Option<CardWriteRow>,
}

/// A checked tender: reference cleaned, change worked out.
pub(in crate::db) struct CheckedTender {
    pub method: PaymentMethod,
    pub reference: Option<String>,
    pub tendered: Option<Fen>,
    pub change: Option<Fen>,
}

pub(in crate::db) fn check_tender(tender: &Tender, due: Fen) -> Result<CheckedTender, CashError> {
    let reference = validate_reference(tender.method, &tender.reference)?;
    let (tendered, change) = match (tender.method, tender.tendered) {
        (PaymentMethod::Cash, Some(given)) => (Some(given), Some(change_due(given, due)?)),
        _ => (None, None),
    };
    Ok(CheckedTender {
        method: tender.method,
        reference,
        tendered,
        change,
    })
}

/// The header of a new receipt, before its ledger entries.
pub(in crate::db) struct NewReceipt<'a> {
    pub kind: &'static str,
    pub account_id: i64,
    pub total: Fen,
    pub key: &'a PaymentKey,
    pub reverses: Option<(i64, &'a str, i64)>,
}

/// Allocates the next number of the office's series for the shift's year and inserts the
/// receipt. Runs inside the paying transaction, so a rollback gives the number back.
pub(in crate::db) fn insert_receipt(
    tx: &Transaction<'_>,
    kind_of_file: DbKind,
    shift: &Shift,
    new: &NewReceipt<'_>,
    tender: &CheckedTender,
    now: DateTime<Utc>,
) -> Result<(i64, ReceiptNo), CashError> {
    let code: String = tx
        .prepare_cached("SELECT code FROM office WHERE id = +?1")?
        .query_row([shift.office_id], |r| r.get(0))?;
    let year = shift.day.year();
    let existing: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT last_seq, dataset FROM receipt_series WHERE office_id = +?1 AND year = +?2",
        )?
        .query_row((shift.office_id, year), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let seq = match existing {
        Some((_, dataset)) if dataset != kind_of_file.as_str() => {
            return Err(CashError::SeriesDatasetMismatch {
                series: dataset,
                file: kind_of_file.as_str().to_string(),
            });
        }
        Some((last, _)) => {
            let next =
                ReceiptNo::new(&code, year, u32::try_from(last).unwrap_or(u32::MAX))?.next()?;
            tx.prepare_cached(
                "UPDATE receipt_series SET last_seq = ?3 WHERE office_id = +?1 AND year = +?2",
            )?
            .execute((shift.office_id, year, next.seq()))?;
            next
        }
        None => {
            let first = ReceiptNo::first(&code, year)?;
            tx.prepare_cached(
                "INSERT INTO receipt_series (office_id, year, dataset, last_seq)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute((shift.office_id, year, kind_of_file.as_str(), first.seq()))?;
            first
        }
    };
    tx.prepare_cached(
        "INSERT INTO receipt (receipt_no, office_id, year, seq, kind, account_id, total_fen,
                              method, reference, tendered_fen, change_fen, shift_id,
                              business_day_id, staff_id, counter_no, at, idempotency_key,
                              reverses_id, reason, approved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20)",
    )?
    .execute(rusqlite::params![
        seq.to_string(),
        shift.office_id,
        year,
        seq.seq(),
        new.kind,
        new.account_id,
        new.total.get(),
        tender.method.as_str(),
        tender.reference,
        tender.tendered.map(Fen::get),
        tender.change.map(Fen::get),
        shift.id,
        shift.business_day_id,
        shift.staff_id,
        shift.counter_no,
        super::fmt_time(now),
        new.key.as_str(),
        new.reverses.map(|r| r.0),
        new.reverses.map(|r| r.1),
        new.reverses.map(|r| r.2),
    ])?;
    Ok((tx.last_insert_rowid(), seq))
}

/// A receipt already made with this key: returned as it is when it was one of `kinds`
/// for the same account, refused otherwise. Checked before anything else, so a retry
/// finds its receipt even after the shift moved on to balancing.
pub(super) fn replay(
    tx: &Transaction<'_>,
    key: &PaymentKey,
    kinds: &[&str],
    account_id: i64,
) -> Result<Option<(Paid, AuditNote)>, CashError> {
    let found: Option<(i64, String, i64)> = tx
        .prepare_cached("SELECT id, kind, account_id FROM receipt WHERE idempotency_key = +?1")?
        .query_row([key.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match found {
        None => Ok(None),
        Some((id, k, a)) if kinds.contains(&k.as_str()) && a == account_id => {
            replayed(tx, id).map(Some)
        }
        Some(_) => Err(CashError::KeyReused),
    }
}

/// A customer's account to pay into: it exists, and it is not an office's new-install
/// holding account, which takes install fees only (from the application, in its office).
pub(super) fn require_account(tx: &Transaction<'_>, account_id: i64) -> Result<(), CashError> {
    let exists = tx
        .prepare_cached("SELECT 1 FROM account WHERE id = +?1")?
        .exists([account_id])?;
    if !exists {
        return Err(CashError::UnknownAccount(account_id));
    }
    if super::is_holding_account(tx, account_id)? {
        return Err(CashError::HoldingAccount(account_id));
    }
    Ok(())
}

/// One ledger row of a receipt.
pub(in crate::db) struct NewEntry<'a> {
    pub kind: &'static str,
    pub amount: Fen,
    /// `(bill, payment round)` for a bill payment.
    pub bill: Option<(i64, i64)>,
    pub volume_litres: Option<i64>,
    pub tier_lines: Option<&'a str>,
    pub reverses: Option<i64>,
    /// Which fee, for a fee entry.
    pub fee_code: Option<&'static str>,
}

impl NewEntry<'_> {
    pub fn plain(kind: &'static str, amount: Fen) -> NewEntry<'static> {
        NewEntry {
            kind,
            amount,
            bill: None,
            volume_litres: None,
            tier_lines: None,
            reverses: None,
            fee_code: None,
        }
    }
}

pub(in crate::db) fn insert_entry(
    tx: &Transaction<'_>,
    receipt_id: i64,
    account_id: i64,
    entry: &NewEntry<'_>,
) -> Result<i64, CashError> {
    tx.prepare_cached(
        "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen, bill_id, bill_round,
                                   volume_litres, tier_lines, reverses_id, fee_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        receipt_id,
        account_id,
        entry.kind,
        entry.amount.get(),
        entry.bill.map(|b| b.0),
        entry.bill.map(|b| b.1),
        entry.volume_litres,
        entry.tier_lines,
        entry.reverses,
        entry.fee_code,
    ])?;
    Ok(tx.last_insert_rowid())
}

fn payment_cap() -> Fen {
    Tariff::builtin().limits().payment_max
}

/// Pays the chosen open bills of an account, on one receipt.
pub fn pay_bills(
    store: &mut Store,
    actor: &Actor,
    key: &PaymentKey,
    account_id: i64,
    bill_ids: &[i64],
    tender: &Tender,
    now: DateTime<Utc>,
) -> Result<Paid, CashError> {
    let mut bills: Vec<i64> = bill_ids.to_vec();
    bills.sort_unstable();
    bills.dedup();
    if bills.is_empty() {
        return Err(CashError::NothingToPay);
    }
    // The reference is checked before the lock, so a typing mistake costs no write.
    validate_reference(tender.method, &tender.reference)?;
    let kind_of_file = store.kind();
    store.write_checked::<_, CashError>(actor, |tx| {
        if let Some(first) = replay(tx, key, &["bills"], account_id)? {
            return Ok(first);
        }
        let shift = shift_for_payment(tx, actor)?;
        require_account(tx, account_id)?;
        let mut due = Fen::ZERO;
        let mut rows = Vec::with_capacity(bills.len());
        for &bill in &bills {
            let (owner, amount, settled, round) = super::bill::bill_state(tx, bill)?;
            if owner != account_id {
                return Err(CashError::BillOfOtherAccount { bill });
            }
            if let Some(entry) = settled {
                return Err(super::bill::already_paid(tx, bill, entry)?);
            }
            due = due
                .checked_add(amount)
                .ok_or(CashError::Amount(AmountError::Overflow))?;
            rows.push((bill, amount, round));
        }
        if due > payment_cap() {
            return Err(CashError::OverCap { cap: payment_cap() });
        }
        let tender = check_tender(tender, due)?;
        let new = NewReceipt {
            kind: "bills",
            account_id,
            total: due,
            key,
            reverses: None,
        };
        let (receipt_id, receipt_no) =
            insert_receipt(tx, kind_of_file, &shift, &new, &tender, now)?;
        for &(bill, amount, round) in &rows {
            let entry = insert_entry(
                tx,
                receipt_id,
                account_id,
                &NewEntry {
                    bill: Some((bill, round)),
                    ..NewEntry::plain("bill", amount)
                },
            )?;
            // The conditional update is the guard; the unique index on (bill, round) is
            // the backstop if a future caller ever skips it.
            let settled = tx
                .prepare_cached(
                    "UPDATE bill SET settled_by = ?2 WHERE id = +?1 AND settled_by IS NULL",
                )?
                .execute((bill, entry))?;
            if settled != 1 {
                return Err(CashError::UnknownBill(bill));
            }
        }
        let view = receipt(tx, receipt_id)?;
        Ok((
            Paid {
                receipt: view,
                replayed: false,
                card_write: None,
            },
            AuditNote::new("pay_bills", "receipt", &receipt_no).detail(serde_json::json!({
                "account": account_id,
                "bills": bills,
                "total_fen": due.get(),
                "method": tender.method.as_str(),
            })),
        ))
    })
}

/// Money paid on account in advance (预存), credited to the account's balance.
pub fn pay_advance(
    store: &mut Store,
    actor: &Actor,
    key: &PaymentKey,
    account_id: i64,
    amount: Fen,
    tender: &Tender,
    now: DateTime<Utc>,
) -> Result<Paid, CashError> {
    if !amount.is_positive() {
        return Err(AmountError::Zero.into());
    }
    if amount > payment_cap() {
        return Err(CashError::OverCap { cap: payment_cap() });
    }
    let checked = check_tender(tender, amount)?;
    let kind_of_file = store.kind();
    store.write_checked::<_, CashError>(actor, |tx| {
        if let Some(first) = replay(tx, key, &["advance"], account_id)? {
            return Ok(first);
        }
        let shift = shift_for_payment(tx, actor)?;
        require_account(tx, account_id)?;
        let new = NewReceipt {
            kind: "advance",
            account_id,
            total: amount,
            key,
            reverses: None,
        };
        let (receipt_id, receipt_no) =
            insert_receipt(tx, kind_of_file, &shift, &new, &checked, now)?;
        insert_entry(
            tx,
            receipt_id,
            account_id,
            &NewEntry::plain("advance", amount),
        )?;
        Ok((
            Paid {
                receipt: receipt(tx, receipt_id)?,
                replayed: false,
                card_write: None,
            },
            AuditNote::new("pay_advance", "receipt", &receipt_no).detail(serde_json::json!({
                "account": account_id,
                "total_fen": amount.get(),
                "method": tender.method.as_str(),
            })),
        ))
    })
}

/// An IC-card purchase, phase one: the money, the receipt and a pending card write
/// commit together. The caller then writes the card with [`super::complete_card_write`];
/// if that never happens the write is listed for recovery.
pub fn top_up(
    store: &mut Store,
    actor: &Actor,
    key: &PaymentKey,
    meter_id: i64,
    order: TopUpOrder,
    tender: &Tender,
    now: DateTime<Utc>,
) -> Result<Paid, CashError> {
    validate_reference(tender.method, &tender.reference)?;
    let kind_of_file = store.kind();
    store.write_checked::<_, CashError>(actor, |tx| {
        let meter = super::card::ic_meter(tx, meter_id)?;
        if let Some(first) = replay(tx, key, &["top_up"], meter.account_id)? {
            return Ok(first);
        }
        let shift = shift_for_payment(tx, actor)?;
        let priced = price_top_up(tx, &meter, order, shift.day)?;
        let checked = check_tender(tender, priced.total)?;
        let new = NewReceipt {
            kind: "top_up",
            account_id: meter.account_id,
            total: priced.total,
            key,
            reverses: None,
        };
        let (receipt_id, receipt_no) =
            insert_receipt(tx, kind_of_file, &shift, &new, &checked, now)?;
        let tiers = super::bill::tier_lines_json(&priced);
        let entry = insert_entry(
            tx,
            receipt_id,
            meter.account_id,
            &NewEntry {
                volume_litres: Some(priced.volume.litres()),
                tier_lines: Some(&tiers),
                ..NewEntry::plain("top_up", priced.total)
            },
        )?;
        let count = next_purchase_count(tx, meter_id)?;
        tx.prepare_cached(
            "INSERT INTO card_write (meter_id, purpose, entry_id, purchase_count, volume_litres,
                                     created_at, updated_at, staff_id)
             VALUES (?1, 'purchase', ?2, ?3, ?4, ?5, ?5, ?6)",
        )?
        .execute((
            meter_id,
            entry,
            count,
            priced.volume.litres(),
            super::fmt_time(now),
            shift.staff_id,
        ))?;
        let write_row = card_write_by_id(tx, tx.last_insert_rowid())?;
        Ok((
            Paid {
                receipt: receipt(tx, receipt_id)?,
                replayed: false,
                card_write: Some(write_row),
            },
            AuditNote::new("top_up", "receipt", &receipt_no).detail(serde_json::json!({
                "account": meter.account_id,
                "meter": meter_id,
                "litres": priced.volume.litres(),
                "total_fen": priced.total.get(),
                "purchase_count": count,
                "method": tender.method.as_str(),
            })),
        ))
    })
}

/// The first receipt of a repeated submission, with an audit row saying it was repeated.
fn replayed(tx: &Transaction<'_>, receipt_id: i64) -> Result<(Paid, AuditNote), CashError> {
    let view = receipt(tx, receipt_id)?;
    let card_write = super::card::card_write_of_receipt(tx, receipt_id)?;
    let note = AuditNote::new("payment_replayed", "receipt", &view.receipt_no);
    Ok((
        Paid {
            receipt: view,
            replayed: true,
            card_write,
        },
        note,
    ))
}
