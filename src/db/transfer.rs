//! Ownership transfer (过户) in the store. Every rule that decides whether a transfer may
//! commit is checked again inside the committing `BEGIN IMMEDIATE` transaction: another
//! counter may bill, pay or start a transfer between the clerk's checklist and the commit.
//!
//! - The account must be active with no other transfer pending ([`commit`]).
//! - Nothing may be owed: open bills (including the final reading's) are paid first at
//!   the cash desk, in their own receipts.
//! - Every post-paid meter has a reading on the transfer date (recorded through
//!   [`super::cash::record_reading`], which bills the old holder).
//! - A pre-paid balance is refunded first ([`refund_balance`]: a manager approves, as
//!   every refund) or carried with the old holder's consent as two entries of
//!   `transfer_balance_entry` (−x from the old holder, +x to the new).
//! - The documents of `data/transfer.toml` for the case are all seen (none owed).
//! - The fee of the case, if any, is a fee receipt in the clerk's open drawer.
//!
//! Then, in the same transaction: the transfer row (done), the old holder's period in
//! `holder_history` (never changed afterwards; triggers), the account's new holder (the
//! search index follows by trigger), an IC-card meter's card reissued with its purchase
//! count carried, the old holder's care entry unlinked from the account and flagged for
//! review, and the audit row. A mistake is undone by [`transfer_back`], approved by a
//! manager of the office.

mod back;
mod error;
mod registry;
mod view;
pub use back::{cancel_pending, refund_balance, transfer_back};
pub use error::{TransferError, card_unfinished_text, source_label};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::cash::pay::{NewEntry, NewReceipt, check_tender, insert_entry, insert_receipt};
use super::cash::{self, Approval, CashError, Paid, PaymentKey, Tender};
use super::{Actor, AuditNote, DbError, Store, staff};
use crate::domain::fee::FeeCode;
use crate::domain::money::Fen;
use crate::domain::role::{Permission, PermissionDenied, Role};
use crate::domain::transfer::{
    BalanceChoice, CaseRule, InputError, NewHolder, REASON_MAX, TransferRules,
};

pub use registry::{check_registry_row, import_registry};
pub use view::{
    HolderPeriod, PendingTransfer, Situation, TransferSlip, accounts_of_holder, demo_candidates,
    history, history_faults, holders_on, latest_done, pending_of_account, situation, slip,
    worklist,
};

/// Counter work needs a logged-in staff member in an office.
fn require_staff(actor: &Actor) -> Result<(i64, i64), TransferError> {
    actor.require(Permission::CounterWork)?;
    match (actor.staff_id, actor.office_id) {
        (Some(staff), Some(office)) => Ok((staff, office)),
        _ => Err(PermissionDenied {
            role: actor.role,
            permission: Permission::CounterWork,
        }
        .into()),
    }
}

/// Everything the clerk settled in the checklist, for the committing transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub account_id: i64,
    /// The registry's pending transfer this completes, if any.
    pub pending_id: Option<i64>,
    pub case: String,
    pub by_agent: bool,
    pub documents: Vec<String>,
    pub new_holder: NewHolder,
    /// What becomes of a balance; `None` when there is none.
    pub balance: Option<BalanceChoice>,
    /// How the fee is paid and the payment form's key, when the case takes a fee.
    pub fee: Option<(Tender, PaymentKey)>,
    /// The transfer date (office day): final readings must be of this day.
    pub day: NaiveDate,
}

/// A transfer committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    pub transfer_id: i64,
    /// The reissue of an IC card, to be written onto the new holder's card now.
    pub card_write_id: Option<i64>,
    pub fee_receipt_no: Option<String>,
}

fn case_rule<'a>(rules: &'a TransferRules, code: &str) -> Result<&'a CaseRule, TransferError> {
    rules
        .case(code)
        .ok_or_else(|| InputError::UnknownCase(code.to_string()).into())
}

/// The account's current holder and state.
struct Holder {
    account_no: String,
    name: String,
    id_number: Option<String>,
    phone: Option<String>,
    status: String,
    office_id: i64,
}

fn holder_of(tx: &Transaction<'_>, account_id: i64) -> Result<Holder, TransferError> {
    tx.prepare_cached(
        "SELECT account_no, holder_name, id_number, phone, status, home_office_id
         FROM account WHERE id = +?1",
    )?
    .query_row([account_id], |r| {
        Ok(Holder {
            account_no: r.get(0)?,
            name: r.get(1)?,
            id_number: r.get(2)?,
            phone: r.get(3)?,
            status: r.get(4)?,
            office_id: r.get(5)?,
        })
    })
    .optional()?
    .ok_or_else(|| TransferError::UnknownAccount(account_id.to_string()))
}

