//! Voids and refunds: a new receipt that reverses an earlier one, never a change to it.
//! The clerk asks, a manager of the office approves at the clerk's terminal with their
//! own staff number and PIN, and the requester can never approve. On the business day of
//! the original, while that day is open, it is a void (作废); afterwards, a refund (退款).
//! Either way the money leaves the requester's open drawer.

use chrono::{DateTime, Utc};

use crate::domain::money::Fen;
use crate::domain::role::{Permission, Role};
use crate::domain::text;

use super::pay::{
    CheckedTender, NewEntry, NewReceipt, Paid, PaymentKey, insert_entry, insert_receipt, replay,
};
use super::shift::shift_for_payment;
use super::view::{ReceiptView, receipt};
use super::{CashError, require_staff};
use crate::db::Reads;
use crate::db::{Actor, AuditNote, Store, staff};

/// Longest void reason, in characters.
pub const REASON_MAX_CHARS: usize = 200;

/// A manager's credentials, typed at the clerk's terminal.
#[derive(Clone, PartialEq, Eq)]
pub struct Approval {
    pub staff_no: String,
    pub pin: String,
}

impl std::fmt::Debug for Approval {
    // The PIN never reaches a log or a panic message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Approval")
            .field("staff_no", &self.staff_no)
            .field("pin", &"******")
            .finish()
    }
}

/// The receipt, if it can be reversed at all: not a reversal itself, not reversed
/// already, not gas already written onto a card. Checked when the void form would open,
/// so nobody types a reason and a manager's PIN for nothing, and again under the lock.
pub fn voidable(db: &impl Reads, receipt_id: i64) -> Result<ReceiptView, CashError> {
    let original = receipt(db, receipt_id)?;
    reversible(&original)?;
    card_write_reversible(db.connection(crate::db::key()), &original)?;
    install_fee_reversible(db.connection(crate::db::key()), receipt_id)?;
    Ok(original)
}

/// An install fee is voided only while its application is under way.
fn install_fee_reversible(conn: &rusqlite::Connection, receipt_id: i64) -> Result<(), CashError> {
    match crate::db::install::fee_locked(conn, receipt_id)? {
        Some((app_no, stage)) => Err(CashError::InstallFeeLocked {
            app_no,
            cancelled: stage == crate::domain::install::Stage::Cancelled,
        }),
        None => Ok(()),
    }
}

fn reversible(original: &ReceiptView) -> Result<(), CashError> {
    if original.kind.is_reversal() {
        return Err(CashError::CannotReverseReversal);
    }
    if let Some(by) = &original.reversed_by {
        return Err(CashError::AlreadyReversed {
            receipt_no: original.receipt_no.clone(),
            by: by.clone(),
        });
    }
    Ok(())
}

/// The receipt's card write, which the reversal marks reversed; refused when the gas is
/// already on the card.
fn card_write_reversible(
    conn: &rusqlite::Connection,
    original: &ReceiptView,
) -> Result<Option<super::CardWriteRow>, CashError> {
    let write = super::card::card_write_of_receipt(conn, original.id)?;
    if write.as_ref().is_some_and(|w| !w.state.unfinished()) {
        return Err(CashError::CardAlreadyLoaded {
            receipt_no: original.receipt_no.clone(),
        });
    }
    Ok(write)
}

