//! A write that cannot get the write lock within the configured wait is refused with
//! "not saved, try again" and writes nothing: through the store, and through the real
//! binary with `write_wait_ms` in its config file.
//!
//! The wait limit is process-wide, so this file (its own test binary) is the only one
//! that shortens it. Nothing here depends on timing: the lock is held by another
//! connection for the whole write, however long the write waits.

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use gasdesk::db::queue::{self as q, IssueRequest, QueueError, kiosk_actor};
use gasdesk::db::{self, Actor, DbError, DbKind, Store};
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::queue::builtin_rules;
use gasdesk::i18n::{Lang, Localized};
use rusqlite::Connection;

fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Another program (an administrator's sqlite3 shell, a stuck process) holding the
/// write lock until dropped.
struct Holder(Connection);

impl Holder {
    fn take(path: &Path) -> Holder {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        Holder(conn)
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _ = self.0.execute_batch("ROLLBACK");
    }
}

#[test]
fn a_write_that_outwaits_the_limit_is_refused_and_writes_nothing() {
    db::set_write_wait(Duration::from_millis(50));
    let dir = common::temp_dir();
    let path = dir.path().join("busy.sqlite");
    {
        let mut store = Store::create(&path, DbKind::Demo).unwrap();
        db::office::install(&mut store, &Actor::system(), &builtin_offices()).unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let audit_before = count(&path, "SELECT count(*) FROM audit");
    let rules = builtin_rules();
    let req = IssueRequest {
        office_id: 1,
        service: 'A',
        ..Default::default()
    };
    // 09:00 on 28 November 2026 in Hefei.
    let at = Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap();

    let holder = Holder::take(&path);
    let err = q::issue(&mut store, &kiosk_actor(1), &rules, &req, at).unwrap_err();
    assert!(matches!(err, QueueError::Db(DbError::Busy)), "{err:?}");
    assert!(
        err.localized(Lang::En).contains("NOT saved"),
        "{}",
        err.localized(Lang::En)
    );
    let err = store
        .set_meta(&Actor::system(), "k", "v")
        .expect_err("the plain write path is refused too");
    assert!(matches!(err, DbError::Busy), "{err:?}");
    drop(holder);

    assert_eq!(count(&path, "SELECT count(*) FROM ticket"), 0);
    assert_eq!(count(&path, "SELECT count(*) FROM meta WHERE key = 'k'"), 0);
    assert_eq!(count(&path, "SELECT count(*) FROM audit"), audit_before);

    // Once the lock is free the same write goes through: nothing was left half done.
    q::issue(&mut store, &kiosk_actor(1), &rules, &req, at).unwrap();
    assert_eq!(count(&path, "SELECT count(*) FROM ticket"), 1);
}

#[test]
fn the_binary_says_not_saved_and_issues_no_ticket() {
    let dir = common::temp_dir();
    let db = dir.path().join("demo.sqlite");
    common::build_demo(&db, 50);
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("gasdesk")).unwrap();
    std::fs::write(config.join("gasdesk/config.toml"), "write_wait_ms = 50\n").unwrap();
    let tickets = "SELECT count(*) FROM ticket";
    let before = count(&db, tickets);

    let holder = Holder::take(&db);
    let out = common::command(&[
        "--lang",
        "en",
        "--db",
        db.to_str().unwrap(),
        "ticket",
        "issue",
        "--office",
        "1",
        "--service",
        "A",
        "--no-print",
    ])
    .env("XDG_CONFIG_HOME", &config)
    .output()
    .unwrap();
    drop(holder);

    common::assert_exit(&out, 1, "ticket issue while the lock is held");
    let stderr = common::stderr(&out);
    assert!(
        stderr.contains("The database is busy; this change was NOT saved. Try again"),
        "{stderr}"
    );
    assert_eq!(common::stdout(&out), "", "no ticket printed");
    assert_eq!(count(&db, tickets), before);
}

#[test]
fn a_bad_write_wait_in_the_config_is_refused_by_name() {
    let dir = common::temp_dir();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("gasdesk")).unwrap();
    std::fs::write(config.join("gasdesk/config.toml"), "write_wait_ms = 0\n").unwrap();
    let out = common::command(&["--lang", "en", "keymap", "check", "x.toml"])
        .env("XDG_CONFIG_HOME", &config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = common::stderr(&out);
    assert!(stderr.contains("write_wait_ms"), "{stderr}");
}
