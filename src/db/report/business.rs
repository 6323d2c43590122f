//! The providers of business figures: each reads its own rows for one office over a span
//! of business days and returns its lines (labels in `report::business::LABELS`); the
//! day-end and the period reports show them with no other change.

use rusqlite::Connection;

use crate::report::business::{BusinessLine, Unit};

/// One office over the business days dated `from` to `to` (`YYYY-MM-DD`, inclusive).
#[derive(Debug, Clone)]
pub struct Scope {
    pub office_id: i64,
    pub from: String,
    pub to: String,
}

pub struct Provider {
    pub name: &'static str,
    /// Whether the lines of a span are the sum of its business days' lines (rows dated
    /// by business day: tickets, receipts). The period report then sums the days' lines
    /// frozen at close. Otherwise (care visits are dated by the visit, on any day) the
    /// span is always read whole.
    pub by_business_day: bool,
    pub lines: fn(&Connection, &Scope) -> rusqlite::Result<Vec<BusinessLine>>,
}

/// Every provider, in the order their lines are shown.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        name: "queue",
        by_business_day: true,
        lines: queue,
    },
    Provider {
        name: "money",
        by_business_day: true,
        lines: money,
    },
    Provider {
        name: "care",
        by_business_day: false,
        lines: care,
    },
    Provider {
        name: "install",
        by_business_day: false,
        lines: install,
    },
    Provider {
        name: "transfer",
        by_business_day: false,
        lines: transfer,
    },
];

/// The span as stored instants: from the first day's midnight to the midnight after the
/// last day, on the offices' clock.
fn instants(s: &Scope) -> (String, String) {
    let offset = crate::domain::queue::builtin_rules().utc_offset;
    let midnight = |day: &str, plus: i64| {
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(plus)))
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| t.and_local_timezone(offset).single())
            .map(|t| crate::clock::stamp(t.to_utc()))
            .unwrap_or_else(|| day.to_string())
    };
    (midnight(&s.from, 0), midnight(&s.to, 1))
}

/// New installs of the office: applications received, steps that moved an application
/// on, gas lit, accounts opened (all in the span), and how many open applications were
/// overdue at its end (not on hold, due before its last day).
fn install(conn: &Connection, s: &Scope) -> rusqlite::Result<Vec<BusinessLine>> {
    let (lo, hi) = instants(s);
    let (received, advanced, ignited, opened): (i64, i64, i64, i64) = conn
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE e.action = 'accept'),
                    count(*) FILTER (WHERE e.action IN ('book_survey', 'survey_feasible',
                                       'quote', 'pay_fee', 'construction_done',
                                       'inspection_passed', 'install_meter', 'ignite',
                                       'open_account')),
                    count(*) FILTER (WHERE e.action = 'ignite'),
                    count(*) FILTER (WHERE e.action = 'open_account')
             FROM install_application a JOIN install_event e ON e.application_id = a.id
             WHERE a.office_id = ?1 AND e.at >= ?2 AND e.at < ?3",
        )?
        .query_row((s.office_id, &lo, &hi), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let overdue: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM install_application
             WHERE office_id = ?1 AND due_on IS NOT NULL AND due_on < ?2 AND on_hold = 0",
        )?
        .query_row((s.office_id, &s.to), |r| r.get(0))?;
    Ok(vec![
        BusinessLine::new("installs_received", Unit::Count, received),
        BusinessLine::new("installs_advanced", Unit::Count, advanced),
        BusinessLine::new("installs_ignited", Unit::Count, ignited),
        BusinessLine::new("installs_opened", Unit::Count, opened),
        BusinessLine::new("installs_overdue", Unit::Count, overdue),
    ])
}

/// Ownership transfers the office completed in the span (transfers back among them).
fn transfer(conn: &Connection, s: &Scope) -> rusqlite::Result<Vec<BusinessLine>> {
    let (lo, hi) = instants(s);
    let (done, back): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), count(*) FILTER (WHERE source = 'back') FROM transfer
             WHERE office_id = ?1 AND state = 'done' AND done_at >= ?2 AND done_at < ?3",
        )?
        .query_row((s.office_id, &lo, &hi), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(vec![
        BusinessLine::new("transfers", Unit::Count, done),
        BusinessLine::new("transfers_back", Unit::Count, back),
    ])
}

/// Every provider's lines for `scope`.
pub fn lines(conn: &Connection, scope: &Scope) -> rusqlite::Result<Vec<BusinessLine>> {
    lines_of(conn, scope, |_| true)
}

/// The lines of the providers `which` picks, in provider order.
pub fn lines_of(
    conn: &Connection,
    scope: &Scope,
    which: impl Fn(&Provider) -> bool,
) -> rusqlite::Result<Vec<BusinessLine>> {
    let mut out = Vec::new();
    for p in PROVIDERS.iter().filter(|p| which(p)) {
        out.extend((p.lines)(conn, scope)?);
    }
    Ok(out)
}

