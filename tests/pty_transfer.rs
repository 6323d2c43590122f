//! The real binary in a pseudo-terminal at F6: a clerk completes the property registry's
//! transfer of an account that owes two bills and has a pre-paid balance — pays the
//! arrears through the payment form over the checklist, types the final reading (whose
//! bill is paid too), carries the balance with the old holder's consent, ticks the
//! documents, transfers, sees the slip, quits. The terminal is restored; the store holds
//! the history, the two balance entries and the receipts, and `gasdesk check` passes.
#![cfg(unix)]

mod common;

use std::time::Duration;

use common::pty::{F10, Session, WAIT};
use gasdesk::db::cash::{self, PaymentKey, Tender};
use gasdesk::db::{self, Store};
use gasdesk::domain::money::Fen;
use rusqlite::{Connection, OpenFlags};

const F6: &str = "\x1b[17~";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ESC: &str = "\x1b";

/// Enter through the payment form until its receipt shows, then back to the checklist.
fn pay(s: &mut Session, receipt_no: &str) {
    for _ in 0..8 {
        if s.contents().contains(receipt_no) {
            break;
        }
        s.send("\r");
        std::thread::sleep(Duration::from_millis(400));
    }
    s.wait_for(receipt_no, WAIT);
    // A lone Esc is read as Esc after a short quiet.
    std::thread::sleep(Duration::from_millis(100));
    s.send(ESC);
    s.wait_for("Transfer · account", WAIT);
}

#[test]
fn a_clerk_completes_a_registry_transfer_with_arrears_reading_and_balance_carried() {
    let dir = common::temp_dir();
    let path = dir.path().join("demo.db");
    common::build_demo(&path, 300);
    // Another session pays 80 yuan in advance on the first pending account of office 1,
    // on clerk 1002's drawer.
    let (account, account_no, register_m3) = {
        let mut store = Store::open(&path).unwrap();
        let clerk = db::staff::by_number(&store, "1002")
            .unwrap()
            .unwrap()
            .actor(Some(2));
        let now = chrono::Utc::now();
        cash::open_shift(
            &mut store,
            &clerk,
            &gasdesk::domain::queue::builtin_rules(),
            Fen(0),
            now,
        )
        .unwrap();
        let pending = db::transfer::worklist(&store, 1, 10).unwrap();
        let account = pending[0].account_id;
        cash::pay_advance(
            &mut store,
            &clerk,
            &PaymentKey::new(),
            account,
            Fen(8000),
            &Tender::cash(None),
            now,
        )
        .unwrap();
        let detail = db::account::get(&store, account).unwrap().unwrap();
        let meter = detail
            .meters
            .iter()
            .find(|m| m.kind != "ic_card")
            .unwrap()
            .id;
        let last = cash::last_reading(&store, meter).unwrap().unwrap();
        (
            account,
            detail.summary.account_no,
            last.1.litres() / 1000 + 12,
        )
    };
    let year = gasdesk::domain::queue::builtin_rules()
        .local_day(chrono::Utc::now())
        .format("%Y")
        .to_string();
    let db = path.display().to_string();
    let data = dir.path().join("data").display().to_string();
    let mut s = Session::start(
        &["demo", "--db", &db, "--lang", "en"],
        80,
        24,
        &[("XDG_DATA_HOME", &data)],
    );
    s.wait_for("Staff", WAIT);
    s.send("1001\t123456\r");
    s.wait_for("1001", WAIT);
    // 1001 opens a drawer at the cash desk first (F4, o, float 0).
    s.send("\x1bOS");
    s.send("o");
    s.wait_for("Float", WAIT);
    s.send("0\r");
    s.send(F6);
    s.wait_for("Transfers pending", WAIT);
    s.wait_for(&account_no, WAIT);
    s.send("\r");
    s.wait_for(&format!("Transfer · account {account_no}"), WAIT);
    s.wait_for("owed, Enter to pay", WAIT);
    // 2. Arrears.
    s.send(DOWN);
    s.send("\r");
    s.wait_for("Payment", WAIT);
    // (1002's advance took the office's first receipt number.)
    pay(&mut s, &format!("HF01-{year}-000002"));
    // 3. The final reading, unless the meters were read today already.
    let to_read = s.contents().contains("Enter to read");
    if to_read {
        s.send(DOWN);
        s.send("\r");
        s.wait_for("Register", WAIT);
        s.send(&format!("{register_m3}\r"));
        s.wait_for(&account_no, WAIT);
        std::thread::sleep(Duration::from_millis(100));
        s.send(ESC);
        s.wait_for("owed, Enter to pay", WAIT);
        s.send(UP);
        s.send("\r");
        s.wait_for("Payment", WAIT);
        pay(&mut s, &format!("HF01-{year}-000003"));
        s.send(DOWN);
    } else {
        s.send(DOWN);
    }
    // 4. The balance carried with consent.
    s.send(DOWN);
    s.send("\r");
    s.wait_for("carried to the new holder", WAIT);
    // 5. A sale's documents: certificate, old holder's ID, new holder's ID.
    s.send(DOWN);
    s.send(DOWN);
    s.send("\r");
    s.send(DOWN);
    s.send(DOWN);
    s.send("\r");
    s.send(DOWN);
    s.send("\r");
    s.wait_for("All steps done", WAIT);
    s.send("s");
    s.wait_for("Transfer done", WAIT);
    s.wait_for("Transfer slip", WAIT);
    s.send(F10);
    s.wait_exit(WAIT);
    s.assert_restored();

    let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let read = |sql: &str| -> i64 { conn.query_row(sql, [account], |r| r.get(0)).unwrap() };
    assert_eq!(
        read("SELECT count(*) FROM holder_history WHERE account_id = ?1"),
        1
    );
    assert_eq!(
        read("SELECT count(*) FROM transfer_balance_entry WHERE account_id = ?1"),
        2
    );
    assert_eq!(
        read("SELECT count(*) FROM bill WHERE account_id = ?1 AND settled_by IS NULL"),
        0
    );
    assert_eq!(
        read(
            "SELECT count(*) FROM transfer WHERE account_id = ?1 AND state = 'done'
             AND source = 'registry' AND balance_how = 'carried'"
        ),
        1
    );
    let check = common::run(&["--lang", "en", "--db", &db, "check"], "");
    common::assert_ok(&check, "gasdesk check");
}
