//! Reads for the screens: the waiting list, a counter's view, the display board and the
//! manager panel. Each copies rows out and lets go; nothing holds a read transaction.

use crate::db::Reads;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use crate::domain::queue::policy::{CallingCounter, Choice, Reason, choose_next};
use crate::domain::queue::stats::QueueStats;
use crate::domain::queue::{
    CounterMode, EventKind, QueueRules, RecallRefused, TicketState, check_recall,
};

use super::counter::{active_at_counter, counter_services};
use super::day::current_day;
use super::desk::{recall_state, waiting_list};
use super::lists::{ParkedTicket, Unserved, callable, closed_today, unserved, with_notes};
use super::{
    BusinessDay, QueueError, StaffRef, TICKET_SELECT, Ticket, load_ticket, parse_letter,
    parse_time, ticket_from,
};

/// One ticket by id.
pub fn ticket(db: &impl Reads, id: i64) -> Result<Option<Ticket>, QueueError> {
    let conn = db.connection(crate::db::key());
    load_ticket(conn, id)
}

/// A ticket of the office's open business day by its number (`A012`, as typed; letters
/// are matched in capitals).
pub fn ticket_by_number(
    db: &impl Reads,
    office_id: i64,
    number: &str,
) -> Result<Option<Ticket>, QueueError> {
    let conn = db.connection(crate::db::key());
    let Some(day) = current_day(conn, office_id)? else {
        return Ok(None);
    };
    Ok(conn
        .prepare_cached(&format!(
            "{TICKET_SELECT} WHERE t.business_day_id = +?1 AND t.number = +?2"
        ))?
        .query_row((day.id, number.trim().to_ascii_uppercase()), ticket_from)
        .optional()?)
}

/// One step in a ticket's history.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub service: char,
    pub staff_no: Option<String>,
    pub counter_no: Option<i64>,
    pub detail: serde_json::Value,
}

