//! How a write waits for the write lock: SQLite's lock, waited for by gasdesk's busy
//! handler (short fixed sleeps), whoever holds it — another gasdesk or another program.

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
    // A plain SQLite connection, as an administrator's sqlite3 shell, holding the lock.
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        other.execute_batch("COMMIT").unwrap();
    });
    store
        .set_meta(&Actor::system(), "after_wait", "yes")
        .expect("the write waits for the lock instead of failing");
    holder.join().unwrap();
    assert_eq!(store.meta("after_wait").unwrap().as_deref(), Some("yes"));
}

#[test]
fn concurrent_writers_lose_nothing() {
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
    let written: i64 = common::raw(&store)
        .query_row("SELECT count(*) FROM meta WHERE key GLOB 'w*_*'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(written, 200);
}

/// Writing leaves nothing beside the database but SQLite's own `-wal` and `-shm`
/// (there used to be a shared `<db>.writers` map).
#[test]
fn writes_leave_only_sqlites_files_beside_the_database() {
    let dir = common::temp_dir();
    let path = new_db(&dir);
    let mut store = Store::open(&path).unwrap();
    store.set_meta(&Actor::system(), "k", "v").unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["wait.sqlite", "wait.sqlite-shm", "wait.sqlite-wal"]);
}
