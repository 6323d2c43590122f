//! The real binary issuing tickets: many processes on one file at once, the printer
//! copy, and the manager's day commands with a PIN.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use rusqlite::Connection;

const PROCESSES: usize = 16;
const PER_PROCESS: usize = 200;
const SERVICES: [char; 4] = ['A', 'B', 'C', 'D'];

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.sqlite");
    let out = common::run(
        &[
            "demo",
            "--db",
            db.to_str().unwrap(),
            "--accounts",
            "200",
            "--no-tui",
            "--no-queue",
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

/// Tickets of office 1 issued after ticket id `after`: (letter, seq, number, day id).
fn tickets_after(db: &Path, after: i64) -> Vec<(String, i64, String, i64)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT t.letter, t.seq, t.number, t.business_day_id FROM ticket t
             JOIN business_day d ON d.id = t.business_day_id
             WHERE d.office_id = 1 AND t.id > ?1 ORDER BY t.id",
        )
        .unwrap();
    stmt.query_map([after], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The highest sequence per letter in office 1's open day (the demo data may hold one).
fn before(db: &Path) -> (i64, BTreeMap<String, i64>) {
    let conn = Connection::open(db).unwrap();
    let last_id: i64 = conn
        .query_row("SELECT coalesce(max(id), 0) FROM ticket", [], |r| r.get(0))
        .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT t.letter, max(t.seq) FROM ticket t JOIN business_day d ON d.id = t.business_day_id
             WHERE d.office_id = 1 AND d.closed_at IS NULL GROUP BY t.letter",
        )
        .unwrap();
    let seqs = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (last_id, seqs)
}

#[test]
fn sixteen_processes_issue_unique_gapless_numbers() {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let (last_id, start) = before(&db);
    let started = Instant::now();
    let children: Vec<_> = (0..PROCESSES)
        .map(|i| {
            let service = SERVICES[i % SERVICES.len()].to_string();
            let count = PER_PROCESS.to_string();
            common::command(&[
                "--db",
                db.to_str().unwrap(),
                "ticket",
                "issue",
                "--office",
                "1",
                "--service",
                &service,
                "--count",
                &count,
                "--no-print",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gasdesk")
        })
        .collect();
    let mut printed: Vec<String> = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        printed.extend(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(String::from),
        );
    }
    let elapsed = started.elapsed();
    eprintln!(
        "{PROCESSES} processes x {PER_PROCESS} tickets: {:.1} s ({:.0} tickets/s)",
        elapsed.as_secs_f64(),
        (PROCESSES * PER_PROCESS) as f64 / elapsed.as_secs_f64()
    );

    let rows = tickets_after(&db, last_id);
    assert_eq!(rows.len(), PROCESSES * PER_PROCESS);
    // One business day took them all.
    assert!(rows.iter().all(|r| r.3 == rows[0].3));
    // What the processes printed is exactly what the file holds, each number once.
    let mut stored: Vec<String> = rows.iter().map(|r| r.2.clone()).collect();
    stored.sort();
    printed.sort();
    assert_eq!(printed, stored);
    let before_dedup = stored.len();
    stored.dedup();
    assert_eq!(stored.len(), before_dedup, "a number was issued twice");
    // Per service: the sequences continue the day's numbering without a gap.
    let per_process_service = PROCESSES / SERVICES.len() * PER_PROCESS;
    for letter in SERVICES {
        let l = letter.to_string();
        let mut seqs: Vec<i64> = rows.iter().filter(|r| r.0 == l).map(|r| r.1).collect();
        seqs.sort_unstable();
        let first = start.get(&l).copied().unwrap_or(0) + 1;
        let expected: Vec<i64> = (first..first + per_process_service as i64).collect();
        assert_eq!(seqs, expected, "service {letter}");
    }
}

#[test]
fn a_ticket_is_printed_to_the_spool_folder() {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let spool = dir.path().join("spool");
    let out = common::run(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "ticket",
            "issue",
            "--office",
            "2",
            "--service",
            "c",
            "--priority",
            "--spool",
            spool.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.starts_with("Hefei Gas Yaohai Office\nC"), "{shown}");
    assert!(
        shown.contains("Ownership transfer\nPriority lane\n"),
        "{shown}"
    );
    let files: Vec<_> = std::fs::read_dir(&spool)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        name.starts_with("ticket-2-") && name.ends_with(".txt"),
        "{name}"
    );
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), shown);
    // An unknown service is refused with the list of services.
    let out = common::run(
        &[
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "en",
            "ticket",
            "issue",
            "--office",
            "2",
            "--service",
            "X",
            "--no-print",
        ],
        "",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ABCD"));
}

#[test]
fn managers_close_the_day_with_their_pin_clerks_cannot() {
    let dir = common::temp_dir();
    let db = demo_db(dir.path());
    let dbs = db.to_str().unwrap();
    // The demo data may already hold a day of tickets for the office.
    let (open_before, issued_before): (i64, i64) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FILTER (WHERE t.state IN ('waiting', 'called', 'serving', 'parked')),
                    count(*)
             FROM ticket t JOIN business_day d ON d.id = t.business_day_id
             WHERE d.office_id = 3 AND d.closed_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    for _ in 0..3 {
        let out = common::run(
            &[
                "--db",
                dbs,
                "ticket",
                "issue",
                "--office",
                "3",
                "--service",
                "A",
                "--no-print",
            ],
            "",
        );
        assert!(out.status.success());
    }
    let clerk = common::run(
        &[
            "--db", dbs, "--lang", "en", "ticket", "day", "close", "--office", "3", "--as", "3001",
        ],
        "123456\n",
    );
    assert!(!clerk.status.success());
    assert!(String::from_utf8_lossy(&clerk.stderr).contains("Not allowed"));
    let manager = common::run(
        &[
            "--db", dbs, "--lang", "en", "ticket", "day", "close", "--office", "3", "--as", "3009",
        ],
        "123456\n",
    );
    assert!(
        manager.status.success(),
        "{}",
        String::from_utf8_lossy(&manager.stderr)
    );
    let said = String::from_utf8(manager.stdout).unwrap();
    let expected = format!("{} unfinished tickets", open_before + 3);
    assert!(said.contains(&expected), "{said}");
    // The same date cannot take tickets any more.
    let late = common::run(
        &[
            "--db",
            dbs,
            "--lang",
            "en",
            "ticket",
            "issue",
            "--office",
            "3",
            "--service",
            "A",
            "--no-print",
        ],
        "",
    );
    assert!(!late.status.success());
    assert!(String::from_utf8_lossy(&late.stderr).contains("was closed"));
    let stats = common::run(
        &[
            "--db", dbs, "--lang", "en", "ticket", "stats", "--office", "3", "--as", "3009",
        ],
        "123456\n",
    );
    assert!(
        stats.status.success(),
        "{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    let table = String::from_utf8(stats.stdout).unwrap();
    let office_row = table.lines().find(|l| l.starts_with("office")).unwrap();
    let cells: Vec<&str> = office_row.split_whitespace().collect();
    assert_eq!(cells[1], (issued_before + 3).to_string(), "{table}");
    assert_eq!(cells[5], (open_before + 3).to_string(), "{table}");
}
