//! Issuing tickets (kiosk, `gasdesk ticket issue`, a counter's walk-in) and wait estimates.

use crate::db::Reads;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use crate::domain::account::is_account_no;
use crate::domain::phone;
use crate::domain::queue::{
    self, EventKind, PriorityInput, QueueRules, ServiceDef, TicketState, WaitEstimate,
    priority_lane, ticket_number,
};

use super::counter::{active_at_counter, counter_desk, require_open};
use super::day::{current_day, ensure_day};
use super::desk::take;
use super::{
    Actor, BusinessDay, QueueError, Store, Ticket, append_event, desk_of, fmt_time, load_ticket,
    note, office_exists,
};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueRequest {
    pub office_id: i64,
    pub service: char,
    /// The customer's account number, when known (typed, or from a card).
    pub account_no: Option<String>,
    /// A mobile number, as typed; stored canonical.
    pub phone: Option<String>,
    /// The priority lane was asked for (kiosk key, `--priority`, a clerk's choice).
    pub priority: bool,
}

/// A ticket just issued, with what its slip says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub ticket: Ticket,
    pub day: BusinessDay,
    /// This ticket opened the business day.
    pub opened_day: bool,
    pub estimate: WaitEstimate,
}

struct Checked<'a> {
    service: &'a ServiceDef,
    phone: Option<String>,
    account_id: Option<i64>,
}

fn check<'a>(
    conn: &Connection,
    rules: &'a QueueRules,
    req: &IssueRequest,
) -> Result<Checked<'a>, QueueError> {
    let service = rules
        .service(req.service)
        .ok_or_else(|| QueueError::UnknownService {
            service: req.service,
            known: rules.letters(),
        })?;
    // An office with an open day exists (the day refers to it), so the office itself is
    // looked up only before its first ticket of the day: one statement fewer for every
    // ticket, which keeps the statements of a ticket's life within rusqlite's cache.
    if current_day(conn, req.office_id)?.is_none() && !office_exists(conn, req.office_id)? {
        return Err(QueueError::UnknownOffice(req.office_id));
    }
    // Looked up before the write lock: accounts are never deleted, so one found now is
    // still there when the ticket is inserted.
    let account_id = match &req.account_no {
        Some(no) if is_account_no(no) => Some(
            super::super::account::id_by_account_no(conn, no)?
                .ok_or_else(|| QueueError::UnknownAccount(no.clone()))?,
        ),
        Some(no) => return Err(QueueError::UnknownAccount(no.clone())),
        None => None,
    };
    let phone = match req.phone.as_deref() {
        Some(p) => Some(phone::parse(p)?.as_str().to_string()),
        None => None,
    };
    Ok(Checked {
        service,
        phone,
        account_id,
    })
}

/// Inserts the ticket and its `issued` event inside `tx`.
fn insert_ticket(
    tx: &Transaction<'_>,
    actor: &Actor,
    rules: &QueueRules,
    req: &IssueRequest,
    checked: &Checked<'_>,
    now: DateTime<Utc>,
) -> Result<(Ticket, BusinessDay, bool), QueueError> {
    let account_id = checked.account_id;
    let (day, opened) = ensure_day(tx, req.office_id, now, rules)?;
    let letter = checked.service.letter;
    // Inside the IMMEDIATE transaction no other process can allocate between this read
    // and the insert; the UNIQUE index would refuse a duplicate anyway.
    let seq: i64 = tx
        .prepare_cached(
            "SELECT coalesce(max(seq), 0) + 1 FROM ticket
             WHERE business_day_id = +?1 AND letter = +?2",
        )?
        .query_row((day.id, letter.to_string()), |r| r.get(0))?;
    let priority = priority_lane(&PriorityInput {
        requested: req.priority,
        care_registered: crate::db::care::registered(
            tx,
            account_id,
            checked.phone.as_deref(),
            rules.local_day(now),
        )?,
    });
    let ticket = Ticket {
        id: 0,
        business_day_id: day.id,
        office_id: req.office_id,
        number: ticket_number(letter, seq),
        service: letter,
        priority,
        account_id,
        account_no: req.account_no.clone(),
        phone: checked.phone.clone(),
        issued_at: now,
        state: TicketState::Waiting,
        counter_no: None,
        target_counter: None,
        owner: None,
        outcome: None,
    };
    tx.prepare_cached(
        "INSERT INTO ticket (business_day_id, letter, seq, number, service, priority, account_id,
                             phone, issued_at, state)
         VALUES (?1, ?2, ?3, ?4, ?2, ?5, ?6, ?7, ?8, 'waiting')",
    )?
    .execute(rusqlite::params![
        day.id,
        letter.to_string(),
        seq,
        ticket.number,
        priority,
        account_id,
        ticket.phone,
        fmt_time(now),
    ])?;
    let ticket = Ticket {
        id: tx.last_insert_rowid(),
        ..ticket
    };
    append_event(
        tx,
        &ticket,
        EventKind::Issued,
        actor,
        now,
        serde_json::json!({ "priority": priority, "number": ticket.number }),
    )?;
    Ok((ticket, day, opened))
}

