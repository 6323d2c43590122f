//! Replacing a lost or damaged IC card (补卡): the meter's last purchase is written again
//! onto a new card, with the same purchase count, so the meter neither loses nor doubles
//! it. The replacement records why, and takes the fee the tariff file sets for the
//! customer's type (`[fees]`) on a fee receipt — real money in the clerk's drawer, in an
//! open shift, never the account's balance. The replacement row, the receipt, its ledger
//! entry and the audit row commit in one transaction; the card is written after it, as
//! a purchase is, and a failed write stays listed for recovery.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use crate::card::CardWriter;
use crate::db::Reads;
use crate::domain::fee::{FeeCode, ReplaceReason};
use crate::domain::money::Fen;
use crate::domain::role::Permission;
use crate::domain::tariff::Tariff;

use super::card::{CardWriteRow, MeterTerms, card_write_by_id, complete_card_write, ic_meter};
use super::pay::{
    NewEntry, NewReceipt, PaymentKey, Tender, check_tender, insert_entry, insert_receipt,
};
use super::shift::shift_for_payment;
use super::view::{ReceiptView, receipt};
use super::{CashError, require_staff};
use crate::db::{Actor, AuditNote, Store};

/// What the clerk filled in to replace a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardReplacement {
    pub meter_id: i64,
    pub reason: ReplaceReason,
    /// How the fee is paid; not used when the fee is zero.
    pub tender: Tender,
    /// The form's key: the same submission again finds the first fee receipt.
    pub key: PaymentKey,
}

/// A replacement made (or found again, for a repeated submission).
#[derive(Debug)]
pub struct Replaced {
    /// The rewrite onto the new card, in the state it reached.
    pub write: CardWriteRow,
    /// The fee's receipt, when a fee was taken.
    pub fee_receipt: Option<ReceiptView>,
    /// True when this submission was a repeat and the first replacement is returned.
    pub replayed: bool,
    /// Why the new card could not be written; the replacement stands and the write is
    /// listed for recovery.
    pub write_error: Option<CashError>,
}

fn fee_for(meter: &MeterTerms) -> Fen {
    Tariff::builtin().fee(FeeCode::CardReplacement, meter.customer)
}

/// What replacing the card of IC-card meter `meter_id` costs; refused for any other meter.
pub fn card_replacement_fee(db: &impl Reads, meter_id: i64) -> Result<Fen, CashError> {
    let conn = db.connection(crate::db::key());
    Ok(fee_for(&ic_meter(conn, meter_id)?))
}

