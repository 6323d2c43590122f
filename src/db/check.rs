//! `gasdesk check`: what the triggers cannot guarantee once someone with the sqlite3
//! shell has dropped one. SQLite's own integrity and foreign-key checks; the schema's
//! triggers and indexes exactly as the migrations define them; the money tables' own
//! consistency ([`super::cash::ledger_faults`]); every receipt against the audit row
//! written with it; the audit hash chain; and the chain's head against the heads
//! recorded at every day close and in backups.

use crate::db::Reads;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::audit::{self, ChainBreak};
use super::backup::{ChainHead, recorded_head};
use super::cash::{LedgerFault, ledger_faults};
use super::{DbError, functions, migrate};

/// One thing wrong in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Integrity(String),
    ForeignKeys(String),
    /// A trigger or index the schema defines is not there.
    SchemaMissing {
        kind: String,
        name: String,
    },
    /// A trigger or index is there with other SQL than the schema's.
    SchemaChanged {
        kind: String,
        name: String,
    },
    /// A trigger or index the schema does not define.
    SchemaExtra {
        kind: String,
        name: String,
    },
    Ledger(LedgerFault),
    /// A receipt with no audit row written with it.
    ReceiptUnaudited {
        receipt_no: String,
    },
    /// A receipt whose amount, method or account differs from its audit row.
    ReceiptDiffers {
        receipt_no: String,
        field: ReceiptField,
    },
    /// An audit row records a receipt that is not there (deleted).
    ReceiptGone {
        receipt_no: String,
    },
    ChainBroken(ChainBreak),
    /// The chain no longer holds the head recorded when a business day closed.
    DayHead {
        office_code: String,
        day: String,
        id: i64,
    },
    /// A closed day's stored report no longer hashes to its digest, or its digest is
    /// not the one the day's close audited.
    DayReport {
        office_code: String,
        day: String,
        fault: ReportFault,
    },
    /// An account's holder history has a gap or an overlap, a transfer left no period,
    /// or a carried balance does not balance.
    Holders(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFault {
    /// The figures were changed after the digest was stored.
    Digest,
    /// Figures and digest were replaced together: the close's audit row names another.
    Audit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptField {
    Amount,
    Method,
    Account,
}

/// Everything `check` found, and the length of a sound chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Audit rows verified, when the chain is whole.
    pub chain_rows: Option<u64>,
}

/// Audit actions that write a receipt, each with the receipt's number as `entity_id`.
/// (`card_reissue` writes one only when a fee is taken; its other rows name the meter.)
const RECEIPT_ACTIONS: &str =
    "('pay_bills', 'pay_advance', 'top_up', 'card_reissue', 'install_fee', 'void',
     'refund', 'transfer_fee')";

pub fn run(db: &impl Reads) -> Result<Report, DbError> {
    let conn = db.connection(crate::db::key());
    let mut findings = Vec::new();
    let integrity = strings(conn, "PRAGMA integrity_check")?;
    if integrity != ["ok"] {
        findings.push(Finding::Integrity(integrity.join("; ")));
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} rowid {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?
            ))
        })?
        .collect::<Result<_, _>>()?;
    if !fk.is_empty() {
        findings.push(Finding::ForeignKeys(fk.join("; ")));
    }
    findings.extend(schema_findings(conn)?);
    findings.extend(
        ledger_faults(conn)
            .map_err(|e| DbError::Rule(e.to_string()))?
            .into_iter()
            .map(Finding::Ledger),
    );
    findings.extend(receipt_findings(conn)?);
    findings.extend(
        super::transfer::history_faults(conn)?
            .into_iter()
            .map(Finding::Holders),
    );
    let chain_rows = match audit::verify_chain(conn)? {
        Ok(rows) => Some(rows),
        Err(brk) => {
            findings.push(Finding::ChainBroken(brk));
            None
        }
    };
    findings.extend(day_head_findings(conn)?);
    findings.extend(day_report_findings(conn)?);
    Ok(Report {
        findings,
        chain_rows,
    })
}

fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>, DbError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

type SchemaObjects = BTreeMap<(String, String), Option<String>>;

