//! The only code that touches SQL.
//!
//! One long-lived connection per process. Every write is one `BEGIN IMMEDIATE`
//! transaction that also appends its audit row ([`Store::write`]); reads copy rows
//! out and let go, so no read transaction is held while a screen waits for a key.

pub mod account;
pub mod audit;
pub mod backup;
pub mod bulk;
pub mod care;
pub mod cash;
pub mod check;
mod error;
mod functions;
pub mod install;
mod migrate;
pub mod office;
pub mod queue;
pub mod report;
pub mod staff;
pub mod stats;
#[cfg(test)]
mod test_support;
pub mod transfer;
mod write;

pub use error::DbError;
pub use write::LockTiming;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use crate::domain::role::{self, Permission, Role};

/// What the read functions of `db` query: a [`Store`] anywhere, and inside `db` also the
/// connection or a transaction a write is running in.
///
/// The raw connection stays private to `db`: reaching it takes a [`Key`], which only
/// `db` can make, so every change made outside this module goes through a function
/// that checks the actor's permission and writes the audit row with it.
///
/// Reading through a store compiles:
/// ```
/// use gasdesk::db::{DbKind, Store};
/// let store = Store::in_memory(DbKind::Demo).unwrap();
/// assert_eq!(gasdesk::db::account::count(&store).unwrap(), 0);
/// ```
/// Reaching its connection does not:
/// ```compile_fail
/// use gasdesk::db::{DbKind, Store};
/// let store = Store::in_memory(DbKind::Demo).unwrap();
/// store.conn().execute("DELETE FROM audit", []).unwrap();
/// ```
/// Nor does making a key to ask for it:
/// ```compile_fail
/// use gasdesk::db::{DbKind, Key, Reads, Store};
/// let store = Store::in_memory(DbKind::Demo).unwrap();
/// store.connection(Key(())).execute("DELETE FROM audit", []).unwrap();
/// ```
pub trait Reads {
    #[doc(hidden)]
    fn connection(&self, key: Key) -> &Connection;
}

/// Proof that the caller is inside `db` ([`Reads`]); its field is private to this module.
pub struct Key(());

fn key() -> Key {
    Key(())
}

impl Reads for Store {
    fn connection(&self, _: Key) -> &Connection {
        &self.conn
    }
}

impl<T: Reads + ?Sized> Reads for &T {
    fn connection(&self, key: Key) -> &Connection {
        (**self).connection(key)
    }
}

impl<T: Reads + ?Sized> Reads for &mut T {
    fn connection(&self, key: Key) -> &Connection {
        (**self).connection(key)
    }
}

impl Reads for Connection {
    fn connection(&self, _: Key) -> &Connection {
        self
    }
}

impl Reads for rusqlite::Transaction<'_> {
    fn connection(&self, _: Key) -> &Connection {
        self
    }
}

/// `PRAGMA application_id` of a gasdesk database ("gasd").
pub const APPLICATION_ID: i32 = 0x6761_7364;
/// How long a statement waits for another connection's lock unless the config says
/// otherwise (`write_wait_ms`).
pub const DEFAULT_WRITE_WAIT: Duration = Duration::from_secs(5);
/// The busy handler's sleep between two tries at a lock. Measured with
/// `gasdesk bench load` (80 processes at 800 commits/s on two cores): 1 ms sleeps woke the
/// waiters so often that they starved the lock's holder of CPU (a commit held the lock
/// four times longer and throughput fell to 300/s); 4 ms kept up with 800/s.
pub const BUSY_SLEEP: Duration = Duration::from_millis(4);
/// The WAL is truncated back to this size after a checkpoint has emptied it.
const JOURNAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;

/// The write wait of this process, in milliseconds ([`set_write_wait`]).
static WRITE_WAIT_MS: AtomicU64 = AtomicU64::new(DEFAULT_WRITE_WAIT.as_millis() as u64);

/// Sets how long every connection of this process waits for a lock another connection
/// holds before its statement fails with SQLITE_BUSY (a write then reports
/// [`DbError::Busy`], "not saved"). Process-wide: `main` sets it from the config before
/// opening any database.
pub fn set_write_wait(limit: Duration) {
    let ms = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
    WRITE_WAIT_MS.store(ms, Ordering::Relaxed);
}

