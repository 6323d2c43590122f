//! The store through the library API: migrations, refusing foreign and newer files,
//! pragmas, append-only triggers, the audit hash chain, read-only mode, login with
//! lock-out and the customer search.

mod common;

use std::path::Path;
use std::sync::{Arc, Barrier};

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use gasdesk::db::account::{self, SearchKind};
use gasdesk::db::audit::{ChainProblem, verify_chain};
use gasdesk::db::staff::{self, LoginError, NewStaff};
use gasdesk::db::{self, APPLICATION_ID, Actor, DbError, DbKind, ReadOnlyReason, Store};
use gasdesk::domain::account::{CustomerType, NewAccount};
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::pin;
use gasdesk::domain::role::Role;
use gasdesk::i18n::{Lang, Localized};
use rusqlite::Connection;

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("gasdesk-db-test-")
        .tempdir()
        .unwrap()
}

/// A setting of the store's own connection (per-connection pragmas are not seen from another).
fn setting_i64(store: &Store, name: &str) -> i64 {
    store.setting(name).unwrap().parse().unwrap()
}

fn pragma_i64(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

/// The migration files shipped in `src/db/sql`; the schema version must equal their count.
fn migration_files() -> i64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db/sql");
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".sql") && name.as_bytes()[..3].iter().all(u8::is_ascii_digit)
        })
        .count() as i64
}

/// A store with the offices installed, as `init` leaves it.
fn store_with_offices(kind: DbKind) -> Store {
    let mut store = Store::in_memory(kind).unwrap();
    db::office::install(&mut store, &Actor::system(), &builtin_offices()).unwrap();
    store
}

/// The same, in a file the test can also open with a connection of its own.
fn file_store_with_offices(dir: &tempfile::TempDir, kind: DbKind) -> Store {
    let mut store = Store::create(&dir.path().join("offices.db"), kind).unwrap();
    db::office::install(&mut store, &Actor::system(), &builtin_offices()).unwrap();
    store
}

fn audit_rows(store: &Store) -> i64 {
    db::audit::recent(store, 1_000_000).unwrap().len() as i64
}

#[test]
fn a_new_database_is_migrated_and_marked() {
    let dir = temp_dir();
    let path = dir.path().join("new.db");
    let store = Store::create(&path, DbKind::Live).unwrap();
    assert_eq!(setting_i64(&store, "user_version"), migration_files());
    assert_eq!(
        setting_i64(&store, "application_id"),
        i64::from(APPLICATION_ID)
    );
    assert_eq!(APPLICATION_ID, 0x6761_7364);
    assert_eq!(store.kind(), DbKind::Live);
    assert!(store.read_only().is_none());
    assert!(matches!(
        Store::create(&path, DbKind::Demo),
        Err(DbError::AlreadyExists(_))
    ));
    drop(store);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.kind(), DbKind::Live);
    assert!(matches!(
        Store::open(&dir.path().join("absent.db")),
        Err(DbError::Missing(_))
    ));
}

