//! Loading millions of accounts into a new file quickly, using both cores: one thread
//! writes the account rows into the new database while another builds the search
//! indexes in a side file, whose index pages are then copied in.
//!
//! FTS5 keeps an index in its `_data` and `_idx` shadow tables; their format does not
//! depend on where the content lives, so an index built over the same rowids elsewhere
//! is the same index. `tests` check the result with FTS5's own integrity-check and
//! against the trigger-maintained path.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rusqlite::config::DbConfig;

use crate::domain::account::NewAccount;
use crate::domain::pinyin;

use super::functions::chars_as_tokens;
use super::{Actor, AuditNote, DbError, Store};

/// The search indexes, each built from one column of precomputed tokens.
const INDEXES: [(&str, &str); 4] = [
    ("name_chars", "name"),
    ("address_chars", "address"),
    ("account_initials", "initials"),
    ("account_trigram", "holder_name, address"),
];

/// The trigram index reads its content from `account` in the real file; in the side
/// file it is contentless, which leaves its index pages identical.
const TRIGRAM_CONTENT: &str = "content = 'account', content_rowid = 'id'";

fn schema_sql(conn: &Connection, table: &str) -> Result<String, DbError> {
    Ok(conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get(0),
    )?)
}

/// The search indexes under construction in a side file.
pub struct SideIndex {
    conn: Connection,
    path: PathBuf,
}

impl SideIndex {
    /// A side file beside `store`'s, with the store's own search-table definitions.
    pub fn create(store: &Store) -> Result<SideIndex, DbError> {
        let path = side_path(store.path());
        remove_file_if_present(&path)?;
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
            | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|e| DbError::open(&path, e))?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;
             CREATE TABLE src(id INTEGER PRIMARY KEY, name TEXT, address TEXT, initials TEXT,
                              holder_name TEXT, raw_address TEXT);",
        )?;
        for (table, _) in INDEXES {
            let sql = schema_sql(store.conn(), table)?;
            let sql = if table == "account_trigram" {
                if !sql.contains(TRIGRAM_CONTENT) {
                    return Err(DbError::Rule(format!(
                        "unexpected definition of {table}: {sql}"
                    )));
                }
                sql.replace(TRIGRAM_CONTENT, "content = ''")
            } else {
                sql
            };
            conn.execute_batch(&sql)?;
        }
        Ok(SideIndex { conn, path })
    }

    /// Indexes `accounts`, whose ids in the real file start at `first_id`.
    pub fn add(&mut self, first_id: i64, accounts: &[NewAccount]) -> Result<(), DbError> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO src(id, name, address, initials, holder_name, raw_address)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (offset, a) in accounts.iter().enumerate() {
                stmt.execute((
                    first_id + offset as i64,
                    chars_as_tokens(&a.holder_name),
                    chars_as_tokens(&a.address),
                    pinyin::initials_variants(&a.holder_name).join(" "),
                    &a.holder_name,
                    &a.address,
                ))?;
            }
        }
        // One statement per index: FTS5 then flushes once, not once per row.
        tx.execute_batch(
            "INSERT INTO name_chars(rowid, name) SELECT id, name FROM src;
             INSERT INTO address_chars(rowid, address) SELECT id, address FROM src;
             INSERT INTO account_initials(rowid, initials) SELECT id, initials FROM src;
             INSERT INTO account_trigram(rowid, holder_name, address) SELECT id, holder_name, raw_address FROM src;
             DELETE FROM src;",
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn side_path(main: &Path) -> PathBuf {
    let mut name = main.as_os_str().to_owned();
    name.push(".search");
    PathBuf::from(name)
}

fn remove_file_if_present(path: &Path) -> Result<(), DbError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(DbError::Io(path.to_path_buf(), e))
        }
        _ => Ok(()),
    }
}

impl Store {
    /// Inserts accounts without touching the search indexes: for a bulk load whose
    /// indexes come from [`SideIndex`] and [`Store::adopt_search_index`]. Returns the
    /// id of the first inserted account.
    pub fn insert_accounts_unindexed(
        &mut self,
        actor: &Actor,
        accounts: &[NewAccount],
    ) -> Result<i64, DbError> {
        actor.require(crate::domain::role::Permission::ManageAccounts)?;
        self.write(actor, |tx| {
            let first: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM account", [], |r| r.get(0))?;
            let trigger = super::account::take_insert_trigger(tx)?;
            for a in accounts {
                super::account::insert_one(tx, a)?;
            }
            tx.execute_batch(&trigger)?;
            Ok((
                first,
                AuditNote::new("account_import", "account", accounts.len())
                    .detail(serde_json::json!({ "source": "bulk", "count": accounts.len(), "first_id": first })),
            ))
        })
    }

