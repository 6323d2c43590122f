//! How gasdesk's writers wait for SQLite's write lock: in a line shared by every gasdesk
//! process on one database, instead of SQLite's sleep-and-retry.
//!
//! SQLite's busy handler sleeps and tries again, 1 ms growing to 100 ms. With 80
//! counters committing at once, a writer that misses a few times sleeps through many
//! other commits: the tail reaches hundreds of milliseconds, though each commit holds the
//! lock for about one. A strict first-come, first-served line fixes the tail but, measured
//! here, cannot keep up: every hand-over waits for the next process to be scheduled while
//! the lock stands idle. So the line works like a good counter hall:
//! - **Walk-ins.** A writer first just tries the lock; most find it free.
//! - **The line.** One who finds it taken takes a ticket and sleeps (a Linux futex, one
//!   word per ticket) until it is at the head. Whoever lets the lock go wakes the head;
//!   just before its COMMIT it already wakes it, so the head is running by the time the
//!   fsync is done.
//! - **No starving.** A head that has waited [`URGENT`] says so; walk-ins then join the
//!   line instead of trying, so the head gets the lock next.
//!
//! The lock itself stays SQLite's, so what is correct never depends on the line, and other
//! programs (`sqlite3`, backups) are waited for by polling every [`NAP`]. Nothing needs
//! setting up: a new file reads as zeros, an empty line. A ticket whose writer has gone
//! (killed while waiting) or left (gave up) is passed over; a head alive but not moving
//! for [`STUCK`] (a stopped process) too. Where the file cannot be made, writers wait with
//! SQLite's busy handler alone. Liveness is checked by process id, so every session on
//! one database must run in the same PID namespace (one host, not several containers).

use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the head of the line waits before walk-ins must queue behind it.
pub const URGENT: Duration = Duration::from_millis(10);
/// The longest sleep before a waiter looks again on its own: for a lock held by another
/// program, and for a head that has gone.
pub const NAP: Duration = Duration::from_millis(20);
/// How long a head that is alive may stand without taking the lock before the next
/// writer goes ahead of it.
pub const STUCK: Duration = Duration::from_secs(1);

/// The line file of a database: beside it, named after it.
pub fn line_path(db: &Path) -> PathBuf {
    crate::files::beside(db, ".writers")
}

/// What one try at the lock came to.
pub enum Try<T, E> {
    Got(T),
    /// Somebody else holds it.
    Busy(E),
    Failed(E),
}

#[cfg(target_os = "linux")]
pub use linux::{Pass, WriterLine};

#[cfg(not(target_os = "linux"))]
pub use fallback::{Pass, WriterLine};

#[cfg(target_os = "linux")]
mod linux {
    use super::*;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::ptr::NonNull;
    use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
    use std::time::Instant;

    const MAP_LEN: usize = 4096;
    /// Tickets waiting at once, at most; more wrap around and share a bell.
    const SLOTS: usize = 256;
    const MAP_LEN_U64: u64 = MAP_LEN as u64;

    /// The shared file, as mapped. Every field is atomic: other processes write it.
    #[repr(C)]
    struct Line {
        /// The next ticket to hand out.
        next: AtomicU32,
        /// The ticket at the head of the line (`== next` when nobody waits).
        head: AtomicU32,
        /// `head + 1` while that head has waited [`URGENT`]; stale values mean nothing.
        urgent: AtomicU32,
        /// The process id of the gasdesk writer holding the lock, 0 when none (a hint).
        owner: AtomicU32,
        /// Moved by the head on every look, so a head that keeps trying is never taken
        /// for a stuck one.
        beat: AtomicU32,
        _pad: [AtomicU32; 11],
        /// Per slot, the process waiting with that ticket.
        waiter: [AtomicU32; SLOTS],
        /// Per slot, `ticket + 1` once the writer with that ticket has left the line
        /// without being served; it is then passed over without waiting.
        left: [AtomicU32; SLOTS],
        /// Per slot, the futex word its waiter sleeps on; rung to wake it.
        bell: [AtomicU32; SLOTS],
    }

