//! The audit trail: one row per change, chained by hash so an edited or removed row
//! is detectable even by someone who bypasses the triggers.

use crate::db::Reads;
use rusqlite::{OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use super::{Actor, AuditNote, DbError};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub staff_id: Option<i64>,
    pub staff_no: String,
    pub office_id: Option<i64>,
    pub counter_no: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub row_hash: String,
}

impl AuditRow {
    /// The hash covers every field but the row's own hash; fields are separated by a
    /// character that never appears in them (input text refuses control characters).
    fn compute_hash(&self) -> String {
        let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let fields = [
            self.id.to_string(),
            self.at.clone(),
            opt(self.staff_id),
            self.staff_no.clone(),
            opt(self.office_id),
            opt(self.counter_no),
            self.action.clone(),
            self.entity.clone(),
            self.entity_id.clone().unwrap_or_default(),
            self.detail.clone(),
            self.prev_hash.clone(),
        ];
        let mut hasher = Sha256::new();
        for field in &fields {
            hasher.update(field.as_bytes());
            hasher.update([0x1f]);
        }
        hex(&hasher.finalize())
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// Appends the audit row for `note`. Runs inside the writer's IMMEDIATE transaction, so
/// reading the previous hash and inserting cannot interleave with another process. Every
/// write of every process waits for this, so both statements stay prepared.
pub(super) fn append(
    tx: &Transaction<'_>,
    actor: &Actor,
    note: &AuditNote,
    at: &str,
) -> Result<(), DbError> {
    let last: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (last_id, prev_hash) = last.unwrap_or((0, GENESIS_HASH.to_string()));
    let mut row = AuditRow {
        id: last_id + 1,
        at: at.to_string(),
        staff_id: actor.staff_id,
        staff_no: actor.staff_no.clone(),
        office_id: actor.office_id,
        counter_no: actor.counter_no,
        action: note.action.to_string(),
        entity: note.entity.to_string(),
        entity_id: note.entity_id.clone(),
        detail: if note.detail.is_null() {
            "{}".to_string()
        } else {
            note.detail.to_string()
        },
        prev_hash,
        row_hash: String::new(),
    };
    row.row_hash = row.compute_hash();
    tx.prepare_cached(
        "INSERT INTO audit (id, at, staff_id, staff_no, office_id, counter_no, action, entity,
                            entity_id, detail, prev_hash, row_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(rusqlite::params![
        row.id,
        row.at,
        row.staff_id,
        row.staff_no,
        row.office_id,
        row.counter_no,
        row.action,
        row.entity,
        row.entity_id,
        row.detail,
        row.prev_hash,
        row.row_hash
    ])?;
    Ok(())
}

fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        id: r.get(0)?,
        at: r.get(1)?,
        staff_id: r.get(2)?,
        staff_no: r.get(3)?,
        office_id: r.get(4)?,
        counter_no: r.get(5)?,
        action: r.get(6)?,
        entity: r.get(7)?,
        entity_id: r.get(8)?,
        detail: r.get(9)?,
        prev_hash: r.get(10)?,
        row_hash: r.get(11)?,
    })
}

const SELECT: &str = "SELECT id, at, staff_id, staff_no, office_id, counter_no, action, entity,
                             entity_id, detail, prev_hash, row_hash FROM audit";

/// The most recent rows, newest first.
pub fn recent(db: &impl Reads, limit: usize) -> Result<Vec<AuditRow>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY id DESC LIMIT ?1"))?;
    let rows = stmt
        .query_map([limit as i64], row_from)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Rows about one entity, oldest first.
pub fn for_entity(
    db: &impl Reads,
    entity: &str,
    entity_id: &str,
) -> Result<Vec<AuditRow>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE entity = ?1 AND entity_id = ?2 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([entity, entity_id], row_from)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A break in the chain: the first row whose stored hash or link does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub id: i64,
    pub problem: ChainProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// The row's content no longer matches its hash (it was edited).
    HashMismatch,
    /// The row does not point at the previous row's hash (a row was removed or inserted).
    BrokenLink,
    /// Row ids are not consecutive (a row was removed).
    Gap { expected: i64 },
}

/// Walks the whole chain; returns the number of rows checked or the first break.
pub fn verify_chain(db: &impl Reads) -> Result<Result<u64, ChainBreak>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut expected_id = 1;
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let row = row_from(r)?;
        let problem = if row.id != expected_id {
            Some(ChainProblem::Gap {
                expected: expected_id,
            })
        } else if row.prev_hash != prev_hash {
            Some(ChainProblem::BrokenLink)
        } else if row.compute_hash() != row.row_hash {
            Some(ChainProblem::HashMismatch)
        } else {
            None
        };
        if let Some(problem) = problem {
            return Ok(Err(ChainBreak {
                id: row.id,
                problem,
            }));
        }
        prev_hash = row.row_hash;
        expected_id += 1;
        count += 1;
    }
    Ok(Ok(count))
}
