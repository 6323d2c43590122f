//! Reads for the checklist, the worklist, the history and the slip.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::TransferError;
use crate::db::account::AccountSummary;
use crate::db::{DbError, Reads};
use crate::domain::money::Fen;
use crate::domain::transfer::{Bound, History, Period};

/// What the checklist needs to know about an account, as the store has it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Situation {
    pub account_id: i64,
    pub account_no: String,
    pub address: String,
    pub holder_name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub home_office_id: i64,
    pub owed: Fen,
    /// Bills settled since the current holder's period started, for the slip.
    pub settled_fen: Fen,
    pub balance: Fen,
    /// Advances refunded since the current holder's period started (a refund before the
    /// transfer), for the slip.
    pub refunded: Fen,
    pub has_postpaid: bool,
    /// Serials of post-paid meters with no reading on the transfer day.
    pub readings_missing: Vec<String>,
    /// `(serial, day, register litres)` of the transfer day's readings.
    pub final_readings: Vec<(String, String, i64)>,
    pub has_ic_card: bool,
    /// An open new-install application at the account's address (its number): the
    /// connection is still being built or changed, so the account does not pass yet.
    pub open_install: Option<String>,
    /// A card write not yet on the card (pending or failed): the receipt of the purchase
    /// it carries, or `None` inside for a card reissue. The old holder paid for that gas,
    /// and the transfer's new card would be written at the count before it.
    pub card_unfinished: Option<Option<String>>,
}

/// [`situation`] for a transaction or connection inside `db`.
pub(super) fn situation_in(
    conn: &Connection,
    account_id: i64,
    day: NaiveDate,
) -> Result<Situation, TransferError> {
    // An office's new-install holding account has no holder to hand on.
    if crate::db::cash::is_holding_account(conn, account_id)? {
        return Err(TransferError::Cash(
            crate::db::cash::CashError::HoldingAccount(account_id),
        ));
    }
    type Row = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        i64,
        String,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT account_no, address, holder_name, id_number, phone, status, home_office_id,
                    district
             FROM account WHERE id = +?1",
        )?
        .query_row([account_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .optional()?;
    let (account_no, address, holder_name, id_number, phone, status, office, district) =
        row.ok_or_else(|| TransferError::UnknownAccount(account_id.to_string()))?;
    let open_install: Option<String> = conn
        .prepare_cached(
            "SELECT app_no FROM install_application
             WHERE address = ?1 AND district = ?2 AND stage NOT IN ('completed', 'cancelled')
             ORDER BY id LIMIT 1",
        )?
        .query_row((&address, &district), |r| r.get(0))
        .optional()?;
    let card_unfinished: Option<Option<String>> = conn
        .prepare_cached(
            "SELECT r.receipt_no FROM card_write w
             JOIN meter m ON m.id = w.meter_id
             LEFT JOIN ledger_entry e ON e.id = w.entry_id
             LEFT JOIN receipt r ON r.id = e.receipt_id
             WHERE m.account_id = +?1 AND w.state IN ('pending', 'failed')
             ORDER BY w.id LIMIT 1",
        )?
        .query_row([account_id], |r| r.get(0))
        .optional()?;
    let money = crate::db::cash::account_money(conn, account_id)?;
    let day_text = day.format("%Y-%m-%d").to_string();
    let meters: Vec<(String, String, Option<i64>)> = conn
        .prepare_cached(
            "SELECT m.serial, m.kind,
                    (SELECT r.register_litres FROM meter_reading r
                     WHERE r.meter_id = m.id AND r.read_on = ?2)
             FROM meter m WHERE m.account_id = +?1 ORDER BY m.id",
        )?
        .query_map(rusqlite::params![account_id, day_text], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    let since: String = conn
        .prepare_cached(
            "SELECT coalesce((SELECT max(valid_to) FROM holder_history WHERE account_id = +?1),
                             (SELECT opened_on FROM account WHERE id = +?1))",
        )?
        .query_row([account_id], |r| r.get(0))?;
    let settled: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(e.amount_fen), 0) FROM ledger_entry e
             JOIN receipt r ON r.id = e.receipt_id
             WHERE e.account_id = +?1 AND e.kind = 'bill' AND r.at >= ?2
               AND NOT EXISTS (SELECT 1 FROM ledger_entry v WHERE v.reverses_id = e.id)",
        )?
        .query_row(rusqlite::params![account_id, since], |r| r.get(0))?;
    let refunded: i64 = conn
        .prepare_cached(
            "SELECT coalesce(-sum(e.amount_fen), 0) FROM ledger_entry e
             JOIN receipt r ON r.id = e.receipt_id
             JOIN ledger_entry orig ON orig.id = e.reverses_id
             WHERE e.account_id = +?1 AND e.kind = 'reversal' AND orig.kind = 'advance'
               AND r.at >= ?2",
        )?
        .query_row(rusqlite::params![account_id, since], |r| r.get(0))?;
    let postpaid = |kind: &str| kind == "mechanical" || kind == "iot";
    Ok(Situation {
        account_id,
        account_no,
        address,
        holder_name,
        id_number,
        phone,
        active: status == "active",
        home_office_id: office,
        owed: money.owed,
        settled_fen: Fen(settled),
        balance: money.balance,
        refunded: Fen(refunded),
        has_postpaid: meters.iter().any(|m| postpaid(&m.1)),
        readings_missing: meters
            .iter()
            .filter(|m| postpaid(&m.1) && m.2.is_none())
            .map(|m| m.0.clone())
            .collect(),
        final_readings: meters
            .iter()
            .filter_map(|m| m.2.map(|l| (m.0.clone(), day_text.clone(), l)))
            .collect(),
        has_ic_card: meters.iter().any(|m| m.1 == "ic_card"),
        open_install,
        card_unfinished,
    })
}

