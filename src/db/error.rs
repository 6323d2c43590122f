//! Errors from the store, each with a message that tells the user what to do.

use std::path::PathBuf;

use rusqlite::ErrorCode;

use crate::domain::role::PermissionDenied;
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized};

use super::ReadOnlyReason;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("no database at {0}")]
    Missing(PathBuf),
    #[error("{0} already exists")]
    AlreadyExists(PathBuf),
    #[error("{0} is not a gasdesk database")]
    NotGasdesk(PathBuf),
    #[error("{0} has an unfinished rollback journal beside it")]
    HotJournal(PathBuf),
    #[error("{path} has schema version {found}; this gasdesk understands up to {supported}")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{0}: the file system does not support WAL mode")]
    NoWal(PathBuf),
    #[error("cannot open {0}: {1}")]
    Open(PathBuf, rusqlite::Error),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("the database stayed busy; the change was not saved")]
    Busy,
    #[error("the database is read-only: {0:?}")]
    ReadOnly(ReadOnlyReason),
    #[error(transparent)]
    Permission(#[from] PermissionDenied),
    #[error("backup {0} failed verification: {1}")]
    BackupDamaged(PathBuf, String),
    #[error("no staff number {0}")]
    NoSuchStaff(String),
    #[error("an administrator cannot disable their own login")]
    SelfDisable,
    #[error("{0} needs an upgrade but is read-only")]
    UpgradeNeedsWrite(PathBuf),
    /// An internal invariant failed; the message is for the developers' log.
    #[error("{0}")]
    Rule(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl DbError {
    pub(crate) fn open(path: &std::path::Path, e: rusqlite::Error) -> Self {
        DbError::Open(path.to_path_buf(), e)
    }

    /// SQLite says "file is not a database" for non-SQLite files, and refuses to read
    /// past a hot journal over a read-only connection; keep other errors as they are.
    pub(crate) fn not_gasdesk_or(path: &std::path::Path, e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => DbError::NotGasdesk(path.to_path_buf()),
            _ if matches!(&e, rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK) =>
            {
                DbError::HotJournal(path.to_path_buf())
            }
            _ => DbError::open(path, e),
        }
    }

    pub fn is_busy(&self) -> bool {
        match self {
            DbError::Busy => true,
            DbError::Sqlite(e) | DbError::Open(_, e) => matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            ),
            _ => false,
        }
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(self, DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
    }
}

impl Localized for DbError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            DbError::Missing(p) => i18n::DB_MISSING.fill(lang, &[("path", &p.display())]),
            DbError::AlreadyExists(p) => i18n::DB_EXISTS.fill(lang, &[("path", &p.display())]),
            DbError::NotGasdesk(p) => i18n::DB_NOT_GASDESK.fill(lang, &[("path", &p.display())]),
            DbError::HotJournal(p) => i18n::DB_HOT_JOURNAL.fill(lang, &[("path", &p.display())]),
            DbError::TooNew {
                path,
                found,
                supported,
            } => i18n::DB_TOO_NEW.fill(
                lang,
                &[
                    ("path", &path.display()),
                    ("found", found),
                    ("supported", supported),
                ],
            ),
            DbError::NoWal(p) => i18n::DB_NO_WAL.fill(lang, &[("path", &p.display())]),
            DbError::Open(p, e) => {
                i18n::DB_OPEN_FAILED.fill(lang, &[("path", &p.display()), ("reason", e)])
            }
            DbError::Io(p, e) => {
                i18n::DB_OPEN_FAILED.fill(lang, &[("path", &p.display()), ("reason", e)])
            }
            DbError::Busy => i18n::DB_BUSY.get(lang).to_string(),
            DbError::ReadOnly(_) => i18n::DB_READ_ONLY.get(lang).to_string(),
            DbError::Permission(p) => p.localized(lang),
            DbError::BackupDamaged(p, why) => {
                i18n::DB_BACKUP_DAMAGED.fill(lang, &[("path", &p.display()), ("reason", why)])
            }
            DbError::NoSuchStaff(no) => i18n::STAFF_UNKNOWN.fill(lang, &[("staff", &sanitize(no))]),
            DbError::SelfDisable => i18n::STAFF_SELF_DISABLE.get(lang).to_string(),
            DbError::UpgradeNeedsWrite(p) => {
                i18n::DB_UPGRADE_READ_ONLY.fill(lang, &[("path", &p.display())])
            }
            DbError::Rule(text) => i18n::DB_UNEXPECTED.fill(lang, &[("reason", text)]),
            DbError::Sqlite(e) => i18n::DB_UNEXPECTED.fill(lang, &[("reason", e)]),
        }
    }
}
