//! Reading an application is a write: it holds a resident ID and a mobile, so opening one
//! (the F5 view, `gasdesk install show`) and looking one up by number, ID, mobile or
//! address each append an audit row (who, office, counter, which application) in the
//! transaction that reads it, as opening a care file does. Lists of the office's work are
//! not audited, and neither is the screen reading again what it already shows (after a
//! step, on Back): a row is written when someone asks, not on every redraw.

use super::view::{ListRow, lookup, view, view_by_id};
use super::*;
use crate::domain::role::Permission;

/// Opens application `id` for `actor`: its view, and an audit row `install_view`.
pub fn open(store: &mut Store, actor: &Actor, id: i64) -> Result<AppView, InstallDbError> {
    actor.require(Permission::ViewCustomers)?;
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        let v = view_by_id(&**tx, id)?.ok_or_else(|| InstallDbError::NotFound(id.to_string()))?;
        let note = AuditNote::new("install_view", "install_application", &v.app_no)
            .detail(serde_json::json!({ "stage": v.stage }));
        Ok((v, note))
    })
}

/// Opens the application numbered `query`, or the only one an ID number, mobile or
/// address start finds (`gasdesk install show`), with an audit row `install_view`.
pub fn open_by(store: &mut Store, actor: &Actor, query: &str) -> Result<AppView, InstallDbError> {
    actor.require(Permission::ViewCustomers)?;
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        let found = match view(&**tx, query)? {
            Some(v) => Some(v),
            None => match lookup(&**tx, query, 2)?.as_slice() {
                [one] => view_by_id(&**tx, one.id)?,
                _ => None,
            },
        };
        let v = found.ok_or_else(|| InstallDbError::NotFound(query.to_string()))?;
        let note = AuditNote::new("install_view", "install_application", &v.app_no)
            .detail(serde_json::json!({ "stage": v.stage, "by": lookup_kind(query) }));
        Ok((v, note))
    })
}

/// The status lookup at any office (number, ID number, mobile, address start), with an
/// audit row `install_lookup` naming how it looked (never the ID or mobile typed) and
/// which applications it found.
pub fn find(
    store: &mut Store,
    actor: &Actor,
    query: &str,
    limit: usize,
) -> Result<Vec<ListRow>, InstallDbError> {
    actor.require(Permission::ViewCustomers)?;
    store.write_checked::<_, InstallDbError>(actor, |tx| {
        let rows = lookup(&**tx, query, limit)?;
        let found: Vec<&str> = rows.iter().take(50).map(|r| r.app_no.as_str()).collect();
        let note = AuditNote::new(
            "install_lookup",
            "install_application",
            found.first().copied().unwrap_or("-"),
        )
        .detail(serde_json::json!({
            "by": lookup_kind(query),
            "count": rows.len(),
            "found": found,
        }));
        Ok((rows, note))
    })
}

/// How a lookup reads `query`, as [`lookup_sql`](super::lookup_sql) does.
fn lookup_kind(query: &str) -> &'static str {
    let q = query.trim();
    if install::looks_like_application_no(q) {
        "app_no"
    } else if q.len() == 18 && q.is_ascii() && q[..17].bytes().all(|b| b.is_ascii_digit()) {
        "id_number"
    } else if q.len() == 11 && q.bytes().all(|b| b.is_ascii_digit()) {
        "phone"
    } else {
        "address"
    }
}