/// A ticket's history, oldest first.
pub fn events(db: &impl Reads, ticket_id: i64) -> Result<Vec<TicketEvent>, QueueError> {
    let conn = db.connection(crate::db::key());
    let rows = conn
        .prepare_cached(
            "SELECT e.id, e.at, e.kind, e.service, s.staff_no, e.counter_no, e.detail
             FROM ticket_event e LEFT JOIN staff s ON s.id = e.staff_id
             WHERE e.ticket_id = +?1 ORDER BY e.id",
        )?
        .query_map([ticket_id], |r| {
            let kind: String = r.get(2)?;
            let detail: String = r.get(6)?;
            Ok(TicketEvent {
                id: r.get(0)?,
                at: parse_time(&r.get::<_, String>(1)?)?,
                kind: EventKind::parse(&kind).unwrap_or(EventKind::Issued),
                service: parse_letter(&r.get::<_, String>(3)?)?,
                staff_no: r.get(4)?,
                counter_no: r.get(5)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Waiting tickets of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCount {
    pub service: char,
    pub waiting: usize,
    pub priority: usize,
    /// The issue time of the longest-waiting ticket.
    pub oldest_issued_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingView {
    pub day: Option<BusinessDay>,
    /// Waiting tickets in issue order.
    pub tickets: Vec<Ticket>,
    pub parked: Vec<Ticket>,
    /// Every configured service, in the order of `data/services.toml`, zeros included.
    pub per_service: Vec<ServiceCount>,
}

fn tickets_in(conn: &Connection, day_id: i64, state: &str) -> Result<Vec<Ticket>, QueueError> {
    let rows = conn
        .prepare_cached(&format!(
            "{TICKET_SELECT} WHERE t.business_day_id = +?1 AND t.state = +?2 ORDER BY t.id"
        ))?
        .query_map((day_id, state), ticket_from)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

fn per_service(rules: &QueueRules, waiting: &[Ticket]) -> Vec<ServiceCount> {
    rules
        .services
        .iter()
        .map(|s| {
            let mine = waiting.iter().filter(|t| t.service == s.letter);
            ServiceCount {
                service: s.letter,
                waiting: mine.clone().count(),
                priority: mine.clone().filter(|t| t.priority).count(),
                oldest_issued_at: mine.map(|t| t.issued_at).min(),
            }
        })
        .collect()
}

/// Who is waiting at an office now (its open business day).
pub fn waiting(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
) -> Result<WaitingView, QueueError> {
    let conn = db.connection(crate::db::key());
    let day = current_day(conn, office_id)?;
    let (tickets, parked) = match &day {
        Some(d) => (
            tickets_in(conn, d.id, TicketState::Waiting.as_str())?,
            tickets_in(conn, d.id, TicketState::Parked.as_str())?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let per_service = per_service(rules, &tickets);
    Ok(WaitingView {
        day,
        tickets,
        parked,
        per_service,
    })
}

/// The customer at a counter, with what the screen needs to say about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentTicket {
    pub ticket: Ticket,
    /// The latest call (or resume) to this counter.
    pub called_at: DateTime<Utc>,
    /// Why it was called, as recorded with the call.
    pub reason: Option<Reason>,
    pub recalls: u32,
    pub arrived_at: Option<DateTime<Utc>>,
    /// `None` when a recall is allowed now; otherwise why not (cap or interval).
    pub recall_refused: Option<RecallRefused>,
}

/// The ticket the policy would call next, for a preview line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextUp {
    pub number: String,
    pub choice: Choice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterView {
    pub office_id: i64,
    pub counter_no: i64,
    pub services: String,
    pub mode: CounterMode,
    /// Who opened it (none when closed).
    pub staff: Option<StaffRef>,
    pub since: Option<DateTime<Utc>>,
    pub day: Option<BusinessDay>,
    pub current: Option<CurrentTicket>,
    /// Tickets this counter may call.
    pub waiting_for_me: usize,
    pub next: Option<NextUp>,
    /// The tickets this counter may call, in the order the policy would call them.
    pub callable: Vec<Ticket>,
    /// The office's parked tickets (any counter may resume them), with their notes.
    pub parked: Vec<ParkedTicket>,
    /// Today's business day when a manager has closed it (no day open).
    pub closed_day: Option<BusinessDay>,
}

/// Whether a counter calls, who opened it, since when.
struct CounterStatus {
    mode: CounterMode,
    staff: Option<StaffRef>,
    since: Option<DateTime<Utc>>,
}

fn counter_state(
    conn: &Connection,
    office_id: i64,
    counter: i64,
) -> Result<CounterStatus, QueueError> {
    let row = conn
        .prepare_cached(
            "SELECT c.state, c.since, s.id, s.staff_no, s.name
             FROM counter_state c LEFT JOIN staff s ON s.id = c.staff_id
             WHERE c.office_id = +?1 AND c.counter_no = +?2",
        )?
        .query_row((office_id, counter), |r| {
            let staff = match r.get::<_, Option<i64>>(2)? {
                Some(id) => Some(StaffRef {
                    id,
                    staff_no: r.get(3)?,
                    name: r.get(4)?,
                }),
                None => None,
            };
            let state: String = r.get(0)?;
            Ok(CounterStatus {
                mode: CounterMode::parse(&state).unwrap_or(CounterMode::Closed),
                staff,
                since: Some(parse_time(&r.get::<_, String>(1)?)?),
            })
        })
        .optional()?;
    Ok(row.unwrap_or(CounterStatus {
        mode: CounterMode::Closed,
        staff: None,
        since: None,
    }))
}

fn current_ticket(
    conn: &Connection,
    rules: &QueueRules,
    ticket: Ticket,
    now: DateTime<Utc>,
) -> Result<CurrentTicket, QueueError> {
    let history = events(conn, ticket.id)?;
    let call = history.iter().rev().find(|e| e.kind.is_call());
    let called_at = call.map(|e| e.at).unwrap_or(ticket.issued_at);
    // Walk-ins served before the reason was kept under "reason" carry `{"why": …}`.
    let reason = call.and_then(|e| {
        e.detail
            .get("reason")
            .and_then(|r| serde_json::from_value::<Reason>(r.clone()).ok())
            .or_else(|| serde_json::from_value::<Reason>(e.detail.clone()).ok())
    });
    let arrived_at = history
        .iter()
        .rev()
        .take_while(|e| !e.kind.is_call())
        .find(|e| e.kind == EventKind::Arrived)
        .map(|e| e.at);
    let (recalls, last) = recall_state(conn, ticket.id)?;
    let recall_refused = if ticket.state == TicketState::Called {
        check_recall(recalls, last.unwrap_or(called_at), now, rules).err()
    } else {
        None
    };
    Ok(CurrentTicket {
        ticket,
        called_at,
        reason,
        recalls,
        arrived_at,
        recall_refused,
    })
}

/// Everything the counter screen shows about one counter.
pub fn counter_view(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
    counter_no: i64,
    now: DateTime<Utc>,
) -> Result<CounterView, QueueError> {
    let conn = db.connection(crate::db::key());
    let services = counter_services(conn, office_id, counter_no)?;
    let status = counter_state(conn, office_id, counter_no)?;
    let day = current_day(conn, office_id)?;
    let mut view = CounterView {
        office_id,
        counter_no,
        services: services.clone(),
        mode: status.mode,
        staff: status.staff,
        since: status.since,
        day: day.clone(),
        current: None,
        waiting_for_me: 0,
        next: None,
        callable: Vec::new(),
        parked: Vec::new(),
        closed_day: None,
    };
    let Some(day) = day else {
        view.closed_day = closed_today(conn, rules, office_id, now)?;
        return Ok(view);
    };
    if let Some(t) = active_at_counter(conn, day.id, counter_no)? {
        view.current = Some(current_ticket(conn, rules, t, now)?);
    }
    let waiting = waiting_list(conn, day.id)?;
    let calling = CallingCounter {
        number: counter_no,
        services: &services,
    };
    view.waiting_for_me = waiting.iter().filter(|w| calling.may_call(w)).count();
    if let Some(choice) = choose_next(&waiting, calling, now, rules)
        && let Some(t) = load_ticket(conn, choice.ticket_id)?
    {
        view.next = Some(NextUp {
            number: t.number,
            choice,
        });
    }
    view.callable = callable(conn, &waiting, calling, now, rules)?;
    view.parked = with_notes(
        conn,
        tickets_in(conn, day.id, TicketState::Parked.as_str())?,
    )?;
    Ok(view)
}

/// One announcement on the display board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardCall {
    pub number: String,
    pub counter_no: i64,
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// The ticket's state now (a board may dim finished ones).
    pub state: TicketState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub day: Option<BusinessDay>,
    /// Latest first, one per ticket; the first is the one being called now.
    pub calls: Vec<BoardCall>,
    pub waiting: Vec<ServiceCount>,
}

/// The display board of an office: the last `limit` tickets called and the waiting counts.
pub fn board(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
    limit: usize,
) -> Result<Board, QueueError> {
    let conn = db.connection(crate::db::key());
    let day = current_day(conn, office_id)?;
    let Some(d) = &day else {
        return Ok(Board {
            day,
            calls: Vec::new(),
            waiting: per_service(rules, &[]),
        });
    };
    let rows: Vec<(i64, BoardCall)> = conn
        .prepare_cached(
            "SELECT e.ticket_id, t.number, e.counter_no, e.at, e.kind, t.state
             FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
             WHERE e.business_day_id = +?1
               AND e.kind IN ('called', 'called_out_of_order', 'resumed', 'recalled')
               AND coalesce(json_extract(e.detail, '$.reason.why'),
                            json_extract(e.detail, '$.why'), '') <> 'walk_in'
             ORDER BY e.id DESC LIMIT +?2",
        )?
        .query_map((d.id, (limit * 4 + 8) as i64), |r| {
            let kind: String = r.get(4)?;
            let state: String = r.get(5)?;
            Ok((
                r.get(0)?,
                BoardCall {
                    number: r.get(1)?,
                    counter_no: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    at: parse_time(&r.get::<_, String>(3)?)?,
                    kind: EventKind::parse(&kind).unwrap_or(EventKind::Called),
                    state: TicketState::parse(&state).unwrap_or(TicketState::Called),
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut seen = std::collections::HashSet::new();
    let calls = rows
        .into_iter()
        .filter(|(id, _)| seen.insert(*id))
        .map(|(_, c)| c)
        .take(limit)
        .collect();
    let waiting_now = tickets_in(conn, d.id, TicketState::Waiting.as_str())?;
    Ok(Board {
        day,
        calls,
        waiting: per_service(rules, &waiting_now),
    })
}

/// One counter on the manager panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterRow {
    pub counter_no: i64,
    pub services: String,
    pub mode: CounterMode,
    pub staff: Option<StaffRef>,
    pub since: Option<DateTime<Utc>>,
    /// The ticket at the counter and since when (its latest call or arrival).
    pub current: Option<(Ticket, DateTime<Utc>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerPanel {
    pub day: Option<BusinessDay>,
    /// The open day is from an earlier date: someone forgot to close it.
    pub stale: bool,
    pub counters: Vec<CounterRow>,
    pub waiting: Vec<ServiceCount>,
    pub parked: usize,
    /// The longest-waiting ticket now.
    pub longest_wait: Option<Ticket>,
    /// Figures of the open day so far (served, no-shows, share within target, …).
    pub today: QueueStats,
    /// Every cash shift of the open day, closed ones included.
    pub shifts: Vec<crate::db::cash::Shift>,
    /// Services with people waiting and no open counter calling them.
    pub unserved: Vec<Unserved>,
    /// Today's business day when it has been closed (no day open).
    pub closed_day: Option<BusinessDay>,
}

/// The manager's view of an office.
pub fn manager_panel(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
    now: DateTime<Utc>,
) -> Result<ManagerPanel, QueueError> {
    let conn = db.connection(crate::db::key());
    let view = waiting(conn, rules, office_id)?;
    let mut counters = Vec::new();
    for c in super::super::office::counters(conn, office_id)? {
        let status = counter_state(conn, office_id, c.number)?;
        let current = match &view.day {
            Some(d) => match active_at_counter(conn, d.id, c.number)? {
                Some(t) => {
                    let at = current_ticket(conn, rules, t.clone(), now)?;
                    Some((t, at.arrived_at.unwrap_or(at.called_at)))
                }
                None => None,
            },
            None => None,
        };
        counters.push(CounterRow {
            counter_no: c.number,
            services: c.services,
            mode: status.mode,
            staff: status.staff,
            since: status.since,
            current,
        });
    }
    let unserved = unserved(conn, &view.tickets, &view.per_service, &counters)?;
    let closed_day = match &view.day {
        Some(_) => None,
        None => closed_today(conn, rules, office_id, now)?,
    };
    // The figures and shifts of the day open now, or of today's day once it is closed:
    // a manager still reads the day they just closed.
    let figures_day = view.day.as_ref().or(closed_day.as_ref());
    let today = match figures_day {
        Some(d) => super::super::stats::day_stats(conn, rules, d.id)?,
        None => QueueStats::default(),
    };
    let shifts = match figures_day {
        Some(d) => crate::db::cash::shifts_of_day(conn, d.id)?,
        None => Vec::new(),
    };
    Ok(ManagerPanel {
        shifts,
        unserved,
        closed_day,
        stale: view.day.as_ref().is_some_and(|d| d.is_stale(now, rules)),
        counters,
        parked: view.parked.len(),
        longest_wait: view
            .tickets
            .iter()
            .min_by_key(|t| (t.issued_at, t.id))
            .cloned(),
        waiting: view.per_service,
        day: view.day,
        today,
    })
}
