//! `gasdesk ticket issue | day open | day close | stats`.

use std::path::PathBuf;

use crate::spool::write_spool;

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};

use crate::config::Config;
use crate::db::queue::{self as q, IssueRequest, kiosk_actor};
use crate::db::{self, Store};
use crate::domain::queue::slip::{SlipInput, slip_lines};
use crate::domain::queue::stats::{Dist, Figures, QueueStats};
use crate::domain::queue::{QueueRules, builtin_rules};
use crate::domain::role::Permission;
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang};

use super::setup::staff_login;
use super::{CliError, CliResult, GlobalOpts, LocalizeErr, out};

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Issue a queue ticket (for scripts and hardware kiosks; no login): prints it and
    /// writes a copy for the ticket printer
    Issue(IssueArgs),
    /// Open or close an office's business day (managers; your PIN is asked)
    #[command(subcommand)]
    Day(DayCommand),
    /// Queue figures of a business day: counts, waits, service times, share within target
    Stats {
        /// Office id (1-8, 9 = mobile service vehicle)
        #[arg(long)]
        office: i64,
        /// Your manager staff number (your PIN is asked)
        #[arg(long = "as", value_name = "STAFF_NO")]
        staff: String,
        /// The business day (YYYY-MM-DD); default: the open one, else today
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// Office id (1-8, 9 = mobile service vehicle)
    #[arg(long)]
    pub office: i64,
    /// Service letter: A payment/top-up, B new install, C transfer, D enquiry/other
    #[arg(long)]
    pub service: char,
    /// The customer's 10-digit account number
    #[arg(long, value_name = "NO", conflicts_with = "phone")]
    pub account: Option<String>,
    /// The customer's mobile number
    #[arg(long, value_name = "PHONE")]
    pub phone: Option<String>,
    /// Priority lane (elderly, disabled, care-register customers)
    #[arg(long)]
    pub priority: bool,
    /// Issue this many tickets one after another (load tests); prints one number a line
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub count: u32,
    /// Folder for the printer copy (default: spool_dir of the config, else the data folder)
    #[arg(long, value_name = "DIR", conflicts_with = "no_print")]
    pub spool: Option<PathBuf>,
    /// Do not write a printer copy
    #[arg(long)]
    pub no_print: bool,
}

