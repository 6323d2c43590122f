//! Counter work (F2): open, pause and close a counter; call, recall, confirm arrival,
//! park, resume, transfer, finish, no-show. Each is one transaction at the actor's
//! counter (`actor.counter_no`).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use crate::domain::queue::policy::{CallingCounter, Reason, Waiting, choose_next};
use crate::domain::queue::stats::leg_start;
use crate::domain::queue::{
    CounterMode, EventKind, Outcome, QueueRules, Step, TicketState, check_recall,
};
use crate::domain::text::validate_text;

use super::counter::{active_at_counter, counter_desk, counter_services, require_open};
use super::day::current_day;
use super::{
    Actor, AuditNote, QueueError, Store, Ticket, append_event, desk_of, fmt_time, load_ticket,
    note, parse_time,
};

/// Longest note or reason kept with a step, in characters.
pub const NOTE_MAX_CHARS: usize = 200;

/// Moves a waiting ticket to `counter` — only if it is still waiting: of two counters
/// racing for it, exactly one changes the row. The first staff member to take a ticket
/// becomes its first-contact owner. Returns the ticket as it is now.
pub(super) fn take(
    tx: &Transaction<'_>,
    actor: &Actor,
    ticket_id: i64,
    counter: i64,
    kind: EventKind,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    let changed = tx
        .prepare_cached(
            "UPDATE ticket SET state = 'called', counter_no = ?2, target_counter = NULL,
                               owner_staff_id = coalesce(owner_staff_id, ?3)
             WHERE id = +?1 AND state = 'waiting'",
        )?
        .execute((ticket_id, counter, actor.staff_id))?;
    let now_is = load_ticket(tx, ticket_id)?;
    if changed != 1 {
        return Err(match now_is {
            Some(t) if t.state.is_at_counter() => QueueError::AlreadyTaken {
                number: t.number,
                counter: t.counter_no.unwrap_or(0),
            },
            Some(t) => QueueError::NotWaiting {
                number: t.number,
                state: t.state,
            },
            None => QueueError::UnknownTicket(ticket_id.to_string()),
        });
    }
    let ticket = now_is.ok_or_else(|| QueueError::UnknownTicket(ticket_id.to_string()))?;
    // Taking a ticket never changes its service, so the event records the one it waited for.
    append_event(tx, &ticket, kind, actor, now, detail)?;
    Ok(ticket)
}

/// A ticket just called, and why it was this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Called {
    pub ticket: Ticket,
    pub reason: Reason,
}

/// Opens, pauses or closes the actor's counter. Closing is refused while a customer is
/// at the counter; pausing is not (the clerk finishes and then calls nobody).
pub fn set_counter(
    store: &mut Store,
    actor: &Actor,
    mode: CounterMode,
    now: DateTime<Utc>,
) -> Result<CounterMode, QueueError> {
    let (office, counter) = desk_of(actor)?;
    store.write_checked::<_, QueueError>(actor, |tx| {
        counter_services(tx, office, counter)?;
        if mode == CounterMode::Closed
            && let Some(day) = current_day(tx, office)?
            && let Some(t) = active_at_counter(tx, day.id, counter)?
        {
            return Err(QueueError::CounterHasTicket {
                counter,
                number: t.number,
            });
        }
        let staff = if mode == CounterMode::Closed {
            None
        } else {
            actor.staff_id
        };
        tx.prepare_cached(
            "INSERT INTO counter_state (office_id, counter_no, state, staff_id, since)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (office_id, counter_no) DO UPDATE
             SET state = excluded.state, staff_id = excluded.staff_id, since = excluded.since",
        )?
        .execute((office, counter, mode.as_str(), staff, fmt_time(now)))?;
        let action = match mode {
            CounterMode::Open => "counter_open",
            CounterMode::Paused => "counter_pause",
            CounterMode::Closed => "counter_close",
        };
        Ok((
            mode,
            AuditNote::new(action, "counter", format!("{office}/{counter}")),
        ))
    })
}

