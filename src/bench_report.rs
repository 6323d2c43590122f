//! `gasdesk bench report`: a year of the whole group's business (about 2,000,000
//! receipts and 1,000,000 tickets with their events, by default) generated with plain
//! SQL into a demo file (each day frozen at its close, as `close_day` does), then the day-end of one office and a month of every office
//! timed through gasdesk (`db::report`, what F8 and `gasdesk report` run) beside the bare
//! SQL sums of the same rows, in the same run. Numbers, not assertions.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use clap::Args;
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::Connection;

use crate::bench::{bare_connection, percentiles};
use crate::db::{self, Actor, DbKind, Store};
use crate::domain::office::builtin_offices;
use crate::domain::queue::builtin_rules;
use crate::domain::role::Role;

#[derive(Debug, Clone, Args)]
pub struct ReportBenchArgs {
    /// Business days per office (the vehicle too)
    #[arg(long, default_value_t = 365)]
    pub days: i64,
    /// Receipts per office and day (2,000,000 a year over nine offices: 609)
    #[arg(long, default_value_t = 609)]
    pub receipts: i64,
    /// Tickets per office and day (1,000,000 a year: 304), each with four events
    #[arg(long, default_value_t = 304)]
    pub tickets: i64,
    /// Timed runs of each report
    #[arg(long, default_value_t = 50)]
    pub runs: usize,
    /// Keep (or reuse) the generated database at this path
    #[arg(long, value_name = "PATH")]
    pub keep: Option<PathBuf>,
}

/// The last generated day.
fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or(NaiveDate::MIN)
}

pub fn run(args: &ReportBenchArgs, lang: crate::i18n::Lang) -> Result<()> {
    let temp = std::env::temp_dir().join(format!(
        "gasdesk-bench-report-{}.sqlite",
        std::process::id()
    ));
    let path = args.keep.clone().unwrap_or_else(|| temp.clone());
    if path.exists() {
        // Its rows have no audit rows: never on a file this bench did not build.
        crate::bench::require_built_here(&path, lang)?;
    } else {
        let started = Instant::now();
        generate(&path, args)?;
        println!(
            "generated {} days × 9 offices: {} receipts, {} tickets in {:.1} s",
            args.days,
            args.days * 9 * args.receipts,
            args.days * 9 * args.tickets,
            started.elapsed().as_secs_f64()
        );
    }
    let store = Store::open(&path)?;
    let bare = bare_connection(&path)?;
    let rules = builtin_rules();
    let admin = Actor {
        staff_id: None,
        staff_no: "bench".into(),
        role: Role::Admin,
        office_id: Some(1),
        counter_no: None,
    };
    let date = last_day() - chrono::Duration::days(args.days / 2);
    let day = db::queue::day_by_date(&store, 1, date)?.ok_or_else(|| eyre!("no day {date}"))?;
    let month_from = date.with_day(1).unwrap_or(date);
    let month_to = month_from
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month_from);

    let mut gas = Vec::new();
    let mut raw = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let rows = db::report::day_rows(&store, &rules, &day)?;
        let r = crate::report::day::compute(&rows, &rules);
        gas.push(t.elapsed());
        std::hint::black_box(r);
        let t = Instant::now();
        std::hint::black_box(bare_day(&bare, day.id)?);
        raw.push(t.elapsed());
    }
    line(&format!("day-end, office 1, {date}"), &mut gas, &mut raw);

    let mut gas = Vec::new();
    let mut raw = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let p = db::report::period_report(&store, &admin, None, month_from, month_to)?;
        gas.push(t.elapsed());
        std::hint::black_box(p);
        let t = Instant::now();
        std::hint::black_box(bare_month(&bare, month_from, month_to)?);
        raw.push(t.elapsed());
    }
    line(
        &format!("month, all offices, {month_from}–{month_to}"),
        &mut gas,
        &mut raw,
    );
    drop(store);
    if args.keep.is_none() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", temp.display()));
        }
    }
    Ok(())
}

fn line(what: &str, gas: &mut [Duration], raw: &mut [Duration]) {
    let g = percentiles(gas);
    let b = percentiles(raw);
    println!(
        "{what}: gasdesk p50 {:.1} ms p99 {:.1} ms | bare SQL p50 {:.1} ms p99 {:.1} ms",
        g.p50 / 1e3,
        g.p99 / 1e3,
        b.p50 / 1e3,
        b.p99 / 1e3
    );
}

