//! `gasdesk kiosk` and `gasdesk board`: the two full-screen frontends that need no login,
//! for the ticket dispenser at the door and the display on the wall.

use std::path::PathBuf;

use clap::Args;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Store};
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};
use crate::tui;
use crate::tui::board::DisplayBoard;
use crate::tui::kiosk::Kiosk;

use super::{CliError, CliResult, GlobalOpts, LocalizeErr};

#[derive(Debug, Args)]
pub struct KioskArgs {
    /// Office id (1-8, 9 = mobile service vehicle)
    #[arg(long)]
    pub office: i64,
    /// Folder for the printer copy of each ticket (default: spool_dir of the config, else
    /// the data folder)
    #[arg(long, value_name = "DIR", conflicts_with = "no_print")]
    pub spool: Option<PathBuf>,
    /// Do not write printer copies
    #[arg(long)]
    pub no_print: bool,
}

#[derive(Debug, Args)]
pub struct BoardArgs {
    /// Office id (1-8, 9 = mobile service vehicle)
    #[arg(long)]
    pub office: i64,
}

/// Opens the live database and refuses an office that does not exist, naming the ones
/// that do, before the terminal is taken over.
fn open(global: &GlobalOpts, config: &Config, office: i64) -> Result<Store, CliError> {
    let lang = global.lang;
    let store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let offices = db::office::list(&store).loc(lang)?;
    if !offices.iter().any(|o| o.id == office) {
        let names = offices
            .iter()
            .map(|o| format!("{} {}", o.id, sanitize(o.name(lang))))
            .collect::<Vec<_>>()
            .join(list_separator(lang));
        return Err(CliError::User(
            i18n::FD_NO_OFFICE.fill(lang, &[("office", &office), ("offices", &names)]),
        ));
    }
    Ok(store)
}

fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

fn keymap(global: &GlobalOpts) -> Result<crate::keymap::Keymap, CliError> {
    // A broken keymap file is the user's to fix: its message alone, not a crash report.
    tui::load_keymap(global.keymap.as_deref(), global.lang)
        .map_err(|e| CliError::User(e.to_string()))
}

pub fn kiosk(global: &GlobalOpts, config: &Config, args: &KioskArgs) -> CliResult {
    let lang = global.lang;
    let store = open(global, config, args.office)?;
    let keymap = keymap(global)?;
    let spool = (!args.no_print)
        .then(|| crate::spool::folder(&store, args.spool.as_deref(), config.spool_dir()));
    let kiosk = Kiosk::new(store, keymap, lang, args.office, Clock::System)
        .loc(lang)?
        .with_spool(spool);
    tui::run_frontend(kiosk, None).map_err(CliError::Report)
}

pub fn board(global: &GlobalOpts, config: &Config, args: &BoardArgs) -> CliResult {
    let lang = global.lang;
    let store = open(global, config, args.office)?;
    let keymap = keymap(global)?;
    let board = DisplayBoard::new(store, keymap, lang, args.office, Clock::System).loc(lang)?;
    tui::run_frontend(board, None).map_err(CliError::Report)
}