/// The write wait set by [`set_write_wait`], [`DEFAULT_WRITE_WAIT`] unless set.
pub fn write_wait() -> Duration {
    Duration::from_millis(WRITE_WAIT_MS.load(Ordering::Relaxed))
}

/// Which dataset a file holds. Set once when the file is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Live,
    Demo,
}

impl DbKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DbKind::Live => "live",
            DbKind::Demo => "demo",
        }
    }
}

/// Why writes are disabled for this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// The file (or its folder) cannot be written by this user.
    FileNotWritable,
    /// `PRAGMA quick_check` reported damage.
    DamageFound(String),
}

/// Who is acting, for permission checks and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub staff_id: Option<i64>,
    pub staff_no: String,
    pub role: Role,
    pub office_id: Option<i64>,
    pub counter_no: Option<i64>,
}

impl Actor {
    /// The installer or demo builder, before any staff exists.
    pub fn system() -> Self {
        Actor {
            staff_id: None,
            staff_no: "system".into(),
            role: Role::Admin,
            office_id: None,
            counter_no: None,
        }
    }

    pub fn require(&self, permission: Permission) -> Result<(), DbError> {
        role::require(self.role, permission).map_err(DbError::from)
    }
}

/// The error of an aggregate module: a store error, or one of its rules refusing.
pub trait RuleError: From<DbError> {
    /// The store error inside, or the rule refusal back.
    fn into_db(self) -> Result<DbError, Self>;
}

/// What a write changed, for the audit row appended in the same transaction.
#[derive(Debug, Clone)]
pub struct AuditNote {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: Option<String>,
    pub detail: serde_json::Value,
}

impl AuditNote {
    pub fn new(action: &'static str, entity: &'static str, entity_id: impl ToString) -> Self {
        AuditNote {
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            detail: serde_json::Value::Null,
        }
    }

    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    kind: DbKind,
    read_only: Option<ReadOnlyReason>,
    last_lock: Cell<Option<LockTiming>>,
    /// The time written into audit rows: the system's, or the same fixed instant the
    /// app and the tests use.
    clock: crate::clock::Clock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("read_only", &self.read_only)
            .finish()
    }
}

/// How much of the database file a connection maps into memory (SQLite caps it at its
/// compile-time maximum, 2 GB by default); the 2,000,000-account file is 1.2 GB.
const MMAP_SIZE: i64 = 2 << 30;

impl Store {
    /// Opens an existing gasdesk database, migrating it if it is older than this binary.
    /// A file that cannot be written opens read-only.
    pub fn open(path: &Path) -> Result<Store, DbError> {
        if !path.exists() {
            return Err(DbError::Missing(path.to_path_buf()));
        }
        let writable = is_writable(path);
        let flags = if writable {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } else {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        refuse_empty(path)?;
        let started = std::time::Instant::now();
        let mut store = loop {
            // Who the file belongs to is asked over a read-only connection first: one
            // that can write would play a hot journal (a copy cut off half way) back
            // into the file, or recover another program's WAL into it on close. A
            // read-only one refuses the hot journal instead (SQLITE_READONLY_ROLLBACK).
            let probed = identify(path, flags);
            let opened = probed.and_then(|()| {
                let conn =
                    Connection::open_with_flags(path, flags).map_err(|e| DbError::open(path, e))?;
                Store::configure(conn, path, writable, Opening::Existing)
            });
            match opened {
                // Opening while another process switches the file to WAL, or checkpoints
                // and removes the WAL as the last one out, fails with SQLITE_BUSY without
                // calling the busy handler. Every counter starts at once in the morning,
                // so wait and try again. Each step of `configure` is safe to repeat.
                Err(e) if e.is_busy() && started.elapsed() < write_wait() => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => break other?,
            }
        };
        if !writable {
            store.read_only = Some(ReadOnlyReason::FileNotWritable);
        }
        Ok(store)
    }

    /// Creates a new database file of the given kind. Refuses to touch an existing file.
    pub fn create(path: &Path, kind: DbKind) -> Result<Store, DbError> {
        if path.exists() {
            return Err(DbError::AlreadyExists(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Io(dir.to_path_buf(), e))?;
        }
        // Names, ID numbers and phones: never readable by the world.
        backup::create_private(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| DbError::open(path, e))?;
        let mut store = Store::configure(conn, path, true, Opening::New)?;
        store.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('kind', ?1), ('created_at', ?2)",
            (kind.as_str(), now_utc()),
        )?;
        store.kind = kind;
        Ok(store)
    }

    /// A fresh in-memory database for tests.
    pub fn in_memory(kind: DbKind) -> Result<Store, DbError> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store::configure(conn, Path::new(":memory:"), true, Opening::New)?;
        store.conn.execute(
            "INSERT INTO meta(key, value) VALUES ('kind', ?1), ('created_at', ?2)",
            (kind.as_str(), now_utc()),
        )?;
        store.kind = kind;
        Ok(store)
    }

