//! The queue in the store: business days, tickets, counters, and the reads behind the
//! kiosk, the counter screen (F2), the display board and the manager panel.
//!
//! Every write is one [`Store::write`]: one `BEGIN IMMEDIATE` transaction that changes the
//! `ticket` projection, appends its `ticket_event` row(s) and the audit row together.
//! Ticket numbers are allocated as `max(seq) + 1` inside that transaction, so they are
//! unique and gapless however many processes issue at once, and a rollback returns the
//! number. Numbering keys on the open business day of the office, never on the clock.
//!
//! Who may do what (checked here, not by the screens):
//! - **issue** a ticket: anyone, including the unauthenticated [`kiosk_actor`] of
//!   `gasdesk ticket issue` and the kiosk screen — a ticket moves no money and reveals
//!   nothing;
//! - **counter work** (open/pause/close a counter, call, recall, arrive, park, resume,
//!   transfer, finish, no-show, quick serve): [`Permission::CounterWork`], staff of the
//!   office, at the counter in `actor.counter_no`;
//! - **open and close the business day**: [`Permission::Supervise`] (managers), staff of
//!   the office.
//!
//! The SQL here writes a value compared in WHERE, ON or LIMIT as `+?N`, not `?N`. Given a
//! bare `?N`, SQLite's planner may look at the value bound, and then plans the statement
//! anew whenever that value changes; rusqlite's statement cache clears the values of every
//! statement handed back, so such a statement was parsed and planned again on every use
//! (loading a ticket: ~140 µs instead of ~7 µs; most of the CPU a queue write spent while
//! it held the write lock). The unary plus changes neither the comparison nor the index
//! used, and hides the value from the planner. `queue_statements_are_planned_once` checks.

mod counter;
mod day;
mod desk;
mod issue;
mod lists;
mod view;

pub(crate) use day::ensure_day;
pub use day::{ClosedDay, close_day, current_day, day_by_date, open_day};
pub use desk::{
    Called, FinishRequest, NOTE_MAX_CHARS, TransferRequest, arrived, call_next, call_ticket,
    finish, no_show, park, recall, resume, set_counter, transfer,
};
pub use issue::{IssueRequest, Issued, estimate_wait, issue, quick_serve};
pub use lists::{ParkedTicket, Unserved, closed_today};
pub use view::{
    Board, BoardCall, CounterRow, CounterView, CurrentTicket, ManagerPanel, NextUp, ServiceCount,
    TicketEvent, WaitingView, board, counter_view, events, manager_panel, ticket, ticket_by_number,
    waiting,
};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::domain::phone::PhoneError;
use crate::domain::queue::{CounterMode, EventKind, Outcome, RecallRefused, Step, TicketState};
use crate::domain::role::{Permission, PermissionDenied, Role};
use crate::domain::text::TextError;
use crate::i18n::{self, Lang, Localized};

