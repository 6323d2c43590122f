//! `gasdesk install`: the applications of an office (or all), overdue or by stage, and one
//! application with its timeline — for managers' scripts. Masked as on screen.

use clap::Subcommand;

use super::care::Format;
use super::setup::staff_login;
use super::{CliError, CliResult, GlobalOpts, LocalizeErr, out};
use crate::config::Config;
use crate::db::Store;
use crate::db::install::{self, AppView, ListFilter, ListRow, stage_words};
use crate::domain::install::{Stage, WorkCalendar};
use crate::domain::mask::mask_name;
use crate::domain::queue::builtin_rules;
use crate::domain::role::Permission;
use crate::domain::text::{csv_cell, display_width, sanitize};
use crate::i18n::{self, Lang};

#[derive(Debug, Subcommand)]
pub enum InstallCommand {
    /// Applications of an office or of all, by due date; overdue ones most late first (managers)
    List {
        /// Office id, or `all`
        #[arg(long, value_name = "N|all")]
        office: String,
        /// Only those past their due date (not on hold)
        #[arg(long)]
        overdue: bool,
        /// Only those at this stage (accepted, survey, design, fee, construction,
        /// inspection, meter, ignition, account, completed, cancelled)
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        /// Only those this staff member handles
        #[arg(long = "staff", value_name = "STAFF_NO")]
        handler: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Most rows
        #[arg(long, default_value_t = 500)]
        limit: usize,
        /// Your manager staff number (your PIN is asked)
        #[arg(long = "as", value_name = "MANAGER_NO")]
        staff: String,
    },
    /// One application: stage, due date, what is owed, its timeline (any staff)
    Show {
        /// Application number (BZ…), or a resident ID, mobile or address start
        no: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Your staff number (your PIN is asked)
        #[arg(long = "as", value_name = "STAFF_NO")]
        staff: String,
    },
}

pub fn run(global: &GlobalOpts, config: &Config, cmd: InstallCommand) -> CliResult {
    let lang = global.lang;
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let clock = store.clock();
    let today = builtin_rules().local_day(clock.now());
    match cmd {
        InstallCommand::List {
            office,
            overdue,
            stage,
            handler,
            format,
            limit,
            staff,
        } => {
            let bad =
                |what: &str| CliError::User(i18n::CARE_UNKNOWN_CODE.fill(lang, &[("code", &what)]));
            let office = match office.as_str() {
                "all" => None,
                n => Some(n.parse::<i64>().map_err(|_| bad(n))?),
            };
            let stage = match stage {
                None => None,
                Some(s) => Some(Stage::parse(s.trim()).ok_or_else(|| bad(&s))?),
            };
            staff_login(&mut store, &staff, lang, Permission::Supervise)?;
            let handler = match handler {
                None => None,
                Some(no) => Some(
                    crate::db::staff::by_number(&store, &no)
                        .loc(lang)?
                        .ok_or_else(|| bad(&no))?
                        .id,
                ),
            };
            let filter = ListFilter {
                office,
                handler,
                stage,
                overdue_on: overdue.then_some(today),
                limit: limit.clamp(1, 100_000),
                ..ListFilter::default()
            };
            let rows = install::list(&store, &filter).loc(lang)?;
            print_rows(&rows, format, lang, today)
        }
        InstallCommand::Show { no, format, staff } => {
            let actor = staff_login(&mut store, &staff, lang, Permission::ViewCustomers)?;
            // Audited: who read which application, as opening it on F5.
            let view = install::open_by(&mut store, &actor, &no).loc(lang)?;
            // The office in the language asked for (the view carries its Chinese name).
            let office = crate::db::office::get(&store, view.office_id)
                .ok()
                .flatten()
                .map(|o| o.name(lang).to_string())
                .unwrap_or_else(|| view.office_name.clone());
            print_view(&view, &office, format, lang, today)
        }
    }
}

/// Working days to the due date (negative: late), or nothing when finished or on hold.
fn days_left(
    due: Option<chrono::NaiveDate>,
    on_hold: bool,
    today: chrono::NaiveDate,
) -> Option<i64> {
    let due = due?;
    (!on_hold).then(|| WorkCalendar::builtin().days_left(today, due))
}

fn pad(s: &str, cells: usize) -> String {
    let s = sanitize(s);
    let width = display_width(&s);
    format!("{s}{}", " ".repeat(cells.saturating_sub(width)))
}

