//! The care register in the store. Who may do what is checked here, not only in the UI:
//! a file is read only by managers and named care officers, and every reading writes an
//! audit row in the same transaction; a clerk sees only the counter marker; the purge is
//! an administrator's. Audit rows of this module carry ids and codes, never a person's
//! details, so a purge leaves nothing personal behind in the audit trail either.

mod view;
mod visit;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction};

use super::{Actor, AuditNote, DbError, DbKind, Reads, Store, key};
use crate::domain::care::{Assistance, CareRules, EntryError, NewEntry};
use crate::domain::role::{Permission, PermissionDenied, Role};
use crate::i18n::{self, Lang, Localized};

pub use view::{
    CareCounts, CareFile, CareListRow, CareMarker, ListFilter, counts, file, list, marker_for,
    marker_for_account,
};
pub use visit::{HazardRow, VisitRow, record_visit, resolve_hazard};

#[derive(Debug, thiserror::Error)]
pub enum CareError {
    #[error(transparent)]
    Entry(#[from] EntryError),
    #[error("care files are for managers and named care officers")]
    NoCareAccess,
    #[error("no care entry {0}")]
    NotFound(i64),
    #[error("the care entry is no longer active")]
    NotActive,
    #[error("no such account: {0}")]
    UnknownAccount(String),
    #[error("no such staff member: {0}")]
    UnknownStaff(String),
    #[error("no open hazard {0}")]
    NoOpenHazard(i64),
    #[error("no such receipt: {0}")]
    UnknownReceipt(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<rusqlite::Error> for CareError {
    fn from(e: rusqlite::Error) -> Self {
        CareError::Db(DbError::Sqlite(e))
    }
}

impl super::RuleError for CareError {
    fn into_db(self) -> Result<DbError, Self> {
        match self {
            CareError::Db(e) => Ok(e),
            other => Err(other),
        }
    }
}

impl Localized for CareError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            CareError::Entry(e) => e.localized(lang),
            CareError::NoCareAccess => i18n::CARE_NO_ACCESS.get(lang).to_string(),
            CareError::NotFound(_) => i18n::CARE_NOT_FOUND.get(lang).to_string(),
            CareError::NotActive => i18n::CARE_NOT_ACTIVE.get(lang).to_string(),
            CareError::UnknownAccount(no) | CareError::UnknownReceipt(no) => {
                i18n::CARE_UNKNOWN_CODE.fill(lang, &[("code", &crate::domain::text::sanitize(no))])
            }
            CareError::UnknownStaff(no) => {
                i18n::CARE_UNKNOWN_CODE.fill(lang, &[("code", &crate::domain::text::sanitize(no))])
            }
            CareError::NoOpenHazard(_) => i18n::CARE_NO_OPEN_HAZARD.get(lang).to_string(),
            CareError::Db(e) => e.localized(lang),
        }
    }
}

