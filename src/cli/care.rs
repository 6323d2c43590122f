//! `gasdesk care`: the register's list for managers (masked, audited) and the
//! administrator's purge of withdrawn entries; naming care officers.

use clap::{Subcommand, ValueEnum};

use super::setup::{admin_login, staff_login};
use super::{CliResult, GlobalOpts, LocalizeErr, out};
use crate::config::Config;
use crate::db::Store;
use crate::db::care::{self, CareListRow, ListFilter};
use crate::domain::care::CareRules;
use crate::domain::queue::builtin_rules;
use crate::domain::role::Permission;
use crate::domain::text::csv_cell;
use crate::i18n::{self, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum CareCommand {
    /// The register of an office or of all, most overdue visit first (managers; masked; audited)
    List {
        /// Office id, or `all`
        #[arg(long, value_name = "N|all")]
        office: String,
        /// Only entries whose home visit is overdue
        #[arg(long)]
        overdue: bool,
        /// Only entries with a hazard not yet followed up
        #[arg(long)]
        hazards: bool,
        /// Only the people this staff member helps one-on-one
        #[arg(long, value_name = "STAFF_NO")]
        helper: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Your manager staff number (your PIN is asked)
        #[arg(long = "as", value_name = "MANAGER_NO")]
        staff: String,
    },
    /// Remove the personal details of entries withdrawn longer ago than data/care.toml keeps them
    Purge {
        /// Only say which entries are due
        #[arg(long)]
        dry_run: bool,
        /// Your administrator staff number (your PIN is asked)
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
    },
    /// Name a staff member a care officer (may read care files), or no longer (`--off`)
    Officer {
        staff_no: String,
        #[arg(long)]
        off: bool,
        /// Your administrator staff number (your PIN is asked)
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
    },
}

pub fn run(global: &GlobalOpts, config: &Config, cmd: CareCommand) -> CliResult {
    let lang = global.lang;
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let rules = CareRules::builtin();
    let now = chrono::Utc::now();
    let today = builtin_rules().local_day(now);
    match cmd {
        CareCommand::List {
            office,
            overdue,
            hazards,
            helper,
            format,
            staff,
        } => {
            let office = match office.as_str() {
                "all" => None,
                n => Some(n.parse::<i64>().map_err(|_| {
                    super::CliError::User(i18n::CARE_UNKNOWN_CODE.fill(lang, &[("code", &office)]))
                })?),
            };
            let actor = staff_login(&mut store, &staff, lang, Permission::Supervise)?;
            let helper = match helper {
                None => None,
                Some(no) => Some(
                    crate::db::staff::by_number(&store, &no)
                        .loc(lang)?
                        .ok_or_else(|| {
                            super::CliError::User(
                                i18n::CARE_UNKNOWN_CODE.fill(lang, &[("code", &no)]),
                            )
                        })?
                        .id,
                ),
            };
            let filter = ListFilter {
                office,
                overdue,
                hazards_open: hazards,
                helper,
                category: None,
            };
            let rows = care::list(&mut store, &actor, rules, filter, today).loc(lang)?;
            print_rows(&rows, format, lang)
        }
        CareCommand::Purge { dry_run, admin } => {
            let actor = admin_login(&mut store, &admin, lang)?;
            let report = care::purge(&mut store, &actor, rules, today, dry_run, now).loc(lang)?;
            let count = report.purged.len();
            out(if dry_run {
                i18n::CARE_PURGE_DUE.fill(lang, &[("count", &count)])
            } else {
                i18n::CARE_PURGED.fill(lang, &[("count", &count)])
            })?;
            if !dry_run && count > 0 && !report.log_emptied {
                out(i18n::CARE_PURGE_LOG_BUSY.get(lang))?;
            }
            Ok(())
        }
        CareCommand::Officer {
            staff_no,
            off,
            admin,
        } => {
            let actor = admin_login(&mut store, &admin, lang)?;
            care::set_care_officer(&mut store, &actor, &staff_no, !off).loc(lang)?;
            out(i18n::CARE_OFFICER_SET.fill(
                lang,
                &[
                    ("staff", &staff_no),
                    ("state", &if off { "off" } else { "on" }),
                ],
            ))
        }
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn print_rows(rows: &[CareListRow], format: Format, lang: Lang) -> CliResult {
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "office": r.office_id, "name": r.name_masked,
                        "phone": r.phone_masked, "id_number": r.id_number_masked,
                        "categories": r.marks, "helper": r.helper,
                        "last_visit": date(r.last_visit), "next_visit": r.next_visit.to_string(),
                        "overdue_days": r.overdue_days, "open_hazards": r.open_hazards,
                        "review_on": date(r.review_on),
                    })
                })
                .collect();
            out(serde_json::Value::Array(list))
        }
        Format::Csv => {
            out(
                "id,office,name,phone,id_number,categories,helper,last_visit,next_visit,overdue_days,open_hazards,review_on",
            )?;
            for r in rows {
                let cells = [
                    r.id.to_string(),
                    r.office_id.to_string(),
                    r.name_masked.clone(),
                    r.phone_masked.clone(),
                    r.id_number_masked.clone(),
                    r.marks.clone(),
                    r.helper.clone(),
                    date(r.last_visit),
                    r.next_visit.to_string(),
                    r.overdue_days.to_string(),
                    r.open_hazards.to_string(),
                    date(r.review_on),
                ];
                let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                out(line.join(","))?;
            }
            Ok(())
        }
        Format::Text => {
            out(i18n::CARE_LIST_HEADER.get(lang))?;
            // Names and marks are CJK: pad by terminal cells, not characters.
            let pad = |s: &str, cells: usize| {
                let s = crate::domain::text::sanitize(s);
                let width = crate::domain::text::display_width(&s);
                format!("{s}{}", " ".repeat(cells.saturating_sub(width)))
            };
            for r in rows {
                out(format!(
                    "{:>7} {:>2}  {} {} {} {:<10} {:<10}  {:>4}  {}",
                    r.id,
                    r.office_id,
                    pad(&r.name_masked, 8),
                    pad(&r.phone_masked, 11),
                    pad(&r.marks, 6),
                    r.next_visit.to_string(),
                    date(r.last_visit),
                    r.overdue_days,
                    r.open_hazards
                ))?;
            }
            out(i18n::CARE_LIST_COUNT.fill(lang, &[("count", &rows.len())]))
        }
    }
}
