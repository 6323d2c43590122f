//! Look-ups of one counter: what it calls, whether it is open, who is at it.

use rusqlite::{Connection, OptionalExtension};

use crate::domain::queue::CounterMode;

use super::{QueueError, TICKET_SELECT, Ticket, ticket_from};

/// The service letters a counter calls; [`QueueError::UnknownCounter`] if it does not exist.
pub(super) fn counter_services(
    conn: &Connection,
    office: i64,
    counter: i64,
) -> Result<String, QueueError> {
    conn.prepare_cached("SELECT services FROM counter WHERE office_id = +?1 AND number = +?2")?
        .query_row((office, counter), |r| r.get(0))
        .optional()?
        .ok_or(QueueError::UnknownCounter { counter })
}

/// The service letters a counter calls and whether it is open (a counter never opened is
/// closed), in one look-up for the writes that need both; [`QueueError::UnknownCounter`]
/// if it does not exist.
pub(super) fn counter_desk(
    conn: &Connection,
    office: i64,
    counter: i64,
) -> Result<(String, CounterMode), QueueError> {
    let (services, state): (String, Option<String>) = conn
        .prepare_cached(
            "SELECT c.services, s.state FROM counter c LEFT JOIN counter_state s
               ON s.office_id = c.office_id AND s.counter_no = c.number
             WHERE c.office_id = +?1 AND c.number = +?2",
        )?
        .query_row((office, counter), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(QueueError::UnknownCounter { counter })?;
    let mode = state
        .as_deref()
        .and_then(CounterMode::parse)
        .unwrap_or(CounterMode::Closed);
    Ok((services, mode))
}

/// Refuses a counter that is not open.
pub(super) fn require_open(counter: i64, mode: CounterMode) -> Result<(), QueueError> {
    if mode == CounterMode::Open {
        Ok(())
    } else {
        Err(QueueError::CounterNotOpen { counter, mode })
    }
}

/// The ticket called to, or being served at, a counter.
pub(super) fn active_at_counter(
    conn: &Connection,
    day_id: i64,
    counter: i64,
) -> Result<Option<Ticket>, QueueError> {
    Ok(conn
        .prepare_cached(&format!(
            "{TICKET_SELECT} WHERE t.business_day_id = +?1 AND t.counter_no = +?2
               AND t.state IN ('called', 'serving')"
        ))?
        .query_row((day_id, counter), ticket_from)
        .optional()?)
}