/// Issues a ticket: the number is the next of its service in the office's open business
/// day (opening today's day if none is open). Anyone may issue; see [`super::kiosk_actor`].
pub fn issue(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    req: &IssueRequest,
    now: DateTime<Utc>,
) -> Result<Issued, QueueError> {
    let checked = check(store.conn(), rules, req)?;
    let (ticket, day, opened_day) = store.write_checked::<_, QueueError>(actor, |tx| {
        let (ticket, day, opened) = insert_ticket(tx, actor, rules, req, &checked, now)?;
        let audit = note("ticket_issue", &ticket);
        Ok(((ticket, day, opened), audit))
    })?;
    let estimate = estimate_for(store.conn(), rules, &ticket)?;
    let ticket = load_ticket(store.conn(), ticket.id)?.unwrap_or(ticket);
    Ok(Issued {
        ticket,
        day,
        opened_day,
        estimate,
    })
}

/// A walk-in served on the spot at the actor's counter: issued, called and arrived in one
/// transaction, so it never shows as waiting. The counter must be open, free, and call
/// the service.
pub fn quick_serve(
    store: &mut Store,
    actor: &Actor,
    rules: &QueueRules,
    req: &IssueRequest,
    now: DateTime<Utc>,
) -> Result<Ticket, QueueError> {
    let (office, counter) = desk_of(actor)?;
    super::require_office(actor, req.office_id)?;
    let checked = check(store.conn(), rules, req)?;
    let id = store.write_checked::<_, QueueError>(actor, |tx| {
        let (services, mode) = counter_desk(tx, office, counter)?;
        if !services.contains(req.service) {
            return Err(QueueError::CounterDoesNotCall {
                counter,
                service: req.service,
            });
        }
        require_open(counter, mode)?;
        let (ticket, day, _) = insert_ticket(tx, actor, rules, req, &checked, now)?;
        if let Some(busy) = active_at_counter(tx, day.id, counter)? {
            return Err(QueueError::CounterBusy {
                number: busy.number,
            });
        }
        let reason = serde_json::json!({
            "reason": crate::domain::queue::policy::Reason::WalkIn
        });
        let called = take(
            tx,
            actor,
            ticket.id,
            counter,
            EventKind::Called,
            reason,
            now,
        )?;
        tx.prepare_cached("UPDATE ticket SET state = 'serving' WHERE id = +?1")?
            .execute([called.id])?;
        append_event(
            tx,
            &called,
            EventKind::Arrived,
            actor,
            now,
            serde_json::Value::Null,
        )?;
        Ok((called.id, note("ticket_quick_serve", &called)))
    })?;
    load_ticket(store.conn(), id)?.ok_or_else(|| QueueError::UnknownTicket(id.to_string()))
}

/// People ahead of `ticket` in its service, and the wait they mean.
fn estimate_for(
    conn: &Connection,
    rules: &QueueRules,
    ticket: &Ticket,
) -> Result<WaitEstimate, QueueError> {
    let ahead: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM ticket
             WHERE business_day_id = +?1 AND state = 'waiting' AND service = +?2 AND id < +?3",
        )?
        .query_row(
            (
                ticket.business_day_id,
                ticket.service.to_string(),
                ticket.id,
            ),
            |r| r.get(0),
        )?;
    estimate_with_ahead(
        conn,
        rules,
        ticket.office_id,
        ticket.service,
        ahead as usize,
    )
}

/// The wait a customer taking a ticket for `service` now can expect: everyone waiting
/// for the service is ahead. See [`queue::estimate_wait`] for the arithmetic.
pub fn estimate_wait(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
    service: char,
) -> Result<WaitEstimate, QueueError> {
    let conn = db.connection(crate::db::key());
    let ahead: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM ticket t JOIN business_day d ON d.id = t.business_day_id
             WHERE d.office_id = +?1 AND d.closed_at IS NULL AND t.state = 'waiting'
               AND t.service = +?2",
        )?
        .query_row((office_id, service.to_string()), |r| r.get(0))?;
    estimate_with_ahead(conn, rules, office_id, service, ahead as usize)
}

fn estimate_with_ahead(
    conn: &Connection,
    rules: &QueueRules,
    office_id: i64,
    service: char,
    ahead: usize,
) -> Result<WaitEstimate, QueueError> {
    let def = rules
        .service(service)
        .ok_or_else(|| QueueError::UnknownService {
            service,
            known: rules.letters(),
        })?;
    let recent: Vec<i64> = conn
        .prepare_cached(
            "SELECT json_extract(detail, '$.service_secs') FROM ticket_event
             WHERE office_id = +?1 AND service = +?2 AND kind = 'finished'
               AND json_extract(detail, '$.service_secs') IS NOT NULL
             ORDER BY id DESC LIMIT +?3",
        )?
        .query_map(
            (
                office_id,
                service.to_string(),
                i64::from(rules.estimate.recent_services),
            ),
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    // Counters open now that call the service; before any opens, those that could.
    let (open, could): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE s.state = 'open'), count(*)
             FROM counter c LEFT JOIN counter_state s
               ON s.office_id = c.office_id AND s.counter_no = c.number
             WHERE c.office_id = +?1 AND instr(c.services, ?2) > 0",
        )?
        .query_row((office_id, service.to_string()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let counters = if open > 0 { open } else { could };
    Ok(queue::estimate_wait(
        &recent,
        ahead,
        counters.max(1) as usize,
        def,
        rules,
    ))
}