/// The account as the checklist sees it on transfer day `day`.
pub fn situation(
    db: &impl Reads,
    account_id: i64,
    day: NaiveDate,
) -> Result<Situation, TransferError> {
    situation_in(db.connection(crate::db::key()), account_id, day)
}

/// Advance receipts of the account not yet reversed, oldest first: the balance a refund
/// gives back.
pub(super) fn unreversed_advances(
    db: &impl Reads,
    account_id: i64,
) -> Result<Vec<i64>, TransferError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached(
            "SELECT r.id FROM receipt r WHERE r.account_id = +?1 AND r.kind = 'advance'
               AND NOT EXISTS (SELECT 1 FROM receipt v WHERE v.reverses_id = r.id)
             ORDER BY r.id",
        )?
        .query_map([account_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// A transfer waiting on an office's F6 worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingTransfer {
    pub id: i64,
    pub account_id: i64,
    pub account_no: String,
    pub address: String,
    pub source: String,
    pub registry_case_no: Option<String>,
    pub old_name: String,
    pub new_name: String,
    pub new_id_number: String,
    pub new_phone: String,
    pub new_household_size: u8,
    pub created_at: String,
}

const PENDING_SELECT: &str = "
    SELECT t.id, t.account_id, a.account_no, a.address, t.source, t.registry_case_no,
           t.old_name, t.new_name, t.new_id_number, t.new_phone, t.new_household_size,
           t.created_at
    FROM transfer t JOIN account a ON a.id = t.account_id";

fn pending_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<PendingTransfer> {
    Ok(PendingTransfer {
        id: r.get(0)?,
        account_id: r.get(1)?,
        account_no: r.get(2)?,
        address: r.get(3)?,
        source: r.get(4)?,
        registry_case_no: r.get(5)?,
        old_name: r.get(6)?,
        new_name: r.get(7)?,
        new_id_number: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        new_phone: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        new_household_size: r.get(10)?,
        created_at: r.get(11)?,
    })
}

/// The pending transfers of an office, oldest first (at most `limit`).
pub fn worklist(
    db: &impl Reads,
    office_id: i64,
    limit: usize,
) -> Result<Vec<PendingTransfer>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached(&format!(
            "{PENDING_SELECT} WHERE t.office_id = +?1 AND t.state = 'pending'
             ORDER BY t.id LIMIT +?2"
        ))?
        .query_map((office_id, limit as i64), pending_from)?
        .collect::<Result<_, _>>()?)
}

