//! `gasdesk import accounts FILE.csv`: every row is checked first; by default one bad
//! row stops the whole import, with `--skip-invalid` the good rows go in together and
//! the bad ones are written out with their reasons.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use color_eyre::eyre::WrapErr;

use crate::config::Config;
use crate::db::{self, Store};
use crate::domain::account::NewAccount;
use crate::domain::import::{OPTIONAL_COLUMNS, REQUIRED_COLUMNS, RawRow, RowError, check_row};
use crate::domain::office::builtin_offices;
use crate::domain::text::sanitize;
use crate::i18n::{self, Lang, Localized};

use super::setup::admin_login;
use super::{CliError, CliResult, GlobalOpts, LocalizeErr};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import customer accounts from a CSV file (header: account_no,name,id_number,phone,address
    /// [,district,customer_type,meter_kind,meter_serial])
    Accounts {
        /// The CSV file (UTF-8)
        file: PathBuf,
        /// Your administrator staff number (your PIN is asked)
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
        /// Import the good rows and write the bad ones to --rejects
        #[arg(long, requires = "rejects")]
        skip_invalid: bool,
        /// Where rejected rows go, with a reason column
        #[arg(long, value_name = "OUT.csv")]
        rejects: Option<PathBuf>,
    },
}

/// A row that failed, with its line in the file.
struct Rejected {
    line: usize,
    fields: Vec<String>,
    error: RowError,
}

struct Checked {
    header: Vec<String>,
    good: Vec<NewAccount>,
    bad: Vec<Rejected>,
}

pub fn run(global: &GlobalOpts, config: &Config, cmd: ImportCommand) -> CliResult {
    let lang = global.lang;
    let ImportCommand::Accounts {
        file,
        admin,
        skip_invalid,
        rejects,
    } = cmd;
    if skip_invalid && rejects.is_none() {
        return Err(CliError::User(
            i18n::IMPORT_NEEDS_REJECTS.get(lang).to_string(),
        ));
    }
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let actor = admin_login(&mut store, &admin, lang)?;
    let checked = check_file(&file, &store, lang)?;
    for r in &checked.bad {
        eprintln!(
            "{}",
            sanitize(&i18n::IMPORT_ROW.fill(
                lang,
                &[("line", &r.line), ("reason", &r.error.localized(lang))]
            ))
        );
    }
    if !checked.bad.is_empty() && !skip_invalid {
        return Err(CliError::User(
            i18n::IMPORT_REFUSED.fill(lang, &[("bad", &checked.bad.len())]),
        ));
    }
    // Rejects first: if their file cannot be written, nothing is imported either, rather
    // than good rows committed and the bad ones lost.
    let rejects = rejects.filter(|_| !checked.bad.is_empty());
    if let Some(path) = &rejects {
        write_rejects(path, &checked, lang)?;
    }
    let source = file.display().to_string();
    let count = db::account::insert_many(&mut store, &actor, &checked.good, &source).loc(lang)?;
    if let Some(path) = rejects {
        eprintln!(
            "{}",
            i18n::IMPORT_REJECTS_WRITTEN.fill(
                lang,
                &[("bad", &checked.bad.len()), ("path", &path.display())]
            )
        );
    }
    println!("{}", i18n::IMPORT_DONE.fill(lang, &[("count", &count)]));
    Ok(())
}