    /// How a connection waits for a lock another connection holds: it sleeps
    /// [`BUSY_SLEEP`] and tries again, until the lock is free or [`write_wait`] (as set
    /// when the connection opened) has passed since its first try, as Rails' SQLite
    /// adapter does. SQLite's own handler (`busy_timeout`) sleeps longer the longer it
    /// has waited, up to 100 ms a sleep: under a steady stream of commits a writer that
    /// missed the lock a few times sleeps through many others' turns, and its wait grows
    /// far beyond what the lock's load explains (see the README's load figures).
    pub fn install_busy_handler(conn: &mut Connection) -> rusqlite::Result<()> {
        let limit = write_wait();
        let mut first_try = Instant::now();
        // SQLite passes how many times the handler has already run for this lock: 0
        // starts a new wait.
        conn.busy_handler(Some(move |count: i32| {
            let now = Instant::now();
            if count == 0 {
                first_try = now;
            }
            if now.duration_since(first_try) >= limit {
                return false;
            }
            std::thread::sleep(BUSY_SLEEP);
            true
        }))
    }

    /// What a connection doing counter work needs besides its busy handler, the store's
    /// own and the bare one of `gasdesk bench load` alike: durable commits, foreign keys,
    /// and a statement cache that holds a counter's whole cycle.
    ///
    /// Not SQLite's query planner stability guarantee, though it would spare writing
    /// compared values as `+?N` (see `db::queue`): search binds whole GLOB patterns
    /// (`138*`) and needs the planner to see them to use the phone and account-number
    /// indexes.
    ///
    /// Reads go through a memory map of the file: a search touches a few hundred pages
    /// of the index, and copying each out of the OS cache with `read()` into a private
    /// page cache was a third of its time (`gasdesk bench`, 2,000,000 accounts: several
    /// words p99 1.33 ms with `read()`, 0.94 ms mapped). The mapped pages are the OS
    /// cache itself, shared by all 80 processes, where 80 larger page caches would each
    /// hold a copy. Writes still go through the WAL.
    pub fn tune_connection(conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch(&format!(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = {MMAP_SIZE};"
        ))?;
        // rusqlite keeps 16 prepared statements by default; one counter's cycle of
        // issue, call, finish and pay uses about 30, and an evicted statement is parsed
        // and planned again inside the write lock.
        conn.set_prepared_statement_cache_capacity(64);
        Ok(())
    }

    /// A new database file left at schema version `version`, for tests of a migration.
    #[cfg(test)]
    pub(crate) fn create_at_version(path: &Path, kind: DbKind, version: i64) -> Store {
        let conn = Connection::open(path).expect("open");
        let mut store = Store::configure_to(conn, path, true, Opening::New, version).unwrap();
        store
            .conn
            .execute(
                "INSERT INTO meta(key, value) VALUES ('kind', ?1), ('created_at', ?2)",
                (kind.as_str(), now_utc()),
            )
            .unwrap();
        store.kind = kind;
        store
    }

