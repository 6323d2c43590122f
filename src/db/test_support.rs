//! Helpers for the store's unit tests.

use rusqlite::Connection;

/// Every statement of this connection that SQLite had to parse and plan again since it
/// was first prepared (see the note on `+?N` in `db::queue`).
pub fn reprepared(conn: &Connection) -> Vec<String> {
    use rusqlite::ffi;
    let mut found = Vec::new();
    // SAFETY: the handle is valid while `conn` is borrowed, no statement runs meanwhile,
    // and the text of a statement lives as long as the statement.
    unsafe {
        let db = conn.handle();
        let mut stmt = ffi::sqlite3_next_stmt(db, std::ptr::null_mut());
        while !stmt.is_null() {
            if ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 0) > 0 {
                let sql = std::ffi::CStr::from_ptr(ffi::sqlite3_sql(stmt));
                found.push(
                    sql.to_string_lossy()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            stmt = ffi::sqlite3_next_stmt(db, stmt);
        }
    }
    found
}

/// Resets the counts [`reprepared`] reads: statements prepared before a schema change
/// (a bulk load sets a trigger aside and back) are planned again once, rightly.
pub fn forget_reprepares(conn: &Connection) {
    use rusqlite::ffi;
    // SAFETY: as in `reprepared`; the last argument resets the counter.
    unsafe {
        let db = conn.handle();
        let mut stmt = ffi::sqlite3_next_stmt(db, std::ptr::null_mut());
        while !stmt.is_null() {
            ffi::sqlite3_stmt_status(stmt, ffi::SQLITE_STMTSTATUS_REPREPARE, 1);
            stmt = ffi::sqlite3_next_stmt(db, stmt);
        }
    }
}
