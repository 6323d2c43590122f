//! Reading applications: one application with its history, lists (mine, overdue, by
//! stage), the status lookup by number, ID, phone or address, and what already exists at
//! an address or for an ID.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::parse_day;
use crate::db::{DbError, Reads, key};
use crate::domain::install::{Progress, Stage};
use crate::domain::mask::{mask_id_number, mask_phone};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};

/// Something already at the address or for the ID of a new application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    Account { account_no: String, address: String },
    Application { app_no: String, stage: Stage },
}

impl Existing {
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Existing::Account {
                account_no,
                address,
            } => {
                let word = match lang {
                    Lang::Zh => "户号",
                    Lang::En => "account",
                };
                format!("{word} {} {}", sanitize(account_no), sanitize(address))
            }
            Existing::Application { app_no, stage } => {
                format!("{} {}", sanitize(app_no), stage.label().get(lang))
            }
        }
    }
}

/// Active accounts and open applications with this ID number or at this address.
pub fn existing(
    db: &impl Reads,
    id_number: &str,
    district: &str,
    address: &str,
) -> Result<Vec<Existing>, DbError> {
    let conn = db.connection(key());
    let mut out = Vec::new();
    // One person may hold several accounts (an ID number is not unique to one).
    let mut by_id = conn.prepare_cached(
        "SELECT account_no, address FROM account WHERE id_number = ?1 AND status = 'active'
         ORDER BY account_no LIMIT 20",
    )?;
    for row in by_id.query_map([id_number], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (account_no, address) = row?;
        out.push(Existing::Account {
            account_no,
            address,
        });
    }
    // The address through the search index (no plain index on account addresses).
    let found = crate::db::account::search(db, address, 50)?;
    for row in found.rows {
        let active = row.status == "active";
        let same = row.address == address && row.district == district;
        let listed = out.iter().any(
            |e| matches!(e, Existing::Account { account_no, .. } if *account_no == row.account_no),
        );
        if active && same && !listed {
            out.push(Existing::Account {
                account_no: row.account_no,
                address: row.address,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT app_no, stage FROM install_application
         WHERE (id_number = ?1 OR (address = ?3 AND district = ?2))
           AND stage NOT IN ('completed', 'cancelled')
         ORDER BY id LIMIT 20",
    )?;
    let rows = stmt.query_map((id_number, district, address), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (app_no, stage) = row?;
        out.push(Existing::Application {
            app_no,
            stage: Stage::parse(&stage).unwrap_or(Stage::Accepted),
        });
    }
    Ok(out)
}

/// One line of a list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ListRow {
    pub id: i64,
    pub app_no: String,
    pub office_code: String,
    /// The applicant's name as stored (the screen and the CLI show it sanitised).
    pub name: String,
    /// Masked.
    pub phone: String,
    pub address: String,
    pub stage: String,
    pub on_hold: bool,
    pub due_on: Option<String>,
    pub owner: String,
    pub handler: String,
    pub owed: i64,
    /// The first-contact owner's and the handler's staff ids (the Mine list says which
    /// the staff member is).
    pub owner_id: i64,
    pub handler_id: i64,
}

impl ListRow {
    pub fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::Cancelled)
    }

    pub fn due(&self) -> Option<NaiveDate> {
        self.due_on.as_deref().and_then(parse_day)
    }
}

/// Which applications a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// One office, or every office.
    pub office: Option<i64>,
    /// Those a staff member handles now.
    pub handler: Option<i64>,
    /// Mine: those a staff member took (first-contact owner, 首问负责) or handles now.
    pub mine: Option<i64>,
    pub stage: Option<Stage>,
    /// Only those past their due date on `today` (not on hold), most overdue first.
    pub overdue_on: Option<NaiveDate>,
    /// Finished ones too (completed, cancelled).
    pub finished: bool,
    pub limit: usize,
}

const LIST_COLUMNS: &str = "a.id, a.app_no, o.code, a.name, a.phone, a.address, a.stage,
    a.on_hold, a.due_on, ow.staff_no || ' ' || ow.name, h.staff_no || ' ' || h.name,
    (SELECT count(*) FROM install_document d WHERE d.application_id = a.id AND d.received_on IS NULL),
    a.owner_staff_id, a.handler_staff_id";

