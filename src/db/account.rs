//! Customer accounts and meters: inserts, lookups and the search behind F3 and
//! `gasdesk account find`.

use crate::db::Reads;
use rusqlite::{OptionalExtension, Transaction};

use crate::domain::account::NewAccount;
use crate::domain::role::Permission;

use super::{Actor, AuditNote, DbError, Store};

mod find;
pub use find::{Plan, SearchKind, SearchPlan, SearchResult, plan, run_bare, search, search_strict};

/// One row of a search result list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub id: i64,
    pub account_no: String,
    pub holder_name: String,
    pub phone: Option<String>,
    pub district: String,
    pub address: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meter {
    pub id: i64,
    pub serial: String,
    pub kind: String,
    pub installed_on: String,
    pub expires_on: String,
}

/// Everything the customer view shows about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountDetail {
    pub summary: AccountSummary,
    pub id_number: Option<String>,
    pub landline: Option<String>,
    pub customer_type: String,
    pub home_office_id: i64,
    pub opened_on: String,
    pub meters: Vec<Meter>,
}

const COLUMNS: &str = "a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status";

/// An [`AccountSummary`] from the first seven columns of a row ([`COLUMNS`]).
fn summary_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountSummary> {
    Ok(AccountSummary {
        id: r.get(0)?,
        account_no: r.get(1)?,
        holder_name: r.get(2)?,
        phone: r.get(3)?,
        district: r.get(4)?,
        address: r.get(5)?,
        status: r.get(6)?,
    })
}

pub fn get(db: &impl Reads, id: i64) -> Result<Option<AccountDetail>, DbError> {
    let conn = db.connection(crate::db::key());
    let row = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS}, a.id_number, a.landline, a.customer_type,
                        a.home_office_id, a.opened_on
                 FROM account a WHERE a.id = ?1"
            ),
            [id],
            |r| {
                Ok(AccountDetail {
                    summary: summary_from(r)?,
                    id_number: r.get(7)?,
                    landline: r.get(8)?,
                    customer_type: r.get(9)?,
                    home_office_id: r.get(10)?,
                    opened_on: r.get(11)?,
                    meters: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut detail) = row else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, serial, kind, installed_on, expires_on FROM meter WHERE account_id = ?1
         ORDER BY id",
    )?;
    detail.meters = stmt
        .query_map([id], |r| {
            Ok(Meter {
                id: r.get(0)?,
                serial: r.get(1)?,
                kind: r.get(2)?,
                installed_on: r.get(3)?,
                expires_on: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(detail))
}

pub fn id_by_account_no(db: &impl Reads, account_no: &str) -> Result<Option<i64>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .query_row(
            "SELECT id FROM account WHERE account_no = ?1",
            [account_no],
            |r| r.get(0),
        )
        .optional()?)
}

/// The meter with this serial (serials are unique across accounts), for files that name
/// meters the way the meter-reading system does.
pub fn meter_id_by_serial(db: &impl Reads, serial: &str) -> Result<Option<i64>, DbError> {
    let conn = db.connection(crate::db::key());
    // Cached: an import looks up one serial per row.
    Ok(conn
        .prepare_cached("SELECT id FROM meter WHERE serial = ?1")?
        .query_row([serial], |r| r.get(0))
        .optional()?)
}

pub fn id_number_exists(db: &impl Reads, id_number: &str) -> Result<bool, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .query_row(
            "SELECT 1 FROM account WHERE id_number = ?1",
            [id_number],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Post-paid (mechanical and IoT) meters of the accounts with id up to `last_account`,
/// by id: the demo's billed meters.
pub fn postpaid_meters_up_to(db: &impl Reads, last_account: i64) -> Result<Vec<i64>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare("SELECT id FROM meter WHERE kind <> 'ic_card' AND account_id <= ?1 ORDER BY id")?
        .query_map([last_account], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// The first `limit` account numbers (by id) whose home is `office`.
pub fn account_numbers_of_office(
    db: &impl Reads,
    office: i64,
    limit: i64,
) -> Result<Vec<String>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare("SELECT account_no FROM account WHERE home_office_id = ?1 ORDER BY id LIMIT ?2")?
        .query_map([office, limit], |row| row.get(0))?
        .collect::<Result<_, _>>()?)
}

pub fn count(db: &impl Reads) -> Result<i64, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?)
}

