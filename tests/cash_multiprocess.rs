//! The cash desk with many processes on one file: a race for the same bills, and a clerk
//! process killed at random moments while it records payments.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

use common::{assert_ok, build_demo, command, run, temp_dir};

fn worker(db: &Path, staff: &str, extra: &[&str]) -> Child {
    let mut args = vec![
        "bench",
        "pay-worker",
        "--file",
        db.to_str().unwrap(),
        "--staff",
        staff,
    ];
    args.extend_from_slice(extra);
    command(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a pay worker")
}

fn receipts_of(db: &Path, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn eight_processes_racing_for_100_bills_pay_each_exactly_once() {
    let dir = temp_dir();
    let db = dir.path().join("race.sqlite");
    build_demo(&db, 300);
    let staff = [
        "1001", "1002", "1003", "1004", "2001", "2002", "2003", "2004",
    ];
    let children: Vec<Child> = staff
        .iter()
        .enumerate()
        .map(|(i, no)| {
            let seed = (i + 1).to_string();
            worker(&db, no, &["--race-bills", "100", "--seed", &seed])
        })
        .collect();
    let mut paid: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let mut taken = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_ok(&out, "pay worker");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["paid", bill, receipt] => paid
                    .entry(bill.parse().unwrap())
                    .or_default()
                    .push(receipt.to_string()),
                ["taken", _, _] => taken += 1,
                _ => panic!("unexpected line {line:?}"),
            }
        }
    }
    assert_eq!(paid.len(), 100, "every bill paid");
    assert!(
        paid.values().all(|r| r.len() == 1),
        "no bill paid twice: {paid:?}"
    );
    assert_eq!(taken, 7 * 100, "every other attempt was told it was taken");
    let settled = receipts_of(
        &db,
        "SELECT count(*) || '' FROM bill WHERE id <= 100 AND settled_by IS NOT NULL",
    );
    assert_eq!(settled, ["100"]);
    let entries = receipts_of(
        &db,
        "SELECT count(*) || '' FROM ledger_entry WHERE kind = 'bill'",
    );
    assert_eq!(entries, ["100"]);
    // Each office's series is gapless.
    for office in [1, 2] {
        let seqs = receipts_of(
            &db,
            &format!("SELECT seq || '' FROM receipt WHERE office_id = {office} ORDER BY seq"),
        );
        let expected: Vec<String> = (1..=seqs.len()).map(|n| n.to_string()).collect();
        assert_eq!(seqs, expected, "office {office}");
    }
}

/// A small deterministic generator for the kill delays.
struct Lcg(u64);

impl Lcg {
    fn next_below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn a_clerk_process_killed_at_random_moments_loses_no_committed_receipt() {
    let dir = temp_dir();
    let db = dir.path().join("crash.sqlite");
    build_demo(&db, 50);
    let mut rng = Lcg(20261128);
    let mut reported: BTreeSet<String> = BTreeSet::new();
    const KILLS: usize = 200;
    for _ in 0..KILLS {
        let mut child = worker(&db, "1001", &["--advances", "100000", "--account", "1"]);
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("committed ").map(str::to_string))
                .collect::<Vec<String>>()
        });
        // Start-up (opening the file, maybe the shift) takes a few milliseconds; the
        // delays reach well into the payments.
        std::thread::sleep(Duration::from_millis(5 + rng.next_below(60)));
        child.kill().expect("SIGKILL the worker");
        child.wait().unwrap();
        reported.extend(reader.join().unwrap());
    }
    assert!(
        reported.len() > KILLS,
        "the workers committed payments before dying"
    );
    let check = run(&["--lang", "en", "--db", db.to_str().unwrap(), "check"], "");
    assert_ok(&check, "gasdesk check after the kills");
    let stored: BTreeSet<String> = receipts_of(&db, "SELECT receipt_no FROM receipt")
        .into_iter()
        .collect();
    let lost: Vec<&String> = reported.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "receipts reported committed but missing: {lost:?}"
    );
    let seqs = receipts_of(
        &db,
        "SELECT seq || '' FROM receipt WHERE office_id = 1 ORDER BY seq",
    );
    let expected: Vec<String> = (1..=seqs.len()).map(|n| n.to_string()).collect();
    assert_eq!(seqs, expected, "the series has no gap and no duplicate");
    // Every receipt has its ledger entry, and nothing else was half-written.
    let orphans = receipts_of(
        &db,
        "SELECT receipt_no FROM receipt r WHERE NOT EXISTS
           (SELECT 1 FROM ledger_entry e WHERE e.receipt_id = r.id)",
    );
    assert!(orphans.is_empty(), "{orphans:?}");
}