/// The replacement a fee receipt paid for, if `key` already made one.
fn replayed(
    tx: &Transaction<'_>,
    key: &PaymentKey,
    account_id: i64,
) -> Result<Option<(i64, ReceiptView)>, CashError> {
    let found: Option<(i64, String, i64)> = tx
        .prepare_cached("SELECT id, kind, account_id FROM receipt WHERE idempotency_key = +?1")?
        .query_row([key.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((receipt_id, kind, account)) = found else {
        return Ok(None);
    };
    let write: Option<i64> = tx
        .prepare_cached("SELECT id FROM card_write WHERE fee_receipt_id = +?1")?
        .query_row([receipt_id], |r| r.get(0))
        .optional()?;
    match write {
        Some(write) if kind == "fee" && account == account_id => {
            Ok(Some((write, receipt(tx, receipt_id)?)))
        }
        _ => Err(CashError::KeyReused),
    }
}

/// Replaces the card of IC-card meter `replacement.meter_id`; see the module
/// documentation. Refused for a meter that is not an IC-card meter, a meter with no
/// purchase on a card yet, and (when a fee is due) without an open shift.
pub fn replace_card(
    store: &mut Store,
    actor: &Actor,
    replacement: &CardReplacement,
    writer: &mut dyn CardWriter,
    now: DateTime<Utc>,
) -> Result<Replaced, CashError> {
    let (staff, _) = require_staff(actor, Permission::CounterWork)?;
    let meter_id = replacement.meter_id;
    let kind_of_file = store.kind();
    let (write_id, fee_receipt, replayed_now) =
        store.write_checked::<_, CashError>(actor, |tx| {
            let meter = ic_meter(tx, meter_id)?;
            if let Some((write, view)) = replayed(tx, &replacement.key, meter.account_id)? {
                let note = AuditNote::new("payment_replayed", "receipt", &view.receipt_no);
                return Ok(((write, Some(view), true), note));
            }
            let serial: String = tx
                .prepare_cached("SELECT serial FROM meter WHERE id = +?1")?
                .query_row([meter_id], |r| r.get(0))?;
            let last: Option<(i64, i64)> = tx
                .prepare_cached(
                    "SELECT purchase_count, volume_litres FROM card_write
                     WHERE meter_id = +?1 AND state IN ('written', 'verified')
                     ORDER BY purchase_count DESC, id DESC LIMIT 1",
                )?
                .query_row([meter_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let (count, litres) = last.ok_or(CashError::NothingToReissue)?;
            let fee = fee_for(&meter);
            let mut detail = serde_json::json!({
                "account": meter.account_id,
                "meter": meter_id,
                "serial": serial,
                "purchase_count": count,
                "litres": litres,
                "reason": replacement.reason.kind().as_str(),
                "reason_note": replacement.reason.note(),
                "fee_code": FeeCode::CardReplacement.as_str(),
                "fee_fen": fee.get(),
            });
            let fee_receipt = if fee.is_positive() {
                let shift = shift_for_payment(tx, actor)?;
                let tender = check_tender(&replacement.tender, fee)?;
                let new = NewReceipt {
                    kind: "fee",
                    account_id: meter.account_id,
                    total: fee,
                    key: &replacement.key,
                    reverses: None,
                };
                let (receipt_id, receipt_no) =
                    insert_receipt(tx, kind_of_file, &shift, &new, &tender, now)?;
                insert_entry(
                    tx,
                    receipt_id,
                    meter.account_id,
                    &NewEntry {
                        fee_code: Some(FeeCode::CardReplacement.as_str()),
                        ..NewEntry::plain("fee", fee)
                    },
                )?;
                detail["total_fen"] = fee.get().into();
                detail["method"] = tender.method.as_str().into();
                Some((receipt_id, receipt_no.to_string()))
            } else {
                None
            };
            tx.prepare_cached(
                "INSERT INTO card_write (meter_id, purpose, purchase_count, volume_litres,
                                         created_at, updated_at, staff_id, reason,
                                         reason_note, fee_receipt_id)
                 VALUES (?1, 'reissue', ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                meter_id,
                count,
                litres,
                super::fmt_time(now),
                staff,
                replacement.reason.kind().as_str(),
                replacement.reason.note(),
                fee_receipt.as_ref().map(|r| r.0),
            ])?;
            let write_id = tx.last_insert_rowid();
            // With a fee, the audit row is the receipt's (as `gasdesk check` expects of
            // every receipt); without one, the meter's.
            let note = match &fee_receipt {
                Some((_, receipt_no)) => AuditNote::new("card_reissue", "receipt", receipt_no),
                None => AuditNote::new("card_reissue", "meter", meter_id),
            }
            .detail(detail);
            let view = fee_receipt.map(|(id, _)| receipt(tx, id)).transpose()?;
            Ok(((write_id, view, false), note))
        })?;
    let row = card_write_by_id(store.conn(), write_id)?;
    let mut write_error = None;
    let write = if row.state.unfinished() {
        let serial = row.meter_serial.clone();
        let written = writer
            .issue_blank(&serial)
            .map_err(CashError::from)
            .and_then(|()| complete_card_write(store, actor, write_id, writer, now));
        match written {
            Ok(row) => row,
            Err(e) => {
                write_error = Some(e);
                card_write_by_id(store.conn(), write_id)?
            }
        }
    } else {
        row
    };
    Ok(Replaced {
        write,
        fee_receipt,
        replayed: replayed_now,
        write_error,
    })
}
