//! `gasdesk`, `gasdesk demo`, `gasdesk init` and `gasdesk staff …`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use color_eyre::eyre::WrapErr;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Actor, DbKind, Store};
use crate::domain::office::builtin_offices;
use crate::domain::pin;
use crate::domain::role::{Permission, Role};
use crate::domain::text;
use crate::i18n::{self, Lang};
use crate::{demo, tui};

use super::{CliError, CliResult, GlobalOpts, LocalizeErr, read_pin};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Rebuild the demo database from the seed even if it exists
    #[arg(long)]
    pub reset: bool,
    /// How many customer accounts to generate
    #[arg(long, default_value_t = demo::DEFAULT_ACCOUNTS)]
    pub accounts: usize,
    /// Seed for the generator: the same seed gives the same data
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    pub seed: u64,
    /// Only build the database; do not start the interface
    #[arg(long)]
    pub no_tui: bool,
    /// Leave the queue empty (no played-out business day of tickets)
    #[arg(long)]
    pub no_queue: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Staff number of the first administrator
    #[arg(long, default_value = "9000")]
    pub admin_no: String,
    /// Name of the first administrator
    #[arg(long, default_value = "系统管理员")]
    pub admin_name: String,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff login (asks for its first PIN twice)
    Add {
        /// Your administrator staff number (your PIN is asked)
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
        /// The new staff number (3-8 digits)
        #[arg(long)]
        no: String,
        #[arg(long)]
        name: String,
        /// Office id (1-8, 9 = mobile service vehicle)
        #[arg(long)]
        office: i64,
        /// Counter (window) number
        #[arg(long)]
        counter: Option<i64>,
        /// clerk, manager, trainer or admin
        #[arg(long, default_value = "clerk")]
        role: String,
    },
    /// List staff logins
    List {
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
    },
    /// Set a new PIN for a staff number and clear its lock-out
    ResetPin {
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
        /// The staff number whose PIN is reset
        no: String,
    },
    /// Disable a staff login (it stays in the audit trail)
    Disable {
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
        no: String,
    },
}

pub fn start_tui(global: &GlobalOpts, config: &Config, path: PathBuf) -> CliResult {
    let store = Store::open(&path).loc(global.lang)?;
    let options = tui_options(global, config, &store);
    tui::run(store, options).map_err(CliError::Report)
}

fn tui_options(global: &GlobalOpts, config: &Config, store: &Store) -> tui::Options {
    tui::Options {
        lang: global.lang,
        keymap: global.keymap.clone(),
        counter: global.counter,
        idle_lock: config.idle_lock(),
        // A demo prints beside itself, never into the printers' folder.
        spool_dir: crate::spool::folder(store, None, config.spool_dir()),
    }
}

pub fn demo(global: &GlobalOpts, config: &Config, args: &DemoArgs) -> CliResult {
    let lang = global.lang;
    let path = config.demo_db(global.db.as_deref());
    if args.reset || !path.exists() {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(args.accounts as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} {eta}")
                    .expect("static template is valid")
                    .progress_chars("=> "),
            );
            bar.set_message(i18n::DEMO_BUILDING.get(lang));
            bar
        });
        let started = std::time::Instant::now();
        let now = Clock::System.now();
        demo::build_with_queue(
            &path,
            args.seed,
            args.accounts,
            now,
            !args.no_queue,
            &mut |done| {
                if let Some(bar) = &bar {
                    bar.set_position(done as u64);
                }
            },
        )
        .loc(lang)?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        eprintln!(
            "{}",
            i18n::DEMO_BUILT.fill(
                lang,
                &[
                    ("path", &path.display()),
                    ("accounts", &args.accounts),
                    (
                        "seconds",
                        &format!("{:.1}", started.elapsed().as_secs_f64())
                    ),
                ]
            )
        );
    } else {
        demo::check_replaceable(&path).loc(lang)?;
    }
    if args.no_tui {
        return Ok(());
    }
    start_tui(global, config, path)
}

pub fn init(global: &GlobalOpts, config: &Config, args: &InitArgs) -> CliResult {
    let lang = global.lang;
    let path = config.live_db(global.db.as_deref());
    if path.exists() {
        return Err(db::DbError::AlreadyExists(path)).loc(lang);
    }
    let name = text::validate_name(&args.admin_name).loc(lang)?;
    let pin = ask_new_pin(lang)?;
    let mut store = Store::create(&path, DbKind::Live).loc(lang)?;
    let system = Actor::system();
    db::office::install(&mut store, &system, &builtin_offices()).loc(lang)?;
    db::staff::add(
        &mut store,
        &system,
        &db::staff::NewStaff {
            staff_no: args.admin_no.clone(),
            name,
            office_id: 1,
            counter_no: None,
            role: Role::Admin,
            pin_hash: pin::hash(&pin),
        },
    )
    .loc(lang)?;
    println!(
        "{}",
        i18n::INIT_DONE.fill(
            lang,
            &[("path", &path.display()), ("admin", &args.admin_no)]
        )
    );
    Ok(())
}