/// Reverses receipt `receipt_id` in full. See the module documentation for the rules.
#[allow(clippy::too_many_arguments)]
pub fn void_receipt(
    store: &mut Store,
    actor: &Actor,
    approval: &Approval,
    receipt_id: i64,
    reason: &str,
    key: &PaymentKey,
    now: DateTime<Utc>,
) -> Result<Paid, CashError> {
    let (_, office) = require_staff(actor, Permission::CounterWork)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CashError::ReasonRequired);
    }
    let reason = text::validate_text(reason, REASON_MAX_CHARS)?;
    let approver_no = approval.staff_no.trim();
    if approver_no == actor.staff_no {
        return Err(CashError::ApproverIsRequester);
    }
    let approver = staff::verify_approver(store, approver_no, &approval.pin, now)
        .map_err(CashError::Approval)?;
    if Some(approver.id) == actor.staff_id {
        return Err(CashError::ApproverIsRequester);
    }
    if !approver.role.allows(Permission::Supervise)
        || approver.role != Role::Manager
        || approver.office_id != office
    {
        return Err(CashError::ApproverNotManager {
            staff_no: approver.staff_no,
        });
    }
    let kind_of_file = store.kind();
    store.write_checked::<_, CashError>(actor, |tx| {
        let original = receipt(tx, receipt_id)?;
        if let Some(first) = replay(tx, key, &["void", "refund"], original.account_id)? {
            return Ok(first);
        }
        let shift = shift_for_payment(tx, actor)?;
        reversible(&original)?;
        install_fee_reversible(tx, receipt_id)?;
        if original.office_id != office {
            return Err(CashError::WrongOffice {
                office: original.office_id,
            });
        }
        let original_day_open: bool = tx
            .prepare_cached(
                "SELECT d.closed_at IS NULL FROM receipt r
                 JOIN business_day d ON d.id = r.business_day_id WHERE r.id = +?1",
            )?
            .query_row([receipt_id], |r| r.get(0))?;
        let kind = if original_day_open && original.business_day == shift.day {
            "void"
        } else {
            "refund"
        };
        // Gas already loaded onto a card cannot be taken back by a receipt.
        if let Some(write_row) = card_write_reversible(tx, &original)? {
            tx.prepare_cached(
                "UPDATE card_write SET state = 'reversed', updated_at = ?2 WHERE id = +?1",
            )?
            .execute((write_row.id, super::fmt_time(now)))?;
        }
        let total = original
            .total
            .checked_neg()
            .ok_or(crate::domain::money::AmountError::Overflow)?;
        let tender = CheckedTender {
            method: original.method,
            reference: original.reference.clone(),
            tendered: None,
            change: None,
        };
        let new = NewReceipt {
            kind,
            account_id: original.account_id,
            total,
            key,
            reverses: Some((receipt_id, &reason, approver.id)),
        };
        let (reversal_id, reversal_no) =
            insert_receipt(tx, kind_of_file, &shift, &new, &tender, now)?;
        let entries: Vec<(i64, i64, Option<i64>, Option<i64>)> = tx
            .prepare_cached(
                "SELECT id, amount_fen, bill_id, volume_litres FROM ledger_entry
                 WHERE receipt_id = +?1 ORDER BY id",
            )?
            .query_map([receipt_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        for (entry, amount, bill, litres) in entries {
            insert_entry(
                tx,
                reversal_id,
                original.account_id,
                &NewEntry {
                    volume_litres: litres.map(|l| -l),
                    reverses: Some(entry),
                    ..NewEntry::plain("reversal", Fen(-amount))
                },
            )?;
            if let Some(bill) = bill {
                // The bill is open again, for a new payment round.
                tx.prepare_cached(
                    "UPDATE bill SET settled_by = NULL, payment_round = payment_round + 1
                     WHERE id = +?1 AND settled_by = +?2",
                )?
                .execute((bill, entry))?;
            }
        }
        // An install fee voided sends its application back to 缴费, in this transaction.
        let today = crate::clock::office_time(now).date_naive();
        let application =
            crate::db::install::fee_voided(tx, receipt_id, actor.staff_id, today, now)?;
        Ok((
            Paid {
                receipt: receipt(tx, reversal_id)?,
                replayed: false,
                card_write: None,
            },
            AuditNote::new(
                if kind == "void" { "void" } else { "refund" },
                "receipt",
                &reversal_no,
            )
            .detail(serde_json::json!({
                "reverses": original.receipt_no,
                "account": original.account_id,
                "total_fen": total.get(),
                "method": original.method.as_str(),
                "reason": reason,
                "approved_by": approver.staff_no,
                "install_application": application,
            })),
        ))
    })
}
