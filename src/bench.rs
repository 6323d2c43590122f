//! `gasdesk bench`: search latency per query kind through gasdesk's own search and
//! through the bare SQL it runs, side by side in one run, plus start-up to first frame.
//! Numbers, not assertions: these machines are shared, so nothing here fails a test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;
use color_eyre::eyre::{Result, WrapErr};
use rusqlite::Connection;

use crate::db::account::{self, SearchPlan};
use crate::db::{Actor, Store, audit};
use crate::demo;
use crate::domain::pinyin;
use crate::i18n::Lang;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Accounts in the generated database
    #[arg(long, default_value_t = 2_000_000)]
    pub accounts: usize,
    /// Keep (or reuse) the generated database at this path instead of a temporary file
    #[arg(long, value_name = "PATH")]
    pub keep: Option<PathBuf>,
    /// Queries per kind
    #[arg(long, default_value_t = 500)]
    pub queries: usize,
}

/// Latency percentiles of one series, in microseconds.
#[derive(Debug, Clone, Copy)]
pub struct Percentiles {
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

pub fn percentiles(samples: &mut [Duration]) -> Percentiles {
    samples.sort_unstable();
    let at = |q: f64| {
        let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
        samples.get(i).map(|d| d.as_secs_f64() * 1e6).unwrap_or(0.0)
    };
    Percentiles {
        p50: at(0.50),
        p99: at(0.99),
        max: at(1.0),
    }
}

/// A connection of its own for the bare SQL the bench compares gasdesk with: the store's
/// connection is private to `db`, and the bare side is by design not gasdesk's code.
pub fn bare_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Store::tune_connection(&conn)?;
    Ok(conn)
}

