//! Business days: opened by a manager or by the first ticket, closed by a manager.

use crate::db::Reads;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction};

use crate::domain::queue::{EventKind, QueueRules, Step, TicketState};
use crate::domain::role::Permission;

use super::{
    Actor, AuditNote, BusinessDay, QueueError, Store, TICKET_SELECT, append_event, fmt_time,
    office_exists, parse_time, require_office, require_staff, ticket_from,
};

const DAY_SELECT: &str =
    "SELECT id, office_id, day, opened_at, opened_by, closed_at, closed_by FROM business_day";

fn day_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<BusinessDay> {
    let day: String = r.get(2)?;
    Ok(BusinessDay {
        id: r.get(0)?,
        office_id: r.get(1)?,
        day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
        })?,
        opened_at: parse_time(&r.get::<_, String>(3)?)?,
        opened_by: r.get(4)?,
        closed_at: r
            .get::<_, Option<String>>(5)?
            .map(|s| parse_time(&s))
            .transpose()?,
        closed_by: r.get(6)?,
    })
}

/// The open business day of an office, if any. New tickets go to it whatever the clock
/// says.
pub fn current_day(db: &impl Reads, office_id: i64) -> Result<Option<BusinessDay>, QueueError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached(&format!(
            "{DAY_SELECT} WHERE office_id = +?1 AND closed_at IS NULL"
        ))?
        .query_row([office_id], day_from)
        .optional()?)
}

/// The business day of an office on a date, open or closed.
pub fn day_by_date(
    db: &impl Reads,
    office_id: i64,
    day: NaiveDate,
) -> Result<Option<BusinessDay>, QueueError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare_cached(&format!("{DAY_SELECT} WHERE office_id = +?1 AND day = +?2"))?
        .query_row((office_id, day.to_string()), day_from)
        .optional()?)
}

