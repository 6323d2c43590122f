//! New installs in the store. The stage rules are the domain's ([`Progress::apply`]);
//! every step here is one `BEGIN IMMEDIATE` transaction: a conditional update on the
//! version the clerk saw (of two counters advancing the same application, one wins and
//! the other is told who did what and when), an event row, an audit row. The schema's
//! triggers refuse any move the rules do not allow, whatever code makes it. Audit rows
//! carry the application number, stages and codes, never the applicant's details.

mod correct;
mod event_words;
mod open;
mod read;
mod step;
#[cfg(test)]
mod tests;
mod view;
pub use step::{Step, step};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::{Actor, AuditNote, DbError, Store};
use crate::domain::account::MeterKind;
use crate::domain::install::{
    self, Action, InstallError, InstallRules, NewApplication, Progress, Stage, WorkCalendar,
};
use crate::domain::role::PermissionDenied;
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized};

pub use correct::correct_applicant;
pub use open::{Opened, open_account};
pub use read::{find, open, open_by};
pub use view::{
    AppView, DocumentRow, EventRow, Existing, HoldRow, ListFilter, ListRow, TicketLink, existing,
    list, list_params, list_sql, lookup, lookup_sql, stage_words, view, view_by_id,
};

#[derive(Debug, thiserror::Error)]
pub enum InstallDbError {
    #[error(transparent)]
    Rule(#[from] InstallError),
    #[error("no application {0}")]
    NotFound(String),
    /// Someone else changed the application since it was read.
    #[error("{who} already did {action} at {at}")]
    Moved {
        who: String,
        at: String,
        action: String,
    },
    /// Something already exists at this address or for this ID: accept again with
    /// `confirmed` to go ahead.
    #[error("already at this address or ID: {0:?}")]
    Duplicate(Vec<Existing>),
    #[error("the actor has no office")]
    NoOffice,
    /// Staff of another office doing a step on an application: only its own office's
    /// clerks and managers work on it; others may look it up and read it. Names the
    /// application and its office.
    #[error("application {app_no} belongs to office {code}")]
    OtherOffice {
        app_no: String,
        code: String,
        name_zh: String,
        name_en: String,
    },
    #[error("no staff member {0}")]
    UnknownStaff(String),
    /// A reassignment to someone who may not handle the application.
    #[error("{staff} cannot handle it: {why:?}")]
    Handler { staff: String, why: HandlerRefusal },
    #[error("no quote to take the fee for")]
    FeeAtCashDesk,
    #[error(transparent)]
    Cash(Box<super::cash::CashError>),
    #[error("card: {0}")]
    Card(String),
    /// The meter serial is already installed on an account.
    #[error("meter {serial} is on account {account_no}")]
    SerialInUse { serial: String, account_no: String },
    /// Intake from a queue ticket that is not being served at the actor's counter.
    #[error("ticket {0} is not being served at this counter")]
    TicketNotServed(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Why a staff member may not become an application's handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerRefusal {
    /// The administrator, a trainer: only clerks and managers handle applications.
    Role,
    /// Staff of another office (the mobile vehicle counts as an office of its own).
    OtherOffice,
    Inactive,
    /// The handler already.
    Already,
}

impl From<rusqlite::Error> for InstallDbError {
    fn from(e: rusqlite::Error) -> Self {
        InstallDbError::Db(DbError::Sqlite(e))
    }
}

impl From<PermissionDenied> for InstallDbError {
    fn from(e: PermissionDenied) -> Self {
        InstallDbError::Db(DbError::Permission(e))
    }
}

impl From<install::StageError> for InstallDbError {
    fn from(e: install::StageError) -> Self {
        InstallDbError::Rule(InstallError::Stage(e))
    }
}

impl From<super::cash::CashError> for InstallDbError {
    fn from(e: super::cash::CashError) -> Self {
        match e {
            super::cash::CashError::Db(db) => InstallDbError::Db(db),
            other => InstallDbError::Cash(Box::new(other)),
        }
    }
}

impl super::RuleError for InstallDbError {
    fn into_db(self) -> Result<DbError, Self> {
        match self {
            InstallDbError::Db(e) => Ok(e),
            other => Err(other),
        }
    }
}

impl Localized for InstallDbError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            InstallDbError::Rule(e) => e.localized(lang),
            InstallDbError::NotFound(no) => {
                i18n::IN_ERR_NOT_FOUND.fill(lang, &[("no", &sanitize(no))])
            }
            InstallDbError::Moved { who, at, action } => {
                let action = Action::parse(action)
                    .map(|a| a.label().get(lang).to_string())
                    .unwrap_or_else(|| sanitize(action).into_owned());
                i18n::IN_ERR_MOVED.fill(
                    lang,
                    &[
                        ("who", &sanitize(who)),
                        ("at", &crate::clock::office_minute_of_stamp(at)),
                        ("action", &action),
                    ],
                )
            }
            InstallDbError::Duplicate(found) => {
                let what: Vec<String> = found.iter().map(|e| e.describe(lang)).collect();
                i18n::IN_ERR_DUPLICATE.fill(lang, &[("what", &what.join("; "))])
            }
            InstallDbError::NoOffice => i18n::IN_ERR_NO_OFFICE.get(lang).to_string(),
            InstallDbError::OtherOffice {
                app_no,
                code,
                name_zh,
                name_en,
            } => i18n::IN_ERR_NOT_THIS_OFFICE.fill(
                lang,
                &[
                    ("no", &sanitize(app_no)),
                    ("code", &sanitize(code)),
                    (
                        "office",
                        &sanitize(match lang {
                            Lang::Zh => name_zh,
                            Lang::En => name_en,
                        }),
                    ),
                ],
            ),
            InstallDbError::UnknownStaff(no) => {
                i18n::IN_ERR_UNKNOWN_STAFF.fill(lang, &[("staff", &sanitize(no))])
            }
            InstallDbError::Handler { staff, why } => match why {
                HandlerRefusal::Role => i18n::IN_ERR_HANDLER_ROLE,
                HandlerRefusal::OtherOffice => i18n::IN_ERR_HANDLER_OFFICE,
                HandlerRefusal::Inactive => i18n::IN_ERR_HANDLER_INACTIVE,
                HandlerRefusal::Already => i18n::IN_ERR_HANDLER_ALREADY,
            }
            .fill(lang, &[("staff", &sanitize(staff))]),
            InstallDbError::FeeAtCashDesk => i18n::IN_ERR_NO_QUOTE.get(lang).to_string(),
            InstallDbError::Cash(e) => e.localized(lang),
            InstallDbError::Card(e) => sanitize(e).into_owned(),
            InstallDbError::SerialInUse { serial, account_no } => i18n::IN_ERR_SERIAL_IN_USE.fill(
                lang,
                &[
                    ("serial", &sanitize(serial)),
                    ("account", &sanitize(account_no)),
                ],
            ),
            InstallDbError::TicketNotServed(number) => {
                i18n::IN_ERR_TICKET_NOT_SERVED.fill(lang, &[("ticket", &sanitize(number))])
            }
            InstallDbError::Db(e) => e.localized(lang),
        }
    }
}

