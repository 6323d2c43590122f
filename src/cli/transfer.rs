//! `gasdesk transfer history ACCOUNT [--json] [--on DATE]`: who held an account, from
//! when to when (names, ID numbers and phones masked). With `--on`, who held it on that
//! office day (two on the day of a transfer).

use chrono::NaiveDate;
use clap::Subcommand;

use super::{CliError, CliResult, GlobalOpts, LocalizeErr, out};
use crate::config::Config;
use crate::db::{self, Store};
use crate::domain::mask::{mask_id_number, mask_name, mask_phone};
use crate::i18n::{self, Lang};

#[derive(Debug, Subcommand)]
pub enum TransferCommand {
    /// Who held an account, from when to when (masked)
    History {
        /// The 10-digit account number
        account: String,
        /// Only who held it on this day (YYYY-MM-DD, office time)
        #[arg(long, value_name = "DATE")]
        on: Option<NaiveDate>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

/// A period bound as people read it: the opening day, or the office minute of a transfer.
fn when(bound: &str, lang: Lang) -> String {
    if bound.len() == 10 {
        format!("{bound} {}", i18n::TRANSFER_HISTORY_OPENED.get(lang))
    } else {
        crate::clock::office_minute_of_stamp(bound)
    }
}

pub fn run(global: &GlobalOpts, config: &Config, cmd: TransferCommand) -> CliResult {
    let lang = global.lang;
    let TransferCommand::History { account, on, json } = cmd;
    let store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let account = account.trim().to_string();
    let id = db::account::id_by_account_no(&store, &account)
        .loc(lang)?
        .ok_or_else(|| {
            CliError::User(i18n::TRANSFER_UNKNOWN_ACCOUNT.fill(
                lang,
                &[("account", &crate::domain::text::sanitize(&account))],
            ))
        })?;
    let periods = match on {
        Some(day) => db::transfer::holders_on(&store, id, day).loc(lang)?,
        None => db::transfer::history(&store, id).loc(lang)?,
    };
    if json {
        let rows: Vec<serde_json::Value> = periods
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": mask_name(&p.name),
                    "id_number": p.id_number.as_deref().map(mask_id_number),
                    "phone": p.phone.as_deref().map(mask_phone),
                    "from": p.from,
                    "to": p.to,
                    "ended_by_transfer": p.ended_by,
                })
            })
            .collect();
        return out(serde_json::json!({ "account": account, "holders": rows }));
    }
    out(i18n::TRANSFER_HISTORY_HEADER.fill(lang, &[("account", &account)]))?;
    for p in &periods {
        out(format_args!(
            "{}  {}  {}  {} → {}",
            mask_name(&p.name),
            p.id_number
                .as_deref()
                .map(mask_id_number)
                .unwrap_or_default(),
            p.phone.as_deref().map(mask_phone).unwrap_or_default(),
            when(&p.from, lang),
            p.to.as_deref()
                .map(|t| when(t, lang))
                .unwrap_or_else(|| i18n::TRANSFER_HISTORY_NOW.get(lang).to_string()),
        ))?;
    }
    Ok(())
}