/// Asks for a new PIN twice and checks both the format and the match.
fn ask_new_pin(lang: Lang) -> Result<String, CliError> {
    let first = read_pin(i18n::PROMPT_NEW_PIN.get(lang)).wrap_err("reading the PIN")?;
    pin::validate(&first).loc(lang)?;
    let second = read_pin(i18n::PROMPT_REPEAT_PIN.get(lang)).wrap_err("reading the PIN")?;
    if first != second {
        return Err(pin::PinError::Mismatch).loc(lang);
    }
    Ok(first)
}

/// Logs an administrator in on the command line: their PIN is asked, lock-out applies.
pub(super) fn admin_login(
    store: &mut Store,
    admin_no: &str,
    lang: Lang,
) -> Result<Actor, CliError> {
    let pin_text = read_pin(&i18n::PROMPT_PIN_FOR.fill(lang, &[("staff", &admin_no)]))
        .wrap_err("reading the PIN")?;
    let staff =
        db::staff::authenticate(store, admin_no, &pin_text, chrono::Utc::now()).loc(lang)?;
    let actor = staff.actor(None);
    actor.require(Permission::ManageStaff).loc(lang)?;
    Ok(actor)
}

/// Logs a staff member in on the command line for one task that needs `permission`:
/// their PIN is asked, lock-out applies, and the refusal names the missing right.
pub(super) fn staff_login(
    store: &mut Store,
    staff_no: &str,
    lang: Lang,
    permission: Permission,
) -> Result<Actor, CliError> {
    let pin_text = read_pin(&i18n::PROMPT_PIN_FOR.fill(lang, &[("staff", &staff_no)]))
        .wrap_err("reading the PIN")?;
    let staff =
        db::staff::authenticate(store, staff_no, &pin_text, chrono::Utc::now()).loc(lang)?;
    let actor = staff.actor(None);
    actor.require(permission).loc(lang)?;
    Ok(actor)
}

pub fn staff(global: &GlobalOpts, config: &Config, cmd: StaffCommand) -> CliResult {
    let lang = global.lang;
    let path = config.live_db(global.db.as_deref());
    let mut store = Store::open(&path).loc(lang)?;
    match cmd {
        StaffCommand::Add {
            admin,
            no,
            name,
            office,
            counter,
            role,
        } => {
            let actor = admin_login(&mut store, &admin, lang)?;
            let role = Role::parse(&role).ok_or_else(|| {
                CliError::User(i18n::STAFF_BAD_ROLE.fill(lang, &[("role", &role)]))
            })?;
            let name = text::validate_name(&name).loc(lang)?;
            if !(3..=8).contains(&no.len()) || !no.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CliError::User(i18n::STAFF_BAD_NUMBER.get(lang).to_string()));
            }
            if db::office::get(&store, office).loc(lang)?.is_none() {
                return Err(CliError::User(
                    i18n::STAFF_BAD_OFFICE.fill(lang, &[("office", &office)]),
                ));
            }
            if db::staff::by_number(&store, &no).loc(lang)?.is_some() {
                return Err(CliError::User(
                    i18n::STAFF_EXISTS.fill(lang, &[("staff", &no)]),
                ));
            }
            let pin = ask_new_pin(lang)?;
            let new = db::staff::NewStaff {
                staff_no: no.clone(),
                name,
                office_id: office,
                counter_no: counter,
                role,
                pin_hash: pin::hash(&pin),
            };
            db::staff::add(&mut store, &actor, &new).loc(lang)?;
            println!("{}", i18n::STAFF_ADDED.fill(lang, &[("staff", &no)]));
        }
        StaffCommand::List { admin } => {
            admin_login(&mut store, &admin, lang)?;
            for s in db::staff::list(&store).loc(lang)? {
                let state = if !s.active {
                    i18n::STAFF_STATE_DISABLED.get(lang)
                } else if s.locked_until.is_some() {
                    i18n::STAFF_STATE_LOCKED.get(lang)
                } else {
                    ""
                };
                println!(
                    "{:<8} {:<12} {:>2} {:>3} {:<8} {}",
                    s.staff_no,
                    text::sanitize(&s.name),
                    s.office_id,
                    s.counter_no
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "-".into()),
                    s.role.label().get(lang),
                    state
                );
            }
        }
        StaffCommand::ResetPin { admin, no } => {
            let actor = admin_login(&mut store, &admin, lang)?;
            let pin = ask_new_pin(lang)?;
            db::staff::reset_pin(&mut store, &actor, &no, &pin::hash(&pin)).loc(lang)?;
            println!("{}", i18n::STAFF_PIN_RESET.fill(lang, &[("staff", &no)]));
        }
        StaffCommand::Disable { admin, no } => {
            let actor = admin_login(&mut store, &admin, lang)?;
            db::staff::disable(&mut store, &actor, &no).loc(lang)?;
            println!("{}", i18n::STAFF_DISABLED.fill(lang, &[("staff", &no)]));
        }
    }
    Ok(())
}