pub fn pending_of_account(
    db: &impl Reads,
    account_id: i64,
) -> Result<Option<PendingTransfer>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached(&format!(
            "{PENDING_SELECT} WHERE t.account_id = +?1 AND t.state = 'pending'"
        ))?
        .query_row([account_id], pending_from)
        .optional()?)
}

/// Other accounts held by the person with `id_number` (shown at a transfer, never a
/// refusal).
pub fn accounts_of_holder(
    db: &impl Reads,
    id_number: &str,
    except: i64,
) -> Result<Vec<AccountSummary>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached(
            "SELECT id, account_no, holder_name, phone, district, address, status
             FROM account WHERE id_number = ?1 AND id <> +?2 ORDER BY account_no LIMIT 20",
        )?
        .query_map((id_number, except), |r| {
            Ok(AccountSummary {
                id: r.get(0)?,
                account_no: r.get(1)?,
                holder_name: r.get(2)?,
                phone: r.get(3)?,
                district: r.get(4)?,
                address: r.get(5)?,
                status: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?)
}

/// A holder as the history lists them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HolderPeriod {
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    /// The opening day (`YYYY-MM-DD`) or the instant of the transfer (RFC 3339, UTC).
    pub from: String,
    /// `None` for the current holder.
    pub to: Option<String>,
    /// The transfer that ended the period.
    pub ended_by: Option<i64>,
}

fn bound(text: &str) -> Result<Bound, DbError> {
    if text.len() == 10 {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Bound::Opened)
            .map_err(|e| DbError::Rule(format!("holder period start {text:?}: {e}")))
    } else {
        crate::db::cash::parse_time(text)
            .map(Bound::At)
            .map_err(DbError::Sqlite)
    }
}