    const _: () = assert!(std::mem::size_of::<Line>() <= MAP_LEN);

    fn slot(ticket: u32) -> usize {
        ticket as usize % SLOTS
    }

    /// One process's mapping of a database's line file.
    pub struct WriterLine {
        line: NonNull<Line>,
    }

    // SAFETY: the mapping lives until `drop` and is only touched through atomics.
    unsafe impl Send for WriterLine {}

    /// The lock, once got through the line: hand it on (drop) when it is let go.
    pub struct Pass<'l> {
        line: &'l WriterLine,
    }

    impl WriterLine {
        /// Maps the line file of the database at `db`, creating it the first time.
        pub fn open(db: &Path) -> std::io::Result<WriterLine> {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o660)
                .open(line_path(db))?;
            // Every user who may write the database must be able to join the line: as
            // SQLite does for `-wal` and `-shm`, give the file the database's permissions
            // (whoever created it can; a umask would otherwise take group write away).
            if let Ok(meta) = std::fs::metadata(db) {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.permissions().mode() & 0o666;
                let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
            }
            // Allocated, not sparse: a first write into an unallocated page of a mapping on
            // a full disk would kill the process with SIGBUS. posix_fallocate never
            // changes bytes already there, so two first processes at once are fine; new
            // bytes read as zero, an empty line.
            if file.metadata()?.len() < MAP_LEN_U64 {
                // SAFETY: a plain syscall on a descriptor this function owns.
                let rc =
                    unsafe { libc::posix_fallocate(file.as_raw_fd(), 0, MAP_LEN as libc::off_t) };
                if rc != 0 {
                    return Err(std::io::Error::from_raw_os_error(rc));
                }
            }
            // SAFETY: a shared mapping of MAP_LEN bytes of a file at least that long; the
            // mapping outlives the descriptor.
            let raw = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    MAP_LEN,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_SHARED,
                    file.as_raw_fd(),
                    0,
                )
            };
            if raw == libc::MAP_FAILED {
                return Err(std::io::Error::last_os_error());
            }
            let line = NonNull::new(raw.cast::<Line>()).expect("mmap never returns null");
            Ok(WriterLine { line })
        }

        fn line(&self) -> &Line {
            // SAFETY: page-aligned, inside the mapping, valid while `self` lives.
            unsafe { self.line.as_ref() }
        }

        /// Gets the lock with `try_lock` (one try, no waiting of its own), waiting in the
        /// line between tries, for up to `limit`; then the last busy error comes back.
        pub fn acquire<T, E>(
            &self,
            limit: Duration,
            mut try_lock: impl FnMut() -> Try<T, E>,
        ) -> Result<(T, Pass<'_>), E> {
            let line = self.line();
            let head = line.head.load(SeqCst);
            let someone_urgent = line.urgent.load(SeqCst) == head.wrapping_add(1);
            if !someone_urgent || head == line.next.load(SeqCst) {
                match try_lock() {
                    Try::Got(t) => return Ok((t, self.pass())),
                    Try::Failed(e) => return Err(e),
                    Try::Busy(_) => {}
                }
            }
            self.wait_in_line(limit, try_lock)
        }

        fn pass(&self) -> Pass<'_> {
            self.line().owner.store(std::process::id(), SeqCst);
            Pass { line: self }
        }

        fn wait_in_line<T, E>(
            &self,
            limit: Duration,
            mut try_lock: impl FnMut() -> Try<T, E>,
        ) -> Result<(T, Pass<'_>), E> {
            let started = Instant::now();
            loop {
                match self.wait_with_ticket(started, limit, &mut try_lock) {
                    Waited::Done(result) => return result,
                    // Passed over while away (taken for gone): join again at the back.
                    Waited::PassedOver => {}
                }
            }
        }

        fn wait_with_ticket<T, E>(
            &self,
            started: Instant,
            limit: Duration,
            try_lock: &mut impl FnMut() -> Try<T, E>,
        ) -> Waited<Result<(T, Pass<'_>), E>> {
            let line = self.line();
            let ticket = line.next.fetch_add(1, SeqCst);
            let me = slot(ticket);
            line.waiter[me].store(std::process::id(), SeqCst);
            let done = |result| Waited::Done(result);
            let mut head_since: Option<Instant> = None;
            let mut watched = (
                line.head.load(SeqCst),
                line.beat.load(SeqCst),
                Instant::now(),
            );
            loop {
                // Read before looking, so a ring between the look and the sleep is kept.
                let rung = line.bell[me].load(SeqCst);
                let head = line.head.load(SeqCst);
                let ahead = ticket.wrapping_sub(head) as i32;
                if ahead == 0 {
                    line.beat.fetch_add(1, SeqCst);
                    let since = *head_since.get_or_insert_with(Instant::now);
                    self.watch_owner();
                    match try_lock() {
                        Try::Got(t) => {
                            let _ = line.urgent.compare_exchange(
                                ticket.wrapping_add(1),
                                0,
                                SeqCst,
                                SeqCst,
                            );
                            // The next head is rung by the pass, before the COMMIT.
                            self.leave_as_head(ticket, false);
                            return done(Ok((t, self.pass())));
                        }
                        Try::Failed(e) => {
                            self.leave_as_head(ticket, true);
                            return done(Err(e));
                        }
                        Try::Busy(e) if started.elapsed() >= limit => {
                            self.leave_as_head(ticket, true);
                            return done(Err(e));
                        }
                        Try::Busy(_) => {
                            if since.elapsed() >= URGENT {
                                line.urgent.store(ticket.wrapping_add(1), SeqCst);
                            }
                        }
                    }
                } else if ahead < 0 {
                    return Waited::PassedOver;
                } else if started.elapsed() >= limit {
                    // Not even at the head: give up, and the busy error comes from one
                    // last try.
                    line.left[me].store(ticket.wrapping_add(1), SeqCst);
                    self.ring_head();
                    return done(match try_lock() {
                        Try::Got(t) => Ok((t, self.pass())),
                        Try::Busy(e) | Try::Failed(e) => Err(e),
                    });
                } else {
                    let beat = line.beat.load(SeqCst);
                    if (head, beat) != (watched.0, watched.1) {
                        watched = (head, beat, Instant::now());
                    }
                    if self.pass_over_if_gone(head, watched.2.elapsed()) {
                        continue;
                    }
                }
                // Only the one right behind the head looks out for a head that has gone;
                // the rest are rung when their turn comes.
                let behind_head = ticket.wrapping_sub(line.head.load(SeqCst)) as i32 <= 1;
                self.sleep(me, rung, if behind_head { NAP } else { NAP * 10 });
            }
        }

        /// The head leaves the line: the line moves on (unless it was moved past this
        /// ticket meanwhile) and, when `ring`, the new head is woken at once.
        fn leave_as_head(&self, ticket: u32, ring: bool) {
            let moved = self
                .line()
                .head
                .compare_exchange(ticket, ticket.wrapping_add(1), SeqCst, SeqCst)
                .is_ok();
            if moved && ring {
                self.ring_head();
            }
        }

        /// The head has been woken just before the holder's COMMIT: give the CPU away
        /// while a gasdesk writer still holds the lock, a few milliseconds at most, so
        /// the try comes right after the fsync instead of a scheduler tick later.
        fn watch_owner(&self) {
            let watching = Instant::now();
            while self.line().owner.load(SeqCst) != 0 && watching.elapsed() < WATCH {
                std::thread::yield_now();
            }
        }

        /// Moves the line past a head whose writer has died, or that has not moved for
        /// [`STUCK`]. True when it did.
        fn pass_over_if_gone(&self, head: u32, still_for: Duration) -> bool {
            let line = self.line();
            if still_for < NAP || head == line.next.load(SeqCst) {
                return false;
            }
            let pid = line.waiter[slot(head)].load(SeqCst);
            let gone = still_for >= STUCK || pid == 0 || !process_alive(pid);
            if gone
                && line
                    .head
                    .compare_exchange(head, head.wrapping_add(1), SeqCst, SeqCst)
                    .is_ok()
            {
                self.ring_head();
                return true;
            }
            false
        }

        /// Wakes the writer at the head of the line, if anybody waits, first passing over
        /// tickets whose writers have left.
        fn ring_head(&self) {
            let line = self.line();
            loop {
                let head = line.head.load(SeqCst);
                if head == line.next.load(SeqCst) {
                    return;
                }
                if line.left[slot(head)].load(SeqCst) == head.wrapping_add(1) {
                    // Whoever wins this moves on; a loser sees the new head next time.
                    let _ = line
                        .head
                        .compare_exchange(head, head.wrapping_add(1), SeqCst, SeqCst);
                    continue;
                }
                let bell = &line.bell[slot(head)];
                bell.fetch_add(1, SeqCst);
                // SAFETY: FUTEX_WAKE on an aligned u32 of a shared mapping (so not
                // PRIVATE).
                unsafe {
                    libc::syscall(libc::SYS_futex, bell.as_ptr(), libc::FUTEX_WAKE, 1);
                }
                return;
            }
        }

        /// Sleeps on slot `me`'s bell while it still reads `rung`, for at most `limit`.
        fn sleep(&self, me: usize, rung: u32, limit: Duration) {
            let timeout = libc::timespec {
                tv_sec: limit.as_secs() as libc::time_t,
                tv_nsec: limit.subsec_nanos() as libc::c_long,
            };
            // SAFETY: FUTEX_WAIT on an aligned u32 of a shared mapping with a relative
            // timeout; the kernel only reads the word. Any result means: look again.
            unsafe {
                libc::syscall(
                    libc::SYS_futex,
                    self.line().bell[me].as_ptr(),
                    libc::FUTEX_WAIT,
                    rung,
                    &timeout as *const libc::timespec,
                );
            }
        }
    }

    impl Pass<'_> {
        /// Just before COMMIT: wakes the head of the line, so that it is running by the
        /// time the fsync is done.
        pub fn before_commit(&self) {
            self.line.ring_head();
        }
    }

    impl Drop for Pass<'_> {
        /// The lock is free again (committed or rolled back): wake the head.
        fn drop(&mut self) {
            // Unless a newcomer already took the lock and wrote itself in.
            let _ = self
                .line
                .line()
                .owner
                .compare_exchange(std::process::id(), 0, SeqCst, SeqCst);
            self.line.ring_head();
        }
    }

    impl Drop for WriterLine {
        fn drop(&mut self) {
            // SAFETY: the mapping made in `open`; no `Pass` outlives the line it borrows.
            unsafe { libc::munmap(self.line.as_ptr().cast(), MAP_LEN) };
        }
    }

    /// How a ticket's wait ended.
    enum Waited<R> {
        Done(R),
        PassedOver,
    }

    /// How long the head watches a gasdesk holder before trying anyway.
    const WATCH: Duration = Duration::from_millis(3);

    fn process_alive(pid: u32) -> bool {
        // SAFETY: signal 0 only checks that the process exists.
        let rc = unsafe { libc::kill(pid as libc::pid_t, 0) };
        rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(test)]
    mod tests;
}

#[cfg(not(target_os = "linux"))]
mod fallback {
    use super::*;

    /// Without futexes writers wait with SQLite's busy handler alone.
    pub struct WriterLine;

    pub struct Pass<'l>(std::marker::PhantomData<&'l ()>);

    impl WriterLine {
        pub fn open(_db: &Path) -> std::io::Result<WriterLine> {
            Err(std::io::Error::other("no writer line on this system"))
        }

        pub fn acquire<T, E>(
            &self,
            _limit: Duration,
            _try_lock: impl FnMut() -> Try<T, E>,
        ) -> Result<(T, Pass<'_>), E> {
            unreachable!("never opened on this system")
        }
    }

    impl Pass<'_> {
        pub fn before_commit(&self) {}
    }
}
