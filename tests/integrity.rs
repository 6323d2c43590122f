//! Files that are not gasdesk databases are refused unchanged; backups finish under load,
//! verify and keep the source's privacy; `check` finds tampering done with the sqlite3
//! shell; benches run only on files they built.

mod common;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::{assert_exit, run, stderr, temp_dir};
use gasdesk::db::{DbError, DbKind, Store};
use rusqlite::Connection;

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// `gasdesk --lang en ARGS --db DB`.
fn en(db: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--db", p(db)]);
    run(&all, "")
}

/// Every file of a folder with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let meta = std::fs::metadata(&path).unwrap();
            (
                path.clone(),
                std::fs::read(&path).unwrap(),
                meta.modified().unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Files that are not gasdesk databases, each alone in its own folder.
fn foreign_files(root: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    let mut place = |name: &'static str| {
        let dir = root.join(name);
        std::fs::create_dir(&dir).unwrap();
        let file = dir.join("gasdesk.db");
        out.push((name, file.clone()));
        file
    };
    std::fs::write(place("empty"), b"").unwrap();

    // A backup cut off half way: the first pages of a real database, and the rollback
    // journal SQLite would play back into it (which would leave an empty file).
    let source = root.join("source.db");
    Store::create(&source, DbKind::Live).unwrap();
    let bytes = std::fs::read(&source).unwrap();
    let cut = place("cut-off");
    std::fs::write(&cut, &bytes[..4096]).unwrap();
    let mut journal = cut.clone().into_os_string();
    journal.push("-journal");
    let mut header = vec![0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
    header.resize(512, 0);
    std::fs::write(journal, header).unwrap();

    let noise: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(place("noise"), noise).unwrap();

    Connection::open(place("other-app"))
        .unwrap()
        .execute_batch("PRAGMA application_id = 1234; CREATE TABLE t (x INTEGER);")
        .unwrap();
    Connection::open(place("no-id-with-tables"))
        .unwrap()
        .execute_batch("CREATE TABLE t (x INTEGER);")
        .unwrap();
    // A valid SQLite file with no tables and no application id (what `sqlite3 FILE` and
    // a stray PRAGMA leave behind).
    Connection::open(place("bare-sqlite"))
        .unwrap()
        .execute_batch("PRAGMA user_version = 7;")
        .unwrap();
    out
}

#[test]
fn opening_a_file_that_is_not_a_gasdesk_database_refuses_and_changes_nothing() {
    let root = temp_dir();
    for (name, file) in foreign_files(root.path()) {
        let dir = file.parent().unwrap();
        let before = snapshot(dir);
        match Store::open(&file) {
            Err(DbError::HotJournal(p)) => assert_eq!(name, "cut-off", "{}", p.display()),
            Err(DbError::NotGasdesk(_)) => assert_ne!(name, "cut-off"),
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
        assert_eq!(snapshot(dir), before, "{name}: the folder changed");
    }
}

#[test]
fn check_and_account_find_refuse_foreign_files_with_a_message() {
    let root = temp_dir();
    for (name, file) in foreign_files(root.path()) {
        let dir = file.parent().unwrap();
        let before = snapshot(dir);
        for args in [&["check"][..], &["account", "find", "王"][..]] {
            let out = en(&file, args);
            assert_exit(&out, 1, &format!("{args:?} on {name}"));
            let expected = if name == "cut-off" {
                "has an unfinished rollback journal beside it"
            } else {
                "is not a gasdesk database; nothing was changed"
            };
            assert!(
                stderr(&out).contains(expected),
                "{name} {args:?}: {}",
                stderr(&out)
            );
            assert!(!stderr(&out).contains("all checks passed"));
        }
        assert_eq!(snapshot(dir), before, "{name}: the folder changed");
    }
    let empty = root.path().join("empty/gasdesk.db");
    let zh = run(&["check", "--db", p(&empty)], "");
    assert_exit(&zh, 1, "check in zh");
    assert!(stderr(&zh).contains("不是 gasdesk 数据库，未做任何改动"));
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn backup_finishes_while_eight_writers_run_at_full_speed() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

    let dir = temp_dir();
    let db = dir.path().join("busy.db");
    // Large enough that a page-by-page copy takes many steps.
    gasdesk::demo::build(&db, 7, 3_000, chrono::Utc::now(), &mut |_| {}).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let writers: Vec<_> = (0..8)
        .map(|i| {
            let (db, stop, written) = (db.clone(), Arc::clone(&stop), Arc::clone(&written));
            std::thread::spawn(move || {
                let mut store = Store::open(&db).unwrap();
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    store
                        .set_meta(&gasdesk::db::Actor::system(), "load", &format!("{i}-{n}"))
                        .unwrap();
                    written.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    // Every writer is going before the copy starts.
    while written.load(Ordering::Relaxed) < 200 {
        std::thread::yield_now();
    }
    let copy = dir.path().join("copy.db");
    let result = Store::open(&db).unwrap().backup_to(&copy);
    let during = written.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let head = result.unwrap();
    assert!(head.id > 200, "head {head:?} after {during} writes");
    // Only the copy is left, no temporary file beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".copy") || n.starts_with("copy"))
        .collect();
    assert_eq!(names, ["copy.db"]);
    let out = en(&copy, &["check"]);
    common::assert_ok(&out, "check the copy");
    let conn = Connection::open(&copy).unwrap();
    let recorded: (String, String) = conn
        .query_row(
            "SELECT (SELECT value FROM meta WHERE key = 'backup_audit_head_id'),
                    (SELECT value FROM meta WHERE key = 'backup_audit_head_hash')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(recorded, (head.id.to_string(), head.hash.clone()));
    let last: (i64, String) = conn
        .query_row(
            "SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(last, (head.id, head.hash));
}

#[test]
fn new_databases_and_backups_are_never_world_readable() {
    let dir = temp_dir();
    let db = dir.path().join("live.db");
    let out = run(
        &["--lang", "en", "init", "--db", p(&db)],
        "135790\n135790\n",
    );
    common::assert_ok(&out, "init");
    assert_eq!(mode(&db) & 0o007, 0, "init: {:o}", mode(&db));
    let demo = dir.path().join("demo.db");
    common::build_demo(&demo, 20);
    assert_eq!(mode(&demo) & 0o007, 0, "demo: {:o}", mode(&demo));

    for (source_mode, widest) in [(0o600, 0o600), (0o640, 0o640), (0o666, 0o660)] {
        chmod(&db, source_mode);
        let copy = dir.path().join(format!("copy-{source_mode:o}.db"));
        let out = en(&db, &["backup", p(&copy)]);
        common::assert_ok(&out, "backup");
        assert!(
            common::stdout(&out).contains("Audit chain head in the backup: row "),
            "{}",
            common::stdout(&out)
        );
        let got = mode(&copy);
        assert_eq!(got & !widest, 0, "source {source_mode:o} gave {got:o}");
        assert_eq!(got & 0o600, 0o600, "the owner keeps access: {got:o}");
    }
}

#[test]
fn benches_refuse_files_they_did_not_build() {
    let dir = temp_dir();
    let live = dir.path().join("live.db");
    common::assert_ok(
        &run(
            &["--lang", "en", "init", "--db", p(&live)],
            "135790\n135790\n",
        ),
        "init",
    );
    let demo = dir.path().join("demo.db");
    common::build_demo(&demo, 20);
    for file in [&live, &demo] {
        let before = snapshot(dir.path());
        for args in [
            &[
                "bench",
                "load",
                "--processes",
                "1",
                "--seconds",
                "1",
                "--keep",
            ][..],
            &["bench", "--queries", "1", "--keep"][..],
            &["bench", "report", "--days", "1", "--runs", "1", "--keep"][..],
        ] {
            let mut all = vec!["--lang", "en"];
            all.extend_from_slice(args);
            all.push(p(file));
            let out = run(&all, "");
            assert_exit(&out, 1, &format!("{all:?}"));
            assert!(
                stderr(&out).contains("was not built by a bench"),
                "{}",
                stderr(&out)
            );
        }
        let worker = run(
            &[
                "--lang",
                "en",
                "bench",
                "load",
                "--worker",
                "0",
                "--mode",
                "gasdesk",
                "--file",
                p(file),
                "--start-ms",
                "0",
            ],
            "",
        );
        assert_exit(&worker, 1, "a load worker");
        assert!(stderr(&worker).contains("was not built by a bench"));
        assert_eq!(snapshot(dir.path()), before, "{}", file.display());
    }
}

#[test]
fn a_bench_reuses_the_file_it_built() {
    let dir = temp_dir();
    let kept = dir.path().join("bench.db");
    for round in ["build", "reuse"] {
        let out = run(
            &[
                "--lang",
                "en",
                "bench",
                "--accounts",
                "50",
                "--queries",
                "1",
                "--keep",
                p(&kept),
            ],
            "",
        );
        common::assert_ok(&out, round);
    }
}

mod tamper {
    use super::*;
    use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
    use gasdesk::db::cash::{self, Approval, PaymentKey, Tender};
    use gasdesk::db::staff::NewStaff;
    use gasdesk::db::{self, Actor};
    use gasdesk::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
    use gasdesk::domain::money::Fen;
    use gasdesk::domain::office::builtin_offices;
    use gasdesk::domain::queue::builtin_rules;
    use gasdesk::domain::receipt::{CashCount, Denomination, PaymentMethod};
    use gasdesk::domain::tariff::Volume;
    use sha2::{Digest, Sha256};

    /// 09:00 on 28 November 2026 in Hefei (UTC+8), plus `secs`.
    fn t(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + Duration::seconds(secs)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn account(no: u32) -> NewAccount {
        NewAccount {
            account_no: format!("{no:010}"),
            holder_name: "张伟".into(),
            id_number: None,
            phone: None,
            landline: None,
            district: "蜀山区".into(),
            address: format!("蜀山区长江西路{no}号"),
            customer_type: CustomerType::Residential,
            home_office: 1,
            opened_on: day(2020, 1, 1),
            meter: Some(NewMeter {
                serial: format!("M{no:08}"),
                kind: MeterKind::Mechanical,
                installed_on: day(2020, 1, 1),
                expires_on: day(2030, 1, 1),
            }),
        }
    }

    fn actor(store: &Store, no: &str) -> Actor {
        db::staff::by_number(&store, no)
            .unwrap()
            .unwrap()
            .actor(None)
    }

    /// The receipts of the scenario, by what they are.
    pub struct Built {
        pub bill_unpaid: i64,
        pub cash_bill: String,
        pub alipay_bill: String,
        pub newest_advance: String,
    }

    /// A live file with two business days of real work: bills paid in cash and by
    /// Alipay, an advance voided, a closed shift and a closed day, and one more bill
    /// left open.
    pub fn build(path: &Path) -> Built {
        let mut store = Store::create(path, DbKind::Live).unwrap();
        let system = Actor::system();
        db::office::install(&mut store, &system, &builtin_offices()).unwrap();
        let pin = gasdesk::domain::pin::hash("123456");
        for (no, counter, role) in [
            ("1001", Some(1), gasdesk::domain::role::Role::Clerk),
            ("1009", None, gasdesk::domain::role::Role::Manager),
        ] {
            let staff = NewStaff {
                staff_no: no.into(),
                name: format!("员工{no}"),
                office_id: 1,
                counter_no: counter,
                role,
                pin_hash: pin.clone(),
            };
            db::staff::add(&mut store, &system, &staff).unwrap();
        }
        db::account::insert_many(&mut store, &system, &[account(1), account(2)], "test").unwrap();
        let clerk = actor(&store, "1001");
        let manager = actor(&store, "1009");
        let rules = builtin_rules();
        let today = day(2026, 11, 28);
        let mut bills = Vec::new();
        for (i, (on, m3)) in [
            (day(2026, 9, 1), 0),
            (day(2026, 10, 1), 12),
            (day(2026, 11, 1), 30),
            (day(2026, 11, 20), 41),
        ]
        .into_iter()
        .enumerate()
        {
            let register = Volume::from_m3(m3).unwrap();
            let bill =
                cash::record_reading(&mut store, &clerk, 1, on, register, today, t(i as i64))
                    .unwrap();
            bills.extend(bill.map(|b| b.id));
        }
        assert_eq!(bills.len(), 3);
        cash::open_shift(&mut store, &clerk, &rules, Fen(0), t(10)).unwrap();
        let pay = |store: &mut Store, bill: i64, tender: &Tender, at| {
            cash::pay_bills(store, &clerk, &PaymentKey::new(), 1, &[bill], tender, at)
                .unwrap()
                .receipt
        };
        let cash_bill = pay(&mut store, bills[0], &Tender::cash(None), t(20));
        let advance = cash::pay_advance(
            &mut store,
            &clerk,
            &PaymentKey::new(),
            1,
            Fen(3000),
            &Tender::with_reference(PaymentMethod::WeChat, "4200001234567890"),
            t(30),
        )
        .unwrap()
        .receipt;
        let approval = Approval {
            staff_no: "1009".into(),
            pin: "123456".into(),
        };
        cash::void_receipt(
            &mut store,
            &clerk,
            &approval,
            advance.id,
            "收错",
            &PaymentKey::new(),
            t(40),
        )
        .unwrap();
        cash::start_balancing(&mut store, &clerk).unwrap();
        let mut count = CashCount::new();
        count.set(Denomination::Note100, 1);
        cash::close_shift(&mut store, &clerk, &count, &[], "清点差异", t(50)).unwrap();
        db::queue::close_day(&mut store, &manager, 1, t(60)).unwrap();
        let next = t(86_400);
        cash::open_shift(&mut store, &clerk, &rules, Fen(0), next).unwrap();
        let alipay_bill = pay(
            &mut store,
            bills[1],
            &Tender::with_reference(PaymentMethod::Alipay, "2026112922001400"),
            next,
        );
        let newest = cash::pay_advance(
            &mut store,
            &clerk,
            &PaymentKey::new(),
            2,
            Fen(5000),
            &Tender::cash(None),
            next,
        )
        .unwrap()
        .receipt;
        Built {
            bill_unpaid: bills[2],
            cash_bill: cash_bill.receipt_no,
            alipay_bill: alipay_bill.receipt_no,
            newest_advance: newest.receipt_no,
        }
    }

    /// Recomputes every audit row's links and hashes from `from` on, the way someone
    /// who read the source would after editing a row.
    pub fn rehash_chain(conn: &Connection, from: i64) {
        let prev: String = conn
            .query_row(
                "SELECT coalesce((SELECT row_hash FROM audit WHERE id = ?1 - 1), ?2)",
                (from, gasdesk::db::audit::GENESIS_HASH),
                |r| r.get(0),
            )
            .unwrap();
        let mut prev = prev;
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM audit WHERE id >= ?1 ORDER BY id")
            .unwrap()
            .query_map([from], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for id in ids {
            let fields: Vec<String> = conn
                .query_row(
                    "SELECT id, at, coalesce(staff_id, ''), staff_no, coalesce(office_id, ''),
                            coalesce(counter_no, ''), action, entity, coalesce(entity_id, ''), detail
                     FROM audit WHERE id = ?1",
                    [id],
                    |r| (0..10).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect(),
                )
                .map(|values: Vec<rusqlite::types::Value>| {
                    values
                        .into_iter()
                        .map(|v| match v {
                            rusqlite::types::Value::Integer(n) => n.to_string(),
                            rusqlite::types::Value::Text(s) => s,
                            other => panic!("{other:?}"),
                        })
                        .collect()
                })
                .unwrap();
            let mut hasher = Sha256::new();
            for field in fields.iter().chain([&prev]) {
                hasher.update(field.as_bytes());
                hasher.update([0x1f]);
            }
            let hash: String = hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            conn.execute(
                "UPDATE audit SET prev_hash = ?2, row_hash = ?3 WHERE id = ?1",
                (id, &prev, &hash),
            )
            .unwrap();
            prev = hash;
        }
    }
}

/// A copy of `source` tampered with `sql` through a plain sqlite3 connection.
fn tampered(dir: &Path, source: &Path, name: &str, sql: &str) -> PathBuf {
    let copy = dir.join(format!("{name}.db"));
    Store::open(source).unwrap().backup_to(&copy).unwrap();
    Connection::open(&copy).unwrap().execute_batch(sql).unwrap();
    copy
}

fn check_fails_with(db: &Path, expected: &[&str]) {
    let out = en(db, &["check"]);
    assert_exit(&out, 1, &format!("check {}", db.display()));
    for text in expected {
        assert!(
            stderr(&out).contains(text),
            "{}: expected {text:?} in\n{}",
            db.display(),
            stderr(&out)
        );
    }
}

#[test]
fn check_finds_each_tampering_done_after_dropping_a_trigger() {
    let dir = temp_dir();
    let dir = dir.path();
    let db = dir.join("live.db");
    let built = tamper::build(&db);
    let out = en(&db, &["check"]);
    common::assert_ok(&out, "check on untouched work");
    assert!(common::stdout(&out).contains("all checks passed"));

    // The total changed together with its ledger rows, so the two still agree.
    let r = &built.newest_advance;
    let total = tampered(
        dir,
        &db,
        "total",
        &format!(
            "DROP TRIGGER receipt_no_update; DROP TRIGGER ledger_entry_no_update;
             UPDATE receipt SET total_fen = 4000 WHERE receipt_no = '{r}';
             UPDATE ledger_entry SET amount_fen = 4000
              WHERE receipt_id = (SELECT id FROM receipt WHERE receipt_no = '{r}');"
        ),
    );
    check_fails_with(
        &total,
        &[
            &format!("Receipt {r}: its amount differs from its audit row"),
            "The trigger receipt_no_update is missing",
            "The trigger ledger_entry_no_update is missing",
        ],
    );
    assert!(!stderr(&en(&total, &["check"])).contains("sum of its ledger entries"));

    let r = &built.alipay_bill;
    let method = tampered(
        dir,
        &db,
        "method",
        &format!(
            "DROP TRIGGER receipt_no_update;
             UPDATE receipt SET method = 'cash', reference = NULL WHERE receipt_no = '{r}';"
        ),
    );
    check_fails_with(
        &method,
        &[&format!(
            "Receipt {r}: its payment method differs from its audit row"
        )],
    );

    let r = &built.newest_advance;
    let moved = tampered(
        dir,
        &db,
        "moved",
        &format!(
            "DROP TRIGGER receipt_no_update; DROP TRIGGER ledger_entry_no_update;
             UPDATE receipt SET account_id = 1 WHERE receipt_no = '{r}';
             UPDATE ledger_entry SET account_id = 1
              WHERE receipt_id = (SELECT id FROM receipt WHERE receipt_no = '{r}');"
        ),
    );
    check_fails_with(
        &moved,
        &[&format!(
            "Receipt {r}: its account differs from its audit row"
        )],
    );

    let bill = built.bill_unpaid;
    let billed = tampered(
        dir,
        &db,
        "bill",
        &format!(
            "DROP TRIGGER bill_fixed; UPDATE bill SET amount_fen = amount_fen - 500 WHERE id = {bill};"
        ),
    );
    check_fails_with(
        &billed,
        &[
            &format!("Bill {bill}: its amount differs"),
            "The trigger bill_fixed is missing",
        ],
    );
    // A paid bill changed: its payment no longer matches.
    let r = &built.cash_bill;
    let paid_bill = tampered(
        dir,
        &db,
        "paid-bill",
        &format!(
            "DROP TRIGGER bill_fixed;
             UPDATE bill SET amount_fen = amount_fen + 500, tier_lines = '[]'
              WHERE id = (SELECT e.bill_id FROM ledger_entry e JOIN receipt r ON r.id = e.receipt_id
                          WHERE r.receipt_no = '{r}');"
        ),
    );
    check_fails_with(&paid_bill, &["Bill ", "its amount differs"]);

    let r = &built.newest_advance;
    let deleted = tampered(
        dir,
        &db,
        "deleted",
        &format!(
            "DROP TRIGGER receipt_no_delete; DROP TRIGGER ledger_entry_no_delete;
             DROP TRIGGER receipt_series_step;
             DELETE FROM ledger_entry
              WHERE receipt_id = (SELECT id FROM receipt WHERE receipt_no = '{r}');
             DELETE FROM receipt WHERE receipt_no = '{r}';
             UPDATE receipt_series SET last_seq = last_seq - 1;"
        ),
    );
    check_fails_with(
        &deleted,
        &[&format!(
            "Receipt {r} is in the audit trail but no longer exists: it was deleted"
        )],
    );
    // Numbers and counter agree again: only the audit trail tells.
    assert!(!stderr(&en(&deleted, &["check"])).contains("the receipt numbers have a gap"));

    // A frozen day-end report: its figures changed alone, then replaced together with a
    // digest that matches them.
    let figures = tampered(
        dir,
        &db,
        "report-figures",
        "DROP TRIGGER day_report_no_update;
         UPDATE day_report SET figures = json_set(figures, '$.tampered', 1);",
    );
    check_fails_with(
        &figures,
        &["The day-end report HF01 froze when it closed 2026-11-28 was changed afterwards"],
    );
    let replaced = tampered(
        dir,
        &db,
        "report-replaced",
        "DROP TRIGGER day_report_no_update;
         UPDATE day_report SET figures = json_set(figures, '$.tampered', 1);",
    );
    {
        let conn = Connection::open(&replaced).unwrap();
        let (id, json): (i64, String) = conn
            .query_row("SELECT business_day_id, figures FROM day_report", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        let sha: String = <sha2::Sha256 as sha2::Digest>::digest(json.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        conn.execute(
            "UPDATE day_report SET sha256 = ?2 WHERE business_day_id = ?1",
            (id, sha),
        )
        .unwrap();
    }
    check_fails_with(
        &replaced,
        &["The day-end report HF01 froze when it closed 2026-11-28 was replaced with its checksum"],
    );

    let schema = tampered(
        dir,
        &db,
        "schema",
        "DROP TRIGGER receipt_no_delete;
         DROP INDEX ledger_entry_one_payment_per_bill;
         DROP TRIGGER receipt_needs_open_shift;
         CREATE TRIGGER receipt_needs_open_shift BEFORE INSERT ON receipt WHEN 0 BEGIN
             SELECT RAISE(ABORT, 'never');
         END;
         CREATE TRIGGER sneaky AFTER INSERT ON receipt BEGIN SELECT 1; END;",
    );
    check_fails_with(
        &schema,
        &[
            "The trigger receipt_no_delete is missing",
            "The index ledger_entry_one_payment_per_bill is missing",
            "The trigger receipt_needs_open_shift differs from this gasdesk's definition",
            "An undefined trigger sneaky was added",
        ],
    );
}

#[test]
fn a_rewritten_audit_chain_meets_the_heads_of_day_closes_and_backups() {
    let dir = temp_dir();
    let dir = dir.path();
    let db = dir.join("live.db");
    tamper::build(&db);
    let backup = dir.join("backup.db");
    let out = en(&db, &["backup", p(&backup)]);
    common::assert_ok(&out, "backup");
    let agrees = en(&db, &["check", "--backup", p(&backup)]);
    common::assert_ok(&agrees, "check against its backup");
    assert!(common::stdout(&agrees).contains("Agrees with backup"));

    // Rows of the first day are edited and the whole chain is hashed again: the chain
    // alone verifies, but no longer holds the head stored when the day closed.
    let conn = Connection::open(&db).unwrap();
    let first_receipt: i64 = conn
        .query_row(
            "SELECT min(id) FROM audit WHERE entity = 'receipt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_no_update;
         UPDATE audit SET detail = json_set(detail, '$.total_fen', 1) WHERE id = {first_receipt};"
    ))
    .unwrap();
    tamper::rehash_chain(&conn, first_receipt);
    let head_row: i64 = conn
        .query_row("SELECT audit_head_id FROM business_day", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let out = en(&db, &["check", "--backup", p(&backup)]);
    assert_exit(&out, 1, "check after the chain was rewritten");
    let err = stderr(&out);
    assert!(common::stdout(&out).contains("Audit chain intact"), "{err}");
    for text in [
        format!(
            "The audit row {head_row} recorded when HF01 closed 2026-11-28 is no longer the same"
        ),
        "recorded in backup".to_string(),
        "the audit chain was rewritten after the backup".to_string(),
    ] {
        assert!(err.contains(&text), "expected {text:?} in\n{err}");
    }
}