pub(crate) fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// An application accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub id: i64,
    pub app_no: String,
    pub due_on: NaiveDate,
}

/// Takes an application at `actor`'s office; the actor is its first-contact owner. With
/// something already at the address or for the ID, refused with
/// [`InstallDbError::Duplicate`] unless `confirmed` (the clerk saw the warning).
pub fn accept(
    store: &mut Store,
    actor: &Actor,
    app: &NewApplication,
    confirmed: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Accepted, InstallDbError> {
    accept_at_ticket(store, actor, app, confirmed, None, today, now)
}

/// As [`accept`], taken for the customer of queue ticket `ticket` (its id), which must be
/// at `actor`'s counter now: the application records the ticket (office, business day,
/// number) in the same transaction.
pub fn accept_at_ticket(
    store: &mut Store,
    actor: &Actor,
    app: &NewApplication,
    confirmed: bool,
    ticket: Option<i64>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Accepted, InstallDbError> {
    actor.require(Action::BookSurvey.permission())?;
    let (Some(staff), Some(office)) = (actor.staff_id, actor.office_id) else {
        return Err(InstallDbError::NoOffice);
    };
    let rules = InstallRules::builtin();
    let cal = WorkCalendar::builtin();
    let due = cal.add_working_days(today, rules.limit(Stage::Accepted).unwrap_or(1));
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        if !confirmed {
            let found = existing(tx, app.id_number.as_str(), &app.district, &app.address)?;
            if !found.is_empty() {
                return Err(InstallDbError::Duplicate(found));
            }
        }
        let code: String = tx
            .prepare_cached("SELECT code FROM office WHERE id = ?1")?
            .query_row([office], |r| r.get(0))?;
        let year = today.format("%Y").to_string().parse::<i32>().unwrap_or(2026);
        let last: Option<i64> = tx
            .prepare_cached("SELECT last_seq FROM install_series WHERE office_id = ?1 AND year = ?2")?
            .query_row((office, year), |r| r.get(0))
            .optional()?;
        let seq = match last {
            Some(last) => {
                tx.prepare_cached(
                    "UPDATE install_series SET last_seq = ?3 WHERE office_id = ?1 AND year = ?2",
                )?
                .execute((office, year, last + 1))?;
                last + 1
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO install_series (office_id, year, last_seq) VALUES (?1, ?2, 1)",
                )?
                .execute((office, year))?;
                1
            }
        };
        let app_no = install::application_no(&code, year, seq);
        let at = crate::clock::stamp(now);
        tx.prepare_cached(
            "INSERT INTO install_application (app_no, office_id, year, seq, name, id_number,
                 phone, district, address, customer_type, household, channel, stage,
                 stage_since, due_on, owner_staff_id, handler_staff_id, accepted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'accepted', ?13, ?14,
                     ?15, ?15, ?16)",
        )?
        .execute(rusqlite::params![
            app_no,
            office,
            year,
            seq,
            app.name,
            app.id_number.as_str(),
            app.phone.as_str(),
            app.district,
            app.address,
            app.customer.as_str(),
            app.household,
            app.channel.as_str(),
            day_text(today),
            day_text(due),
            staff,
            at,
        ])?;
        let id = tx.last_insert_rowid();
        let ticket_no = match ticket {
            Some(ticket) => Some(link_ticket(tx, actor, id, ticket)?),
            None => None,
        };
        for code in &app.seen {
            let core = rules.document(code).is_some_and(|d| d.core);
            tx.prepare_cached(
                "INSERT INTO install_document (application_id, code, core, received_on, received_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((id, code, core, day_text(today), staff))?;
        }
        for (code, owed_until) in &app.owed {
            tx.prepare_cached(
                "INSERT INTO install_document (application_id, code, core, due_on)
                 VALUES (?1, ?2, 0, ?3)",
            )?
            .execute((id, code, day_text(*owed_until)))?;
        }
        insert_event(
            tx,
            &EventIn {
                application_id: id,
                at: &at,
                staff_id: Some(staff),
                action: "accept",
                from: None,
                to: Stage::Accepted,
                on_hold: false,
                due: Some(due),
                note: None,
                detail: serde_json::json!({ "owed": app.owed.iter().map(|(c, _)| c).collect::<Vec<_>>(),
                                             "confirmed_duplicate": confirmed }),
            },
        )?;
        let note = AuditNote::new("install_accept", "install_application", &app_no).detail(
            serde_json::json!({
                "customer_type": app.customer.as_str(),
                "channel": app.channel.as_str(),
                "owed": app.owed.iter().map(|(c, _)| c).collect::<Vec<_>>(),
                "confirmed_duplicate": confirmed,
                "ticket": ticket_no,
            }),
        );
        Ok((
            Accepted {
                id,
                app_no: app_no.clone(),
                due_on: due,
            },
            note,
        ))
    })
}

