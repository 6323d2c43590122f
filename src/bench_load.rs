//! `gasdesk bench load`: the latency of counter writes — issuing a ticket, calling one,
//! finishing it, taking a payment, committing an ownership transfer — from many processes on one database file at once,
//! through gasdesk's store (transaction, audit row, policy) and through the bare SQL
//! underneath, one run after the other on the same file. Numbers, not assertions.
//!
//! The parent prepares a demo database, then starts `--processes` copies of itself
//! (`gasdesk bench load --worker I …`). Each worker opens its own connection, waits for
//! a common start time, and performs issue, issue, call, finish, pay … at its share of
//! `--rate` commits per second for `--seconds`, timing each operation. Workers print
//! their samples as one JSON line; the parent prints p50, p99 and max per series and
//! how many operations met `SQLITE_BUSY` (which a user would have seen).
//!
//! Both runs are alike but for the code under test: the same schedule, one transaction
//! per operation, the same file (WAL, `synchronous = FULL`), statements prepared once.
//! gasdesk waits for the write lock with its busy handler, short fixed sleeps
//! ([`Store::install_busy_handler`]); the bare SQL waits as plain SQLite does, with its
//! own handler (`busy_timeout`, sleeps growing to 100 ms). An operation is timed
//! from its start; a worker behind schedule starts the next one at once, so the time from
//! the scheduled start (which counts that backlog, instead of hiding it by coordinated
//! omission) is shown beside it, and the rate achieved is taken over the time the run
//! really lasted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::Utc;
use clap::{Args, ValueEnum};
use color_eyre::eyre::{Result, WrapErr, eyre};

use crate::bench::percentiles;
use crate::db::cash;
use crate::db::queue::{self as q, FinishRequest, IssueRequest, QueueError, kiosk_actor};
use crate::db::{Actor, LockTiming, Store};
use crate::domain::money::Fen;
use crate::domain::queue::{CounterMode, Outcome, QueueRules, builtin_rules};
use crate::domain::role::Role;
use crate::i18n::Lang;

mod bare;

use bare::Bare;

/// Fixed offices the load spreads over (the mobile vehicle is left out).
const OFFICES: i64 = 8;
/// Bench counters are numbered from here, one per worker, so no two workers share one.
const FIRST_COUNTER: i64 = 101;

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Worker processes writing at once
    #[arg(long, default_value_t = 80)]
    pub processes: usize,
    /// Commits per second over all workers (issue, call, finish and pay each commit once)
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

/// The measured operations, in the order reported; each is one method of [`Operations`].
const SERIES: [&str; 5] = ["issue", "call", "finish", "pay", "transfer"];

/// What both runs also report: how long each transaction waited for the write lock
/// (`BEGIN IMMEDIATE`, with whatever waiting the path does) and how long it held it (to
/// the end of `COMMIT`, fsync included). Held × rate is the share of time the lock is taken; the wait
/// is most of the tail.
const LOCK_SERIES: [&str; 2] = ["lock wait", "lock held"];

/// The lock timings one worker collected, reported as [`LOCK_SERIES`].
#[derive(Default)]
struct LockLog(Vec<LockTiming>);

impl LockLog {
    fn take_series(&mut self) -> Vec<(&'static str, Vec<Timing>)> {
        let log = std::mem::take(&mut self.0);
        vec![
            (
                LOCK_SERIES[0],
                log.iter().map(|l| Timing::both(l.waited)).collect(),
            ),
            (
                LOCK_SERIES[1],
                log.iter().map(|l| Timing::both(l.held)).collect(),
            ),
        ]
    }
}

/// One operation, in microseconds: from its start, and from when the schedule wanted it
/// to start (which adds the wait behind this worker's earlier, slower operations).
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Timing {
    took: u64,
    from_schedule: u64,
}