const LIST_FROM: &str = "FROM install_application a JOIN office o ON o.id = a.office_id
    JOIN staff ow ON ow.id = a.owner_staff_id JOIN staff h ON h.id = a.handler_staff_id";

fn list_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ListRow> {
    let phone: String = r.get(4)?;
    Ok(ListRow {
        id: r.get(0)?,
        app_no: r.get(1)?,
        office_code: r.get(2)?,
        name: r.get(3)?,
        phone: mask_phone(&phone),
        address: r.get(5)?,
        stage: r.get(6)?,
        on_hold: r.get(7)?,
        due_on: r.get(8)?,
        owner: r.get(9)?,
        handler: r.get(10)?,
        owed: r.get(11)?,
        owner_id: r.get(12)?,
        handler_id: r.get(13)?,
    })
}

/// Applications as `filter` says: the overdue ones most overdue first, others by due
/// date (open) and number.
pub fn list(db: &impl Reads, filter: &ListFilter) -> Result<Vec<ListRow>, DbError> {
    let conn = db.connection(key());
    let mut stmt = conn.prepare_cached(&list_sql(filter))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(list_params(filter)), list_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The statement [`list`] runs for `filter` (the bench runs it bare beside it). Every
/// value is bound; only fixed fragments are added to the text.
pub fn list_sql(filter: &ListFilter) -> String {
    let mut sql = format!("SELECT {LIST_COLUMNS} {LIST_FROM} WHERE 1");
    if filter.office.is_some() {
        sql.push_str(" AND a.office_id = ?1");
    }
    if filter.handler.is_some() {
        sql.push_str(" AND a.handler_staff_id = ?2");
    }
    if filter.mine.is_some() {
        sql.push_str(" AND (a.handler_staff_id = ?6 OR a.owner_staff_id = ?6)");
    }
    if filter.stage.is_some() {
        sql.push_str(" AND a.stage = ?3");
    }
    if filter.overdue_on.is_some() {
        sql.push_str(" AND a.due_on IS NOT NULL AND a.on_hold = 0 AND a.due_on < ?4");
    } else if !filter.finished && filter.stage.is_none_or(|s| !s.is_finished()) {
        sql.push_str(" AND a.stage NOT IN ('completed', 'cancelled')");
    }
    if filter.overdue_on.is_some() {
        sql.push_str(" ORDER BY a.due_on, a.id LIMIT ?5");
    } else {
        sql.push_str(" ORDER BY a.due_on IS NULL, a.due_on, a.id LIMIT ?5");
    }
    sql
}

/// The values [`list_sql`] binds, as `?1` to `?5` (and `?6` for Mine).
pub fn list_params(filter: &ListFilter) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value;
    let limit = if filter.limit == 0 { 500 } else { filter.limit } as i64;
    let opt_i = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    let opt_t = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    let mut values = vec![
        opt_i(filter.office),
        opt_i(filter.handler),
        opt_t(filter.stage.map(|s| s.as_str().to_string())),
        opt_t(filter.overdue_on.map(super::day_text)),
        Value::Integer(limit),
    ];
    // `?6` is in the statement only for Mine.
    if let Some(me) = filter.mine {
        values.push(Value::Integer(me));
    }
    values
}