/// Whether `actor` may read and keep care files: a manager, or a clerk named as a care
/// officer; never a trainer on live data.
pub(crate) fn require_care_access(
    conn: &rusqlite::Connection,
    store_kind: DbKind,
    actor: &Actor,
) -> Result<(), CareError> {
    if actor.role == Role::Trainer && store_kind == DbKind::Live {
        return Err(CareError::NoCareAccess);
    }
    match actor.role {
        Role::Manager => Ok(()),
        Role::Clerk | Role::Trainer => {
            let officer: Option<i64> = match actor.staff_id {
                Some(id) => conn
                    .prepare_cached("SELECT care_officer FROM staff WHERE id = ?1 AND active = 1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            if officer == Some(1) {
                Ok(())
            } else {
                Err(CareError::NoCareAccess)
            }
        }
        Role::Admin => Err(CareError::NoCareAccess),
    }
}

fn note(action: &'static str, person_id: i64, detail: serde_json::Value) -> AuditNote {
    AuditNote::new(action, "care_person", person_id).detail(detail)
}

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Registers a person. `accounts` are account numbers; `helper` the staff number of the
/// one-on-one helper (for group assistance, the team name is in `assistance`).
#[allow(clippy::too_many_arguments)]
pub fn register(
    store: &mut Store,
    actor: &Actor,
    rules: &CareRules,
    office_id: i64,
    entry: &NewEntry,
    assistance: &Assistance,
    accounts: &[String],
    today: NaiveDate,
) -> Result<i64, CareError> {
    let kind = store.kind();
    store.write_checked::<_, CareError>(actor, |tx| {
        require_care_access(tx, kind, actor)?;
        let (helper, team) = match assistance {
            Assistance::OneOnOne { staff_id } => (Some(*staff_id), None),
            Assistance::Group { team } => (None, Some(team.clone())),
        };
        if let Some(helper) = helper {
            let exists: Option<i64> = tx
                .prepare_cached("SELECT id FROM staff WHERE id = ?1 AND active = 1")?
                .query_row([helper], |r| r.get(0))
                .optional()?;
            exists.ok_or_else(|| CareError::UnknownStaff(helper.to_string()))?;
        }
        let every = rules.visit_every(&entry.categories, &entry.needs);
        tx.prepare_cached(
            "INSERT INTO care_person (office_id, categories, needs, assistance, helper_staff_id,
                 team, visit_every_days, registered_on, registered_by, name, id_number, phone,
                 nominee_name, nominee_phone, visit_password, temporary_until, emergency_name,
                 emergency_phone, consent_by, consent_on, consent_purpose, review_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22)",
        )?
        .execute(rusqlite::params![
            office_id,
            entry.categories.join(","),
            entry.needs.join(","),
            if helper.is_some() {
                "one_on_one"
            } else {
                "group"
            },
            helper,
            team,
            every,
            day_text(today),
            actor.staff_id,
            entry.name,
            entry.id_number.as_ref().map(|i| i.as_str().to_string()),
            entry.phone.as_ref().map(|p| p.as_str().to_string()),
            entry.nominee.as_ref().map(|c| c.name.clone()),
            entry.nominee.as_ref().map(|c| c.phone.as_str().to_string()),
            entry.visit_password,
            entry.temporary_until.map(day_text),
            entry.emergency.as_ref().map(|c| c.name.clone()),
            entry
                .emergency
                .as_ref()
                .map(|c| c.phone.as_str().to_string()),
            entry.consent_by.as_str(),
            day_text(entry.consent_on),
            entry.consent_purpose,
            day_text(entry.review_on),
        ])?;
        let person = tx.last_insert_rowid();
        for (kind, seen_on) in &entry.evidence {
            tx.prepare_cached(
                "INSERT INTO care_evidence (person_id, kind, seen_on, recorded_by)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute((person, kind, day_text(*seen_on), actor.staff_id))?;
        }
        link_accounts(tx, person, accounts)?;
        Ok((
            person,
            note(
                "care_register",
                person,
                serde_json::json!({
                    "categories": entry.categories, "needs": entry.needs,
                    "accounts": accounts.len(), "office": office_id,
                }),
            ),
        ))
    })
}

fn link_accounts(tx: &Transaction<'_>, person: i64, accounts: &[String]) -> Result<(), CareError> {
    for account_no in accounts {
        let id = super::account::id_by_account_no(tx, account_no)?
            .ok_or_else(|| CareError::UnknownAccount(account_no.clone()))?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO care_account (person_id, account_id) VALUES (?1, ?2)",
        )?
        .execute((person, id))?;
    }
    Ok(())
}

/// Consent withdrawn (by the person or their nominee): the entry stops at once (no more
/// markers, visits or priority) and its details are purged after the rules' period.
pub fn withdraw(
    store: &mut Store,
    actor: &Actor,
    person_id: i64,
    today: NaiveDate,
) -> Result<(), CareError> {
    let kind = store.kind();
    store.write_checked::<_, CareError>(actor, |tx| {
        require_care_access(tx, kind, actor)?;
        let changed = tx
            .prepare_cached(
                "UPDATE care_person SET status = 'withdrawn', withdrawn_on = ?2
                 WHERE id = ?1 AND status = 'active'",
            )?
            .execute((person_id, day_text(today)))?;
        if changed == 0 {
            return Err(match status_of(tx, person_id)? {
                None => CareError::NotFound(person_id),
                Some(_) => CareError::NotActive,
            });
        }
        Ok(((), note("care_withdraw", person_id, serde_json::json!({}))))
    })
}

