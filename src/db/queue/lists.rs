//! The lists the counter screen and the manager panel show beside the counts: the
//! tickets a counter may call (in the order the policy would call them), the parked
//! tickets with the note each was parked with, the services nobody is calling, and
//! whether today's business day has already been closed.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::db::Reads;
use crate::domain::queue::QueueRules;
use crate::domain::queue::policy::{CallingCounter, Waiting, call_order};

use super::day::day_by_date;
use super::view::{CounterRow, ServiceCount};
use super::{BusinessDay, QueueError, Ticket, load_ticket};
use crate::domain::queue::CounterMode;

/// A parked ticket and the note the clerk parked it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParkedTicket {
    pub ticket: Ticket,
    pub note: String,
}

/// The waiting tickets `counter` may call, most urgent first (the first is the one `n`
/// calls).
pub(super) fn callable(
    conn: &Connection,
    waiting: &[Waiting],
    counter: CallingCounter<'_>,
    now: DateTime<Utc>,
    rules: &QueueRules,
) -> Result<Vec<Ticket>, QueueError> {
    call_order(waiting, counter, now, rules)
        .into_iter()
        .filter_map(|w| load_ticket(conn, w.ticket_id).transpose())
        .collect()
}

/// Each parked ticket with the note of its latest park.
pub(super) fn with_notes(
    conn: &Connection,
    parked: Vec<Ticket>,
) -> Result<Vec<ParkedTicket>, QueueError> {
    parked
        .into_iter()
        .map(|ticket| {
            let detail: Option<String> = conn
                .prepare_cached(
                    "SELECT detail FROM ticket_event WHERE ticket_id = +?1 AND kind = 'parked'
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row([ticket.id], |r| r.get(0))
                .ok();
            let note = detail
                .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
                .and_then(|d| d.get("note").and_then(|n| n.as_str()).map(String::from))
                .unwrap_or_default();
            Ok(ParkedTicket { ticket, note })
        })
        .collect()
}

/// A service with people waiting and no open counter calling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unserved {
    pub service: char,
    pub waiting: usize,
    /// The longest-waiting ticket of the service.
    pub oldest: Ticket,
    /// Counters of the service that are paused (none open).
    pub paused: Vec<i64>,
}

/// The services whose waiting customers no open counter serves: the manager's warning.
pub(super) fn unserved(
    conn: &Connection,
    waiting: &[Ticket],
    counts: &[ServiceCount],
    counters: &[CounterRow],
) -> Result<Vec<Unserved>, QueueError> {
    let mut out = Vec::new();
    for count in counts.iter().filter(|c| c.waiting > 0) {
        let serves = |c: &&CounterRow| c.services.contains(count.service);
        if counters
            .iter()
            .filter(serves)
            .any(|c| c.mode == CounterMode::Open)
        {
            continue;
        }
        let Some(oldest) = waiting
            .iter()
            .filter(|t| t.service == count.service)
            .min_by_key(|t| (t.issued_at, t.id))
        else {
            continue;
        };
        out.push(Unserved {
            service: count.service,
            waiting: count.waiting,
            oldest: load_ticket(conn, oldest.id)?.unwrap_or_else(|| oldest.clone()),
            paused: counters
                .iter()
                .filter(serves)
                .filter(|c| c.mode == CounterMode::Paused)
                .map(|c| c.counter_no)
                .collect(),
        });
    }
    Ok(out)
}

/// Today's business day (on the offices' clock) if a manager has already closed it and
/// none is open: the counter, the board and the kiosk say the day is closed.
pub fn closed_today(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<BusinessDay>, QueueError> {
    let conn = db.connection(crate::db::key());
    if super::day::current_day(conn, office_id)?.is_some() {
        return Ok(None);
    }
    Ok(day_by_date(conn, office_id, rules.local_day(now))?.filter(|d| d.closed_at.is_some()))
}
