//! The applicant's details corrected after intake (a typo at the counter): name, mobile,
//! resident ID, household size, with a reason. Checked as intake checks them; refused
//! once the account is open or the application cancelled; one transaction with a history
//! row and an audit row that carry the old and new values masked.

use super::*;
use crate::domain::install::amend::CorrectionInput;
use crate::domain::mask::{mask_id_number, mask_name, mask_phone};
use crate::domain::role::Permission;

/// Corrects the applicant of application `id`. `seen_version` is the version the clerk's
/// screen showed (`None`: the current one). Staff of the application's own office only.
/// Returns the new version.
pub fn correct_applicant(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    seen_version: Option<i64>,
    input: &CorrectionInput,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64, InstallDbError> {
    actor.require(Permission::CounterWork)?;
    let (Some(staff), Some(_)) = (actor.staff_id, actor.office_id) else {
        return Err(InstallDbError::NoOffice);
    };
    let fix = input.check(today)?;
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        let cur = current(tx, id)?.ok_or_else(|| InstallDbError::NotFound(id.to_string()))?;
        require_own_office(tx, actor, &cur)?;
        if seen_version.is_some_and(|v| v != cur.version) {
            return Err(last_change(tx, id)?);
        }
        if cur.progress.stage.is_finished() {
            return Err(install::StageError::Finished(cur.progress.stage).into());
        }
        let (name, id_number, phone, household): (String, String, String, i64) = tx
            .prepare_cached(
                "SELECT name, id_number, phone, household FROM install_application WHERE id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        // Only what differs from the file; old and new masked as on screen.
        let mut changed = serde_json::Map::new();
        let mut fields: Vec<&str> = Vec::new();
        let mut note = |field: &'static str, from: String, to: String| {
            fields.push(field);
            changed.insert(field.into(), serde_json::json!({ "from": from, "to": to }));
        };
        let new_name = fix.name.clone().filter(|n| *n != name);
        if let Some(n) = &new_name {
            note("name", mask_name(&name), mask_name(n));
        }
        let new_id = fix
            .id_number
            .as_ref()
            .map(|i| i.as_str().to_string())
            .filter(|i| *i != id_number);
        if let Some(i) = &new_id {
            note("id_number", mask_id_number(&id_number), mask_id_number(i));
        }
        let new_phone = fix
            .phone
            .as_ref()
            .map(|p| p.as_str().to_string())
            .filter(|p| *p != phone);
        if let Some(p) = &new_phone {
            note("phone", mask_phone(&phone), mask_phone(p));
        }
        let new_household = fix.household.map(i64::from).filter(|h| *h != household);
        if let Some(h) = new_household {
            note("household", household.to_string(), h.to_string());
        }
        if fields.is_empty() {
            return Err(InstallError::NothingToCorrect.into());
        }
        let n = tx
            .prepare_cached(
                "UPDATE install_application SET name = coalesce(?3, name),
                     id_number = coalesce(?4, id_number), phone = coalesce(?5, phone),
                     household = coalesce(?6, household), version = version + 1
                 WHERE id = ?1 AND version = ?2",
            )?
            .execute(rusqlite::params![
                id,
                cur.version,
                new_name,
                new_id,
                new_phone,
                new_household
            ])?;
        if n == 0 {
            return Err(last_change(tx, id)?);
        }
        let detail = serde_json::json!({ "fields": fields, "changed": changed });
        insert_event(
            tx,
            &EventIn {
                application_id: id,
                at: &crate::clock::stamp(now),
                staff_id: Some(staff),
                action: "correct_applicant",
                from: Some(cur.progress.stage),
                to: cur.progress.stage,
                on_hold: cur.progress.on_hold,
                due: cur.due_on,
                note: Some(fix.reason.as_str()),
                detail: detail.clone(),
            },
        )?;
        let audit =
            AuditNote::new("install_correct", "install_application", &cur.app_no).detail(detail);
        Ok((cur.version + 1, audit))
    })
}