/// Consent reviewed with the person (or their nominee): the next review falls the rules'
/// period after `today`.
pub fn review_consent(
    store: &mut Store,
    actor: &Actor,
    rules: &CareRules,
    person_id: i64,
    today: NaiveDate,
) -> Result<NaiveDate, CareError> {
    let kind = store.kind();
    let next = rules.review_by(today);
    store.write_checked::<_, CareError>(actor, |tx| {
        require_care_access(tx, kind, actor)?;
        let changed = tx
            .prepare_cached(
                "UPDATE care_person SET review_on = ?2 WHERE id = ?1 AND status = 'active'",
            )?
            .execute((person_id, day_text(next)))?;
        if changed == 0 {
            return Err(match status_of(tx, person_id)? {
                None => CareError::NotFound(person_id),
                Some(_) => CareError::NotActive,
            });
        }
        Ok((
            next,
            note(
                "care_consent_review",
                person_id,
                serde_json::json!({ "next_review": day_text(next) }),
            ),
        ))
    })
}

fn status_of(tx: &Transaction<'_>, person_id: i64) -> Result<Option<String>, CareError> {
    Ok(tx
        .prepare_cached("SELECT status FROM care_person WHERE id = ?1")?
        .query_row([person_id], |r| r.get(0))
        .optional()?)
}

/// What a purge did, or would do with `dry_run`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    pub purged: Vec<i64>,
    /// Whether the write-ahead log was emptied too, so no old copy of the details is left
    /// in the files beside the database (another process reading at that moment keeps it
    /// until the next checkpoint).
    pub log_emptied: bool,
}

/// Removes the personal details of every entry withdrawn at least the rules' period
/// before `today`: an administrator's task. The freed space is overwritten (SQLite's
/// `secure_delete`) and the log checkpointed, so the details are gone from the file.
pub fn purge(
    store: &mut Store,
    actor: &Actor,
    rules: &CareRules,
    today: NaiveDate,
    dry_run: bool,
    now: DateTime<Utc>,
) -> Result<PurgeReport, CareError> {
    if actor.role != Role::Admin {
        return Err(CareError::Db(DbError::Permission(PermissionDenied {
            role: actor.role,
            permission: Permission::ManageAccounts,
        })));
    }
    let mut stmt = store.connection(key()).prepare_cached(
        "SELECT id, withdrawn_on FROM care_person WHERE status = 'withdrawn' ORDER BY id",
    )?;
    let due: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    drop(stmt);
    let purged: Vec<i64> = due
        .into_iter()
        .filter(|(_, on)| {
            NaiveDate::parse_from_str(on, "%Y-%m-%d").is_ok_and(|d| rules.purge_from(d) <= today)
        })
        .map(|(id, _)| id)
        .collect();
    if dry_run || purged.is_empty() {
        return Ok(PurgeReport {
            purged,
            log_emptied: false,
        });
    }
    store
        .connection(key())
        .pragma_update(None, "secure_delete", true)?;
    let stamp = day_text(today);
    let result = store.write_checked::<_, CareError>(actor, |tx| {
        for id in &purged {
            tx.prepare_cached(
                "UPDATE care_person SET status = 'purged', purged_on = ?2, name = NULL,
                     id_number = NULL, phone = NULL, nominee_name = NULL, nominee_phone = NULL,
                     visit_password = NULL, temporary_until = NULL, emergency_name = NULL,
                     emergency_phone = NULL, consent_purpose = NULL
                 WHERE id = ?1 AND status = 'withdrawn'",
            )?
            .execute((id, &stamp))?;
            tx.prepare_cached("DELETE FROM care_account WHERE person_id = ?1")?
                .execute([id])?;
            tx.prepare_cached("DELETE FROM care_evidence WHERE person_id = ?1")?
                .execute([id])?;
            tx.prepare_cached("UPDATE care_visit SET note = NULL WHERE person_id = ?1")?
                .execute([id])?;
            tx.prepare_cached(
                "UPDATE care_hazard SET what = NULL, follow_up = NULL, resolution = NULL
                 WHERE person_id = ?1",
            )?
            .execute([id])?;
        }
        let detail = serde_json::json!({ "purged": purged.len(), "at": now.to_rfc3339() });
        Ok((
            (),
            AuditNote::new("care_purge", "care_person", "*").detail(detail),
        ))
    });
    let conn = store.connection(key());
    let _ = conn.pragma_update(None, "secure_delete", false);
    result?;
    // A busy checkpoint (another process reading) is reported, not an error.
    let log_emptied = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|busy| busy == 0)
        .unwrap_or(false);
    Ok(PurgeReport {
        purged,
        log_emptied,
    })
}

