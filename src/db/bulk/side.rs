//! The side files of a bulk load: each is built by a thread of its own and copied into
//! the real file at the end.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::domain::account::{NewAccount, NewMeter};
use crate::domain::search;

use super::super::{DbError, Store};

/// The search indexes built in the side file.
pub(super) const INDEXES: [&str; 1] = ["account_search"];

/// FTS5 settings of the side file only (they live in its `_config` table, which is not
/// copied). By default FTS5 writes a new segment for every megabyte of pending tokens and
/// keeps merging segments as they pile up, which rewrote each token several times; here
/// each batch becomes one segment and a single merge at the end leaves one per index.
const SIDE_FTS_SETTINGS: [(&str, i64); 3] = [
    ("hashsize", 1 << 29),
    ("automerge", 0),
    // The largest value FTS5 accepts: no merge before the final 'optimize'.
    ("crisismerge", 1999),
];

/// Page cache of the meter side file: its table and indexes take about 90 bytes a meter.
const SIDE_METER_CACHE_KIB: i64 = 262_144;

fn schema_sql(conn: &Connection, table: &str) -> Result<String, DbError> {
    Ok(conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )?)
}

/// A side file, removed when dropped (a failed load leaves none behind).
pub(super) struct SideFile(pub(super) PathBuf);

impl Drop for SideFile {
    fn drop(&mut self) {
        // Best effort: a successful load has removed it already and reported any error.
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Opens a private side file beside `main`, replacing any leftover of a failed build.
fn open_side(main: &Path, suffix: &str, cache_kib: i64) -> Result<(Connection, SideFile), DbError> {
    let mut name = main.as_os_str().to_owned();
    name.push(suffix);
    let path = PathBuf::from(name);
    remove_file_if_present(&path)?;
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
        | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(&path, flags).map_err(|e| DbError::open(&path, e))?;
    // No foreign keys: the meter side file has no account table to check against; the
    // whole file is checked once the meters are in it.
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -{cache_kib};
         PRAGMA foreign_keys = OFF;"
    ))?;
    Ok((conn, SideFile(path)))
}

pub(super) fn remove_file_if_present(path: &Path) -> Result<(), DbError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(DbError::Io(path.to_path_buf(), e))
        }
        _ => Ok(()),
    }
}

/// The search indexes under construction in a side file.
pub(super) struct SideIndex {
    pub(super) conn: Connection,
    pub(super) file: SideFile,
}

impl SideIndex {
    /// A side file beside `store`'s, with the store's own search-table definitions.
    pub(super) fn create(store: &Store) -> Result<SideIndex, DbError> {
        let (conn, file) = open_side(store.path(), ".search", 1_048_576)?;
        // The staging table lives in memory: it is emptied after every batch.
        conn.execute_batch(
            "PRAGMA temp_store = MEMORY;
             CREATE TEMP TABLE src(no INTEGER PRIMARY KEY, name_chars TEXT, name_pairs TEXT,
                                   address_chars TEXT, address_pairs TEXT, keys TEXT);",
        )?;
        for table in INDEXES {
            conn.execute_batch(&schema_sql(store.conn(), table)?)?;
            for (key, value) in SIDE_FTS_SETTINGS {
                conn.execute(
                    &format!("INSERT INTO {table}({table}, rank) VALUES (?1, ?2)"),
                    (key, value),
                )?;
            }
        }
        Ok(SideIndex { conn, file })
    }

    /// Indexes `accounts` under their account numbers, as the insert trigger would.
    pub(super) fn add(&mut self, _first_id: i64, accounts: &[NewAccount]) -> Result<(), DbError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO src(no, name_chars, name_pairs, address_chars, address_pairs, keys)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for a in accounts {
                let no: i64 = a.account_no.parse().map_err(|_| {
                    DbError::Rule(format!("account number {} is not a number", a.account_no))
                })?;
                let column = |name: &str, text: &str| {
                    search::column_text(name, text).expect("a search column")
                };
                stmt.execute((
                    no,
                    column("name_chars", &a.holder_name),
                    column("name_pairs", &a.holder_name),
                    column("address_chars", &a.address),
                    column("address_pairs", &a.address),
                    search::keys_column(&a.holder_name, a.phone.as_deref()),
                ))?;
            }
        }
        // One statement, in account-number order: FTS5 then flushes once, not at every
        // rowid smaller than the one before.
        tx.execute_batch(
            "INSERT INTO account_search(rowid, name_chars, name_pairs, address_chars,
                                        address_pairs, keys)
                 SELECT no, name_chars, name_pairs, address_chars, address_pairs, keys
                 FROM src ORDER BY no;
             DELETE FROM src;",
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Merges each index into one segment, the fastest shape to search.
    pub(super) fn optimize(&mut self) -> Result<(), DbError> {
        for table in INDEXES {
            self.conn
                .execute_batch(&format!("INSERT INTO {table}({table}) VALUES ('optimize')"))?;
        }
        Ok(())
    }
}

/// The meter table under construction in a side file, in one transaction: nothing
/// reads the file before it is complete, and a commit per batch would write most pages
/// of the randomly ordered serial-number index again each time.
pub(super) struct SideMeters {
    pub(super) conn: Connection,
    pub(super) file: SideFile,
    next_id: i64,
}

impl SideMeters {
    /// A side file with the store's definition of `meter` and of every index on it, so
    /// that the copy back can take them all as they are.
    pub(super) fn create(store: &Store) -> Result<SideMeters, DbError> {
        let mut stmt = store.conn().prepare(
            "SELECT sql FROM sqlite_schema WHERE tbl_name = 'meter' AND sql IS NOT NULL
             ORDER BY type = 'table' DESC",
        )?;
        let schema: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let (conn, file) = open_side(store.path(), ".meters", SIDE_METER_CACHE_KIB)?;
        for sql in schema {
            conn.execute_batch(&sql)?;
        }
        conn.execute_batch("BEGIN")?;
        let next_id =
            store
                .conn()
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM meter", [], |r| {
                    r.get(0)
                })?;
        Ok(SideMeters {
            conn,
            file,
            next_id,
        })
    }

    /// Stores the meters of `accounts`, whose ids in the real file start at `first_id`.
    /// Each meter gets the id it would get there, the next one in account order.
    pub(super) fn add(&mut self, first_id: i64, accounts: &[NewAccount]) -> Result<(), DbError> {
        let mut meters: Vec<MeterRow<'_>> = Vec::with_capacity(accounts.len());
        for (k, a) in accounts.iter().enumerate() {
            if let Some(m) = &a.meter {
                meters.push((self.next_id, first_id + k as i64, m));
                self.next_id += 1;
            }
        }
        super::insert_meters(&self.conn, &meters)
    }

    pub(super) fn commit(&mut self) -> Result<(), DbError> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }
}

/// A meter's id, its account's id, and the meter.
pub(super) type MeterRow<'a> = (i64, i64, &'a NewMeter);
