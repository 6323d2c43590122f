//! Migration 006 (fees) on a version-5 database that holds money: receipts of every
//! kind, a void, a reprint, a bill settled, a card write. Every row survives, every table
//! that referenced `receipt` or `ledger_entry` references the rebuilt table, `gasdesk
//! check` finds nothing, and the money made before the migration can still be voided.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, Transaction};

use crate::card::SimulatedCards;
use crate::db::staff::NewStaff;
use crate::db::{Actor, AuditNote, DbError, DbKind, Store, account, cash, check, office, staff};
use crate::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
use crate::domain::fee::ReplaceReason;
use crate::domain::money::Fen;
use crate::domain::office::builtin_offices;
use crate::domain::queue::builtin_rules;
use crate::domain::role::Role;
use crate::domain::tariff::Volume;

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap() + Duration::seconds(secs)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn new_account(no: u32, kind: MeterKind) -> NewAccount {
    NewAccount {
        account_no: format!("{no:010}"),
        holder_name: "张伟".into(),
        id_number: None,
        phone: None,
        landline: None,
        district: "蜀山区".into(),
        address: format!("长江西路{no}号"),
        customer_type: CustomerType::Residential,
        home_office: 1,
        opened_on: day(2020, 1, 1),
        meter: Some(NewMeter {
            serial: format!("M{no:08}"),
            kind,
            installed_on: day(2020, 1, 1),
            expires_on: day(2030, 1, 1),
        }),
    }
}