fn check_file(file: &Path, store: &Store, lang: Lang) -> Result<Checked, CliError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .wrap_err_with(|| format!("cannot read {}", file.display()))?;
    let header: Vec<String> = reader
        .headers()
        .wrap_err_with(|| format!("cannot read the header of {}", file.display()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .into_iter()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(CliError::User(
            i18n::IMPORT_MISSING_COLUMNS.fill(lang, &[("columns", &missing.join(","))]),
        ));
    }
    if let Some(unknown) = header.iter().find(|h| {
        !REQUIRED_COLUMNS.contains(&h.as_str()) && !OPTIONAL_COLUMNS.contains(&h.as_str())
    }) {
        return Err(CliError::User(
            i18n::IMPORT_UNKNOWN_COLUMN.fill(lang, &[("column", &sanitize(unknown))]),
        ));
    }
    let offices = builtin_offices();
    let today = chrono::Local::now().date_naive();
    let mut checked = Checked {
        header: header.clone(),
        good: Vec::new(),
        bad: Vec::new(),
    };
    let mut seen_accounts: HashMap<String, usize> = HashMap::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = record.wrap_err_with(|| format!("cannot read {}", file.display()))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let fields: Vec<String> = record.iter().map(str::to_string).collect();
        let get = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| fields.get(i).cloned())
                .unwrap_or_default()
        };
        let raw = RawRow {
            account_no: get("account_no"),
            name: get("name"),
            id_number: get("id_number"),
            phone: get("phone"),
            address: get("address"),
            district: get("district"),
            customer_type: get("customer_type"),
            meter_kind: get("meter_kind"),
            meter_serial: get("meter_serial"),
        };
        let outcome = if fields.len() != header.len() {
            Err(RowError::FieldCount {
                expected: header.len(),
                found: fields.len(),
            })
        } else {
            check_row(&raw, today, &offices)
        }
        .and_then(|account| {
            check_duplicates(&account, line, &mut seen_accounts, &mut seen_ids, store)?;
            Ok(account)
        });
        match outcome {
            Ok(account) => checked.good.push(account),
            Err(error) => checked.bad.push(Rejected {
                line,
                fields,
                error,
            }),
        }
    }
    Ok(checked)
}

fn check_duplicates(
    account: &NewAccount,
    line: usize,
    seen_accounts: &mut HashMap<String, usize>,
    seen_ids: &mut HashMap<String, usize>,
    store: &Store,
) -> Result<(), RowError> {
    if let Some(first) = seen_accounts.get(&account.account_no) {
        return Err(RowError::DuplicateAccountInFile(
            account.account_no.clone(),
            *first,
        ));
    }
    if let Some(first) = account.id_number.as_ref().and_then(|id| seen_ids.get(id)) {
        return Err(RowError::DuplicateIdInFile(*first));
    }
    // A lookup failure is not a verdict on the row; treat it as "exists" so nothing
    // doubtful is imported, and let the insert report the database error.
    if db::account::id_by_account_no(store.conn(), &account.account_no)
        .map(|found| found.is_some())
        .unwrap_or(true)
    {
        return Err(RowError::AccountExists(account.account_no.clone()));
    }
    if let Some(id) = &account.id_number
        && db::account::id_number_exists(store.conn(), id).unwrap_or(true)
    {
        return Err(RowError::IdNumberExists);
    }
    seen_accounts.insert(account.account_no.clone(), line);
    if let Some(id) = &account.id_number {
        seen_ids.insert(id.clone(), line);
    }
    Ok(())
}

fn write_rejects(path: &Path, checked: &Checked, lang: Lang) -> Result<(), CliError> {
    // Never over an existing file: a typo must not overwrite the input or a past report.
    let file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CliError::User(
                i18n::IMPORT_REJECTS_EXISTS.fill(lang, &[("path", &path.display())]),
            ));
        }
        Err(e) => {
            return Err(CliError::Report(
                color_eyre::Report::new(e).wrap_err(format!("cannot write {}", path.display())),
            ));
        }
    };
    let mut writer = csv::Writer::from_writer(file);
    let mut header = checked.header.clone();
    header.push("line".into());
    header.push("reason".into());
    writer
        .write_record(&header)
        .wrap_err("writing the rejects file")?;
    for r in &checked.bad {
        let mut row: Vec<String> = r.fields.iter().map(|f| sanitize(f).into_owned()).collect();
        row.resize(checked.header.len(), String::new());
        row.push(r.line.to_string());
        row.push(r.error.localized(lang));
        writer
            .write_record(&row)
            .wrap_err("writing the rejects file")?;
    }
    writer.flush().wrap_err("writing the rejects file")?;
    Ok(())
}
