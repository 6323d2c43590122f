//! The line on a stand-in lock, threads standing in for processes (each maps the file
//! itself, as a process does).

use super::*;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// Far longer than any test needs: reaching it means the line lost a wake-up.
const LIMIT: Duration = Duration::from_secs(30);

/// A stand-in for SQLite's write lock.
fn try_take(lock: &AtomicBool) -> Try<(), ()> {
    match lock.compare_exchange(false, true, SeqCst, SeqCst) {
        Ok(_) => Try::Got(()),
        Err(_) => Try::Busy(()),
    }
}

/// Takes the stand-in lock through `line`, holds it for `hold`, lets it go.
fn write(line: &WriterLine, lock: &AtomicBool, hold: Duration) -> Result<(), ()> {
    let ((), pass) = line.acquire(LIMIT, || try_take(lock))?;
    std::thread::sleep(hold);
    pass.before_commit();
    lock.store(false, SeqCst);
    drop(pass);
    Ok(())
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("x.sqlite")
}

#[test]
fn a_free_lock_is_taken_without_a_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let line = WriterLine::open(&db(&dir)).unwrap();
    let lock = AtomicBool::new(false);
    write(&line, &lock, Duration::ZERO).unwrap();
    assert_eq!(
        line.line().next.load(SeqCst),
        0,
        "a walk-in takes no ticket"
    );
    assert!(dir.path().join("x.sqlite.writers").exists());
}

/// The lock itself (here the stand-in, in gasdesk SQLite's) keeps writers apart; what the
/// line must do is serve every waiter and empty again, no wake-up lost.
#[test]
fn every_waiter_is_served_and_the_line_empties() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let lock = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicU32::new(0));
    let writers: Vec<_> = (0..6)
        .map(|_| {
            let (path, lock, served) = (path.clone(), Arc::clone(&lock), Arc::clone(&served));
            std::thread::spawn(move || {
                // Each thread its own mapping, as each process has.
                let line = WriterLine::open(&path).unwrap();
                for _ in 0..20 {
                    write(&line, &lock, Duration::from_micros(300)).unwrap();
                    served.fetch_add(1, SeqCst);
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(served.load(SeqCst), 120);
    let line = WriterLine::open(&path).unwrap();
    let state = line.line();
    assert_eq!(
        state.head.load(SeqCst),
        state.next.load(SeqCst),
        "nobody is left in the line"
    );
    assert!(
        state.next.load(SeqCst) > 0,
        "some writers had to wait in line"
    );
}

#[test]
fn an_urgent_head_goes_before_walk_ins() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let lock = Arc::new(AtomicBool::new(false));
    let order = Arc::new(Mutex::new(Vec::new()));
    let holder = WriterLine::open(&path).unwrap();
    let ((), pass) = holder.acquire(LIMIT, || try_take(&lock)).unwrap();
    let spawn = |name: &'static str| {
        let (path, lock, order) = (path.clone(), Arc::clone(&lock), Arc::clone(&order));
        std::thread::spawn(move || {
            let line = WriterLine::open(&path).unwrap();
            let ((), pass) = line.acquire(LIMIT, || try_take(&lock)).unwrap();
            order.lock().unwrap().push(name);
            lock.store(false, SeqCst);
            drop(pass);
        })
    };
    let head = spawn("head");
    // The head has waited long enough to be urgent once it has tried twice.
    let state = holder.line();
    while state.urgent.load(SeqCst) != state.head.load(SeqCst).wrapping_add(1) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let walk_in = spawn("walk-in");
    while state.next.load(SeqCst) < 2 {
        std::thread::sleep(Duration::from_millis(1));
    }
    lock.store(false, SeqCst);
    drop(pass);
    head.join().unwrap();
    walk_in.join().unwrap();
    assert_eq!(*order.lock().unwrap(), ["head", "walk-in"]);
}

#[test]
fn a_waiter_that_died_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let line = WriterLine::open(&path).unwrap();
    // A ticket taken by a process that is gone: a waiter killed in the line.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = gone.id();
    gone.wait().unwrap();
    let ticket = line.line().next.fetch_add(1, SeqCst);
    line.line().waiter[slot(ticket)].store(dead_pid, SeqCst);
    let lock = AtomicBool::new(true);
    let waiting = std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            let other = WriterLine::open(&path).unwrap();
            let ((), pass) = other.acquire(LIMIT, || try_take(&lock)).unwrap();
            lock.store(false, SeqCst);
            drop(pass);
        });
        std::thread::sleep(Duration::from_millis(50));
        lock.store(false, SeqCst);
        line.ring_head();
        waiter.join()
    });
    waiting.unwrap();
    let state = line.line();
    assert_eq!(state.head.load(SeqCst), state.next.load(SeqCst));
}

