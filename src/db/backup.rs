//! Backups, and the permissions of the files gasdesk creates.
//!
//! A backup is `VACUUM INTO` a temporary name beside the destination: SQLite copies one
//! read transaction's snapshot, so writers at full speed neither restart nor stall it
//! (the online backup API starts over whenever another connection writes). The copy
//! records the audit chain's head in its `meta`, is verified, gets permissions no wider
//! than the source's, and only then appears under its name.

use crate::db::Reads;
use std::fs::{File, OpenOptions, Permissions};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::audit::{self, GENESIS_HASH};
use super::{APPLICATION_ID, DbError, Store};

/// Mode of a new database file before the umask: the service group may read and write
/// (every clerk's session runs as a member), the world nothing. SQLite gives the WAL and
/// shared-memory files the database file's mode.
pub const NEW_FILE_MODE: u32 = 0o660;

/// The audit chain's last row when a copy was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    /// 0 when the chain is empty.
    pub id: i64,
    pub hash: String,
}

/// `meta` keys a backup carries.
pub const META_HEAD_ID: &str = "backup_audit_head_id";
pub const META_HEAD_HASH: &str = "backup_audit_head_hash";
pub const META_TAKEN_AT: &str = "backup_taken_at";

/// Creates `path`, which must not exist, empty and without world access.
pub(super) fn create_private(path: &Path) -> Result<(), DbError> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(NEW_FILE_MODE)
        .open(path)
        .map(drop)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => DbError::AlreadyExists(path.to_path_buf()),
            _ => DbError::Io(path.to_path_buf(), e),
        })
}

/// The last audit row of the database `conn` reads.
pub fn chain_head(db: &impl Reads) -> Result<ChainHead, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .query_row(
            "SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(ChainHead {
                    id: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?
        .unwrap_or(ChainHead {
            id: 0,
            hash: GENESIS_HASH.to_string(),
        }))
}

/// The head a backup file recorded when it was taken.
pub fn recorded_head(db: &impl Reads) -> Result<Option<ChainHead>, DbError> {
    let conn = db.connection(crate::db::key());
    let value = |key: &str| -> Result<Option<String>, DbError> {
        Ok(conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    };
    match (value(META_HEAD_ID)?, value(META_HEAD_HASH)?) {
        (Some(id), Some(hash)) => Ok(Some(ChainHead {
            id: id
                .parse()
                .map_err(|_| DbError::Rule(format!("backup head id {id:?}")))?,
            hash,
        })),
        _ => Ok(None),
    }
}

/// A backup being written under its temporary name; removed unless it was finished.
struct Partial {
    path: PathBuf,
    done: bool,
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.done {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut name = self.path.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

impl Store {
    /// Copies the database to `dest`, which must not exist, and verifies the copy.
    /// Returns the audit chain's head the copy holds (also written into its `meta`).
    pub fn backup_to(&self, dest: &Path) -> Result<ChainHead, DbError> {
        if dest.exists() {
            return Err(DbError::AlreadyExists(dest.to_path_buf()));
        }
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dest.file_name().ok_or_else(|| {
            DbError::Io(dest.to_path_buf(), std::io::ErrorKind::InvalidInput.into())
        })?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".partial-{}", std::process::id()));
        let mut partial = Partial {
            path: dir.join(temp_name),
            done: false,
        };
        let temp = partial.path.clone();
        // Owner-only while it is written; the final permissions come last.
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)
            .map_err(|e| DbError::Io(temp.clone(), e))?;
        let temp_text = temp
            .to_str()
            .ok_or_else(|| DbError::Io(temp.clone(), std::io::ErrorKind::InvalidInput.into()))?;
        self.conn.execute("VACUUM INTO ?1", [temp_text])?;
        let head = {
            let copy = Connection::open_with_flags(
                &temp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| DbError::open(&temp, e))?;
            let head = chain_head(&copy)?;
            copy.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2), (?3, ?4), (?5, ?6)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (
                    META_HEAD_ID,
                    head.id.to_string(),
                    META_HEAD_HASH,
                    &head.hash,
                    META_TAKEN_AT,
                    super::now_utc(),
                ),
            )?;
            head
        };
        verify(&temp, &head)?;
        File::open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(|e| DbError::Io(temp.clone(), e))?;
        self.restrict_like_source(&temp)?;
        // A hard link appears atomically and never replaces a file that came meanwhile.
        std::fs::hard_link(&temp, dest).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => DbError::AlreadyExists(dest.to_path_buf()),
            _ => DbError::Io(dest.to_path_buf(), e),
        })?;
        partial.done = true;
        std::fs::remove_file(&temp).map_err(|e| DbError::Io(temp.clone(), e))?;
        let _ = File::open(dir).and_then(|d| d.sync_all());
        Ok(head)
    }

    /// The copy gets the source's group and at most its permissions, never more than
    /// [`NEW_FILE_MODE`]. When the group cannot be given (this user is not in it), only
    /// the owner keeps access: another group must not gain what the source's had.
    fn restrict_like_source(&self, copy: &Path) -> Result<(), DbError> {
        let source =
            std::fs::metadata(&self.path).map_err(|e| DbError::Io(self.path.clone(), e))?;
        let mut mode = source.mode() & NEW_FILE_MODE;
        let file = File::open(copy).map_err(|e| DbError::Io(copy.to_path_buf(), e))?;
        if std::os::unix::fs::fchown(&file, None, Some(source.gid())).is_err() {
            mode &= 0o600;
        }
        file.set_permissions(Permissions::from_mode(mode))
            .map_err(|e| DbError::Io(copy.to_path_buf(), e))
    }
}

/// Reads the copy over a read-only connection: a gasdesk file, sound, and its audit chain
/// whole up to the head it recorded.
fn verify(path: &Path, head: &ChainHead) -> Result<(), DbError> {
    let damaged = |why: String| DbError::BackupDamaged(path.to_path_buf(), why);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| DbError::open(path, e))?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(damaged(format!("application_id {app_id}")));
    }
    let rows: Vec<String> = conn
        .prepare("PRAGMA quick_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if rows != ["ok"] {
        return Err(damaged(rows.join("; ")));
    }
    match audit::verify_chain(&conn)? {
        Ok(count) if i64::try_from(count).ok() == Some(head.id) => {}
        Ok(count) => return Err(damaged(format!("{count} audit rows, head {}", head.id))),
        Err(brk) => return Err(damaged(format!("audit chain broken at row {}", brk.id))),
    }
    if recorded_head(&conn)?.as_ref() != Some(head) {
        return Err(damaged("audit head not recorded".into()));
    }
    Ok(())
}
