//! The transfer migration rebuilds `account` without the UNIQUE on the ID number: on a
//! database of the version before it, with accounts, meters, money and a search index,
//! every account row survives as it was, every table that referenced `account` still
//! does, search still finds the holders, `gasdesk check` finds nothing, and one person
//! may then hold two accounts.

use chrono::{NaiveDate, TimeZone, Utc};
use rusqlite::types::Value;

use crate::db::{Actor, DbKind, Store, account, cash, check, office, staff};
use crate::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
use crate::domain::money::Fen;
use crate::domain::office::builtin_offices;
use crate::domain::queue::builtin_rules;
use crate::domain::role::Role;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn new_account(no: u32, name: &str, id: Option<&str>) -> NewAccount {
    NewAccount {
        account_no: format!("{no:010}"),
        holder_name: name.into(),
        id_number: id.map(str::to_string),
        phone: Some(format!("139000000{no:02}")),
        landline: None,
        district: "蜀山区".into(),
        address: format!("长江西路{no}号"),
        customer_type: CustomerType::Residential,
        home_office: 1,
        opened_on: day(2020, 1, 1),
        meter: Some(NewMeter {
            serial: format!("M{no:08}"),
            kind: MeterKind::Mechanical,
            installed_on: day(2020, 1, 1),
            expires_on: day(2030, 1, 1),
        }),
    }
}

fn account_rows(store: &Store) -> Vec<Vec<Value>> {
    let conn = store.raw_for_tests();
    let mut stmt = conn
        .prepare(
            "SELECT id, account_no, holder_name, id_number, phone, landline, district, address,
                    customer_type, status, home_office_id, opened_on, household_size
             FROM account ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| (0..13).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn an_older_database_keeps_every_account_and_allows_one_holder_two_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    // The schema just before 010_transfer.sql.
    let before = 9;
    let id = "11010519491231002X";
    let kept = {
        let mut store = Store::create_at_version(&path, DbKind::Demo, before);
        let system = Actor::system();
        office::install(&mut store, &system, &builtin_offices()).unwrap();
        let staff_id = staff::add(
            &mut store,
            &system,
            &staff::NewStaff {
                staff_no: "1001".into(),
                name: "员工甲".into(),
                office_id: 1,
                counter_no: Some(1),
                role: Role::Clerk,
                pin_hash: "x".into(),
            },
        )
        .unwrap();
        let clerk = Actor {
            staff_id: Some(staff_id),
            staff_no: "1001".into(),
            role: Role::Clerk,
            office_id: Some(1),
            counter_no: Some(1),
        };
        account::insert_many(
            &mut store,
            &system,
            &[
                new_account(1, "张伟", Some(id)),
                new_account(2, "李娜", None),
            ],
            "test",
        )
        .unwrap();
        // Before the migration an ID number belongs to one account.
        assert!(
            account::insert_many(
                &mut store,
                &system,
                &[new_account(3, "张伟", Some(id))],
                "t"
            )
            .is_err()
        );
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0).unwrap();
        cash::open_shift(&mut store, &clerk, &builtin_rules(), Fen(0), at).unwrap();
        cash::pay_advance(
            &mut store,
            &clerk,
            &cash::PaymentKey::new(),
            1,
            Fen(5000),
            &cash::Tender::cash(None),
            at,
        )
        .unwrap();
        account_rows(&store)
    };
    let mut store = Store::open(&path).unwrap();
    assert_eq!(account_rows(&store), kept);
    assert!(check::run(&store).unwrap().findings.is_empty());
    let found = account::search(&store, "李娜", 10).unwrap();
    assert_eq!(found.rows.len(), 1);
    assert_eq!(cash::account_money(&store, 1).unwrap().balance, Fen(5000));
    account::insert_many(
        &mut store,
        &Actor::system(),
        &[new_account(3, "张伟", Some(id))],
        "t",
    )
    .unwrap();
    let found = account::search(&store, "张伟", 10).unwrap();
    assert_eq!(found.rows.len(), 2);
    assert!(check::run(&store).unwrap().findings.is_empty());
}
