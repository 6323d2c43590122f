//! `gasdesk bench load`: the latency of counter writes — issuing a ticket, calling one,
//! finishing it, taking a payment — from many processes on one database file at once, through gasdesk's
//! store (transaction, audit row, policy) and through the bare SQL underneath, one run
//! after the other on the same file. Numbers, not assertions.
//!
//! The parent prepares a demo database, then starts `--processes` copies of itself
//! (`gasdesk bench load --worker I …`). Each worker opens its own connection, waits for
//! a common start time, and performs issue, issue, call, finish, pay … at its share of
//! `--rate` commits per second for `--seconds`, timing each operation. Workers print
//! their samples as one JSON line; the parent prints p50, p99 and max per series and
//! how many operations met `SQLITE_BUSY` (which a user would have seen).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::Utc;
use clap::{Args, ValueEnum};
use color_eyre::eyre::{Result, WrapErr, eyre};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::bench::percentiles;
use crate::db::cash;
use crate::db::queue::{self as q, FinishRequest, IssueRequest, QueueError, kiosk_actor};
use crate::db::{Actor, DbError, Store};
use crate::domain::money::Fen;
use crate::domain::queue::{CounterMode, Outcome, QueueRules, builtin_rules, ticket_number};
use crate::domain::role::Role;
use crate::i18n::Lang;

/// Fixed offices the load spreads over (the mobile vehicle is left out).
const OFFICES: i64 = 8;
/// Bench counters are numbered from here, one per worker, so no two workers share one.
const FIRST_COUNTER: i64 = 101;

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Worker processes writing at once
    #[arg(long, default_value_t = 80)]
    pub processes: usize,
    /// Commits per second over all workers (issue, call and finish each commit once)
    #[arg(long, default_value_t = 800)]
    pub rate: u32,
    /// Seconds each run (gasdesk, then bare SQL) lasts
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Use (or keep) the database at this path instead of a temporary one
    #[arg(long, value_name = "PATH")]
    pub keep: Option<PathBuf>,
    #[arg(long, hide = true)]
    pub worker: Option<usize>,
    #[arg(long, hide = true, value_enum)]
    pub mode: Option<Mode>,
    #[arg(long, hide = true)]
    pub file: Option<PathBuf>,
    /// Start time of the timed run, milliseconds since the Unix epoch.
    #[arg(long, hide = true)]
    pub start_ms: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    Gasdesk,
    Bare,
}

/// What one worker measured, in microseconds.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Samples {
    issue: Vec<u64>,
    call: Vec<u64>,
    finish: Vec<u64>,
    /// Cash payments on account: receipt number allocated, receipt and ledger rows.
    pay: Vec<u64>,
    /// Calls that found nobody waiting (rolled back; not timed).
    empty: u64,
    busy: u64,
    errors: Vec<String>,
}

