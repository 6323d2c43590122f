//! `gasdesk transfer history ACCOUNT [--json] [--on DATE]`: who held an account, from
//! when to when (names, ID numbers and phones masked). With `--on`, who held it on that
//! office day (two on the day of a transfer).
//!
//! `gasdesk transfer back ACCOUNT --reason R --as STAFF --approver MANAGER`: undoes the
//! account's latest transfer by a transfer back to the holder before it; the staff
//! member's PIN, then the approving manager's, are asked.
//!
//! `gasdesk transfer cancel ACCOUNT --reason R --as STAFF --approver MANAGER`: cancels the
//! account's pending transfer (the property registry's, sent by mistake), asked the same
//! way.

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
        on: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Undo the account's latest transfer by a transfer back (a manager of the office approves)
    Back {
        /// The 10-digit account number
        account: String,
        /// Why the transfer was a mistake
        #[arg(long)]
        reason: String,
        /// Your staff number (your PIN is asked)
        #[arg(long = "as", value_name = "STAFF_NO")]
        staff: String,
        /// The approving manager's staff number (their PIN is asked next)
        #[arg(long, value_name = "MANAGER_NO")]
        approver: String,
    },
    /// Cancel the account's pending transfer (a manager of the office approves)
    Cancel {
        /// The 10-digit account number
        account: String,
        /// Why it will not be completed
        #[arg(long)]
        reason: String,
        /// Your staff number (your PIN is asked)
        #[arg(long = "as", value_name = "STAFF_NO")]
        staff: String,
        /// The approving manager's staff number (their PIN is asked next)
        #[arg(long, value_name = "MANAGER_NO")]
        approver: String,
    },
}

/// What a manager approves from the command line.
#[derive(Clone, Copy)]
enum Undo {
    Back,
    Cancel,
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
    let (account, on, json) = match cmd {
        TransferCommand::History { account, on, json } => (account, on, json),
        TransferCommand::Back {
            account,
            reason,
            staff,
            approver,
        } => {
            let who = (staff.as_str(), approver.as_str());
            return approved(global, config, Undo::Back, &account, &reason, who);
        }
        TransferCommand::Cancel {
            account,
            reason,
            staff,
            approver,
        } => {
            let who = (staff.as_str(), approver.as_str());
            return approved(global, config, Undo::Cancel, &account, &reason, who);
        }
    };
    // Exactly YYYY-MM-DD, as every date gasdesk reads.
    let on: Option<NaiveDate> = on
        .map(|text| {
            crate::domain::text::parse_day(&text).ok_or_else(|| {
                CliError::User(
                    i18n::RPT_BAD_DATE
                        .fill(lang, &[("date", &crate::domain::text::sanitize(&text))]),
                )
            })
        })
        .transpose()?;
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

fn approved(
    global: &GlobalOpts,
    config: &Config,
    undo: Undo,
    account: &str,
    reason: &str,
    (staff, approver): (&str, &str),
) -> CliResult {
    let lang = global.lang;
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let account = account.trim();
    let id = db::account::id_by_account_no(&store, account)
        .loc(lang)?
        .ok_or_else(|| {
            CliError::User(i18n::TRANSFER_UNKNOWN_ACCOUNT.fill(
                lang,
                &[("account", &crate::domain::text::sanitize(account))],
            ))
        })?;
    let actor = super::setup::staff_login(
        &mut store,
        staff,
        lang,
        crate::domain::role::Permission::CounterWork,
    )?;
    let target = match undo {
        Undo::Back => db::transfer::latest_done(&store, id)
            .loc(lang)?
            .ok_or_else(|| CliError::User(i18n::TRANSFER_NO_TRANSFER.get(lang).to_string()))?,
        Undo::Cancel => {
            db::transfer::pending_of_account(&store, id)
                .loc(lang)?
                .ok_or_else(|| CliError::User(i18n::TRANSFER_NO_PENDING.get(lang).to_string()))?
                .id
        }
    };
    let pin = super::read_pin(&i18n::PROMPT_PIN_FOR.fill(lang, &[("staff", &approver)]))
        .map_err(|e| CliError::Report(e.into()))?;
    let approval = db::cash::Approval {
        staff_no: approver.to_string(),
        pin,
    };
    if let Undo::Cancel = undo {
        db::transfer::cancel_pending(
            &mut store,
            &actor,
            &approval,
            target,
            reason,
            chrono::Utc::now(),
        )
        .loc(lang)?;
        return out(i18n::TRANSFER_CANCELLED.fill(lang, &[("account", &account)]));
    }
    let latest = target;
    let back = db::transfer::transfer_back(
        &mut store,
        &actor,
        &approval,
        latest,
        reason,
        chrono::Utc::now(),
    )
    .loc(lang)?;
    out(i18n::TRANSFER_BACK_DONE.fill(lang, &[("account", &account), ("transfer", &back)]))
}
