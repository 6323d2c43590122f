//! The reproducible demo dataset: the same seed gives the same file contents (apart
//! from timestamps). It is built at a temporary path and renamed into place only when
//! complete, so a trainer never opens a half-built database.

pub mod care;
pub mod cash;
pub mod generate;
pub mod history;
pub mod install;
pub mod lists;
pub mod money;
pub mod queue;
pub mod transfer;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::db::{self, Actor, DbError, DbKind, Store};
use crate::domain::office::builtin_offices;
use crate::domain::pin;

/// The PIN every demo login uses (listed in the README).
pub const DEMO_PIN: &str = "123456";
pub const DEFAULT_ACCOUNTS: usize = 20_000;
pub const DEFAULT_SEED: u64 = 20_261_128;
/// Accounts per transaction while building: large enough to amortise commits, small
/// enough that the progress bar moves.
const CHUNK: usize = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{0} holds live data; the demo never overwrites a live database")]
    LiveDatabase(PathBuf),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Queue(crate::db::queue::QueueError),
    #[error(transparent)]
    Cash(crate::db::cash::CashError),
    #[error(transparent)]
    Care(crate::db::care::CareError),
    #[error(transparent)]
    Install(crate::db::install::InstallDbError),
    #[error(transparent)]
    Transfer(crate::db::transfer::TransferError),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
}

impl crate::i18n::Localized for DemoError {
    fn localized(&self, lang: crate::i18n::Lang) -> String {
        match self {
            DemoError::LiveDatabase(p) => {
                crate::i18n::DEMO_REFUSES_LIVE.fill(lang, &[("path", &p.display())])
            }
            DemoError::Db(e) => e.localized(lang),
            DemoError::Queue(e) => e.localized(lang),
            DemoError::Care(e) => e.localized(lang),
            DemoError::Install(e) => e.localized(lang),
            DemoError::Transfer(e) => e.localized(lang),
            DemoError::Cash(e) => e.localized(lang),
            DemoError::Io(p, e) => {
                crate::i18n::DB_OPEN_FAILED.fill(lang, &[("path", &p.display()), ("reason", e)])
            }
        }
    }
}

/// Whether `path` may be replaced by a demo build: absent, or already a demo database.
pub fn check_replaceable(path: &Path) -> Result<(), DemoError> {
    if !path.exists() {
        return Ok(());
    }
    match Store::open(path) {
        Ok(store) if store.is_demo() => Ok(()),
        Ok(_) => Err(DemoError::LiveDatabase(path.to_path_buf())),
        Err(e) => Err(e.into()),
    }
}

/// Builds the demo database at `path` (replacing an older demo file there), as it would
/// stand at `now`: bills up to the office's date then. `progress` is called with the
/// number of accounts written so far.
pub fn build(
    path: &Path,
    seed: u64,
    accounts: usize,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize),
) -> Result<(), DemoError> {
    build_with_queue(path, seed, accounts, now, false, progress)
}

/// [`build`], plus (with `queue_day`) a played-out business day of queue tickets ending
/// at `now` in every office, so the counter, board and manager screens have something
/// to show.
pub fn build_with_queue(
    path: &Path,
    seed: u64,
    accounts: usize,
    now: DateTime<Utc>,
    queue_day: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<(), DemoError> {
    let today = crate::domain::queue::builtin_rules().local_day(now);
    check_replaceable(path)?;
    let building = path.with_extension("building");
    remove_db_files(&building)?;
    let mut store = Store::create(&building, DbKind::Demo)?;
    store.bulk_load_mode()?;
    let system = Actor::system();
    let offices = builtin_offices();
    db::office::install(&mut store, &system, &offices)?;
    // One seeded hash for every demo login: argon2 per login would cost seconds and the
    // demo must be byte-for-byte reproducible.
    let mut salt = [0u8; 16];
    salt[..8].copy_from_slice(&seed.to_le_bytes());
    let pin_hash = pin::hash_with_salt(DEMO_PIN, &salt);
    for s in generate::demo_staff(&offices) {
        db::staff::add(
            &mut store,
            &system,
            &db::staff::NewStaff {
                staff_no: s.staff_no,
                name: s.name,
                office_id: s.office_id,
                counter_no: s.counter_no,
                role: s.role,
                pin_hash: pin_hash.clone(),
            },
        )?;
    }
    let generator = generate::accounts(seed, accounts, &offices);
    db::bulk::load_accounts(&mut store, &system, generator, CHUNK, progress)?;
    store.set_meta(&system, "demo_seed", &seed.to_string())?;
    store.finish_bulk_load()?;
    // Bills first: the played days collect some of them. The care register's visits
    // too, so the days closed below count the visits made on them.
    cash::demo_bills(&mut store, seed, today, now).map_err(DemoError::Cash)?;
    store.durable_commits(false)?;
    care::demo_register(&mut store, seed, accounts, today).map_err(DemoError::Care)?;
    if !queue_day {
        transfer::demo_transfers(&mut store, seed, today, now).map_err(DemoError::Transfer)?;
    }
    store.durable_commits(true)?;
    let mut cards = money::MemoryCards::default();
    if queue_day {
        // The file is still private: per-commit fsync buys nothing here either.
        store.durable_commits(false)?;
        let rules = crate::domain::queue::builtin_rules();
        let ids: Vec<i64> = offices.iter().map(|o| o.id).collect();
        // New installs over the weeks before today: before the played days, their fees
        // in business days of their own; within them, in shifts of the days played. Only
        // the full demo has them: the small one of the tests keeps its receipt series empty.
        let mut installs =
            install::Installs::plan(&store, seed, today).map_err(DemoError::Install)?;
        installs
            .play_through(
                &mut store,
                today - chrono::Duration::days(history::DAYS + 1),
            )
            .map_err(DemoError::Install)?;
        let refundable = history::play(
            &mut store,
            &rules,
            &mut cards,
            &ids,
            today,
            seed,
            &mut |store, office, date, day_open| {
                installs
                    .play_office_day(store, office, date, !day_open)
                    .map_err(DemoError::Install)
            },
        )?;
        // What is left falls on today, before its queue day opens (no fee: see install).
        installs
            .play_through(&mut store, today)
            .map_err(DemoError::Install)?;
        for (office, refund) in offices.iter().zip(refundable) {
            let played =
                queue::demo_queue_day_ending(&mut store, office.id, today, seed, Some(now))
                    .map_err(DemoError::Queue)?;
            money::play_cash_day(
                &mut store,
                &rules,
                &mut cards,
                office.id,
                &played.day,
                seed,
                money::Extras {
                    last_day: true,
                    refund,
                    short: true,
                },
                now,
            )?;
        }
        // Today's transfers once today's queue and cash day are played: a balance is paid
        // in a shift of today's business day, which must not be opened before them.
        transfer::demo_transfers(&mut store, seed, today, now).map_err(DemoError::Transfer)?;
        store.durable_commits(true)?;
    }
    drop(store);
    remove_db_files(path)?;
    std::fs::rename(&building, path).map_err(|e| DemoError::Io(path.to_path_buf(), e))?;
    // The cards the played days wrote, where the counter's simulated reader finds them.
    let cards_dir = crate::files::beside(path, ".cards");
    cards
        .save(&cards_dir)
        .map_err(|e| DemoError::Io(cards_dir.clone(), e))?;
    Ok(())
}

/// Removes a database file and its WAL and shared-memory companions.
fn remove_db_files(path: &Path) -> Result<(), DemoError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let p = PathBuf::from(name);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(DemoError::Io(p, e)),
        }
    }
    Ok(())
}