#[derive(Debug, Subcommand)]
pub enum DayCommand {
    /// Open the business day (refused while an earlier one is still open)
    Open {
        /// Office id
        #[arg(long)]
        office: i64,
        /// Your manager staff number (your PIN is asked)
        #[arg(long = "as", value_name = "STAFF_NO")]
        staff: String,
        /// The date to open (YYYY-MM-DD); default: today on the offices' clock
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Close the open business day: unfinished tickets end as "closed at day end"
    Close {
        /// Office id
        #[arg(long)]
        office: i64,
        /// Your manager staff number (your PIN is asked)
        #[arg(long = "as", value_name = "STAFF_NO")]
        staff: String,
    },
}

pub fn run(global: &GlobalOpts, config: &Config, cmd: TicketCommand) -> CliResult {
    let lang = global.lang;
    let rules = builtin_rules();
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    match cmd {
        TicketCommand::Issue(args) => issue(&mut store, config, &rules, &args, lang),
        TicketCommand::Day(DayCommand::Open {
            office,
            staff,
            date,
        }) => {
            let name = office_name(&store, office, lang)?;
            let date = date.map(|d| parse_date(&d, lang)).transpose()?;
            let actor = staff_login(&mut store, &staff, lang, Permission::Supervise)?;
            let day =
                q::open_day(&mut store, &actor, &rules, office, date, Utc::now()).loc(lang)?;
            out(i18n::Q_DAY_OPENED.fill(lang, &[("office", &name), ("day", &day.day)]))
        }
        TicketCommand::Day(DayCommand::Close { office, staff }) => {
            let name = office_name(&store, office, lang)?;
            let actor = staff_login(&mut store, &staff, lang, Permission::Supervise)?;
            let closed = q::close_day(&mut store, &actor, office, Utc::now()).loc(lang)?;
            out(i18n::Q_DAY_CLOSED_DONE.fill(
                lang,
                &[
                    ("office", &name),
                    ("day", &closed.day.day),
                    ("closed", &closed.closed_tickets),
                ],
            ))
        }
        TicketCommand::Stats {
            office,
            staff,
            date,
        } => {
            let name = office_name(&store, office, lang)?;
            let date = date.map(|d| parse_date(&d, lang)).transpose()?;
            let actor = staff_login(&mut store, &staff, lang, Permission::Supervise)?;
            if actor.office_id != Some(office) {
                return Err(q::QueueError::WrongOffice { office }).loc(lang);
            }
            stats(&store, &rules, office, &name, date, lang)
        }
    }
}

fn parse_date(text: &str, lang: Lang) -> Result<NaiveDate, CliError> {
    crate::domain::text::parse_day(text)
        .ok_or_else(|| CliError::User(i18n::Q_BAD_DATE.fill(lang, &[("date", &sanitize(text))])))
}

fn office_name(store: &Store, office: i64, lang: Lang) -> Result<String, CliError> {
    match db::office::get(&store, office).loc(lang)? {
        Some(o) => Ok(sanitize(o.name(lang)).into_owned()),
        None => Err(q::QueueError::UnknownOffice(office)).loc(lang),
    }
}

fn issue(
    store: &mut Store,
    config: &Config,
    rules: &QueueRules,
    args: &IssueArgs,
    lang: Lang,
) -> CliResult {
    let name = office_name(store, args.office, lang)?;
    let actor = kiosk_actor(args.office);
    let req = IssueRequest {
        office_id: args.office,
        service: args.service.to_ascii_uppercase(),
        account_no: args.account.clone(),
        phone: args.phone.clone(),
        priority: args.priority,
    };
    let spool = (!args.no_print)
        .then(|| crate::spool::folder(store, args.spool.as_deref(), config.spool_dir()));
    for _ in 0..args.count.max(1) {
        let issued = q::issue(store, &actor, rules, &req, Utc::now()).loc(lang)?;
        let Some(service) = rules.service(issued.ticket.service) else {
            continue;
        };
        let lines = slip_lines(
            &SlipInput {
                office_name: &name,
                number: &issued.ticket.number,
                service,
                priority: issued.ticket.priority,
                estimate: issued.estimate,
                issued_at: issued.ticket.issued_at,
            },
            rules,
            lang,
        );
        if args.count > 1 {
            out(&issued.ticket.number)?;
        } else {
            for line in &lines {
                out(line)?;
            }
        }
        if let Some(dir) = &spool {
            let stem = format!(
                "ticket-{}-{}-{}",
                args.office, issued.day.day, issued.ticket.number
            );
            write_spool(store, dir, &stem, &lines.join("\n")).map_err(|e| {
                CliError::User(
                    i18n::Q_TICKET_SPOOL_FAILED
                        .fill(lang, &[("path", &dir.display()), ("reason", &e)]),
                )
            })?;
        }
    }
    Ok(())
}

fn stats(
    store: &Store,
    rules: &QueueRules,
    office: i64,
    name: &str,
    date: Option<NaiveDate>,
    lang: Lang,
) -> CliResult {
    let conn = store;
    let day = match date {
        Some(d) => q::day_by_date(conn, office, d).loc(lang)?,
        None => match q::current_day(conn, office).loc(lang)? {
            Some(d) => Some(d),
            None => q::day_by_date(conn, office, rules.local_day(Utc::now())).loc(lang)?,
        },
    };
    let Some(day) = day else {
        return out(i18n::Q_STATS_NONE.get(lang));
    };
    let s: QueueStats = db::stats::day_stats(conn, rules, day.id).loc(lang)?;
    out(i18n::Q_STATS_TITLE.fill(lang, &[("office", &name), ("day", &day.day)]))?;
    out(i18n::Q_STATS_HEADER.get(lang))?;
    out(row(i18n::Q_STATS_TOTAL.get(lang), &s.total))?;
    for (service, f) in &s.by_service {
        out(row(
            &i18n::Q_STATS_SERVICE.fill(lang, &[("service", service)]),
            f,
        ))?;
    }
    for (counter, f) in &s.by_counter {
        out(row(
            &i18n::Q_STATS_COUNTER.fill(lang, &[("counter", counter)]),
            f,
        ))?;
    }
    let staff = db::staff::list(conn).loc(lang)?;
    for (id, f) in &s.by_staff {
        let no = staff
            .iter()
            .find(|m| m.id == *id)
            .map(|m| m.staff_no.clone())
            .unwrap_or_else(|| id.to_string());
        out(row(&i18n::Q_STATS_STAFF.fill(lang, &[("staff", &no)]), f))?;
    }
    for (hour, f) in &s.by_hour {
        out(row(
            &i18n::Q_STATS_HOUR.fill(lang, &[("hour", &format!("{hour:02}"))]),
            f,
        ))?;
    }
    Ok(())
}

fn mmss(secs: Option<i64>) -> String {
    secs.map(|s| format!("{}:{:02}", s / 60, s % 60))
        .unwrap_or_else(|| "-".into())
}

fn row(label: &str, f: &Figures) -> String {
    let pct = f
        .within_target_permille()
        .map(|p| format!("{}.{}%", p / 10, p % 10))
        .unwrap_or_else(|| "-".into());
    let d = |x: &Dist| (mmss(x.p50_secs), mmss(x.p90_secs));
    let (w50, w90) = d(&f.wait);
    let (s50, s90) = d(&f.service);
    let pad = 10usize.saturating_sub(crate::domain::text::display_width(label));
    format!(
        "{label}{:pad$}{:>6}{:>6}{:>6}{:>6}{:>6}{:>9}{:>9}{:>9}{:>9}{:>8}",
        "", f.issued, f.served, f.no_show, f.transferred, f.closed, w50, w90, s50, s90, pct,
    )
}
