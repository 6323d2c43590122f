//! The care register against real files: a purge leaves no personal detail in the
//! database file (nor in its log), nor in a backup taken after it; a registered person's
//! ticket goes to the priority lane from the command line.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use gasdesk::db::care::{self, ListFilter};
use gasdesk::db::{self, Actor, DbKind, Store};
use gasdesk::domain::account::{CustomerType, NewAccount};
use gasdesk::domain::care::{Assistance, CareRules, EntryInput, check_entry};
use gasdesk::domain::id_number;
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::role::Role;

use common::{assert_ok, run, temp_dir};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A name and numbers that occur nowhere else in the file.
const NAME: &str = "欧阳娜娜";
const PHONE: &str = "13912345678";
const NOMINEE_PHONE: &str = "13787654321";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    for suffix in ["-wal", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(more) = std::fs::read(&name) {
            bytes.extend(more);
        }
    }
    bytes
}

fn setup(path: &std::path::Path) -> (Store, Actor, Actor, String) {
    let mut store = Store::create(path, DbKind::Live).unwrap();
    let system = Actor::system();
    db::office::install(&mut store, &system, &builtin_offices()).unwrap();
    for (no, role) in [("1009", Role::Manager), ("9000", Role::Admin)] {
        db::staff::add(
            &mut store,
            &system,
            &db::staff::NewStaff {
                staff_no: no.into(),
                name: "测试".into(),
                office_id: 1,
                counter_no: None,
                role,
                pin_hash: "x".into(),
            },
        )
        .unwrap();
    }
    let id = id_number::generate(3, day(1936, 3, 8), "340104", 21);
    db::account::insert_many(
        &mut store,
        &system,
        &[NewAccount {
            account_no: "3401000001".into(),
            holder_name: "张三".into(),
            id_number: None,
            phone: None,
            landline: None,
            district: "庐阳区".into(),
            address: "长江中路1号".into(),
            customer_type: CustomerType::Residential,
            home_office: 1,
            opened_on: day(2020, 1, 1),
            meter: None,
        }],
        "test",
    )
    .unwrap();
    let actor = |no: &str| {
        db::staff::by_number(&store, no)
            .unwrap()
            .unwrap()
            .actor(None)
    };
    let (manager, admin) = (actor("1009"), actor("9000"));
    (store, manager, admin, id.as_str().to_string())
}

#[test]
fn a_purge_leaves_no_personal_detail_in_the_file_or_a_later_backup() {
    let dir = temp_dir();
    let path = dir.path().join("care.sqlite");
    let (mut store, manager, admin, id_no) = setup(&path);
    let rules = CareRules::builtin();
    let input = EntryInput {
        name: NAME.into(),
        id_number: id_no.clone(),
        phone: PHONE.into(),
        categories: vec!["elderly".into(), "alone".into()],
        needs: vec!["cognition".into()],
        nominee_name: "欧阳明".into(),
        nominee_phone: NOMINEE_PHONE.into(),
        visit_password: "梅花".into(),
        consent_by: "nominee".into(),
        consent_on: Some(day(2026, 1, 5)),
        consent_purpose: "入户安检".into(),
        ..EntryInput::default()
    };
    let entry = check_entry(&input, rules, day(2026, 1, 5)).unwrap();
    let person = care::register(
        &mut store,
        &manager,
        rules,
        1,
        &entry,
        &Assistance::Group {
            team: "志愿队".into(),
        },
        &["3401000001".to_string()],
        day(2026, 1, 5),
    )
    .unwrap();
    care::file(&mut store, &manager, person).unwrap();
    assert!(
        contains(&file_bytes(&path), NAME.as_bytes()),
        "the test can see it"
    );
    care::withdraw(&mut store, &manager, person, day(2026, 6, 1)).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 1, 0, 0).unwrap();
    let report = care::purge(&mut store, &admin, rules, day(2026, 12, 3), false, now).unwrap();
    assert_eq!(report.purged, [person]);
    assert!(report.log_emptied);
    let counts = care::counts(&store, rules).unwrap();
    assert_eq!((counts.active, counts.purged), (0, 1));
    let bytes = file_bytes(&path);
    for secret in [
        NAME.as_bytes(),
        PHONE.as_bytes(),
        NOMINEE_PHONE.as_bytes(),
        id_no.as_bytes(),
        "梅花".as_bytes(),
    ] {
        assert!(
            !contains(&bytes, secret),
            "{} still in the file",
            String::from_utf8_lossy(secret)
        );
    }
    // The list no longer shows the person; the backup taken now holds nothing of them.
    let rows = care::list(
        &mut store,
        &manager,
        rules,
        ListFilter::default(),
        day(2026, 12, 3),
    )
    .unwrap();
    assert!(rows.is_empty());
    drop(store);
    let backup = dir.path().join("after.sqlite");
    let db = path.to_str().unwrap();
    assert_ok(
        &run(&["--db", db, "backup", backup.to_str().unwrap()], ""),
        "backup",
    );
    assert!(!contains(&file_bytes(&backup), NAME.as_bytes()));
    assert!(!contains(&file_bytes(&backup), PHONE.as_bytes()));
    assert_ok(&run(&["--lang", "en", "--db", db, "check"], ""), "check");
}