#[test]
fn pragmas_after_open() {
    let dir = temp_dir();
    let path = dir.path().join("p.db");
    drop(Store::create(&path, DbKind::Demo).unwrap());
    let store = Store::open(&path).unwrap();
    let conn = &store;
    assert_eq!(store.setting("journal_mode").unwrap(), "wal");
    assert!(
        store.setting("wal_checkpoint").is_err(),
        "only listed settings are read"
    );
    assert_eq!(setting_i64(conn, "foreign_keys"), 1);
    assert_eq!(setting_i64(conn, "synchronous"), 2, "FULL");
    assert_eq!(setting_i64(conn, "trusted_schema"), 0);
    // SQLite's own automatic checkpoint is on (a WAL hook of our own would switch it off).
    assert_eq!(setting_i64(conn, "wal_autocheckpoint"), 1000);
    // gasdesk's own busy handler replaces SQLite's timeout handler.
    assert_eq!(setting_i64(conn, "busy_timeout"), 0);
    assert_eq!(setting_i64(conn, "journal_size_limit"), 64 * 1024 * 1024);
    // Reads are memory-mapped (capped by SQLite's compile-time maximum, about 2 GB).
    assert!(setting_i64(conn, "mmap_size") >= 1 << 30);
    assert!(store.is_demo());
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = temp_dir();
    let path = dir.path().join("future.db");
    drop(Store::create(&path, DbKind::Live).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    match Store::open(&path) {
        Err(DbError::TooNew {
            found, supported, ..
        }) => {
            assert_eq!(found, 99);
            assert_eq!(supported, migration_files());
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[test]
fn foreign_files_are_refused_and_left_alone() {
    let dir = temp_dir();
    let noise = dir.path().join("noise.db");
    // Deterministic bytes that are not a SQLite header.
    let bytes: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&noise, &bytes).unwrap();
    assert!(matches!(Store::open(&noise), Err(DbError::NotGasdesk(_))));
    assert_eq!(std::fs::read(&noise).unwrap(), bytes);

    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (42);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    assert!(matches!(Store::open(&other), Err(DbError::NotGasdesk(_))));
    assert_eq!(std::fs::read(&other).unwrap(), before);
    assert!(!dir.path().join("other.db-wal").exists());

    // Another application's id, even on an empty file, is not ours either.
    let tagged = dir.path().join("tagged.db");
    Connection::open(&tagged)
        .unwrap()
        .pragma_update(None, "application_id", 1234)
        .unwrap();
    assert!(matches!(Store::open(&tagged), Err(DbError::NotGasdesk(_))));
}

#[test]
fn twenty_processes_opening_an_old_file_migrate_it_once() {
    let dir = temp_dir();
    let path = dir.path().join("shared.db");
    // A gasdesk file of schema version 1 (an empty file is no longer migrated: only
    // `init` and `demo` create a schema).
    let old = Connection::open(&path).unwrap();
    old.execute_batch(include_str!("../src/db/sql/001_foundation.sql"))
        .unwrap();
    old.pragma_update(None, "user_version", 1).unwrap();
    old.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    drop(old);
    let barrier = Arc::new(Barrier::new(20));
    let handles: Vec<_> = (0..20)
        .map(|_| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                Store::open(&path).map(|s| setting_i64(&s, "user_version"))
            })
        })
        .collect();
    for h in handles {
        let version = h.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(version, migration_files());
    }
    let conn = Connection::open(&path).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('meta', 'account', 'audit')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 3);
    assert_eq!(
        pragma_i64(&conn, "application_id"),
        i64::from(APPLICATION_ID)
    );
}

#[test]
fn audit_is_append_only_and_accounts_are_never_deleted() {
    let dir = temp_dir();
    let mut store = file_store_with_offices(&dir, DbKind::Live);
    account::insert_many(&mut store, &Actor::system(), &accounts(), "test").unwrap();
    let conn = common::raw(&store);
    for sql in [
        "UPDATE audit SET detail = '{}' WHERE id = 1",
        "DELETE FROM audit WHERE id = 1",
        "DELETE FROM account WHERE id = 1",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("append-only") || text.contains("never deleted"),
            "{sql}: {text}"
        );
    }
    assert_eq!(audit_rows(&store), 2);
    assert_eq!(account::count(&store).unwrap(), accounts().len() as i64);
}