/// The rows of `table` in rowid order, each cut to its first `columns` values.
fn rows(conn: &Connection, table: &str, columns: usize) -> Vec<Vec<Value>> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
        .unwrap();
    stmt.query_map([], |r| (0..columns).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn column_count(conn: &Connection, table: &str) -> usize {
    conn.query_row("SELECT count(*) FROM pragma_table_info(?1)", [table], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap() as usize
}

/// A receipt written as version 5 wrote them (the code of today writes version 6).
#[allow(clippy::too_many_arguments)]
fn old_receipt(
    tx: &Transaction<'_>,
    seq: i64,
    kind: &str,
    account: i64,
    total: i64,
    shift: (i64, i64, i64),
    reverses: Option<(i64, i64)>,
) -> Result<(i64, String), DbError> {
    let code: String = tx.query_row("SELECT code FROM office WHERE id = 1", [], |r| r.get(0))?;
    if seq == 1 {
        tx.execute("INSERT INTO receipt_series VALUES (1, 2026, 'demo', 1)", [])?;
    } else {
        tx.execute(
            "UPDATE receipt_series SET last_seq = ?1 WHERE office_id = 1",
            [seq],
        )?;
    }
    let receipt_no = format!("{code}-2026-{seq:06}");
    let (shift_id, day_id, staff) = shift;
    tx.execute(
        "INSERT INTO receipt (receipt_no, office_id, year, seq, kind, account_id, total_fen,
                              method, shift_id, business_day_id, staff_id, counter_no, at,
                              idempotency_key, reverses_id, reason, approved_by)
         VALUES (?1, 1, 2026, ?2, ?3, ?4, ?5, 'cash', ?6, ?7, ?8, 1, ?9, ?10, ?11, ?12, ?13)",
        rusqlite::params![
            receipt_no,
            seq,
            kind,
            account,
            total,
            shift_id,
            day_id,
            staff,
            crate::db::cash::fmt_time(t(seq)),
            format!("old-receipt-key-{seq:04}"),
            reverses.map(|r| r.0),
            reverses.map(|_| "收错"),
            reverses.map(|r| r.1),
        ],
    )?;
    Ok((tx.last_insert_rowid(), receipt_no))
}

fn note(action: &'static str, receipt_no: &str, total: i64, account: i64) -> AuditNote {
    AuditNote::new(action, "receipt", receipt_no).detail(serde_json::json!({
        "total_fen": total, "method": "cash", "account": account,
    }))
}

#[test]
fn a_version_5_database_with_money_migrates_whole_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.sqlite");
    let mut store = Store::create_at_version(&path, DbKind::Demo, 5);
    let system = Actor::system();
    office::install(&mut store, &system, &builtin_offices()).unwrap();
    let pin = crate::domain::pin::hash("123456");
    for (no, counter, role) in [
        ("1001", Some(1), Role::Clerk),
        ("1009", None, Role::Manager),
    ] {
        let new = NewStaff {
            staff_no: no.into(),
            name: format!("员工{no}"),
            office_id: 1,
            counter_no: counter,
            role,
            pin_hash: pin.clone(),
        };
        staff::add(&mut store, &system, &new).unwrap();
    }
    account::insert_many(
        &mut store,
        &system,
        &[
            new_account(1, MeterKind::Mechanical),
            new_account(2, MeterKind::IcCard),
        ],
        "test",
    )
    .unwrap();
    let clerk = staff::by_number(&store, "1001")
        .unwrap()
        .unwrap()
        .actor(None);
    let manager_id = staff::by_number(&store, "1009").unwrap().unwrap().id;
    let shift = cash::open_shift(&mut store, &clerk, &builtin_rules(), Fen::ZERO, t(0)).unwrap();
    let shift = (shift.id, shift.business_day_id, shift.staff_id);
    let today = day(2026, 11, 28);
    let m3 = |n| Volume::from_m3(n).unwrap();
    cash::record_reading(&mut store, &clerk, 1, day(2026, 9, 1), m3(0), today, t(0)).unwrap();
    let bill = cash::record_reading(&mut store, &clerk, 1, day(2026, 11, 1), m3(10), today, t(0))
        .unwrap()
        .unwrap();
    // Money as version 5 recorded it: a bill paid, an advance, a card purchase and its
    // pending write, the advance voided, the bill's receipt reprinted.
    let amount = bill.amount.get();
    let bill_receipt = store
        .write(&clerk, |tx| {
            let (id, no) = old_receipt(tx, 1, "bills", 1, amount, shift, None)?;
            tx.execute(
                "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen, bill_id,
                                           bill_round) VALUES (?1, 1, 'bill', ?2, ?3, 0)",
                (id, amount, bill.id),
            )?;
            let entry = tx.last_insert_rowid();
            tx.execute(
                "UPDATE bill SET settled_by = ?1 WHERE id = ?2",
                (entry, bill.id),
            )?;
            Ok((id, note("pay_bills", &no, amount, 1)))
        })
        .unwrap();
    let advance_entry = store
        .write(&clerk, |tx| {
            let (id, no) = old_receipt(tx, 2, "advance", 2, 5000, shift, None)?;
            tx.execute(
                "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen)
                 VALUES (?1, 2, 'advance', 5000)",
                [id],
            )?;
            Ok((
                (id, tx.last_insert_rowid()),
                note("pay_advance", &no, 5000, 2),
            ))
        })
        .unwrap();
    let purchase_write = store
        .write(&clerk, |tx| {
            let (id, no) = old_receipt(tx, 3, "top_up", 2, 2530, shift, None)?;
            tx.execute(
                "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen,
                                           volume_litres, tier_lines)
                 VALUES (?1, 2, 'top_up', 2530, 10000, '[]')",
                [id],
            )?;
            let entry = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO card_write (meter_id, purpose, entry_id, purchase_count,
                                         volume_litres, created_at, updated_at, staff_id)
                 VALUES (2, 'purchase', ?1, 1, 10000, 'x', 'x', ?2)",
                (entry, shift.2),
            )?;
            Ok((tx.last_insert_rowid(), note("top_up", &no, 2530, 2)))
        })
        .unwrap();
    store
        .write(&clerk, |tx| {
            let (id, no) = old_receipt(
                tx,
                4,
                "void",
                2,
                -5000,
                shift,
                Some((advance_entry.0, manager_id)),
            )?;
            tx.execute(
                "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen, reverses_id)
                 VALUES (?1, 2, 'reversal', -5000, ?2)",
                (id, advance_entry.1),
            )?;
            Ok(((), note("void", &no, -5000, 2)))
        })
        .unwrap();
    store
        .write(&clerk, |tx| {
            tx.execute(
                "INSERT INTO receipt_reprint (receipt_id, staff_id, at) VALUES (?1, ?2, 'x')",
                (bill_receipt, shift.2),
            )?;
            Ok(((), AuditNote::new("receipt_reprint", "receipt", "x")))
        })
        .unwrap();
    let tables = [
        "receipt",
        "ledger_entry",
        "card_write",
        "receipt_reprint",
        "bill",
    ];
    let before: Vec<(usize, Vec<Vec<Value>>)> = tables
        .iter()
        .map(|t| {
            let n = column_count(&store.conn, t);
            (n, rows(&store.conn, t, n))
        })
        .collect();
    drop(store);

    let mut store = Store::open(&path).unwrap();
    let version: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, super::latest_version());
    for (table, (columns, rows_before)) in tables.iter().zip(&before) {
        assert_eq!(
            &rows(&store.conn, table, *columns),
            rows_before,
            "{table} kept its rows"
        );
    }
    // The references name the rebuilt tables.
    for (child, column, parent) in [
        ("ledger_entry", "receipt_id", "receipt"),
        ("receipt", "reverses_id", "receipt"),
        ("card_write", "fee_receipt_id", "receipt"),
        ("receipt_reprint", "receipt_id", "receipt"),
        ("care_visit", "receipt_id", "receipt"),
        ("bill", "settled_by", "ledger_entry"),
        ("card_write", "entry_id", "ledger_entry"),
        ("ledger_entry", "reverses_id", "ledger_entry"),
    ] {
        let target: String = store
            .conn
            .query_row(
                "SELECT \"table\" FROM pragma_foreign_key_list(?1) WHERE \"from\" = ?2",
                (child, column),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(target, parent, "{child}.{column}");
    }
    let fk: i64 = store
        .conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // The schema is exactly a new database's.
    let schema = |conn: &Connection| -> Vec<(String, String, Option<String>)> {
        conn.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let fresh = Store::in_memory(DbKind::Demo).unwrap();
    assert_eq!(schema(&store.conn), schema(&fresh.conn));
    let report = check::run(&store).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);

    // Money from before the migration is voided as usual: the bill is open again.
    let approval = cash::Approval {
        staff_no: "1009".into(),
        pin: "123456".into(),
    };
    let key = cash::PaymentKey::new();
    cash::void_receipt(
        &mut store,
        &clerk,
        &approval,
        bill_receipt,
        "收错",
        &key,
        t(30),
    )
    .unwrap();
    assert_eq!(cash::account_money(&store, 1).unwrap().open_bills.len(), 1);
    // The old purchase is written, and its card replaced for a fee.
    let mut cards = SimulatedCards::new(&dir.path().join("cards"));
    cash::complete_card_write(&mut store, &clerk, purchase_write, &mut cards, t(31)).unwrap();
    let replacement = cash::CardReplacement {
        meter_id: 2,
        reason: ReplaceReason::Damaged,
        tender: cash::Tender::cash(None),
        key: cash::PaymentKey::new(),
    };
    let replaced = cash::replace_card(&mut store, &clerk, &replacement, &mut cards, t(32)).unwrap();
    assert!(replaced.fee_receipt.is_some());
    let report = check::run(&store).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}