    /// Replaces this file's (empty) search indexes with the ones built in `side`, then
    /// removes the side file. Only for a private file being built: it writes FTS5's
    /// shadow tables directly, which defensive mode otherwise forbids.
    pub fn adopt_search_index(&mut self, side: SideIndex) -> Result<(), DbError> {
        let SideIndex { conn, path } = side;
        drop(conn);
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)?;
        let outcome = (|| -> Result<(), DbError> {
            self.conn
                .execute("ATTACH DATABASE ?1 AS side", [path.to_string_lossy()])?;
            let tx = self.conn.transaction()?;
            for (table, _) in INDEXES {
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
        remove_file_if_present(&path)
    }

    /// FTS5's own consistency check of every search index (slow on big files).
    pub fn check_search_index(&self) -> Result<(), DbError> {
        for (table, _) in INDEXES {
            self.conn.execute(
                &format!("INSERT INTO {table}({table}) VALUES ('integrity-check')"),
                [],
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DbKind, account, office};
    use crate::domain::office::builtin_offices;

    fn new_store(dir: &Path, name: &str) -> Store {
        let mut store = Store::create(&dir.join(name), DbKind::Demo).unwrap();
        office::install(&mut store, &Actor::system(), &builtin_offices()).unwrap();
        store
    }

    /// The side-built index answers exactly as the trigger-maintained one, passes
    /// FTS5's integrity check, and later single inserts (the trigger) still work on it.
    #[test]
    fn side_built_index_matches_the_trigger_path() {
        let dir = tempfile::tempdir().unwrap();
        let offices = builtin_offices();
        let rows: Vec<NewAccount> = crate::demo::generate::accounts(11, 1500, &offices).collect();
        let system = Actor::system();

        let mut plain = new_store(dir.path(), "plain.sqlite");
        account::insert_many(&mut plain, &system, &rows, "test").unwrap();

        let mut bulk = new_store(dir.path(), "bulk.sqlite");
        let mut side = SideIndex::create(&bulk).unwrap();
        for chunk in rows.chunks(400) {
            let first = bulk.insert_accounts_unindexed(&system, chunk).unwrap();
            side.add(first, chunk).unwrap();
        }
        let side_path = side.path().to_path_buf();
        bulk.adopt_search_index(side).unwrap();
        assert!(!side_path.exists());
        bulk.check_search_index().unwrap();
        plain.check_search_index().unwrap();

        let queries: Vec<String> = rows
            .iter()
            .step_by(97)
            .flat_map(|a| {
                let compound = a
                    .address
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .to_string();
                [
                    a.holder_name.chars().take(2).collect::<String>(),
                    a.holder_name.clone(),
                    compound.chars().take(2).collect(),
                    compound,
                    pinyin::initials_variants(&a.holder_name).remove(0),
                ]
            })
            .collect();
        for q in &queries {
            let ids = |s: &Store| -> Vec<i64> {
                account::search(s.conn(), q, 50)
                    .unwrap()
                    .rows
                    .into_iter()
                    .map(|r| r.id)
                    .collect()
            };
            assert_eq!(ids(&plain), ids(&bulk), "query {q}");
            assert!(!ids(&bulk).is_empty(), "query {q} finds nothing");
        }

        // The trigger is back: a later single account is searchable in the bulk file.
        let mut extra = rows[0].clone();
        extra.account_no = "3999999999".into();
        extra.id_number = None;
        extra.holder_name = "欧阳娜娜".into();
        extra.meter = None;
        account::insert_many(&mut bulk, &system, &[extra], "test").unwrap();
        assert_eq!(
            account::search(bulk.conn(), "oynn", 5).unwrap().rows[0].holder_name,
            "欧阳娜娜"
        );
        bulk.check_search_index().unwrap();
    }

    /// A bulk load skips the per-row foreign-key check; finishing checks the whole file.
    #[test]
    fn finishing_a_bulk_load_finds_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = new_store(dir.path(), "orphan.sqlite");
        store.bulk_load_mode().unwrap();
        store
            .write(&Actor::system(), |tx| {
                tx.execute(
                    "INSERT INTO meter (account_id, serial, kind, installed_on, expires_on)
                     VALUES (424242, 'X1', 'iot', '2020-01-01', '2030-01-01')",
                    [],
                )?;
                Ok(((), AuditNote::new("test_orphan", "meter", "X1")))
            })
            .unwrap();
        assert!(matches!(store.finish_bulk_load(), Err(DbError::Rule(_))));
    }
}
