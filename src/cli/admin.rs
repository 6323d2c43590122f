//! `gasdesk account find`, `check`, `backup` and `keymap check`.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::config::Config;
use crate::db::{self, Store, audit};
use crate::domain::mask::{mask_name, mask_phone};
use crate::domain::text::sanitize;
use crate::i18n::{self, Localized};
use crate::keymap;

use super::{CliError, CliResult, GlobalOpts, LocalizeErr, out};

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Search accounts the way the F3 screen does; names and phones are masked
    Find {
        /// Account number, phone (prefix or last 4 digits), pinyin initials, name or address
        query: String,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// At most this many results
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeymapCommand {
    /// Validate a keymap file; errors name the file, section and key
    Check {
        /// The keymap TOML file
        file: PathBuf,
    },
}

pub fn account(global: &GlobalOpts, config: &Config, cmd: AccountCommand) -> CliResult {
    let lang = global.lang;
    let AccountCommand::Find { query, json, limit } = cmd;
    let store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let found = db::account::search(store.conn(), &query, limit.clamp(1, 500)).loc(lang)?;
    if json {
        let rows: Vec<serde_json::Value> = found
            .rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "account_no": r.account_no,
                    "name": mask_name(&r.holder_name),
                    "phone": r.phone.as_deref().map(mask_phone),
                    "district": sanitize(&r.district),
                    "address": sanitize(&r.address),
                    "status": r.status,
                })
            })
            .collect();
        out(serde_json::Value::Array(rows))?;
    } else {
        if found.rows.is_empty() {
            eprintln!("{}", i18n::SEARCH_NONE.get(lang));
        }
        for r in &found.rows {
            out(format_args!(
                "{}  {}  {}  {}",
                r.account_no,
                mask_name(&r.holder_name),
                r.phone
                    .as_deref()
                    .map(mask_phone)
                    .unwrap_or_else(|| "-".into()),
                sanitize(&r.address)
            ))?;
        }
    }
    Ok(())
}

/// Integrity, foreign keys and the audit chain. Any fault makes the exit status non-zero.
pub fn check(global: &GlobalOpts, config: &Config) -> CliResult {
    let lang = global.lang;
    let path = config.live_db(global.db.as_deref());
    let store = Store::open(&path).loc(lang)?;
    let conn = store.conn();
    let mut faults = Vec::new();
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(db::DbError::from)
        .loc(lang)?;
    if integrity != ["ok"] {
        faults.push(i18n::CHECK_INTEGRITY.fill(lang, &[("detail", &integrity.join("; "))]));
    }
    let fk_faults: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(format!(
                    "{} rowid {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?
                ))
            })?
            .collect()
        })
        .map_err(db::DbError::from)
        .loc(lang)?;
    if !fk_faults.is_empty() {
        faults.push(i18n::CHECK_FOREIGN_KEYS.fill(lang, &[("detail", &fk_faults.join("; "))]));
    }
    for fault in db::cash::ledger_faults(conn).loc(lang)? {
        use db::cash::LedgerFault as F;
        faults.push(match fault {
            F::ReceiptTotal { receipt_no } => {
                i18n::CHECK_RECEIPT_TOTAL.fill(lang, &[("receipt", &receipt_no)])
            }
            F::SeriesGap { office_code, year } => {
                i18n::CHECK_SERIES_GAP.fill(lang, &[("office", &office_code), ("year", &year)])
            }
            F::BillSettlement { bill } => {
                i18n::CHECK_BILL_SETTLEMENT.fill(lang, &[("bill", &bill)])
            }
            F::Reversal { receipt_no } => {
                i18n::CHECK_REVERSAL.fill(lang, &[("receipt", &receipt_no)])
            }
        });
    }
    match audit::verify_chain(conn).loc(lang)? {
        Ok(rows) => println!("{}", i18n::CHECK_CHAIN_OK.fill(lang, &[("rows", &rows)])),
        Err(brk) => faults.push(i18n::CHECK_CHAIN_BROKEN.fill(
            lang,
            &[
                ("id", &brk.id),
                ("problem", &chain_problem(&brk.problem, lang)),
            ],
        )),
    }
    if faults.is_empty() {
        println!(
            "{}",
            i18n::CHECK_OK.fill(lang, &[("path", &path.display())])
        );
        Ok(())
    } else {
        for f in &faults {
            eprintln!("{f}");
        }
        Err(CliError::User(
            i18n::CHECK_FAILED.fill(lang, &[("count", &faults.len())]),
        ))
    }
}

pub fn backup(global: &GlobalOpts, config: &Config, dest: &Path) -> CliResult {
    let lang = global.lang;
    let store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let head = store.backup_to(dest).loc(lang)?;
    println!(
        "{}",
        i18n::BACKUP_DONE.fill(lang, &[("path", &dest.display())])
    );
    println!(
        "{}",
        i18n::BACKUP_HEAD.fill(lang, &[("id", &head.id), ("hash", &head.hash)])
    );
    Ok(())
}

pub fn keymap(global: &GlobalOpts, cmd: KeymapCommand) -> CliResult {
    let KeymapCommand::Check { file } = cmd;
    match keymap::check_file(&file) {
        Ok(count) => {
            println!(
                "{}",
                i18n::KEYMAP_OK.fill(global.lang, &[("path", &file.display()), ("count", &count)])
            );
            Ok(())
        }
        Err(e) => Err(CliError::User(e.localized(global.lang))),
    }
}

fn chain_problem(problem: &audit::ChainProblem, lang: crate::i18n::Lang) -> String {
    match problem {
        audit::ChainProblem::HashMismatch => i18n::CHECK_PROBLEM_HASH.get(lang).to_string(),
        audit::ChainProblem::BrokenLink => i18n::CHECK_PROBLEM_LINK.get(lang).to_string(),
        audit::ChainProblem::Gap { expected } => {
            i18n::CHECK_PROBLEM_GAP.fill(lang, &[("expected", expected)])
        }
    }
}
