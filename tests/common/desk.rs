//! The store most store tests start from: a demo-kind file with the built-in offices and
//! the staff a test names, and the application the new-install tests take again and again.

use std::path::Path;

use gasdesk::db::staff::NewStaff;
use gasdesk::db::{self, Actor, DbKind, Store};
use gasdesk::domain::account::CustomerType;
use gasdesk::domain::id_number;
use gasdesk::domain::install::{ApplicationInput, Channel};
use gasdesk::domain::office::builtin_offices;
use gasdesk::domain::role::Role;

/// One staff member: number, office, counter, role.
pub type StaffRow<'a> = (&'a str, i64, Option<i64>, Role);

/// A new demo file at `path` with the built-in offices and `staff`, every PIN `123456`
/// and every name `员工<number>`.
pub fn store_with_staff(path: &Path, staff: &[StaffRow<'_>]) -> Store {
    let mut store = Store::create(path, DbKind::Demo).unwrap();
    let system = Actor::system();
    db::office::install(&mut store, &system, &builtin_offices()).unwrap();
    let pin = gasdesk::domain::pin::hash("123456");
    for &(no, office, counter, role) in staff {
        db::staff::add(
            &mut store,
            &system,
            &NewStaff {
                staff_no: no.into(),
                name: format!("员工{no}"),
                office_id: office,
                counter_no: counter,
                role,
                pin_hash: pin.clone(),
            },
        )
        .unwrap();
    }
    store
}

/// The staff member as an actor at their own counter.
pub fn actor(store: &Store, staff_no: &str) -> Actor {
    let s = db::staff::by_number(store, staff_no).unwrap().unwrap();
    let counter = s.counter_no;
    s.actor(counter)
}

/// A residential application for room `room` of 天鹅湖畔 9栋2单元, core documents seen.
pub fn application(room: &str) -> ApplicationInput {
    ApplicationInput {
        name: "刘晓燕".into(),
        id_number: id_number::generate(
            3,
            chrono::NaiveDate::from_ymd_opt(1988, 4, 2).unwrap(),
            "340104",
            21,
        )
        .as_str()
        .into(),
        phone: "13955123456".into(),
        district: "蜀山区".into(),
        compound: "长江西路 天鹅湖畔".into(),
        building: "9".into(),
        unit: "2".into(),
        room: room.into(),
        customer: CustomerType::Residential,
        household: "3".into(),
        channel: Channel::Counter,
        documents_seen: vec!["id_card".into(), "property".into()],
    }
}

/// The F5 tests' applicant, 周海燕 of 庐阳区 红旗社区 3栋, in `room`, her resident ID
/// generated from `born` and `id_seq` (the snapshots show its masked tail).
pub fn zhou_haiyan(
    room: &str,
    born: chrono::NaiveDate,
    id_seq: u16,
    channel: Channel,
) -> ApplicationInput {
    ApplicationInput {
        name: "周海燕".into(),
        id_number: id_number::generate(7, born, "340104", id_seq)
            .as_str()
            .into(),
        phone: "13855001122".into(),
        district: "庐阳区".into(),
        compound: "红旗社区".into(),
        building: "3".into(),
        unit: String::new(),
        room: room.into(),
        customer: CustomerType::Residential,
        household: "2".into(),
        channel,
        documents_seen: vec!["id_card".into(), "property".into()],
    }
}