#[test]
fn the_audit_chain_verifies_and_detects_edits_and_removals() {
    let dir = temp_dir();
    let path = dir.path().join("chain.db");
    let mut store = Store::create(&path, DbKind::Live).unwrap();
    let system = Actor::system();
    db::office::install(&mut store, &system, &builtin_offices()).unwrap();
    for i in 0..5 {
        store
            .set_meta(&system, "note", &format!("step {i}"))
            .unwrap();
    }
    account::insert_many(&mut store, &system, &accounts(), "test").unwrap();
    assert_eq!(verify_chain(&store).unwrap(), Ok(7));
    drop(store);

    let copy = |name: &str| {
        let to = dir.path().join(name);
        std::fs::copy(&path, &to).unwrap();
        to
    };
    let verify = |p: &Path| verify_chain(&Store::open(p).unwrap()).unwrap();

    let edited = copy("edited.db");
    Connection::open(&edited)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_no_update;
             UPDATE audit SET detail = '{\"value\":\"step 9\"}' WHERE id = 4;",
        )
        .unwrap();
    let brk = verify(&edited).unwrap_err();
    assert_eq!((brk.id, brk.problem), (4, ChainProblem::HashMismatch));

    let removed = copy("removed.db");
    Connection::open(&removed)
        .unwrap()
        .execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3;")
        .unwrap();
    let brk = verify(&removed).unwrap_err();
    assert_eq!(
        (brk.id, brk.problem),
        (4, ChainProblem::Gap { expected: 3 })
    );

    // Removed and the later ids renumbered to hide the gap: the link gives it away.
    let renumbered = copy("renumbered.db");
    Connection::open(&renumbered)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update;
             DELETE FROM audit WHERE id = 3;
             UPDATE audit SET id = id - 1 WHERE id = 4;
             UPDATE audit SET id = id - 1 WHERE id = 5;
             UPDATE audit SET id = id - 1 WHERE id = 6;
             UPDATE audit SET id = id - 1 WHERE id = 7;",
        )
        .unwrap();
    let brk = verify(&renumbered).unwrap_err();
    assert_eq!((brk.id, brk.problem), (3, ChainProblem::BrokenLink));

    assert_eq!(verify(&path), Ok(7), "the original is still sound");
}

#[test]
fn busy_errors_are_classified() {
    use rusqlite::ffi;
    let sqlite =
        |code| DbError::Sqlite(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None));
    assert!(DbError::Busy.is_busy());
    assert!(sqlite(ffi::SQLITE_BUSY).is_busy());
    assert!(sqlite(ffi::SQLITE_LOCKED).is_busy());
    assert!(!sqlite(ffi::SQLITE_CONSTRAINT).is_busy());
    assert!(!DbError::Rule("x".into()).is_busy());

    // A real BUSY from a second connection while the store's file is write-locked.
    let dir = temp_dir();
    let path = dir.path().join("busy.db");
    drop(Store::create(&path, DbKind::Live).unwrap());
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let other = Connection::open(&path).unwrap();
    other.busy_timeout(std::time::Duration::ZERO).unwrap();
    let err = other.execute_batch("BEGIN IMMEDIATE").unwrap_err();
    assert!(DbError::from(err).is_busy());
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_read_only_store_refuses_writes_and_writes_nothing() {
    let mut store = store_with_offices(DbKind::Live);
    let before = audit_rows(&store);
    store.set_read_only(ReadOnlyReason::DamageFound("test".into()));
    let err = staff::add(
        &mut store,
        &Actor::system(),
        &new_staff("2001", Role::Clerk),
    )
    .unwrap_err();
    assert!(
        matches!(err, DbError::ReadOnly(ReadOnlyReason::DamageFound(_))),
        "{err:?}"
    );
    let err = account::insert_many(&mut store, &Actor::system(), &accounts(), "t").unwrap_err();
    assert!(matches!(err, DbError::ReadOnly(_)), "{err:?}");
    assert_eq!(audit_rows(&store), before);
    assert!(staff::list(&store).unwrap().is_empty());
    assert_eq!(account::count(&store).unwrap(), 0);
}

const PIN: &str = "246801";

fn new_staff(no: &str, role: Role) -> NewStaff {
    NewStaff {
        staff_no: no.into(),
        name: "测试员".into(),
        office_id: 1,
        counter_no: Some(2),
        role,
        pin_hash: pin::hash(PIN),
    }
}

fn failed_attempts(store: &Store, staff_no: &str) -> i64 {
    common::raw(store)
        .query_row(
            "SELECT failed_attempts FROM staff WHERE staff_no = ?1",
            [staff_no],
            |r| r.get(0),
        )
        .expect("staff row")
}