fn print_rows(rows: &[ListRow], format: Format, lang: Lang, today: chrono::NaiveDate) -> CliResult {
    let left = |r: &ListRow| days_left(r.due(), r.on_hold, today);
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "app_no": r.app_no, "office": r.office_code, "name": mask_name(&r.name),
                        "phone": r.phone, "address": r.address, "stage": r.stage,
                        "on_hold": r.on_hold, "due_on": r.due_on, "days_left": left(r),
                        "owner": r.owner, "handler": r.handler, "owed": r.owed,
                    })
                })
                .collect();
            out(serde_json::Value::Array(list))
        }
        Format::Csv => {
            out(
                "app_no,office,name,phone,address,stage,on_hold,due_on,days_left,owner,handler,owed",
            )?;
            for r in rows {
                let cells = [
                    r.app_no.clone(),
                    r.office_code.clone(),
                    mask_name(&r.name),
                    r.phone.clone(),
                    r.address.clone(),
                    r.stage.clone(),
                    r.on_hold.to_string(),
                    r.due_on.clone().unwrap_or_default(),
                    left(r).map(|d| d.to_string()).unwrap_or_default(),
                    r.owner.clone(),
                    r.handler.clone(),
                    r.owed.to_string(),
                ];
                let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                out(line.join(","))?;
            }
            Ok(())
        }
        Format::Text => {
            out(i18n::IN_CLI_HEADER.get(lang))?;
            for r in rows {
                out(format!(
                    "{} {} {} {:>4}  {} {} {}",
                    pad(&r.app_no, 19),
                    pad(&stage_words(r.stage(), r.on_hold, lang), 14),
                    pad(r.due_on.as_deref().unwrap_or("-"), 10),
                    left(r).map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    pad(&mask_name(&r.name), 8),
                    pad(&r.handler, 14),
                    sanitize(&r.address),
                ))?;
            }
            out(i18n::IN_CLI_COUNT.fill(lang, &[("count", &rows.len())]))
        }
    }
}

fn print_view(
    v: &AppView,
    office: &str,
    format: Format,
    lang: Lang,
    today: chrono::NaiveDate,
) -> CliResult {
    let left = days_left(v.due(), v.on_hold, today);
    if format != Format::Text {
        let mut json = serde_json::to_value(v).map_err(|e| CliError::User(e.to_string()))?;
        json["name"] = mask_name(&v.name).into();
        json["days_left"] = left.into();
        return out(json);
    }
    out(format!(
        "{}  {}  {}",
        sanitize(&v.app_no),
        stage_words(v.stage(), v.on_hold, lang),
        sanitize(office)
    ))?;
    out(format!(
        "{} {}  {} {}  {} {}",
        i18n::IN_F_NAME.get(lang),
        mask_name(&v.name),
        i18n::IN_F_ID.get(lang),
        v.id_number,
        i18n::IN_F_PHONE.get(lang),
        v.phone
    ))?;
    out(format!(
        "{} {}",
        sanitize(&v.district),
        sanitize(&v.address)
    ))?;
    if !v.stage().is_finished() {
        out(i18n::IN_DUE_LINE.fill(
            lang,
            &[
                ("due", &v.due_on.clone().unwrap_or_else(|| "-".into())),
                (
                    "left",
                    &left.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                ),
            ],
        ))?;
    }
    out(i18n::IN_OWNER_LINE.fill(
        lang,
        &[
            ("owner", &sanitize(&v.owner)),
            ("handler", &sanitize(&v.handler)),
        ],
    ))?;
    if let Some(on) = &v.survey_on {
        out(i18n::IN_SURVEY_LINE.fill(lang, &[("on", &sanitize(on))]))?;
    }
    if let Some(t) = &v.ticket {
        out(crate::printout::install_notice::ticket_line(t, lang))?;
    }
    if let Some(fee) = v.quote_fen {
        out(i18n::IN_QUOTE_LINE.fill(
            lang,
            &[
                ("amount", &crate::domain::money::Fen(fee).yuan_string()),
                (
                    "receipt",
                    &v.fee_receipt_no.clone().unwrap_or_else(|| "-".into()),
                ),
            ],
        ))?;
    }
    if let Some(acc) = &v.account_no {
        out(format!(
            "{} {}",
            i18n::IN_STAGE_ACCOUNT.get(lang),
            sanitize(acc)
        ))?;
    }
    // Finished, what never came is history, not something still owed.
    let never: Vec<String> = v.owed().map(|d| document_name(&d.code, lang)).collect();
    match v.stage() {
        _ if never.is_empty() => {}
        Stage::Completed => out(i18n::IN_VIEW_NEVER_RECEIVED
            .fill(lang, &[("list", &never.join(i18n::IN_LIST_SEP.get(lang)))]))?,
        Stage::Cancelled => out(i18n::IN_VIEW_NOT_RECEIVED_CANCELLED
            .fill(lang, &[("list", &never.join(i18n::IN_LIST_SEP.get(lang)))]))?,
        _ => {}
    }
    for d in v.owed().filter(|_| !v.stage().is_finished()) {
        out(i18n::IN_OWED_LINE.fill(
            lang,
            &[
                ("document", &document_name(&d.code, lang)),
                ("due", &d.due_on.clone().unwrap_or_default()),
            ],
        ))?;
    }
    for e in &v.events {
        let extra = e.extra(lang, v.survey_on.as_deref()).unwrap_or_default();
        let note = sanitize(e.note.as_deref().unwrap_or("")).into_owned();
        let tail = [extra, note]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("  ");
        out(format!(
            "{}  {}  {}  {}",
            crate::clock::office_minute_of_stamp(&e.at),
            pad(&e.text(lang), 12),
            sanitize(&e.staff),
            tail
        ))?;
    }
    Ok(())
}

use crate::domain::install::document_name;
