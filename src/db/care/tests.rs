use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::db::{office, staff};
use crate::domain::account::{CustomerType, NewAccount};
use crate::domain::care::{EntryInput, NewHazard, NewVisit, check_entry};
use crate::domain::office::builtin_offices;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 12, 3);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

fn account(no: &str, name: &str) -> NewAccount {
    NewAccount {
        account_no: no.into(),
        holder_name: name.into(),
        id_number: None,
        phone: None,
        landline: None,
        district: "庐阳区".into(),
        address: "长江中路1号 1栋101室".into(),
        customer_type: CustomerType::Residential,
        home_office: 1,
        opened_on: day(2020, 1, 1),
        meter: None,
    }
}

struct World {
    store: Store,
    manager: Actor,
    clerk: Actor,
    officer: Actor,
    admin: Actor,
    trainer: Actor,
}

fn world(kind: DbKind) -> World {
    let mut store = Store::in_memory(kind).unwrap();
    let system = Actor::system();
    office::install(&mut store, &system, &builtin_offices()).unwrap();
    let mut add = |no: &str, role: Role, counter: Option<i64>| {
        let new = staff::NewStaff {
            staff_no: no.into(),
            name: format!("员工{no}"),
            office_id: 1,
            counter_no: counter,
            role,
            pin_hash: "x".into(),
        };
        staff::add(&mut store, &system, &new).unwrap();
        staff::by_number(&store, no)
            .unwrap()
            .unwrap()
            .actor(counter)
    };
    let manager = add("1009", Role::Manager, None);
    let clerk = add("1001", Role::Clerk, Some(1));
    let officer = add("1002", Role::Clerk, Some(2));
    let trainer = add("1008", Role::Trainer, Some(3));
    let admin = add("0001", Role::Admin, None);
    crate::db::account::insert_many(
        &mut store,
        &system,
        &[
            account("3401000001", "王桂兰"),
            account("3401000002", "李大爷"),
        ],
        "test",
    )
    .unwrap();
    set_care_officer(&mut store, &admin, "1002", true).unwrap();
    World {
        store,
        manager,
        clerk,
        officer,
        admin,
        trainer,
    }
}

fn entry() -> NewEntry {
    let input = EntryInput {
        name: "王桂兰".into(),
        phone: "13955123456".into(),
        categories: vec!["alone".into(), "elderly".into()],
        needs: vec!["hearing".into()],
        consent_by: "person".into(),
        consent_on: Some(day(2026, 11, 1)),
        consent_purpose: "一对一帮扶".into(),
        evidence: vec![("household_register".into(), day(2026, 11, 1))],
        ..EntryInput::default()
    };
    check_entry(&input, CareRules::builtin(), today()).unwrap()
}

fn register_one(w: &mut World, registered_on: NaiveDate) -> i64 {
    let helper = w.officer.staff_id.unwrap();
    register(
        &mut w.store,
        &w.manager.clone(),
        CareRules::builtin(),
        1,
        &entry(),
        &Assistance::OneOnOne { staff_id: helper },
        &["3401000001".to_string()],
        registered_on,
    )
    .unwrap()
}

fn audit_actions(store: &Store, n: usize) -> Vec<(String, String)> {
    crate::db::audit::recent(store, n)
        .unwrap()
        .into_iter()
        .map(|r| (r.action, r.staff_no))
        .collect()
}

#[test]
fn clerks_see_the_marker_never_the_file() {
    let mut w = world(DbKind::Live);
    let person = register_one(&mut w, day(2026, 11, 1));
    let clerk = w.clerk.clone();
    assert!(matches!(
        file(&mut w.store, &clerk, person),
        Err(CareError::NoCareAccess)
    ));
    assert!(matches!(
        list(
            &mut w.store,
            &clerk,
            CareRules::builtin(),
            ListFilter::default(),
            today()
        ),
        Err(CareError::NoCareAccess)
    ));
    assert!(matches!(
        register(
            &mut w.store,
            &clerk,
            CareRules::builtin(),
            1,
            &entry(),
            &Assistance::Group {
                team: "志愿队".into()
            },
            &[],
            today(),
        ),
        Err(CareError::NoCareAccess)
    ));
    let account = crate::db::account::id_by_account_no(&w.store, "3401000001")
        .unwrap()
        .unwrap();
    let before = crate::db::audit::recent(&w.store, 1).unwrap()[0].id;
    let marker = marker_for_account(&w.store, account, CareRules::builtin(), Lang::En, today())
        .unwrap()
        .unwrap();
    assert_eq!(marker.marks, "孤老");
    assert_eq!(marker.hint, "hearing: write, do not call out");
    assert_eq!(
        crate::db::audit::recent(&w.store, 1).unwrap()[0].id,
        before,
        "the marker is not a file reading"
    );
    assert!(covers_account(&w.store, account, today()).unwrap());
    let other = crate::db::account::id_by_account_no(&w.store, "3401000002")
        .unwrap()
        .unwrap();
    assert_eq!(
        covered_among(&w.store, &[other, account], today()).unwrap(),
        [account].into_iter().collect()
    );
}

