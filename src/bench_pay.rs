//! `gasdesk bench pay-worker`: a clerk process that takes payments as fast as it can, for
//! the multi-process and crash tests of the cash desk and for sizing a server. It acts as
//! a staff member without a PIN, so it refuses to run on anything but a demo database.
//!
//! Modes:
//! - `--race-bills N`: try to pay each of the first N bills, in an order shuffled by
//!   `--seed`; print `paid BILL RECEIPT`, or `taken BILL RECEIPT` when another process
//!   paid it first.
//! - `--advances N`: take N advance payments on `--account`, printing
//!   `committed RECEIPT` after each commit (flushed, so a parent that kills this process
//!   knows every receipt it was told about).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use color_eyre::eyre::{Result, eyre};

use crate::db::cash::{self, CashError, PaymentKey, Tender};
use crate::db::{Store, staff};
use crate::domain::money::Fen;
use crate::domain::queue::builtin_rules;

#[derive(Debug, Clone, Args)]
pub struct PayWorkerArgs {
    /// The demo database
    #[arg(long)]
    pub file: PathBuf,
    /// Staff number the worker acts as (opens that clerk's shift if none is open)
    #[arg(long)]
    pub staff: String,
    /// Race for the first N bills
    #[arg(long)]
    pub race_bills: Option<usize>,
    /// Take N advance payments on --account
    #[arg(long)]
    pub advances: Option<usize>,
    #[arg(long, default_value_t = 1)]
    pub account: i64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: &PayWorkerArgs) -> Result<()> {
    let mut store = Store::open(&args.file)?;
    if !store.is_demo() {
        return Err(eyre!("bench pay-worker runs on demo databases only"));
    }
    let member = staff::by_number(&store, &args.staff)?
        .ok_or_else(|| eyre!("no staff number {}", args.staff))?;
    let actor = member.actor(None);
    if cash::current_shift(&store, member.id)?.is_none() {
        match cash::open_shift(
            &mut store,
            &actor,
            &builtin_rules(),
            Fen(0),
            chrono::Utc::now(),
        ) {
            Ok(_) | Err(CashError::ShiftAlreadyOpen) => {}
            Err(e) => return Err(eyre!("opening the shift: {e}")),
        }
    }
    let mut out = std::io::stdout().lock();
    if let Some(count) = args.race_bills {
        let mut bills = cash::first_bills(&store, count)?;
        shuffle(&mut bills, args.seed);
        for (bill, account) in bills {
            let paid = cash::pay_bills(
                &mut store,
                &actor,
                &PaymentKey::new(),
                account,
                &[bill],
                &Tender::cash(None),
                chrono::Utc::now(),
            );
            match paid {
                Ok(p) => writeln!(out, "paid {bill} {}", p.receipt.receipt_no)?,
                Err(CashError::BillAlreadyPaid { receipt_no, .. }) => {
                    writeln!(out, "taken {bill} {receipt_no}")?
                }
                Err(e) => return Err(eyre!("bill {bill}: {e}")),
            }
            out.flush()?;
        }
    }
    if let Some(n) = args.advances {
        for _ in 0..n {
            let paid = cash::pay_advance(
                &mut store,
                &actor,
                &PaymentKey::new(),
                args.account,
                Fen(100),
                &Tender::cash(None),
                chrono::Utc::now(),
            )
            .map_err(|e| eyre!("advance: {e}"))?;
            writeln!(out, "committed {}", paid.receipt.receipt_no)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// Fisher–Yates with the demo's seeded generator: each worker tries the bills in its own
/// order, so the races are real.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = crate::demo::lists::SplitMix64(seed);
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i as u64 + 1) as usize);
    }
}
