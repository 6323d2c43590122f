//! Loading millions of accounts into a new file quickly, using both cores. Three threads
//! share the work: this one writes the account rows into the new database; one builds
//! the search indexes in a side file, whose index pages are then copied in; one builds
//! the meter table in another side file, which SQLite then copies in whole.
//!
//! FTS5 keeps an index in its `_data` and `_idx` shadow tables; their format does not
//! depend on where the content lives, so an index built over the same rowids elsewhere
//! is the same index. `tests` check the result with FTS5's own integrity-check and
//! against the trigger-maintained path.
//!
//! The meter table is built in a side file with the same definition, so that
//! `INSERT INTO meter SELECT * FROM side.meter` is SQLite's transfer optimisation: the
//! table and each of its indexes are copied in key order, which is much cheaper than
//! inserting rows into the randomly ordered serial-number index here.

mod side;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction};

use crate::domain::account::NewAccount;

use self::side::{INDEXES, MeterRow, SideIndex, SideMeters, remove_file_if_present};
use super::{Actor, AuditNote, DbError, Store};

/// Rows per INSERT statement. A CHECK of the form `x IN ('a', 'b', 'c')` makes SQLite
/// build a temporary b-tree each time a statement runs, and every run has its fixed cost;
/// with one row per statement that took about a fifth of the time spent on a row.
const ROWS_PER_INSERT: usize = 64;

// OR FAIL: a failed row fails the whole load, whose file is then thrown away, so there is
// no point in SQLite undoing the statement's earlier rows; it journals less for it.
const ACCOUNT_INSERT: &str = "INSERT OR FAIL INTO account (account_no, holder_name,
    id_number, phone, landline, district, address, customer_type, home_office_id, opened_on)
    VALUES ";
const ACCOUNT_COLUMNS: usize = 10;
const METER_INSERT: &str = "INSERT OR FAIL INTO meter (id, account_id, serial, kind,
    installed_on, expires_on) VALUES ";
const METER_COLUMNS: usize = 6;

/// `head` followed by `rows` groups of `columns` anonymous parameters.
fn multi_row_sql(head: &str, columns: usize, rows: usize) -> String {
    let group = format!("({})", vec!["?"; columns].join(","));
    format!("{head}{}", vec![group.as_str(); rows].join(","))
}

/// Binds values to consecutive anonymous parameters of a multi-row statement.
struct Binder<'s, 'c> {
    stmt: &'s mut rusqlite::CachedStatement<'c>,
    next: usize,
}

impl Binder<'_, '_> {
    fn bind(&mut self, value: impl rusqlite::ToSql) -> Result<(), DbError> {
        self.next += 1;
        self.stmt.raw_bind_parameter(self.next, value)?;
        Ok(())
    }
}