    fn configure(
        conn: Connection,
        path: &Path,
        writable: bool,
        opening: Opening,
    ) -> Result<Store, DbError> {
        Store::configure_to(conn, path, writable, opening, migrate::latest_version())
    }

    fn configure_to(
        mut conn: Connection,
        path: &Path,
        writable: bool,
        opening: Opening,
        version: i64,
    ) -> Result<Store, DbError> {
        Store::install_busy_handler(&mut conn)?;
        check_identity(&conn, path, opening)?;
        if writable {
            // journal_mode cannot change inside a transaction, so it comes first.
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if mode != "wal" && path != Path::new(":memory:") {
                return Err(DbError::NoWal(path.to_path_buf()));
            }
        }
        Store::tune_connection(&conn)?;
        // SQLite checkpoints on its own (PASSIVE, after a commit leaves 1000 pages in the
        // WAL); the WAL file is cut back to the limit once a checkpoint has emptied it.
        conn.execute_batch(&format!(
            "PRAGMA trusted_schema = OFF;
             PRAGMA wal_autocheckpoint = 1000;
             PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT};"
        ))?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        functions::register(&conn)?;
        let mut conn = conn;
        migrate::migrate_to(&mut conn, path, writable, version)?;
        let kind = match conn
            .query_row("SELECT value FROM meta WHERE key = 'kind'", [], |r| {
                r.get::<_, String>(0)
            })
            .ok()
            .as_deref()
        {
            Some("demo") => DbKind::Demo,
            _ => DbKind::Live,
        };
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            kind,
            read_only: None,
            last_lock: Cell::new(None),
            clock: crate::clock::Clock::System,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn kind(&self) -> DbKind {
        self.kind
    }

    pub fn is_demo(&self) -> bool {
        self.kind == DbKind::Demo
    }

    pub fn read_only(&self) -> Option<&ReadOnlyReason> {
        self.read_only.as_ref()
    }

    /// Disables writes for the rest of the session (damage found by a background check).
    pub fn set_read_only(&mut self, reason: ReadOnlyReason) {
        self.read_only = Some(reason);
    }

    /// A setting of this store's connection (`journal_mode`, `synchronous`, …), read as
    /// text; only the settings listed here can be read, and none is changed.
    pub fn setting(&self, name: &str) -> Result<String, DbError> {
        const READABLE: &[&str] = &[
            "application_id",
            "busy_timeout",
            "foreign_keys",
            "journal_mode",
            "journal_size_limit",
            "mmap_size",
            "synchronous",
            "trusted_schema",
            "user_version",
            "wal_autocheckpoint",
        ];
        if !READABLE.contains(&name) {
            return Err(DbError::Rule(format!("no such setting: {name}")));
        }
        Ok(self
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| match v {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })?)
    }

    /// The raw connection for the crate's own unit tests, which look at rows no screen
    /// shows; shipped code cannot reach it.
    #[cfg(test)]
    pub(crate) fn raw_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for the aggregate modules of `db` only.
    pub(in crate::db) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Bumped whenever another connection commits; screens re-query only when it moves.
    pub fn data_version(&self) -> Result<i64, DbError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `PRAGMA quick_check`; `Ok(None)` when the file is sound.
    pub fn quick_check(&self) -> Result<Option<String>, DbError> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(if rows == ["ok"] {
            None
        } else {
            Some(rows.join("; "))
        })
    }

    /// Sets a metadata value (audited).
    pub fn set_meta(
        &mut self,
        actor: &Actor,
        key: &'static str,
        value: &str,
    ) -> Result<(), DbError> {
        self.write(actor, |tx| {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
            Ok((
                (),
                AuditNote::new("set_meta", "meta", key)
                    .detail(serde_json::json!({ "value": value })),
            ))
        })
    }

    /// Reads the time from `clock` from now on (the app hands the store its own clock).
    pub fn set_clock(&mut self, clock: crate::clock::Clock) {
        self.clock = clock;
    }

    pub fn clock(&self) -> crate::clock::Clock {
        self.clock
    }

    /// Whether each commit waits for the disk (`synchronous = FULL`, always for shared
    /// files). The demo builder turns it off while its file is still private.
    pub fn durable_commits(&self, durable: bool) -> Result<(), DbError> {
        self.conn.execute_batch(if durable {
            "PRAGMA synchronous = FULL;"
        } else {
            "PRAGMA synchronous = OFF;"
        })?;
        Ok(())
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, DbError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }
}

