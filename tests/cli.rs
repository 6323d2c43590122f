//! The command line through the real binary: init, staff, import, account find, check,
//! backup, keymap check, demo and every `--help`. Messages are checked in English
//! (`--lang en`), with a few Chinese ones to show the default language is wired.

mod common;

// Kept apart only to keep each file a readable size; one test binary.
#[path = "cli/accounts.rs"]
mod accounts;
#[path = "cli/readings.rs"]
mod readings;
#[path = "cli/transfers.rs"]
mod transfers;

use std::path::{Path, PathBuf};

use accounts::import;
use common::{assert_exit, assert_ok, build_demo, fixture, run, stderr, stdout, temp_dir};
use rusqlite::Connection;

const ADMIN_PIN: &str = "135790";

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// `gasdesk --lang en ARGS --db DB`.
fn en(db: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--db", p(db)]);
    run(&all, stdin)
}

/// A new live database with administrator 9000 and [`ADMIN_PIN`].
fn live_db(dir: &Path) -> PathBuf {
    let db = dir.join("live.db");
    let out = en(&db, &["init"], &format!("{ADMIN_PIN}\n{ADMIN_PIN}\n"));
    assert_ok(&out, "init");
    db
}

/// `staff add --as 9000` of `no` with `role` and PIN `pin`.
fn add_staff(db: &Path, no: &str, role: &str, pin: &str) -> std::process::Output {
    let args = [
        "staff",
        "add",
        "--as",
        "9000",
        "--no",
        no,
        "--name",
        "王芳",
        "--office",
        "2",
        "--counter",
        "1",
        "--role",
        role,
    ];
    en(db, &args, &format!("{ADMIN_PIN}\n{pin}\n{pin}\n"))
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn init_creates_a_live_database_once() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let conn = Connection::open(&db).unwrap();
    let kind: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'kind'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kind, "live");
    let offices: i64 = conn
        .query_row("SELECT count(*) FROM office", [], |r| r.get(0))
        .unwrap();
    assert_eq!(offices, 9, "8 offices and the service vehicle");
    let (no, role): (String, String) = conn
        .query_row("SELECT staff_no, role FROM staff", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((no.as_str(), role.as_str()), ("9000", "admin"));
    drop(conn);

    let before = std::fs::read(&db).unwrap();
    let again = en(&db, &["init"], &format!("{ADMIN_PIN}\n{ADMIN_PIN}\n"));
    assert_exit(&again, 1, "second init");
    assert!(stderr(&again).contains("already exists; nothing was changed"));
    assert_eq!(std::fs::read(&db).unwrap(), before);

    let zh = run(&["init", "--db", p(&db)], "");
    assert_exit(&zh, 1, "second init in zh");
    assert!(
        stderr(&zh).contains("已存在，未做任何改动"),
        "{}",
        stderr(&zh)
    );
}

