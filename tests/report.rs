//! Reports (F8): every figure of the day-end and the period report recomputed from the
//! raw rows (receipts, ledger, shift counts, ticket events, care visits) on the demo and
//! on random days; a closed day's report byte for byte the same after later refunds and
//! voids; who may read what; the CLI's CSV, JSON and xlsx written and read back.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use gasdesk::db::cash::{self, Approval, PaymentKey};
use gasdesk::db::report::{self as rpt, ReportError};
use gasdesk::db::{self, Actor, Store};
use gasdesk::domain::queue::builtin_rules;
use gasdesk::i18n::Lang;
use gasdesk::report::day::DayReport;
use gasdesk::report::{self, business, table};
use rusqlite::Connection;

const SEED: u64 = 20_261_128;

/// The demo's day ends at 15:45 on Thursday 3 December 2026 in Hefei.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 7, 45, 0).unwrap()
}

fn today() -> NaiveDate {
    builtin_rules().local_day(now())
}

/// One demo (2,000 accounts, 30 closed days and the played day) for the whole file.
fn demo() -> &'static Path {
    static DEMO: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DEMO.get_or_init(|| {
        let dir = common::temp_dir();
        let path = dir.path().join("demo.sqlite");
        gasdesk::demo::build_with_queue(&path, SEED, 2_000, now(), true, &mut |_| {}).unwrap();
        (dir, path)
    });
    path
}

/// A copy of the demo of the test's own, to change.
fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let src = demo();
    let dir = common::temp_dir();
    let path = dir.path().join("copy.sqlite");
    let store = Store::open(src).unwrap();
    store.backup_to(&path).unwrap();
    (dir, path)
}

fn actor(store: &Store, no: &str) -> Actor {
    db::staff::by_number(store, no)
        .unwrap()
        .unwrap()
        .actor(None)
}

fn manager_of(store: &Store, office: i64) -> Actor {
    db::staff::list(store)
        .unwrap()
        .into_iter()
        .find(|s| s.office_id == office && s.role == gasdesk::domain::role::Role::Manager)
        .unwrap()
        .actor(None)
}