/// Whether an active entry covers the account or the mobile number a ticket was issued
/// with (the queue's priority lane asks).
pub fn registered(
    db: &impl Reads,
    account_id: Option<i64>,
    phone: Option<&str>,
    today: NaiveDate,
) -> Result<bool, DbError> {
    if let Some(account) = account_id
        && covers_account(db, account, today)?
    {
        return Ok(true);
    }
    let Some(phone) = phone else {
        return Ok(false);
    };
    let conn = db.connection(key());
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM care_person WHERE status = 'active'
             AND (temporary_until IS NULL OR temporary_until >= ?2)
             AND (phone = ?1 OR nominee_phone = ?1) LIMIT 1",
        )?
        .query_row((phone, day_text(today)), |_| Ok(()))
        .optional()?
        .is_some())
}

/// Which of `account_ids` an active entry covers on `today`, in one query (the search
/// list marks its rows with it on every keystroke).
pub fn covered_among(
    db: &impl Reads,
    account_ids: &[i64],
    today: NaiveDate,
) -> Result<std::collections::HashSet<i64>, DbError> {
    if account_ids.is_empty() {
        return Ok(Default::default());
    }
    let conn = db.connection(key());
    let ids = serde_json::to_string(account_ids).map_err(|e| DbError::Rule(e.to_string()))?;
    let found = conn
        .prepare_cached(
            "SELECT DISTINCT a.account_id FROM care_account a
             JOIN care_person p ON p.id = a.person_id
             WHERE a.account_id IN (SELECT value FROM json_each(?1)) AND p.status = 'active'
             AND (p.temporary_until IS NULL OR p.temporary_until >= ?2)",
        )?
        .query_map((ids, day_text(today)), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(found)
}

/// Whether an active entry covers `account_id` on `today` (a temporary entry ends after
/// its date).
pub fn covers_account(db: &impl Reads, account_id: i64, today: NaiveDate) -> Result<bool, DbError> {
    let conn = db.connection(key());
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM care_account a JOIN care_person p ON p.id = a.person_id
             WHERE a.account_id = ?1 AND p.status = 'active'
             AND (p.temporary_until IS NULL OR p.temporary_until >= ?2) LIMIT 1",
        )?
        .query_row((account_id, day_text(today)), |_| Ok(()))
        .optional()?
        .is_some())
}

/// The open hazards of an entry, oldest first (the demo builder follows them up).
pub(crate) fn open_hazard_ids(db: &impl Reads, person_id: i64) -> Result<Vec<i64>, CareError> {
    let conn = db.connection(key());
    let ids = conn
        .prepare_cached(
            "SELECT id FROM care_hazard WHERE person_id = ?1 AND resolved_on IS NULL ORDER BY id",
        )?
        .query_map([person_id], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}

/// Marks a staff member as a care officer (or not): an administrator's decision.
pub fn set_care_officer(
    store: &mut Store,
    actor: &Actor,
    staff_no: &str,
    officer: bool,
) -> Result<(), CareError> {
    actor.require(Permission::ManageStaff)?;
    store.write_checked::<_, CareError>(actor, |tx| {
        let changed = tx
            .prepare_cached("UPDATE staff SET care_officer = ?2 WHERE staff_no = ?1")?
            .execute((staff_no, officer as i64))?;
        if changed == 0 {
            return Err(CareError::UnknownStaff(staff_no.to_string()));
        }
        Ok((
            (),
            AuditNote::new("staff_care_officer", "staff", staff_no)
                .detail(serde_json::json!({ "care_officer": officer })),
        ))
    })
}

#[cfg(test)]
mod tests;
