//! `gasdesk import transfers` and `gasdesk transfer history`, part of the `cli` test binary.

use std::path::Path;

use super::common::{assert_exit, assert_ok, fixture, stderr, stdout, temp_dir};
use super::{count, en, live_db, p};

fn with_accounts(dir: &Path) -> std::path::PathBuf {
    let db = live_db(dir);
    let accounts = fixture("transfer_accounts.csv");
    let out = en(
        &db,
        &["import", "accounts", p(&accounts), "--as", "9000"],
        "135790\n",
    );
    assert_ok(&out, "import accounts");
    db
}

fn import(db: &Path, file: &str, extra: &[&str]) -> std::process::Output {
    let path = fixture(file);
    let mut args = vec!["import", "transfers", p(&path), "--as", "9000"];
    args.extend_from_slice(extra);
    en(db, &args, "135790\n")
}

#[test]
fn a_registry_file_with_a_bad_row_imports_nothing_and_says_why() {
    let dir = temp_dir();
    let db = with_accounts(dir.path());
    let out = import(&db, "transfers_mixed.csv", &[]);
    assert_exit(&out, 1, "mixed file");
    let err = stderr(&out);
    assert!(
        err.contains("line 3: The old owner does not match the account: name"),
        "{err}"
    );
    assert!(err.contains("line 4:"), "{err}");
    assert!(err.contains("line 5: The account appears twice"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM transfer"), 0);
}

#[test]
fn skip_invalid_imports_the_good_rows_and_writes_the_rejects() {
    let dir = temp_dir();
    let db = with_accounts(dir.path());
    let rejects = dir.path().join("rejects.csv");
    let out = import(
        &db,
        "transfers_mixed.csv",
        &["--skip-invalid", "--rejects", p(&rejects)],
    );
    assert_ok(&out, "skip invalid");
    assert!(
        stdout(&out).contains("1 pending transfers created"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM transfer WHERE state = 'pending'"),
        1
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.contains("does not match"), "{text}");
}

#[test]
fn history_says_who_held_the_account_masked() {
    let dir = temp_dir();
    let db = with_accounts(dir.path());
    assert_ok(&import(&db, "transfers_good.csv", &[]), "import");
    // A pending transfer is not yet a holder: the history has the holder since opening.
    let out = en(&db, &["transfer", "history", "3499000202", "--json"], "");
    assert_ok(&out, "history");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let holders = v["holders"].as_array().unwrap();
    assert_eq!(holders.len(), 1, "pending is not yet a holder: {v}");
    assert_eq!(holders[0]["name"], "李*");
    assert_eq!(holders[0]["to"], serde_json::Value::Null);
    assert!(!stdout(&out).contains("13900000202"));
    let out = en(&db, &["transfer", "history", "3499000299"], "");
    assert_exit(&out, 1, "unknown account");
    assert!(
        stderr(&out).contains("No account 3499000299"),
        "{}",
        stderr(&out)
    );
}
