//! Reading the register: the counter marker (anyone at the counter), a person's file
//! (care access, audited), the office list (care access, masked, audited) and the
//! anonymous counts.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::{CareError, note, require_care_access};
use crate::db::{Actor, Reads, Store, key};
use crate::domain::care::CareRules;
use crate::domain::mask::{mask_id_number, mask_name, mask_phone};
use crate::i18n::Lang;

/// What a clerk sees for a registered customer: the 关爱 mark, the categories' marks and
/// what serving them needs. Nothing else of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareMarker {
    pub marks: String,
    pub hint: String,
}

/// The marker of the active entry covering `account_id`, if any. Not audited: it is what
/// the counter must see to serve the person, not the file.
pub fn marker_for_account(
    db: &impl Reads,
    account_id: i64,
    rules: &CareRules,
    lang: Lang,
    today: NaiveDate,
) -> Result<Option<CareMarker>, CareError> {
    let conn = db.connection(key());
    let found: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT p.categories, p.needs FROM care_account a
             JOIN care_person p ON p.id = a.person_id
             WHERE a.account_id = ?1 AND p.status = 'active'
             AND (p.temporary_until IS NULL OR p.temporary_until >= ?2) ORDER BY p.id LIMIT 1",
        )?
        .query_row((account_id, today.to_string()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(found.map(|(categories, needs)| CareMarker {
        marks: rules.marks(&codes(&categories)),
        hint: rules.counter_hint(&codes(&needs), lang),
    }))
}

/// The marker for a ticket or a form: by its account, else by the mobile it carries
/// (the person's own or their nominee's).
pub fn marker_for(
    db: &impl Reads,
    account_id: Option<i64>,
    phone: Option<&str>,
    rules: &CareRules,
    lang: Lang,
    today: NaiveDate,
) -> Result<Option<CareMarker>, CareError> {
    if let Some(account) = account_id
        && let Some(marker) = marker_for_account(db, account, rules, lang, today)?
    {
        return Ok(Some(marker));
    }
    let Some(phone) = phone else {
        return Ok(None);
    };
    let conn = db.connection(key());
    let found: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT categories, needs FROM care_person WHERE status = 'active'
             AND (temporary_until IS NULL OR temporary_until >= ?2)
             AND (phone = ?1 OR nominee_phone = ?1) ORDER BY id LIMIT 1",
        )?
        .query_row((phone, today.to_string()), |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(found.map(|(categories, needs)| CareMarker {
        marks: rules.marks(&codes(&categories)),
        hint: rules.counter_hint(&codes(&needs), lang),
    }))
}

fn codes(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A person's whole file, for staff with care access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareFile {
    pub id: i64,
    pub office_id: i64,
    pub status: String,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub categories: Vec<String>,
    pub needs: Vec<String>,
    pub nominee: Option<(String, String)>,
    pub visit_password: Option<String>,
    pub temporary_until: Option<NaiveDate>,
    pub emergency: Option<(String, String)>,
    pub helper: Option<String>,
    pub team: Option<String>,
    pub consent_by: String,
    pub consent_on: Option<NaiveDate>,
    pub consent_purpose: String,
    pub review_on: Option<NaiveDate>,
    pub registered_on: Option<NaiveDate>,
    pub visit_every_days: i64,
    pub accounts: Vec<String>,
    pub evidence: Vec<(String, NaiveDate)>,
    pub visits: Vec<super::VisitRow>,
    pub open_hazards: Vec<super::HazardRow>,
}

/// Opens a file: refused without care access; every opening writes an audit row (who,
/// which file, from which office and counter) in the transaction that reads it.
pub fn file(store: &mut Store, actor: &Actor, person_id: i64) -> Result<CareFile, CareError> {
    let kind = store.kind();
    store.write_checked::<_, CareError>(actor, |tx| {
        require_care_access(tx, kind, actor)?;
        let found: Option<CareFile> = tx
            .prepare_cached(
                "SELECT p.id, p.office_id, p.status, coalesce(p.name, ''), p.id_number, p.phone,
                        p.categories, p.needs, p.nominee_name, p.nominee_phone,
                        p.visit_password, p.temporary_until, p.emergency_name,
                        p.emergency_phone,
                        (SELECT staff_no || ' ' || name FROM staff WHERE id = p.helper_staff_id),
                        p.team, coalesce(p.consent_by, ''), p.consent_on,
                        coalesce(p.consent_purpose, ''), p.review_on, p.registered_on,
                        p.visit_every_days
                 FROM care_person p WHERE p.id = ?1",
            )?
            .query_row([person_id], |r| {
                let day = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                    Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(date))
                };
                let pair = |a: usize, b: usize| -> rusqlite::Result<Option<(String, String)>> {
                    Ok(r.get::<_, Option<String>>(a)?
                        .zip(r.get::<_, Option<String>>(b)?))
                };
                Ok(CareFile {
                    id: r.get(0)?,
                    office_id: r.get(1)?,
                    status: r.get(2)?,
                    name: r.get(3)?,
                    id_number: r.get(4)?,
                    phone: r.get(5)?,
                    categories: codes(&r.get::<_, String>(6)?),
                    needs: codes(&r.get::<_, String>(7)?),
                    nominee: pair(8, 9)?,
                    visit_password: r.get(10)?,
                    temporary_until: day(11)?,
                    emergency: pair(12, 13)?,
                    helper: r.get(14)?,
                    team: r.get(15)?,
                    consent_by: r.get(16)?,
                    consent_on: day(17)?,
                    consent_purpose: r.get(18)?,
                    review_on: day(19)?,
                    registered_on: day(20)?,
                    visit_every_days: r.get(21)?,
                    accounts: Vec::new(),
                    evidence: Vec::new(),
                    visits: Vec::new(),
                    open_hazards: Vec::new(),
                })
            })
            .optional()?;
        let mut file = found.ok_or(CareError::NotFound(person_id))?;
        file.accounts = tx
            .prepare_cached(
                "SELECT a.account_no FROM care_account c JOIN account a ON a.id = c.account_id
                 WHERE c.person_id = ?1 ORDER BY a.account_no",
            )?
            .query_map([file.id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        file.evidence = tx
            .prepare_cached(
                "SELECT kind, seen_on FROM care_evidence WHERE person_id = ?1 ORDER BY seen_on",
            )?
            .query_map([file.id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter_map(|(k, d)| Some((k, date(&d)?)))
            .collect();
        file.visits = super::visit::visits_of(tx, file.id)?;
        file.open_hazards = super::visit::open_hazards_of(tx, file.id)?;
        Ok((
            file,
            note("care_file_view", person_id, serde_json::json!({})),
        ))
    })
}

/// Which entries a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListFilter {
    /// One office, or all.
    pub office: Option<i64>,
    /// Only entries whose next visit is before today.
    pub overdue: bool,
    /// Only entries with a hazard still open.
    pub hazards_open: bool,
    /// Only entries whose one-on-one helper is this staff member.
    pub helper: Option<i64>,
    /// Only entries in this category (its code in `data/care.toml`).
    pub category: Option<String>,
}

/// A row of the register list: masked, with the visit plan's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareListRow {
    pub id: i64,
    pub office_id: i64,
    pub name_masked: String,
    pub phone_masked: String,
    pub id_number_masked: String,
    pub marks: String,
    pub helper: String,
    pub last_visit: Option<NaiveDate>,
    pub next_visit: NaiveDate,
    /// Days past the next visit (0 when not yet due).
    pub overdue_days: i64,
    pub open_hazards: i64,
    pub review_on: Option<NaiveDate>,
}

/// The active entries, most overdue first: for staff with care access, masked, and the
/// listing is audited (it shows who is registered).
pub fn list(
    store: &mut Store,
    actor: &Actor,
    rules: &CareRules,
    filter: ListFilter,
    today: NaiveDate,
) -> Result<Vec<CareListRow>, CareError> {
    let kind = store.kind();
    store.write_checked::<_, CareError>(actor, |tx| {
        require_care_access(tx, kind, actor)?;
        let mut stmt = tx.prepare_cached(
            "SELECT p.id, p.office_id, coalesce(p.name, ''), coalesce(p.phone, ''),
                    coalesce(p.id_number, ''), p.categories, p.visit_every_days,
                    coalesce((SELECT max(visited_on) FROM care_visit v WHERE v.person_id = p.id),
                             p.registered_on),
                    (SELECT max(visited_on) FROM care_visit v WHERE v.person_id = p.id),
                    (SELECT count(*) FROM care_hazard h
                     WHERE h.person_id = p.id AND h.resolved_on IS NULL),
                    coalesce((SELECT staff_no FROM staff WHERE id = p.helper_staff_id), p.team),
                    p.review_on, p.helper_staff_id
             FROM care_person p
             WHERE p.status = 'active' AND (?1 IS NULL OR p.office_id = ?1)",
        )?;
        let mut rows = Vec::new();
        let mut q = stmt.query([filter.office])?;
        while let Some(r) = q.next()? {
            let since: String = r.get(7)?;
            let every: i64 = r.get(6)?;
            let since = date(&since).unwrap_or(today);
            let next_visit = rules.next_visit(since, u32::try_from(every).unwrap_or(30));
            let overdue_days = (today - next_visit).num_days().max(0);
            let open_hazards: i64 = r.get(9)?;
            let helper_id: Option<i64> = r.get(12)?;
            let categories: String = r.get(5)?;
            if (filter.overdue && overdue_days == 0)
                || (filter.hazards_open && open_hazards == 0)
                || (filter.helper.is_some() && helper_id != filter.helper)
                || filter
                    .category
                    .as_ref()
                    .is_some_and(|c| !codes(&categories).contains(c))
            {
                continue;
            }
            let name: String = r.get(2)?;
            let phone: String = r.get(3)?;
            let id_number: String = r.get(4)?;
            let last: Option<String> = r.get(8)?;
            let review: Option<String> = r.get(11)?;
            rows.push(CareListRow {
                id: r.get(0)?,
                office_id: r.get(1)?,
                name_masked: mask_name(&name),
                phone_masked: mask_phone(&phone),
                id_number_masked: mask_id_number(&id_number),
                marks: rules.marks(&codes(&categories)),
                helper: crate::domain::text::sanitize(
                    &r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                )
                .into_owned(),
                last_visit: last.as_deref().and_then(date),
                next_visit,
                overdue_days,
                open_hazards,
                review_on: review.as_deref().and_then(date),
            });
        }
        rows.sort_by(|a, b| {
            b.overdue_days
                .cmp(&a.overdue_days)
                .then(a.next_visit.cmp(&b.next_visit))
                .then(a.id.cmp(&b.id))
        });
        let detail = serde_json::json!({
            "office": filter.office, "overdue": filter.overdue,
            "hazards_open": filter.hazards_open, "rows": rows.len(),
        });
        Ok((
            rows,
            crate::db::AuditNote::new("care_list", "care_person", "*").detail(detail),
        ))
    })
}

/// Anonymous counts that survive every purge: entries by status and category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CareCounts {
    pub active: i64,
    pub withdrawn: i64,
    pub purged: i64,
    /// (category code, active entries in it)
    pub by_category: Vec<(String, i64)>,
    pub visits: i64,
}

pub fn counts(db: &impl Reads, rules: &CareRules) -> Result<CareCounts, CareError> {
    let conn = db.connection(key());
    let mut out = CareCounts::default();
    let mut stmt = conn.prepare_cached("SELECT status, categories FROM care_person ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut per: Vec<(String, i64)> = rules
        .categories
        .iter()
        .map(|c| (c.code.clone(), 0))
        .collect();
    while let Some(r) = rows.next()? {
        let status: String = r.get(0)?;
        match status.as_str() {
            "active" => {
                out.active += 1;
                let cats: String = r.get(1)?;
                for c in codes(&cats) {
                    if let Some(slot) = per.iter_mut().find(|(code, _)| *code == c) {
                        slot.1 += 1;
                    }
                }
            }
            "withdrawn" => out.withdrawn += 1,
            _ => out.purged += 1,
        }
    }
    out.by_category = per;
    out.visits = conn.query_row("SELECT count(*) FROM care_visit", [], |r| r.get(0))?;
    Ok(out)
}
