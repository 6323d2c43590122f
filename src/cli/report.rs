//! `gasdesk report`: the day-end of an office (or of every office) and the period report,
//! as text, CSV (for Excel and WPS), JSON or xlsx. Managers read their own office,
//! administrators every office; each export writes an audit row with the SHA-256 of
//! what was written.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use super::setup::staff_login;
use super::{CliError, CliResult, GlobalOpts, LocalizeErr};
use crate::config::Config;
use crate::db::Store;
use crate::db::report::{self as store_report, Export, ReportError};
use crate::domain::queue::builtin_rules;
use crate::domain::role::Permission;
use crate::i18n::{self, Lang};
use crate::report::{self, DayReport, Format, table};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The day-end (日结) of an office, or of every office: cash, reversals, card writes,
    /// receipt numbers, the queue, the business, the audit head at close
    Day {
        /// Office id, or `all`
        #[arg(long, value_name = "N|all")]
        office: String,
        /// The business day (default: today on the offices' clock)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Any range of dates for one office or all, offices side by side, month by month
    Period {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// Office id, or `all`
        #[arg(long, value_name = "N|all")]
        office: String,
        #[command(flatten)]
        out: OutArgs,
    },
}

#[derive(Debug, clap::Args)]
pub struct OutArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file instead of standard output
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Your staff number, a manager or an administrator (your PIN is asked)
    #[arg(long = "as", value_name = "STAFF_NO")]
    staff: String,
}

fn date(text: &str, lang: Lang) -> Result<NaiveDate, CliError> {
    crate::domain::text::parse_day(text).ok_or_else(|| {
        CliError::User(
            i18n::RPT_BAD_DATE.fill(lang, &[("date", &crate::domain::text::sanitize(text))]),
        )
    })
}

fn office(text: &str, lang: Lang) -> Result<Option<i64>, CliError> {
    match text.trim() {
        "all" => Ok(None),
        n => n
            .parse::<i64>()
            .map(Some)
            .map_err(|_| (ReportError::UnknownOffice(text.to_string()), lang).into()),
    }
}

pub fn run(global: &GlobalOpts, config: &Config, cmd: ReportCommand) -> CliResult {
    let lang = global.lang;
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let rules = builtin_rules();
    match cmd {
        ReportCommand::Day {
            office: o,
            date: d,
            out,
        } => {
            let office = office(&o, lang)?;
            let day = match d {
                Some(d) => date(&d, lang)?,
                None => rules.local_day(chrono::Utc::now()),
            };
            refuse_xlsx_to_terminal(&out, lang)?;
            let actor = staff_login(&mut store, &out.staff, lang, Permission::ViewCustomers)?;
            store_report::require_access(&store, &actor, office).loc(lang)?;
            let ids: Vec<i64> = match office {
                Some(id) => vec![id],
                None => store_report::offices(&store)
                    .loc(lang)?
                    .iter()
                    .map(|o| o.id)
                    .collect(),
            };
            let mut reports: Vec<DayReport> = Vec::new();
            for id in &ids {
                match store_report::day_report(&store, &actor, &rules, *id, day) {
                    Ok(r) => reports.push(r),
                    // Every office: those without a business day that date are left out.
                    Err(ReportError::NoDay { .. }) if office.is_none() => {}
                    Err(e) => return Err((e, lang).into()),
                }
            }
            if reports.is_empty() {
                return Err(CliError::User(
                    i18n::RPT_NO_DAY.fill(lang, &[("office", &o), ("date", &day)]),
                ));
            }
            let bytes = day_bytes(&reports, &rules, lang, out.format).map_err(report_err)?;
            store_report::audit_export(
                &mut store,
                &actor,
                &Export {
                    kind: "day",
                    office,
                    from: day,
                    to: day,
                    format: out.format.as_str(),
                    bytes: &bytes,
                },
            )
            .loc(lang)?;
            emit(&out, &bytes, lang)
        }
        ReportCommand::Period {
            from,
            to,
            office: o,
            out,
        } => {
            let office = office(&o, lang)?;
            let (from, to) = (date(&from, lang)?, date(&to, lang)?);
            refuse_xlsx_to_terminal(&out, lang)?;
            let actor = staff_login(&mut store, &out.staff, lang, Permission::ViewCustomers)?;
            let p = store_report::period_report(&store, &actor, office, from, to).loc(lang)?;
            let title = i18n::RPT_PERIOD_TITLE.fill(lang, &[("from", &from), ("to", &to)]);
            let tables = table::period_tables(&p, lang);
            let bytes = report::write(out.format, &title, &tables, &p).map_err(report_err)?;
            store_report::audit_export(
                &mut store,
                &actor,
                &Export {
                    kind: "period",
                    office,
                    from,
                    to,
                    format: out.format.as_str(),
                    bytes: &bytes,
                },
            )
            .loc(lang)?;
            emit(&out, &bytes, lang)
        }
    }
}

/// The day-end of one or several offices in one file: tables one office after another
/// (worksheets prefixed with the office's code when there are several), JSON a list when
/// there are several.
pub fn day_bytes(
    reports: &[DayReport],
    rules: &crate::domain::queue::QueueRules,
    lang: Lang,
    format: Format,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let several = reports.len() > 1;
    let mut tables = Vec::new();
    for r in reports {
        for mut t in table::day_tables(r, rules, lang) {
            if several {
                t.name = format!("{} {}", r.office.code, t.name);
            }
            tables.push(t);
        }
    }
    let title = if several {
        i18n::RPT_DAY_TITLE.fill(lang, &[("office", &"all"), ("date", &reports[0].date)])
    } else {
        i18n::RPT_DAY_TITLE.fill(
            lang,
            &[
                ("office", &reports[0].office.name(lang)),
                ("date", &reports[0].date),
            ],
        )
    };
    if several {
        report::write(format, &title, &tables, &reports)
    } else {
        report::write(format, &title, &tables, &reports[0])
    }
}

fn report_err(e: rust_xlsxwriter::XlsxError) -> CliError {
    CliError::Report(color_eyre::eyre::eyre!("writing the xlsx file: {e}"))
}

fn refuse_xlsx_to_terminal(out: &OutArgs, lang: Lang) -> CliResult {
    if out.format == Format::Xlsx && out.out.is_none() && std::io::stdout().is_terminal() {
        return Err(CliError::User(i18n::RPT_XLSX_TO_FILE.get(lang).to_string()));
    }
    Ok(())
}

fn emit(out: &OutArgs, bytes: &[u8], lang: Lang) -> CliResult {
    match &out.out {
        Some(path) => {
            crate::files::write_atomic(path, bytes)?;
            eprintln!(
                "{}",
                i18n::RPT_WRITTEN.fill(lang, &[("path", &path.display())])
            );
            Ok(())
        }
        None => match std::io::stdout().lock().write_all(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::Quiet),
            other => other.map_err(CliError::from),
        },
    }
}
