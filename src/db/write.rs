//! The write path: every change is one `BEGIN IMMEDIATE` transaction with its audit row.
//!
//! Writers wait for the write lock in the [`writer_line`](super::writer_line) line when the
//! store has one; the WAL is checkpointed after the lock is let go.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rusqlite::{Transaction, TransactionBehavior};

use super::writer_line::{Pass, Try, WriterLine};
use super::{Actor, AuditNote, BUSY_TIMEOUT, DbError, RuleError, Store, audit};

/// Extra attempts after SQLITE_BUSY survived the busy timeout.
const BUSY_RETRIES: u32 = 3;
/// WAL size that triggers a checkpoint after a write: SQLite's own default.
const CHECKPOINT_FRAMES: i32 = 1000;

/// How long the last write waited for the write lock and then held it (to the end of
/// `COMMIT`, fsync included), for `gasdesk bench load`.
#[derive(Debug, Clone, Copy)]
pub struct LockTiming {
    pub waited: Duration,
    pub held: Duration,
}

impl Store {
    /// Runs `work` as one `BEGIN IMMEDIATE` transaction and appends its audit row before
    /// committing. SQLITE_BUSY that outlasts the busy timeout is retried a few times and
    /// then reported as [`DbError::Busy`]: the change is never silently dropped.
    pub fn write<T>(
        &mut self,
        actor: &Actor,
        mut work: impl FnMut(&Transaction<'_>) -> Result<(T, AuditNote), DbError>,
    ) -> Result<T, DbError> {
        if let Some(reason) = &self.read_only {
            return Err(DbError::ReadOnly(reason.clone()));
        }
        let mut attempt = 0;
        let result = loop {
            match self.one_transaction(actor, &mut work) {
                Err(e) if e.is_busy() && attempt < BUSY_RETRIES => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
                }
                Err(e) if e.is_busy() => break Err(DbError::Busy),
                other => break other,
            }
        };
        self.checkpoint_if_due();
        result
    }

    /// Copies the WAL back into the database once it holds [`CHECKPOINT_FRAMES`] frames,
    /// as SQLite's automatic checkpoint would, but after the turn is handed on. PASSIVE: it never waits, and skips while another process checkpoints.
    fn checkpoint_if_due(&self) {
        if self.wal_frames.load(Ordering::Relaxed) < CHECKPOINT_FRAMES {
            return;
        }
        self.wal_frames.store(0, Ordering::Relaxed);
        // A checkpoint that cannot run now runs after a later commit.
        let _ = self
            .conn
            .wal_checkpoint_v2(None::<&str>, rusqlite::wal::CheckpointMode::PASSIVE);
    }

    /// [`Store::write`] for an aggregate whose work fails with its own error type: a rule
    /// refused inside the transaction rolls it back and comes out as the typed error it
    /// was (so the screen can say why), a store error as the store error.
    pub fn write_checked<T, E: RuleError>(
        &mut self,
        actor: &Actor,
        mut work: impl FnMut(&Transaction<'_>) -> Result<(T, AuditNote), E>,
    ) -> Result<T, E> {
        let mut refused: Option<E> = None;
        let result = self.write(actor, |tx| match work(tx) {
            Ok(done) => Ok(done),
            Err(e) => match e.into_db() {
                Ok(db) => Err(db),
                Err(rule) => {
                    refused = Some(rule);
                    Err(DbError::Rule("refused by a rule".into()))
                }
            },
        });
        result.map_err(|e| refused.take().unwrap_or_else(|| E::from(e)))
    }

    /// The transaction itself. In the writers' line when there is one: the head of the
    /// line is woken just before `COMMIT`, and the lock handed on (the pass dropped) once
    /// it is free, committed or rolled back.
    fn one_transaction<T>(
        &self,
        actor: &Actor,
        work: &mut impl FnMut(&Transaction<'_>) -> Result<(T, AuditNote), DbError>,
    ) -> Result<T, DbError> {
        let asked = Instant::now();
        self.last_lock.set(None);
        let (tx, pass) = self.begin_immediate()?;
        let got = Instant::now();
        let result = (|| {
            let (value, note) = work(&tx)?;
            audit::append(&tx, actor, &note)?;
            if let Some(pass) = &pass {
                pass.before_commit();
            }
            tx.commit()?;
            Ok(value)
        })();
        drop(pass);
        self.last_lock.set(Some(LockTiming {
            waited: got - asked,
            held: got.elapsed(),
        }));
        result
    }

    /// `BEGIN IMMEDIATE`, through the writers' line when there is one: SQLite's busy
    /// handler is off for the tries, the line does the waiting.
    fn begin_immediate(&self) -> Result<(Transaction<'_>, Option<Pass<'_>>), DbError> {
        let begin = || Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate);
        let Some(line) = self.writer_line() else {
            return Ok((begin()?, None));
        };
        self.conn.busy_timeout(Duration::ZERO)?;
        let got = line.acquire(BUSY_TIMEOUT, || match begin() {
            Ok(tx) => Try::Got(tx),
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => {
                Try::Busy(e)
            }
            Err(e) => Try::Failed(e),
        });
        Store::install_busy_handler(&self.conn)?;
        let (tx, pass) = got?;
        Ok((tx, Some(pass)))
    }

    /// The writers' line, mapped at the first write (so reading a file, checking a
    /// backup say, leaves nothing beside it). Without it (a folder we may not create in)
    /// writes are still correct, waiting with SQLite's sleep-and-retry handler alone.
    fn writer_line(&self) -> Option<&WriterLine> {
        if !self.shared_file {
            return None;
        }
        self.writers
            .get_or_init(|| WriterLine::open(&self.path).ok())
            .as_ref()
    }

    /// The lock timing of the last write, if it got the lock and nobody took it yet.
    pub fn take_lock_timing(&mut self) -> Option<LockTiming> {
        self.last_lock.take()
    }
}