fn triggers_and_indexes(conn: &Connection) -> Result<SchemaObjects, DbError> {
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index')")?;
    let rows = stmt
        .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The file's triggers and indexes against those of a schema built fresh by this binary.
fn schema_findings(conn: &Connection) -> Result<Vec<Finding>, DbError> {
    let fresh = Connection::open_in_memory()?;
    functions::register(&fresh)?;
    for sql in migrate::MIGRATIONS {
        fresh.execute_batch(sql)?;
    }
    let expected = triggers_and_indexes(&fresh)?;
    let found = triggers_and_indexes(conn)?;
    let mut findings = Vec::new();
    for ((kind, name), sql) in &expected {
        let key = (kind.clone(), name.clone());
        match found.get(&key) {
            None => findings.push(Finding::SchemaMissing {
                kind: kind.clone(),
                name: name.clone(),
            }),
            Some(actual) if actual != sql => findings.push(Finding::SchemaChanged {
                kind: kind.clone(),
                name: name.clone(),
            }),
            Some(_) => {}
        }
    }
    for (kind, name) in found.keys() {
        if !expected.contains_key(&(kind.clone(), name.clone())) {
            findings.push(Finding::SchemaExtra {
                kind: kind.clone(),
                name: name.clone(),
            });
        }
    }
    Ok(findings)
}

/// What the audit row written with a receipt says about it. Rows written before the
/// audit carried a field leave it out; those fields are not compared.
struct Audited {
    total: Option<i64>,
    method: Option<String>,
    account: Option<i64>,
}

fn receipt_findings(conn: &Connection) -> Result<Vec<Finding>, DbError> {
    let mut audited: HashMap<String, Audited> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT entity_id, json_extract(detail, '$.total_fen'), json_extract(detail, '$.method'),
                json_extract(detail, '$.account')
         FROM audit WHERE entity = 'receipt' AND action IN {RECEIPT_ACTIONS}
           AND json_valid(detail) ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(receipt_no) = r.get::<_, Option<String>>(0)? else {
            continue;
        };
        audited.entry(receipt_no).or_insert(Audited {
            total: r.get(1)?,
            method: r.get(2)?,
            account: r.get(3)?,
        });
    }
    let mut findings = Vec::new();
    let mut stmt =
        conn.prepare("SELECT receipt_no, total_fen, method, account_id FROM receipt ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let receipt_no: String = r.get(0)?;
        let (total, method, account): (i64, String, i64) = (r.get(1)?, r.get(2)?, r.get(3)?);
        let Some(audit) = audited.remove(&receipt_no) else {
            findings.push(Finding::ReceiptUnaudited { receipt_no });
            continue;
        };
        let differs = [
            (
                audit.total.is_some_and(|t| t != total),
                ReceiptField::Amount,
            ),
            (
                audit.method.as_deref().is_some_and(|m| m != method),
                ReceiptField::Method,
            ),
            (
                audit.account.is_some_and(|a| a != account),
                ReceiptField::Account,
            ),
        ];
        for (_, field) in differs.into_iter().filter(|(bad, _)| *bad) {
            findings.push(Finding::ReceiptDiffers {
                receipt_no: receipt_no.clone(),
                field,
            });
        }
    }
    let mut gone: Vec<String> = audited.into_keys().collect();
    gone.sort();
    findings.extend(
        gone.into_iter()
            .map(|receipt_no| Finding::ReceiptGone { receipt_no }),
    );
    Ok(findings)
}

/// Every closed day's recorded head must still be the row it names, with its hash.
fn day_head_findings(conn: &Connection) -> Result<Vec<Finding>, DbError> {
    let mut stmt = conn.prepare(
        "SELECT o.code, d.day, d.audit_head_id FROM business_day d
         JOIN office o ON o.id = d.office_id
         WHERE d.audit_head_id IS NOT NULL
           AND (d.audit_head_id > 0 OR d.audit_head_hash IS NOT ?1)
           AND d.audit_head_hash IS NOT (SELECT a.row_hash FROM audit a
                                         WHERE a.id = d.audit_head_id)
         ORDER BY d.id",
    )?;
    let rows = stmt
        .query_map([audit::GENESIS_HASH], |r| {
            Ok(Finding::DayHead {
                office_code: r.get(0)?,
                day: r.get(1)?,
                id: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Every frozen day-end report against its digest, and the digest against the one the
/// day's close wrote into the audit chain (closes before that was audited are compared
/// with their own digest only).
fn day_report_findings(conn: &Connection) -> Result<Vec<Finding>, DbError> {
    let mut stmt = conn.prepare(
        "SELECT o.code, d.day, r.figures, r.sha256,
                (SELECT json_extract(a.detail, '$.report_sha256') FROM audit a
                 WHERE a.entity = 'business_day' AND a.action = 'day_close'
                   AND a.entity_id = CAST(d.id AS TEXT)
                 ORDER BY a.id DESC LIMIT 1)
         FROM day_report r
         JOIN business_day d ON d.id = r.business_day_id
         JOIN office o ON o.id = d.office_id
         ORDER BY d.id",
    )?;
    let mut findings = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let figures: String = r.get(2)?;
        let sha: String = r.get(3)?;
        let audited: Option<String> = r.get(4)?;
        let fault = if !super::report::digest_holds(&figures, &sha) {
            Some(ReportFault::Digest)
        } else if audited.is_some_and(|a| a != sha) {
            Some(ReportFault::Audit)
        } else {
            None
        };
        if let Some(fault) = fault {
            findings.push(Finding::DayReport {
                office_code: r.get(0)?,
                day: r.get(1)?,
                fault,
            });
        }
    }
    Ok(findings)
}

/// How a backup's recorded head compares with this database's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupHead {
    /// The row the backup recorded is here with the same hash.
    Matches(ChainHead),
    /// The row is missing or its hash differs: the chain was rewritten since.
    Differs(ChainHead),
    /// The file records no head (not made by `gasdesk backup`).
    NotRecorded,
}

/// Compares the head recorded in the backup at `path` with the chain `conn` reads.
/// The backup is opened read-only and refused unless it is a gasdesk file.
pub fn against_backup(db: &impl Reads, path: &Path) -> Result<BackupHead, DbError> {
    let conn = db.connection(crate::db::key());
    super::refuse_empty(path)?;
    let backup = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| DbError::open(path, e))?;
    super::check_identity(&backup, path, super::Opening::Existing)?;
    let Some(head) = recorded_head(&backup)? else {
        return Ok(BackupHead::NotRecorded);
    };
    let here: Option<String> = if head.id == 0 {
        Some(audit::GENESIS_HASH.to_string())
    } else {
        rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT row_hash FROM audit WHERE id = ?1",
            [head.id],
            |r| r.get(0),
        ))?
    };
    Ok(if here.as_deref() == Some(head.hash.as_str()) {
        BackupHead::Matches(head)
    } else {
        BackupHead::Differs(head)
    })
}