pub(super) fn insert_one(tx: &Transaction<'_>, a: &NewAccount) -> Result<(), DbError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO account (account_no, holder_name, id_number, phone, landline, district,
                              address, customer_type, home_office_id, opened_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(rusqlite::params![
        a.account_no,
        a.holder_name,
        a.id_number,
        a.phone,
        a.landline,
        a.district,
        a.address,
        a.customer_type.as_str(),
        a.home_office,
        a.opened_on.to_string(),
    ])?;
    if let Some(m) = &a.meter {
        let account_id = tx.last_insert_rowid();
        let mut stmt = tx.prepare_cached(
            "INSERT INTO meter (account_id, serial, kind, installed_on, expires_on)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        stmt.execute((
            account_id,
            &m.serial,
            m.kind.as_str(),
            m.installed_on.to_string(),
            m.expires_on.to_string(),
        ))?;
    }
    Ok(())
}

fn has_search_index(tx: &Transaction<'_>) -> Result<bool, DbError> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'account_search'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Drops the per-row search trigger inside `tx` and returns its SQL, to be executed
/// again before the transaction commits.
pub(super) fn take_insert_trigger(tx: &Transaction<'_>) -> Result<String, DbError> {
    let trigger: String = tx.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'account_search_insert'",
        [],
        |r| r.get(0),
    )?;
    tx.execute_batch("DROP TRIGGER account_search_insert")?;
    Ok(trigger)
}

/// Inserts validated accounts in one transaction with one audit row naming `source`.
/// All or nothing: a duplicate account or ID number rolls the whole batch back.
///
/// The per-row search trigger is set aside for the batch and the search index is
/// filled with one statement afterwards: FTS5 flushes its in-memory index at every
/// trigger statement, which made row-by-row loading a hundred times slower. The trigger
/// is restored from its own stored text inside the same transaction, so no other
/// process ever sees the schema without it.
pub fn insert_many(
    store: &mut Store,
    actor: &Actor,
    accounts: &[NewAccount],
    source: &str,
) -> Result<usize, DbError> {
    actor.require(Permission::ManageAccounts)?;
    store.write(actor, |tx| {
        let first_new: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM account", [], |r| {
                r.get(0)
            })?;
        // A file still at a schema before the one search index (only migration tests
        // build one) keeps its own trigger and indexes row by row.
        let trigger = if has_search_index(tx)? {
            Some(take_insert_trigger(tx)?)
        } else {
            None
        };
        for a in accounts {
            insert_one(tx, a)?;
        }
        if let Some(trigger) = trigger {
            // In account-number order: FTS5 writes out its pending terms whenever a
            // rowid is not larger than the one before.
            tx.execute(
                "INSERT INTO account_search(rowid, name_chars, name_pairs, address_chars,
                                            address_pairs, keys)
                 SELECT CAST(account_no AS INTEGER),
                        gasdesk_search_column('name_chars', holder_name),
                        gasdesk_search_column('name_pairs', holder_name),
                        gasdesk_search_column('address_chars', address),
                        gasdesk_search_column('address_pairs', address),
                        gasdesk_search_keys(holder_name, phone)
                 FROM account WHERE id >= ?1 ORDER BY account_no",
                [first_new],
            )?;
            tx.execute_batch(&trigger)?;
        }
        let first = accounts.first().map(|a| a.account_no.clone());
        let last = accounts.last().map(|a| a.account_no.clone());
        Ok((
            accounts.len(),
            AuditNote::new("account_import", "account", accounts.len()).detail(serde_json::json!({
                "source": source, "count": accounts.len(), "first": first, "last": last,
            })),
        ))
    })
}