/// Business days (the vehicle's trips), tickets, and what the finished tickets were:
/// from the ticket events.
fn queue(conn: &Connection, s: &Scope) -> rusqlite::Result<Vec<BusinessLine>> {
    let days: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM business_day WHERE office_id = ?1 AND day BETWEEN ?2 AND ?3",
        )?
        .query_row((s.office_id, &s.from, &s.to), |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT e.kind, json_extract(e.detail, '$.outcome'), count(*)
         FROM business_day d JOIN ticket_event e ON e.business_day_id = d.id
         WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3
           AND e.kind IN ('issued', 'finished', 'no_show')
         GROUP BY 1, 2",
    )?;
    let (mut issued, mut served, mut no_shows, mut enquiries, mut other) = (0, 0, 0, 0, 0);
    let mut rows = stmt.query((s.office_id, &s.from, &s.to))?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let outcome: Option<String> = r.get(1)?;
        let n: i64 = r.get(2)?;
        match kind.as_str() {
            "issued" => issued += n,
            "no_show" => no_shows += n,
            _ => {
                served += n;
                match outcome.as_deref() {
                    Some("enquiry") => enquiries += n,
                    Some("payment" | "top_up") => {}
                    _ => other += n,
                }
            }
        }
    }
    Ok(vec![
        BusinessLine::new("days", Unit::Count, days),
        BusinessLine::new("tickets", Unit::Count, issued),
        BusinessLine::new("served", Unit::Count, served),
        BusinessLine::new("no_shows", Unit::Count, no_shows),
        BusinessLine::new("enquiries", Unit::Count, enquiries),
        BusinessLine::new("other_business", Unit::Count, other),
    ])
}

/// Receipts by kind (count and amount), top-ups in m³, reversals, the net: from the
/// receipts and the ledger.
fn money(conn: &Connection, s: &Scope) -> rusqlite::Result<Vec<BusinessLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.kind, count(*), sum(r.total_fen)
         FROM business_day d JOIN receipt r ON r.business_day_id = d.id
         WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3
         GROUP BY r.kind",
    )?;
    let by_kind: Vec<(String, i64, i64)> = stmt
        .query_map((s.office_id, &s.from, &s.to), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    let of = |kinds: &[&str]| {
        by_kind
            .iter()
            .filter(|(k, _, _)| kinds.contains(&k.as_str()))
            .fold((0, 0), |(n, f), (_, kn, kf)| (n + kn, f + kf))
    };
    let litres: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(e.volume_litres), 0)
             FROM business_day d JOIN receipt r ON r.business_day_id = d.id
             JOIN ledger_entry e ON e.receipt_id = r.id
             WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3
               AND r.kind = 'top_up' AND e.kind = 'top_up'",
        )?
        .query_row((s.office_id, &s.from, &s.to), |r| r.get(0))?;
    let (payments, payments_fen) = of(&["bills"]);
    let (top_ups, top_up_fen) = of(&["top_up"]);
    let (advances, advances_fen) = of(&["advance"]);
    let (fees, fees_fen) = of(&["fee"]);
    let (reversals, reversals_fen) = of(&["void", "refund"]);
    let net: i64 = by_kind.iter().map(|(_, _, f)| f).sum();
    Ok(vec![
        BusinessLine::new("payments", Unit::Count, payments),
        BusinessLine::new("payments_fen", Unit::Fen, payments_fen),
        BusinessLine::new("top_ups", Unit::Count, top_ups),
        BusinessLine::new("top_up_litres", Unit::Litres, litres),
        BusinessLine::new("top_up_fen", Unit::Fen, top_up_fen),
        BusinessLine::new("advances", Unit::Count, advances),
        BusinessLine::new("advances_fen", Unit::Fen, advances_fen),
        BusinessLine::new("fees", Unit::Count, fees),
        BusinessLine::new("fees_fen", Unit::Fen, fees_fen),
        BusinessLine::new("reversals", Unit::Count, reversals),
        BusinessLine::new("reversals_fen", Unit::Fen, reversals_fen),
        BusinessLine::new("net_fen", Unit::Fen, net),
    ])
}

/// Home visits of the office's care register dated in the span, and the hazards they
/// found.
fn care(conn: &Connection, s: &Scope) -> rusqlite::Result<Vec<BusinessLine>> {
    let (visits, hazards): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(DISTINCT v.id), count(h.id)
             FROM care_person p JOIN care_visit v ON v.person_id = p.id
             LEFT JOIN care_hazard h ON h.visit_id = v.id
             WHERE p.office_id = ?1 AND v.visited_on BETWEEN ?2 AND ?3",
        )?
        .query_row((s.office_id, &s.from, &s.to), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(vec![
        BusinessLine::new("care_visits", Unit::Count, visits),
        BusinessLine::new("hazards_found", Unit::Count, hazards),
    ])
}
