//! The new-install fee (新装费) at the cash desk: a fee receipt (`fee_code = 'install'`)
//! in the office's series, shift and day-end like any receipt, voided or refunded by the
//! same rules. The applicant has no account yet, so the receipt is on the office's
//! holding account (新装预收, made on first use). The payment's event names the receipt,
//! so the receipt's screen and printout (and its void's) name the application and the
//! applicant instead ([`super::view::receipt`]); the application names the receipt and
//! moves from 缴费 to 施工 in the same transaction. A void sends it back
//! ([`crate::db::install::fee_voided`], called by [`super::void_receipt`]).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::pay::{
    NewEntry, NewReceipt, Paid, PaymentKey, Tender, check_tender, insert_entry, insert_receipt,
};
use super::shift::shift_for_payment;
use super::view::receipt;
use super::{CashError, require_staff};
use crate::db::install::{
    EventIn, InstallDbError, current, day_text, insert_event, last_change, require_own_office,
};
use crate::db::{Actor, AuditNote, Store};
use crate::domain::fee::FeeCode;
use crate::domain::install::{Action, InstallRules, Stage, WorkCalendar};
use crate::domain::money::Fen;
use crate::domain::role::Permission;

/// Whether `account_id` is an office's new-install holding account, which takes install
/// fees only: no payment, reading or transfer is made on it.
pub fn is_holding_account(
    db: &impl crate::db::Reads,
    account_id: i64,
) -> Result<bool, crate::db::DbError> {
    Ok(db
        .connection(crate::db::key())
        .prepare_cached("SELECT 1 FROM install_holding_account WHERE account_id = +?1")?
        .exists([account_id])?)
}

/// The holding account number of office `office_id`: `5` + office + `0000000`.
pub fn holding_account_no(office_id: i64) -> String {
    format!("5{:02}0000000", office_id.rem_euclid(100))
}

fn holding_account(tx: &Transaction<'_>, office_id: i64, today: &str) -> Result<i64, CashError> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT account_id FROM install_holding_account WHERE office_id = ?1")?
        .query_row([office_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let (name, district, address): (String, String, String) = tx
        .prepare_cached("SELECT name_zh, district, address FROM office WHERE id = ?1")?
        .query_row([office_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    tx.prepare_cached(
        "INSERT INTO account (account_no, holder_name, district, address, customer_type,
                              status, home_office_id, opened_on)
         VALUES (?1, ?2, ?3, ?4, 'commercial', 'active', ?5, ?6)",
    )?
    .execute((
        holding_account_no(office_id),
        format!("新装预收（{name}）"),
        district,
        address,
        office_id,
        today,
    ))?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO install_holding_account (office_id, account_id) VALUES (?1, ?2)",
    )?
    .execute((office_id, id))?;
    Ok(id)
}

/// Takes the quoted fee of application `id` at `actor`'s open shift. `seen_version`: the
/// version the clerk's screen showed (`None`: the current one). The same `key` again
/// returns the first receipt.
pub fn pay_install_fee(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    seen_version: Option<i64>,
    tender: &Tender,
    key: &PaymentKey,
    now: DateTime<Utc>,
) -> Result<Paid, InstallDbError> {
    let (staff, _) = require_staff(actor, Permission::CounterWork)?;
    let kind_of_file = store.kind();
    let today = crate::clock::office_time(now).date_naive();
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        let cur = current(tx, id)?.ok_or_else(|| InstallDbError::NotFound(id.to_string()))?;
        let first: Option<(i64, String)> = tx
            .prepare_cached("SELECT id, kind FROM receipt WHERE idempotency_key = +?1")?
            .query_row([key.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((receipt_id, kind)) = first {
            if kind == "fee" && cur.fee_receipt_id == Some(receipt_id) {
                let view = receipt(tx, receipt_id)?;
                let note = AuditNote::new("payment_replayed", "receipt", &view.receipt_no);
                return Ok((
                    Paid {
                        receipt: view,
                        replayed: true,
                        card_write: None,
                    },
                    note,
                ));
            }
            return Err(CashError::KeyReused.into());
        }
        // The fee of an application is taken at its own office's cash desk (its series,
        // shift and day-end); another office may only read it.
        require_own_office(tx, actor, &cur)?;
        if seen_version.is_some_and(|v| v != cur.version) {
            return Err(last_change(tx, id)?);
        }
        let after = cur.progress.apply(Action::PayFee)?;
        let total = Fen(cur.quote_fen.ok_or(InstallDbError::FeeAtCashDesk)?);
        let shift = shift_for_payment(tx, actor)?;
        let tender = check_tender(tender, total)?;
        let account = holding_account(tx, shift.office_id, &day_text(today))?;
        let new = NewReceipt {
            kind: "fee",
            account_id: account,
            total,
            key,
            reverses: None,
        };
        let (receipt_id, receipt_no) = insert_receipt(tx, kind_of_file, &shift, &new, &tender, now)?;
        insert_entry(
            tx,
            receipt_id,
            account,
            &NewEntry {
                fee_code: Some(FeeCode::Install.as_str()),
                ..NewEntry::plain("fee", total)
            },
        )?;
        let cal = WorkCalendar::builtin();
        let due = InstallRules::builtin()
            .limit(Stage::Construction)
            .map(|d| cal.add_working_days(today, d));
        let n = tx
            .prepare_cached(
                "UPDATE install_application SET stage = ?3, fee_paid = 1, fee_receipt_id = ?4,
                     stage_since = ?5, due_on = ?6, version = version + 1
                 WHERE id = ?1 AND version = ?2",
            )?
            .execute(rusqlite::params![
                id,
                cur.version,
                after.stage.as_str(),
                receipt_id,
                day_text(today),
                due.map(day_text),
            ])?;
        if n == 0 {
            return Err(last_change(tx, id)?);
        }
        let at = crate::clock::stamp(now);
        insert_event(
            tx,
            &EventIn {
                application_id: id,
                at: &at,
                staff_id: Some(staff),
                action: Action::PayFee.as_str(),
                from: Some(cur.progress.stage),
                to: after.stage,
                on_hold: false,
                due,
                note: None,
                // The receipt and its void name the application through this
                // (`install_event_fee_receipt`).
                detail: serde_json::json!({ "receipt": receipt_no.to_string(), "fee_fen": total.get() }),
            },
        )?;
        // The receipt's audit row, as `gasdesk check` expects of every receipt.
        let note = AuditNote::new("install_fee", "receipt", receipt_no.to_string()).detail(
            serde_json::json!({
                "account": account,
                "application": cur.app_no,
                "fee_code": FeeCode::Install.as_str(),
                "total_fen": total.get(),
                "method": tender.method.as_str(),
            }),
        );
        Ok((
            Paid {
                receipt: receipt(tx, receipt_id)?,
                replayed: false,
                card_write: None,
            },
            note,
        ))
    })
}
