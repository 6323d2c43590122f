//! `gasdesk bench install`: with 100,000 applications (a large city's year) in a bench's
//! own demo file, the overdue list (per office and per staff member) and the status
//! lookup (by number, ID, mobile, address), p99 through gasdesk beside the bare SQL in
//! the same run. Numbers, not assertions.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use color_eyre::eyre::Result;

use crate::bench::{bare_connection, build, percentiles, require_built_here};
use crate::db::install::{self, ListFilter};
use crate::db::{Actor, Store};
use crate::i18n::Lang;

#[derive(Debug, Args)]
pub struct InstallBenchArgs {
    /// Applications in the generated database
    #[arg(long, default_value_t = 100_000)]
    pub applications: usize,
    /// Keep (or reuse) the generated database at this path instead of a temporary file
    #[arg(long, value_name = "PATH")]
    pub keep: Option<PathBuf>,
    /// Queries per kind
    #[arg(long, default_value_t = 500)]
    pub queries: usize,
}

pub fn run(args: &InstallBenchArgs, lang: Lang) -> crate::cli::CliResult {
    run_inner(args, lang).map_err(crate::cli::CliError::Report)
}

fn run_inner(args: &InstallBenchArgs, lang: Lang) -> Result<()> {
    let path = match &args.keep {
        Some(p) => p.clone(),
        None => crate::bench::tempdir()?.join("bench-install.sqlite"),
    };
    let today = crate::domain::queue::builtin_rules().local_day(chrono::Utc::now());
    if !path.exists() {
        let started = Instant::now();
        build(&path, 2_000, lang)?;
        let mut store = Store::open(&path)?;
        store.durable_commits(false)?;
        install::load_bench(&mut store, &Actor::system(), args.applications, today)
            .map_err(|e| color_eyre::eyre::eyre!("{e:?}"))?;
        eprintln!(
            "built {} applications in {:.1} s",
            args.applications,
            started.elapsed().as_secs_f64()
        );
    }
    require_built_here(&path, lang)?;
    let store = Store::open(&path)?;
    let bare = bare_connection(&path)?;
    let count: i64 =
        bare.query_row("SELECT count(*) FROM install_application", [], |r| r.get(0))?;
    let offices: Vec<i64> = bare
        .prepare("SELECT id FROM office ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let staff: Vec<i64> = bare
        .prepare("SELECT id FROM staff WHERE role = 'clerk' ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let samples: Vec<(String, String, String, String)> = bare
        .prepare(
            "SELECT app_no, id_number, phone, substr(address, 1, 8) FROM install_application
             WHERE id % ?1 = 0 LIMIT ?2",
        )?
        .query_map(
            (
                (count / args.queries.max(1) as i64).max(1),
                args.queries as i64,
            ),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?
        .collect::<Result<_, _>>()?;
    println!(
        "gasdesk bench install: {count} applications, {} (p50 / p99 / max, µs)",
        path.display()
    );
    println!(
        "{:<22} {:>26} {:>26} {:>7}",
        "kind", "gasdesk", "bare SQL", "p99 x"
    );
    // Each kind: gasdesk's call for query i, and the same statement with its values.
    type Query = (String, Vec<rusqlite::types::Value>);
    let overdue = |office: Option<i64>, handler: Option<i64>| ListFilter {
        office,
        handler,
        overdue_on: Some(today),
        limit: 50,
        ..ListFilter::default()
    };
    type MakeFilter<'a> = Box<dyn Fn(usize) -> ListFilter + 'a>;
    type Call<'a> = Box<dyn Fn() -> Result<usize> + 'a>;
    let filters: [(&str, MakeFilter<'_>); 2] = [
        (
            "overdue, office",
            Box::new(|i| overdue(Some(offices[i % offices.len()]), None)),
        ),
        (
            "overdue, staff",
            Box::new(|i| overdue(None, Some(staff[i % staff.len()]))),
        ),
    ];
    let mut kinds: Vec<(&str, Vec<(Call<'_>, Query)>)> = Vec::new();
    for (name, make) in &filters {
        let calls = (0..args.queries)
            .map(|i| {
                let f = make(i);
                let q = (install::list_sql(&f), install::list_params(&f));
                let store = &store;
                let call: Call<'_> = Box::new(move || Ok(install::list(store, &f)?.len()));
                (call, q)
            })
            .collect();
        kinds.push((name, calls));
    }
    for (name, pick) in [
        ("lookup, number", 0usize),
        ("lookup, ID number", 1),
        ("lookup, mobile", 2),
        ("lookup, address", 3),
    ] {
        let calls = (0..args.queries)
            .filter_map(|i| {
                let s = samples.get(i % samples.len().max(1))?;
                let text = [&s.0, &s.1, &s.2, &s.3][pick].clone();
                let (sql, value) = install::lookup_sql(&text)?;
                let q = (sql, vec![value.into(), 20i64.into()]);
                let store = &store;
                let call: Call<'_> = Box::new(move || Ok(install::lookup(store, &text, 20)?.len()));
                Some((call, q))
            })
            .collect();
        kinds.push((name, calls));
    }
    for (name, calls) in &kinds {
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for (i, (call, (sql, values))) in calls.iter().enumerate() {
            // Whichever runs second finds the pages in the cache: take turns going first.
            for ours_first in [i % 2 == 0, i % 2 == 1] {
                let t = Instant::now();
                if ours_first {
                    std::hint::black_box(call()?);
                    ours.push(t.elapsed());
                } else {
                    let mut stmt = bare.prepare_cached(sql)?;
                    let n = stmt
                        .query_map(rusqlite::params_from_iter(values.iter()), |_| Ok(()))?
                        .count();
                    std::hint::black_box(n);
                    theirs.push(t.elapsed());
                }
            }
        }
        if ours.is_empty() {
            continue;
        }
        let o = percentiles(&mut ours);
        let b = percentiles(&mut theirs);
        println!(
            "{:<22} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>7.2}",
            name,
            o.p50,
            o.p99,
            o.max,
            b.p50,
            b.p99,
            b.max,
            o.p99 / b.p99.max(0.001)
        );
    }
    Ok(())
}