/// Records that application `id` was taken for queue ticket `ticket`, which must be
/// called or served at `actor`'s counter of `actor`'s office. Returns its number.
fn link_ticket(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
    ticket: i64,
) -> Result<String, InstallDbError> {
    let found: Option<(String, i64, String, Option<i64>)> = tx
        .prepare_cached(
            "SELECT t.number, d.office_id, t.state, t.counter_no
             FROM ticket t JOIN business_day d ON d.id = t.business_day_id WHERE t.id = ?1",
        )?
        .query_row([ticket], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((number, office, state, counter)) = found else {
        return Err(InstallDbError::TicketNotServed(ticket.to_string()));
    };
    let served = Some(office) == actor.office_id
        && matches!(state.as_str(), "called" | "serving")
        && counter.is_some()
        && counter == actor.counter_no;
    if !served {
        return Err(InstallDbError::TicketNotServed(number));
    }
    tx.prepare_cached("INSERT INTO install_ticket (application_id, ticket_id) VALUES (?1, ?2)")?
        .execute((id, ticket))?;
    Ok(number)
}

pub(crate) struct EventIn<'a> {
    pub application_id: i64,
    pub at: &'a str,
    pub staff_id: Option<i64>,
    pub action: &'a str,
    pub from: Option<Stage>,
    pub to: Stage,
    pub on_hold: bool,
    pub due: Option<NaiveDate>,
    pub note: Option<&'a str>,
    pub detail: serde_json::Value,
}