#[test]
fn login_counts_down_locks_and_unlocks() {
    let dir = temp_dir();
    let mut store = file_store_with_offices(&dir, DbKind::Live);
    staff::add(
        &mut store,
        &Actor::system(),
        &new_staff("1001", Role::Clerk),
    )
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();

    for failures in 1..=4 {
        match staff::authenticate(&mut store, "1001", "000000", now) {
            Err(LoginError::WrongCredentials) => {}
            other => panic!("expected WrongCredentials, got {other:?}"),
        }
        assert_eq!(failed_attempts(&store, "1001"), failures);
    }
    match staff::authenticate(&mut store, "1001", "000000", now) {
        Err(LoginError::Locked { until }) => assert_eq!(until, now + Duration::minutes(15)),
        other => panic!("expected Locked, got {other:?}"),
    }
    // The right PIN does not help while locked, even a minute before the end.
    let almost = now + Duration::minutes(14);
    assert!(matches!(
        staff::authenticate(&mut store, "1001", PIN, almost),
        Err(LoginError::Locked { .. })
    ));
    let later = now + Duration::minutes(16);
    let clerk = staff::authenticate(&mut store, "1001", PIN, later).unwrap();
    assert_eq!((clerk.staff_no.as_str(), clerk.role), ("1001", Role::Clerk));
    let actor = clerk.actor(Some(7));
    assert_eq!((actor.office_id, actor.counter_no), (Some(1), Some(7)));
    assert_eq!(clerk.actor(None).counter_no, Some(2));
    // A good login starts the count afresh.
    assert!(matches!(
        staff::authenticate(&mut store, "1001", "000000", later),
        Err(LoginError::WrongCredentials)
    ));
    assert_eq!(failed_attempts(&store, "1001"), 1);
    // An unknown number gets the very answer a wrong PIN gets, in both languages.
    let unknown = staff::authenticate(&mut store, "9999", PIN, later).unwrap_err();
    assert!(matches!(unknown, LoginError::WrongCredentials));
    let wrong_pin = staff::authenticate(&mut store, "1001", "000001", later).unwrap_err();
    for lang in [Lang::Zh, Lang::En] {
        assert_eq!(unknown.localized(lang), wrong_pin.localized(lang));
    }
    // Every attempt is audited and the chain holds.
    let actions: Vec<String> = db::audit::recent(&store, 4)
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions,
        ["login_failed", "login_failed", "login_failed", "login"]
    );
    assert!(verify_chain(&store).unwrap().is_ok());
}

#[test]
fn trainers_stay_off_live_data_and_disabled_logins_stay_out() {
    let mut live = store_with_offices(DbKind::Live);
    let system = Actor::system();
    staff::add(&mut live, &system, &new_staff("9001", Role::Trainer)).unwrap();
    staff::add(&mut live, &system, &new_staff("1002", Role::Clerk)).unwrap();
    let now = Utc::now();
    assert!(matches!(
        staff::authenticate(&mut live, "9001", PIN, now),
        Err(LoginError::TrainerOnLive)
    ));
    staff::disable(&mut live, &system, "1002").unwrap();
    assert!(matches!(
        staff::authenticate(&mut live, "1002", PIN, now),
        Err(LoginError::Disabled)
    ));
    let admin = Actor {
        staff_no: "9000".into(),
        ..Actor::system()
    };
    assert!(matches!(
        staff::disable(&mut live, &admin, "9000"),
        Err(DbError::SelfDisable)
    ));
    let clerk = Actor {
        role: Role::Clerk,
        ..Actor::system()
    };
    assert!(matches!(
        staff::add(&mut live, &clerk, &new_staff("1003", Role::Clerk)),
        Err(DbError::Permission(_))
    ));

    let mut demo = store_with_offices(DbKind::Demo);
    staff::add(&mut demo, &system, &new_staff("9001", Role::Trainer)).unwrap();
    assert_eq!(
        staff::authenticate(&mut demo, "9001", PIN, now)
            .unwrap()
            .role,
        Role::Trainer
    );
}

