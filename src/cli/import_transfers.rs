//! `gasdesk import transfers FILE.csv --as ADMIN`: the property registry's transfers.
//! Every row is checked first, as `import accounts` checks its rows (the fields, then the
//! old owner against the account, nothing pending on it, no account twice in the file);
//! by default one bad row stops the whole import, with `--skip-invalid` the good rows go
//! in together and the bad ones are written to `--rejects` with their reasons. Each good
//! row becomes a pending transfer on the F6 worklist of the account's office.

use std::collections::HashMap;
use std::path::Path;

use color_eyre::eyre::WrapErr;

use super::import::{open_csv, text_fields, write_reject_file};
use super::setup::admin_login;
use super::{CliError, CliResult, GlobalOpts, LocalizeErr};
use crate::config::Config;
use crate::db::{self, Store};
use crate::domain::import::RowError;
use crate::domain::text::sanitize;
use crate::domain::transfer::{HolderInput, RegistryInput, RegistryRow, check_registry_row};
use crate::i18n::{self, Localized};

/// The registry's columns, in its order.
pub const COLUMNS: [&str; 8] = [
    "account_no",
    "old_name",
    "old_id_number",
    "old_phone",
    "new_name",
    "new_id_number",
    "new_phone",
    "case_no",
];
pub const OPTIONAL: [&str; 1] = ["household_size"];

pub fn run(
    global: &GlobalOpts,
    config: &Config,
    file: &Path,
    admin: &str,
    skip_invalid: bool,
    rejects: Option<&Path>,
) -> CliResult {
    let lang = global.lang;
    if skip_invalid && rejects.is_none() {
        return Err(CliError::User(
            i18n::IMPORT_NEEDS_REJECTS.get(lang).to_string(),
        ));
    }
    let mut store = Store::open(&config.live_db(global.db.as_deref())).loc(lang)?;
    let actor = admin_login(&mut store, admin, lang)?;
    let now = chrono::Utc::now();
    let today = crate::domain::queue::builtin_rules().local_day(now);
    let (mut reader, header) = open_csv(
        file,
        lang,
        (&COLUMNS, &OPTIONAL),
        (
            i18n::TRANSFER_IMPORT_MISSING_COLUMNS,
            i18n::TRANSFER_IMPORT_UNKNOWN_COLUMN,
        ),
    )?;
    let mut good: Vec<RegistryRow> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let mut bad: Vec<(Vec<String>, usize, String)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
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
        let outcome: Result<RegistryRow, String> = if let Some(column) = invalid {
            Err(RowError::InvalidUtf8 { column }.localized(lang))
        } else if fields.len() != header.len() {
            Err(RowError::FieldCount {
                expected: header.len(),
                found: fields.len(),
            }
            .localized(lang))
        } else {
            let raw = RegistryInput {
                account_no: get("account_no"),
                old_name: get("old_name"),
                old_id_number: get("old_id_number"),
                old_phone: get("old_phone"),
                new: HolderInput {
                    name: get("new_name"),
                    id_number: get("new_id_number"),
                    phone: get("new_phone"),
                    household_size: get("household_size"),
                },
                case_no: get("case_no"),
            };
            check_registry_row(&raw, today)
                .map_err(|e| e.localized(lang))
                .and_then(|row| {
                    if let Some(first) = seen.get(&row.account_no) {
                        return Err(i18n::TRANSFER_IMPORT_TWICE.fill(lang, &[("line", first)]));
                    }
                    db::transfer::check_registry_row(&store, &row)
                        .map_err(|e| e.localized(lang))?;
                    seen.insert(row.account_no.clone(), line);
                    Ok(row)
                })
        };
        match outcome {
            Ok(row) => {
                good.push(row);
                lines.push(line);
            }
            Err(reason) => bad.push((fields, line, reason)),
        }
    }
    for (_, line, reason) in &bad {
        eprintln!(
            "{}",
            sanitize(&i18n::IMPORT_ROW.fill(lang, &[("line", line), ("reason", reason)]))
        );
    }
    if !bad.is_empty() && !skip_invalid {
        return Err(CliError::User(
            i18n::IMPORT_REFUSED.fill(lang, &[("bad", &bad.len())]),
        ));
    }
    if let Some(path) = rejects.filter(|_| !bad.is_empty()) {
        write_reject_file(path, &header, &bad, lang)?;
        eprintln!(
            "{}",
            i18n::IMPORT_REJECTS_WRITTEN
                .fill(lang, &[("bad", &bad.len()), ("path", &path.display())])
        );
    }
    let source = file.display().to_string();
    let count = db::transfer::import_registry(&mut store, &actor, &good, &source, now).map_err(
        |(i, e)| {
            CliError::User(i18n::IMPORT_ROW.fill(
                lang,
                &[
                    ("line", &lines.get(i).copied().unwrap_or(0)),
                    ("reason", &e.localized(lang)),
                ],
            ))
        },
    )?;
    println!(
        "{}",
        i18n::TRANSFER_IMPORT_DONE.fill(lang, &[("count", &count)])
    );
    Ok(())
}
