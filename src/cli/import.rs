//! `gasdesk import accounts FILE.csv`: every row is checked first; by default one bad
//! row stops the whole import, with `--skip-invalid` the good rows go in together and
//! the bad ones are written out with their reasons.
//!
//! `gasdesk import readings FILE.csv`: the meter-reading system's file, all or nothing;
//! each reading after a meter's first bills the gas used since the previous one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use color_eyre::eyre::WrapErr;

use crate::config::Config;
use crate::db::{self, Store};
use crate::domain::account::NewAccount;
use crate::domain::import::{OPTIONAL_COLUMNS, REQUIRED_COLUMNS, RawRow, RowError, check_row};
use crate::domain::office::builtin_offices;
use crate::domain::text::{csv_cell, sanitize};
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
    /// Pending ownership transfers from the property registry's CSV file (header:
    /// account_no,old_name,old_id_number,old_phone,new_name,new_id_number,new_phone,case_no
    /// [,household_size]); each goes on the F6 worklist of the account's office
    Transfers {
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
    /// Import meter readings of mechanical and IoT meters from a CSV file (header:
    /// meter_serial,read_on,register_m3); all or nothing, and bills the gas used
    Readings {
        /// The CSV file (UTF-8)
        file: PathBuf,
        /// Your administrator staff number (your PIN is asked)
        #[arg(long = "as", value_name = "ADMIN_NO")]
        admin: String,
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
    let (file, admin, skip_invalid, rejects) = match cmd {
        ImportCommand::Accounts {
            file,
            admin,
            skip_invalid,
            rejects,
        } => (file, admin, skip_invalid, rejects),
        ImportCommand::Readings { file, admin } => {
            return readings(global, config, &file, &admin);
        }
        ImportCommand::Transfers {
            file,
            admin,
            skip_invalid,
            rejects,
        } => {
            return super::import_transfers::run(
                global,
                config,
                &file,
                &admin,
                skip_invalid,
                rejects.as_deref(),
            );
        }
    };
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

/// Opens an import file and checks its header: every `required` column present, nothing
/// that is neither required nor `optional`, no column twice (which of two `phone` columns
/// would count?). A byte-order mark and blanks are ignored.
pub(super) fn open_csv(
    file: &Path,
    lang: Lang,
    (required, optional): (&[&str], &[&str]),
    (missing_msg, unknown_msg): (i18n::Msg, i18n::Msg),
) -> Result<(csv::Reader<std::fs::File>, Vec<String>), CliError> {
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
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(CliError::User(
            missing_msg.fill(lang, &[("columns", &missing.join(","))]),
        ));
    }
    if let Some(unknown) = header
        .iter()
        .find(|h| !required.contains(&h.as_str()) && !optional.contains(&h.as_str()))
    {
        return Err(CliError::User(
            unknown_msg.fill(lang, &[("column", &sanitize(unknown))]),
        ));
    }
    if let Some((i, twice)) = header
        .iter()
        .enumerate()
        .find(|(i, h)| header[..*i].contains(h))
    {
        debug_assert!(i > 0);
        return Err(CliError::User(
            i18n::IMPORT_DUPLICATE_COLUMN.fill(lang, &[("column", &sanitize(twice))]),
        ));
    }
    Ok((reader, header))
}

/// The fields of a row as text. A field that is not UTF-8 is kept (lossily, for the
/// rejects file) and named, so one damaged row is one bad row, not a failed import.
pub(super) fn text_fields(
    record: &csv::ByteRecord,
    header: &[String],
) -> (Vec<String>, Option<String>) {
    let mut invalid = None;
    let fields = record
        .iter()
        .enumerate()
        .map(|(i, bytes)| match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                invalid.get_or_insert_with(|| {
                    header
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("#{}", i + 1))
                });
                String::from_utf8_lossy(bytes).into_owned()
            }
        })
        .collect();
    (fields, invalid)
}

