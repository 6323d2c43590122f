//! Opening the account: the last stage, in one transaction — the account (number,
//! holder, address, household size for the tariff), its meter (kind and serial), the
//! application completed, its event and audit rows. For a card meter the IC card is
//! issued through the card interface first; a failure there changes nothing. Search
//! finds the account as soon as the transaction commits (the search index is kept by
//! the account table's trigger).

use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::OptionalExtension;

use super::{
    EventIn, InstallDbError, current, day_text, insert_event, last_change, require_own_office,
};
use crate::card::CardWriter;
use crate::db::{Actor, AuditNote, Store};
use crate::domain::install::{Action, Stage};

/// A meter's life from its installation.
const METER_LIFE_MONTHS: u32 = 120;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub account_id: i64,
    pub account_no: String,
}

/// Opens the account of application `id` (at stage 开户). `seen_version` as for
/// [`super::step`].
pub fn open_account(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    seen_version: Option<i64>,
    writer: &mut dyn CardWriter,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Opened, InstallDbError> {
    actor.require(Action::OpenAccount.permission())?;
    let staff = actor.staff_id.ok_or(InstallDbError::NoOffice)?;
    // What to issue a card for is read first; the transaction checks everything again.
    let (kind, serial, stage): (Option<String>, Option<String>, String) = {
        let v = super::view_by_id(&*store, id)?
            .ok_or_else(|| InstallDbError::NotFound(id.to_string()))?;
        (
            v.meter_kind.clone(),
            v.meter_serial.clone(),
            v.stage.clone(),
        )
    };
    if stage == Stage::Account.as_str() && kind.as_deref() == Some("ic_card") {
        let serial = serial.clone().unwrap_or_default();
        writer
            .issue_new(&serial)
            .map_err(|e| InstallDbError::Card(e.to_string()))?;
    }
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        let cur = current(tx, id)?.ok_or_else(|| InstallDbError::NotFound(id.to_string()))?;
        require_own_office(tx, actor, &cur)?;
        if seen_version.is_some_and(|v| v != cur.version) {
            return Err(last_change(tx, id)?);
        }
        let after = cur.progress.apply(Action::OpenAccount)?;
        let (name, idn, phone, district, address, customer, household, kind, serial): (
            String,
            String,
            String,
            String,
            String,
            String,
            i64,
            String,
            String,
        ) = tx
            .prepare_cached(
                "SELECT name, id_number, phone, district, address, customer_type, household,
                        meter_kind, meter_serial
                 FROM install_application WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?;
        let prefix = format!("5{:02}", cur.office_id.rem_euclid(100));
        let last: Option<String> = tx
            .prepare_cached("SELECT max(account_no) FROM account WHERE account_no GLOB ?1")?
            .query_row(
                [format!("{prefix}[0-9][0-9][0-9][0-9][0-9][0-9][0-9]")],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let next = last.and_then(|n| n[3..].parse::<i64>().ok()).unwrap_or(0) + 1;
        let account_no = format!("{prefix}{next:07}");
        tx.prepare_cached(
            "INSERT INTO account (account_no, holder_name, id_number, phone, district, address,
                                  customer_type, home_office_id, opened_on, household_size)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(rusqlite::params![
            account_no,
            name,
            idn,
            phone,
            district,
            address,
            customer,
            cur.office_id,
            day_text(today),
            household,
        ])?;
        let account_id = tx.last_insert_rowid();
        let expires = today
            .checked_add_months(Months::new(METER_LIFE_MONTHS))
            .unwrap_or(today);
        tx.prepare_cached(
            "INSERT INTO meter (account_id, serial, kind, installed_on, expires_on)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((
            account_id,
            &serial,
            &kind,
            day_text(today),
            day_text(expires),
        ))?;
        let n = tx
            .prepare_cached(
                "UPDATE install_application SET stage = 'completed', due_on = NULL,
                     account_id = ?3, stage_since = ?4, version = version + 1
                 WHERE id = ?1 AND version = ?2",
            )?
            .execute((id, cur.version, account_id, day_text(today)))?;
        if n == 0 {
            return Err(last_change(tx, id)?);
        }
        let at = crate::clock::stamp(now);
        let detail = serde_json::json!({
            "account": account_no, "meter_kind": kind, "serial": serial,
            "card_issued": kind == "ic_card",
        });
        insert_event(
            tx,
            &EventIn {
                application_id: id,
                at: &at,
                staff_id: Some(staff),
                action: Action::OpenAccount.as_str(),
                from: Some(cur.progress.stage),
                to: after.stage,
                on_hold: false,
                due: None,
                note: None,
                detail: detail.clone(),
            },
        )?;
        let note = AuditNote::new("install_open_account", "install_application", &cur.app_no)
            .detail(detail);
        Ok((
            Opened {
                account_id,
                account_no,
            },
            note,
        ))
    })
}