#[test]
fn every_reading_of_a_file_is_audited_with_who_and_where() {
    let mut w = world(DbKind::Live);
    let person = register_one(&mut w, day(2026, 11, 1));
    let officer = w.officer.clone();
    let read = file(&mut w.store, &officer, person).unwrap();
    assert_eq!(read.name, "王桂兰");
    assert_eq!(read.accounts, ["3401000001"]);
    assert_eq!(read.visit_every_days, 30);
    assert_eq!(
        read.evidence,
        [("household_register".to_string(), day(2026, 11, 1))]
    );
    let row = &crate::db::audit::recent(&w.store, 1).unwrap()[0];
    assert_eq!(row.action, "care_file_view");
    assert_eq!(row.entity_id.as_deref(), Some(person.to_string().as_str()));
    assert_eq!(row.staff_no, "1002");
    assert_eq!((row.office_id, row.counter_no), (Some(1), Some(2)));
    assert!(
        !row.detail.contains("王"),
        "no personal detail in the audit trail"
    );
    let manager = w.manager.clone();
    file(&mut w.store, &manager, person).unwrap();
    assert_eq!(
        audit_actions(&w.store, 2),
        [
            ("care_file_view".to_string(), "1009".to_string()),
            ("care_file_view".to_string(), "1002".to_string())
        ]
    );
}

#[test]
fn a_trainer_on_live_data_can_do_nothing_but_may_train_on_the_demo() {
    let mut w = world(DbKind::Live);
    let person = register_one(&mut w, day(2026, 11, 1));
    let trainer = w.trainer.clone();
    let admin = w.admin.clone();
    set_care_officer(&mut w.store, &admin, "1008", true).unwrap();
    assert!(matches!(
        file(&mut w.store, &trainer, person),
        Err(CareError::NoCareAccess)
    ));
    let mut demo = world(DbKind::Demo);
    let person = register_one(&mut demo, day(2026, 11, 1));
    set_care_officer(&mut demo.store, &admin, "1008", true).unwrap();
    assert!(file(&mut demo.store, &trainer, person).is_ok());
}