/// Everything waiting in a day, as the policy sees it.
pub(super) fn waiting_list(conn: &Connection, day_id: i64) -> Result<Vec<Waiting>, QueueError> {
    let rows = conn
        .prepare_cached(
            "SELECT id, service, priority, issued_at, target_counter FROM ticket
             WHERE business_day_id = +?1 AND state = 'waiting'",
        )?
        .query_map([day_id], |r| {
            Ok(Waiting {
                ticket_id: r.get(0)?,
                service: super::parse_letter(&r.get::<_, String>(1)?)?,
                priority: r.get(2)?,
                issued_at: parse_time(&r.get::<_, String>(3)?)?,
                target_counter: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The checks before any call: an open day, an open counter with nobody at it.
fn ready_to_call(
    tx: &Transaction<'_>,
    office: i64,
    counter: i64,
) -> Result<(super::BusinessDay, String), QueueError> {
    let (services, mode) = counter_desk(tx, office, counter)?;
    require_open(counter, mode)?;
    let day = current_day(tx, office)?.ok_or(QueueError::NoDayOpen { office })?;
    if let Some(busy) = active_at_counter(tx, day.id, counter)? {
        return Err(QueueError::CounterBusy {
            number: busy.number,
        });
    }
    Ok((day, services))
}

/// Calls the ticket the policy chooses for the actor's counter.
pub fn call_next(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    now: DateTime<Utc>,
) -> Result<Called, QueueError> {
    let (office, counter) = desk_of(actor)?;
    store.write_checked::<_, QueueError>(actor, |tx| {
        let (day, services) = ready_to_call(tx, office, counter)?;
        let waiting = waiting_list(tx, day.id)?;
        let calling = CallingCounter {
            number: counter,
            services: &services,
        };
        let choice =
            choose_next(&waiting, calling, now, rules).ok_or(QueueError::NothingWaiting)?;
        let detail = serde_json::json!({
            "reason": choice.reason, "urgency_permille": choice.urgency_permille,
        });
        let ticket = take(
            tx,
            actor,
            choice.ticket_id,
            counter,
            EventKind::Called,
            detail,
            now,
        )?;
        let audit = note("ticket_call", &ticket);
        Ok((
            Called {
                ticket,
                reason: choice.reason.clone(),
            },
            audit,
        ))
    })
}

/// Calls one waiting ticket out of the policy's order; the reason is required and kept,
/// together with the number the policy would have called. Any service may be called this
/// way (the clerk takes responsibility, and the event says so).
pub fn call_ticket(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    ticket_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Called, QueueError> {
    let (office, counter) = desk_of(actor)?;
    let why = validate_text(reason, NOTE_MAX_CHARS)?;
    if why.is_empty() {
        return Err(QueueError::ReasonRequired);
    }
    store.write_checked::<_, QueueError>(actor, |tx| {
        let (day, services) = ready_to_call(tx, office, counter)?;
        let ticket = load_ticket(tx, ticket_id)?
            .filter(|t| t.business_day_id == day.id)
            .ok_or_else(|| QueueError::UnknownTicket(ticket_id.to_string()))?;
        let waiting = waiting_list(tx, day.id)?;
        let calling = CallingCounter {
            number: counter,
            services: &services,
        };
        let policy = match choose_next(&waiting, calling, now, rules) {
            Some(c) => load_ticket(tx, c.ticket_id)?.map(|t| t.number),
            None => None,
        };
        let reason = Reason::OutOfOrder { note: why.clone() };
        let detail = serde_json::json!({ "reason": reason, "policy_would_call": policy });
        let ticket = take(
            tx,
            actor,
            ticket.id,
            counter,
            EventKind::CalledOutOfOrder,
            detail,
            now,
        )?;
        let audit = note("ticket_call_out_of_order", &ticket);
        Ok((Called { ticket, reason }, audit))
    })
}

/// Loads a ticket for `step` at the actor's counter: it must exist in the office, allow
/// the step, and (except for a resume) be at this counter.
fn for_step(
    tx: &Transaction<'_>,
    office: i64,
    counter: i64,
    ticket_id: i64,
    step: Step,
) -> Result<(Ticket, TicketState), QueueError> {
    let t = load_ticket(tx, ticket_id)?
        .filter(|t| t.office_id == office)
        .ok_or_else(|| QueueError::UnknownTicket(ticket_id.to_string()))?;
    let Some(next) = t.state.after(step) else {
        return Err(QueueError::WrongState {
            number: t.number,
            state: t.state,
            step,
        });
    };
    if step != Step::Resume && t.counter_no != Some(counter) {
        return Err(QueueError::NotAtThisCounter { number: t.number });
    }
    Ok((t, next))
}

/// The events of a ticket since its latest call: (recalls so far, last announcement).
fn announcements(
    conn: &Connection,
    ticket_id: i64,
) -> Result<(u32, Option<DateTime<Utc>>), QueueError> {
    let rows: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT kind, at FROM ticket_event WHERE ticket_id = +?1
               AND kind IN ('called', 'called_out_of_order', 'resumed', 'recalled')
             ORDER BY id DESC",
        )?
        .query_map([ticket_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let last = rows.first().map(|(_, at)| parse_time(at)).transpose()?;
    let recalls = rows.iter().take_while(|(k, _)| k == "recalled").count() as u32;
    Ok((recalls, last))
}

pub(super) fn recall_state(
    conn: &Connection,
    ticket_id: i64,
) -> Result<(u32, Option<DateTime<Utc>>), QueueError> {
    announcements(conn, ticket_id)
}

/// Announces the called ticket again, within the recall cap and interval of the rules.
/// Returns how many recalls it has had since it was called.
pub fn recall(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> Result<u32, QueueError> {
    let (office, counter) = desk_of(actor)?;
    store.write_checked::<_, QueueError>(actor, |tx| {
        let (t, _) = for_step(tx, office, counter, ticket_id, Step::Recall)?;
        let (recalls, last) = announcements(tx, t.id)?;
        check_recall(recalls, last.unwrap_or(t.issued_at), now, rules)?;
        let n = recalls + 1;
        append_event(
            tx,
            &t,
            EventKind::Recalled,
            actor,
            now,
            serde_json::json!({ "recall": n }),
        )?;
        Ok((n, note("ticket_recall", &t)))
    })
}

/// Changes the projection and appends the event of a simple step.
fn simple_step(
    store: &mut Store,
    actor: &Actor,
    ticket_id: i64,
    step: Step,
    kind: EventKind,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    let (office, counter) = desk_of(actor)?;
    let action = match step {
        Step::Arrive => "ticket_arrived",
        Step::Park => "ticket_park",
        _ => "ticket_no_show",
    };
    store
        .write_checked::<_, QueueError>(actor, |tx| {
            let (t, next) = for_step(tx, office, counter, ticket_id, step)?;
            tx.prepare_cached("UPDATE ticket SET state = ?2 WHERE id = +?1")?
                .execute((t.id, next.as_str()))?;
            append_event(tx, &t, kind, actor, now, detail.clone())?;
            Ok((t.id, note(action, &t)))
        })
        .and_then(|id| {
            load_ticket(store.conn(), id)?.ok_or(QueueError::UnknownTicket(id.to_string()))
        })
}

/// The called customer is at the counter.
pub fn arrived(
    store: &mut Store,
    actor: &Actor,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    simple_step(
        store,
        actor,
        ticket_id,
        Step::Arrive,
        EventKind::Arrived,
        serde_json::Value::Null,
        now,
    )
}

/// The customer steps aside (to fetch a document); the ticket waits in the parked list
/// and the counter is free for the next.
pub fn park(
    store: &mut Store,
    actor: &Actor,
    ticket_id: i64,
    note_text: &str,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    let text = validate_text(note_text, NOTE_MAX_CHARS)?;
    simple_step(
        store,
        actor,
        ticket_id,
        Step::Park,
        EventKind::Parked,
        serde_json::json!({ "note": text }),
        now,
    )
}

/// The called customer did not come.
pub fn no_show(
    store: &mut Store,
    actor: &Actor,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    simple_step(
        store,
        actor,
        ticket_id,
        Step::NoShow,
        EventKind::NoShow,
        serde_json::Value::Null,
        now,
    )
}

/// Calls a parked ticket back, to the actor's counter (open and free).
pub fn resume(
    store: &mut Store,
    actor: &Actor,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> Result<Called, QueueError> {
    let (office, counter) = desk_of(actor)?;
    store.write_checked::<_, QueueError>(actor, |tx| {
        let (t, _) = for_step(tx, office, counter, ticket_id, Step::Resume)?;
        ready_to_call(tx, office, counter)?;
        let changed = tx
            .prepare_cached(
                "UPDATE ticket SET state = 'called', counter_no = ?2 WHERE id = +?1 AND state = 'parked'",
            )?
            .execute((t.id, counter))?;
        if changed != 1 {
            return Err(QueueError::WrongState {
                number: t.number,
                state: t.state,
                step: Step::Resume,
            });
        }
        let detail = serde_json::json!({ "reason": Reason::Resumed, "parked_at": t.counter_no });
        append_event(tx, &t, EventKind::Resumed, actor, now, detail)?;
        let ticket = load_ticket(tx, t.id)?.unwrap_or(t);
        let audit = note("ticket_resume", &ticket);
        Ok((
            Called {
                ticket,
                reason: Reason::Resumed,
            },
            audit,
        ))
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransferRequest {
    /// The service it now waits for; `None` keeps its service.
    pub service: Option<char>,
    /// Only this counter may call it; `None` lets any counter of the service.
    pub counter: Option<i64>,
    pub note: String,
}

/// Sends the customer back to the queue for another service or a named counter. The
/// number, the original issue time (so the wait already done still counts) and the
/// first-contact owner stay.
pub fn transfer(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    ticket_id: i64,
    req: &TransferRequest,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    let (office, counter) = desk_of(actor)?;
    let text = validate_text(&req.note, NOTE_MAX_CHARS)?;
    if let Some(s) = req.service
        && rules.service(s).is_none()
    {
        return Err(QueueError::UnknownService {
            service: s,
            known: rules.letters(),
        });
    }
    store.write_checked::<_, QueueError>(actor, |tx| {
        let (t, _) = for_step(tx, office, counter, ticket_id, Step::Transfer)?;
        let to_service = req.service.unwrap_or(t.service);
        if to_service == t.service && req.counter.is_none() {
            return Err(QueueError::TransferNowhere);
        }
        if let Some(to) = req.counter {
            counter_services(tx, office, to)?;
        }
        tx.prepare_cached(
            "UPDATE ticket SET state = 'waiting', service = ?2, counter_no = NULL,
                               target_counter = ?3
             WHERE id = +?1",
        )?
        .execute((t.id, to_service.to_string(), req.counter))?;
        append_event(
            tx,
            &t,
            EventKind::Transferred,
            actor,
            now,
            serde_json::json!({
                "to_service": to_service.to_string(), "to_counter": req.counter, "note": text,
            }),
        )?;
        let moved = load_ticket(tx, t.id)?.unwrap_or(t);
        let audit = note("ticket_transfer", &moved);
        Ok((moved, audit))
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishRequest {
    pub outcome: Outcome,
    /// The customer's account, linked now if the ticket did not carry it.
    pub account_id: Option<i64>,
    /// The transaction done (a receipt number, an application number), free text for now.
    pub transaction_ref: Option<String>,
    pub note: String,
}

/// Finishes the ticket with the business done. The service time of this leg is kept in
/// the event (`service_secs`) for wait estimates; statistics recompute it from events.
pub fn finish(
    store: &mut Store,
    actor: &Actor,
    ticket_id: i64,
    req: &FinishRequest,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    let (office, counter) = desk_of(actor)?;
    let text = validate_text(&req.note, NOTE_MAX_CHARS)?;
    let reference = match &req.transaction_ref {
        Some(r) => Some(validate_text(r, 64)?).filter(|r| !r.is_empty()),
        None => None,
    };
    // Before the write lock: accounts are never deleted, so one found now is still there.
    let account_no = match req.account_id {
        Some(id) => Some(
            super::super::account::get(store.conn(), id)?
                .ok_or_else(|| QueueError::UnknownAccount(id.to_string()))?
                .summary
                .account_no,
        ),
        None => None,
    };
    store.write_checked::<_, QueueError>(actor, |tx| {
        let (t, _) = for_step(tx, office, counter, ticket_id, Step::Finish)?;
        let history: Vec<(String, String)> = tx
            .prepare_cached("SELECT kind, at FROM ticket_event WHERE ticket_id = +?1 ORDER BY id")?
            .query_map([t.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut steps = Vec::with_capacity(history.len());
        for (kind, at) in &history {
            if let Some(k) = EventKind::parse(kind) {
                steps.push((k, parse_time(at)?));
            }
        }
        let service_secs = leg_start(steps).map(|s| (now - s).num_seconds().max(0));
        tx.prepare_cached(
            "UPDATE ticket SET state = 'finished', outcome = ?2,
                               account_id = coalesce(?3, account_id)
             WHERE id = +?1",
        )?
        .execute((t.id, req.outcome.as_str(), req.account_id))?;
        append_event(
            tx,
            &t,
            EventKind::Finished,
            actor,
            now,
            serde_json::json!({
                "outcome": req.outcome.as_str(), "account_id": req.account_id,
                "transaction_ref": reference, "note": text, "service_secs": service_secs,
            }),
        )?;
        // What the UPDATE above made of it, without reading it back under the lock.
        let done = Ticket {
            state: TicketState::Finished,
            outcome: Some(req.outcome),
            account_id: req.account_id.or(t.account_id),
            account_no: account_no.clone().or_else(|| t.account_no.clone()),
            ..t
        };
        let audit = note("ticket_finish", &done);
        Ok((done, audit))
    })
}
