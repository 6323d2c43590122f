//! Ownership transfers with a clerk process SIGKILLed at random moments (200 times):
//! `gasdesk check` passes, every transfer a worker reported is in the store, and every
//! account has exactly one holder at every instant of its history (the periods chain from
//! the opening day without gap or overlap, and each done transfer ended one of them).

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use common::{assert_ok, build_demo, command, run, temp_dir};

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
fn a_clerk_process_killed_during_transfers_leaves_one_holder_at_every_instant() {
    let dir = temp_dir();
    let db = dir.path().join("crash.sqlite");
    build_demo(&db, 300);
    let mut rng = Lcg(20261203);
    let mut reported: BTreeSet<i64> = BTreeSet::new();
    const KILLS: usize = 200;
    for i in 0..KILLS {
        let seed = (i + 1).to_string();
        let mut child = command(&[
            "bench",
            "transfer-worker",
            "--file",
            db.to_str().unwrap(),
            "--staff",
            "1001",
            "--count",
            "100000",
            "--seed",
            &seed,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a transfer worker");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<i64>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(id) = line.strip_prefix("committed ").and_then(|n| n.parse().ok())
                    && tx.send(id).is_err()
                {
                    break;
                }
            }
        });
        // Killed a random moment after its first commit, so every kill lands among
        // transfers whatever the machine's load (no timing is assumed).
        let first = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the worker commits a transfer");
        reported.insert(first);
        std::thread::sleep(Duration::from_millis(rng.next_below(40)));
        child.kill().expect("SIGKILL the worker");
        let status = child.wait().unwrap();
        let stderr = {
            let mut s = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut s);
            }
            s
        };
        assert!(
            status.code().is_none() || status.success(),
            "the worker failed on its own: {stderr}"
        );
        reader.join().unwrap();
        reported.extend(rx.try_iter());
    }
    assert!(
        reported.len() >= KILLS,
        "each worker committed before dying"
    );
    let check = run(&["--lang", "en", "--db", db.to_str().unwrap(), "check"], "");
    assert_ok(&check, "gasdesk check after the kills");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: BTreeSet<i64> = conn
        .prepare("SELECT id FROM transfer WHERE state = 'done' AND source = 'counter'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let lost: Vec<&i64> = reported.difference(&stored).collect();
    assert!(lost.is_empty(), "reported but not stored: {lost:?}");
    // One holder at every instant: per account, the periods chain from the opening day,
    // each ending where the next starts, and the current holder starts at the last end.
    let mut stmt = conn
        .prepare(
            "SELECT a.id, a.opened_on, h.valid_from, h.valid_to, h.transfer_id
             FROM account a JOIN holder_history h ON h.account_id = a.id
             ORDER BY a.id, h.valid_to",
        )
        .unwrap();
    let rows: Vec<(i64, String, String, String, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut accounts = BTreeSet::new();
    let mut previous: Option<(i64, String)> = None;
    for (account, opened, from, to, _) in &rows {
        let expected_from = match &previous {
            Some((a, end)) if a == account => end.clone(),
            _ => opened.clone(),
        };
        assert_eq!(
            from, &expected_from,
            "account {account}: a gap or an overlap"
        );
        assert!(to > from, "account {account}: an empty period");
        previous = Some((*account, to.clone()));
        accounts.insert(*account);
    }
    assert!(!accounts.is_empty());
    let periods: i64 = conn
        .query_row("SELECT count(*) FROM holder_history", [], |r| r.get(0))
        .unwrap();
    let done: i64 = conn
        .query_row(
            "SELECT count(*) FROM transfer WHERE state = 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(periods, done, "each done transfer ended exactly one period");
}