pub(crate) fn insert_event(tx: &Transaction<'_>, e: &EventIn<'_>) -> Result<(), DbError> {
    tx.prepare_cached(
        "INSERT INTO install_event (application_id, at, staff_id, action, from_stage, to_stage,
                                    on_hold, due_on, note, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        e.application_id,
        e.at,
        e.staff_id,
        e.action,
        e.from.map(Stage::as_str),
        e.to.as_str(),
        e.on_hold,
        e.due.map(day_text),
        e.note,
        if e.detail.is_null() {
            None
        } else {
            Some(e.detail.to_string())
        },
    ])?;
    Ok(())
}

/// The state of an application a step reads under the write lock.
#[derive(Debug, Clone)]
pub(crate) struct Current {
    pub id: i64,
    pub app_no: String,
    pub office_id: i64,
    pub progress: Progress,
    pub due_on: Option<NaiveDate>,
    pub version: i64,
    pub customer: String,
    pub quote_fen: Option<i64>,
    pub fee_receipt_id: Option<i64>,
    /// The day the site survey is booked for, once booked.
    pub survey_on: Option<NaiveDate>,
}

pub(crate) fn current(tx: &Transaction<'_>, id: i64) -> Result<Option<Current>, DbError> {
    Ok(tx
        .prepare_cached(
            "SELECT id, app_no, office_id, stage, on_hold, fee_paid, inspection_passed,
                    cancelled_from, due_on, version, customer_type, quote_fen,
                    fee_receipt_id, survey_on
             FROM install_application WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let stage: String = r.get(3)?;
            let from: Option<String> = r.get(7)?;
            let due: Option<String> = r.get(8)?;
            let survey_on: Option<String> = r.get(13)?;
            Ok(Current {
                id: r.get(0)?,
                app_no: r.get(1)?,
                office_id: r.get(2)?,
                progress: Progress {
                    stage: Stage::parse(&stage).unwrap_or(Stage::Cancelled),
                    on_hold: r.get(4)?,
                    fee_paid: r.get(5)?,
                    inspection_passed: r.get(6)?,
                    cancelled_from: from.as_deref().and_then(Stage::parse),
                },
                due_on: due.as_deref().and_then(parse_day),
                version: r.get(9)?,
                customer: r.get(10)?,
                quote_fen: r.get(11)?,
                fee_receipt_id: r.get(12)?,
                survey_on: survey_on.as_deref().and_then(parse_day),
            })
        })
        .optional()?)
}