fn one(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> i64 {
    conn.query_row(sql, p, |r| r.get(0)).unwrap()
}

/// Every figure of `r` (business day `day_id` of office `office`) against the raw rows.
fn check_day(conn: &Connection, r: &DayReport, day_id: i64) {
    let office = r.office.id;
    let date = r.date.as_str();
    let ctx = format!("office {office} {date}");
    // Cash: per shift and method, expected = float (cash) + the shift's receipts.
    let shifts = one(
        conn,
        "SELECT count(*) FROM cash_shift WHERE business_day_id = ?1",
        [day_id],
    );
    assert_eq!(r.shifts.len() as i64, shifts, "{ctx}: shifts");
    for s in &r.shifts {
        let float = one(
            conn,
            "SELECT float_fen FROM cash_shift WHERE id = ?1",
            [s.shift_id],
        );
        let state: String = conn
            .query_row(
                "SELECT state FROM cash_shift WHERE id = ?1",
                [s.shift_id],
                |r| r.get(0),
            )
            .unwrap();
        let close: Option<i64> = conn
            .query_row(
                "SELECT max(id) FROM shift_close WHERE shift_id = ?1",
                [s.shift_id],
                |r| r.get(0),
            )
            .unwrap();
        for m in &s.methods {
            let (n, sum): (i64, i64) = conn
                .query_row(
                    "SELECT count(*), coalesce(sum(total_fen), 0) FROM receipt
                     WHERE shift_id = ?1 AND method = ?2",
                    (s.shift_id, &m.method),
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            let expected = sum + if m.method == "cash" { float } else { 0 };
            assert_eq!(
                (m.receipts, m.expected_fen),
                (n, expected),
                "{ctx}: {} {}",
                s.staff,
                m.method
            );
            if state == "closed" {
                let counted: i64 = conn
                    .query_row(
                        "SELECT coalesce((SELECT counted_fen FROM shift_close_method
                                          WHERE close_id = ?1 AND method = ?2), 0)",
                        (close.unwrap(), &m.method),
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(m.counted_fen, Some(counted), "{ctx}: counted");
                assert_eq!(m.over_under_fen, Some(counted - expected));
            } else {
                assert_eq!(m.counted_fen, None);
            }
        }
    }
    for m in &r.methods {
        let sum = one(
            conn,
            "SELECT coalesce(sum(total_fen), 0) FROM receipt WHERE business_day_id = ?1 AND method = ?2",
            (day_id, &m.method),
        ) + if m.method == "cash" {
            one(
                conn,
                "SELECT coalesce(sum(float_fen), 0) FROM cash_shift WHERE business_day_id = ?1",
                [day_id],
            )
        } else {
            0
        };
        assert_eq!(m.expected_fen, sum, "{ctx}: office {}", m.method);
    }
    // Reversals, with requester and approver never the same person.
    let reversals = one(
        conn,
        "SELECT count(*) FROM receipt WHERE business_day_id = ?1 AND reverses_id IS NOT NULL",
        [day_id],
    );
    assert_eq!(r.reversals.len() as i64, reversals, "{ctx}: reversals");
    for v in &r.reversals {
        assert_ne!(v.requester, v.approver);
        assert!(!v.approver.is_empty() && !v.reason.is_empty());
    }
    // Receipt numbers.
    let (n, lo, hi): (i64, Option<i64>, Option<i64>) = conn
        .query_row(
            "SELECT count(*), min(seq), max(seq) FROM receipt WHERE business_day_id = ?1",
            [day_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        r.receipts.iter().map(|g| g.count).sum::<i64>(),
        n,
        "{ctx}: receipts"
    );
    if let (Some(lo), Some(hi)) = (lo, hi) {
        assert_eq!(hi - lo + 1, n, "{ctx}: a gap in the series");
        assert!(r.receipts.iter().all(|g| g.missing.is_empty()));
    }
    // The queue, from the events.
    let events = |kind: &str| {
        one(
            conn,
            "SELECT count(*) FROM ticket_event WHERE business_day_id = ?1 AND kind = ?2",
            (day_id, kind),
        )
    };
    let q = &r.queue.total;
    assert_eq!(q.issued, events("issued"), "{ctx}: issued");
    assert_eq!(q.served, events("finished"), "{ctx}: served");
    assert_eq!(q.no_show, events("no_show"), "{ctx}: no-shows");
    assert_eq!(q.moved, events("transferred"), "{ctx}: moves");
    assert_eq!(q.closed, events("closed"), "{ctx}: closed");
    for lines in [&r.queue.by_service, &r.queue.by_slot] {
        assert_eq!(lines.iter().map(|l| l.issued).sum::<i64>(), q.issued);
        assert_eq!(lines.iter().map(|l| l.served).sum::<i64>(), q.served);
    }
    assert_eq!(
        r.queue.arrivals_by_hour.iter().map(|(_, n)| n).sum::<i64>(),
        q.issued
    );
    // Business lines.
    check_business(conn, &r.business, office, date, date, &ctx);
}

fn check_business(
    conn: &Connection,
    lines: &[gasdesk::report::BusinessLine],
    office: i64,
    from: &str,
    to: &str,
    ctx: &str,
) {
    let v = |key| business::value(lines, key);
    let receipts = |kinds: &str| -> (i64, i64) {
        conn.query_row(
            &format!(
                "SELECT count(*), coalesce(sum(r.total_fen), 0) FROM receipt r
                 JOIN business_day d ON d.id = r.business_day_id
                 WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3 AND r.kind IN ({kinds})"
            ),
            (office, from, to),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(
        (v("payments"), v("payments_fen")),
        receipts("'bills'"),
        "{ctx}: payments"
    );
    assert_eq!(
        (v("top_ups"), v("top_up_fen")),
        receipts("'top_up'"),
        "{ctx}: top-ups"
    );
    assert_eq!(
        (v("advances"), v("advances_fen")),
        receipts("'advance'"),
        "{ctx}"
    );
    assert_eq!((v("fees"), v("fees_fen")), receipts("'fee'"), "{ctx}: fees");
    assert_eq!(
        (v("reversals"), v("reversals_fen")),
        receipts("'void', 'refund'"),
        "{ctx}: reversals"
    );
    assert_eq!(
        v("net_fen"),
        receipts("'bills', 'advance', 'top_up', 'fee', 'void', 'refund'").1,
        "{ctx}: net"
    );
    // The ledger says the same as the receipts.
    let ledger = one(
        conn,
        "SELECT coalesce(sum(e.amount_fen), 0) FROM ledger_entry e JOIN receipt r ON r.id = e.receipt_id
         JOIN business_day d ON d.id = r.business_day_id
         WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3",
        (office, from, to),
    );
    assert_eq!(v("net_fen"), ledger, "{ctx}: ledger");
    let litres = one(
        conn,
        "SELECT coalesce(sum(e.volume_litres), 0) FROM ledger_entry e JOIN receipt r ON r.id = e.receipt_id
         JOIN business_day d ON d.id = r.business_day_id
         WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3 AND e.kind = 'top_up'",
        (office, from, to),
    );
    assert_eq!(v("top_up_litres"), litres, "{ctx}: m³");
    let finished = |outcomes: &str| {
        one(
            conn,
            &format!(
                "SELECT count(*) FROM ticket_event e JOIN business_day d ON d.id = e.business_day_id
                 WHERE d.office_id = ?1 AND d.day BETWEEN ?2 AND ?3 AND e.kind = 'finished'
                   AND json_extract(e.detail, '$.outcome') IN ({outcomes})"
            ),
            (office, from, to),
        )
    };
    assert_eq!(v("enquiries"), finished("'enquiry'"), "{ctx}: enquiries");
    assert_eq!(
        v("other_business"),
        finished("'new_install', 'transfer', 'care_visit', 'other'"),
        "{ctx}: other business"
    );
    assert_eq!(
        v("days"),
        one(
            conn,
            "SELECT count(*) FROM business_day WHERE office_id = ?1 AND day BETWEEN ?2 AND ?3",
            (office, from, to)
        ),
        "{ctx}: days"
    );
    let (visits, hazards): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM care_visit v JOIN care_person p ON p.id = v.person_id
                     WHERE p.office_id = ?1 AND v.visited_on BETWEEN ?2 AND ?3),
                    (SELECT count(*) FROM care_hazard h JOIN care_visit v ON v.id = h.visit_id
                     JOIN care_person p ON p.id = v.person_id
                     WHERE p.office_id = ?1 AND v.visited_on BETWEEN ?2 AND ?3)",
            (office, from, to),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (v("care_visits"), v("hazards_found")),
        (visits, hazards),
        "{ctx}: care"
    );
    // New installs and transfers, each instant read as a day on the offices' clock here.
    let local_day = |at: String| {
        chrono::DateTime::parse_from_rfc3339(&at)
            .unwrap()
            .with_timezone(&builtin_rules().utc_offset)
            .date_naive()
            .to_string()
    };
    let in_span = |day: &String| day.as_str() >= from && day.as_str() <= to;
    let events: Vec<(String, String)> = conn
        .prepare(
            "SELECT e.action, e.at FROM install_event e
             JOIN install_application a ON a.id = e.application_id WHERE a.office_id = ?1",
        )
        .unwrap()
        .query_map([office], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| {
            let (action, at) = r.unwrap();
            (action, local_day(at))
        })
        .filter(|(_, day)| in_span(day))
        .collect();
    let count = |actions: &[&str]| {
        events
            .iter()
            .filter(|(a, _)| actions.contains(&a.as_str()))
            .count() as i64
    };
    let forward = [
        "book_survey",
        "survey_feasible",
        "quote",
        "pay_fee",
        "construction_done",
        "inspection_passed",
        "install_meter",
        "ignite",
        "open_account",
    ];
    assert_eq!(
        (
            v("installs_received"),
            v("installs_advanced"),
            v("installs_ignited"),
            v("installs_opened")
        ),
        (
            count(&["accept"]),
            count(&forward),
            count(&["ignite"]),
            count(&["open_account"])
        ),
        "{ctx}: new installs"
    );
    let transfers: Vec<(String, String)> = conn
        .prepare("SELECT source, done_at FROM transfer WHERE office_id = ?1 AND state = 'done'")
        .unwrap()
        .query_map([office], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| {
            let (source, at) = r.unwrap();
            (source, local_day(at))
        })
        .filter(|(_, day)| in_span(day))
        .collect();
    assert_eq!(
        (v("transfers"), v("transfers_back")),
        (
            transfers.len() as i64,
            transfers.iter().filter(|(s, _)| s == "back").count() as i64
        ),
        "{ctx}: transfers"
    );
}

fn day_id(conn: &Connection, office: i64, date: NaiveDate) -> i64 {
    one(
        conn,
        "SELECT id FROM business_day WHERE office_id = ?1 AND day = ?2",
        (office, date.to_string()),
    )
}

#[test]
fn every_figure_of_the_demo_equals_the_rows() {
    let store = Store::open(demo()).unwrap();
    let conn = common::raw(&store);
    let admin = actor(&store, "9000");
    let rules = builtin_rules();
    for office in 1..=9 {
        for back in [0, 1, 6, 29] {
            let date = today() - Duration::days(back);
            let r = match rpt::day_report(&store, &admin, &rules, office, date) {
                Ok(r) => r,
                // The vehicle stays in on weekends.
                Err(ReportError::NoDay { .. }) if office == 9 => continue,
                Err(e) => panic!("{e}"),
            };
            check_day(&conn, &r, day_id(&conn, office, date));
            assert_eq!(r.is_closed(), back > 0);
        }
    }
    // The demo's day: receipts of every kind, a void and a refund, a failed write
    // recovered, one drawer short, and nothing left to write.
    let r = rpt::day_report(&store, &admin, &rules, 1, today()).unwrap();
    let kinds: Vec<String> = conn
        .prepare("SELECT DISTINCT kind FROM receipt WHERE business_day_id = ?1 ORDER BY kind")
        .unwrap()
        .query_map([day_id(&conn, 1, today())], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for kind in ["advance", "bills", "fee", "refund", "top_up", "void"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "no {kind} receipt: {kinds:?}"
        );
    }
    assert_eq!(r.reversals.len(), 2);
    assert!(r.card_writes.is_empty());
    let shorts: Vec<_> = r
        .shifts
        .iter()
        .flat_map(|s| &s.methods)
        .filter(|m| m.over_under_fen.is_some_and(|d| d != 0))
        .collect();
    assert_eq!(shorts.len(), 1);
    assert_eq!(shorts[0].over_under_fen, Some(-1_000));
    let failed_then_written = one(
        &conn,
        "SELECT count(*) FROM card_write WHERE attempts > 1 AND state = 'verified'",
        [],
    );
    assert!(failed_then_written >= 1);
    // Every closed day was frozen.
    assert_eq!(
        one(
            &conn,
            "SELECT count(*) FROM business_day WHERE closed_at IS NOT NULL",
            []
        ),
        one(&conn, "SELECT count(*) FROM day_report", [])
    );
}

#[test]
fn the_period_report_equals_the_rows_office_by_office_and_month_by_month() {
    let store = Store::open(demo()).unwrap();
    let conn = common::raw(&store);
    let admin = actor(&store, "9000");
    let from = today() - Duration::days(40);
    let p = rpt::period_report(&store, &admin, None, from, today()).unwrap();
    assert_eq!(p.offices.len(), 9);
    assert_eq!(p.months.len(), 3);
    for c in &p.whole.columns {
        check_business(&conn, &c.lines, c.office_id, &p.from, &p.to, "whole");
    }
    for m in &p.months {
        for c in &m.columns {
            check_business(&conn, &c.lines, c.office_id, &m.from, &m.to, &m.label);
        }
    }
    // The vehicle's trips: its business days, weekdays only.
    let vehicle = p.whole.columns.iter().find(|c| c.office_id == 9).unwrap();
    assert!(business::value(&vehicle.lines, "days") < 31);
    // The total column is the sum of the offices.
    for total in &p.whole.total {
        let sum: i64 = p
            .whole
            .columns
            .iter()
            .map(|c| business::value(&c.lines, &total.key))
            .sum();
        assert_eq!(total.value, sum);
    }
}

#[test]
fn a_closed_days_report_is_the_same_after_later_refunds_and_voids() {
    let (_dir, path) = demo_copy();
    let mut store = Store::open(&path).unwrap();
    let rules = builtin_rules();
    let manager = actor(&store, "2009");
    let past = today() - Duration::days(5);
    let print = |store: &Store| {
        let r = rpt::day_report(store, &manager, &rules, 2, past).unwrap();
        let tables = table::day_tables(&r, &rules, Lang::Zh);
        (
            report::render::text("x", &tables),
            report::render::csv("x", &tables),
            r.to_json(),
        )
    };
    let before = print(&store);
    let conn = common::raw(&store);
    let past_day = day_id(&conn, 2, past);
    let (first, second): (i64, i64) = conn
        .query_row(
            "SELECT min(id), max(id) FROM receipt WHERE business_day_id = ?1 AND kind = 'advance'",
            [past_day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Two refunds of that day's receipts today, and a void of one of today's.
    let clerk = actor(&store, "2001");
    let approval = Approval {
        staff_no: "2009".into(),
        pin: "123456".into(),
    };
    let later = now() + Duration::minutes(1);
    for id in [first, second] {
        let refund = cash::void_receipt(
            &mut store,
            &clerk,
            &approval,
            id,
            "退款",
            &PaymentKey::new(),
            later,
        )
        .unwrap();
        assert_eq!(refund.receipt.kind, cash::ReceiptKind::Refund);
    }
    let today_id = day_id(&conn, 2, today());
    let todays: i64 = one(
        &conn,
        "SELECT max(r.id) FROM receipt r WHERE r.business_day_id = ?1 AND r.kind = 'advance'
           AND NOT EXISTS (SELECT 1 FROM receipt v WHERE v.reverses_id = r.id)",
        [today_id],
    );
    let void = cash::void_receipt(
        &mut store,
        &clerk,
        &approval,
        todays,
        "录错",
        &PaymentKey::new(),
        later,
    )
    .unwrap();
    assert_eq!(void.receipt.kind, cash::ReceiptKind::Void);
    // A home visit on that day, recorded only now, with a hazard.
    let person = one(
        &conn,
        "SELECT min(id) FROM care_person WHERE office_id = 2 AND status = 'active'",
        [],
    );
    gasdesk::db::care::record_visit(
        &mut store,
        &manager,
        gasdesk::domain::care::CareRules::builtin(),
        person,
        &gasdesk::domain::care::NewVisit {
            visited_on: past,
            checks: vec![],
            hazards: vec![gasdesk::domain::care::NewHazard {
                what: "软管老化".into(),
                follow_up: "更换软管".into(),
                due_on: today() + Duration::days(7),
            }],
            hose_replaced: false,
            receipt_no: None,
            note: String::new(),
        },
        today(),
    )
    .unwrap();
    let after = print(&store);
    assert_eq!(before, after, "the frozen day changed");
    // The refunds are on today's report, where they were made.
    let now_report = rpt::day_report(&store, &manager, &rules, 2, today()).unwrap();
    let refunded: Vec<&str> = now_report
        .reversals
        .iter()
        .filter(|v| v.kind == "refund")
        .map(|v| v.original_no.as_str())
        .collect();
    assert!(refunded.len() >= 2);
    check_day(&conn, &now_report, today_id);
    // Recomputed from the rows dated that day, the money still agrees with the frozen one.
    let frozen = rpt::day_report(&store, &manager, &rules, 2, past).unwrap();
    let bd = db::queue::day_by_date(&store, 2, past).unwrap().unwrap();
    let live = gasdesk::report::day::compute(&rpt::day_rows(&store, &rules, &bd).unwrap(), &rules);
    assert_eq!(frozen.shifts, live.shifts);
    assert_eq!(frozen.reversals, live.reversals);
    // … but the visit recorded later would change it: that is why it is frozen.
    assert_eq!(
        business::value(&live.business, "care_visits"),
        business::value(&frozen.business, "care_visits") + 1
    );
    // A stored report changed behind gasdesk's back is refused, not printed.
    let err = conn
        .execute(
            "UPDATE day_report SET figures = '{}' WHERE business_day_id = ?1",
            [past_day],
        )
        .unwrap_err();
    assert!(err.to_string().contains("frozen"), "{err}");
}

#[test]
fn managers_read_their_own_office_and_administrators_every_office() {
    let store = Store::open(demo()).unwrap();
    let rules = builtin_rules();
    let d = today() - Duration::days(1);
    let clerk = actor(&store, "1001");
    assert!(matches!(
        rpt::day_report(&store, &clerk, &rules, 1, d),
        Err(ReportError::NotAllowed)
    ));
    let manager = actor(&store, "1009");
    assert!(rpt::day_report(&store, &manager, &rules, 1, d).is_ok());
    assert!(matches!(
        rpt::day_report(&store, &manager, &rules, 2, d),
        Err(ReportError::OtherOffice(1))
    ));
    assert!(matches!(
        rpt::period_report(&store, &manager, None, d, d),
        Err(ReportError::OtherOffice(1))
    ));
    let admin = actor(&store, "9000");
    assert!(rpt::period_report(&store, &admin, None, d, d).is_ok());
    assert!(matches!(
        rpt::period_report(&store, &admin, None, d, d - Duration::days(1)),
        Err(ReportError::BadRange)
    ));
}

fn gasdesk(args: &[&str], pin: &str) -> std::process::Output {
    let db = demo().to_str().unwrap().to_string();
    let mut all = vec!["--db", db.as_str()];
    all.extend_from_slice(args);
    common::run(&all, pin)
}

#[test]
fn the_cli_writes_csv_json_and_xlsx_and_audits_every_export() {
    let date = (today() - Duration::days(2)).to_string();
    let store = Store::open(demo()).unwrap();
    let conn = common::raw(&store);
    let audited = || {
        one(
            &conn,
            "SELECT count(*) FROM audit WHERE action = 'report_export'",
            [],
        )
    };
    let before = audited();
    // CSV: a byte-order mark, CRLF, Chinese as UTF-8.
    let out = gasdesk(
        &[
            "report", "day", "--office", "1", "--date", &date, "--format", "csv", "--as", "1009",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "report day csv");
    assert_eq!(&out.stdout[..3], &[0xEF, 0xBB, 0xBF]);
    let text = String::from_utf8(out.stdout[3..].to_vec()).unwrap();
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    assert!(text.contains("庐阳服务所"));
    // JSON: the figures, as frozen.
    let out = gasdesk(
        &[
            "report", "day", "--office", "1", "--date", &date, "--format", "json", "--as", "1009",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "report day json");
    let r: DayReport = serde_json::from_slice(&out.stdout).unwrap();
    check_day(&conn, &r, day_id(&conn, 1, today() - Duration::days(2)));
    // xlsx: read back cell by cell against the tables.
    let dir = common::temp_dir();
    let file = dir.path().join("period.xlsx");
    let from = (today() - Duration::days(35)).to_string();
    let out = gasdesk(
        &[
            "report",
            "period",
            "--from",
            &from,
            "--to",
            &today().to_string(),
            "--office",
            "all",
            "--format",
            "xlsx",
            "--out",
            file.to_str().unwrap(),
            "--as",
            "9000",
        ],
        "123456\n",
    );
    common::assert_ok(&out, "report period xlsx");
    let admin = actor(&store, "9000");
    let p =
        rpt::period_report(&store, &admin, None, today() - Duration::days(35), today()).unwrap();
    let tables = table::period_tables(&p, Lang::Zh);
    // The whole range, then October, November and December.
    assert_eq!(tables.len(), 4);
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), tables.len());
    for (t, name) in tables.iter().zip(&names) {
        let range = book.worksheet_range(name).unwrap();
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String(t.title.clone()))
        );
        for (c, h) in t.headers.iter().enumerate() {
            assert_eq!(
                range.get_value((1, c as u32)),
                Some(&Data::String(h.clone()))
            );
        }
        for (i, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let got = range.get_value((i as u32 + 2, c as u32));
                match cell {
                    table::Cell::Text(s) => assert_eq!(got, Some(&Data::String(s.clone()))),
                    other => assert_eq!(
                        got,
                        Some(&Data::Float(other.number().unwrap())),
                        "{name} row {i} col {c}"
                    ),
                }
            }
        }
    }
    // A manager may not export another office; a clerk nothing.
    let out = gasdesk(
        &[
            "report", "day", "--office", "2", "--date", &date, "--as", "1009",
        ],
        "123456\n",
    );
    common::assert_exit(&out, 1, "another office");
    let out = gasdesk(
        &[
            "report", "period", "--from", &date, "--to", &date, "--office", "1", "--as", "1001",
        ],
        "123456\n",
    );
    common::assert_exit(&out, 1, "a clerk");
    assert_eq!(audited(), before + 3);
    let detail: String = conn
        .query_row(
            "SELECT detail FROM audit WHERE action = 'report_export' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        detail.contains("\"format\":\"xlsx\"") && detail.contains("sha256"),
        "{detail}"
    );
}