#[test]
fn a_writer_gives_up_after_its_limit_with_the_busy_error() {
    let dir = tempfile::tempdir().unwrap();
    let line = WriterLine::open(&db(&dir)).unwrap();
    let lock = AtomicBool::new(true);
    let got = line.acquire(Duration::from_millis(100), || match try_take(&lock) {
        Try::Busy(()) => Try::Busy("busy"),
        Try::Got(()) => Try::Got(()),
        Try::Failed(()) => Try::Failed("failed"),
    });
    assert_eq!(got.err(), Some("busy"));
    let state = line.line();
    assert_eq!(
        state.head.load(SeqCst),
        state.next.load(SeqCst),
        "it left the line"
    );
}

#[test]
fn a_ticket_whose_writer_left_is_passed_over_when_the_head_is_rung() {
    let dir = tempfile::tempdir().unwrap();
    let line = WriterLine::open(&db(&dir)).unwrap();
    let state = line.line();
    let me = std::process::id();
    for _ in 0..3 {
        let ticket = state.next.fetch_add(1, SeqCst);
        state.waiter[slot(ticket)].store(me, SeqCst);
    }
    // Ticket 0 was served; ticket 1 gave up and left; ticket 2 still waits.
    state.head.store(1, SeqCst);
    state.left[slot(1)].store(2, SeqCst);
    line.ring_head();
    assert_eq!(state.head.load(SeqCst), 2);
    assert_eq!(
        state.bell[slot(2)].load(SeqCst),
        1,
        "the waiting one was rung"
    );
}

#[test]
fn a_head_that_keeps_trying_is_not_taken_for_stuck() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let lock = Arc::new(AtomicBool::new(false));
    let order = Arc::new(Mutex::new(Vec::new()));
    let holder = WriterLine::open(&path).unwrap();
    let ((), pass) = holder.acquire(LIMIT, || try_take(&lock)).unwrap();
    let spawn = |name: &'static str| {
        let (path, lock, order) = (path.clone(), Arc::clone(&lock), Arc::clone(&order));
        std::thread::spawn(move || {
            let line = WriterLine::open(&path).unwrap();
            let ((), pass) = line.acquire(LIMIT, || try_take(&lock)).unwrap();
            order.lock().unwrap().push(name);
            lock.store(false, SeqCst);
            drop(pass);
        })
    };
    let head = spawn("head");
    let state = holder.line();
    while state.next.load(SeqCst) < 1 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let behind = spawn("behind");
    // Held past STUCK: the head is alive and trying, so it keeps its place.
    std::thread::sleep(STUCK + Duration::from_millis(300));
    lock.store(false, SeqCst);
    drop(pass);
    head.join().unwrap();
    behind.join().unwrap();
    assert_eq!(*order.lock().unwrap(), ["head", "behind"]);
}

#[test]
fn the_line_file_takes_the_permissions_of_the_database() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660)).unwrap();
    let _line = WriterLine::open(&path).unwrap();
    let mode = std::fs::metadata(line_path(&path))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o660, "group members can join the line");
}