fn account(no: &str, name: &str, phone: &str, address: &str) -> NewAccount {
    NewAccount {
        account_no: no.into(),
        holder_name: name.into(),
        id_number: None,
        phone: Some(phone.into()),
        landline: None,
        district: "蜀山区".into(),
        address: address.into(),
        customer_type: CustomerType::Residential,
        home_office: 1,
        opened_on: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        meter: None,
    }
}

fn accounts() -> Vec<NewAccount> {
    vec![
        account(
            "3401000001",
            "张伟",
            "13800135678",
            "长江西路88号 长江花园 9栋801室",
        ),
        account(
            "3401000002",
            "张伟建",
            "13900001111",
            "宿州路57号 红旗社区 1栋101室",
        ),
        account(
            "3401000003",
            "李娜",
            "13700002222",
            "合作化路66号 西园小区 3栋302室",
        ),
        account(
            "3401000004",
            "曾志伟",
            "15800003333",
            "寿春路131号 逍遥津公寓 6栋202室",
        ),
        account(
            "3402000005",
            "欧阳娜娜",
            "18600004444",
            "徽州大道100号 滨湖世纪社区 2栋1单元",
        ),
        account(
            "3402000006",
            "王建国",
            "13600005678",
            "马鞍山路1号 东城小区 5栋",
        ),
    ]
}