#[test]
fn init_refuses_bad_pins_and_creates_nothing() {
    let dir = temp_dir();
    let db = dir.path().join("new.db");
    let mismatch = en(&db, &["init"], "135790\n135791\n");
    assert_exit(&mismatch, 1, "mismatched PINs");
    assert_eq!(stderr(&mismatch).trim(), "The two PINs differ");
    for short in ["12345", "1234567", "12a456", ""] {
        let out = en(&db, &["init"], &format!("{short}\n{short}\n"));
        assert_exit(&out, 1, short);
        assert_eq!(stderr(&out).trim(), "A PIN is exactly six digits");
    }
    assert!(!db.exists(), "nothing may be created");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn staff_add_list_reset_and_disable() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    assert_ok(&add_staff(&db, "2001", "clerk", "246801"), "staff add");
    let list = en(&db, &["staff", "list", "--as", "9000"], "135790\n");
    assert_ok(&list, "staff list");
    let line = stdout(&list)
        .lines()
        .find(|l| l.starts_with("2001"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("2001 not listed:\n{}", stdout(&list)));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols, ["2001", "王芳", "2", "1", "Clerk"]);

    // Taken number, bad number, unknown office, unknown role: each refused by name.
    let cases = [
        ("2001", "2", "clerk", "Staff number 2001 already exists"),
        ("12", "2", "clerk", "A staff number is 3 to 8 digits"),
        ("2002", "42", "clerk", "There is no office 42"),
        ("2002", "2", "boss", "Unknown role \"boss\""),
    ];
    for (no, office, role, message) in cases {
        let args = [
            "staff", "add", "--as", "9000", "--no", no, "--name", "李雷", "--office", office,
            "--role", role,
        ];
        let out = en(&db, &args, "135790\n111111\n111111\n");
        assert_exit(&out, 1, message);
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }

    // A clerk is authenticated but may not manage staff; the refusal names the role.
    let clerk = en(&db, &["staff", "list", "--as", "2001"], "246801\n");
    assert_exit(&clerk, 1, "clerk lists staff");
    assert!(
        stderr(&clerk).contains("Not allowed: a Clerk cannot do this"),
        "{}",
        stderr(&clerk)
    );
    let clerk_adds = en(
        &db,
        &[
            "staff", "add", "--as", "2001", "--no", "2003", "--name", "韩梅", "--office", "1",
        ],
        "246801\n111111\n111111\n",
    );
    assert_exit(&clerk_adds, 1, "clerk adds staff");
    assert!(stderr(&clerk_adds).contains("Not allowed"));
    assert_eq!(
        count(&db, "SELECT count(*) FROM staff WHERE staff_no = '2003'"),
        0
    );

    // reset-pin: the old PIN stops working, the new one works.
    let reset = en(
        &db,
        &["staff", "reset-pin", "2001", "--as", "9000"],
        "135790\n111222\n111222\n",
    );
    assert_ok(&reset, "reset-pin");
    assert!(stdout(&reset).contains("The PIN of 2001 was reset"));
    let old = en(&db, &["staff", "list", "--as", "2001"], "246801\n");
    assert!(
        stderr(&old).contains("Wrong staff number or PIN"),
        "{}",
        stderr(&old)
    );
    let new = en(&db, &["staff", "list", "--as", "2001"], "111222\n");
    assert!(stderr(&new).contains("Not allowed"), "{}", stderr(&new));

    // disable: a second admin works until disabled, then cannot log in.
    assert_ok(&add_staff(&db, "9100", "admin", "333444"), "add admin");
    assert_ok(
        &en(&db, &["staff", "list", "--as", "9100"], "333444\n"),
        "second admin lists",
    );
    let disable = en(
        &db,
        &["staff", "disable", "9100", "--as", "9000"],
        "135790\n",
    );
    assert_ok(&disable, "disable");
    assert!(stdout(&disable).contains("Staff number 9100 is disabled"));
    let refused = en(&db, &["staff", "list", "--as", "9100"], "333444\n");
    assert_exit(&refused, 1, "disabled admin");
    assert_eq!(
        stderr(&refused).trim(),
        "This login is disabled; contact an administrator"
    );
    let list = en(&db, &["staff", "list", "--as", "9000"], "135790\n");
    let line = stdout(&list)
        .lines()
        .find(|l| l.starts_with("9100"))
        .map(str::to_string)
        .unwrap();
    assert!(line.ends_with("disabled"), "{line}");
}

#[test]
fn wrong_pins_count_down_then_lock() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let out = en(&db, &["staff", "list", "--as", "9000"], "000000\n");
    assert_exit(&out, 1, "wrong admin PIN");
    let wrong = "Wrong staff number or PIN. 5 wrong PINs in a row lock the number for 15 min";
    assert_eq!(stderr(&out).trim(), wrong);
    for _ in 0..3 {
        let out = en(&db, &["staff", "list", "--as", "9000"], "000000\n");
        assert_eq!(stderr(&out).trim(), wrong);
    }
    let fifth = en(&db, &["staff", "list", "--as", "9000"], "000000\n");
    assert_exit(&fifth, 1, "fifth wrong PIN");
    assert!(
        stderr(&fifth).starts_with("Locked until "),
        "{}",
        stderr(&fifth)
    );
    // The right PIN does not open a locked number.
    let sixth = en(&db, &["staff", "list", "--as", "9000"], "135790\n");
    assert_exit(&sixth, 1, "right PIN while locked");
    assert!(
        stderr(&sixth).contains("Locked until"),
        "{}",
        stderr(&sixth)
    );
    assert!(stdout(&sixth).is_empty());

    // An unknown number gets the answer a wrong PIN gets, word for word: nothing tells
    // which numbers exist.
    let unknown = en(&db, &["staff", "list", "--as", "5555"], "135790\n");
    assert_eq!(stderr(&unknown).trim(), wrong);
    let zh = run(
        &["staff", "list", "--as", "5555", "--db", p(&db)],
        "135790\n",
    );
    assert_eq!(
        stderr(&zh).trim(),
        "工号或密码错误。连续输错 5 次密码，工号锁定 15 分钟"
    );
}