/// Status lookup at any office: by application number, 18-character ID number, 11-digit
/// mobile, or the start of an address.
pub fn lookup(db: &impl Reads, query: &str, limit: usize) -> Result<Vec<ListRow>, DbError> {
    let conn = db.connection(key());
    let Some((sql, value)) = lookup_sql(query) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params![value, limit.max(1) as i64], list_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The statement [`lookup`] runs for `query` and the value it binds as `?1` (the limit is
/// `?2`); `None` for an empty query.
pub fn lookup_sql(query: &str) -> Option<(String, String)> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    let upper = q.to_ascii_uppercase();
    let (cond, value): (&str, String) = if crate::domain::install::looks_like_application_no(q) {
        ("a.app_no = ?1", upper)
    } else if q.len() == 18 && q.is_ascii() && q[..17].bytes().all(|b| b.is_ascii_digit()) {
        ("a.id_number = ?1", upper)
    } else if q.len() == 11 && q.bytes().all(|b| b.is_ascii_digit()) {
        ("a.phone = ?1", q.to_string())
    } else {
        // Prefix of the address, on its index: [q, q + U+10FFFF).
        (
            "a.address >= ?1 AND a.address < ?1 || char(1114111)",
            q.to_string(),
        )
    };
    Some((
        format!("SELECT {LIST_COLUMNS} {LIST_FROM} WHERE {cond} ORDER BY a.id DESC LIMIT ?2"),
        value,
    ))
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EventRow {
    pub at: String,
    pub staff: String,
    pub action: String,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub due_on: Option<String>,
    pub note: Option<String>,
    /// What the step recorded besides its note (JSON: the survey day, the new handler,
    /// a kept due date); its words are [`EventRow::extra`].
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentRow {
    pub code: String,
    pub core: bool,
    pub due_on: Option<String>,
    pub received_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HoldRow {
    pub from_on: String,
    pub until_on: Option<String>,
    pub reason: String,
}

/// One application with its history, documents and holds. ID number and phone masked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AppView {
    pub id: i64,
    pub app_no: String,
    pub office_id: i64,
    pub office_code: String,
    pub office_name: String,
    /// The office's English name (`office_name` is its Chinese one).
    pub office_name_en: String,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub district: String,
    pub address: String,
    pub customer_type: String,
    pub household: i64,
    pub channel: String,
    pub stage: String,
    pub on_hold: bool,
    pub fee_paid: bool,
    pub inspection_passed: bool,
    pub cancelled_from: Option<String>,
    pub stage_since: String,
    pub due_on: Option<String>,
    pub owner: String,
    pub handler: String,
    pub survey_on: Option<String>,
    pub pipe_metres: Option<i64>,
    pub meter_kind: Option<String>,
    pub quote_fen: Option<i64>,
    pub quote_lines: Option<String>,
    pub fee_receipt_no: Option<String>,
    pub meter_serial: Option<String>,
    pub account_no: Option<String>,
    pub accepted_at: String,
    pub version: i64,
    pub events: Vec<EventRow>,
    pub documents: Vec<DocumentRow>,
    pub holds: Vec<HoldRow>,
    /// The queue ticket it was taken from, if any.
    pub ticket: Option<TicketLink>,
}

/// The queue ticket an application was taken from (intake from a ticket being served).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TicketLink {
    /// `B007`.
    pub number: String,
    pub office_code: String,
    pub office_name: String,
    /// The ticket's business day.
    pub day: String,
}

impl AppView {
    pub fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::Cancelled)
    }

    pub fn progress(&self) -> Progress {
        Progress {
            stage: self.stage(),
            on_hold: self.on_hold,
            fee_paid: self.fee_paid,
            inspection_passed: self.inspection_passed,
            cancelled_from: self.cancelled_from.as_deref().and_then(Stage::parse),
        }
    }

    pub fn due(&self) -> Option<NaiveDate> {
        self.due_on.as_deref().and_then(parse_day)
    }

    /// Documents still owed.
    pub fn owed(&self) -> impl Iterator<Item = &DocumentRow> {
        self.documents.iter().filter(|d| d.received_on.is_none())
    }
}

/// The application numbered `app_no` (any case).
pub fn view(db: &impl Reads, app_no: &str) -> Result<Option<AppView>, DbError> {
    let conn = db.connection(key());
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM install_application WHERE app_no = ?1")?
        .query_row([app_no.trim().to_ascii_uppercase()], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => view_by_id(db, id),
        None => Ok(None),
    }
}