use super::{Actor, AuditNote, DbError, Store};

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("office {office} has no open business day")]
    NoDayOpen { office: i64 },
    #[error("business day {day} is closed")]
    DayClosed { day: NaiveDate },
    #[error("business day {day} is still open")]
    DayAlreadyOpen { day: NaiveDate },
    #[error("cash shifts still open: {clerks}")]
    ShiftsStillOpen { clerks: String },
    #[error("no office {0}")]
    UnknownOffice(i64),
    #[error("unknown service {service:?} (services: {known})")]
    UnknownService { service: char, known: String },
    #[error("no counter {counter}")]
    UnknownCounter { counter: i64 },
    #[error("no counter chosen")]
    NoCounter,
    #[error("not staff of office {office}")]
    WrongOffice { office: i64 },
    #[error("no ticket {0}")]
    UnknownTicket(String),
    #[error("no account {0}")]
    UnknownAccount(String),
    #[error("counter {counter} is {mode:?}")]
    CounterNotOpen { counter: i64, mode: CounterMode },
    #[error("counter {counter} does not call service {service}")]
    CounterDoesNotCall { counter: i64, service: char },
    #[error("this counter is still serving {number}")]
    CounterBusy { number: String },
    #[error("counter {counter} is still serving {number}")]
    CounterHasTicket { counter: i64, number: String },
    #[error("nobody is waiting for this counter")]
    NothingWaiting,
    #[error("{number} is {state:?}, not waiting")]
    NotWaiting { number: String, state: TicketState },
    #[error("{number} is already being served by counter {counter}")]
    AlreadyTaken { number: String, counter: i64 },
    #[error("{number} is not at this counter")]
    NotAtThisCounter { number: String },
    #[error("{number} is {state:?}: cannot {step:?}")]
    WrongState {
        number: String,
        state: TicketState,
        step: Step,
    },
    #[error(transparent)]
    Recall(#[from] RecallRefused),
    #[error("a reason is required")]
    ReasonRequired,
    #[error("a transfer needs another service or a counter")]
    TransferNowhere,
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Phone(#[from] PhoneError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for QueueError {
    fn from(e: rusqlite::Error) -> Self {
        QueueError::Db(DbError::Sqlite(e))
    }
}

impl Localized for QueueError {
    fn localized(&self, lang: Lang) -> String {
        use QueueError as E;
        match self {
            E::NoDayOpen { .. } => i18n::Q_NO_DAY_OPEN.get(lang).to_string(),
            E::DayClosed { day } => i18n::Q_DAY_CLOSED.fill(lang, &[("day", day)]),
            E::DayAlreadyOpen { day } => i18n::Q_DAY_ALREADY_OPEN.fill(lang, &[("day", day)]),
            E::ShiftsStillOpen { clerks } => i18n::Q_SHIFTS_STILL_OPEN
                .fill(lang, &[("clerks", &crate::domain::text::sanitize(clerks))]),
            E::UnknownOffice(office) => i18n::Q_BAD_OFFICE.fill(lang, &[("office", office)]),
            E::UnknownService { service, known } => i18n::Q_UNKNOWN_SERVICE.fill(
                lang,
                &[
                    ("service", &crate::domain::text::describe_char(*service)),
                    ("services", known),
                ],
            ),
            E::UnknownCounter { counter } => {
                i18n::Q_UNKNOWN_COUNTER.fill(lang, &[("counter", counter)])
            }
            E::NoCounter => i18n::Q_NO_COUNTER.get(lang).to_string(),
            E::WrongOffice { office } => i18n::Q_WRONG_OFFICE.fill(lang, &[("office", office)]),
            E::UnknownTicket(number) => i18n::Q_UNKNOWN_TICKET
                .fill(lang, &[("number", &crate::domain::text::sanitize(number))]),
            E::UnknownAccount(account) => i18n::Q_UNKNOWN_ACCOUNT.fill(
                lang,
                &[("account", &crate::domain::text::sanitize(account))],
            ),
            E::CounterNotOpen { counter, mode } => i18n::Q_COUNTER_NOT_OPEN.fill(
                lang,
                &[("counter", counter), ("mode", &mode.label().get(lang))],
            ),
            E::CounterDoesNotCall { counter, service } => i18n::Q_COUNTER_DOES_NOT_CALL
                .fill(lang, &[("counter", counter), ("service", service)]),
            E::CounterBusy { number } => i18n::Q_COUNTER_BUSY.fill(lang, &[("number", number)]),
            E::CounterHasTicket { counter, number } => {
                i18n::Q_COUNTER_HAS_TICKET.fill(lang, &[("counter", counter), ("number", number)])
            }
            E::NothingWaiting => i18n::Q_NOTHING_WAITING.get(lang).to_string(),
            E::NotWaiting { number, state } => i18n::Q_NOT_WAITING.fill(
                lang,
                &[("number", number), ("state", &state.label().get(lang))],
            ),
            E::AlreadyTaken { number, counter } => {
                i18n::Q_ALREADY_TAKEN.fill(lang, &[("number", number), ("counter", counter)])
            }
            E::NotAtThisCounter { number } => {
                i18n::Q_NOT_AT_THIS_COUNTER.fill(lang, &[("number", number)])
            }
            E::WrongState {
                number,
                state,
                step,
            } => i18n::Q_WRONG_STATE.fill(
                lang,
                &[
                    ("number", number),
                    ("state", &state.label().get(lang)),
                    ("step", &step.label().get(lang)),
                ],
            ),
            E::Recall(r) => r.localized(lang),
            E::ReasonRequired => i18n::Q_REASON_REQUIRED.get(lang).to_string(),
            E::TransferNowhere => i18n::Q_TRANSFER_NOWHERE.get(lang).to_string(),
            E::Text(e) => e.localized(lang),
            E::Phone(e) => e.localized(lang),
            E::Db(e) => e.localized(lang),
        }
    }
}

/// The actor of `gasdesk ticket issue` and the kiosk screen: no staff member, no rights
/// beyond issuing tickets for its office; audit rows name it `kiosk`.
pub fn kiosk_actor(office_id: i64) -> Actor {
    Actor {
        staff_id: None,
        staff_no: "kiosk".into(),
        role: Role::Clerk,
        office_id: Some(office_id),
        counter_no: None,
    }
}

/// An open business day of one office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessDay {
    pub id: i64,
    pub office_id: i64,
    pub day: NaiveDate,
    pub opened_at: DateTime<Utc>,
    /// `None` when the first ticket of the day opened it.
    pub opened_by: Option<i64>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<i64>,
}

