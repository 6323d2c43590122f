//! `gasdesk account find`, `check`, `backup` and `keymap check`.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::config::Config;
use crate::db::{self, Store, audit};
use crate::domain::mask::{mask_name, mask_phone};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized};
use crate::keymap;

use super::{CliError, CliResult, GlobalOpts, LocalizeErr, out};

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Search accounts the way the F3 screen does, best match first; names and phones are masked
    Find {
        /// Account number, phone (prefix, last 4 digits or whole), pinyin initials, name or
        /// address; several words narrow
        query: String,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// At most this many results, best first (honoured whatever the number)
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
    let found = db::account::search(&store, &query, limit.max(1)).loc(lang)?;
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

/// Everything [`db::check::run`] looks at, plus the heads recorded in `backups`. Any
/// fault makes the exit status non-zero.
/// What `check` says of the working-day calendar (`data/workdays.toml`): years whose
/// holidays are assumed, and the calendar running out within 60 days.
pub fn calendar_notes(today: chrono::NaiveDate, lang: crate::i18n::Lang) -> Vec<String> {
    use chrono::Datelike;
    let cal = crate::domain::install::WorkCalendar::builtin();
    let mut out = Vec::new();
    for year in today.year()..=cal.last_year() {
        if cal.year(year).is_some_and(|y| y.assumed) {
            out.push(i18n::IN_CAL_ASSUMED.fill(lang, &[("year", &year)]));
        }
    }
    if let Some(days) = cal.runs_out_within(today, 60) {
        out.push(i18n::IN_CAL_RUNS_OUT.fill(lang, &[("year", &cal.last_year()), ("days", &days)]));
    }
    out
}

pub fn check(global: &GlobalOpts, config: &Config, backups: &[PathBuf]) -> CliResult {
    let lang = global.lang;
    let path = config.live_db(global.db.as_deref());
    let store = Store::open(&path).loc(lang)?;
    let report = db::check::run(&store).loc(lang)?;
    let mut faults: Vec<String> = report
        .findings
        .iter()
        .map(|f| finding_text(f, lang))
        .collect();
    if let Some(rows) = report.chain_rows {
        println!("{}", i18n::CHECK_CHAIN_OK.fill(lang, &[("rows", &rows)]));
    }
    // The working-day calendar of the install time limits: said, never a fault.
    for line in calendar_notes(
        crate::domain::queue::builtin_rules().local_day(store.clock().now()),
        lang,
    ) {
        println!("{line}");
    }
    for backup in backups {
        use db::check::BackupHead as B;
        let shown = backup.display();
        match db::check::against_backup(&store, backup).loc(lang)? {
            B::Matches(head) => println!(
                "{}",
                i18n::CHECK_BACKUP_HEAD_OK.fill(lang, &[("path", &shown), ("id", &head.id)])
            ),
            B::Differs(head) => faults.push(
                i18n::CHECK_BACKUP_HEAD_DIFFERS.fill(lang, &[("path", &shown), ("id", &head.id)]),
            ),
            B::NotRecorded => {
                faults.push(i18n::CHECK_BACKUP_NO_HEAD.fill(lang, &[("path", &shown)]))
            }
        }
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

fn finding_text(finding: &db::check::Finding, lang: Lang) -> String {
    use db::cash::LedgerFault as L;
    use db::check::{Finding as F, ReceiptField};
    let kind = |k: &str| match k {
        "trigger" => i18n::CHECK_KIND_TRIGGER.get(lang).to_string(),
        "index" => i18n::CHECK_KIND_INDEX.get(lang).to_string(),
        other => sanitize(other).into_owned(),
    };
    match finding {
        F::Integrity(detail) => i18n::CHECK_INTEGRITY.fill(lang, &[("detail", detail)]),
        F::ForeignKeys(detail) => i18n::CHECK_FOREIGN_KEYS.fill(lang, &[("detail", detail)]),
        F::SchemaMissing { kind: k, name } => {
            i18n::CHECK_SCHEMA_MISSING.fill(lang, &[("kind", &kind(k)), ("name", &sanitize(name))])
        }
        F::SchemaChanged { kind: k, name } => {
            i18n::CHECK_SCHEMA_CHANGED.fill(lang, &[("kind", &kind(k)), ("name", &sanitize(name))])
        }
        F::SchemaExtra { kind: k, name } => {
            i18n::CHECK_SCHEMA_EXTRA.fill(lang, &[("kind", &kind(k)), ("name", &sanitize(name))])
        }
        F::Ledger(L::ReceiptTotal { receipt_no }) => {
            i18n::CHECK_RECEIPT_TOTAL.fill(lang, &[("receipt", &sanitize(receipt_no))])
        }
        F::Ledger(L::SeriesGap { office_code, year }) => {
            i18n::CHECK_SERIES_GAP.fill(lang, &[("office", &sanitize(office_code)), ("year", year)])
        }
        F::Ledger(L::BillSettlement { bill }) => {
            i18n::CHECK_BILL_SETTLEMENT.fill(lang, &[("bill", bill)])
        }
        F::Ledger(L::Reversal { receipt_no }) => {
            i18n::CHECK_REVERSAL.fill(lang, &[("receipt", &sanitize(receipt_no))])
        }
        F::Ledger(L::BillAmount { bill }) => i18n::CHECK_BILL_AMOUNT.fill(lang, &[("bill", bill)]),
        F::ReceiptUnaudited { receipt_no } => {
            i18n::CHECK_RECEIPT_UNAUDITED.fill(lang, &[("receipt", &sanitize(receipt_no))])
        }
        F::ReceiptDiffers { receipt_no, field } => match field {
            ReceiptField::Amount => &i18n::CHECK_RECEIPT_AMOUNT,
            ReceiptField::Method => &i18n::CHECK_RECEIPT_METHOD,
            ReceiptField::Account => &i18n::CHECK_RECEIPT_ACCOUNT,
        }
        .fill(lang, &[("receipt", &sanitize(receipt_no))]),
        F::ReceiptGone { receipt_no } => {
            i18n::CHECK_RECEIPT_GONE.fill(lang, &[("receipt", &sanitize(receipt_no))])
        }
        F::ChainBroken(brk) => i18n::CHECK_CHAIN_BROKEN.fill(
            lang,
            &[
                ("id", &brk.id),
                ("problem", &chain_problem(&brk.problem, lang)),
            ],
        ),
        F::DayHead {
            office_code,
            day,
            id,
        } => i18n::CHECK_DAY_HEAD.fill(
            lang,
            &[
                ("office", &sanitize(office_code)),
                ("day", &sanitize(day)),
                ("id", id),
            ],
        ),
        F::DayReport {
            office_code,
            day,
            fault,
        } => match fault {
            db::check::ReportFault::Digest => &i18n::CHECK_DAY_REPORT_DIGEST,
            db::check::ReportFault::Audit => &i18n::CHECK_DAY_REPORT_AUDIT,
        }
        .fill(
            lang,
            &[("office", &sanitize(office_code)), ("day", &sanitize(day))],
        ),
        F::Holders(detail) => {
            i18n::TRANSFER_HISTORY_BROKEN.fill(lang, &[("detail", &sanitize(detail))])
        }
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

fn chain_problem(problem: &audit::ChainProblem, lang: Lang) -> String {
    match problem {
        audit::ChainProblem::HashMismatch => i18n::CHECK_PROBLEM_HASH.get(lang).to_string(),
        audit::ChainProblem::BrokenLink => i18n::CHECK_PROBLEM_LINK.get(lang).to_string(),
        audit::ChainProblem::Gap { expected } => {
            i18n::CHECK_PROBLEM_GAP.fill(lang, &[("expected", expected)])
        }
    }
}

#[cfg(test)]
mod calendar_tests {
    use chrono::NaiveDate;

    #[test]
    fn check_says_2027_is_assumed_and_when_the_calendar_runs_out() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let notes = super::calendar_notes(d(2026, 12, 3), crate::i18n::Lang::En);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("2027") && notes[0].contains("assumed"));
        let notes = super::calendar_notes(d(2027, 11, 20), crate::i18n::Lang::En);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[1].contains("41 days"), "{notes:?}");
    }
}
