//! The demo's care register: about 381 elderly paired one-to-one and 108 special-service
//! users across the offices (the seed's figures, scaled down for a smaller demo), each
//! with a year of home visits; some visits are overdue and some hazards are still open.

use chrono::{Days, NaiveDate};

use crate::db::care::{self, CareError};
use crate::db::{Actor, Store};
use crate::domain::care::{Assistance, CareRules, EntryInput, NewHazard, NewVisit, check_entry};
use crate::domain::role::Role;

/// The seed's register at a 20,000-account demo (the default): 381 one-to-one, 108
/// special service.
const ONE_TO_ONE: usize = 381;
const SPECIAL: usize = 108;
const FULL_AT: usize = 20_000;

fn mix(seed: u64, n: u64, salt: u64) -> u64 {
    super::lists::mix64(seed ^ n.wrapping_mul(super::lists::GAMMA) ^ salt)
}

/// How many of each kind a demo of `accounts` accounts registers.
pub fn register_sizes(accounts: usize) -> (usize, usize) {
    let scale = |n: usize| (n * accounts.min(FULL_AT)).div_ceil(FULL_AT);
    (scale(ONE_TO_ONE), scale(SPECIAL))
}

/// Registers the demo's entries and plays their visits up to `today`.
pub fn demo_register(
    store: &mut Store,
    seed: u64,
    accounts: usize,
    today: NaiveDate,
) -> Result<usize, CareError> {
    let rules = CareRules::builtin();
    let staff = crate::db::staff::list(&*store)?;
    let (one_to_one, special) = register_sizes(accounts);
    let offices: Vec<i64> = {
        let mut ids: Vec<i64> = staff.iter().map(|s| s.office_id).collect();
        ids.sort_unstable();
        ids.dedup();
        // The register is kept by the offices with customers of their own (not the
        // mobile vehicle).
        ids.retain(|&office| {
            crate::db::account::account_numbers_of_office(&*store, office, 1)
                .is_ok_and(|a| !a.is_empty())
        });
        ids
    };
    let mut registered = 0;
    for (n, office) in (0..one_to_one + special).map(|n| (n, offices[n % offices.len()])) {
        let Some(manager) = staff
            .iter()
            .find(|s| s.office_id == office && s.role == Role::Manager)
        else {
            continue;
        };
        let clerks: Vec<_> = staff
            .iter()
            .filter(|s| s.office_id == office && s.role == Role::Clerk)
            .collect();
        let pick = mix(seed, n as u64, 1);
        let numbers = crate::db::account::account_numbers_of_office(
            &*store,
            office,
            i64::try_from(n / offices.len() + 1).unwrap_or(1),
        )?;
        let Some(account_no) = numbers.last().cloned() else {
            continue;
        };
        let Some(account_id) = crate::db::account::id_by_account_no(&*store, &account_no)? else {
            continue;
        };
        let Some(detail) = crate::db::account::get(&*store, account_id)? else {
            continue;
        };
        let special_service = n >= one_to_one;
        let mut categories = vec![if special_service {
            "special"
        } else {
            "elderly"
        }];
        if pick.is_multiple_of(3) {
            categories.push("alone");
        }
        if pick.is_multiple_of(7) {
            categories.push("disabled");
        }
        if !special_service && pick.is_multiple_of(5) {
            categories.push("widowed");
        }
        let needs: Vec<String> = ["hearing", "sight", "mobility", "cognition", "speech"]
            .iter()
            .enumerate()
            .filter(|(i, _)| (pick >> (8 + i * 3)).is_multiple_of(6))
            .map(|(_, n)| n.to_string())
            .collect();
        // Registered 9 to 15 months ago.
        let registered_on = today
            .checked_sub_days(Days::new(270 + pick % 180))
            .unwrap_or(today);
        let input = EntryInput {
            name: detail.summary.holder_name.clone(),
            id_number: detail.id_number.clone().unwrap_or_default(),
            phone: detail.summary.phone.clone().unwrap_or_default(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            needs,
            consent_by: "person".into(),
            consent_on: Some(registered_on),
            consent_purpose: "入户安检与一对一帮扶".into(),
            evidence: vec![(
                if special_service {
                    "civil_affairs"
                } else {
                    "household_register"
                }
                .into(),
                registered_on,
            )],
            ..EntryInput::default()
        };
        let Ok(entry) = check_entry(&input, rules, registered_on) else {
            continue;
        };
        let assistance = match clerks.get(pick as usize % clerks.len().max(1)) {
            Some(helper) if !special_service || pick.is_multiple_of(2) => Assistance::OneOnOne {
                staff_id: helper.id,
            },
            _ => Assistance::Group {
                team: "社区志愿服务队".into(),
            },
        };
        let actor = manager.actor(None);
        let person = care::register(
            store,
            &actor,
            rules,
            office,
            &entry,
            &assistance,
            &[account_no],
            registered_on,
        )?;
        registered += 1;
        // A one-on-one helper records their own visits; a group's, the office manager.
        let visitor = match &assistance {
            Assistance::OneOnOne { staff_id } => staff
                .iter()
                .find(|s| s.id == *staff_id)
                .map_or(actor.clone(), |s| s.actor(s.counter_no)),
            Assistance::Group { .. } => actor.clone(),
        };
        play_visits(
            store,
            &visitor,
            rules,
            seed,
            person,
            &entry,
            registered_on,
            today,
        )?;
    }
    Ok(registered)
}

/// Visits on the plan from registration to today; about one person in eight has missed
/// the last one (overdue), and about one visit in twenty finds a hazard, the newest of
/// them still open.
#[allow(clippy::too_many_arguments)]
fn play_visits(
    store: &mut Store,
    actor: &Actor,
    rules: &CareRules,
    seed: u64,
    person: i64,
    entry: &crate::domain::care::NewEntry,
    registered_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), CareError> {
    let every = rules.visit_every(&entry.categories, &entry.needs);
    let overdue = mix(seed, person as u64, 2).is_multiple_of(8);
    let mut on = rules.next_visit(registered_on, every);
    let mut k = 0u64;
    let mut open_hazard = None;
    loop {
        let next = rules.next_visit(on, every);
        // The last visit before today is skipped for an overdue person.
        if on > today || (overdue && next > today) {
            break;
        }
        k += 1;
        let roll = mix(seed, person as u64, 100 + k);
        let hazard = roll.is_multiple_of(20);
        let checks = rules
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), !(hazard && i == (roll as usize >> 8) % 5)))
            .collect();
        let visit = NewVisit {
            visited_on: on,
            checks,
            hazards: if hazard {
                vec![NewHazard {
                    what: "胶管老化开裂".into(),
                    follow_up: "更换燃气胶管".into(),
                    due_on: on.checked_add_days(Days::new(7)).unwrap_or(on),
                }]
            } else {
                Vec::new()
            },
            hose_replaced: roll.is_multiple_of(11),
            receipt_no: None,
            note: String::new(),
        };
        care::record_visit(store, actor, rules, person, &visit, on)?;
        if let Some(id) = open_hazard.take() {
            care::resolve_hazard(store, actor, id, "已更换胶管", on)?;
        }
        if hazard {
            open_hazard = care::open_hazard_ids(&*store, person)?.first().copied();
        }
        on = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_scales_with_the_demo() {
        assert_eq!(register_sizes(20_000), (381, 108));
        assert_eq!(register_sizes(200_000), (381, 108));
        assert_eq!(register_sizes(2_000), (39, 11));
        assert_eq!(register_sizes(1), (1, 1));
    }
}