/// The pending transfer of an account other than `completing`, refused.
fn refuse_other_pending(
    tx: &Transaction<'_>,
    account_id: i64,
    completing: Option<i64>,
) -> Result<(), TransferError> {
    let pending: Option<(i64, String, String)> = tx
        .prepare_cached(
            "SELECT id, source, created_at FROM transfer
             WHERE account_id = +?1 AND state = 'pending'",
        )?
        .query_row([account_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match (pending, completing) {
        (Some((id, _, _)), Some(c)) if id == c => Ok(()),
        (Some((_, origin, at)), _) => Err(TransferError::AlreadyPending { origin, at }),
        (None, Some(_)) => Err(TransferError::NoPending),
        (None, None) => Ok(()),
    }
}

/// Every check that decides whether a transfer may commit, against the store as it is
/// now (inside the committing transaction).
fn recheck(
    tx: &Transaction<'_>,
    rules: &TransferRules,
    c: &Completion,
) -> Result<(Holder, view::Situation), TransferError> {
    let holder = holder_of(tx, c.account_id)?;
    if holder.status != "active" {
        return Err(TransferError::NotActive);
    }
    refuse_other_pending(tx, c.account_id, c.pending_id)?;
    let s = view::situation_in(tx, c.account_id, c.day)?;
    if let Some(app_no) = &s.open_install {
        return Err(TransferError::InstallOpen {
            app_no: app_no.clone(),
        });
    }
    if let Some(receipt) = &s.card_unfinished {
        return Err(TransferError::CardUnfinished {
            receipt: receipt.clone(),
        });
    }
    if s.owed.is_positive() {
        return Err(TransferError::Arrears { owed: s.owed });
    }
    if let Some(serial) = s.readings_missing.first() {
        return Err(TransferError::ReadingMissing {
            serial: serial.clone(),
            day: c.day,
        });
    }
    if s.balance.is_positive() && c.balance != Some(BalanceChoice::Carry { consent: true }) {
        return Err(TransferError::BalanceUnsettled { balance: s.balance });
    }
    let case = case_rule(rules, &c.case)?;
    let missing = rules.missing(case, c.by_agent, &c.documents);
    if !missing.is_empty() {
        return Err(TransferError::DocumentsMissing(missing));
    }
    if holder.id_number.as_deref() == Some(c.new_holder.id_number.as_str()) {
        return Err(TransferError::SameHolder);
    }
    Ok((holder, s))
}

/// The old holder's period, closed at `now`: the history row, written before the
/// account takes its new holder (the triggers check both).
/// The current holder's start (the last period's end, or the opening day).
fn holder_since(tx: &Transaction<'_>, account_id: i64) -> Result<String, TransferError> {
    Ok(tx
        .prepare_cached(
            "SELECT coalesce((SELECT max(valid_to) FROM holder_history WHERE account_id = +?1),
                             (SELECT opened_on FROM account WHERE id = +?1))",
        )?
        .query_row([account_id], |r| r.get(0))?)
}

/// The instant of a transfer, taken under the write lock: `now`, unless another counter
/// transferred the same account at a later instant of its own clock while this one waited
/// for the lock — then a millisecond after that one, so the periods still chain in order.
fn transfer_instant(
    tx: &Transaction<'_>,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<String, TransferError> {
    let at = crate::clock::stamp(now);
    let since = holder_since(tx, account_id)?;
    if at > since {
        return Ok(at);
    }
    Ok(match crate::db::cash::parse_time(&since) {
        Ok(t) => crate::clock::stamp(t + chrono::Duration::milliseconds(1)),
        // The opening day itself: its first instant comes after the bare date.
        Err(_) => format!("{since}T00:00:00.000Z"),
    })
}

fn close_period(
    tx: &Transaction<'_>,
    account_id: i64,
    old: &Holder,
    transfer_id: i64,
    now: &str,
) -> Result<(), TransferError> {
    let from = holder_since(tx, account_id)?;
    tx.prepare_cached(
        "INSERT INTO holder_history (account_id, holder_name, id_number, phone, valid_from,
                                     valid_to, transfer_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        account_id,
        old.name,
        old.id_number,
        old.phone,
        from,
        now,
        transfer_id
    ])?;
    Ok(())
}

fn set_holder(
    tx: &Transaction<'_>,
    account_id: i64,
    name: &str,
    id_number: Option<&str>,
    phone: Option<&str>,
    household: Option<u8>,
) -> Result<(), TransferError> {
    tx.prepare_cached(
        "UPDATE account SET holder_name = ?2, id_number = ?3, phone = ?4,
                            household_size = coalesce(?5, household_size)
         WHERE id = +?1",
    )?
    .execute(rusqlite::params![
        account_id, name, id_number, phone, household
    ])?;
    Ok(())
}

