//! Staff logins: PIN check with lock-out, and the admin tasks.

use crate::db::Reads;
use chrono::{DateTime, Duration, Utc};
use rusqlite::OptionalExtension;

use crate::domain::pin::{self, LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS};
use crate::domain::role::{Permission, Role};
use crate::i18n::{self, Lang, Localized};

use super::{Actor, AuditNote, DbError, DbKind, Store, now_utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub id: i64,
    pub staff_no: String,
    pub name: String,
    pub office_id: i64,
    pub counter_no: Option<i64>,
    pub role: Role,
    pub active: bool,
    pub locked_until: Option<String>,
}

impl Staff {
    /// The actor for this staff member at `counter` (the `--counter` option wins over the
    /// counter on record).
    pub fn actor(&self, counter: Option<i64>) -> Actor {
        Actor {
            staff_id: Some(self.id),
            staff_no: self.staff_no.clone(),
            role: self.role,
            office_id: Some(self.office_id),
            counter_no: counter.or(self.counter_no),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewStaff {
    pub staff_no: String,
    pub name: String,
    pub office_id: i64,
    pub counter_no: Option<i64>,
    pub role: Role,
    pub pin_hash: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// A wrong PIN, or a staff number that does not exist: one answer for both, so that
    /// nobody learns from it which numbers exist (no "attempts left", which only a real
    /// number has).
    #[error("wrong staff number or PIN")]
    WrongCredentials,
    #[error("staff number locked until {until}")]
    Locked { until: DateTime<Utc> },
    #[error("this login is disabled")]
    Disabled,
    /// No PIN at all (an empty line, or nothing on a script's standard input): not an
    /// attempt, so it is not counted against the staff number.
    #[error("no PIN given")]
    NoPin,
    #[error("trainers log in to the demo database only")]
    TrainerOnLive,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl Localized for LoginError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            LoginError::WrongCredentials => i18n::LOGIN_WRONG.fill(
                lang,
                &[("max", &MAX_FAILED_ATTEMPTS), ("minutes", &LOCKOUT_MINUTES)],
            ),
            LoginError::Locked { until } => {
                let local = crate::clock::office_time(*until).format("%H:%M");
                i18n::LOGIN_LOCKED.fill(lang, &[("until", &local)])
            }
            LoginError::Disabled => i18n::LOGIN_DISABLED.get(lang).to_string(),
            LoginError::NoPin => i18n::LOGIN_NO_PIN.get(lang).to_string(),
            LoginError::TrainerOnLive => i18n::LOGIN_TRAINER_LIVE.get(lang).to_string(),
            LoginError::Db(e) => e.localized(lang),
        }
    }
}

const SELECT: &str = "SELECT id, staff_no, name, office_id, counter_no, role, active, locked_until
                      FROM staff";

fn staff_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = r.get(5)?;
    Ok(Staff {
        id: r.get(0)?,
        staff_no: r.get(1)?,
        name: r.get(2)?,
        office_id: r.get(3)?,
        counter_no: r.get(4)?,
        role: Role::parse(&role).unwrap_or(Role::Clerk),
        active: r.get(6)?,
        locked_until: r.get(7)?,
    })
}

pub fn by_number(db: &impl Reads, staff_no: &str) -> Result<Option<Staff>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE staff_no = ?1"),
            [staff_no],
            staff_from,
        )
        .optional()?)
}

pub fn list(db: &impl Reads) -> Result<Vec<Staff>, DbError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY office_id, staff_no"))?;
    let rows = stmt.query_map([], staff_from)?.collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The hash a PIN is verified against when the staff number is unknown, so that a wrong
/// number costs the same argon2 work as a wrong PIN and does not reveal which numbers
/// exist. A constant with the parameters of every stored hash (a test holds them equal):
/// computing it on first use would make the first unknown number of each session take
/// twice as long. Its secret is no six-digit PIN, so nothing verifies against it.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$WlpaWlpaWlpaWlpaWlpaWg$GhGo0u13lQ2tLm24RNwIf1bCVFpqy5W1jLiBUrjzbJc";

/// Checks a staff number and PIN. Wrong PINs count towards a lock-out; every attempt,
/// good or bad, is audited.
pub fn authenticate(
    store: &mut Store,
    staff_no: &str,
    pin_text: &str,
    now: DateTime<Utc>,
) -> Result<Staff, LoginError> {
    check_pin(store, staff_no, pin_text, now, "login")
}

/// Checks the staff number and PIN a manager types at a clerk's terminal to approve a
/// void. Same lock-out and audit as a login, recorded as an approval.
pub fn verify_approver(
    store: &mut Store,
    staff_no: &str,
    pin_text: &str,
    now: DateTime<Utc>,
) -> Result<Staff, LoginError> {
    check_pin(store, staff_no, pin_text, now, "approval_pin")
}

