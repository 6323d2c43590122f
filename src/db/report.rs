//! Reports in the store: the rows of a day-end loaded for `report::day::compute`, the
//! figure as frozen at the day's close (`day_report`, migration 011), the period
//! report's business lines per office and month, who may read which office, and the
//! audit row of every export.
//!
//! **Freezing.** A closed day's report is computed once, inside the transaction that
//! closes the day, and stored with its SHA-256; printing the day again reads it back.
//! Money rows alone would allow computing it again from the rows dated that day (they
//! are append-only, and a later refund is a receipt of the day it is made), but other
//! parts of the day-end are states that move on after the close: a card write pending
//! at close is written the next morning, a care visit is recorded days later with the
//! visit's date, a shift count may be superseded on a later reopening while the day is
//! open, and a later binary may compute a figure differently. Storing the figures keeps
//! what the manager signed at close.

pub mod business;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::queue::{BusinessDay, QueueError};
use super::{Actor, AuditNote, DbError, Reads, Store};
use crate::domain::queue::QueueRules;
use crate::domain::role::Role;
use crate::i18n::{self, Lang, Localized};
use crate::report::day::{
    self, AuditHead, CardWriteLine, DayReport, DayRows, OfficeRef, ReceiptRow, ShiftRow,
};
use crate::report::period::{self, Column, PeriodReport};

/// The longest period report, in years.
pub const MAX_YEARS: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("reports are for managers and administrators")]
    NotAllowed,
    #[error("a manager sees only their own office ({0})")]
    OtherOffice(i64),
    #[error("office {office} had no business day on {date}")]
    NoDay { office: String, date: NaiveDate },
    #[error("no such office: {0}")]
    UnknownOffice(String),
    #[error("the range is backwards or too long")]
    BadRange,
    #[error("the frozen report of business day {0} does not match its checksum")]
    Tampered(i64),
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for ReportError {
    fn from(e: rusqlite::Error) -> Self {
        ReportError::Db(DbError::Sqlite(e))
    }
}

impl Localized for ReportError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ReportError::NotAllowed => i18n::RPT_NOT_ALLOWED.get(lang).to_string(),
            ReportError::OtherOffice(o) => i18n::RPT_OTHER_OFFICE.fill(lang, &[("office", o)]),
            ReportError::NoDay { office, date } => {
                i18n::RPT_NO_DAY.fill(lang, &[("office", office), ("date", date)])
            }
            ReportError::UnknownOffice(o) => {
                i18n::RPT_BAD_OFFICE.fill(lang, &[("office", &crate::domain::text::sanitize(o))])
            }
            ReportError::BadRange => i18n::RPT_BAD_RANGE.fill(lang, &[("years", &MAX_YEARS)]),
            ReportError::Tampered(_) => self.to_string(),
            ReportError::Queue(e) => e.localized(lang),
            ReportError::Db(e) => e.localized(lang),
        }
    }
}

/// Which offices' reports `actor` may read: an administrator all, a manager their own (a
/// trainer their own on the demo database).
pub fn require_access(
    store: &Store,
    actor: &Actor,
    office: Option<i64>,
) -> Result<(), ReportError> {
    match actor.role {
        Role::Admin => Ok(()),
        Role::Manager => own_office(actor, office),
        Role::Trainer if store.is_demo() => own_office(actor, office),
        _ => Err(ReportError::NotAllowed),
    }
}

