//! Offices (the eight service offices and the mobile vehicle) and their counters.

use crate::db::Reads;
use rusqlite::OptionalExtension;

use crate::domain::office::OfficeDef;
use crate::domain::role::Permission;

use super::{Actor, AuditNote, DbError, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub district: String,
    pub mobile: bool,
}

impl Office {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.name_zh,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub office_id: i64,
    pub number: i64,
    pub services: String,
}

/// Writes the office list (from `data/offices.toml`) into a new database.
pub fn install(store: &mut Store, actor: &Actor, offices: &[OfficeDef]) -> Result<(), DbError> {
    actor.require(Permission::ManageStaff)?;
    store.write(actor, |tx| {
        for o in offices {
            tx.execute(
                "INSERT INTO office (id, code, name_zh, name_en, district, address, mobile)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                (
                    o.id,
                    &o.code,
                    &o.name_zh,
                    &o.name_en,
                    &o.district,
                    &o.address,
                    o.mobile,
                ),
            )?;
            for c in &o.counters {
                tx.execute(
                    "INSERT INTO counter (office_id, number, services) VALUES (?1, ?2, ?3)",
                    (o.id, c.number, &c.services),
                )?;
            }
        }
        let codes: Vec<&str> = offices.iter().map(|o| o.code.as_str()).collect();
        Ok((
            (),
            AuditNote::new("install_offices", "office", offices.len())
                .detail(serde_json::json!({ "codes": codes })),
        ))
    })
}

/// Adds a counter that calls `services` (letters), unless the office has that number.
pub fn add_counter(
    store: &mut Store,
    actor: &Actor,
    office: i64,
    number: i64,
    services: &str,
) -> Result<(), DbError> {
    actor.require(Permission::ManageStaff)?;
    store.write(actor, |tx| {
        tx.execute(
            "INSERT OR IGNORE INTO counter (office_id, number, services) VALUES (?1, ?2, ?3)",
            (office, number, services),
        )?;
        Ok((
            (),
            AuditNote::new("add_counter", "counter", format!("{office}-{number}"))
                .detail(serde_json::json!({ "services": services })),
        ))
    })
}

fn office_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Office> {
    Ok(Office {
        id: r.get(0)?,
        code: r.get(1)?,
        name_zh: r.get(2)?,
        name_en: r.get(3)?,
        district: r.get(4)?,
        mobile: r.get(5)?,
    })
}

pub fn list(db: &impl Reads) -> Result<Vec<Office>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn
        .prepare("SELECT id, code, name_zh, name_en, district, mobile FROM office ORDER BY id")?;
    let rows = stmt.query_map([], office_from)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

pub fn get(db: &impl Reads, id: i64) -> Result<Option<Office>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .query_row(
            "SELECT id, code, name_zh, name_en, district, mobile FROM office WHERE id = ?1",
            [id],
            office_from,
        )
        .optional()?)
}

pub fn counters(db: &impl Reads, office_id: i64) -> Result<Vec<Counter>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare(
        "SELECT office_id, number, services FROM counter WHERE office_id = ?1 ORDER BY number",
    )?;
    let rows = stmt
        .query_map([office_id], |r| {
            Ok(Counter {
                office_id: r.get(0)?,
                number: r.get(1)?,
                services: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}