/// The day's sums in bare SQL: cash per shift and method, reversals, the series, the
/// queue's events by kind.
fn bare_day(conn: &Connection, day: i64) -> Result<Vec<(String, i64, i64)>> {
    let mut out: Vec<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT method, count(*), sum(total_fen) FROM receipt WHERE business_day_id = ?1
             GROUP BY shift_id, method",
        )?
        .query_map([day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    out.push(conn.query_row(
        "SELECT 'series', min(seq), max(seq) FROM receipt WHERE business_day_id = ?1",
        [day],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?);
    let events: Vec<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT kind, count(*), 0 FROM ticket_event WHERE business_day_id = ?1 GROUP BY kind",
        )?
        .query_map([day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    out.extend(events);
    Ok(out)
}

/// A month of every office in bare SQL: receipts by office and kind, events by office
/// and kind.
fn bare_month(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i64, String, i64)>> {
    let (from, to) = (from.to_string(), to.to_string());
    let mut out: Vec<(i64, String, i64)> = conn
        .prepare_cached(
            "SELECT d.office_id, r.kind, sum(r.total_fen) FROM business_day d
             JOIN receipt r ON r.business_day_id = d.id
             WHERE d.day BETWEEN ?1 AND ?2 GROUP BY 1, 2",
        )?
        .query_map((&from, &to), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let events: Vec<(i64, String, i64)> = conn
        .prepare_cached(
            "SELECT d.office_id, e.kind, count(*) FROM business_day d
             JOIN ticket_event e ON e.business_day_id = d.id
             WHERE d.day BETWEEN ?1 AND ?2 GROUP BY 1, 2",
        )?
        .query_map((&from, &to), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    out.extend(events);
    Ok(out)
}

/// The generated year: offices, staff and 5,000 accounts through the store, then the
/// days in plain SQL on a connection of the bench's own (as the bulk loaders of other
/// systems would), keeping every trigger of the schema: each day opened, four shifts,
/// its tickets issued, called, served and finished, its receipts numbered from the
/// office's series, the drawers counted and closed, the day closed.
fn generate(path: &Path, args: &ReportBenchArgs) -> Result<()> {
    let mut store = Store::create(path, DbKind::Demo)?;
    let system = Actor::system();
    let offices = builtin_offices();
    db::office::install(&mut store, &system, &offices)?;
    let mut clerks: Vec<Vec<(i64, i64)>> = Vec::new();
    for o in &offices {
        let mut of_office = Vec::new();
        for k in 1..=4i64 {
            let id = db::staff::add(
                &mut store,
                &system,
                &db::staff::NewStaff {
                    staff_no: format!("{}{k:02}", o.id + 10),
                    name: format!("员工{k}"),
                    office_id: o.id,
                    counter_no: Some(k.min(2)),
                    role: Role::Clerk,
                    pin_hash: "x".into(),
                },
            )?;
            of_office.push((id, k));
        }
        clerks.push(of_office);
    }
    store.set_meta(&system, crate::bench::BUILT_BY_BENCH, "1")?;
    let accounts = crate::demo::generate::accounts(1, 5_000, &offices);
    db::bulk::load_accounts(&mut store, &system, accounts, 5_000, &mut |_| {})?;
    drop(store);
    let mut conn = Connection::open(path).wrap_err("opening the bench file")?;
    conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;")?;
    let first = last_day() - chrono::Duration::days(args.days - 1);
    let rules = builtin_rules();
    for d in 0..args.days {
        let date = first + chrono::Duration::days(d);
        let tx = conn.transaction()?;
        for (o, office) in offices.iter().enumerate() {
            one_day(&tx, &rules, office, &clerks[o], date, args, d)?;
        }
        tx.commit()?;
    }
    Ok(())
}

fn one_day(
    tx: &rusqlite::Transaction<'_>,
    rules: &crate::domain::queue::QueueRules,
    office: &crate::domain::office::OfficeDef,
    clerks: &[(i64, i64)],
    date: NaiveDate,
    args: &ReportBenchArgs,
    n: i64,
) -> Result<()> {
    let at = |secs: i64| {
        let start = crate::demo::history::local_at(rules, date, 8, 30);
        crate::db::queue::fmt_time(start + chrono::Duration::seconds(secs))
    };
    tx.prepare_cached("INSERT INTO business_day (office_id, day, opened_at) VALUES (?1, ?2, ?3)")?
        .execute((office.id, date.to_string(), at(-300)))?;
    let day = tx.last_insert_rowid();
    let mut shifts = Vec::new();
    for &(staff, counter) in clerks {
        tx.prepare_cached(
            "INSERT INTO cash_shift (office_id, staff_id, counter_no, business_day_id, opened_at,
                                     float_fen) VALUES (?1, ?2, ?3, ?4, ?5, 50000)",
        )?
        .execute((office.id, staff, counter, day, at(-240)))?;
        shifts.push((tx.last_insert_rowid(), staff, counter));
    }
    let span = 8 * 3600;
    let outcomes = [
        "payment",
        "top_up",
        "enquiry",
        "new_install",
        "transfer",
        "other",
    ];
    for t in 0..args.tickets {
        let letter = ["A", "B", "C", "D"][(t % 4) as usize];
        let (_, staff, counter) = shifts[(t as usize) % shifts.len()];
        let issued = t * span / args.tickets.max(1);
        tx.prepare_cached(
            "INSERT INTO ticket (business_day_id, letter, seq, number, service, priority, issued_at,
                                 state, counter_no, owner_staff_id, outcome)
             VALUES (?1, ?2, ?3, ?2 || substr('00' || ?3, -max(3, length(?3))), ?2, 0, ?4,
                     'finished', ?5, ?6, ?7)",
        )?
        .execute((day, letter, t / 4 + 1, at(issued), counter, staff, outcomes[(t % 6) as usize]))?;
        let ticket = tx.last_insert_rowid();
        let wait = 60 + (t * 7919 + n) % 1200;
        for (kind, secs, detail) in [
            ("issued", issued, "{}".to_string()),
            ("called", issued + wait, "{}".to_string()),
            ("arrived", issued + wait + 40, "{}".to_string()),
            (
                "finished",
                issued + wait + 400,
                format!("{{\"outcome\":\"{}\"}}", outcomes[(t % 6) as usize]),
            ),
        ] {
            let (who, desk) = if kind == "issued" {
                (None, None)
            } else {
                (Some(staff), Some(counter))
            };
            tx.prepare_cached(
                "INSERT INTO ticket_event (ticket_id, business_day_id, office_id, at, kind, service,
                                           staff_id, counter_no, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute((ticket, day, office.id, at(secs), kind, letter, who, desk, detail))?;
        }
    }
    let year = date.year();
    let code = &office.code;
    for k in 0..args.receipts {
        let seq: i64 = match tx
            .prepare_cached(
                "UPDATE receipt_series SET last_seq = last_seq + 1 WHERE office_id = ?1 AND year = ?2
                 RETURNING last_seq",
            )?
            .query_row((office.id, year), |r| r.get(0))
        {
            Ok(s) => s,
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                tx.prepare_cached(
                    "INSERT INTO receipt_series (office_id, year, dataset, last_seq)
                     VALUES (?1, ?2, 'demo', 1)",
                )?
                .execute((office.id, year))?;
                1
            }
            Err(e) => return Err(e.into()),
        };
        let (shift, staff, counter) = shifts[(k as usize) % shifts.len()];
        let (kind, entry) = match k % 3 {
            0 => ("advance", "advance"),
            1 => ("top_up", "top_up"),
            _ => ("fee", "fee"),
        };
        let method = ["cash", "bank_card", "wechat", "alipay"][(k % 4) as usize];
        let total = 1_000 + (k * 7_919 + n * 31) % 40_000;
        let account = 1 + (k * 13 + n) % 5_000;
        tx.prepare_cached(
            "INSERT INTO receipt (receipt_no, office_id, year, seq, kind, account_id, total_fen,
                                  method, reference, shift_id, business_day_id, staff_id,
                                  counter_no, at, idempotency_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(rusqlite::params![
            format!("{code}-{year}-{seq:06}"),
            office.id,
            year,
            seq,
            kind,
            account,
            total,
            method,
            (method != "cash").then_some("BENCH0001"),
            shift,
            day,
            staff,
            counter,
            at(k * span / args.receipts.max(1)),
            format!("bench-{}-{year}-{seq:010}", office.id),
        ])?;
        let receipt = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen, volume_litres,
                                       fee_code)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(rusqlite::params![
            receipt,
            account,
            entry,
            total,
            (entry == "top_up").then_some(total * 3),
            (entry == "fee").then_some("card_replacement"),
        ])?;
    }
    for &(shift, staff, _) in &shifts {
        tx.prepare_cached("UPDATE cash_shift SET state = 'balancing' WHERE id = ?1")?
            .execute([shift])?;
        tx.prepare_cached("UPDATE cash_shift SET state = 'closed' WHERE id = ?1")?
            .execute([shift])?;
        tx.prepare_cached(
            "INSERT INTO shift_close (shift_id, closed_at, closed_by, denominations)
             VALUES (?1, ?2, ?3, '{}')",
        )?
        .execute((shift, at(span + 600), staff))?;
        let close = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO shift_close_method (close_id, method, expected_fen, counted_fen)
             SELECT ?1, method, sum(total_fen) + CASE method WHEN 'cash' THEN 50000 ELSE 0 END,
                    sum(total_fen) + CASE method WHEN 'cash' THEN 50000 ELSE 0 END
             FROM receipt WHERE shift_id = ?2 GROUP BY method",
        )?
        .execute((close, shift))?;
    }
    tx.prepare_cached("UPDATE business_day SET closed_at = ?2 WHERE id = ?1")?
        .execute((day, at(span + 900)))?;
    // Frozen as `close_day` freezes it.
    let closed = db::queue::day_by_date(tx, office.id, date)?
        .ok_or_else(|| eyre!("the day just written is gone"))?;
    db::report::freeze(tx, rules, &closed)?;
    Ok(())
}
