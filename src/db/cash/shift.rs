//! Cash shifts (tender control): a clerk's drawer for one business day, opened with a
//! float; every receipt belongs to one. Balancing stops new payments while the clerk
//! counts; closing records the count by denomination and the over/under per method.

use crate::db::Reads;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};

use crate::domain::money::Fen;
use crate::domain::queue::QueueRules;
use crate::domain::receipt::{CashCount, PaymentMethod};
use crate::domain::role::Permission;
use crate::domain::text;
use crate::i18n::{self, Msg};

use super::{CashError, require_staff};
use crate::db::queue::ensure_day;
use crate::db::{Actor, AuditNote, DbError, Store};

/// Longest over/under explanation, in characters.
pub const REASON_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftState {
    Open,
    Balancing,
    Closed,
}

impl ShiftState {
    pub fn as_str(self) -> &'static str {
        match self {
            ShiftState::Open => "open",
            ShiftState::Balancing => "balancing",
            ShiftState::Closed => "closed",
        }
    }

    fn parse(s: &str) -> rusqlite::Result<ShiftState> {
        match s {
            "open" => Ok(ShiftState::Open),
            "balancing" => Ok(ShiftState::Balancing),
            "closed" => Ok(ShiftState::Closed),
            other => Err(rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("unknown shift state {other:?}").into(),
            )),
        }
    }

    pub fn label(self) -> Msg {
        match self {
            ShiftState::Open => i18n::SHIFT_OPEN,
            ShiftState::Balancing => i18n::SHIFT_BALANCING,
            ShiftState::Closed => i18n::SHIFT_CLOSED,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub id: i64,
    pub office_id: i64,
    pub staff_id: i64,
    pub staff_no: String,
    pub staff_name: String,
    pub counter_no: Option<i64>,
    pub business_day_id: i64,
    pub day: NaiveDate,
    pub day_closed: bool,
    pub opened_at: String,
    pub float: Fen,
    pub state: ShiftState,
}

const SHIFT_SELECT: &str = "
    SELECT s.id, s.office_id, s.staff_id, st.staff_no, st.name, s.counter_no,
           s.business_day_id, d.day, d.closed_at IS NOT NULL, s.opened_at, s.float_fen, s.state
    FROM cash_shift s
    JOIN staff st ON st.id = s.staff_id
    JOIN business_day d ON d.id = s.business_day_id";

fn shift_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Shift> {
    let day: String = r.get(7)?;
    Ok(Shift {
        id: r.get(0)?,
        office_id: r.get(1)?,
        staff_id: r.get(2)?,
        staff_no: r.get(3)?,
        staff_name: r.get(4)?,
        counter_no: r.get(5)?,
        business_day_id: r.get(6)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, e.into())
        })?,
        day_closed: r.get(8)?,
        opened_at: r.get(9)?,
        float: Fen(r.get(10)?),
        state: ShiftState::parse(&r.get::<_, String>(11)?)?,
    })
}

/// The clerk's shift that is not closed yet, if any.
pub fn current_shift(db: &impl Reads, staff_id: i64) -> Result<Option<Shift>, CashError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached(&format!(
            "{SHIFT_SELECT} WHERE s.staff_id = +?1 AND s.state <> 'closed'"
        ))?
        .query_row([staff_id], shift_from)
        .optional()?)
}

pub(super) fn shift_by_id(conn: &Connection, id: i64) -> Result<Shift, CashError> {
    conn.prepare_cached(&format!("{SHIFT_SELECT} WHERE s.id = +?1"))?
        .query_row([id], shift_from)
        .optional()?
        .ok_or(CashError::UnknownShift(id))
}

/// Every shift of a business day, closed ones included (a manager picks one to reopen;
/// day-end looks for any not yet closed).
pub fn shifts_of_day(db: &impl Reads, business_day_id: i64) -> Result<Vec<Shift>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare_cached(&format!(
        "{SHIFT_SELECT} WHERE s.business_day_id = +?1 ORDER BY s.id"
    ))?;
    let rows = stmt
        .query_map([business_day_id], shift_from)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The actor's shift, which must be open to take money. Read inside the paying
/// transaction so a shift balanced a moment ago by another session is seen.
/// The actor's shift that takes money now, or why none does (no shift, balancing, the
/// day closed). Read when the payment form opens, and again under the lock of a payment.
pub fn shift_for_payment(db: &impl Reads, actor: &Actor) -> Result<Shift, CashError> {
    let (staff, _) = require_staff(actor, Permission::CounterWork)?;
    let shift = current_shift(db, staff)?.ok_or(CashError::NoOpenShift)?;
    if Some(shift.office_id) != actor.office_id {
        return Err(CashError::WrongOffice {
            office: shift.office_id,
        });
    }
    if shift.state != ShiftState::Open {
        return Err(CashError::ShiftNotOpen(shift.state));
    }
    if shift.day_closed {
        return Err(CashError::DayClosed { day: shift.day });
    }
    Ok(shift)
}