impl BusinessDay {
    /// Still open although the offices' calendar has moved past it (nobody closed it
    /// last night): tickets keep going to it until a manager closes it, so screens warn.
    pub fn is_stale(&self, now: DateTime<Utc>, rules: &crate::domain::queue::QueueRules) -> bool {
        self.closed_at.is_none() && self.day < rules.local_day(now)
    }
}

/// A staff member as shown beside a ticket (the first-contact owner) or a counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRef {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: i64,
    pub business_day_id: i64,
    pub office_id: i64,
    /// `A012`: the letter it was issued under and its sequence; kept through transfers.
    pub number: String,
    /// The service it waits for or is served under now.
    pub service: char,
    pub priority: bool,
    pub account_id: Option<i64>,
    pub account_no: Option<String>,
    pub phone: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub state: TicketState,
    pub counter_no: Option<i64>,
    pub target_counter: Option<i64>,
    /// First-contact owner (首问负责).
    pub owner: Option<StaffRef>,
    pub outcome: Option<Outcome>,
}

/// Timestamps are stored like [`super::now_utc`]: UTC, milliseconds, so they sort as text.
pub(crate) fn fmt_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub(crate) fn parse_time(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

fn parse_letter(s: &str) -> rusqlite::Result<char> {
    s.chars().next().ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            "empty service letter".into(),
        )
    })
}

fn bad_value(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} {value:?}").into(),
    )
}

const TICKET_SELECT: &str = "
    SELECT t.id, t.business_day_id, d.office_id, t.number, t.service, t.priority,
           t.account_id, a.account_no, t.phone, t.issued_at, t.state, t.counter_no,
           t.target_counter, t.owner_staff_id, s.staff_no, s.name, t.outcome
    FROM ticket t
    JOIN business_day d ON d.id = t.business_day_id
    LEFT JOIN account a ON a.id = t.account_id
    LEFT JOIN staff s ON s.id = t.owner_staff_id";

fn ticket_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Ticket> {
    let state: String = r.get(10)?;
    let outcome: Option<String> = r.get(16)?;
    let owner = match r.get::<_, Option<i64>>(13)? {
        Some(id) => Some(StaffRef {
            id,
            staff_no: r.get(14)?,
            name: r.get(15)?,
        }),
        None => None,
    };
    Ok(Ticket {
        id: r.get(0)?,
        business_day_id: r.get(1)?,
        office_id: r.get(2)?,
        number: r.get(3)?,
        service: parse_letter(&r.get::<_, String>(4)?)?,
        priority: r.get(5)?,
        account_id: r.get(6)?,
        account_no: r.get(7)?,
        phone: r.get(8)?,
        issued_at: parse_time(&r.get::<_, String>(9)?)?,
        state: TicketState::parse(&state).ok_or_else(|| bad_value("state", &state))?,
        counter_no: r.get(11)?,
        target_counter: r.get(12)?,
        owner,
        outcome: match outcome {
            Some(o) => Some(Outcome::parse(&o).ok_or_else(|| bad_value("outcome", &o))?),
            None => None,
        },
    })
}

fn load_ticket(conn: &Connection, id: i64) -> Result<Option<Ticket>, QueueError> {
    Ok(conn
        .prepare_cached(&format!("{TICKET_SELECT} WHERE t.id = +?1"))?
        .query_row([id], ticket_from)
        .optional()?)
}

impl super::RuleError for QueueError {
    fn into_db(self) -> Result<DbError, Self> {
        match self {
            QueueError::Db(e) => Ok(e),
            other => Err(other),
        }
    }
}

/// The office an actor may work in, checked against the one asked for.
fn require_office(actor: &Actor, office: i64) -> Result<(), QueueError> {
    if actor.office_id == Some(office) {
        Ok(())
    } else {
        Err(QueueError::WrongOffice { office })
    }
}

/// Counter work and day changes need a staff member who logged in: the kiosk actor
/// (no staff id) may only issue.
fn require_staff(actor: &Actor, permission: Permission) -> Result<(), QueueError> {
    actor.require(permission)?;
    if actor.staff_id.is_none() {
        return Err(DbError::Permission(PermissionDenied {
            role: actor.role,
            permission,
        })
        .into());
    }
    Ok(())
}

