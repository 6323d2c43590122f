//! A gasdesk process keeps its commits while other processes come and go. Regression test:
//! opening the database file outside SQLite (to test whether it is writable) and closing
//! it dropped the process's POSIX locks, so the next process to close its connection
//! thought it was the last, checkpointed and deleted the WAL — and every later commit of
//! the first process went into a deleted file.

mod common;

use gasdesk::db::{Actor, DbKind, Store};

#[test]
fn commits_survive_another_process_closing_the_database() {
    let dir = common::temp_dir();
    let path = dir.path().join("wal.sqlite");
    Store::create(&path, DbKind::Live).unwrap();
    let mut store = Store::open(&path).unwrap();
    store.set_meta(&Actor::system(), "first", "1").unwrap();
    // A second store in this process, as the background quick_check opens one.
    drop(Store::open(&path).unwrap());
    // Another program opens the file, reads, and closes it (a backup script, the
    // sqlite3 shell of an administrator): it must not take this process for gone.
    let read = format!(
        "import sqlite3; c = sqlite3.connect({:?}); c.execute('SELECT count(*) FROM meta').fetchall(); c.close()",
        path.to_str().unwrap()
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &read])
        .output()
        .expect("python3 runs the other program");
    common::assert_ok(&out, "python3 sqlite3 reader");
    store.set_meta(&Actor::system(), "probe", "kept").unwrap();
    assert!(
        std::fs::exists(dir.path().join("wal.sqlite-wal")).unwrap(),
        "the WAL of an open connection must not be deleted"
    );
    let other = rusqlite::Connection::open(&path).unwrap();
    let seen: Option<String> = other
        .query_row("SELECT value FROM meta WHERE key = 'probe'", [], |r| {
            r.get(0)
        })
        .ok();
    assert_eq!(seen.as_deref(), Some("kept"));
    drop(other);
}
