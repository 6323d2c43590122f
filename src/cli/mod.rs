//! Command line: clap definitions and dispatch. Each command's work lives in its own
//! module; this file only parses and routes.

mod admin;
mod care;
mod frontdesk;
mod import;
mod import_transfers;
mod install;
mod queue;
mod report;
mod setup;
mod transfer;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use color_eyre::eyre::Result;

use crate::config::Config;
use crate::i18n::{Lang, Localized};

#[derive(Debug, Parser)]
#[command(
    name = "gasdesk",
    version,
    about = "Counter terminal for the service offices of a city gas utility"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalOpts {
    /// Database file (default: from /etc/gasdesk/config.toml, else the user's data folder)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Interface language
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Keymap: a file path, or NAME for keymaps/NAME.toml in the config folder or shipped
    #[arg(long, global = true, value_name = "NAME")]
    pub keymap: Option<String>,
    /// Counter (window) number, overriding the one on the staff record
    #[arg(long, global = true, value_name = "N")]
    pub counter: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the demo database for training (its own file, never the live one) and start on it
    Demo(setup::DemoArgs),
    /// Create a new live database with the offices and a first administrator
    Init(setup::InitArgs),
    /// Staff logins (administrators only)
    #[command(subcommand)]
    Staff(setup::StaffCommand),
    /// Import data from files
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Customer accounts
    #[command(subcommand)]
    Account(admin::AccountCommand),
    /// Check the database: integrity, foreign keys, the schema's triggers and indexes, the
    /// money tables, every receipt against its audit row, the audit hash chain and the
    /// heads recorded at day closes and in backups
    Check {
        /// A backup made by `gasdesk backup`: its recorded audit head must still be in
        /// this database's chain (repeatable)
        #[arg(long, value_name = "FILE")]
        backup: Vec<PathBuf>,
    },
    /// Copy the database to PATH (one consistent snapshot, even while others write), verify
    /// it, and print the audit chain's head it holds
    Backup {
        /// Where to write the copy (must not exist)
        path: PathBuf,
    },
    /// Queue tickets: issue one, open and close the business day, the day's figures
    #[command(subcommand)]
    Ticket(queue::TicketCommand),
    /// The care register (关爱): list, purge, care officers
    #[command(subcommand)]
    Care(care::CareCommand),
    /// New installs (报装): list an office's applications, show one
    #[command(subcommand)]
    Install(install::InstallCommand),
    /// Ownership transfers (过户): who held an account when
    #[command(subcommand)]
    Transfer(transfer::TransferCommand),
    /// Reports (报表): the day-end of an office and the period report of the group
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Full-screen ticket dispenser for an office's entrance (no login)
    Kiosk(frontdesk::KioskArgs),
    /// Full-screen display board of an office's calls and waiting counts (no login)
    Board(frontdesk::BoardArgs),
    /// Keymap files
    #[command(subcommand)]
    Keymap(admin::KeymapCommand),
    /// Measure search and start-up speed on a generated database
    Bench {
        #[command(subcommand)]
        load: Option<BenchCommand>,
        #[command(flatten)]
        args: crate::bench::BenchArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Commit latency of ticket issue and call from many processes at once, beside the bare SQL
    Load(crate::bench_load::LoadArgs),
    /// New installs: the overdue list and the status lookup over 100,000 applications, beside the bare SQL
    Install(crate::bench_install::InstallBenchArgs),
    /// The day-end of one office and a month of every office on a year of the group's
    /// business, through gasdesk beside the bare SQL sums
    Report(crate::bench_report::ReportBenchArgs),
    /// A clerk process taking payments as fast as it can (demo databases only; for tests)
    #[command(hide = true)]
    PayWorker(crate::bench_pay::PayWorkerArgs),
    /// A clerk process committing ownership transfers (demo databases only; for tests)
    #[command(hide = true)]
    TransferWorker(crate::bench_transfer::TransferWorkerArgs),
}

pub fn run() -> Result<()> {
    let cli = Cli::parse();
    let config = Config::load()?;
    crate::db::set_write_wait(config.write_wait());
    let lang = cli.global.lang;
    let outcome = match cli.command {
        None => setup::start_tui(
            &cli.global,
            &config,
            config.live_db(cli.global.db.as_deref()),
        ),
        Some(Command::Demo(args)) => setup::demo(&cli.global, &config, &args),
        Some(Command::Init(args)) => setup::init(&cli.global, &config, &args),
        Some(Command::Staff(cmd)) => setup::staff(&cli.global, &config, cmd),
        Some(Command::Import(cmd)) => import::run(&cli.global, &config, cmd),
        Some(Command::Account(cmd)) => admin::account(&cli.global, &config, cmd),
        Some(Command::Check { backup }) => admin::check(&cli.global, &config, &backup),
        Some(Command::Backup { path }) => admin::backup(&cli.global, &config, &path),
        Some(Command::Ticket(cmd)) => queue::run(&cli.global, &config, cmd),
        Some(Command::Care(cmd)) => care::run(&cli.global, &config, cmd),
        Some(Command::Install(cmd)) => install::run(&cli.global, &config, cmd),
        Some(Command::Transfer(cmd)) => transfer::run(&cli.global, &config, cmd),
        Some(Command::Report(cmd)) => report::run(&cli.global, &config, cmd),
        Some(Command::Kiosk(args)) => frontdesk::kiosk(&cli.global, &config, &args),
        Some(Command::Board(args)) => frontdesk::board(&cli.global, &config, &args),
        Some(Command::Keymap(cmd)) => admin::keymap(&cli.global, cmd),
        Some(Command::Bench { load: None, args }) => crate::bench::run(&args, lang),
        Some(Command::Bench {
            load: Some(BenchCommand::Load(load)),
            ..
        }) => crate::bench_load::run(&load, lang),
        Some(Command::Bench {
            load: Some(BenchCommand::Install(args)),
            ..
        }) => crate::bench_install::run(&args, lang),
        Some(Command::Bench {
            load: Some(BenchCommand::Report(report)),
            ..
        }) => crate::bench_report::run(&report, lang).map_err(CliError::Report),
        Some(Command::Bench {
            load: Some(BenchCommand::PayWorker(worker)),
            ..
        }) => crate::bench_pay::run(&worker).map_err(CliError::Report),
        Some(Command::Bench {
            load: Some(BenchCommand::TransferWorker(worker)),
            ..
        }) => crate::bench_transfer::run(&worker).map_err(CliError::Report),
    };
    match outcome {
        Ok(()) | Err(CliError::Quiet) => Ok(()),
        Err(CliError::Report(r)) => Err(r),
        Err(CliError::User(text)) => {
            // A refusal the user can act on is not a crash: the message alone, without
            // color-eyre's "Error:" frame and its advice about RUST_BACKTRACE.
            eprintln!("{text}");
            std::process::exit(1)
        }
    }
}

/// What a command can fail with: a message already in the user's language, or an
/// unexpected fault for color-eyre to report with its context.
#[derive(Debug)]
pub enum CliError {
    User(String),
    Report(color_eyre::Report),
    /// The reader went away; there is nobody to tell.
    Quiet,
}

impl<E: Localized> From<(E, Lang)> for CliError {
    fn from((e, lang): (E, Lang)) -> Self {
        CliError::User(e.localized(lang))
    }
}

impl From<color_eyre::Report> for CliError {
    fn from(r: color_eyre::Report) -> Self {
        CliError::Report(r)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Report(e.into())
    }
}

pub type CliResult = std::result::Result<(), CliError>;

/// Shorthand to turn a localized error into a [`CliError`] in the session's language.
pub(crate) trait LocalizeErr<T> {
    fn loc(self, lang: Lang) -> std::result::Result<T, CliError>;
}

impl<T, E: Localized> LocalizeErr<T> for std::result::Result<T, E> {
    fn loc(self, lang: Lang) -> std::result::Result<T, CliError> {
        self.map_err(|e| CliError::User(e.localized(lang)))
    }
}

/// Prints one line to stdout. A closed pipe (`gasdesk account find x | head`) ends the
/// output quietly instead of panicking.
pub(crate) fn out(line: impl std::fmt::Display) -> std::result::Result<(), CliError> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{line}") {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::Quiet),
        other => other.map_err(CliError::from),
    }
}

/// Reads a PIN without echo on a terminal, or one line from a pipe (for scripts and tests).
pub(crate) fn read_pin(prompt: &str) -> std::io::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
