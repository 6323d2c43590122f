//! Queue statistics: the event rows of a day (or of an office over dates) loaded with one
//! query each, then computed in Rust by [`crate::domain::queue::stats::compute`], where
//! the definitions are documented and tested against hand-computed fixtures.

use crate::db::Reads;
use chrono::{NaiveDate, Timelike};
use rusqlite::Connection;

use crate::domain::queue::stats::{self, EventRow, QueueStats};
use crate::domain::queue::{EventKind, QueueRules};

use super::queue::{QueueError, parse_time};

const EVENT_COLUMNS: &str = "e.id, e.ticket_id, e.at, e.kind, e.service, e.staff_id, e.counter_no";

fn rows(
    conn: &Connection,
    rules: &QueueRules,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<EventRow>, QueueError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let out = stmt
        .query_map(params, |r| {
            let at = parse_time(&r.get::<_, String>(2)?)?;
            let kind: String = r.get(3)?;
            let service: String = r.get(4)?;
            Ok(EventRow {
                id: r.get(0)?,
                ticket_id: r.get(1)?,
                at,
                hour: rules.local(at).hour(),
                kind: EventKind::parse(&kind).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        3,
                        rusqlite::types::Type::Text,
                        format!("unknown event kind {kind:?}").into(),
                    )
                })?,
                service: service.chars().next().unwrap_or('?'),
                staff_id: r.get(5)?,
                counter_no: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(out)
}

/// Every event of one business day, in order.
pub fn day_events(
    db: &impl Reads,
    rules: &QueueRules,
    business_day_id: i64,
) -> Result<Vec<EventRow>, QueueError> {
    let conn = db.connection(crate::db::key());
    rows(
        conn,
        rules,
        &format!(
            "SELECT {EVENT_COLUMNS} FROM ticket_event e WHERE e.business_day_id = +?1 ORDER BY e.id"
        ),
        [business_day_id],
    )
}

/// Every event of an office's business days dated `from` to `to` (inclusive), in order.
pub fn office_events(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<EventRow>, QueueError> {
    let conn = db.connection(crate::db::key());
    rows(
        conn,
        rules,
        &format!(
            "SELECT {EVENT_COLUMNS} FROM business_day d
             JOIN ticket_event e ON e.business_day_id = d.id
             WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3 ORDER BY e.id"
        ),
        (office_id, from.to_string(), to.to_string()),
    )
}

/// The statistics of one business day.
pub fn day_stats(
    db: &impl Reads,
    rules: &QueueRules,
    business_day_id: i64,
) -> Result<QueueStats, QueueError> {
    let conn = db.connection(crate::db::key());
    let events = day_events(conn, rules, business_day_id)?;
    Ok(stats::compute(&events, |s| rules.target_seconds(s)))
}

/// The statistics of an office over a range of business days.
pub fn office_stats(
    db: &impl Reads,
    rules: &QueueRules,
    office_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<QueueStats, QueueError> {
    let conn = db.connection(crate::db::key());
    let events = office_events(conn, rules, office_id, from, to)?;
    Ok(stats::compute(&events, |s| rules.target_seconds(s)))
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, TimeZone, Utc};

    use super::*;
    use crate::db::queue::{self as q, FinishRequest, IssueRequest, kiosk_actor};
    use crate::db::staff::NewStaff;
    use crate::db::{Actor, DbKind, Store};
    use crate::domain::queue::{CounterMode, Outcome, builtin_rules};
    use crate::domain::role::Role;

    /// 09:00 on 28 November 2026 in Hefei (UTC+8), plus `secs`.
    fn t(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + Duration::seconds(secs)
    }

    fn fin(outcome: Outcome) -> FinishRequest {
        FinishRequest {
            outcome,
            account_id: None,
            transaction_ref: None,
            note: String::new(),
        }
    }

    #[test]
    fn statistics_come_from_the_recorded_events() {
        let mut store = Store::in_memory(DbKind::Demo).unwrap();
        let system = Actor::system();
        let offices = crate::domain::office::builtin_offices();
        crate::db::office::install(&mut store, &system, &offices).unwrap();
        let clerk = NewStaff {
            staff_no: "1001".into(),
            name: "员工甲".into(),
            office_id: 1,
            counter_no: Some(1),
            role: Role::Clerk,
            pin_hash: "x".into(),
        };
        let id = crate::db::staff::add(&mut store, &system, &clerk).unwrap();
        let c1 = Actor {
            staff_id: Some(id),
            staff_no: "1001".into(),
            role: Role::Clerk,
            office_id: Some(1),
            counter_no: Some(1),
        };
        let rules = builtin_rules();
        let issue = |store: &mut Store, service, at| {
            let req = IssueRequest {
                office_id: 1,
                service,
                ..Default::default()
            };
            q::issue(store, &kiosk_actor(1), &rules, &req, at)
                .unwrap()
                .ticket
        };
        let a1 = issue(&mut store, 'A', t(0));
        let a2 = issue(&mut store, 'A', t(60));
        let d1 = issue(&mut store, 'D', t(120));
        q::set_counter(&mut store, &c1, CounterMode::Open, t(0)).unwrap();
        // A001 waits 5 min, served 4 min; A002 waits 11 min (over 10) and does not come;
        // D001 waits 15 min (at its 15 min target), served 2 min.
        q::call_next(&mut store, &c1, &rules, t(300)).unwrap();
        q::arrived(&mut store, &c1, a1.id, t(300)).unwrap();
        q::finish(&mut store, &c1, a1.id, &fin(Outcome::Payment), t(540)).unwrap();
        let next = q::call_next(&mut store, &c1, &rules, t(720)).unwrap();
        assert_eq!(next.ticket.id, a2.id);
        q::no_show(&mut store, &c1, a2.id, t(760)).unwrap();
        let next = q::call_next(&mut store, &c1, &rules, t(1020)).unwrap();
        assert_eq!(next.ticket.id, d1.id);
        q::finish(&mut store, &c1, d1.id, &fin(Outcome::Enquiry), t(1140)).unwrap();

        let day = q::current_day(store.conn(), 1).unwrap().unwrap();
        let s = day_stats(store.conn(), &rules, day.id).unwrap();
        assert_eq!((s.total.issued, s.total.served, s.total.no_show), (3, 2, 1));
        assert_eq!(s.total.wait.p50_secs, Some(660));
        assert_eq!(s.total.wait.p90_secs, Some(900));
        assert_eq!(s.total.service.p50_secs, Some(120));
        assert_eq!((s.total.within_target, s.total.judged), (2, 3));
        assert_eq!(s.by_hour[&9].issued, 3);
        assert_eq!(s.by_staff[&id].served, 2);
        let same = office_stats(store.conn(), &rules, 1, day.day, day.day).unwrap();
        assert_eq!(same, s);

        let panel = q::manager_panel(store.conn(), &rules, 1, t(1200)).unwrap();
        assert_eq!(panel.today.total.served, 2);
        assert_eq!(panel.counters.len(), 6);
        assert_eq!(panel.counters[0].mode, CounterMode::Open);
        assert!(!panel.stale);
        assert!(panel.longest_wait.is_none());
        // No history for B yet: its typical 15 min, 1 ahead, three counters (3, 4 and 6,
        // none open) call B: 5 minutes.
        issue(&mut store, 'B', t(1300));
        let e = q::estimate_wait(store.conn(), &rules, 1, 'B').unwrap();
        assert_eq!((e.ahead, e.minutes, e.from_history), (1, 5, false));
        // A history of A service times (240 s, one sample: below min_samples) is not used.
        let e = q::estimate_wait(store.conn(), &rules, 1, 'A').unwrap();
        assert!(!e.from_history);
        assert!(panel.day.unwrap().is_stale(t(86_400), &rules));
    }
}
