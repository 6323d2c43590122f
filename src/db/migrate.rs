//! Schema migrations keyed on `PRAGMA user_version`, applied under `BEGIN IMMEDIATE` so
//! that 80 processes starting at once migrate exactly once.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::{APPLICATION_ID, DbError};

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_foundation.sql"),
    include_str!("sql/002_queue.sql"),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

pub(super) fn migrate(conn: &mut Connection, path: &Path, writable: bool) -> Result<(), DbError> {
    let found = user_version(conn)?;
    if found > latest_version() {
        return Err(DbError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: latest_version(),
        });
    }
    if found == latest_version() {
        return Ok(());
    }
    if !writable {
        return Err(DbError::UpgradeNeedsWrite(path.to_path_buf()));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let current = user_version(&tx)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}