/// Random days: a small store, and day after day in office after office a quick queue
/// day and a cash day with random takings, reversals, a drawer short or not, closed or
/// left open; each day-end's every figure against the raw rows, and a closed day's
/// frozen report the same as one computed from its rows then.
#[test]
fn random_days_add_up_to_their_rows() {
    use gasdesk::demo::{history, money};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    use std::cell::RefCell;
    use std::collections::{BTreeMap, BTreeSet};

    let dir = common::temp_dir();
    let path = dir.path().join("random.sqlite");
    gasdesk::demo::build_with_queue(&path, 7, 900, now(), false, &mut |_| {}).unwrap();
    {
        // The small demo's transfers leave today's business day open where they took a
        // balance: closed here, since the days played below lie before it.
        let mut store = Store::open(&path).unwrap();
        for office in 1..=9 {
            if db::queue::current_day(&store, office).unwrap().is_some() {
                let manager = manager_of(&store, office);
                db::queue::close_day(&mut store, &manager, office, now()).unwrap();
            }
        }
    }
    struct State {
        store: Store,
        cards: money::MemoryCards,
        case: i64,
        left_open: BTreeSet<i64>,
        refundable: BTreeMap<i64, i64>,
    }
    let state = RefCell::new(State {
        store: Store::open(&path).unwrap(),
        cards: money::MemoryCards::default(),
        case: 0,
        left_open: BTreeSet::new(),
        refundable: BTreeMap::new(),
    });
    let rules = builtin_rules();
    let mut runner = TestRunner::new(Config {
        cases: 14,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(any::<u64>(), any::<bool>(), 0u8..4, any::<bool>()),
            |(seed, short, left_open, refund)| {
                let mut s = state.borrow_mut();
                let s = &mut *s;
                let k = s.case;
                s.case += 1;
                let office = 1 + k % 9;
                if s.left_open.contains(&office) {
                    return Ok(());
                }
                let date = today() - Duration::days(200) + Duration::days(k / 9);
                let day =
                    history::quick_queue_day(&mut s.store, &rules, office, date, seed).unwrap();
                let last_day = left_open == 0;
                let at = |h| history::local_at(&rules, date, h, 0);
                let cash = money::play_cash_day(
                    &mut s.store,
                    &rules,
                    &mut s.cards,
                    office,
                    &day,
                    seed,
                    money::Extras {
                        last_day,
                        refund: if refund {
                            s.refundable.get(&office).copied()
                        } else {
                            None
                        },
                        short,
                    },
                    at(17),
                )
                .unwrap();
                if let Some(r) = cash.refundable {
                    s.refundable.insert(office, r);
                }
                let manager = manager_of(&s.store, office);
                if last_day {
                    s.left_open.insert(office);
                } else {
                    db::queue::close_day(&mut s.store, &manager, office, at(18)).unwrap();
                }
                let conn = common::raw(&s.store);
                let r = rpt::day_report(&s.store, &manager, &rules, office, date).unwrap();
                check_day(&conn, &r, day.id);
                prop_assert_eq!(r.is_closed(), !last_day);
                if !last_day {
                    let closed = db::queue::day_by_date(&s.store, office, date)
                        .unwrap()
                        .unwrap();
                    let live = gasdesk::report::day::compute(
                        &rpt::day_rows(&s.store, &rules, &closed).unwrap(),
                        &rules,
                    );
                    prop_assert_eq!(live, r);
                }
                Ok(())
            },
        )
        .unwrap();
    // The period over those days, frozen and open ones alike, against the rows.
    let s = state.borrow();
    let admin = actor(&s.store, "9000");
    let from = today() - Duration::days(200);
    let p = rpt::period_report(&s.store, &admin, None, from, from + Duration::days(2)).unwrap();
    let conn = common::raw(&s.store);
    for c in &p.whole.columns {
        check_business(
            &conn,
            &c.lines,
            c.office_id,
            &p.from,
            &p.to,
            "random period",
        );
    }
}

/// The same seed gives the same figures: every frozen day-end of a second build equals
/// the first's (but for the audit chain's head, which hashes the build's own keys).
#[test]
fn the_same_seed_gives_the_same_figures() {
    let dir = common::temp_dir();
    let again = dir.path().join("again.sqlite");
    gasdesk::demo::build_with_queue(&again, SEED, 2_000, now(), true, &mut |_| {}).unwrap();
    let figures = |path: &Path| -> Vec<(i64, String)> {
        let store = Store::open(path).unwrap();
        let conn = common::raw(&store);
        let mut out: Vec<(i64, String)> = conn
            .prepare(
                "SELECT d.office_id, r.figures FROM day_report r
                 JOIN business_day d ON d.id = r.business_day_id ORDER BY d.office_id, d.day",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (_, json) in &mut out {
            let mut r: DayReport = serde_json::from_str(json).unwrap();
            r.audit_head = None;
            *json = r.to_json();
        }
        out
    };
    let first = figures(demo());
    assert_eq!(first.len(), 30 * 8 + 22);
    assert_eq!(first, figures(&again));
    let store = Store::open(demo()).unwrap();
    let admin = actor(&store, "9000");
    let today_of = |path: &Path| {
        let store = Store::open(path).unwrap();
        let mut r = rpt::day_report(&store, &admin, &builtin_rules(), 3, today()).unwrap();
        r.audit_head = None;
        r.to_json()
    };
    assert_eq!(today_of(demo()), today_of(&again));
}