/// Whether [`Store::configure`] opens a file gasdesk just created or one that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opening {
    /// `init`, `demo` and tests: an empty file gets the schema.
    New,
    /// Everything else: only a file that already is a gasdesk database.
    Existing,
}

/// Refuses a file that is not a gasdesk database, before anything writes to it. Reading
/// the schema fails on a file that is not SQLite at all. One statement, so both values
/// come from one snapshot: read apart, another process's migration could commit in
/// between and make a new file look like another application's.
pub(crate) fn check_identity(
    conn: &Connection,
    path: &Path,
    opening: Opening,
) -> Result<(), DbError> {
    let (app_id, table_count): (i32, i64) = conn
        .query_row(
            "SELECT application_id, (SELECT count(*) FROM sqlite_schema)
             FROM pragma_application_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| DbError::not_gasdesk_or(path, e))?;
    let fresh = app_id == 0 && table_count == 0;
    if app_id == APPLICATION_ID || (fresh && opening == Opening::New) {
        Ok(())
    } else {
        Err(DbError::NotGasdesk(path.to_path_buf()))
    }
}

/// [`check_identity`] over a read-only connection of its own, closed at once.
fn identify(path: &Path, flags: OpenFlags) -> Result<(), DbError> {
    let read_only = (flags - OpenFlags::SQLITE_OPEN_READ_WRITE) | OpenFlags::SQLITE_OPEN_READ_ONLY;
    let mut conn =
        Connection::open_with_flags(path, read_only).map_err(|e| DbError::open(path, e))?;
    Store::install_busy_handler(&mut conn)?;
    check_identity(&conn, path, Opening::Existing)
}

/// An empty file is no database yet; only `init` and `demo` make one. Asked with
/// stat(2), which opens nothing (SQLite would also delete a `-journal` left beside an
/// empty file).
pub(crate) fn refuse_empty(path: &Path) -> Result<(), DbError> {
    let size = std::fs::metadata(path)
        .map_err(|e| DbError::Io(path.to_path_buf(), e))?
        .len();
    if size == 0 {
        return Err(DbError::NotGasdesk(path.to_path_buf()));
    }
    Ok(())
}

/// Process-wide SQLite settings, made once before the first connection opens. Memory
/// statistics are switched off: gasdesk never reads them, and keeping them takes a global
/// lock on every allocation, which the demo builder's two threads fight over.
pub fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config is only valid before sqlite3_initialize; `main` calls
        // this first, and Once keeps it to a single call. A failure (SQLite already
        // initialised) only leaves the statistics on.
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

/// Whether this process may write the file and create the WAL beside it.
///
/// Asked with access(2), never by opening the file: POSIX record locks belong to the
/// process, and closing *any* descriptor of the database file drops every lock this
/// process holds on it — including the shared lock of an open SQLite connection. Another
/// process closing its connection would then believe it was the last one and delete the
/// WAL under this process's feet, losing every later commit.
fn is_writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let may = |p: &Path, mode: libc::c_int| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            // SAFETY: a valid NUL-terminated path; access(2) only reads it.
            .is_ok_and(|c| unsafe { libc::access(c.as_ptr(), mode) } == 0)
    };
    may(path, libc::W_OK) && may(dir, libc::W_OK | libc::X_OK)
}

/// Registers gasdesk's SQL functions (the search index's tokenizers) on a connection of
/// its own, as the sqlite3 shell would load them: the bare side of `gasdesk bench load`
/// changes holders, which fires the search index's triggers.
pub fn register_sql_functions(conn: &Connection) -> Result<(), DbError> {
    functions::register(conn)?;
    Ok(())
}

/// Timestamps are stored as UTC RFC 3339 with milliseconds, so they sort as text.
pub fn now_utc() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}
