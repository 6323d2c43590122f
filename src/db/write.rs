//! The write path: every change is one `BEGIN IMMEDIATE` transaction with its audit row.
//!
//! Waiting for the write lock is the connection's busy handler's job
//! ([`Store::install_busy_handler`]): short fixed sleeps until the lock is free or the
//! write wait ([`super::write_wait`]) is over; then the change is reported as not saved.

use std::time::{Duration, Instant};

use rusqlite::{Transaction, TransactionBehavior};

use super::{Actor, AuditNote, DbError, RuleError, Store, audit};

/// How long the last write waited for the write lock and then held it (to the end of
/// `COMMIT`, fsync and any automatic checkpoint included), for `gasdesk bench load`.
#[derive(Debug, Clone, Copy)]
pub struct LockTiming {
    pub waited: Duration,
    pub held: Duration,
}

impl Store {
    /// Runs `work` as one `BEGIN IMMEDIATE` transaction and appends its audit row before
    /// committing. A write lock still taken when the write wait is over is reported as
    /// [`DbError::Busy`] ("not saved, try again"): the change is never silently dropped.
    ///
    /// Only `BEGIN IMMEDIATE` waits: it takes the write lock before the transaction reads
    /// anything, so a write can never meet SQLITE_BUSY_SNAPSHOT (a read transaction that
    /// cannot be upgraded), which no busy handler can wait out.
    pub fn write<T>(
        &mut self,
        actor: &Actor,
        mut work: impl FnMut(&Transaction<'_>) -> Result<(T, AuditNote), DbError>,
    ) -> Result<T, DbError> {
        if let Some(reason) = &self.read_only {
            return Err(DbError::ReadOnly(reason.clone()));
        }
        self.one_transaction(actor, &mut work).map_err(
            |e| {
                if e.is_busy() { DbError::Busy } else { e }
            },
        )
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

    /// The transaction itself, timed for [`Store::take_lock_timing`]. Dropped without
    /// `COMMIT` (the work failed), it rolls back.
    fn one_transaction<T>(
        &self,
        actor: &Actor,
        work: &mut impl FnMut(&Transaction<'_>) -> Result<(T, AuditNote), DbError>,
    ) -> Result<T, DbError> {
        let asked = Instant::now();
        self.last_lock.set(None);
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let got = Instant::now();
        let result = (|| {
            let (value, note) = work(&tx)?;
            audit::append(&tx, actor, &note, &self.clock().stamp())?;
            tx.commit()?;
            Ok(value)
        })();
        self.last_lock.set(Some(LockTiming {
            waited: got - asked,
            held: got.elapsed(),
        }));
        result
    }

    /// The lock timing of the last write, if it got the lock and nobody took it yet.
    pub fn take_lock_timing(&mut self) -> Option<LockTiming> {
        self.last_lock.take()
    }
}