/// Refuses `actor` any step on application `cur` unless they work at its office
/// ([`install::own_office`]; the mobile vehicle is an office of its own). Staff of
/// another office may look it up and read it, nothing more.
pub(crate) fn require_own_office(
    tx: &Transaction<'_>,
    actor: &Actor,
    cur: &Current,
) -> Result<(), InstallDbError> {
    if install::own_office(actor.office_id, cur.office_id) {
        return Ok(());
    }
    let (code, name_zh, name_en) = tx
        .prepare_cached("SELECT code, name_zh, name_en FROM office WHERE id = ?1")?
        .query_row([cur.office_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Err(InstallDbError::OtherOffice {
        app_no: cur.app_no.clone(),
        code,
        name_zh,
        name_en,
    })
}

/// Who last changed an application, for the one who lost a race.
pub(crate) fn last_change(tx: &Transaction<'_>, id: i64) -> Result<InstallDbError, DbError> {
    let (who, at, action): (Option<String>, String, String) = tx
        .prepare_cached(
            "SELECT s.staff_no || ' ' || s.name, e.at, e.action FROM install_event e
             LEFT JOIN staff s ON s.id = e.staff_id
             WHERE e.application_id = ?1 ORDER BY e.id DESC LIMIT 1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(InstallDbError::Moved {
        who: who.unwrap_or_else(|| "system".into()),
        at,
        action,
    })
}

/// The application whose install fee receipt `receipt_id` is, when it is finished
/// (`completed`) or cancelled: such a fee is not voided at the counter. A completed
/// application's account is open and its pipe laid; a cancelled one is reopened first
/// (a manager), so that the void sends it back to 缴费 with a row in its history.
pub(crate) fn fee_locked(
    conn: &rusqlite::Connection,
    receipt_id: i64,
) -> Result<Option<(String, Stage)>, DbError> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT app_no, stage FROM install_application
             WHERE fee_receipt_id = ?1 AND stage IN ('completed', 'cancelled')",
        )?
        .query_row([receipt_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(no, stage)| (no, Stage::parse(&stage).unwrap_or(Stage::Completed))))
}

/// Called by the cash desk inside the transaction of a void or refund of receipt
/// `receipt_id`: an application whose fee it was goes back to 缴费, with an event row.
/// A completed application keeps its state (its account is open; the refund is money
/// only).
pub(crate) fn fee_voided(
    tx: &Transaction<'_>,
    receipt_id: i64,
    staff_id: Option<i64>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbError> {
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM install_application
             WHERE fee_receipt_id = ?1 AND fee_paid = 1 AND stage NOT IN ('completed', 'cancelled')",
        )?
        .query_row([receipt_id], |r| r.get(0))
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let Some(cur) = current(tx, id)? else {
        return Ok(None);
    };
    let Ok(after) = cur.progress.apply(Action::VoidFee) else {
        return Ok(None);
    };
    let cal = WorkCalendar::builtin();
    let due = InstallRules::builtin()
        .limit(Stage::Fee)
        .map(|d| cal.add_working_days(today, d));
    tx.prepare_cached(
        "UPDATE install_application SET stage = ?2, fee_paid = 0, inspection_passed = 0,
             stage_since = ?3, due_on = ?4, version = version + 1
         WHERE id = ?1",
    )?
    .execute((id, after.stage.as_str(), day_text(today), due.map(day_text)))?;
    let at = crate::clock::stamp(now);
    insert_event(
        tx,
        &EventIn {
            application_id: id,
            at: &at,
            staff_id,
            action: Action::VoidFee.as_str(),
            from: Some(cur.progress.stage),
            to: after.stage,
            on_hold: after.on_hold,
            due,
            note: None,
            detail: serde_json::json!({ "receipt_id": receipt_id }),
        },
    )?;
    Ok(Some(cur.app_no))
}

/// Fills a bench's file with `n` applications spread over the offices, stages and due
/// dates around `today` (a third overdue, some on hold, a fifth finished), each with a
/// history row and an owed document; one transaction, one audit row. For `gasdesk bench
/// install` only: the caller has checked the file is a bench's own.
pub fn load_bench(
    store: &mut Store,
    actor: &Actor,
    n: usize,
    today: NaiveDate,
) -> Result<usize, DbError> {
    actor.require(crate::domain::role::Permission::RebuildDemo)?;
    store.write(actor, |tx| {
        let offices: Vec<(i64, String)> = tx
            .prepare("SELECT id, code FROM office ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let staff: Vec<(i64, i64)> = tx
            .prepare("SELECT id, office_id FROM staff WHERE role = 'clerk' ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let year: i32 = today.format("%Y").to_string().parse().unwrap_or(2026);
        let mut insert = tx.prepare(
            "INSERT INTO install_application (app_no, office_id, year, seq, name, id_number,
                 phone, district, address, customer_type, household, channel, stage, on_hold,
                 stage_since, due_on, owner_staff_id, handler_staff_id, accepted_at,
                 cancelled_from, fee_paid, inspection_passed, fee_receipt_id, account_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '蜀山区', ?8, 'residential', 3, 'counter',
                     ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15, 0, 0, NULL, NULL)",
        )?;
        let mut event = tx.prepare(
            "INSERT INTO install_event (application_id, at, staff_id, action, to_stage, on_hold, due_on)
             VALUES (?1, ?2, ?3, 'accept', 'accepted', 0, ?4)",
        )?;
        let mut doc = tx.prepare(
            "INSERT INTO install_document (application_id, code, core, due_on) VALUES (?1, 'floor_plan', 0, ?2)",
        )?;
        let mut seqs = vec![0i64; offices.len()];
        let open = [Stage::Accepted, Stage::Survey, Stage::Design, Stage::Fee];
        for i in 0..n {
            let o = i % offices.len();
            let (office, code) = &offices[o];
            seqs[o] += 1;
            let seq = seqs[o];
            let clerks: Vec<i64> = staff.iter().filter(|s| s.1 == *office).map(|s| s.0).collect();
            let handler = clerks.get(i / offices.len() % clerks.len().max(1)).copied().unwrap_or(1);
            let h = crate::demo::lists::mix64(i as u64);
            let finished = h.is_multiple_of(5);
            let stage = if finished { Stage::Cancelled } else { open[(h % 4) as usize] };
            let offset = (h >> 8) % 60;
            let due = today + chrono::Days::new(offset) - chrono::Days::new(20);
            let app_no = install::application_no(code, year, seq);
            insert.execute(rusqlite::params![
                app_no,
                office,
                year,
                seq,
                format!("申请人{i}"),
                format!("{:017}X", 34_010_400_000_000_000u64 + i as u64),
                format!("139{:08}", i),
                format!("新城路{} 小区{} {}栋{}室", i % 300, i % 97, i % 30, 100 + i % 700),
                stage.as_str(),
                !finished && h.is_multiple_of(13),
                day_text(due),
                (!finished).then(|| day_text(due)),
                handler,
                crate::clock::stamp(chrono::Utc::now()),
                finished.then_some("accepted"),
            ])?;
            let id = tx.last_insert_rowid();
            event.execute(rusqlite::params![id, crate::clock::stamp(chrono::Utc::now()), handler, day_text(due)])?;
            doc.execute(rusqlite::params![id, day_text(due)])?;
        }
        for (o, (office, _)) in offices.iter().enumerate() {
            if seqs[o] > 0 {
                tx.execute(
                    "INSERT INTO install_series (office_id, year, last_seq) VALUES (?1, ?2, ?3)",
                    rusqlite::params![office, year, seqs[o]],
                )?;
            }
        }
        Ok((n, AuditNote::new("install_bench_load", "install_application", n)))
    })
}