#[test]
fn visits_keep_the_plan_and_hazards_stay_open_until_resolved() {
    let mut w = world(DbKind::Live);
    let person = register_one(&mut w, day(2026, 10, 1));
    let manager = w.manager.clone();
    let rules = CareRules::builtin();
    // Registered 2026-10-01, every 30 days: due 10-31, 33 days late on 12-03.
    let rows = list(
        &mut w.store,
        &manager,
        rules,
        ListFilter::default(),
        today(),
    )
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].next_visit, day(2026, 10, 31));
    assert_eq!(rows[0].overdue_days, 33);
    assert_eq!(rows[0].name_masked, "王**");
    assert_eq!(rows[0].phone_masked, "139****3456");
    assert_eq!(rows[0].helper, "1002");
    // The one-on-one helper records the visit; a hazard is found.
    let officer = w.officer.clone();
    let visit = NewVisit {
        visited_on: day(2026, 12, 2),
        checks: vec![("hose".into(), false), ("leak".into(), true)],
        hazards: vec![NewHazard {
            what: "胶管老化".into(),
            follow_up: "更换胶管".into(),
            due_on: day(2026, 12, 9),
        }],
        hose_replaced: false,
        receipt_no: None,
        note: "老人独居，耳背".into(),
    };
    record_visit(&mut w.store, &officer, rules, person, &visit, today()).unwrap();
    let overdue = ListFilter {
        overdue: true,
        ..ListFilter::default()
    };
    assert!(
        list(&mut w.store, &manager, rules, overdue.clone(), today())
            .unwrap()
            .is_empty()
    );
    let hazards = ListFilter {
        hazards_open: true,
        ..ListFilter::default()
    };
    let rows = list(&mut w.store, &manager, rules, hazards.clone(), today()).unwrap();
    assert_eq!(
        (rows[0].open_hazards, rows[0].next_visit),
        (1, day(2027, 1, 1))
    );
    let read = file(&mut w.store, &manager, person).unwrap();
    assert_eq!(read.visits.len(), 1);
    assert_eq!(read.open_hazards[0].what, "胶管老化");
    // A clerk who is neither the helper nor a care officer may not record visits.
    let clerk = w.clerk.clone();
    assert!(matches!(
        record_visit(&mut w.store, &clerk, rules, person, &visit, today()),
        Err(CareError::NoCareAccess)
    ));
    let hazard = read.open_hazards[0].id;
    resolve_hazard(&mut w.store, &manager, hazard, "已更换", today()).unwrap();
    assert!(matches!(
        resolve_hazard(&mut w.store, &manager, hazard, "again", today()),
        Err(CareError::NoOpenHazard(_))
    ));
    assert!(
        list(&mut w.store, &manager, rules, hazards.clone(), today())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn withdrawal_ends_the_entry_and_the_purge_keeps_only_counts() {
    let mut w = world(DbKind::Live);
    let person = register_one(&mut w, day(2026, 1, 1));
    let other = register_one(&mut w, day(2026, 1, 1));
    let manager = w.manager.clone();
    let admin = w.admin.clone();
    let rules = CareRules::builtin();
    let account = crate::db::account::id_by_account_no(&w.store, "3401000001")
        .unwrap()
        .unwrap();
    withdraw(&mut w.store, &manager, person, day(2026, 9, 1)).unwrap();
    assert!(matches!(
        withdraw(&mut w.store, &manager, person, today()),
        Err(CareError::NotActive)
    ));
    withdraw(&mut w.store, &manager, other, day(2026, 11, 30)).unwrap();
    assert!(!covers_account(&w.store, account, today()).unwrap());
    assert_eq!(
        marker_for_account(&w.store, account, rules, Lang::Zh, today()).unwrap(),
        None
    );
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 2, 0, 0).unwrap();
    // Only an administrator purges: not a manager, not a clerk, not a care officer.
    for who in [manager.clone(), w.clerk.clone(), w.officer.clone()] {
        assert!(matches!(
            purge(&mut w.store, &who, rules, today(), false, now),
            Err(CareError::Db(DbError::Permission(_)))
        ));
    }
    // 90 days: the entry withdrawn on 09-01 is due, the one of 11-30 is not.
    let dry = purge(&mut w.store, &admin, rules, today(), true, now).unwrap();
    assert_eq!(dry.purged, [person]);
    assert_eq!(file(&mut w.store, &manager, person).unwrap().name, "王桂兰");
    let done = purge(&mut w.store, &admin, rules, today(), false, now).unwrap();
    assert_eq!(done.purged, [person]);
    let read = file(&mut w.store, &manager, person).unwrap();
    assert_eq!(
        (read.status.as_str(), read.name.as_str(), read.phone.clone()),
        ("purged", "", None)
    );
    assert!(read.accounts.is_empty() && read.evidence.is_empty());
    assert_eq!(file(&mut w.store, &manager, other).unwrap().name, "王桂兰");
    let counts = counts(&w.store, rules).unwrap();
    assert_eq!((counts.active, counts.withdrawn, counts.purged), (0, 1, 1));
    // A purged entry cannot be filled again, nor any entry deleted.
    let refused = w
        .store
        .write(&admin, |tx| {
            tx.execute("UPDATE care_person SET name = 'x' WHERE id = ?1", [person])?;
            Ok(((), AuditNote::new("t", "t", 0)))
        })
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("purged care entry is never changed"),
        "{refused}"
    );
    let refused = w
        .store
        .write(&admin, |tx| {
            tx.execute("DELETE FROM care_person WHERE id = ?1", [other])?;
            Ok(((), AuditNote::new("t", "t", 0)))
        })
        .unwrap_err()
        .to_string();
    assert!(refused.contains("never deleted"), "{refused}");
}

#[test]
fn a_temporary_entry_ends_after_its_date() {
    let mut w = world(DbKind::Live);
    let mut input = EntryInput {
        name: "临时".into(),
        categories: vec!["disabled".into()],
        consent_by: "person".into(),
        consent_on: Some(today()),
        consent_purpose: "术后临时帮扶".into(),
        temporary_until: Some(day(2026, 12, 10)),
        phone: "13900001111".into(),
        ..EntryInput::default()
    };
    input.needs = vec!["mobility".into()];
    let entry = check_entry(&input, CareRules::builtin(), today()).unwrap();
    let manager = w.manager.clone();
    register(
        &mut w.store,
        &manager,
        CareRules::builtin(),
        1,
        &entry,
        &Assistance::Group {
            team: "志愿队".into(),
        },
        &["3401000002".to_string()],
        today(),
    )
    .unwrap();
    let account = crate::db::account::id_by_account_no(&w.store, "3401000002")
        .unwrap()
        .unwrap();
    let rules = CareRules::builtin();
    for (on, covered) in [(day(2026, 12, 10), true), (day(2026, 12, 11), false)] {
        assert_eq!(
            covers_account(&w.store, account, on).unwrap(),
            covered,
            "{on}"
        );
        assert_eq!(
            registered(&w.store, None, Some("13900001111"), on).unwrap(),
            covered,
            "{on}"
        );
        assert_eq!(
            marker_for_account(&w.store, account, rules, Lang::En, on)
                .unwrap()
                .is_some(),
            covered
        );
    }
}