fn check_pin(
    store: &mut Store,
    staff_no: &str,
    pin_text: &str,
    now: DateTime<Utc>,
    success_action: &'static str,
) -> Result<Staff, LoginError> {
    if pin_text.is_empty() {
        return Err(LoginError::NoPin);
    }
    let found = by_number(store.conn(), staff_no)?;
    let hash: Option<String> = match &found {
        Some(s) => store
            .conn()
            .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [s.id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(DbError::from)?,
        None => None,
    };
    let pin_ok = pin::verify(pin_text, hash.as_deref().unwrap_or(DECOY_HASH));
    let attempt_actor = Actor {
        staff_id: found.as_ref().map(|s| s.id),
        staff_no: staff_no.chars().take(16).collect(),
        role: found.as_ref().map(|s| s.role).unwrap_or(Role::Clerk),
        office_id: found.as_ref().map(|s| s.office_id),
        counter_no: None,
    };
    let Some(staff) = found else {
        return unknown_number(store, &attempt_actor, staff_no, now);
    };
    if let Some(until) = staff.locked_until.as_deref().and_then(parse_time)
        && until > now
    {
        audit_only(store, &attempt_actor, "login_refused", "locked")?;
        return Err(LoginError::Locked { until });
    }
    if !staff.active {
        audit_only(store, &attempt_actor, "login_refused", "disabled")?;
        return Err(LoginError::Disabled);
    }
    // A read-only session can neither count failures nor audit: it checks the PIN only.
    let read_only = store.read_only().is_some();
    if !pin_ok && read_only {
        return Err(LoginError::WrongCredentials);
    }
    if !pin_ok {
        // The count of failures goes to the audit row, never to the screen.
        let locked = store.write(&attempt_actor, |tx| {
            let failures: i64 = tx.query_row(
                "UPDATE staff SET failed_attempts = failed_attempts + 1 WHERE id = ?1
                 RETURNING failed_attempts",
                [staff.id],
                |r| r.get(0),
            )?;
            let locked =
                (failures >= MAX_FAILED_ATTEMPTS).then(|| now + Duration::minutes(LOCKOUT_MINUTES));
            if let Some(until) = locked {
                tx.execute(
                    "UPDATE staff SET locked_until = ?2, failed_attempts = 0 WHERE id = ?1",
                    (staff.id, format_time(until)),
                )?;
            }
            let action = if locked.is_some() {
                "login_locked"
            } else {
                "login_failed"
            };
            Ok((
                locked,
                AuditNote::new(action, "staff", &staff.staff_no)
                    .detail(serde_json::json!({ "failed_attempts": failures })),
            ))
        })?;
        return Err(match locked {
            Some(until) => LoginError::Locked { until },
            None => LoginError::WrongCredentials,
        });
    }
    if staff.role == Role::Trainer && store.kind() == DbKind::Live {
        audit_only(
            store,
            &attempt_actor,
            "login_refused",
            "trainer on live data",
        )?;
        return Err(LoginError::TrainerOnLive);
    }
    if read_only {
        return Ok(staff);
    }
    let actor = staff.actor(None);
    store.write(&actor, |tx| {
        tx.execute(
            "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
            [staff.id],
        )?;
        Ok(((), AuditNote::new(success_action, "staff", &staff.staff_no)))
    })?;
    Ok(staff)
}

/// A login with a staff number that does not exist: answered, counted, locked out and
/// audited exactly as a wrong PIN for a real number, so neither the answer nor a lock-out
/// tells the two apart.
fn unknown_number(
    store: &mut Store,
    actor: &Actor,
    staff_no: &str,
    now: DateTime<Utc>,
) -> Result<Staff, LoginError> {
    let kept = (3..=8).contains(&staff_no.len()) && staff_no.bytes().all(|b| b.is_ascii_digit());
    if !kept || store.read_only().is_some() {
        audit_only(store, actor, "login_failed", "unknown staff number")?;
        return Err(LoginError::WrongCredentials);
    }
    let locked_until: Option<String> = store
        .conn()
        .query_row(
            "SELECT locked_until FROM login_probe WHERE staff_no = ?1",
            [staff_no],
            |r| r.get(0),
        )
        .optional()
        .map_err(DbError::from)?
        .flatten();
    if let Some(until) = locked_until.as_deref().and_then(parse_time)
        && until > now
    {
        audit_only(store, actor, "login_refused", "locked")?;
        return Err(LoginError::Locked { until });
    }
    let locked = store.write(actor, |tx| {
        let failures: i64 = tx.query_row(
            "INSERT INTO login_probe (staff_no, failed_attempts) VALUES (?1, 1)
             ON CONFLICT (staff_no) DO UPDATE SET failed_attempts = failed_attempts + 1
             RETURNING failed_attempts",
            [staff_no],
            |r| r.get(0),
        )?;
        let locked =
            (failures >= MAX_FAILED_ATTEMPTS).then(|| now + Duration::minutes(LOCKOUT_MINUTES));
        if let Some(until) = locked {
            tx.execute(
                "UPDATE login_probe SET locked_until = ?2, failed_attempts = 0 WHERE staff_no = ?1",
                (staff_no, format_time(until)),
            )?;
        }
        let action = if locked.is_some() {
            "login_locked"
        } else {
            "login_failed"
        };
        Ok((
            locked,
            AuditNote::new(action, "staff", staff_no)
                .detail(serde_json::json!({ "failed_attempts": failures })),
        ))
    })?;
    Err(match locked {
        Some(until) => LoginError::Locked { until },
        None => LoginError::WrongCredentials,
    })
}

/// Records an event that changes nothing else. A read-only session cannot audit, and
/// must not be locked out for it.
fn audit_only(
    store: &mut Store,
    actor: &Actor,
    action: &'static str,
    why: &str,
) -> Result<(), DbError> {
    if store.read_only().is_some() {
        return Ok(());
    }
    store.write(actor, |_| {
        Ok((
            (),
            AuditNote::new(action, "staff", &actor.staff_no)
                .detail(serde_json::json!({ "reason": why })),
        ))
    })
}

/// Adds a staff login. Needs an admin (or the system actor during `init`).
pub fn add(store: &mut Store, actor: &Actor, new: &NewStaff) -> Result<i64, DbError> {
    actor.require(Permission::ManageStaff)?;
    store.write(actor, |tx| {
        tx.execute(
            "INSERT INTO staff (staff_no, name, office_id, counter_no, role, pin_hash, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                &new.staff_no,
                &new.name,
                new.office_id,
                new.counter_no,
                new.role.as_str(),
                &new.pin_hash,
                now_utc(),
            ),
        )?;
        let id = tx.last_insert_rowid();
        Ok((
            id,
            AuditNote::new("staff_add", "staff", &new.staff_no).detail(serde_json::json!({
                "name": new.name, "office": new.office_id, "counter": new.counter_no,
                "role": new.role.as_str(),
            })),
        ))
    })
}