fn own_office(actor: &Actor, office: Option<i64>) -> Result<(), ReportError> {
    let own = actor.office_id.ok_or(ReportError::NotAllowed)?;
    if office == Some(own) {
        Ok(())
    } else {
        Err(ReportError::OtherOffice(own))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn office_ref(conn: &Connection, office_id: i64) -> Result<OfficeRef, ReportError> {
    conn.prepare_cached("SELECT id, code, name_zh, name_en, mobile FROM office WHERE id = ?1")?
        .query_row([office_id], |r| {
            Ok(OfficeRef {
                id: r.get(0)?,
                code: r.get(1)?,
                name_zh: r.get(2)?,
                name_en: r.get(3)?,
                mobile: r.get::<_, i64>(4)? != 0,
            })
        })
        .optional()?
        .ok_or_else(|| ReportError::UnknownOffice(office_id.to_string()))
}

/// Every office, in id order.
pub fn offices(db: &impl Reads) -> Result<Vec<OfficeRef>, ReportError> {
    let conn = db.connection(super::key());
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM office ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| office_ref(conn, id)).collect()
}

fn who(conn: &Connection, staff_id: Option<i64>) -> rusqlite::Result<Option<String>> {
    let Some(id) = staff_id else { return Ok(None) };
    conn.prepare_cached("SELECT staff_no || ' ' || name FROM staff WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}

/// The rows of a business day's report, read now.
pub fn day_rows(
    db: &impl Reads,
    rules: &QueueRules,
    day: &BusinessDay,
) -> Result<DayRows, ReportError> {
    let conn = db.connection(super::key());
    let office = office_ref(conn, day.office_id)?;
    let head: Option<AuditHead> = conn
        .prepare_cached(
            "SELECT audit_head_id, audit_head_hash FROM business_day
             WHERE id = ?1 AND audit_head_hash IS NOT NULL",
        )?
        .query_row([day.id], |r| {
            Ok(AuditHead {
                id: r.get(0)?,
                hash: r.get(1)?,
            })
        })
        .optional()?;
    let mut shifts: Vec<ShiftRow> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT s.id, s.counter_no, st.staff_no || ' ' || st.name, s.state, s.float_fen,
                    (SELECT c.id FROM shift_close c WHERE c.shift_id = s.id
                     ORDER BY c.id DESC LIMIT 1)
             FROM cash_shift s JOIN staff st ON st.id = s.staff_id
             WHERE s.business_day_id = ?1 ORDER BY s.counter_no, s.id",
        )?;
        let mut rows = stmt.query([day.id])?;
        while let Some(r) = rows.next()? {
            let state: String = r.get(3)?;
            let close: Option<i64> = r.get(5)?;
            let (counted, reason) = match close.filter(|_| state == "closed") {
                Some(c) => {
                    let counted: Vec<(String, i64)> = conn
                        .prepare_cached(
                            "SELECT method, counted_fen FROM shift_close_method
                             WHERE close_id = ?1",
                        )?
                        .query_map([c], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<_, _>>()?;
                    let reason: Option<String> = conn
                        .prepare_cached("SELECT reason FROM shift_close WHERE id = ?1")?
                        .query_row([c], |r| r.get(0))?;
                    (Some(counted), reason.filter(|s| !s.is_empty()))
                }
                None => (None, None),
            };
            shifts.push(ShiftRow {
                id: r.get(0)?,
                counter_no: r.get(1)?,
                staff: r.get(2)?,
                state,
                float_fen: r.get(4)?,
                counted,
                reason,
            });
        }
    }
    let receipts: Vec<ReceiptRow> = conn
        .prepare_cached(
            "SELECT r.receipt_no, r.year, r.seq, r.kind, r.method, r.total_fen, r.shift_id,
                    s.staff_no || ' ' || s.name, o.receipt_no, r.reason,
                    a.staff_no || ' ' || a.name
             FROM receipt r JOIN staff s ON s.id = r.staff_id
             LEFT JOIN receipt o ON o.id = r.reverses_id
             LEFT JOIN staff a ON a.id = r.approved_by
             WHERE r.business_day_id = ?1 ORDER BY r.id",
        )?
        .query_map([day.id], |r| {
            Ok(ReceiptRow {
                receipt_no: r.get(0)?,
                year: r.get(1)?,
                seq: r.get(2)?,
                kind: r.get(3)?,
                method: r.get(4)?,
                total_fen: r.get(5)?,
                shift_id: r.get(6)?,
                staff: r.get(7)?,
                original_no: r.get(8)?,
                reason: r.get(9)?,
                approver: r.get(10)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let card_writes: Vec<CardWriteLine> = conn
        .prepare_cached(
            "SELECT r.receipt_no, m.serial, w.state, w.attempts, w.volume_litres
             FROM card_write w JOIN meter m ON m.id = w.meter_id
             LEFT JOIN ledger_entry e ON e.id = w.entry_id
             JOIN receipt r ON r.id = coalesce(e.receipt_id, w.fee_receipt_id)
             JOIN business_day d ON d.id = r.business_day_id
             WHERE w.state IN ('pending', 'failed') AND d.office_id = ?1 AND d.day <= ?2
             ORDER BY w.id",
        )?
        .query_map((day.office_id, day.day.to_string()), |r| {
            Ok(CardWriteLine {
                receipt_no: r.get(0)?,
                meter_serial: r.get(1)?,
                state: r.get(2)?,
                attempts: r.get(3)?,
                litres: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let events = super::stats::day_events(conn, rules, day.id)?;
    let staff: BTreeMap<i64, String> = conn
        .prepare_cached(
            "SELECT id, staff_no || ' ' || name FROM staff WHERE id IN
             (SELECT staff_id FROM ticket_event WHERE business_day_id = ?1)",
        )?
        .query_map([day.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let date = day.day.to_string();
    let business = business::lines(
        conn,
        &business::Scope {
            office_id: day.office_id,
            from: date.clone(),
            to: date.clone(),
        },
    )?;
    Ok(DayRows {
        office,
        date,
        opened_at: day.opened_at,
        closed_at: day.closed_at,
        closed_by: who(conn, day.closed_by)?,
        audit_head: head,
        shifts,
        receipts,
        card_writes,
        events,
        staff,
        business,
    })
}

/// Computes the day's report in the closing transaction and stores it (the day must be
/// closed already in this transaction), returning its SHA-256 for the close's audit row.
/// `close_day` calls it; so does the bench's generator, which writes its days in plain
/// SQL.
pub fn freeze(
    tx: &rusqlite::Transaction<'_>,
    rules: &QueueRules,
    day: &BusinessDay,
) -> Result<String, ReportError> {
    let rows = day_rows(tx, rules, day)?;
    let report = day::compute(&rows, rules);
    let json = report.to_json();
    let sha = hex(&Sha256::digest(json.as_bytes()));
    let business = serde_json::to_string(&report.business).unwrap_or_default();
    tx.prepare_cached(
        "INSERT INTO day_report (business_day_id, format, figures, sha256, at, business)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        day.id,
        day::FORMAT,
        &json,
        &sha,
        super::queue::fmt_time(day.closed_at.unwrap_or(day.opened_at)),
        &business,
    ))?;
    Ok(sha)
}

/// Whether the stored figures still hash to the digest stored beside them.
pub(crate) fn digest_holds(figures: &str, sha256: &str) -> bool {
    hex(&Sha256::digest(figures.as_bytes())) == sha256
}

/// The stored report of a closed day, if it was frozen (days closed before schema v11
/// were not).
pub fn frozen(db: &impl Reads, business_day_id: i64) -> Result<Option<DayReport>, ReportError> {
    let conn = db.connection(super::key());
    let stored: Option<(String, String)> = conn
        .prepare_cached("SELECT figures, sha256 FROM day_report WHERE business_day_id = ?1")?
        .query_row([business_day_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((json, sha)) = stored else {
        return Ok(None);
    };
    if !digest_holds(&json, &sha) {
        return Err(ReportError::Tampered(business_day_id));
    }
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|_| ReportError::Tampered(business_day_id))
}

/// The day-end of an office: as frozen at close, or (an open day, or one closed before
/// reports were frozen) computed from the rows now.
pub fn day_report(
    store: &Store,
    actor: &Actor,
    rules: &QueueRules,
    office_id: i64,
    date: NaiveDate,
) -> Result<DayReport, ReportError> {
    require_access(store, actor, Some(office_id))?;
    let office = office_ref(store.connection(super::key()), office_id)?;
    let day = super::queue::day_by_date(store, office_id, date)?.ok_or(ReportError::NoDay {
        office: office.name_zh.clone(),
        date,
    })?;
    if day.closed_at.is_some()
        && let Some(r) = frozen(store, day.id)?
    {
        return Ok(r);
    }
    Ok(day::compute(&day_rows(store, rules, &day)?, rules))
}

/// The business days of an office in a range that have a report, newest first.
pub fn days_with_reports(
    db: &impl Reads,
    office_id: i64,
    limit: usize,
) -> Result<Vec<(NaiveDate, bool)>, ReportError> {
    let conn = db.connection(super::key());
    let rows: Vec<(String, bool)> = conn
        .prepare_cached(
            "SELECT day, closed_at IS NOT NULL FROM business_day WHERE office_id = ?1
             ORDER BY day DESC LIMIT ?2",
        )?
        .query_map((office_id, i64::try_from(limit).unwrap_or(i64::MAX)), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, c)| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .ok()
                .map(|d| (d, c))
        })
        .collect())
}

/// The period report of one office (`Some`) or all, from `from` to `to` inclusive: for
/// the providers dated by business day, the sum of each closed day's lines as frozen at
/// its close (so the period agrees with the day-ends printed, and reads a few hundred
/// small rows instead of every receipt and event of the month), and the lines of the
/// days not frozen read from their rows; the other providers read for the span.
pub fn period_report(
    store: &Store,
    actor: &Actor,
    office: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<PeriodReport, ReportError> {
    require_access(store, actor, office)?;
    if to < from || (to - from).num_days() > 366 * MAX_YEARS {
        return Err(ReportError::BadRange);
    }
    let conn = store.connection(super::key());
    let offices = match office {
        Some(id) => vec![office_ref(conn, id)?],
        None => offices(store)?,
    };
    // Per office: the business lines frozen at each closed day's close, and the days
    // without (open, or closed before schema v11), whose lines are read now.
    let mut days: Vec<Vec<(String, Option<Vec<crate::report::BusinessLine>>)>> = Vec::new();
    for o in &offices {
        let rows: Vec<(String, Option<String>)> = conn
            .prepare_cached(
                "SELECT d.day, r.business FROM business_day d
                 LEFT JOIN day_report r ON r.business_day_id = d.id
                 WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3 ORDER BY d.day",
            )?
            .query_map((o.id, from.to_string(), to.to_string()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        days.push(
            rows.into_iter()
                .map(|(d, b)| (d, b.and_then(|b| serde_json::from_str(&b).ok())))
                .collect(),
        );
    }
    let mut monthly = Vec::new();
    for (f, t) in period::months(from, to) {
        let (fs, ts) = (f.to_string(), t.to_string());
        let mut columns = Vec::with_capacity(offices.len());
        for (o, office_days) in offices.iter().zip(&days) {
            // Read whole for the span: the providers not dated by business day.
            let whole = business::lines_of(
                conn,
                &business::Scope {
                    office_id: o.id,
                    from: fs.clone(),
                    to: ts.clone(),
                },
                |p| !p.by_business_day,
            )?;
            let mut per_day = Vec::new();
            for (d, frozen) in office_days.iter().filter(|(d, _)| *d >= fs && *d <= ts) {
                per_day.push(match frozen {
                    Some(lines) => lines.clone(),
                    None => business::lines_of(
                        conn,
                        &business::Scope {
                            office_id: o.id,
                            from: d.clone(),
                            to: d.clone(),
                        },
                        |p| p.by_business_day,
                    )?,
                });
            }
            let mut lines: Vec<crate::report::BusinessLine> =
                crate::report::business::sum(per_day.iter().map(Vec::as_slice))
                    .into_iter()
                    .filter(|l| !whole.iter().any(|w| w.key == l.key))
                    .collect();
            if per_day.is_empty() {
                // No business day: the day-dated providers' lines, all zero.
                lines = business::lines_of(
                    conn,
                    &business::Scope {
                        office_id: o.id,
                        from: fs.clone(),
                        to: ts.clone(),
                    },
                    |p| p.by_business_day,
                )?;
            }
            lines.extend(whole);
            columns.push(Column {
                office_id: o.id,
                lines,
            });
        }
        monthly.push((f, t, columns));
    }
    Ok(period::assemble(from, to, offices, monthly))
}

/// What was exported, for its audit row.
#[derive(Debug, Clone)]
pub struct Export<'a> {
    /// `day` or `period`.
    pub kind: &'static str,
    pub office: Option<i64>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `text`, `csv`, `json`, `xlsx`, or `spool` for the printer.
    pub format: &'a str,
    pub bytes: &'a [u8],
}

/// Appends the audit row of an export: who, what, and the SHA-256 of the bytes written.
pub fn audit_export(store: &mut Store, actor: &Actor, e: &Export<'_>) -> Result<(), DbError> {
    let detail = serde_json::json!({
        "report": e.kind,
        "office": e.office.map_or_else(|| "all".to_string(), |o| o.to_string()),
        "from": e.from.to_string(), "to": e.to.to_string(), "format": e.format,
        "bytes": e.bytes.len(), "sha256": hex(&Sha256::digest(e.bytes)),
    });
    store.write(actor, |_| {
        Ok((
            (),
            AuditNote::new("report_export", "report", e.kind).detail(detail.clone()),
        ))
    })
}

/// A customer of an office as the demo's played days need one: the account, its IC-card
/// meter if any, and its open bills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCustomer {
    pub account_id: i64,
    pub ic_meter: Option<i64>,
    pub open_bills: Vec<i64>,
}

/// The first `limit` customers (by id) whose home is `office`, for the demo's cash days.
pub fn demo_customers(
    db: &impl Reads,
    office: i64,
    limit: i64,
) -> Result<Vec<DemoCustomer>, DbError> {
    let conn = db.connection(super::key());
    let ids: Vec<(i64, Option<i64>)> = conn
        .prepare(
            "SELECT a.id, (SELECT m.id FROM meter m WHERE m.account_id = a.id
                           AND m.kind = 'ic_card' ORDER BY m.id LIMIT 1)
             FROM account a WHERE a.home_office_id = ?1 ORDER BY a.id LIMIT ?2",
        )?
        .query_map([office, limit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut bills = conn
        .prepare("SELECT id FROM bill WHERE account_id = ?1 AND settled_by IS NULL ORDER BY id")?;
    ids.into_iter()
        .map(|(account_id, ic_meter)| {
            Ok(DemoCustomer {
                account_id,
                ic_meter,
                open_bills: bills
                    .query_map([account_id], |r| r.get(0))?
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect()
}

/// A ticket finished on a business day, from its `finished` event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedTicket {
    pub at: chrono::DateTime<chrono::Utc>,
    pub staff_id: Option<i64>,
    pub outcome: String,
}

/// The tickets finished on a business day, in order (for the demo's cash days).
pub fn finished_tickets(
    db: &impl Reads,
    business_day_id: i64,
) -> Result<Vec<FinishedTicket>, DbError> {
    let conn = db.connection(super::key());
    let rows: Vec<(String, Option<i64>, Option<String>)> = conn
        .prepare(
            "SELECT at, staff_id, json_extract(detail, '$.outcome') FROM ticket_event
             WHERE business_day_id = ?1 AND kind = 'finished' ORDER BY at, id",
        )?
        .query_map([business_day_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(at, staff_id, outcome)| {
            Ok(FinishedTicket {
                at: super::queue::parse_time(&at)?,
                staff_id,
                outcome: outcome.unwrap_or_default(),
            })
        })
        .collect()
}