fn check_file(file: &Path, store: &Store, lang: Lang) -> Result<Checked, CliError> {
    let (mut reader, header) = open_csv(
        file,
        lang,
        (&REQUIRED_COLUMNS, &OPTIONAL_COLUMNS),
        (i18n::IMPORT_MISSING_COLUMNS, i18n::IMPORT_UNKNOWN_COLUMN),
    )?;
    let offices = builtin_offices();
    let today = crate::domain::queue::builtin_rules().local_day(crate::clock::Clock::System.now());
    let mut checked = Checked {
        header: header.clone(),
        good: Vec::new(),
        bad: Vec::new(),
    };
    let mut seen_accounts: HashMap<String, usize> = HashMap::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    for record in reader.byte_records() {
        let record = record.wrap_err_with(|| format!("cannot read {}", file.display()))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let (fields, invalid) = text_fields(&record, &header);
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
        let outcome = if let Some(column) = invalid {
            Err(RowError::InvalidUtf8 { column })
        } else if fields.len() != header.len() {
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
    if db::account::id_by_account_no(&store, &account.account_no)
        .map(|found| found.is_some())
        .unwrap_or(true)
    {
        return Err(RowError::AccountExists(account.account_no.clone()));
    }
    if let Some(id) = &account.id_number
        && db::account::id_number_exists(&store, id).unwrap_or(true)
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
    let rows: Vec<(Vec<String>, usize, String)> = checked
        .bad
        .iter()
        .map(|r| (r.fields.clone(), r.line, r.error.localized(lang)))
        .collect();
    write_reject_file(path, &checked.header, &rows, lang)
}

/// Writes rejected rows `(fields, line, reason)` to a new file at `path`, under
/// `header` plus a line and a reason column.
pub(super) fn write_reject_file(
    path: &Path,
    header: &[String],
    rows: &[(Vec<String>, usize, String)],
    lang: Lang,
) -> Result<(), CliError> {
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
    // Half a rejects file would look like the whole list of what was not imported.
    if let Err(e) = write_reject_rows(file, header, rows) {
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(())
}

/// The rows of the rejects file, for Excel and WPS: a byte-order mark (without it they
/// read UTF-8 Chinese as mojibake), and every cell through `csv_cell` (no control
/// characters, no formulas).
fn write_reject_rows(
    mut file: std::fs::File,
    header: &[String],
    rows: &[(Vec<String>, usize, String)],
) -> Result<(), CliError> {
    std::io::Write::write_all(&mut file, "\u{feff}".as_bytes())
        .wrap_err("writing the rejects file")?;
    let mut writer = csv::Writer::from_writer(file);
    let mut out_header = header.to_vec();
    out_header.push("line".into());
    out_header.push("reason".into());
    writer
        .write_record(&out_header)
        .wrap_err("writing the rejects file")?;
    for (fields, line, reason) in rows {
        let mut row: Vec<String> = fields.iter().map(|f| csv_cell(f)).collect();
        row.resize(header.len(), String::new());
        row.push(line.to_string());
        row.push(csv_cell(reason));
        writer
            .write_record(&row)
            .wrap_err("writing the rejects file")?;
    }
    let file = writer
        .into_inner()
        .map_err(|e| color_eyre::Report::new(e.into_error()))
        .wrap_err("writing the rejects file")?;
    file.sync_all().wrap_err("writing the rejects file")?;
    Ok(())
}

/// The readings of a file, and its bad rows as `(line, reason)`.
struct CheckedReadings {
    rows: Vec<db::cash::ReadingRow>,
    bad: Vec<(usize, String)>,
}

/// The columns of a readings file, in the meter-reading system's order.
const READING_COLUMNS: [&str; 3] = ["meter_serial", "read_on", "register_m3"];

fn readings(global: &GlobalOpts, config: &Config, file: &Path, admin: &str) -> CliResult {
    let lang = global.lang;
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let actor = admin_login(&mut store, admin, lang)?;
    let now = chrono::Utc::now();
    let today = crate::domain::queue::builtin_rules().local_day(now);
    let CheckedReadings { rows, bad } = check_readings(file, &store, today, lang)?;
    for (line, reason) in &bad {
        eprintln!(
            "{}",
            sanitize(&i18n::RDI_ROW.fill(lang, &[("line", line), ("reason", reason)]))
        );
    }
    if !bad.is_empty() {
        return Err(CliError::User(
            i18n::RDI_REFUSED.fill(lang, &[("bad", &bad.len())]),
        ));
    }
    if rows.is_empty() {
        return Err(CliError::User(i18n::RDI_EMPTY.get(lang).to_string()));
    }
    let bills = db::cash::import_readings(
        &mut store,
        &actor,
        &rows,
        db::cash::ReadingSource::Import,
        today,
        now,
    )
    .map_err(|e| {
        CliError::User(i18n::RDI_STORE_REFUSED.fill(lang, &[("reason", &e.localized(lang))]))
    })?;
    println!(
        "{}",
        i18n::RDI_DONE.fill(lang, &[("count", &rows.len()), ("bills", &bills)])
    );
    Ok(())
}

/// The readings of the file and every bad row. Rows are checked
/// against each other too, since the store would refuse the whole batch for one of them
/// without saying which line it was.
fn check_readings(
    file: &Path,
    store: &Store,
    today: chrono::NaiveDate,
    lang: Lang,
) -> Result<CheckedReadings, CliError> {
    use crate::domain::reading::{parse_read_on, parse_register};

    let (mut reader, header) = open_csv(
        file,
        lang,
        (&READING_COLUMNS, &[]),
        (i18n::RDI_MISSING_COLUMNS, i18n::RDI_UNKNOWN_COLUMN),
    )?;
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or(0);
    let (serial_at, date_at, register_at) = (
        column("meter_serial"),
        column("read_on"),
        column("register_m3"),
    );
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    // The latest reading of each meter so far in the file: `(line, date, register)`.
    let mut latest: HashMap<i64, (usize, chrono::NaiveDate, i64)> = HashMap::new();
    for record in reader.byte_records() {
        let record = record.wrap_err_with(|| format!("cannot read {}", file.display()))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let (fields, invalid) = text_fields(&record, &header);
        if let Some(column) = invalid {
            bad.push((line, RowError::InvalidUtf8 { column }.localized(lang)));
            continue;
        }
        let field = |i: usize| fields.get(i).map(|f| f.trim()).unwrap_or("");
        if record.len() != header.len() {
            bad.push((
                line,
                i18n::RDI_FIELD_COUNT.fill(
                    lang,
                    &[("found", &record.len()), ("expected", &header.len())],
                ),
            ));
            continue;
        }
        let serial = field(serial_at);
        let meter_id = match db::account::meter_id_by_serial(&store, serial) {
            Ok(Some(id)) => id,
            Ok(None) => {
                bad.push((
                    line,
                    i18n::RDI_UNKNOWN_SERIAL.fill(lang, &[("serial", &sanitize(serial))]),
                ));
                continue;
            }
            Err(e) => return Err(e).loc(lang),
        };
        let Some(read_on) = parse_read_on(field(date_at)) else {
            bad.push((
                line,
                i18n::RDI_BAD_DATE.fill(lang, &[("value", &sanitize(field(date_at)))]),
            ));
            continue;
        };
        if read_on > today {
            bad.push((
                line,
                db::cash::CashError::ReadingInFuture(read_on).localized(lang),
            ));
            continue;
        }
        let register = match parse_register(field(register_at)) {
            Ok(v) => v,
            Err(e) => {
                bad.push((
                    line,
                    i18n::RDI_BAD_REGISTER.fill(lang, &[("reason", &e.localized(lang))]),
                ));
                continue;
            }
        };
        if register > crate::domain::reading::REGISTER_MAX {
            bad.push((
                line,
                i18n::RDI_BAD_REGISTER.fill(
                    lang,
                    &[(
                        "reason",
                        &crate::domain::reading::ReadingError::RegisterTooLarge(register)
                            .localized(lang),
                    )],
                ),
            ));
            continue;
        }
        if let Some((first, on, litres)) = latest.get(&meter_id).copied() {
            let refused = if read_on <= on {
                Some(db::cash::CashError::ReadingExists)
            } else if register.litres() < litres {
                Some(db::cash::CashError::ReadingGoesBack { last: litres })
            } else {
                None
            };
            if let Some(e) = refused {
                bad.push((
                    line,
                    i18n::RDI_AFTER_LINE
                        .fill(lang, &[("reason", &e.localized(lang)), ("line", &first)]),
                ));
                continue;
            }
        }
        latest.insert(meter_id, (line, read_on, register.litres()));
        rows.push(db::cash::ReadingRow {
            meter_id,
            read_on,
            register,
        });
    }
    Ok(CheckedReadings { rows, bad })
}