/// Opens a drawer with `float` in cash for the office's current business day (opening
/// the day if it is not open yet, as the first ticket would).
pub fn open_shift(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    float: Fen,
    now: DateTime<Utc>,
) -> Result<Shift, CashError> {
    let (staff, office) = require_staff(actor, Permission::CounterWork)?;
    if float.is_negative() {
        return Err(crate::domain::money::AmountError::Sign.into());
    }
    store.write_checked::<_, CashError>(actor, |tx| {
        if current_shift(tx, staff)?.is_some() {
            return Err(CashError::ShiftAlreadyOpen);
        }
        let (day, _) = ensure_day(tx, office, now, rules)?;
        tx.prepare_cached(
            "INSERT INTO cash_shift (office_id, staff_id, counter_no, business_day_id, opened_at,
                                     float_fen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute((
            office,
            staff,
            actor.counter_no,
            day.id,
            super::fmt_time(now),
            float.get(),
        ))?;
        let shift = shift_by_id(tx, tx.last_insert_rowid())?;
        Ok((
            shift.clone(),
            AuditNote::new("shift_open", "cash_shift", shift.id).detail(serde_json::json!({
                "float_fen": float.get(),
                "day": day.day.to_string(),
            })),
        ))
    })
}

fn set_state(
    store: &mut Store,
    actor: &Actor,
    from: ShiftState,
    to: ShiftState,
    action: &'static str,
) -> Result<Shift, CashError> {
    let (staff, _) = require_staff(actor, Permission::CounterWork)?;
    store.write_checked::<_, CashError>(actor, |tx| {
        let shift = current_shift(tx, staff)?.ok_or(CashError::NoOpenShift)?;
        if shift.state != from {
            return Err(match from {
                ShiftState::Balancing => CashError::ShiftNotBalancing,
                _ => CashError::ShiftNotOpen(shift.state),
            });
        }
        tx.prepare_cached("UPDATE cash_shift SET state = ?2 WHERE id = +?1")?
            .execute((shift.id, to.as_str()))?;
        let shift = shift_by_id(tx, shift.id)?;
        Ok((
            shift.clone(),
            AuditNote::new(action, "cash_shift", shift.id),
        ))
    })
}

/// Balancing (轧账): no new payments while the clerk counts the drawer.
pub fn start_balancing(store: &mut Store, actor: &Actor) -> Result<Shift, CashError> {
    set_state(
        store,
        actor,
        ShiftState::Open,
        ShiftState::Balancing,
        "shift_balancing",
    )
}

/// Back to taking payments without closing.
pub fn resume_shift(store: &mut Store, actor: &Actor) -> Result<Shift, CashError> {
    set_state(
        store,
        actor,
        ShiftState::Balancing,
        ShiftState::Open,
        "shift_resume",
    )
}

/// Expected against counted for one payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodTotal {
    pub method: PaymentMethod,
    /// Receipts in the shift with this method (reversals included).
    pub receipts: i64,
    /// What the drawer or the terminal's batch should hold: for cash, the float plus the
    /// net cash taken.
    pub expected: Fen,
}

/// Per method, what the shift should hold now.
pub fn shift_totals(db: &impl Reads, shift_id: i64) -> Result<Vec<MethodTotal>, CashError> {
    let conn = db.connection(crate::db::key());
    let float: i64 = conn
        .prepare_cached("SELECT float_fen FROM cash_shift WHERE id = +?1")?
        .query_row([shift_id], |r| r.get(0))
        .optional()?
        .ok_or(CashError::UnknownShift(shift_id))?;
    let by_method: Vec<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT method, count(*), sum(total_fen) FROM receipt WHERE shift_id = +?1
             GROUP BY method",
        )?
        .query_map([shift_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    PaymentMethod::ALL
        .into_iter()
        .map(|method| {
            let (receipts, sum) = by_method
                .iter()
                .find(|(m, _, _)| m == method.as_str())
                .map_or((0, 0), |(_, n, sum)| (*n, *sum));
            let held = if method.is_cash() { float } else { 0 };
            let expected = sum
                .checked_add(held)
                .map(Fen)
                .ok_or(crate::domain::money::AmountError::Overflow)?;
            Ok(MethodTotal {
                method,
                receipts,
                expected,
            })
        })
        .collect()
}

/// The record of one close of a shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftClose {
    pub shift: Shift,
    /// Per method: expected, counted.
    pub lines: Vec<(MethodTotal, Fen)>,
}

impl ShiftClose {
    pub fn balanced(&self) -> bool {
        self.lines.iter().all(|(t, counted)| t.expected == *counted)
    }
}

