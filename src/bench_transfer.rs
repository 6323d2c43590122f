//! `gasdesk bench transfer-worker`: a clerk process that commits ownership transfers as
//! fast as it can, on the IC-card accounts of an office (no reading or arrears to settle),
//! printing `committed TRANSFER` after each commit (flushed, so a parent that kills this
//! process knows every transfer it was told about). For the crash test of transfers and
//! for `bench load`. Acts as a staff member without a PIN, so it refuses to run on
//! anything but a demo database.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use color_eyre::eyre::{Result, eyre};

use crate::db::transfer::{self, Completion};
use crate::db::{Store, staff};
use crate::domain::id_number;
use crate::domain::transfer::{HolderInput, TransferRules, check_holder};

#[derive(Debug, Clone, Args)]
pub struct TransferWorkerArgs {
    /// The demo database
    #[arg(long)]
    pub file: PathBuf,
    /// Staff number the worker acts as
    #[arg(long)]
    pub staff: String,
    /// How many transfers to commit
    #[arg(long, default_value_t = 1000)]
    pub count: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The `n`th new holder of a worker: a generated person, never twice the same.
pub fn new_holder(seed: u64, n: u64) -> crate::domain::transfer::NewHolder {
    let mix = |salt: u64| crate::demo::lists::mix64(seed ^ n.wrapping_mul(0x9E37_79B9) ^ salt);
    let birth =
        chrono::NaiveDate::from_ymd_opt(1950 + (mix(1) % 50) as i32, 1, 1 + (mix(2) % 28) as u32)
            .unwrap_or(chrono::NaiveDate::MIN);
    let id = id_number::generate(mix(3), birth, "340104", (mix(4) % 1000) as u16);
    check_holder(
        &HolderInput {
            name: "测试户主".into(),
            id_number: id.as_str().into(),
            phone: format!("1395510{:04}", mix(5) % 10_000),
            household_size: String::new(),
        },
        chrono::NaiveDate::MAX,
    )
    .expect("a generated holder is valid")
}

pub fn run(args: &TransferWorkerArgs) -> Result<()> {
    let mut store = Store::open(&args.file)?;
    if !store.is_demo() {
        return Err(eyre!("bench transfer-worker runs on demo databases only"));
    }
    let member = staff::by_number(&store, &args.staff)?
        .ok_or_else(|| eyre!("no staff number {}", args.staff))?;
    let actor = member.actor(member.counter_no);
    let accounts: Vec<i64> = transfer::demo_candidates(&store, member.office_id, 200)?
        .into_iter()
        .filter(|(_, postpaid)| !postpaid)
        .map(|(id, _)| id)
        .collect();
    if accounts.is_empty() {
        return Err(eyre!(
            "no IC-card account to transfer in office {}",
            member.office_id
        ));
    }
    let rules = TransferRules::builtin();
    let documents: Vec<String> = rules
        .case("sale")
        .map(|c| c.core.iter().map(|r| r[0].clone()).collect())
        .unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let start = std::process::id() as u64;
    for i in 0..args.count {
        let account = accounts[(args.seed as usize + i) % accounts.len()];
        let now = chrono::Utc::now();
        let completion = Completion {
            account_id: account,
            pending_id: None,
            case: "sale".into(),
            by_agent: false,
            documents: documents.clone(),
            new_holder: new_holder(args.seed, (start << 20) + i as u64),
            balance: None,
            fee: None,
            day: crate::domain::queue::builtin_rules().local_day(now),
        };
        match transfer::commit(&mut store, &actor, rules, &completion, now) {
            Ok(done) => {
                writeln!(out, "committed {}", done.transfer_id)?;
                out.flush()?;
            }
            // Another worker's pending transfer or a pending one from the registry.
            Err(transfer::TransferError::AlreadyPending { .. }) => {}
            Err(e) => return Err(eyre!("transfer: {e}")),
        }
    }
    Ok(())
}