pub fn view_by_id(db: &impl Reads, id: i64) -> Result<Option<AppView>, DbError> {
    let conn = db.connection(key());
    let Some(mut v) = head(conn, id)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT e.at, coalesce(s.staff_no || ' ' || s.name, 'system'), e.action, e.from_stage,
                e.to_stage, e.due_on, e.note, e.detail
         FROM install_event e LEFT JOIN staff s ON s.id = e.staff_id
         WHERE e.application_id = ?1 ORDER BY e.id",
    )?;
    v.events = stmt
        .query_map([id], |r| {
            Ok(EventRow {
                at: r.get(0)?,
                staff: r.get(1)?,
                action: r.get(2)?,
                from_stage: r.get(3)?,
                to_stage: r.get(4)?,
                due_on: r.get(5)?,
                note: r.get(6)?,
                detail: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT code, core, due_on, received_on FROM install_document WHERE application_id = ?1
         ORDER BY core DESC, code",
    )?;
    v.documents = stmt
        .query_map([id], |r| {
            Ok(DocumentRow {
                code: r.get(0)?,
                core: r.get(1)?,
                due_on: r.get(2)?,
                received_on: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT from_on, until_on, reason FROM install_hold WHERE application_id = ?1 ORDER BY id",
    )?;
    v.holds = stmt
        .query_map([id], |r| {
            Ok(HoldRow {
                from_on: r.get(0)?,
                until_on: r.get(1)?,
                reason: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    v.ticket = conn
        .prepare_cached(
            "SELECT t.number, o.code, o.name_zh, d.day FROM install_ticket it
             JOIN ticket t ON t.id = it.ticket_id
             JOIN business_day d ON d.id = t.business_day_id JOIN office o ON o.id = d.office_id
             WHERE it.application_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(TicketLink {
                number: r.get(0)?,
                office_code: r.get(1)?,
                office_name: r.get(2)?,
                day: r.get(3)?,
            })
        })
        .optional()?;
    Ok(Some(v))
}

fn head(conn: &Connection, id: i64) -> Result<Option<AppView>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT a.id, a.app_no, a.office_id, o.code, o.name_zh, a.name, a.id_number, a.phone,
                    a.district, a.address, a.customer_type, a.household, a.channel, a.stage,
                    a.on_hold, a.fee_paid, a.inspection_passed, a.cancelled_from, a.stage_since,
                    a.due_on, ow.staff_no || ' ' || ow.name, h.staff_no || ' ' || h.name,
                    a.survey_on, a.pipe_metres, a.meter_kind, a.quote_fen, a.quote_lines,
                    r.receipt_no, a.meter_serial, acc.account_no, a.accepted_at, a.version,
                    o.name_en
             FROM install_application a JOIN office o ON o.id = a.office_id
             JOIN staff ow ON ow.id = a.owner_staff_id JOIN staff h ON h.id = a.handler_staff_id
             LEFT JOIN receipt r ON r.id = a.fee_receipt_id
             LEFT JOIN account acc ON acc.id = a.account_id
             WHERE a.id = ?1",
        )?
        .query_row([id], |r| {
            let idn: String = r.get(6)?;
            let phone: String = r.get(7)?;
            Ok(AppView {
                id: r.get(0)?,
                app_no: r.get(1)?,
                office_id: r.get(2)?,
                office_code: r.get(3)?,
                office_name: r.get(4)?,
                office_name_en: r.get(32)?,
                name: r.get(5)?,
                id_number: mask_id_number(&idn),
                phone: mask_phone(&phone),
                district: r.get(8)?,
                address: r.get(9)?,
                customer_type: r.get(10)?,
                household: r.get(11)?,
                channel: r.get(12)?,
                stage: r.get(13)?,
                on_hold: r.get(14)?,
                fee_paid: r.get(15)?,
                inspection_passed: r.get(16)?,
                cancelled_from: r.get(17)?,
                stage_since: r.get(18)?,
                due_on: r.get(19)?,
                owner: r.get(20)?,
                handler: r.get(21)?,
                survey_on: r.get(22)?,
                pipe_metres: r.get(23)?,
                meter_kind: r.get(24)?,
                quote_fen: r.get(25)?,
                quote_lines: r.get(26)?,
                fee_receipt_no: r.get(27)?,
                meter_serial: r.get(28)?,
                account_no: r.get(29)?,
                accepted_at: r.get(30)?,
                version: r.get(31)?,
                events: Vec::new(),
                documents: Vec::new(),
                holds: Vec::new(),
                ticket: None,
            })
        })
        .optional()?)
}

/// The words for a stage with its hold, for lists.
pub fn stage_words(stage: Stage, on_hold: bool, lang: Lang) -> String {
    if on_hold {
        format!("{}·{}", stage.label().get(lang), i18n::IN_ON_HOLD.get(lang))
    } else {
        stage.label().get(lang).to_string()
    }
}