/// Queries of every kind drawn from the data itself, so each one finds something: each
/// sampled account gives its number and a prefix, a mobile prefix and last four digits,
/// its initials, the start of its name and the whole name, a compound's name (start and
/// whole), and several words at once (surname and compound, initials and compound,
/// surname and mobile prefix, compound and building).
pub fn sample_queries(bare: &Connection, per_kind: usize) -> Result<Vec<(SearchPlan, String)>> {
    let total = account::count(bare)?.max(1);
    let step = (total / per_kind as i64).max(1);
    let mut stmt = bare.prepare(
        "SELECT account_no, holder_name, coalesce(phone, ''), address FROM account
         WHERE id % ?1 = 0 LIMIT ?2",
    )?;
    let rows: Vec<(String, String, String, String)> = stmt
        .query_map((step, per_kind as i64), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut texts = Vec::new();
    for (i, (no, name, phone, address)) in rows.into_iter().enumerate() {
        texts.push(no.clone());
        texts.push(no[..6].to_string());
        if phone.len() == 11 {
            texts.push(phone[..7].to_string());
            texts.push(phone[7..].to_string());
        }
        let initials = pinyin::name_initials(&name).map(|i| i.primary);
        if let Some(initials) = &initials {
            texts.push(initials.clone());
        }
        let surname: String = name.chars().take(1).collect();
        texts.push(name.chars().take(2).collect());
        if name.chars().count() >= 3 {
            texts.push(name.clone());
        }
        // The compound in the address: its first two characters (西园, 光明) and whole,
        // and the building (`9栋`).
        let mut words = address.split_whitespace();
        let compound = words.nth(1).unwrap_or_default().to_string();
        let building: String = words
            .next()
            .and_then(|rest| {
                rest.find('栋')
                    .map(|end| rest[..end + '栋'.len_utf8()].to_string())
            })
            .unwrap_or_default();
        if !compound.is_empty() {
            texts.push(compound.chars().take(2).collect());
            texts.push(compound.clone());
        }
        // One query of several words per sampled account, the four shapes in turn.
        let several = match i % 4 {
            0 => format!("{surname} {compound}"),
            1 => format!("{} {compound}", initials.unwrap_or_default()),
            2 if phone.len() == 11 => format!("{surname} {}", &phone[..3]),
            _ => format!("{compound} {building}"),
        };
        texts.push(several);
    }
    let queries = texts
        .into_iter()
        .filter_map(|q| account::plan(&q).map(|plan| (plan.kind, q)))
        .collect();
    Ok(queries)
}

/// `meta` key marking a demo file a bench built; benches refuse any other file.
pub const BUILT_BY_BENCH: &str = "built_by_bench";

/// Builds a demo file for a bench and marks it as the bench's own.
pub fn build(path: &Path, accounts: usize, lang: Lang) -> Result<()> {
    let now = crate::clock::Clock::System.now();
    demo::build(path, demo::DEFAULT_SEED, accounts, now, &mut |_| {})
        .map_err(|e| color_eyre::eyre::eyre!(crate::i18n::Localized::localized(&e, lang)))?;
    Store::open(path)?.set_meta(&Actor::system(), BUILT_BY_BENCH, "1")?;
    Ok(())
}

/// Refuses a file a bench did not build: a bench writes receipts, tickets and shifts
/// (some without audit rows), which must never land in live data.
pub fn require_built_here(path: &Path, lang: Lang) -> Result<()> {
    let store = Store::open(path)
        .map_err(|e| color_eyre::eyre::eyre!(crate::i18n::Localized::localized(&e, lang)))?;
    if store.is_demo() && store.meta(BUILT_BY_BENCH)?.as_deref() == Some("1") {
        Ok(())
    } else {
        Err(color_eyre::eyre::eyre!(
            crate::i18n::BENCH_NOT_ITS_FILE.fill(lang, &[("path", &path.display())])
        ))
    }
}

pub fn run(args: &BenchArgs, lang: Lang) -> crate::cli::CliResult {
    run_inner(args, lang).map_err(crate::cli::CliError::Report)
}

fn run_inner(args: &BenchArgs, lang: Lang) -> Result<()> {
    let temp;
    let path = match &args.keep {
        Some(p) => p.clone(),
        None => {
            temp = tempdir()?;
            temp.join("bench.sqlite")
        }
    };
    if !path.exists() {
        eprintln!(
            "building {} accounts at {} …",
            args.accounts,
            path.display()
        );
        let started = Instant::now();
        build(&path, args.accounts, lang)?;
        eprintln!("built in {:.1} s", started.elapsed().as_secs_f64());
    }
    require_built_here(&path, lang)?;
    let store = Store::open(&path).wrap_err("opening the bench database")?;
    let accounts = account::count(&store)?;
    let bare_conn = bare_connection(&path)?;
    let queries = sample_queries(&bare_conn, args.queries)?;
    // Warm the cache the way a server that has been up for a while would be.
    for (_, q) in &queries {
        account::search(&store, q, crate::tui::screens::search::RESULT_LIMIT)?;
    }
    println!(
        "gasdesk bench: {accounts} accounts, {} (p50 / p99 / max, µs)",
        path.display()
    );
    println!(
        "{:<18} {:>26} {:>26} {:>7}",
        "kind", "gasdesk search()", "bare SQL", "p99 x"
    );
    for plan in SearchPlan::ALL {
        let mut ours = Vec::new();
        let mut bare = Vec::new();
        let limit = crate::tui::screens::search::RESULT_LIMIT;
        for (i, (_, q)) in queries.iter().filter(|(p, _)| *p == plan).enumerate() {
            let steps = account::plan(q).expect("sampled queries are not empty");
            // Whichever runs second finds the pages the first read in the cache: take
            // turns going first.
            for ours_first in [i % 2 == 0, i % 2 == 1] {
                let t = Instant::now();
                if ours_first {
                    account::search(&store, q, limit)?;
                    ours.push(t.elapsed());
                } else {
                    account::run_bare(&bare_conn, &steps, limit)?;
                    bare.push(t.elapsed());
                }
            }
        }
        if ours.is_empty() {
            continue;
        }
        let o = percentiles(&mut ours);
        let b = percentiles(&mut bare);
        println!(
            "{:<18} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>7.2}",
            plan.as_str(),
            o.p50,
            o.p99,
            o.max,
            b.p50,
            b.p99,
            b.max,
            o.p99 / b.p99.max(0.001)
        );
    }
    let mut startup = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        first_frame(&path, lang)?;
        startup.push(t.elapsed());
    }
    let s = percentiles(&mut startup);
    println!(
        "startup to first frame (open, migrate check, keymap, login screen drawn): p50 {:.1} ms, p99 {:.1} ms",
        s.p50 / 1000.0,
        s.p99 / 1000.0
    );
    let chain = audit::verify_chain(&store)?;
    println!("audit chain: {chain:?}");
    Ok(())
}

/// Everything the binary does before its first frame, drawn to an off-screen 80x24 buffer.
pub fn first_frame(path: &std::path::Path, lang: Lang) -> Result<()> {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let store = Store::open(path)?;
    let keymap = crate::keymap::Keymap::resolve(None, None)
        .map_err(|e| color_eyre::eyre::eyre!(e.to_string()))?;
    let app = crate::tui::app::App::new(
        store,
        keymap,
        lang,
        None,
        Duration::from_secs(300),
        crate::tui::app::Clock::System,
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24))?;
    terminal.draw(|f| app.render(f))?;
    Ok(())
}

pub(crate) fn tempdir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("gasdesk-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