/// The account numbers found for `query`, in result order, and the kinds that answered.
fn search(store: &Store, query: &str) -> (Vec<String>, Vec<SearchKind>) {
    let result = account::search(&store, query, 50).unwrap();
    let numbers = result.rows.iter().map(|r| r.account_no.clone()).collect();
    (numbers, result.kinds)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn search_finds_every_kind_of_query() {
    let mut store = store_with_offices(DbKind::Live);
    account::insert_many(&mut store, &Actor::system(), &accounts(), "test").unwrap();

    let (found, kinds) = search(&store, "张伟");
    assert_eq!(sorted(found), ["3401000001", "3401000002"]);
    assert_eq!(kinds, [SearchKind::NameChars]);

    let (found, _) = search(&store, "张");
    assert_eq!(sorted(found), ["3401000001", "3401000002"]);
    let (found, _) = search(&store, "伟");
    assert_eq!(sorted(found), ["3401000001", "3401000002", "3401000004"]);

    let (found, kinds) = search(&store, "张伟建");
    assert_eq!(found, ["3401000002"]);
    assert_eq!(kinds, [SearchKind::NameChars]);

    let (found, kinds) = search(&store, "西园");
    assert_eq!(found, ["3401000003"]);
    assert_eq!(kinds, [SearchKind::AddressChars]);
    let (found, kinds) = search(&store, "长江花园");
    assert_eq!(found, ["3401000001"]);
    assert_eq!(kinds, [SearchKind::AddressChars]);
    // A name and an address part together narrow the result.
    let (found, _) = search(&store, "张伟建 红旗社区");
    assert_eq!(found, ["3401000002"]);
    let (found, _) = search(&store, "张伟建 长江花园");
    assert!(found.is_empty(), "{found:?}");

    let (found, kinds) = search(&store, "zw");
    assert_eq!(sorted(found), ["3401000001", "3401000002"]);
    assert_eq!(kinds, [SearchKind::Initials]);
    let (found, _) = search(&store, "ZWJ");
    assert_eq!(found, ["3401000002"]);
    let (found, _) = search(&store, "zzw");
    assert_eq!(found, ["3401000004"], "曾 as a surname reads zeng");
    let (found, _) = search(&store, "oynn");
    assert_eq!(found, ["3402000005"], "compound surname 欧阳");

    let (found, kinds) = search(&store, "5678");
    assert_eq!(sorted(found), ["3401000001", "3402000006"]);
    assert_eq!(kinds, [SearchKind::PhoneLast4]);
    let (found, kinds) = search(&store, "1380013");
    assert_eq!(found, ["3401000001"]);
    assert_eq!(kinds, [SearchKind::Phone]);

    let (found, kinds) = search(&store, "3402");
    assert_eq!(found, ["3402000005", "3402000006"]);
    assert_eq!(kinds, [SearchKind::AccountNo]);
    let (found, _) = search(&store, "3401000003");
    assert_eq!(found, ["3401000003"]);
    let (found, _) = search(&store, "３４０１０００００３");
    assert_eq!(found, ["3401000003"], "full-width digits fold");

    for nothing in ["", "   ", "赵", "9999999999", "qqq"] {
        assert!(search(&store, nothing).0.is_empty(), "{nothing:?}");
    }
    let limited = account::search(&store, "340", 3).unwrap();
    assert_eq!(limited.rows.len(), 3);
}

#[test]
fn a_second_import_keeps_the_search_indexes_in_step() {
    let dir = temp_dir();
    let mut store = file_store_with_offices(&dir, DbKind::Live);
    let system = Actor::system();
    let all = accounts();
    account::insert_many(&mut store, &system, &all[..3], "first").unwrap();
    account::insert_many(&mut store, &system, &all[3..], "second").unwrap();
    assert_eq!(search(&store, "曾志伟").0, ["3401000004"]);
    assert_eq!(search(&store, "zzw").0, ["3401000004"]);
    assert_eq!(search(&store, "李娜").0, ["3401000003"]);
    // A duplicate rolls the whole batch back, audit row included.
    let before = audit_rows(&store);
    let dup = vec![
        account("3403000007", "新户", "13500007777", "新地址 1号"),
        account("3401000001", "重复", "13500008888", "新地址 2号"),
    ];
    let err = account::insert_many(&mut store, &system, &dup, "dup").unwrap_err();
    assert!(err.is_unique_violation(), "{err:?}");
    assert_eq!(audit_rows(&store), before);
    assert!(search(&store, "3403000007").0.is_empty());
    assert!(search(&store, "新户").0.is_empty());
    // The search trigger set aside during the batch is back.
    let trigger: i64 = common::raw(&store)
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'account_search_insert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trigger, 1);
}

/// A made-up staff number is counted and locked out as a real one is: the fifth wrong
/// attempt locks both for the same time, with the same answer, so a lock-out never tells
/// a real number from a made-up one.
#[test]
fn an_unknown_number_locks_out_as_a_real_one_does() {
    let dir = temp_dir();
    let mut store = file_store_with_offices(&dir, DbKind::Live);
    staff::add(
        &mut store,
        &Actor::system(),
        &new_staff("1001", Role::Clerk),
    )
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
    for no in ["1001", "7777"] {
        for _ in 1..=4 {
            assert!(matches!(
                staff::authenticate(&mut store, no, "000000", now),
                Err(LoginError::WrongCredentials)
            ));
        }
        match staff::authenticate(&mut store, no, "000000", now) {
            Err(LoginError::Locked { until }) => assert_eq!(until, now + Duration::minutes(15)),
            other => panic!("{no}: expected Locked, got {other:?}"),
        }
        // Still locked a minute before the end, whatever is typed.
        assert!(matches!(
            staff::authenticate(&mut store, no, PIN, now + Duration::minutes(14)),
            Err(LoginError::Locked { .. })
        ));
    }
    // After the lock-out, a made-up number is simply wrong again.
    assert!(matches!(
        staff::authenticate(&mut store, "7777", PIN, now + Duration::minutes(16)),
        Err(LoginError::WrongCredentials)
    ));
    // A number that could never be a staff number is not kept.
    for _ in 0..6 {
        assert!(matches!(
            staff::authenticate(&mut store, "abc", PIN, now),
            Err(LoginError::WrongCredentials)
        ));
    }
    let kept: i64 = common::raw(&store)
        .query_row("SELECT count(*) FROM login_probe", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 1);
}
