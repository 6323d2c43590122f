use std::path::{Path, PathBuf};

use super::side::SideMeters;
use super::*;
use crate::db::{DbKind, account, office};
use crate::domain::office::builtin_offices;
use crate::domain::pinyin;

fn new_store(dir: &Path, name: &str) -> Store {
    let mut store = Store::create(&dir.join(name), DbKind::Demo).unwrap();
    office::install(&mut store, &Actor::system(), &builtin_offices()).unwrap();
    store
}

fn rows(store: &Store, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn side_files(store: &Store) -> Vec<PathBuf> {
    [".search", ".meters"]
        .iter()
        .map(|suffix| {
            let mut name = store.path().as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}

/// The bulk load leaves the same accounts and meters as row-by-row inserts, search
/// indexes that answer exactly as the trigger-maintained ones and pass FTS5's
/// integrity check, every plain index, and a working trigger for later inserts.
#[test]
fn bulk_load_matches_row_by_row_inserts() {
    let dir = tempfile::tempdir().unwrap();
    let offices = builtin_offices();
    let accounts: Vec<NewAccount> = crate::demo::generate::accounts(11, 1500, &offices).collect();
    let system = Actor::system();

    let mut plain = new_store(dir.path(), "plain.sqlite");
    account::insert_many(&mut plain, &system, &accounts, "test").unwrap();

    let mut bulk = new_store(dir.path(), "bulk.sqlite");
    bulk.bulk_load_mode().unwrap();
    let mut seen = Vec::new();
    load_accounts(
        &mut bulk,
        &system,
        accounts.iter().cloned(),
        400,
        &mut |n| seen.push(n),
    )
    .unwrap();
    bulk.finish_bulk_load().unwrap();
    assert_eq!(seen, [400, 800, 1200, 1500]);
    assert!(side_files(&bulk).iter().all(|p| !p.exists()));

    for sql in [
        "SELECT * FROM account ORDER BY id",
        "SELECT * FROM meter ORDER BY id",
        "SELECT name, sql FROM sqlite_schema WHERE tbl_name IN ('account', 'meter')
         ORDER BY name",
    ] {
        assert_eq!(rows(&plain, sql), rows(&bulk, sql), "{sql}");
    }
    assert_eq!(rows(&bulk, "SELECT id FROM meter").len(), 1500);
    bulk.check_search_index().unwrap();
    plain.check_search_index().unwrap();
    assert_eq!(bulk.quick_check().unwrap(), None);

    let queries: Vec<String> = accounts
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
    let mut extra = accounts[0].clone();
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

/// The meters come back through SQLite's transfer optimisation (which reads whole
/// records, `RowData`), not row by row: a trigger on `meter` or a definition that
/// differs from the side file's would silently lose it.
#[test]
fn meters_are_copied_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path(), "xfer.sqlite");
    store.bulk_load_mode().unwrap();
    let side = SideMeters::create(&store).unwrap();
    store
        .conn()
        .execute(
            "ATTACH DATABASE ?1 AS side_meters",
            [side.file.0.to_string_lossy()],
        )
        .unwrap();
    let mut stmt = store
        .conn()
        .prepare("EXPLAIN INSERT INTO main.meter SELECT * FROM side_meters.meter")
        .unwrap();
    let ops: Vec<String> = stmt
        .query_map([], |r| r.get(1))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(ops.iter().any(|op| op == "RowData"), "{ops:?}");
}

/// A load that fails (here: a duplicate account number) reports the error and
/// leaves no side file behind.
#[test]
fn a_failed_load_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let offices = builtin_offices();
    let mut accounts: Vec<NewAccount> = crate::demo::generate::accounts(5, 300, &offices).collect();
    accounts[250].account_no = accounts[10].account_no.clone();
    let mut store = new_store(dir.path(), "failed.sqlite");
    store.bulk_load_mode().unwrap();
    let loaded = load_accounts(
        &mut store,
        &Actor::system(),
        accounts.into_iter(),
        100,
        &mut |_| {},
    );
    assert!(loaded.is_err());
    assert!(side_files(&store).iter().all(|p| !p.exists()));
}

#[test]
fn dates_are_written_as_display_writes_them() {
    for (y, m, d) in [(2026, 1, 1), (1935, 12, 31), (999, 3, 9), (9999, 12, 31)] {
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(iso_date(date), date.to_string());
    }
    let far = chrono::NaiveDate::from_ymd_opt(12345, 6, 7).unwrap();
    assert_eq!(iso_date(far), far.to_string());
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