/// The counter an actor works at, after the permission checks.
fn desk_of(actor: &Actor) -> Result<(i64, i64), QueueError> {
    require_staff(actor, Permission::CounterWork)?;
    let office = actor.office_id.ok_or(QueueError::NoCounter)?;
    let counter = actor.counter_no.ok_or(QueueError::NoCounter)?;
    Ok((office, counter))
}

/// Appends one event for `ticket` (its service as it is at this moment).
fn append_event(
    tx: &Transaction<'_>,
    ticket: &Ticket,
    kind: EventKind,
    actor: &Actor,
    at: DateTime<Utc>,
    detail: serde_json::Value,
) -> Result<(), QueueError> {
    let detail = if detail.is_null() {
        "{}".to_string()
    } else {
        detail.to_string()
    };
    tx.prepare_cached(
        "INSERT INTO ticket_event (ticket_id, business_day_id, office_id, at, kind, service,
                                   staff_id, counter_no, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        ticket.id,
        ticket.business_day_id,
        ticket.office_id,
        fmt_time(at),
        kind.as_str(),
        ticket.service.to_string(),
        actor.staff_id,
        actor.counter_no,
        detail,
    ])?;
    Ok(())
}

/// The audit note of a ticket step.
fn note(action: &'static str, t: &Ticket) -> AuditNote {
    AuditNote::new(action, "ticket", t.id).detail(serde_json::json!({
        "number": t.number, "office": t.office_id, "day": t.business_day_id,
    }))
}

fn office_exists(conn: &Connection, office: i64) -> Result<bool, QueueError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM office WHERE id = +?1")?
        .query_row([office], |_| Ok(()))
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::db::DbKind;
    use crate::db::staff::NewStaff;
    use crate::db::test_support::reprepared;
    use crate::domain::office::builtin_offices;
    use crate::domain::queue::builtin_rules;

    #[test]
    fn queue_statements_are_planned_once() {
        let mut store = Store::in_memory(DbKind::Demo).unwrap();
        let system = Actor::system();
        crate::db::office::install(&mut store, &system, &builtin_offices()).unwrap();
        let mut clerks = Vec::new();
        for (no, counter) in [("1001", 1), ("1002", 2)] {
            let id = crate::db::staff::add(
                &mut store,
                &system,
                &NewStaff {
                    staff_no: no.into(),
                    name: "员工甲".into(),
                    office_id: 1,
                    counter_no: Some(counter),
                    role: Role::Clerk,
                    pin_hash: "not-a-real-hash".into(),
                },
            )
            .unwrap();
            clerks.push(Actor {
                staff_id: Some(id),
                staff_no: no.into(),
                role: Role::Clerk,
                office_id: Some(1),
                counter_no: Some(counter),
            });
        }
        let rules = builtin_rules();
        let at = |secs: i64| {
            Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + chrono::Duration::seconds(secs)
        };
        for clerk in &clerks {
            set_counter(&mut store, clerk, CounterMode::Open, at(0)).unwrap();
        }
        let finish_req = FinishRequest {
            outcome: Outcome::Other,
            account_id: None,
            transaction_ref: None,
            note: String::new(),
        };
        // Several rounds, so every statement is taken from the cache with new values.
        for round in 0..6 {
            for service in ['A', 'B', 'A', 'C'] {
                let req = IssueRequest {
                    office_id: 1,
                    service,
                    ..Default::default()
                };
                issue(&mut store, &kiosk_actor(1), &rules, &req, at(10 + round)).unwrap();
            }
            for clerk in &clerks {
                let called = call_next(&mut store, clerk, &rules, at(20 + round)).unwrap();
                let id = called.ticket.id;
                arrived(&mut store, clerk, id, at(30 + round)).unwrap();
                finish(&mut store, clerk, id, &finish_req, at(40 + round)).unwrap();
            }
            estimate_wait(store.conn(), &rules, 1, 'A').unwrap();
            counter_view(store.conn(), &rules, 1, 1, at(50 + round)).unwrap();
            board(store.conn(), &rules, 1, 8).unwrap();
            waiting(store.conn(), &rules, 1).unwrap();
            events(store.conn(), 1).unwrap();
            ticket_by_number(store.conn(), 1, "A001").unwrap();
        }
        assert_eq!(reprepared(store.conn()), Vec::<String>::new());
    }
}
