//! Pending transfers from the property registry (不动产登记联动过户): each good row of
//! its file becomes a pending transfer on the F6 worklist of the account's office, to be
//! completed at a counter (reading, arrears, balance) without the customer bringing the
//! documents again. An administrator imports; all rows commit together.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::TransferError;
use crate::db::{Actor, AuditNote, Reads, Store};
use crate::domain::role::Permission;
use crate::domain::transfer::RegistryRow;

/// Checks one registry row against the store: the account exists and is active, the
/// old owner the registry names is the account's holder (name and ID number; a mobile
/// may have changed and is not compared), nothing is pending on it, and the new owner
/// is someone else. Returns the account's id and office.
pub fn check_registry_row(db: &impl Reads, row: &RegistryRow) -> Result<(i64, i64), TransferError> {
    check_in(db.connection(crate::db::key()), row)
}

fn check_in(conn: &Connection, row: &RegistryRow) -> Result<(i64, i64), TransferError> {
    type Found = (i64, i64, String, Option<String>, String);
    let found: Option<Found> = conn
        .prepare_cached(
            "SELECT id, home_office_id, holder_name, id_number, status FROM account
             WHERE account_no = ?1",
        )?
        .query_row([&row.account_no], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let (id, office, name, id_number, status) =
        found.ok_or_else(|| TransferError::UnknownAccount(row.account_no.clone()))?;
    if status != "active" {
        return Err(TransferError::NotActive);
    }
    if name != row.old_name {
        return Err(TransferError::OldOwnerMismatch { field: "name" });
    }
    if id_number.as_deref() != Some(row.old_id_number.as_str()) {
        return Err(TransferError::OldOwnerMismatch { field: "id_number" });
    }
    if row.new.id_number.as_str() == row.old_id_number.as_str() {
        return Err(TransferError::SameHolder);
    }
    let pending: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT source, created_at FROM transfer WHERE account_id = +?1 AND state = 'pending'",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((origin, at)) = pending {
        return Err(TransferError::AlreadyPending { origin, at });
    }
    Ok((id, office))
}

/// Creates a pending transfer for every row, all in one transaction: the first row
/// refused (with its index) rolls them all back. Administrators only.
pub fn import_registry(
    store: &mut Store,
    actor: &Actor,
    rows: &[RegistryRow],
    source_file: &str,
    now: DateTime<Utc>,
) -> Result<usize, (usize, TransferError)> {
    actor
        .require(Permission::ManageAccounts)
        .map_err(|e| (0, TransferError::from(e)))?;
    let at = crate::clock::stamp(now);
    let mut failed: Option<(usize, TransferError)> = None;
    let result = store.write_checked::<_, TransferError>(actor, |tx| {
        for (i, row) in rows.iter().enumerate() {
            let (account, office) = match check_in(tx, row) {
                Ok(found) => found,
                Err(e) => {
                    let db_error = matches!(e, TransferError::Db(_));
                    if db_error {
                        return Err(e);
                    }
                    failed = Some((i, e));
                    return Err(TransferError::NoPending);
                }
            };
            tx.prepare_cached(
                "INSERT INTO transfer (account_id, office_id, state, source, registry_case_no,
                     old_name, old_id_number, old_phone, new_name, new_id_number, new_phone,
                     new_household_size, created_at, created_by)
                 VALUES (?1, ?2, 'pending', 'registry', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                         ?12)",
            )?
            .execute(rusqlite::params![
                account,
                office,
                row.case_no,
                row.old_name,
                row.old_id_number.as_str(),
                row.old_phone.as_ref().map(|p| p.as_str().to_string()),
                row.new.name,
                row.new.id_number.as_str(),
                row.new.phone.as_str(),
                row.new.household_size,
                at,
                actor.staff_id,
            ])?;
        }
        Ok((
            rows.len(),
            AuditNote::new("transfer_import", "transfer", source_file)
                .detail(serde_json::json!({ "rows": rows.len() })),
        ))
    });
    match (result, failed) {
        (Ok(n), _) => Ok(n),
        (Err(_), Some(f)) => Err(f),
        (Err(e), None) => Err((0, e)),
    }
}