/// A date in its text form, `YYYY-MM-DD` (as `NaiveDate`'s `Display` writes years
/// 0-9999), without going through the formatter machinery.
fn iso_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let (year, month, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&year) {
        return d.to_string();
    }
    let mut buf = *b"0000-00-00";
    for (range, mut n) in [(0..4, year.unsigned_abs()), (5..7, month), (8..10, day)] {
        for i in range.rev() {
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn insert_accounts(tx: &Transaction<'_>, accounts: &[NewAccount]) -> Result<(), DbError> {
    for chunk in accounts.chunks(ROWS_PER_INSERT) {
        let mut stmt =
            tx.prepare_cached(&multi_row_sql(ACCOUNT_INSERT, ACCOUNT_COLUMNS, chunk.len()))?;
        let mut b = Binder {
            stmt: &mut stmt,
            next: 0,
        };
        for a in chunk {
            b.bind(&a.account_no)?;
            b.bind(&a.holder_name)?;
            b.bind(&a.id_number)?;
            b.bind(&a.phone)?;
            b.bind(&a.landline)?;
            b.bind(&a.district)?;
            b.bind(&a.address)?;
            b.bind(a.customer_type.as_str())?;
            b.bind(a.home_office)?;
            b.bind(iso_date(a.opened_on))?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

fn insert_meters(conn: &Connection, meters: &[MeterRow<'_>]) -> Result<(), DbError> {
    for chunk in meters.chunks(ROWS_PER_INSERT) {
        let mut stmt =
            conn.prepare_cached(&multi_row_sql(METER_INSERT, METER_COLUMNS, chunk.len()))?;
        let mut b = Binder {
            stmt: &mut stmt,
            next: 0,
        };
        for (id, account_id, m) in chunk {
            b.bind(id)?;
            b.bind(account_id)?;
            b.bind(&m.serial)?;
            b.bind(m.kind.as_str())?;
            b.bind(iso_date(m.installed_on))?;
            b.bind(iso_date(m.expires_on))?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

type Batch = (i64, Arc<Vec<NewAccount>>);

/// Runs `work` on every batch received, then `finish`, on a thread of its own.
fn side_thread<S: Send + 'static>(
    mut side: S,
    work: fn(&mut S, i64, &[NewAccount]) -> Result<(), DbError>,
    finish: fn(&mut S) -> Result<(), DbError>,
) -> (
    SyncSender<Batch>,
    std::thread::JoinHandle<Result<S, DbError>>,
) {
    let (to_side, batches) = sync_channel::<Batch>(2);
    let handle = std::thread::spawn(move || {
        for (first_id, batch) in batches {
            work(&mut side, first_id, &batch)?;
        }
        finish(&mut side)?;
        Ok(side)
    });
    (to_side, handle)
}

fn join<S>(handle: std::thread::JoinHandle<Result<S, DbError>>) -> Result<S, DbError> {
    handle
        .join()
        .map_err(|_| DbError::Rule("a bulk-load thread panicked".into()))?
}

/// Loads `accounts` with their meters into a new file in bulk-load mode
/// ([`Store::bulk_load_mode`]) that has no accounts yet, `batch` accounts per
/// transaction. `progress` is called with the number of accounts written so far.
pub fn load_accounts(
    store: &mut Store,
    actor: &Actor,
    accounts: impl Iterator<Item = NewAccount>,
    batch: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<(), DbError> {
    actor.require(crate::domain::role::Permission::ManageAccounts)?;
    let search = SideIndex::create(store)?;
    // Before the plain indexes go, so that the side file has them all.
    let meters = SideMeters::create(store)?;
    let indexes = store.drop_plain_indexes()?;
    let (to_search, search) = side_thread(search, SideIndex::add, SideIndex::optimize);
    let (to_meters, meters) = side_thread(meters, SideMeters::add, SideMeters::commit);
    let written = feed(
        store,
        actor,
        accounts,
        batch,
        &[to_search, to_meters],
        progress,
    );
    // The plain indexes are built while the other threads finish their last batches.
    let indexed = written.and_then(|()| store.restore_indexes(&indexes));
    let meters = join(meters);
    let search = join(search);
    indexed?;
    store.adopt_meters(meters?)?;
    store.adopt_search_index(search?)
}

/// Writes the accounts here, each batch handed to the side threads first so that all
/// three work on it at once. Stops early, without error, when a side thread has failed:
/// joining it reports why.
fn feed(
    store: &mut Store,
    actor: &Actor,
    mut accounts: impl Iterator<Item = NewAccount>,
    batch: usize,
    sides: &[SyncSender<Batch>],
    progress: &mut dyn FnMut(usize),
) -> Result<(), DbError> {
    let mut next_id = store.next_account_id()?;
    let mut done = 0;
    loop {
        let rows: Vec<NewAccount> = accounts.by_ref().take(batch.max(1)).collect();
        if rows.is_empty() {
            return Ok(());
        }
        let rows = Arc::new(rows);
        for side in sides {
            if side.send((next_id, Arc::clone(&rows))).is_err() {
                return Ok(());
            }
        }
        store.insert_accounts_only(actor, next_id, &rows)?;
        next_id += rows.len() as i64;
        done += rows.len();
        progress(done);
    }
}

impl Store {
    fn next_account_id(&self) -> Result<i64, DbError> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM account", [], |r| {
                r.get(0)
            })?)
    }

    /// Inserts accounts, not their meters, without touching the search indexes; they
    /// must get the ids from `first_id` on, which the side files were told.
    fn insert_accounts_only(
        &mut self,
        actor: &Actor,
        first_id: i64,
        accounts: &[NewAccount],
    ) -> Result<(), DbError> {
        let last_id = first_id + accounts.len() as i64 - 1;
        self.write(actor, |tx| {
            let trigger = super::account::take_insert_trigger(tx)?;
            insert_accounts(tx, accounts)?;
            let ids: (i64, i64) = tx.query_row(
                "SELECT min(id), max(id) FROM account WHERE id >= ?1",
                [first_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if ids != (first_id, last_id) {
                return Err(DbError::Rule(format!(
                    "bulk load expected account ids {first_id}..={last_id}, got {ids:?}"
                )));
            }
            tx.execute_batch(&trigger)?;
            Ok((
                (),
                AuditNote::new("account_import", "account", accounts.len()).detail(
                    serde_json::json!({ "source": "bulk", "count": accounts.len(), "first_id": first_id }),
                ),
            ))
        })
    }

    /// Copies the meter table built in `side` into this file's (empty) one, then removes
    /// the side file.
    fn adopt_meters(&mut self, side: SideMeters) -> Result<(), DbError> {
        let SideMeters { conn, file, .. } = side;
        let expected: i64 = conn.query_row("SELECT count(*) FROM meter", [], |r| r.get(0))?;
        drop(conn);
        self.conn.execute(
            "ATTACH DATABASE ?1 AS side_meters",
            [file.0.to_string_lossy()],
        )?;
        let copied = self
            .conn
            .execute("INSERT INTO main.meter SELECT * FROM side_meters.meter", []);
        self.conn.execute_batch("DETACH DATABASE side_meters")?;
        let copied = copied? as i64;
        if copied != expected {
            return Err(DbError::Rule(format!(
                "copied {copied} of {expected} meters"
            )));
        }
        remove_file_if_present(&file.0)
    }

    /// Replaces this file's (empty) search indexes with the ones built in `side`, then
    /// removes the side file. Only for a private file being built: it writes FTS5's
    /// shadow tables directly, which defensive mode otherwise forbids.
    fn adopt_search_index(&mut self, side: SideIndex) -> Result<(), DbError> {
        let SideIndex { conn, file } = side;
        drop(conn);
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)?;
        let outcome = (|| -> Result<(), DbError> {
            self.conn
                .execute("ATTACH DATABASE ?1 AS side", [file.0.to_string_lossy()])?;
            let tx = self.conn.transaction()?;
            for table in INDEXES {
                for shadow in ["data", "idx"] {
                    tx.execute_batch(&format!(
                        "DELETE FROM main.{table}_{shadow};
                         INSERT INTO main.{table}_{shadow} SELECT * FROM side.{table}_{shadow};"
                    ))?;
                }
            }
            tx.commit()?;
            self.conn.execute_batch("DETACH DATABASE side")?;
            Ok(())
        })();
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        outcome?;
        remove_file_if_present(&file.0)
    }

    /// FTS5's own consistency check of every search index (slow on big files).
    pub fn check_search_index(&self) -> Result<(), DbError> {
        for table in INDEXES {
            self.conn.execute(
                &format!("INSERT INTO {table}({table}) VALUES ('integrity-check')"),
                [],
            )?;
        }
        Ok(())
    }
}

/// The file-level settings of a bulk load, and putting them back.
impl Store {
    /// For building a new file that is renamed into place only when complete: a crash
    /// mid-build loses nothing, so per-commit fsync buys nothing.
    pub fn bulk_load_mode(&self) -> Result<(), DbError> {
        // No journal at all: the file is private until renamed, and a failed build is
        // thrown away whole.
        self.conn
            .query_row("PRAGMA journal_mode = OFF", [], |_| Ok(()))?;
        self.conn.execute_batch(
            // A large cache keeps the randomly ordered unique indexes (ID numbers, meter
            // serials) in memory while millions of rows go in; it is freed with the build.
            "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY;
             PRAGMA foreign_keys = OFF;",
        )?;
        Ok(())
    }

    /// Drops the plain (non-unique) indexes for a bulk load into a new file; returns
    /// their SQL for [`Store::restore_indexes`]. Building an index once from sorted data
    /// is several times faster than keeping it up to date row by row.
    pub fn drop_plain_indexes(&self) -> Result<Vec<String>, DbError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
               AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ('account', 'meter')",
        )?;
        let found: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (name, _) in &found {
            // The name comes from sqlite_schema itself; quoting keeps it an identifier.
            self.conn
                .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        }
        Ok(found.into_iter().map(|(_, sql)| sql).collect())
    }

    pub fn restore_indexes(&self, sql: &[String]) -> Result<(), DbError> {
        for statement in sql {
            self.conn.execute_batch(statement)?;
        }
        Ok(())
    }

    /// Ends a bulk load: foreign keys checked over the whole file at once (the load ran
    /// without the per-row check), durable again, statistics gathered, WAL folded into the file.
    pub fn finish_bulk_load(&self) -> Result<(), DbError> {
        let broken: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        self.conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        if broken > 0 {
            return Err(DbError::Rule(format!(
                "bulk load left {broken} rows without their parent"
            )));
        }
        // Statistics from a sample: a full ANALYZE of millions of rows costs seconds and
        // the query plans here do not need more.
        self.conn
            .execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")?;
        self.conn
            .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        self.conn.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(())
    }
}