/// Opens the file without gasdesk's triggers and functions, as an intruder would.
fn tamper(db: &Path, sql: &str) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn check_passes_then_finds_tampering() {
    let dir = temp_dir();
    let db = dir.path().join("demo.db");
    build_demo(&db, 300);
    let ok = en(&db, &["check"], "");
    assert_ok(&ok, "check on a fresh demo");
    let rows = count(&db, "SELECT count(*) FROM audit");
    assert!(rows > 5);
    assert!(stdout(&ok).contains(&format!("Audit chain intact ({rows} rows)")));
    assert!(stdout(&ok).contains("all checks passed"));

    let edited = dir.path().join("edited.db");
    std::fs::copy(&db, &edited).unwrap();
    tamper(
        &edited,
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"codes\":[]}' WHERE id = 3;",
    );
    let out = en(&edited, &["check"], "");
    assert_exit(&out, 1, "check after an edit");
    assert!(
        stderr(&out).contains(
            "Audit chain broken at row 3 (content does not match its hash (the row was edited))"
        ),
        "{}",
        stderr(&out)
    );
    // The dropped trigger is a finding of its own.
    assert!(stderr(&out).contains("The trigger audit_no_update is missing"));
    assert!(stderr(&out).contains("Problems found: 2"));

    let removed = dir.path().join("removed.db");
    std::fs::copy(&db, &removed).unwrap();
    tamper(
        &removed,
        &format!(
            "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = {};",
            rows - 1
        ),
    );
    let out = en(&removed, &["check"], "");
    assert_exit(&out, 1, "check after a removal");
    assert!(
        stderr(&out).contains(&format!(
            "Audit chain broken at row {rows} (numbering jumps; expected {} (rows removed))",
            rows - 1
        )),
        "{}",
        stderr(&out)
    );
    let zh = run(&["check", "--db", p(&removed)], "");
    assert_exit(&zh, 1, "check in zh");
    assert!(stderr(&zh).contains(&format!("审计链在第 {rows} 条处断裂")));
}

#[test]
fn foreign_too_new_and_missing_files_are_refused() {
    let dir = temp_dir();
    let foreign = dir.path().join("other.db");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE foo (x INTEGER); INSERT INTO foo VALUES (1);")
        .unwrap();
    let before = std::fs::read(&foreign).unwrap();
    let out = en(&foreign, &["check"], "");
    assert_exit(&out, 1, "check on another app's file");
    assert!(stderr(&out).contains("is not a gasdesk database; nothing was changed"));
    assert_eq!(std::fs::read(&foreign).unwrap(), before);

    let db = live_db(dir.path());
    tamper(&db, "PRAGMA user_version = 99;");
    let out = en(&db, &["check"], "");
    assert_exit(&out, 1, "check on a newer file");
    assert!(
        stderr(&out).contains("has schema version 99 but this gasdesk understands up to ")
            && stderr(&out).trim_end().ends_with("Upgrade gasdesk"),
        "{}",
        stderr(&out)
    );

    let missing = dir.path().join("nowhere.db");
    let out = en(&missing, &["account", "find", "张"], "");
    assert_exit(&out, 1, "missing database");
    assert!(stderr(&out).contains("Run `gasdesk init`"));
    assert!(
        !missing.exists(),
        "a missing database is not created by a lookup"
    );
}

