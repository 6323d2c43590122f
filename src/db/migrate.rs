//! Schema migrations keyed on `PRAGMA user_version`, applied under `BEGIN IMMEDIATE` so
//! that 80 processes starting at once migrate exactly once.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::{APPLICATION_ID, DbError};

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub(super) const MIGRATIONS: &[&str] = &[
    include_str!("sql/001_foundation.sql"),
    include_str!("sql/002_queue.sql"),
    include_str!("sql/003_cash.sql"),
    include_str!("sql/004_chain_heads.sql"),
    include_str!("sql/005_care.sql"),
    include_str!("sql/006_fees.sql"),
    include_str!("sql/007_search_rank.sql"),
    include_str!("sql/008_login_probe.sql"),
    include_str!("sql/009_install.sql"),
    include_str!("sql/010_transfer.sql"),
    include_str!("sql/011_report.sql"),
    include_str!("sql/012_install_links.sql"),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

#[cfg(test)]
fn migrate(conn: &mut Connection, path: &Path, writable: bool) -> Result<(), DbError> {
    migrate_to(conn, path, writable, latest_version())
}

/// Migrates up to schema version `target` (the latest, but for tests of a migration).
pub(super) fn migrate_to(
    conn: &mut Connection,
    path: &Path,
    writable: bool,
    target: i64,
) -> Result<(), DbError> {
    let found = user_version(conn)?;
    if found > latest_version() {
        return Err(DbError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: latest_version(),
        });
    }
    if found >= target {
        return Ok(());
    }
    if !writable {
        return Err(DbError::UpgradeNeedsWrite(path.to_path_buf()));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let current = user_version(&tx)?;
    let steps = MIGRATIONS.iter().enumerate().take(target as usize);
    for (index, sql) in steps.skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod fees_tests;
#[cfg(test)]
mod transfer_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(conn: &Connection) -> Vec<(String, String, Option<String>)> {
        conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn connection() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        super::super::functions::register(&conn).unwrap();
        conn
    }

    /// A database left at any older version and then opened by this binary ends with
    /// exactly the schema of a new one.
    #[test]
    fn migrating_from_every_older_version_equals_a_fresh_schema() {
        let mut fresh = connection();
        migrate(&mut fresh, Path::new(":memory:"), true).unwrap();
        let expected = schema(&fresh);
        for version in 1..latest_version() {
            let mut old = connection();
            for sql in &MIGRATIONS[..version as usize] {
                old.execute_batch(sql).unwrap();
            }
            old.pragma_update(None, "user_version", version).unwrap();
            migrate(&mut old, Path::new(":memory:"), true).unwrap();
            assert_eq!(schema(&old), expected, "from version {version}");
            assert_eq!(user_version(&old).unwrap(), latest_version());
        }
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = connection();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut conn, Path::new("x.sqlite"), true),
            Err(DbError::TooNew { .. })
        ));
    }
}