#[test]
fn a_registered_persons_ticket_goes_to_the_priority_lane() {
    let dir = temp_dir();
    let path = dir.path().join("demo.sqlite");
    common::build_demo(&path, 2_000);
    let raw = |sql: &str| -> String {
        rusqlite::Connection::open(&path)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    let registered = raw(
        "SELECT a.account_no FROM care_account c JOIN account a ON a.id = c.account_id
         JOIN care_person p ON p.id = c.person_id
         WHERE p.status = 'active' AND a.home_office_id = 1 ORDER BY a.id LIMIT 1",
    );
    let other = raw("SELECT account_no FROM account WHERE home_office_id = 1
         AND id NOT IN (SELECT account_id FROM care_account) ORDER BY id LIMIT 1");
    let db = path.to_str().unwrap();
    for account in [&registered, &other] {
        let out = run(
            &[
                "--db",
                db,
                "ticket",
                "issue",
                "--office",
                "1",
                "--service",
                "A",
                "--account",
                account,
                "--no-print",
            ],
            "",
        );
        assert_ok(&out, "ticket issue");
    }
    let priority = |account: &str| -> i64 {
        rusqlite::Connection::open(&path)
            .unwrap()
            .query_row(
                "SELECT priority FROM ticket t JOIN account a ON a.id = t.account_id
                 WHERE a.account_no = ?1",
                [account],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(
        priority(&registered),
        1,
        "a registered person: priority lane"
    );
    assert_eq!(priority(&other), 0, "anyone else: the normal lane");
}

/// `gasdesk care list`: managers only, masked, audited; `--helper` narrows to one
/// helper's people.
#[test]
fn the_register_is_listed_masked_for_managers_only() {
    let dir = temp_dir();
    let path = dir.path().join("demo.sqlite");
    common::build_demo(&path, 2_000);
    let db = path.to_str().unwrap();
    let out = run(
        &[
            "--lang", "en", "--db", db, "care", "list", "--office", "1", "--format", "json",
            "--as", "1009",
        ],
        "123456\n",
    );
    assert_ok(&out, "care list");
    let rows: serde_json::Value = serde_json::from_str(&common::stdout(&out)).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert!(r["name"].as_str().unwrap().contains('*'), "{r}");
    }
    let helper = rows
        .iter()
        .find_map(|r| {
            r["helper"]
                .as_str()
                .filter(|h| h.len() == 4 && h.bytes().all(|b| b.is_ascii_digit()))
        })
        .expect("someone has a one-on-one helper")
        .to_string();
    let out = run(
        &[
            "--lang", "en", "--db", db, "care", "list", "--office", "1", "--format", "json",
            "--helper", &helper, "--as", "1009",
        ],
        "123456\n",
    );
    assert_ok(&out, "care list --helper");
    let mine: serde_json::Value = serde_json::from_str(&common::stdout(&out)).unwrap();
    let mine = mine.as_array().unwrap();
    assert!(!mine.is_empty() && mine.len() <= rows.len());
    assert!(mine.iter().all(|r| r["helper"] == helper.as_str()));
    let listed: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'care_list' AND staff_no = '1009'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(listed, 2, "every listing is audited");
    // A clerk may not export the register.
    let out = run(
        &[
            "--lang", "en", "--db", db, "care", "list", "--office", "1", "--as", "1001",
        ],
        "123456\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
}
