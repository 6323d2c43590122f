//! How a write waits for the write lock: on the commit signal beside the database when it
//! can, and still correctly when the lock's holder is another program (which never moves
//! the signal) or when the signal file cannot be made.

mod common;

use std::time::Duration;

use gasdesk::db::{Actor, DbKind, Store};

fn new_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("wait.sqlite");
    Store::create(&path, DbKind::Live).unwrap();
    path
}

#[test]
fn a_write_waits_out_another_programs_lock_and_then_commits() {
    let dir = common::temp_dir();
    let path = new_db(&dir);
    let mut store = Store::open(&path).unwrap();
    assert!(
        !dir.path().join("wait.sqlite.writers").exists(),
        "opening to read leaves nothing beside the file"
    );
    // A plain SQLite connection, as an administrator's sqlite3 shell: it takes the write
    // lock and never touches the commit signal.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1000));
        other.execute_batch("COMMIT").unwrap();
    });
    store
        .set_meta(&Actor::system(), "after_wait", "yes")
        .expect("the write waits for the lock instead of failing");
    holder.join().unwrap();
    assert_eq!(store.meta("after_wait").unwrap().as_deref(), Some("yes"));
    assert!(dir.path().join("wait.sqlite.writers").exists());
}

#[test]
fn writers_on_the_signal_lose_nothing() {
    let dir = common::temp_dir();
    let path = new_db(&dir);
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..50 {
                    let key: &'static str = Box::leak(format!("w{w}_{i}").into_boxed_str());
                    store.set_meta(&Actor::system(), key, "1").unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let written: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM meta WHERE key GLOB 'w*_*'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(written, 200);
}

#[test]
fn without_a_signal_file_writes_still_work() {
    let dir = common::temp_dir();
    let path = new_db(&dir);
    // Something that is not a file where the signal would go: it cannot be mapped.
    std::fs::create_dir(dir.path().join("wait.sqlite.writers")).unwrap();
    let mut store = Store::open(&path).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        other.execute_batch("COMMIT").unwrap();
    });
    store.set_meta(&Actor::system(), "plain", "yes").unwrap();
    holder.join().unwrap();
    assert_eq!(store.meta("plain").unwrap().as_deref(), Some("yes"));
}
