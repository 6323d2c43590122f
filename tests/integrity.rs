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
    gasdesk::demo::build(&db, 7, 3_000, &mut |_| {}).unwrap();
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
