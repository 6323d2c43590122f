//! Undoing money and ownership: the balance refunded before a transfer, a transfer made
//! by mistake transferred back, and a registry's pending transfer cancelled, each with a
//! manager's approval.

use super::*;

/// Refunds an account's whole pre-paid balance to the old holder before a transfer: every
/// advance not yet reversed is reversed (a void on its own business day, a refund after),
/// each approved by a manager of the office at the clerk's terminal, out of the clerk's
/// open drawer. One receipt per advance, each its own transaction, as the cash desk does.
pub fn refund_balance(
    store: &mut Store,
    actor: &Actor,
    approval: &Approval,
    account_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Paid>, TransferError> {
    require_staff(actor)?;
    let advances = view::unreversed_advances(store, account_id)?;
    if advances.is_empty() {
        return Err(TransferError::NothingToRefund);
    }
    let mut done = Vec::new();
    for receipt_id in advances {
        let key = PaymentKey::new();
        done.push(cash::void_receipt(
            store, actor, approval, receipt_id, reason, &key, now,
        )?);
    }
    Ok(done)
}

/// Undoes the account's latest transfer by a new transfer back to the holder before it,
/// approved by a manager of the office (never the requester, never a clerk). The history
/// keeps both transfers; nothing is edited.
pub fn transfer_back(
    store: &mut Store,
    actor: &Actor,
    approval: &Approval,
    transfer_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64, TransferError> {
    let (staff, office) = require_staff(actor)?;
    let (reason, approver) = approved(store, actor, office, approval, reason, now)?;
    store.write_checked::<_, TransferError>(actor, |tx| {
        type Row = (i64, String, String, Option<String>, Option<String>, String);
        let original: Option<Row> = tx
            .prepare_cached(
                "SELECT account_id, state, old_name, old_id_number, old_phone, new_id_number
                 FROM transfer WHERE id = +?1",
            )?
            .query_row([transfer_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .optional()?;
        let (account_id, state, back_name, back_id, back_phone, _) =
            original.ok_or(TransferError::NoTransfer)?;
        let latest: Option<i64> = tx
            .prepare_cached(
                "SELECT max(id) FROM transfer WHERE account_id = +?1 AND state = 'done'",
            )?
            .query_row([account_id], |r| r.get(0))?;
        if state != "done" || latest != Some(transfer_id) {
            return Err(TransferError::NotLatest);
        }
        refuse_other_pending(tx, account_id, None)?;
        let at = transfer_instant(tx, account_id, now)?;
        let current = holder_of(tx, account_id)?;
        let household: i64 = tx
            .prepare_cached("SELECT household_size FROM account WHERE id = +?1")?
            .query_row([account_id], |r| r.get(0))?;
        tx.prepare_cached(
            "INSERT INTO transfer (account_id, office_id, state, source, old_name,
                 old_id_number, old_phone, new_name, new_id_number, new_phone,
                 new_household_size, created_at, created_by, done_at, done_by, counter_no,
                 reverses_id, reason, approved_by, balance_how)
             VALUES (?1, ?2, 'done', 'back', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?11,
                     ?12, ?13, ?14, ?15, 'none')",
        )?
        .execute(rusqlite::params![
            account_id,
            current.office_id,
            current.name,
            current.id_number,
            current.phone,
            back_name,
            back_id,
            back_phone,
            household,
            at,
            staff,
            actor.counter_no,
            transfer_id,
            reason,
            approver.id,
        ])?;
        let back_id_row = tx.last_insert_rowid();
        close_period(tx, account_id, &current, back_id_row, &at)?;
        set_holder(
            tx,
            account_id,
            &back_name,
            back_id.as_deref(),
            back_phone.as_deref(),
            None,
        )?;
        Ok((
            back_id_row,
            AuditNote::new("transfer_back", "account", &current.account_no).detail(
                serde_json::json!({
                    "transfer": back_id_row, "reverses": transfer_id, "reason": reason,
                    "approved_by": approver.staff_no, "office": office,
                }),
            ),
        ))
    })
}

/// The reason, checked, and the approving manager of `office`: never the requester,
/// never a clerk, never another office's manager.
fn approved(
    store: &mut Store,
    actor: &Actor,
    office: i64,
    approval: &Approval,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(String, staff::Staff), TransferError> {
    let reason =
        crate::domain::text::validate_text(reason, REASON_MAX).map_err(InputError::Reason)?;
    if reason.is_empty() {
        return Err(TransferError::ReasonRequired);
    }
    let approver_no = approval.staff_no.trim();
    if approver_no == actor.staff_no {
        return Err(CashError::ApproverIsRequester.into());
    }
    let approver = staff::verify_approver(store, approver_no, &approval.pin, now)
        .map_err(|e| TransferError::Cash(CashError::Approval(e)))?;
    if Some(approver.id) == actor.staff_id {
        return Err(CashError::ApproverIsRequester.into());
    }
    if approver.role != Role::Manager || approver.office_id != office {
        return Err(CashError::ApproverNotManager {
            staff_no: approver.staff_no,
        }
        .into());
    }
    Ok((reason, approver))
}

/// Cancels a pending transfer (the registry's, or one a counter started) that will not be
/// completed: the property registry sent it by mistake, or the sale fell through. A
/// manager of the office approves, with a reason; the row keeps both, and its state moves
/// from pending to cancelled once (the schema's trigger), so the account may be
/// transferred again.
pub fn cancel_pending(
    store: &mut Store,
    actor: &Actor,
    approval: &Approval,
    pending_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), TransferError> {
    let (_, office) = require_staff(actor)?;
    let (reason, approver) = approved(store, actor, office, approval, reason, now)?;
    store.write_checked::<_, TransferError>(actor, |tx| {
        let row: Option<(String, String, Option<String>)> = tx
            .prepare_cached(
                "SELECT t.state, a.account_no, t.registry_case_no FROM transfer t
                 JOIN account a ON a.id = t.account_id
                 WHERE t.id = +?1 AND t.office_id = +?2",
            )?
            .query_row((pending_id, office), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((state, account_no, case_no)) = row else {
            return Err(TransferError::NoPending);
        };
        if state != "pending" {
            return Err(TransferError::NoPending);
        }
        tx.prepare_cached(
            "UPDATE transfer SET state = 'cancelled', reason = ?2, approved_by = ?3
             WHERE id = ?1 AND state = 'pending'",
        )?
        .execute(rusqlite::params![pending_id, reason, approver.id])?;
        Ok((
            (),
            AuditNote::new("transfer_cancel", "account", &account_no).detail(serde_json::json!({
                "transfer": pending_id, "registry_case": case_no, "reason": reason,
                "approved_by": approver.staff_no, "office": office,
                "at": crate::db::queue::fmt_time(now),
            })),
        ))
    })
}