/// Closes the actor's shift, which must be balancing: the cash is counted by
/// denomination, other methods by the totals of their terminals' batches. Any
/// difference needs a reason. The shift is then locked (a manager may reopen it).
pub fn close_shift(
    store: &mut Store,
    actor: &Actor,
    cash: &CashCount,
    others: &[(PaymentMethod, Fen)],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<ShiftClose, CashError> {
    let (staff, _) = require_staff(actor, Permission::CounterWork)?;
    let reason = reason.trim();
    if !reason.is_empty() {
        text::validate_text(reason, REASON_MAX_CHARS)?;
    }
    if others.iter().any(|(_, f)| f.is_negative()) {
        return Err(crate::domain::money::AmountError::Sign.into());
    }
    store.write_checked::<_, CashError>(actor, |tx| {
        let shift = current_shift(tx, staff)?.ok_or(CashError::NoOpenShift)?;
        if shift.state != ShiftState::Balancing {
            return Err(CashError::ShiftNotBalancing);
        }
        let totals = shift_totals(tx, shift.id)?;
        let lines: Vec<(MethodTotal, Fen)> = totals
            .into_iter()
            .map(|t| {
                let counted = if t.method.is_cash() {
                    cash.total()
                } else {
                    others
                        .iter()
                        .find(|(m, _)| *m == t.method)
                        .map(|(_, f)| *f)
                        .unwrap_or(Fen::ZERO)
                };
                (t, counted)
            })
            .collect();
        let balanced = lines.iter().all(|(t, c)| t.expected == *c);
        if !balanced && reason.is_empty() {
            return Err(CashError::VarianceNeedsReason);
        }
        let denominations: serde_json::Map<String, serde_json::Value> = cash
            .lines()
            .filter(|(_, n, _)| *n > 0)
            .map(|(d, n, _)| (d.as_str().to_string(), n.into()))
            .collect();
        tx.prepare_cached(
            "INSERT INTO shift_close (shift_id, closed_at, closed_by, denominations, reason)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute((
            shift.id,
            super::fmt_time(now),
            staff,
            serde_json::Value::Object(denominations.clone()).to_string(),
            (!reason.is_empty()).then_some(reason),
        ))?;
        let close_id = tx.last_insert_rowid();
        for (t, counted) in &lines {
            tx.prepare_cached(
                "INSERT INTO shift_close_method (close_id, method, expected_fen, counted_fen)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute((
                close_id,
                t.method.as_str(),
                t.expected.get(),
                counted.get(),
            ))?;
        }
        tx.prepare_cached("UPDATE cash_shift SET state = 'closed' WHERE id = +?1")?
            .execute([shift.id])?;
        let variance: serde_json::Map<String, serde_json::Value> = lines
            .iter()
            .map(|(t, c)| {
                (
                    t.method.as_str().to_string(),
                    (c.get() - t.expected.get()).into(),
                )
            })
            .collect();
        let closed = ShiftClose {
            shift: shift_by_id(tx, shift.id)?,
            lines,
        };
        Ok((
            closed,
            AuditNote::new("shift_close", "cash_shift", shift.id).detail(serde_json::json!({
                "denominations": denominations,
                "variance_fen": variance,
                "reason": reason,
            })),
        ))
    })
}

/// A manager reopens a closed shift of their office (a miscount found after closing),
/// as long as its business day is still open. The earlier count stays on record.
pub fn reopen_shift(
    store: &mut Store,
    actor: &Actor,
    shift_id: i64,
    reason: &str,
) -> Result<Shift, CashError> {
    require_staff(actor, Permission::Supervise)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CashError::ReasonRequired);
    }
    text::validate_text(reason, REASON_MAX_CHARS)?;
    store.write_checked::<_, CashError>(actor, |tx| {
        let shift = shift_by_id(tx, shift_id)?;
        if Some(shift.office_id) != actor.office_id {
            return Err(CashError::WrongOffice {
                office: shift.office_id,
            });
        }
        if shift.state != ShiftState::Closed {
            return Err(CashError::ShiftNotClosed(shift_id));
        }
        if shift.day_closed {
            return Err(CashError::DayClosed { day: shift.day });
        }
        if current_shift(tx, shift.staff_id)?.is_some() {
            return Err(CashError::ShiftAlreadyOpen);
        }
        tx.prepare_cached("UPDATE cash_shift SET state = 'open' WHERE id = +?1")?
            .execute([shift_id])?;
        let shift = shift_by_id(tx, shift_id)?;
        Ok((
            shift.clone(),
            AuditNote::new("shift_reopen", "cash_shift", shift_id)
                .detail(serde_json::json!({ "reason": reason, "clerk": shift.staff_no })),
        ))
    })
}
