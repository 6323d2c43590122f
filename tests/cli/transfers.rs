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

/// A transfer back through the command line: the clerk's PIN, then the approving
/// manager's; a clerk cannot approve. The history keeps all three holders.
#[test]
fn a_transfer_back_needs_a_manager_and_history_keeps_both() {
    use gasdesk::db::{self, Actor, Store};
    use gasdesk::domain::role::Role;
    let dir = temp_dir();
    let db = with_accounts(dir.path());
    {
        let mut store = Store::open(&db).unwrap();
        let pin = gasdesk::domain::pin::hash("123456");
        for (no, role) in [
            ("1001", Role::Clerk),
            ("1002", Role::Clerk),
            ("1009", Role::Manager),
        ] {
            db::staff::add(
                &mut store,
                &Actor::system(),
                &db::staff::NewStaff {
                    staff_no: no.into(),
                    name: format!("员工{no}"),
                    office_id: 1,
                    counter_no: None,
                    role,
                    pin_hash: pin.clone(),
                },
            )
            .unwrap();
        }
        let clerk = db::staff::by_number(&store, "1001")
            .unwrap()
            .unwrap()
            .actor(Some(1));
        let account = db::account::id_by_account_no(&store, "3499000202")
            .unwrap()
            .unwrap();
        let rules = gasdesk::domain::transfer::TransferRules::builtin();
        let now = chrono::Utc::now();
        let holder = gasdesk::bench_transfer::new_holder(7, 1);
        db::transfer::commit(
            &mut store,
            &clerk,
            rules,
            &db::transfer::Completion {
                account_id: account,
                pending_id: None,
                case: "court".into(),
                by_agent: false,
                documents: vec!["court_ruling".into(), "new_holder_id".into()],
                new_holder: holder,
                balance: None,
                fee: None,
                day: gasdesk::domain::queue::builtin_rules().local_day(now),
            },
            now,
        )
        .unwrap();
    }
    let back = |approver: &str| {
        en(
            &db,
            &[
                "transfer",
                "back",
                "3499000202",
                "--reason",
                "wrong account",
                "--as",
                "1001",
                "--approver",
                approver,
            ],
            "123456\n123456\n",
        )
    };
    let out = back("1002");
    assert_exit(&out, 1, "a clerk approving");
    assert!(stderr(&out).contains("not a manager"), "{}", stderr(&out));
    let out = back("1009");
    assert_ok(&out, "a manager approving");
    assert!(
        stdout(&out).contains("transferred back"),
        "{}",
        stdout(&out)
    );
    let out = en(&db, &["transfer", "history", "3499000202", "--json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> = v["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["李*", "测***", "李*"]);
    assert_eq!(
        count(&db, "SELECT count(*) FROM transfer WHERE source = 'back'"),
        1
    );
    let check = en(&db, &["check"], "");
    assert_ok(&check, "check");
}