impl Timing {
    /// A span with no schedule of its own (lock wait and hold).
    fn both(d: Duration) -> Timing {
        let us = d.as_micros() as u64;
        Timing {
            took: us,
            from_schedule: us,
        }
    }
}

/// What one worker measured.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Samples {
    /// Per series name (of [`SERIES`] and [`LOCK_SERIES`]).
    series: BTreeMap<String, Vec<Timing>>,
    /// Calls that found nobody waiting (rolled back; not timed).
    empty: u64,
    busy: u64,
    errors: Vec<String>,
    /// From the common start to the end of this worker's last operation, microseconds.
    elapsed: u64,
}

impl Samples {
    fn add(&mut self, other: Samples) {
        for (name, timings) in other.series {
            self.series.entry(name).or_default().extend(timings);
        }
        self.empty += other.empty;
        self.busy += other.busy;
        self.errors.extend(other.errors);
        self.elapsed = self.elapsed.max(other.elapsed);
    }
}

pub fn run(args: &LoadArgs, lang: Lang) -> crate::cli::CliResult {
    let result = match (args.worker, args.mode, &args.file, args.start_ms) {
        (Some(i), Some(mode), Some(file), Some(start)) => {
            crate::bench::require_built_here(file, lang)
                .and_then(|()| worker(args, i, mode, file, start))
        }
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

fn parent(args: &LoadArgs, lang: Lang) -> Result<()> {
    let temp = std::env::temp_dir().join(format!("gasdesk-bench-load-{}", std::process::id()));
    let path = match &args.keep {
        Some(p) => p.clone(),
        None => {
            std::fs::create_dir_all(&temp)?;
            temp.join("load.sqlite")
        }
    };
    if !path.exists() {
        crate::bench::build(&path, 2_000, lang)?;
    }
    crate::bench::require_built_here(&path, lang)?;
    prepare(&path, args.processes)?;
    let processes = args.processes.max(1);
    println!(
        "{processes} processes, {} commits/s target, {} s per run, {}",
        args.rate,
        args.seconds,
        path.display()
    );
    println!(
        "gasdesk waits for the write lock with {} ms fixed sleeps, the bare SQL with \
         SQLite's own busy handler; sched: from the scheduled start",
        crate::db::BUSY_SLEEP.as_millis()
    );
    println!(
        "{:<18}{:>8}{:>10}{:>10}{:>10}{:>12}{:>12}",
        "series", "n", "p50 ms", "p99 ms", "max ms", "sched p99", "sched max"
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
        crate::db::office::add_counter(&mut store, &Actor::system(), office, counter, "ABCD")?;
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
        all.add(s);
    }
    Ok(all)
}

/// p50, p99 and max of one column, in milliseconds.
fn ms(samples: impl Iterator<Item = u64>) -> crate::bench::Percentiles {
    let mut d: Vec<Duration> = samples.map(Duration::from_micros).collect();
    let p = percentiles(&mut d);
    crate::bench::Percentiles {
        p50: p.p50 / 1000.0,
        p99: p.p99 / 1000.0,
        max: p.max / 1000.0,
    }
}

fn report(mode: Mode, all: &Samples, seconds: u64) {
    let name = match mode {
        Mode::Gasdesk => "gasdesk",
        Mode::Bare => "bare SQL",
    };
    let none = Vec::new();
    let mut commits = 0;
    for series in SERIES {
        let timings = all.series.get(series).unwrap_or(&none);
        commits += timings.len();
        let took = ms(timings.iter().map(|t| t.took));
        let late = ms(timings.iter().map(|t| t.from_schedule));
        println!(
            "{:<18}{:>8}{:>10.2}{:>10.2}{:>10.2}{:>12.2}{:>12.2}",
            format!("{name} {series}"),
            timings.len(),
            took.p50,
            took.p99,
            took.max,
            late.p99,
            late.max,
        );
    }
    for series in LOCK_SERIES {
        if let Some(timings) = all.series.get(series) {
            let p = ms(timings.iter().map(|t| t.took));
            println!(
                "{:<18}{:>8}{:>10.2}{:>10.2}{:>10.2}",
                format!("{name} {series}"),
                timings.len(),
                p.p50,
                p.p99,
                p.max,
            );
        }
    }
    // Over the time the workers really took: a run that fell behind its schedule
    // finishes late, and this shows it.
    let elapsed = (all.elapsed as f64 / 1e6).max(seconds.max(1) as f64);
    println!(
        "{name}: {:.0} commits/s achieved ({commits} in {elapsed:.1} s), {} SQLITE_BUSY, \
         {} calls found nobody waiting, {} other errors",
        commits as f64 / elapsed,
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
        } else if k % 6 == 5 {
            // Each cycle of six: issue, issue, call, finish (taken above), pay, transfer.
            op.transfer(k).map(|_| "transfer")
        } else if k % 6 == 4 {
            op.pay(k).map(|_| "pay")
        } else if k % 6 != 2 {
            // Two tickets issued for each called: the queue never runs dry.
            op.issue(k).map(|_| "issue")
        } else {
            op.call().map(|id| {
                called = id;
                if id.is_some() { "call" } else { "empty" }
            })
        };
        let timing = Timing {
            took: t0.elapsed().as_micros() as u64,
            from_schedule: started.elapsed().saturating_sub(due).as_micros() as u64,
        };
        match result {
            Ok("empty") => samples.empty += 1,
            Ok(series) => samples
                .series
                .entry(series.to_string())
                .or_default()
                .push(timing),
            Err(e) if e.contains("busy") => samples.busy += 1,
            Err(e) => samples.errors.push(e),
        }
        k += 1;
    }
    samples.elapsed = started.elapsed().as_micros() as u64;
    for (name, timings) in op.lock_timings() {
        samples.series.insert(name.to_string(), timings);
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

/// The measured writes, through gasdesk or bare, one method per series of [`SERIES`].
/// Errors are text; "busy" marks SQLITE_BUSY.
trait Operations {
    fn issue(&mut self, k: u32) -> Result<(), String>;
    /// The ticket called, or `None` when nobody was waiting.
    fn call(&mut self) -> Result<Option<i64>, String>;
    fn finish(&mut self, ticket: i64) -> Result<(), String>;
    /// A cash payment on account of 50.00 yuan, on the worker's clerk's shift.
    fn pay(&mut self, k: u32) -> Result<(), String>;
    /// An ownership transfer of one of the office's IC-card accounts (nothing owed, no
    /// reading to take) to a new generated holder: the history row, the account's new
    /// holder (its search index by trigger), the transfer row.
    fn transfer(&mut self, k: u32) -> Result<(), String>;
    /// Extra series about the write lock, where the path can see it ([`LOCK_SERIES`]).
    fn lock_timings(&mut self) -> Vec<(&'static str, Vec<Timing>)> {
        Vec::new()
    }
}

/// Accounts the payments spread over (the bench database has 2,000).
const PAID_ACCOUNTS: i64 = 2_000;

fn paid_account(office: i64, k: u32) -> i64 {
    1 + (office * 7919 + i64::from(k)) % PAID_ACCOUNTS
}

/// The clerk whose shift the workers of an office take payments on.
fn office_clerk(store: &Store, office: i64) -> Result<Actor> {
    crate::db::staff::list(&store)?
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
        if cash::current_shift(&store, staff)?.is_none() {
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

/// The IC-card accounts of an office that the transfers of its workers go round.
fn transfer_accounts(conn: &rusqlite::Connection, office: i64) -> Result<Vec<i64>> {
    Ok(crate::db::transfer::demo_candidates(conn, office, 200)?
        .into_iter()
        .filter(|(_, postpaid)| !postpaid)
        .map(|(id, _)| id)
        .collect())
}

/// The account and new holder of a worker's `k`th operation's transfer.
fn transfer_of(
    accounts: &[i64],
    worker: i64,
    k: u32,
) -> Option<(i64, crate::domain::transfer::NewHolder)> {
    let account = *accounts.get((worker as usize * 7 + k as usize) % accounts.len().max(1))?;
    let holder = crate::bench_transfer::new_holder(worker as u64, (u64::from(k) << 16) ^ now_ms());
    Some((account, holder))
}

struct Gasdesk {
    accounts: Vec<i64>,
    store: Store,
    rules: QueueRules,
    clerk: Actor,
    /// The office's paying clerk (workers of an office share one shift).
    cashier: Actor,
    office: i64,
    locks: LockLog,
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
        let staff = crate::db::staff::list(&store)?
            .into_iter()
            .find(|s| s.office_id == office && s.role == Role::Clerk)
            .ok_or_else(|| eyre!("no clerk at office {office}"))?;
        let clerk = staff.actor(Some(counter));
        q::set_counter(&mut store, &clerk, CounterMode::Open, Utc::now())
            .map_err(|e| eyre!("{e}"))?;
        let cashier = office_clerk(&store, office)?;
        let accounts = {
            let conn = rusqlite::Connection::open(file)?;
            transfer_accounts(&conn, office)?
        };
        Ok(Gasdesk {
            accounts,
            store,
            rules: builtin_rules(),
            clerk,
            cashier,
            office,
            locks: LockLog::default(),
        })
    }

    fn note_lock(&mut self) {
        self.locks.0.extend(self.store.take_lock_timing());
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
        let done = q::issue(&mut self.store, &kiosk, &self.rules, &req, Utc::now());
        self.note_lock();
        done.map(|_| ()).map_err(text)
    }

    fn call(&mut self) -> Result<Option<i64>, String> {
        let done = q::call_next(&mut self.store, &self.clerk, &self.rules, Utc::now());
        self.note_lock();
        match done {
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
        let done = q::finish(&mut self.store, &self.clerk, ticket, &req, Utc::now());
        self.note_lock();
        done.map(|_| ()).map_err(text)
    }

    fn pay(&mut self, k: u32) -> Result<(), String> {
        let done = cash::pay_advance(
            &mut self.store,
            &self.cashier,
            &cash::PaymentKey::new(),
            paid_account(self.office, k),
            PAY_AMOUNT,
            &cash::Tender::cash(None),
            Utc::now(),
        );
        self.note_lock();
        done.map(|_| ()).map_err(|e| match e {
            cash::CashError::Db(ref d) if d.is_busy() => "busy".into(),
            other => other.to_string(),
        })
    }

    fn transfer(&mut self, k: u32) -> Result<(), String> {
        let Some((account, holder)) =
            transfer_of(&self.accounts, self.clerk.counter_no.unwrap_or(0), k)
        else {
            return Err("no IC-card account to transfer".into());
        };
        let now = Utc::now();
        let rules = crate::domain::transfer::TransferRules::builtin();
        let completion = crate::db::transfer::Completion {
            account_id: account,
            pending_id: None,
            case: "sale".into(),
            by_agent: false,
            documents: rules
                .case("sale")
                .map(|c| c.core.iter().map(|r| r[0].clone()).collect())
                .unwrap_or_default(),
            new_holder: holder,
            // The payments of the mix may have left a balance: carried, with consent.
            balance: Some(crate::domain::transfer::BalanceChoice::Carry { consent: true }),
            fee: None,
            day: self.rules.local_day(now),
        };
        let done =
            crate::db::transfer::commit(&mut self.store, &self.clerk, rules, &completion, now);
        self.note_lock();
        done.map(|_| ()).map_err(|e| match e {
            crate::db::transfer::TransferError::Db(ref d) if d.is_busy() => "busy".into(),
            other => other.to_string(),
        })
    }

    fn lock_timings(&mut self) -> Vec<(&'static str, Vec<Timing>)> {
        self.locks.take_series()
    }
}