#[test]
fn backup_copies_and_verifies() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    assert_ok(&import(&db, "good.csv", &[]), "import");
    let copy = dir.path().join("copy.db");
    let out = en(&db, &["backup", p(&copy)], "");
    assert_ok(&out, "backup");
    assert!(stdout(&out).contains("and verified"));
    assert_ok(&en(&copy, &["check"], ""), "check the copy");
    for table in ["account", "staff", "audit", "office"] {
        let sql = format!("SELECT count(*) FROM {table}");
        assert_eq!(count(&copy, &sql), count(&db, &sql), "{table}");
    }

    let before = std::fs::read(&copy).unwrap();
    let again = en(&db, &["backup", p(&copy)], "");
    assert_exit(&again, 1, "backup onto an existing file");
    assert!(stderr(&again).contains("already exists; nothing was changed"));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn keymap_check_names_file_section_and_key() {
    let cases = [
        ("bad_key.toml", "[global] go_queue:"),
        ("duplicate_key.toml", "[customer] help:"),
        ("legacy_key.toml", "[search] open:"),
        ("syntax_error.toml", "[search] page_down:"),
        ("unknown_action.toml", "[search] open_customer:"),
        ("unknown_section.toml", "[serach] open:"),
    ];
    for (file, place) in cases {
        let path = fixture(&format!("keymaps/{file}"));
        let out = run(&["--lang", "en", "keymap", "check", p(&path)], "");
        assert_exit(&out, 1, file);
        let err = stderr(&out);
        assert!(err.contains(p(&path)), "{file} not named: {err}");
        assert!(err.contains(place), "{file}: {place} not in {err}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["keymaps/default.toml", "keymaps/no-fkeys.toml"] {
        let path = root.join(file);
        let out = run(&["--lang", "en", "keymap", "check", p(&path)], "");
        assert_ok(&out, file);
        assert!(stdout(&out).contains(": valid ("), "{}", stdout(&out));
    }
}

/// Every row of `table` in id order, as SQLite values.
fn table_rows(db: &Path, table: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
        .unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |r| (0..columns).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn demo_is_reproducible_and_never_replaces_live_data() {
    let dir = temp_dir();
    let build = |name: &str, seed: &str| {
        let db = dir.path().join(name);
        let args = [
            "demo",
            "--no-tui",
            "--no-queue",
            "--accounts",
            "500",
            "--seed",
            seed,
        ];
        assert_ok(&en(&db, &args, ""), name);
        db
    };
    let a = build("a.db", "7");
    let b = build("b.db", "7");
    let c = build("c.db", "8");
    let rows_a = table_rows(&a, "account");
    assert_eq!(rows_a.len(), 500);
    assert_eq!(
        rows_a,
        table_rows(&b, "account"),
        "same seed, same accounts"
    );
    assert_eq!(table_rows(&a, "meter"), table_rows(&b, "meter"));
    assert_ne!(
        rows_a,
        table_rows(&c, "account"),
        "another seed, other data"
    );

    let live = live_db(dir.path());
    let before = std::fs::read(&live).unwrap();
    for args in [
        &["demo", "--reset", "--no-tui", "--accounts", "10"][..],
        &["demo", "--no-tui"][..],
    ] {
        let out = en(&live, args, "");
        assert_exit(&out, 1, "demo over a live database");
        assert!(
            stderr(&out).contains("holds live data; the demo never overwrites a live database"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read(&live).unwrap(),
        before,
        "the live file is untouched"
    );
    assert_ok(&en(&live, &["check"], ""), "live database still sound");
    assert!(!live.with_extension("building").exists());
}

#[test]
fn every_command_has_help() {
    let commands: [&[&str]; 15] = [
        &[],
        &["demo"],
        &["init"],
        &["staff"],
        &["staff", "add"],
        &["staff", "reset-pin"],
        &["import"],
        &["import", "accounts"],
        &["account"],
        &["account", "find"],
        &["check"],
        &["backup"],
        &["keymap"],
        &["keymap", "check"],
        &["bench"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let out = run(&args, "");
        assert_ok(&out, &args.join(" "));
        let usage = format!("Usage: gasdesk {}", command.join(" "));
        assert!(
            stdout(&out).contains(usage.trim_end()),
            "{args:?}: {}",
            stdout(&out)
        );
        assert!(
            stdout(&out).contains("--db <PATH>"),
            "{args:?}: global --db"
        );
    }
}

/// Without `--no-queue` the demo plays out a business day of tickets in every office,
/// so the queue screens, board and manager panel have something to show.
#[test]
fn demo_includes_a_day_of_queue_tickets() {
    let dir = temp_dir();
    let db = dir.path().join("queue.db");
    assert_ok(
        &en(&db, &["demo", "--no-tui", "--accounts", "200"], ""),
        "demo with a queue day",
    );
    let conn = Connection::open(&db).unwrap();
    let per_office: Vec<(i64, i64, i64)> = conn
        .prepare(
            "SELECT d.office_id, count(t.id), sum(t.state = 'waiting')
             FROM business_day d JOIN ticket t ON t.business_day_id = d.id
             WHERE d.closed_at IS NULL GROUP BY d.office_id ORDER BY d.office_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(per_office.len(), 9, "{per_office:?}");
    for (office, issued, waiting) in per_office {
        assert!(issued >= 40, "office {office}: {issued} tickets");
        assert!(waiting > 0, "office {office}: nobody waiting");
    }
    // The played-out day ends now, not in the afternoon still to come.
    let (first, last): (String, String) = conn
        .query_row("SELECT min(at), max(at) FROM ticket_event", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let now = chrono::Utc::now();
    let parse = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    assert!(parse(&last) <= now, "an event after now: {last}");
    assert!(
        now - parse(&last) < chrono::Duration::minutes(30),
        "the day ended long ago: {last}"
    );
    assert!(
        now - parse(&first) > chrono::Duration::hours(5),
        "the day is too short: {first}"
    );
    let check = en(&db, &["check"], "");
    assert_ok(&check, "check after the queue day");
}