/// Who held the account, first to current; the current holder's period is open.
pub fn history(db: &impl Reads, account_id: i64) -> Result<Vec<HolderPeriod>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut rows: Vec<HolderPeriod> = conn
        .prepare_cached(
            "SELECT holder_name, id_number, phone, valid_from, valid_to, transfer_id
             FROM holder_history WHERE account_id = +?1 ORDER BY valid_to",
        )?
        .query_map([account_id], |r| {
            Ok(HolderPeriod {
                name: r.get(0)?,
                id_number: r.get(1)?,
                phone: r.get(2)?,
                from: r.get(3)?,
                to: Some(r.get(4)?),
                ended_by: Some(r.get(5)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    let current: Option<(String, Option<String>, Option<String>, String)> = conn
        .prepare_cached(
            "SELECT holder_name, id_number, phone, opened_on FROM account WHERE id = +?1",
        )?
        .query_row([account_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((name, id_number, phone, opened_on)) = current else {
        return Ok(Vec::new());
    };
    let from = rows.last().and_then(|p| p.to.clone()).unwrap_or(opened_on);
    rows.push(HolderPeriod {
        name,
        id_number,
        phone,
        from,
        to: None,
        ended_by: None,
    });
    Ok(rows)
}

/// The history as the domain's model, checked: no gap, no overlap.
pub fn history_model(
    db: &impl Reads,
    account_id: i64,
) -> Result<Option<History<HolderPeriod>>, DbError> {
    let rows = history(db, account_id)?;
    let Some((current, closed)) = rows.split_last() else {
        return Ok(None);
    };
    let opened = match bound(&rows[0].from)? {
        Bound::Opened(d) => d,
        Bound::At(_) => return Err(DbError::Rule("history starts at a transfer".into())),
    };
    let closed = closed
        .iter()
        .map(|p| {
            Ok(Period {
                holder: p.clone(),
                from: bound(&p.from)?,
                to: match &p.to {
                    Some(t) => match bound(t)? {
                        Bound::At(at) => Some(at),
                        Bound::Opened(_) => None,
                    },
                    None => None,
                },
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    History::from_parts(closed, current.clone(), opened)
        .map(Some)
        .map_err(|e| DbError::Rule(format!("account {account_id}: {e}")))
}

/// Who held the account during office day `day` (two or more on a transfer day).
pub fn holders_on(
    db: &impl Reads,
    account_id: i64,
    day: NaiveDate,
) -> Result<Vec<HolderPeriod>, DbError> {
    let offset = crate::domain::queue::builtin_rules()
        .utc_offset
        .local_minus_utc();
    Ok(history_model(db, account_id)?
        .map(|h| {
            h.holders_on(day, offset)
                .into_iter()
                .map(|p| p.holder.clone())
                .collect()
        })
        .unwrap_or_default())
}

/// Accounts whose holder history has a gap or an overlap, or whose transfers disagree
/// with it; for `gasdesk check`. Each finding names the account.
pub fn history_faults(db: &impl Reads) -> Result<Vec<String>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut faults = Vec::new();
    // Rows that do not start where the previous one of the account ended.
    let mut stmt = conn.prepare(
        "SELECT a.account_no, h.id FROM holder_history h JOIN account a ON a.id = h.account_id
         WHERE h.valid_from IS NOT coalesce(
             (SELECT max(p.valid_to) FROM holder_history p
              WHERE p.account_id = h.account_id AND p.valid_to < h.valid_to),
             a.opened_on)
            OR h.valid_to <= h.valid_from",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (account, id) = row?;
        faults.push(format!(
            "account {account}: holder period {id} does not chain"
        ));
    }
    // Every done transfer ended exactly one period.
    let mut stmt = conn.prepare(
        "SELECT a.account_no, t.id FROM transfer t JOIN account a ON a.id = t.account_id
         WHERE t.state = 'done'
           AND NOT EXISTS (SELECT 1 FROM holder_history h WHERE h.transfer_id = t.id)",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (account, id) = row?;
        faults.push(format!(
            "account {account}: transfer {id} left no holder period"
        ));
    }
    // A carried balance is two entries summing to zero, as the transfer recorded it.
    let mut stmt = conn.prepare(
        "SELECT t.id FROM transfer t WHERE t.balance_how = 'carried' AND (
             (SELECT count(*) FROM transfer_balance_entry e WHERE e.transfer_id = t.id) <> 2
          OR (SELECT sum(amount_fen) FROM transfer_balance_entry e WHERE e.transfer_id = t.id) <> 0
          OR (SELECT amount_fen FROM transfer_balance_entry e
              WHERE e.transfer_id = t.id AND e.side = 'to_new') IS NOT t.balance_fen)",
    )?;
    for row in stmt.query_map([], |r| r.get::<_, i64>(0))? {
        faults.push(format!(
            "transfer {}: carried balance entries do not balance",
            row?
        ));
    }
    Ok(faults)
}

/// Everything the 过户单 shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferSlip {
    pub id: i64,
    pub source: String,
    pub account_no: String,
    pub address: String,
    pub case_code: Option<String>,
    pub by_agent: bool,
    pub registry_case_no: Option<String>,
    pub old_name: String,
    pub old_id_number: Option<String>,
    pub old_phone: Option<String>,
    pub new_name: String,
    pub new_id_number: Option<String>,
    pub new_phone: Option<String>,
    pub documents: Vec<String>,
    pub final_readings: Vec<(String, String, i64)>,
    pub arrears_settled: Fen,
    pub balance: Fen,
    pub balance_how: String,
    pub purchase_count: Option<i64>,
    /// The account has an IC-card meter (with or without a purchase to carry).
    pub ic_card: bool,
    pub fee_receipt_no: Option<String>,
    pub fee: Option<Fen>,
    pub staff_no: String,
    pub staff_name: String,
    pub counter_no: Option<i64>,
    pub office_name_zh: String,
    pub office_name_en: String,
    pub done_at: String,
    pub approved_by: Option<String>,
    pub reason: Option<String>,
}

pub fn slip(db: &impl Reads, transfer_id: i64) -> Result<TransferSlip, TransferError> {
    let conn = db.connection(crate::db::key());
    conn.prepare_cached(
        "SELECT t.id, t.source, a.account_no, a.address, t.case_code, t.by_agent,
                t.registry_case_no, t.old_name, t.old_id_number, t.old_phone, t.new_name,
                t.new_id_number, t.new_phone, coalesce(t.documents, '[]'),
                coalesce(t.final_readings, '[]'), coalesce(t.arrears_settled_fen, 0),
                coalesce(t.balance_fen, 0), coalesce(t.balance_how, 'none'),
                w.purchase_count, r.receipt_no, r.total_fen, s.staff_no, s.name,
                t.counter_no, o.name_zh, o.name_en, t.done_at,
                ap.staff_no || ' ' || ap.name, t.reason,
                EXISTS (SELECT 1 FROM meter m WHERE m.account_id = t.account_id
                        AND m.kind = 'ic_card')
         FROM transfer t
         JOIN account a ON a.id = t.account_id
         JOIN office o ON o.id = t.office_id
         LEFT JOIN staff s ON s.id = t.done_by
         LEFT JOIN staff ap ON ap.id = t.approved_by
         LEFT JOIN card_write w ON w.id = t.card_write_id
         LEFT JOIN receipt r ON r.id = t.fee_receipt_id
         WHERE t.id = +?1 AND t.state = 'done'",
    )?
    .query_row([transfer_id], |r| {
        let docs: String = r.get(13)?;
        let readings: String = r.get(14)?;
        Ok(TransferSlip {
            id: r.get(0)?,
            source: r.get(1)?,
            account_no: r.get(2)?,
            address: r.get(3)?,
            case_code: r.get(4)?,
            by_agent: r.get(5)?,
            registry_case_no: r.get(6)?,
            old_name: r.get(7)?,
            old_id_number: r.get(8)?,
            old_phone: r.get(9)?,
            new_name: r.get(10)?,
            new_id_number: r.get(11)?,
            new_phone: r.get(12)?,
            documents: serde_json::from_str(&docs).unwrap_or_default(),
            final_readings: serde_json::from_str(&readings).unwrap_or_default(),
            arrears_settled: Fen(r.get(15)?),
            balance: Fen(r.get(16)?),
            balance_how: r.get(17)?,
            purchase_count: r.get(18)?,
            fee_receipt_no: r.get(19)?,
            fee: r.get::<_, Option<i64>>(20)?.map(Fen),
            staff_no: r.get::<_, Option<String>>(21)?.unwrap_or_default(),
            staff_name: r.get::<_, Option<String>>(22)?.unwrap_or_default(),
            counter_no: r.get(23)?,
            office_name_zh: r.get(24)?,
            office_name_en: r.get(25)?,
            done_at: r.get(26)?,
            approved_by: r.get(27)?,
            reason: r.get(28)?,
            ic_card: r.get(29)?,
        })
    })
    .optional()?
    .ok_or(TransferError::NoTransfer)
}

/// Active accounts of an office with a holder's ID number and no transfer pending,
/// highest account numbers first, with whether each has a post-paid meter: where the
/// demo and the benches put their transfers.
pub fn demo_candidates(
    db: &impl Reads,
    office_id: i64,
    limit: usize,
) -> Result<Vec<(i64, bool)>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare(
            "SELECT a.id, EXISTS (SELECT 1 FROM meter m WHERE m.account_id = a.id
                                  AND m.kind IN ('mechanical', 'iot'))
             FROM account a
             WHERE a.home_office_id = ?1 AND a.status = 'active' AND a.id_number IS NOT NULL
               AND EXISTS (SELECT 1 FROM meter m WHERE m.account_id = a.id)
               AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.account_id = a.id
                               AND t.state = 'pending')
             ORDER BY a.account_no DESC LIMIT ?2",
        )?
        .query_map((office_id, limit as i64), |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?)
}

/// The account's latest done transfer, the one a transfer back would undo.
pub fn latest_done(db: &impl Reads, account_id: i64) -> Result<Option<i64>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached("SELECT max(id) FROM transfer WHERE account_id = +?1 AND state = 'done'")?
        .query_row([account_id], |r| r.get(0))?)
}
