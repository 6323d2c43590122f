//! Home visits and the hazards they find.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction};

use super::{CareError, day_text, note, require_care_access};
use crate::db::{Actor, Store};
use crate::domain::care::{CareRules, NewVisit, check_visit};

/// A visit as the file shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRow {
    pub id: i64,
    pub visited_on: NaiveDate,
    pub staff: String,
    /// (check code, passed)
    pub checks: Vec<(String, bool)>,
    pub hose_replaced: bool,
    pub receipt_no: Option<String>,
    pub note: String,
}

/// A hazard still to be followed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HazardRow {
    pub id: i64,
    pub what: String,
    pub follow_up: String,
    pub due_on: NaiveDate,
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

/// Records a home visit (staff with care access, or the person's own one-on-one
/// helper): its checks, the hazards found with their follow-up and due date, a hose
/// replaced, a top-up done at home by its receipt number.
pub fn record_visit(
    store: &mut Store,
    actor: &Actor,
    rules: &CareRules,
    person_id: i64,
    visit: &NewVisit,
    today: NaiveDate,
) -> Result<i64, CareError> {
    check_visit(visit, rules, today)?;
    let kind = store.kind();
    store.write_checked::<_, CareError>(actor, |tx| {
        let (status, helper): (String, Option<i64>) = tx
            .prepare_cached("SELECT status, helper_staff_id FROM care_person WHERE id = ?1")?
            .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(CareError::NotFound(person_id))?;
        if helper.is_none() || helper != actor.staff_id {
            require_care_access(tx, kind, actor)?;
        }
        if status != "active" {
            return Err(CareError::NotActive);
        }
        let receipt_id = match &visit.receipt_no {
            None => None,
            Some(no) => Some(
                tx.prepare_cached(
                    "SELECT r.id FROM receipt r JOIN care_account c ON c.account_id = r.account_id
                     WHERE r.receipt_no = ?1 AND c.person_id = ?2",
                )?
                .query_row((no, person_id), |r| r.get::<_, i64>(0))
                .optional()?
                .ok_or_else(|| CareError::UnknownReceipt(no.clone()))?,
            ),
        };
        let checks = serde_json::to_string(&visit.checks)
            .map_err(|e| CareError::Db(crate::db::DbError::Rule(format!("visit checks: {e}"))))?;
        tx.prepare_cached(
            "INSERT INTO care_visit (person_id, visited_on, staff_id, checks, hose_replaced,
                 receipt_id, note, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(rusqlite::params![
            person_id,
            day_text(visit.visited_on),
            actor.staff_id,
            checks,
            visit.hose_replaced,
            receipt_id,
            (!visit.note.trim().is_empty()).then(|| visit.note.trim().to_string()),
            day_text(today),
        ])?;
        let visit_id = tx.last_insert_rowid();
        for hazard in &visit.hazards {
            tx.prepare_cached(
                "INSERT INTO care_hazard (person_id, visit_id, what, follow_up, due_on)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((
                person_id,
                visit_id,
                hazard.what.trim(),
                hazard.follow_up.trim(),
                day_text(hazard.due_on),
            ))?;
        }
        let detail = serde_json::json!({
            "visit": visit_id, "hazards": visit.hazards.len(),
            "hose_replaced": visit.hose_replaced, "receipt": receipt_id,
        });
        Ok((visit_id, note("care_visit", person_id, detail)))
    })
}

/// Closes a hazard with what was done about it (staff with care access, or the
/// person's one-on-one helper).
pub fn resolve_hazard(
    store: &mut Store,
    actor: &Actor,
    hazard_id: i64,
    resolution: &str,
    today: NaiveDate,
) -> Result<(), CareError> {
    let resolution = crate::domain::text::validate_text(resolution, crate::domain::care::NOTE_MAX)
        .map_err(|error| crate::domain::care::EntryError::Text {
            field: "resolution",
            error,
        })?;
    let kind = store.kind();
    store.write_checked::<_, CareError>(actor, |tx| {
        let (person, helper): (i64, Option<i64>) = tx
            .prepare_cached(
                "SELECT h.person_id, p.helper_staff_id FROM care_hazard h
                 JOIN care_person p ON p.id = h.person_id
                 WHERE h.id = ?1 AND h.resolved_on IS NULL",
            )?
            .query_row([hazard_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or(CareError::NoOpenHazard(hazard_id))?;
        // The person's own one-on-one helper follows up what they found.
        if helper.is_none() || helper != actor.staff_id {
            require_care_access(tx, kind, actor)?;
        }
        tx.prepare_cached(
            "UPDATE care_hazard SET resolved_on = ?2, resolved_by = ?3, resolution = ?4
             WHERE id = ?1 AND resolved_on IS NULL",
        )?
        .execute((hazard_id, day_text(today), actor.staff_id, &resolution))?;
        Ok((
            (),
            note(
                "care_hazard_resolved",
                person,
                serde_json::json!({ "hazard": hazard_id }),
            ),
        ))
    })
}

pub(super) fn visits_of(tx: &Transaction<'_>, person_id: i64) -> Result<Vec<VisitRow>, CareError> {
    let mut stmt = tx.prepare_cached(
        "SELECT v.id, v.visited_on, coalesce(s.staff_no || ' ' || s.name, ''), v.checks,
                v.hose_replaced, r.receipt_no, coalesce(v.note, '')
         FROM care_visit v LEFT JOIN staff s ON s.id = v.staff_id
         LEFT JOIN receipt r ON r.id = v.receipt_id
         WHERE v.person_id = ?1 ORDER BY v.visited_on DESC, v.id DESC",
    )?;
    let rows = stmt
        .query_map([person_id], |r| {
            let checks: String = r.get(3)?;
            Ok(VisitRow {
                id: r.get(0)?,
                visited_on: date(&r.get::<_, String>(1)?),
                staff: r.get(2)?,
                checks: serde_json::from_str(&checks).unwrap_or_default(),
                hose_replaced: r.get(4)?,
                receipt_no: r.get(5)?,
                note: r.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(super) fn open_hazards_of(
    tx: &Transaction<'_>,
    person_id: i64,
) -> Result<Vec<HazardRow>, CareError> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, coalesce(what, ''), coalesce(follow_up, ''), due_on FROM care_hazard
         WHERE person_id = ?1 AND resolved_on IS NULL ORDER BY due_on, id",
    )?;
    let rows = stmt
        .query_map([person_id], |r| {
            Ok(HazardRow {
                id: r.get(0)?,
                what: r.get(1)?,
                follow_up: r.get(2)?,
                due_on: date(&r.get::<_, String>(3)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