/// A care entry belongs to a person: the account leaves the old holder's entry, which is
/// flagged for review (its review date brought forward to the transfer day). Returns the
/// entries flagged.
fn flag_care(
    tx: &Transaction<'_>,
    account_id: i64,
    day: NaiveDate,
) -> Result<Vec<i64>, TransferError> {
    let people: Vec<i64> = tx
        .prepare_cached(
            "SELECT c.person_id FROM care_account c JOIN care_person p ON p.id = c.person_id
             WHERE c.account_id = +?1 AND p.status = 'active'",
        )?
        .query_map([account_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let day = day.format("%Y-%m-%d").to_string();
    for person in &people {
        tx.prepare_cached("UPDATE care_person SET review_on = min(review_on, ?2) WHERE id = +?1")?
            .execute(rusqlite::params![person, day])?;
    }
    tx.prepare_cached("DELETE FROM care_account WHERE account_id = +?1")?
        .execute([account_id])?;
    Ok(people)
}

/// An IC-card meter's last purchase written again onto a card for the new holder, with
/// its purchase count carried (the meter neither loses nor doubles the purchase).
fn reissue_card(
    tx: &Transaction<'_>,
    account_id: i64,
    staff: i64,
    now: &str,
) -> Result<Option<(i64, i64)>, TransferError> {
    let last: Option<(i64, i64, i64)> = tx
        .prepare_cached(
            "SELECT w.meter_id, w.purchase_count, w.volume_litres FROM card_write w
             JOIN meter m ON m.id = w.meter_id
             WHERE m.account_id = +?1 AND m.kind = 'ic_card'
               AND w.state IN ('written', 'verified')
             ORDER BY w.purchase_count DESC, w.id DESC LIMIT 1",
        )?
        .query_row([account_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((meter, count, litres)) = last else {
        return Ok(None);
    };
    tx.prepare_cached(
        "INSERT INTO card_write (meter_id, purpose, purchase_count, volume_litres, created_at,
                                 updated_at, staff_id, reason, reason_note)
         VALUES (?1, 'reissue', ?2, ?3, ?4, ?4, ?5, 'other', 'transfer')",
    )?
    .execute(rusqlite::params![meter, count, litres, now, staff])?;
    Ok(Some((tx.last_insert_rowid(), count)))
}

/// Commits a transfer; see the module documentation for what is checked and written.
pub fn commit(
    store: &mut Store,
    actor: &Actor,
    rules: &TransferRules,
    c: &Completion,
    now: DateTime<Utc>,
) -> Result<Committed, TransferError> {
    let (staff, office) = require_staff(actor)?;
    let case = case_rule(rules, &c.case)?;
    let fee = case.fee();
    let kind_of_file = store.kind();
    store.write_checked::<_, TransferError>(actor, |tx| {
        let (old, s) = recheck(tx, rules, c)?;
        let at = transfer_instant(tx, c.account_id, now)?;
        let carried = if s.balance.is_positive() {
            Some(s.balance)
        } else {
            None
        };
        // How the balance went: carried now, refunded before the commit, or none.
        let (balance_how, balance_fen) = match carried {
            Some(b) => ("carried", b),
            None if s.refunded.is_positive() => ("refunded", s.refunded),
            None => ("none", Fen::ZERO),
        };
        let documents =
            serde_json::to_string(&c.documents).map_err(|e| DbError::Rule(e.to_string()))?;
        let readings =
            serde_json::to_string(&s.final_readings).map_err(|e| DbError::Rule(e.to_string()))?;
        let mut fee_receipt: Option<(i64, String)> = None;
        if fee.is_positive() {
            let (tender, key) = c.fee.as_ref().ok_or(CashError::NothingToPay)?;
            let shift = cash::shift_for_payment(tx, actor)?;
            let checked = check_tender(tender, fee)?;
            let new = NewReceipt {
                kind: "fee",
                account_id: c.account_id,
                total: fee,
                key,
                reverses: None,
            };
            let (receipt_id, receipt_no) =
                insert_receipt(tx, kind_of_file, &shift, &new, &checked, now)?;
            insert_entry(
                tx,
                receipt_id,
                c.account_id,
                &NewEntry {
                    fee_code: Some(FeeCode::Transfer.as_str()),
                    ..NewEntry::plain("fee", fee)
                },
            )?;
            // The receipt's own audit row, as `gasdesk check` expects of every receipt.
            super::audit::append(
                tx,
                actor,
                &AuditNote::new("transfer_fee", "receipt", receipt_no.to_string()).detail(
                    serde_json::json!({
                        "account": c.account_id, "total_fen": fee.get(),
                        "method": checked.method.as_str(),
                    }),
                ),
                &at,
            )?;
            fee_receipt = Some((receipt_id, receipt_no.to_string()));
        }
        let card = reissue_card(tx, c.account_id, staff, &at)?;
        let h = &c.new_holder;
        let transfer_id = match c.pending_id {
            Some(id) => {
                let changed = tx
                    .prepare_cached(
                        "UPDATE transfer SET state = 'done', done_at = ?2, done_by = ?3,
                             counter_no = ?4, case_code = ?5, by_agent = ?6, documents = ?7,
                             final_readings = ?8, balance_fen = ?9, balance_how = ?10,
                             consent_recorded = ?11, new_name = ?12, new_id_number = ?13,
                             new_phone = ?14, new_household_size = ?15, old_name = ?16,
                             old_id_number = ?17, old_phone = ?18, arrears_settled_fen = ?19,
                             card_write_id = ?20, fee_receipt_id = ?21
                         WHERE id = +?1 AND state = 'pending'",
                    )?
                    .execute(rusqlite::params![
                        id,
                        at,
                        staff,
                        actor.counter_no,
                        case.code,
                        c.by_agent,
                        documents,
                        readings,
                        balance_fen.get(),
                        balance_how,
                        carried.is_some(),
                        h.name,
                        h.id_number.as_str(),
                        h.phone.as_str(),
                        h.household_size,
                        old.name,
                        old.id_number,
                        old.phone,
                        s.settled_fen.get(),
                        card.map(|c| c.0),
                        fee_receipt.as_ref().map(|f| f.0),
                    ])?;
                if changed != 1 {
                    return Err(TransferError::NoPending);
                }
                id
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO transfer (account_id, office_id, state, source, case_code,
                         by_agent, old_name, old_id_number, old_phone, new_name, new_id_number,
                         new_phone, new_household_size, created_at, created_by, done_at,
                         done_by, counter_no, documents, final_readings, balance_fen,
                         balance_how, consent_recorded, arrears_settled_fen, card_write_id,
                         fee_receipt_id)
                     VALUES (?1, ?2, 'done', 'counter', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                             ?12, ?13, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
                )?
                .execute(rusqlite::params![
                    c.account_id,
                    old.office_id,
                    case.code,
                    c.by_agent,
                    old.name,
                    old.id_number,
                    old.phone,
                    h.name,
                    h.id_number.as_str(),
                    h.phone.as_str(),
                    h.household_size,
                    at,
                    staff,
                    actor.counter_no,
                    documents,
                    readings,
                    balance_fen.get(),
                    balance_how,
                    carried.is_some(),
                    s.settled_fen.get(),
                    card.map(|c| c.0),
                    fee_receipt.as_ref().map(|f| f.0),
                ])?;
                tx.last_insert_rowid()
            }
        };
        if let Some(amount) = carried {
            for (side, name, fen) in [
                ("from_old", old.name.as_str(), -amount.get()),
                ("to_new", h.name.as_str(), amount.get()),
            ] {
                tx.prepare_cached(
                    "INSERT INTO transfer_balance_entry (transfer_id, account_id, side,
                                                         holder_name, amount_fen)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(rusqlite::params![
                    transfer_id,
                    c.account_id,
                    side,
                    name,
                    fen
                ])?;
            }
        }
        close_period(tx, c.account_id, &old, transfer_id, &at)?;
        set_holder(
            tx,
            c.account_id,
            &h.name,
            Some(h.id_number.as_str()),
            Some(h.phone.as_str()),
            Some(h.household_size),
        )?;
        let care = flag_care(tx, c.account_id, c.day)?;
        Ok((
            Committed {
                transfer_id,
                card_write_id: card.map(|c| c.0),
                fee_receipt_no: fee_receipt.as_ref().map(|f| f.1.clone()),
            },
            AuditNote::new("transfer", "account", &old.account_no).detail(serde_json::json!({
                "transfer": transfer_id,
                "office": office,
                "case": case.code,
                "by_agent": c.by_agent,
                "documents": c.documents,
                "pending": c.pending_id,
                "final_readings": s.final_readings,
                "balance_fen": balance_fen.get(),
                "balance": balance_how,
                "card_write": card.map(|c| c.0),
                "purchase_count": card.map(|c| c.1),
                "fee_receipt": fee_receipt.as_ref().map(|f| f.1.clone()),
                "care_flagged": care,
            })),
        ))
    })
}