/// Sets a new PIN hash and clears any lock-out.
pub fn reset_pin(
    store: &mut Store,
    actor: &Actor,
    staff_no: &str,
    pin_hash: &str,
) -> Result<(), DbError> {
    actor.require(Permission::ManageStaff)?;
    store.write(actor, |tx| {
        let changed = tx.execute(
            "UPDATE staff SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL
             WHERE staff_no = ?1",
            (staff_no, pin_hash),
        )?;
        if changed == 0 {
            return Err(DbError::NoSuchStaff(staff_no.to_string()));
        }
        Ok(((), AuditNote::new("staff_reset_pin", "staff", staff_no)))
    })
}

pub fn disable(store: &mut Store, actor: &Actor, staff_no: &str) -> Result<(), DbError> {
    actor.require(Permission::ManageStaff)?;
    if actor.staff_no == staff_no {
        return Err(DbError::SelfDisable);
    }
    store.write(actor, |tx| {
        let changed = tx.execute(
            "UPDATE staff SET active = 0 WHERE staff_no = ?1",
            [staff_no],
        )?;
        if changed == 0 {
            return Err(DbError::NoSuchStaff(staff_no.to_string()));
        }
        Ok(((), AuditNote::new("staff_disable", "staff", staff_no)))
    })
}

fn format_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_decoy_hash_costs_what_a_stored_hash_costs() {
        // Algorithm, version and cost parameters: everything before the salt.
        let params = |phc: &str| phc.rsplitn(3, '$').nth(2).map(str::to_string);
        assert_eq!(params(DECOY_HASH), params(&pin::hash("123456")));
        assert!(params(DECOY_HASH).is_some_and(|p| p.contains("m=19456,t=2,p=1")));
        for pin_text in ["000000", "123456"] {
            assert!(!pin::verify(pin_text, DECOY_HASH));
        }
    }

    #[test]
    fn a_wrong_pin_and_an_unknown_number_read_the_same_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let text = LoginError::WrongCredentials.localized(lang);
            assert!(text.contains('5') && text.contains("15"), "{text}");
        }
    }

    #[test]
    fn a_lock_out_ends_at_an_office_time() {
        // 16:49 UTC is 00:49 on the offices' clock, whatever the server's zone.
        let until = Utc.with_ymd_and_hms(2026, 12, 1, 16, 49, 0).unwrap();
        let text = LoginError::Locked { until }.localized(Lang::En);
        assert!(text.contains("00:49"), "{text}");
    }
}