fn insert_day(
    tx: &Transaction<'_>,
    office_id: i64,
    day: NaiveDate,
    now: DateTime<Utc>,
    opened_by: Option<i64>,
) -> Result<BusinessDay, QueueError> {
    tx.prepare_cached(
        "INSERT INTO business_day (office_id, day, opened_at, opened_by) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((office_id, day.to_string(), fmt_time(now), opened_by))?;
    Ok(BusinessDay {
        id: tx.last_insert_rowid(),
        office_id,
        day,
        opened_at: now,
        opened_by,
        closed_at: None,
        closed_by: None,
    })
}

/// The day a new ticket goes to: the open one, else a new one for today's date on the
/// offices' clock. A date whose day a manager already closed stays closed — after a clock
/// jump back too — so no number is ever handed out twice. Returns whether it opened one.
pub(crate) fn ensure_day(
    tx: &Transaction<'_>,
    office_id: i64,
    now: DateTime<Utc>,
    rules: &QueueRules,
) -> Result<(BusinessDay, bool), QueueError> {
    if let Some(day) = current_day(tx, office_id)? {
        return Ok((day, false));
    }
    let date = rules.local_day(now);
    if day_by_date(tx, office_id, date)?.is_some() {
        return Err(QueueError::DayClosed { day: date });
    }
    Ok((insert_day(tx, office_id, date, now, None)?, true))
}

/// A manager opens the business day `date` (by default today on the offices' clock).
/// Refused while another day of the office is open, and for a date already closed.
pub fn open_day(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    office_id: i64,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<BusinessDay, QueueError> {
    require_staff(actor, Permission::Supervise)?;
    require_office(actor, office_id)?;
    let date = date.unwrap_or_else(|| rules.local_day(now));
    store.write_checked::<_, QueueError>(actor, |tx| {
        if let Some(open) = current_day(tx, office_id)? {
            return Err(QueueError::DayAlreadyOpen { day: open.day });
        }
        if day_by_date(tx, office_id, date)?.is_some() {
            return Err(QueueError::DayClosed { day: date });
        }
        let day = insert_day(tx, office_id, date, now, actor.staff_id)?;
        Ok((
            day.clone(),
            AuditNote::new("day_open", "business_day", day.id)
                .detail(serde_json::json!({ "office": office_id, "day": date.to_string() })),
        ))
    })
}

/// What closing a day did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDay {
    pub day: BusinessDay,
    /// Tickets ended as "closed at day end" (waiting, parked, or still at a counter).
    pub closed_tickets: usize,
    /// Of those, how many were at a counter (a clerk forgot to finish them).
    pub were_at_counters: usize,
}

/// A manager closes the open business day: every ticket not yet finished ends with a
/// `closed` event, every counter of the office closes, and the day is final.
pub fn close_day(
    store: &mut Store,
    actor: &Actor,
    office_id: i64,
    now: DateTime<Utc>,
) -> Result<ClosedDay, QueueError> {
    require_staff(actor, Permission::Supervise)?;
    require_office(actor, office_id)?;
    if !office_exists(store.conn(), office_id)? {
        return Err(QueueError::UnknownOffice(office_id));
    }
    store.write_checked::<_, QueueError>(actor, |tx| {
        let day = current_day(tx, office_id)?.ok_or(QueueError::NoDayOpen { office: office_id })?;
        // The cash part of day-end: every drawer of the day is counted and closed first.
        let drawers: Vec<_> = crate::db::cash::shifts_of_day(tx, day.id)?
            .into_iter()
            .filter(|s| s.state != crate::db::cash::ShiftState::Closed)
            .collect();
        if !drawers.is_empty() {
            return Err(QueueError::ShiftsStillOpen {
                clerks: drawers
                    .iter()
                    .map(|s| format!("{} {}", s.staff_no, s.staff_name))
                    .collect::<Vec<_>>()
                    .join("、"),
            });
        }
        let open: Vec<super::Ticket> = tx
            .prepare(&format!(
                "{TICKET_SELECT} WHERE t.business_day_id = ?1
                   AND t.state IN ('waiting', 'called', 'serving', 'parked') ORDER BY t.id"
            ))?
            .query_map([day.id], ticket_from)?
            .collect::<Result<_, _>>()?;
        let mut were_at_counters = 0;
        for t in &open {
            debug_assert_eq!(t.state.after(Step::CloseDay), Some(TicketState::Closed));
            were_at_counters += usize::from(t.state.is_at_counter());
            tx.prepare_cached("UPDATE ticket SET state = 'closed' WHERE id = ?1")?
                .execute([t.id])?;
            let mut closing = actor.clone();
            closing.counter_no = None;
            append_event(
                tx,
                t,
                EventKind::Closed,
                &closing,
                now,
                serde_json::json!({ "was": t.state.as_str(), "counter": t.counter_no }),
            )?;
        }
        // The chain's head as the day closes (this close's own audit row follows it).
        let head = crate::db::backup::chain_head(tx)?;
        tx.execute(
            "UPDATE business_day SET closed_at = ?2, closed_by = ?3, audit_head_id = ?4,
                    audit_head_hash = ?5
             WHERE id = ?1",
            (day.id, fmt_time(now), actor.staff_id, head.id, &head.hash),
        )?;
        tx.execute(
            "UPDATE counter_state SET state = 'closed', staff_id = NULL, since = ?2
             WHERE office_id = ?1 AND state <> 'closed'",
            (office_id, fmt_time(now)),
        )?;
        let closed = ClosedDay {
            day: BusinessDay {
                closed_at: Some(now),
                closed_by: actor.staff_id,
                ..day.clone()
            },
            closed_tickets: open.len(),
            were_at_counters,
        };
        // The day-end report as it stands at close, stored and from now on printed as
        // stored (db::report explains why).
        let report_sha256 =
            crate::db::report::freeze(tx, &crate::domain::queue::builtin_rules(), &closed.day)
                .map_err(|e| match e {
                    crate::db::report::ReportError::Queue(q) => q,
                    crate::db::report::ReportError::Db(d) => QueueError::from(d),
                    other => QueueError::from(crate::db::DbError::Rule(other.to_string())),
                })?;
        Ok((
            closed,
            AuditNote::new("day_close", "business_day", day.id).detail(serde_json::json!({
                "office": office_id, "day": day.day.to_string(),
                "closed_tickets": open.len(), "were_at_counters": were_at_counters,
                "report_sha256": report_sha256,
            })),
        ))
    })
}