pub fn run(args: &LoadArgs, lang: Lang) -> crate::cli::CliResult {
    let result = match (args.worker, args.mode, &args.file, args.start_ms) {
        (Some(i), Some(mode), Some(file), Some(start)) => worker(args, i, mode, file, start),
        _ => parent(args, lang),
    };
    result.map_err(crate::cli::CliError::Report)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn parent(args: &LoadArgs, _lang: Lang) -> Result<()> {
    let temp = std::env::temp_dir().join(format!("gasdesk-bench-load-{}", std::process::id()));
    let path = match &args.keep {
        Some(p) => p.clone(),
        None => {
            std::fs::create_dir_all(&temp)?;
            temp.join("load.sqlite")
        }
    };
    if !path.exists() {
        crate::demo::build(&path, crate::demo::DEFAULT_SEED, 2_000, &mut |_| {})
            .map_err(|e| eyre!("{e}"))?;
    }
    prepare(&path, args.processes)?;
    let processes = args.processes.max(1);
    println!(
        "{processes} processes, {} commits/s target, {} s per run, {}",
        args.rate,
        args.seconds,
        path.display()
    );
    println!(
        "{:<18}{:>8}{:>10}{:>10}{:>10}",
        "series", "n", "p50 ms", "p99 ms", "max ms"
    );
    for mode in [Mode::Gasdesk, Mode::Bare] {
        let all = run_workers(args, mode, &path, processes)?;
        report(mode, &all, args.seconds);
    }
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    Ok(())
}

/// Bench counters calling every service, open; an open day and a few waiting tickets at
/// every office, so both runs start from the same shape.
fn prepare(path: &Path, processes: usize) -> Result<()> {
    let mut store = Store::open(path)?;
    let rules = builtin_rules();
    for w in 0..processes {
        let (office, counter) = desk_for(w);
        store.conn().execute(
            "INSERT OR IGNORE INTO counter (office_id, number, services) VALUES (?1, ?2, 'ABCD')",
            (office, counter),
        )?;
    }
    for office in 1..=OFFICES {
        for service in ['A', 'B', 'C', 'D'] {
            let req = IssueRequest {
                office_id: office,
                service,
                ..Default::default()
            };
            q::issue(&mut store, &kiosk_actor(office), &rules, &req, Utc::now())
                .map_err(|e| eyre!("{e}"))?;
        }
    }
    prepare_cash(&mut store)
}

fn desk_for(worker: usize) -> (i64, i64) {
    let office = 1 + worker as i64 % OFFICES;
    (office, FIRST_COUNTER + worker as i64)
}

fn run_workers(args: &LoadArgs, mode: Mode, path: &Path, processes: usize) -> Result<Samples> {
    let exe = std::env::current_exe().wrap_err("locating the gasdesk binary")?;
    // Time for every worker to start and open the file before the clock runs.
    let start_ms = now_ms() + 1_500 + 20 * processes as u64;
    let mode_name = match mode {
        Mode::Gasdesk => "gasdesk",
        Mode::Bare => "bare",
    };
    let mut children = Vec::with_capacity(processes);
    for i in 0..processes {
        let child = Command::new(&exe)
            .args([
                "bench",
                "load",
                "--worker",
                &i.to_string(),
                "--mode",
                mode_name,
            ])
            .arg("--file")
            .arg(path)
            .args(["--start-ms", &start_ms.to_string()])
            .args(["--processes", &processes.to_string()])
            .args(["--rate", &args.rate.to_string()])
            .args(["--seconds", &args.seconds.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .wrap_err("starting a worker")?;
        children.push(child);
    }
    let mut all = Samples::default();
    for child in children {
        let out = child.wait_with_output()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text.lines().last().unwrap_or("");
        let s: Samples = serde_json::from_str(line)
            .wrap_err_with(|| format!("worker output {line:?} (status {})", out.status))?;
        all.issue.extend(s.issue);
        all.call.extend(s.call);
        all.finish.extend(s.finish);
        all.pay.extend(s.pay);
        all.empty += s.empty;
        all.busy += s.busy;
        all.errors.extend(s.errors);
    }
    Ok(all)
}

fn report(mode: Mode, all: &Samples, seconds: u64) {
    let name = match mode {
        Mode::Gasdesk => "gasdesk",
        Mode::Bare => "bare SQL",
    };
    for (series, samples) in [
        ("issue", &all.issue),
        ("call", &all.call),
        ("finish", &all.finish),
        ("pay", &all.pay),
    ] {
        let mut d: Vec<Duration> = samples
            .iter()
            .map(|&us| Duration::from_micros(us))
            .collect();
        let p = percentiles(&mut d);
        println!(
            "{:<18}{:>8}{:>10.2}{:>10.2}{:>10.2}",
            format!("{name} {series}"),
            samples.len(),
            p.p50 / 1000.0,
            p.p99 / 1000.0,
            p.max / 1000.0,
        );
    }
    let commits = all.issue.len() + all.call.len() + all.finish.len() + all.pay.len();
    println!(
        "{name}: {:.0} commits/s achieved, {} SQLITE_BUSY, {} calls found nobody waiting, {} other errors",
        commits as f64 / seconds.max(1) as f64,
        all.busy,
        all.empty,
        all.errors.len()
    );
    for e in all.errors.iter().take(5) {
        println!("  {e}");
    }
}

/// One worker: waits for the common start, then issue, issue, call, finish … on
/// schedule.
fn worker(args: &LoadArgs, index: usize, mode: Mode, file: &Path, start_ms: u64) -> Result<()> {
    let processes = args.processes.max(1);
    let interval = Duration::from_secs_f64(processes as f64 / f64::from(args.rate.max(1)));
    let (office, counter) = desk_for(index);
    let mut op: Box<dyn Operations> = match mode {
        Mode::Gasdesk => Box::new(Gasdesk::open(file, office, counter)?),
        Mode::Bare => Box::new(Bare::open(file, office, counter)?),
    };
    let wait = start_ms.saturating_sub(now_ms());
    std::thread::sleep(Duration::from_millis(wait));
    // Workers are spread over one interval so their commits do not arrive in lockstep.
    let offset = interval.mul_f64(index as f64 / processes as f64);
    let started = Instant::now();
    let end = Duration::from_secs(args.seconds);
    let mut samples = Samples::default();
    let mut k: u32 = 0;
    let mut called: Option<i64> = None;
    loop {
        let due = offset + interval * k;
        if due >= end {
            break;
        }
        if let Some(sleep) = due.checked_sub(started.elapsed()) {
            std::thread::sleep(sleep);
        }
        let t0 = Instant::now();
        // A called ticket is finished first (again, if finishing failed), so a counter
        // is never left with two customers.
        let result = if let Some(id) = called {
            op.finish(id).map(|_| {
                called = None;
                "finish"
            })
        } else if k % 5 == 4 {
            // Each cycle of five: issue, issue, call, finish (taken above), pay.
            op.pay(k).map(|_| "pay")
        } else if k % 5 != 2 {
            // Two tickets issued for each called: the queue never runs dry.
            op.issue(k).map(|_| "issue")
        } else {
            op.call().map(|id| {
                called = id;
                if id.is_some() { "call" } else { "empty" }
            })
        };
        let us = t0.elapsed().as_micros() as u64;
        match result {
            Ok("issue") => samples.issue.push(us),
            Ok("call") => samples.call.push(us),
            Ok("finish") => samples.finish.push(us),
            Ok("pay") => samples.pay.push(us),
            Ok("empty") => samples.empty += 1,
            Ok(_) => {}
            Err(e) if e.contains("busy") => samples.busy += 1,
            Err(e) => samples.errors.push(e),
        }
        k += 1;
    }
    // Leave the counter free for the next run (untimed).
    if let Some(id) = called
        && let Err(e) = op.finish(id)
    {
        samples.errors.push(e);
    }
    println!("{}", serde_json::to_string(&samples)?);
    Ok(())
}

/// The three writes, through gasdesk or bare. Errors are text; "busy" marks SQLITE_BUSY.
trait Operations {
    fn issue(&mut self, k: u32) -> Result<(), String>;
    /// The ticket called, or `None` when nobody was waiting.
    fn call(&mut self) -> Result<Option<i64>, String>;
    fn finish(&mut self, ticket: i64) -> Result<(), String>;
    /// A cash payment on account of 50.00 yuan, on the worker's clerk's shift.
    fn pay(&mut self, k: u32) -> Result<(), String>;
}

/// Accounts the payments spread over (the bench database has 2,000).
const PAID_ACCOUNTS: i64 = 2_000;

fn paid_account(office: i64, k: u32) -> i64 {
    1 + (office * 7919 + i64::from(k)) % PAID_ACCOUNTS
}

/// The clerk whose shift the workers of an office take payments on.
fn office_clerk(store: &Store, office: i64) -> Result<Actor> {
    crate::db::staff::list(store.conn())?
        .into_iter()
        .find(|s| s.office_id == office && s.role == Role::Clerk)
        .map(|s| s.actor(None))
        .ok_or_else(|| eyre!("no clerk at office {office}"))
}

/// An open shift for every office's clerk, and one payment each so that every receipt
/// series exists before the clock runs (both runs then do the same work).
fn prepare_cash(store: &mut Store) -> Result<()> {
    let rules = builtin_rules();
    for office in 1..=OFFICES {
        let clerk = office_clerk(store, office)?;
        let staff = clerk.staff_id.ok_or_else(|| eyre!("clerk without id"))?;
        if cash::current_shift(store.conn(), staff)?.is_none() {
            cash::open_shift(store, &clerk, &rules, Fen(0), Utc::now())
                .map_err(|e| eyre!("{e}"))?;
        }
        cash::pay_advance(
            store,
            &clerk,
            &cash::PaymentKey::new(),
            paid_account(office, 0),
            PAY_AMOUNT,
            &cash::Tender::cash(None),
            Utc::now(),
        )
        .map_err(|e| eyre!("{e}"))?;
    }
    Ok(())
}

const PAY_AMOUNT: Fen = Fen(5_000);

fn service_of(k: u32) -> char {
    ['A', 'D', 'A', 'B', 'A', 'C'][k as usize % 6]
}

struct Gasdesk {
    store: Store,
    rules: QueueRules,
    clerk: Actor,
    /// The office's paying clerk (workers of an office share one shift).
    cashier: Actor,
    office: i64,
}

fn text(e: QueueError) -> String {
    match e {
        QueueError::Db(ref d) if d.is_busy() => "busy".into(),
        other => other.to_string(),
    }
}

impl Gasdesk {
    fn open(file: &Path, office: i64, counter: i64) -> Result<Gasdesk> {
        let mut store = Store::open(file)?;
        let staff = crate::db::staff::list(store.conn())?
            .into_iter()
            .find(|s| s.office_id == office && s.role == Role::Clerk)
            .ok_or_else(|| eyre!("no clerk at office {office}"))?;
        let clerk = staff.actor(Some(counter));
        q::set_counter(&mut store, &clerk, CounterMode::Open, Utc::now())
            .map_err(|e| eyre!("{e}"))?;
        let cashier = office_clerk(&store, office)?;
        Ok(Gasdesk {
            store,
            rules: builtin_rules(),
            clerk,
            cashier,
            office,
        })
    }
}

impl Operations for Gasdesk {
    fn issue(&mut self, k: u32) -> Result<(), String> {
        let req = IssueRequest {
            office_id: self.office,
            service: service_of(k),
            ..Default::default()
        };
        let kiosk = kiosk_actor(self.office);
        q::issue(&mut self.store, &kiosk, &self.rules, &req, Utc::now())
            .map(|_| ())
            .map_err(text)
    }

    fn call(&mut self) -> Result<Option<i64>, String> {
        match q::call_next(&mut self.store, &self.clerk, &self.rules, Utc::now()) {
            Ok(c) => Ok(Some(c.ticket.id)),
            Err(QueueError::NothingWaiting) => Ok(None),
            Err(e) => Err(text(e)),
        }
    }

    fn finish(&mut self, ticket: i64) -> Result<(), String> {
        let req = FinishRequest {
            outcome: Outcome::Other,
            account_id: None,
            transaction_ref: None,
            note: String::new(),
        };
        q::finish(&mut self.store, &self.clerk, ticket, &req, Utc::now())
            .map(|_| ())
            .map_err(text)
    }

    fn pay(&mut self, k: u32) -> Result<(), String> {
        cash::pay_advance(
            &mut self.store,
            &self.cashier,
            &cash::PaymentKey::new(),
            paid_account(self.office, k),
            PAY_AMOUNT,
            &cash::Tender::cash(None),
            Utc::now(),
        )
        .map(|_| ())
        .map_err(|e| match e {
            cash::CashError::Db(ref d) if d.is_busy() => "busy".into(),
            other => other.to_string(),
        })
    }
}

/// The same writes as bare SQL on a connection configured like the store's: what the
/// database itself costs, without audit rows, policy or checks.
struct Bare {
    conn: Connection,
    office: i64,
    counter: i64,
    staff_id: i64,
    /// The office clerk's open shift and its business day, for payments.
    shift: (i64, i64, i64),
    office_code: String,
}

fn bare_text(e: rusqlite::Error) -> String {
    let d = DbError::from(e);
    if d.is_busy() {
        "busy".into()
    } else {
        d.to_string()
    }
}

impl Bare {
    fn open(file: &Path, office: i64, counter: i64) -> Result<Bare> {
        let conn = Connection::open(file)?;
        conn.busy_timeout(crate::db::BUSY_TIMEOUT)?;
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        let staff_id: i64 = conn.query_row(
            "SELECT id FROM staff WHERE office_id = ?1 AND role = 'clerk' ORDER BY id LIMIT 1",
            [office],
            |r| r.get(0),
        )?;
        let shift = conn.query_row(
            "SELECT id, business_day_id, staff_id FROM cash_shift
             WHERE office_id = ?1 AND state = 'open' ORDER BY id LIMIT 1",
            [office],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let office_code =
            conn.query_row("SELECT code FROM office WHERE id = ?1", [office], |r| {
                r.get(0)
            })?;
        Ok(Bare {
            conn,
            office,
            counter,
            staff_id,
            shift,
            office_code,
        })
    }

    fn day(conn: &Connection, office: i64) -> rusqlite::Result<i64> {
        conn.query_row(
            "SELECT id FROM business_day WHERE office_id = ?1 AND closed_at IS NULL",
            [office],
            |r| r.get(0),
        )
    }
}

/// Who writes an event in the bare run.
#[derive(Clone, Copy)]
struct Desk {
    office: i64,
    counter: Option<i64>,
    staff: Option<i64>,
}

fn bare_event(
    conn: &Connection,
    ticket: i64,
    day: i64,
    kind: &str,
    service: &str,
    desk: Desk,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO ticket_event (ticket_id, business_day_id, office_id, at, kind, service,
                                   staff_id, counter_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        ticket,
        day,
        desk.office,
        crate::db::now_utc(),
        kind,
        service,
        desk.staff,
        desk.counter
    ])?;
    Ok(())
}

impl Operations for Bare {
    fn issue(&mut self, k: u32) -> Result<(), String> {
        let office = self.office;
        let letter = service_of(k).to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(bare_text)?;
        let day = Bare::day(&tx, office).map_err(bare_text)?;
        let seq: i64 = tx
            .prepare_cached(
                "SELECT coalesce(max(seq), 0) + 1 FROM ticket WHERE business_day_id = ?1 AND letter = ?2",
            )
            .and_then(|mut s| s.query_row((day, &letter), |r| r.get(0)))
            .map_err(bare_text)?;
        let number = ticket_number(service_of(k), seq);
        tx.prepare_cached(
            "INSERT INTO ticket (business_day_id, letter, seq, number, service, priority,
                                 issued_at, state)
             VALUES (?1, ?2, ?3, ?4, ?2, 0, ?5, 'waiting')",
        )
        .and_then(|mut s| s.execute((day, &letter, seq, &number, crate::db::now_utc())))
        .map_err(bare_text)?;
        let id = tx.last_insert_rowid();
        let kiosk = Desk {
            office,
            counter: None,
            staff: None,
        };
        bare_event(&tx, id, day, "issued", &letter, kiosk).map_err(bare_text)?;
        tx.commit().map_err(bare_text)
    }

    fn call(&mut self) -> Result<Option<i64>, String> {
        let (office, counter, staff) = (self.office, self.counter, self.staff_id);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(bare_text)?;
        let day = Bare::day(&tx, office).map_err(bare_text)?;
        let next: Option<(i64, String)> = tx
            .prepare_cached(
                "SELECT id, service FROM ticket WHERE business_day_id = ?1 AND state = 'waiting'
                 ORDER BY priority DESC, id LIMIT 1",
            )
            .and_then(|mut s| {
                s.query_row([day], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(bare_text)?;
        let Some((id, service)) = next else {
            return Ok(None);
        };
        tx.prepare_cached(
            "UPDATE ticket SET state = 'called', counter_no = ?2,
                               owner_staff_id = coalesce(owner_staff_id, ?3)
             WHERE id = ?1 AND state = 'waiting'",
        )
        .and_then(|mut s| s.execute((id, counter, staff)))
        .map_err(bare_text)?;
        let desk = Desk {
            office,
            counter: Some(counter),
            staff: Some(staff),
        };
        bare_event(&tx, id, day, "called", &service, desk).map_err(bare_text)?;
        tx.commit().map_err(bare_text)?;
        Ok(Some(id))
    }

    fn finish(&mut self, ticket: i64) -> Result<(), String> {
        let (office, counter, staff) = (self.office, self.counter, self.staff_id);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(bare_text)?;
        let (day, service): (i64, String) = tx
            .query_row(
                "SELECT business_day_id, service FROM ticket WHERE id = ?1",
                [ticket],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(bare_text)?;
        tx.execute(
            "UPDATE ticket SET state = 'finished', outcome = 'other' WHERE id = ?1",
            [ticket],
        )
        .map_err(bare_text)?;
        let desk = Desk {
            office,
            counter: Some(counter),
            staff: Some(staff),
        };
        bare_event(&tx, ticket, day, "finished", &service, desk).map_err(bare_text)?;
        tx.commit().map_err(bare_text)
    }

    fn pay(&mut self, k: u32) -> Result<(), String> {
        let (shift, day, cashier) = self.shift;
        let office = self.office;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(bare_text)?;
        let year: i64 = tx
            .query_row(
                "SELECT CAST(substr(day, 1, 4) AS INTEGER) FROM business_day WHERE id = ?1",
                [day],
                |r| r.get(0),
            )
            .map_err(bare_text)?;
        let seq: i64 = tx
            .prepare_cached(
                "UPDATE receipt_series SET last_seq = last_seq + 1 WHERE office_id = ?1 AND year = ?2
                 RETURNING last_seq",
            )
            .and_then(|mut s| s.query_row((office, year), |r| r.get(0)))
            .map_err(bare_text)?;
        let number = format!("{}-{year}-{seq:06}", self.office_code);
        let account = paid_account(office, k);
        tx.prepare_cached(
            "INSERT INTO receipt (receipt_no, office_id, year, seq, kind, account_id, total_fen,
                                  method, shift_id, business_day_id, staff_id, at, idempotency_key)
             VALUES (?1, ?2, ?3, ?4, 'advance', ?5, ?6, 'cash', ?7, ?8, ?9, ?10, ?11)",
        )
        .and_then(|mut s| {
            s.execute(rusqlite::params![
                number,
                office,
                year,
                seq,
                account,
                PAY_AMOUNT.get(),
                shift,
                day,
                cashier,
                crate::db::now_utc(),
                cash::PaymentKey::new().as_str(),
            ])
        })
        .map_err(bare_text)?;
        let receipt = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen)
             VALUES (?1, ?2, 'advance', ?3)",
        )
        .and_then(|mut s| s.execute((receipt, account, PAY_AMOUNT.get())))
        .map_err(bare_text)?;
        tx.commit().map_err(bare_text)
    }
}
