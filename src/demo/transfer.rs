//! The demo's transfers (过户): in every office, two completed transfers in the holder
//! history (IC-card accounts, some weeks ago), and two pending from the property
//! registry on the F6 worklist, on post-paid accounts with a bill owed; in offices 2–8
//! one of those also has a pre-paid balance (paid by WeChat at counter 4, whose shift is
//! then closed). Office 1's balance is left to the trainer (its figures stay as the
//! queue and cash tests know them). The accounts are the highest-numbered of each
//! office, away from the first ones that other demo features use.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

use crate::db::cash::{self, PaymentKey, ReadingRow, ReadingSource, Tender};
use crate::db::transfer::{self, Completion, TransferError};
use crate::db::{Actor, Store};
use crate::domain::id_number;
use crate::domain::money::Fen;
use crate::domain::receipt::{CashCount, PaymentMethod};
use crate::domain::tariff::Volume;
use crate::domain::transfer::{HolderInput, RegistryRow, TransferRules, check_holder};

/// New holders' names (generated people, as every demo name).
const NEW_NAMES: [&str; 8] = [
    "周晓燕",
    "吴建国",
    "郑丽华",
    "孙志强",
    "冯淑芬",
    "陈文杰",
    "褚红梅",
    "卫国平",
];

fn mix(seed: u64, n: u64, salt: u64) -> u64 {
    super::lists::mix64(seed ^ n.wrapping_mul(super::lists::GAMMA) ^ salt)
}

fn holder(
    seed: u64,
    n: u64,
    today: NaiveDate,
) -> Result<crate::domain::transfer::NewHolder, TransferError> {
    let birth = NaiveDate::from_ymd_opt(
        1960 + (mix(seed, n, 1) % 40) as i32,
        1 + (mix(seed, n, 2) % 12) as u32,
        1 + (mix(seed, n, 3) % 28) as u32,
    )
    .unwrap_or(NaiveDate::MIN);
    let id = id_number::generate(mix(seed, n, 4), birth, "340104", (n % 1000) as u16);
    Ok(check_holder(
        &HolderInput {
            name: NEW_NAMES[(n % NEW_NAMES.len() as u64) as usize].to_string(),
            id_number: id.as_str().to_string(),
            phone: format!("1385510{:04}", mix(seed, n, 5) % 10_000),
            household_size: (1 + mix(seed, n, 6) % 5).to_string(),
        },
        today,
    )?)
}

fn staff(store: &Store, no: &str) -> Result<Option<Actor>, TransferError> {
    Ok(crate::db::staff::by_number(store, no)?.map(|s| {
        let counter = s.counter_no;
        s.actor(counter)
    }))
}

/// Builds the transfers; returns (completed, pending).
pub fn demo_transfers(
    store: &mut Store,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(usize, usize), TransferError> {
    let rules = TransferRules::builtin();
    let admin = Actor::system();
    let mut done = 0;
    let mut pending = Vec::new();
    let mut balances = Vec::new();
    for office in 1..=8i64 {
        let Some(clerk) = staff(store, &format!("{office}001"))? else {
            continue;
        };
        let candidates = transfer::demo_candidates(&*store, office, 40)?;
        let (post, card): (Vec<_>, Vec<_>) = candidates.into_iter().partition(|c| c.1);
        for (k, (account, _)) in card.iter().take(2).enumerate() {
            let n = (office * 10 + k as i64) as u64;
            let at = now - Duration::days(30 + 20 * k as i64 + office);
            let day = crate::domain::queue::builtin_rules().local_day(at);
            let completion = Completion {
                account_id: *account,
                pending_id: None,
                case: if k == 0 { "sale" } else { "inheritance" }.into(),
                by_agent: false,
                documents: rules
                    .case(if k == 0 { "sale" } else { "inheritance" })
                    .map(|c| c.core.iter().map(|r| r[0].clone()).collect())
                    .unwrap_or_default(),
                new_holder: holder(seed, n, today)?,
                balance: None,
                fee: None,
                day,
            };
            transfer::commit(store, &clerk, rules, &completion, at)?;
            done += 1;
        }
        for (k, (account, _)) in post.iter().take(2).enumerate() {
            let situation = transfer::situation(&*store, *account, today)?;
            let detail = crate::db::account::get(&*store, *account)?
                .ok_or_else(|| TransferError::UnknownAccount(account.to_string()))?;
            // A bill owed: two readings, unless the demo's bills already gave it some.
            if situation.owed == Fen::ZERO {
                let first = today.with_day(1).unwrap_or(today);
                let mut rows = Vec::new();
                for meter in detail.meters.iter().filter(|m| m.kind != "ic_card") {
                    if cash::last_reading(&*store, meter.id)?.is_some() {
                        continue;
                    }
                    let start = (mix(seed, meter.id as u64, 7) % 2_000_000) as i64;
                    for (i, back) in [2u32, 0].into_iter().enumerate() {
                        if let Some(read_on) = first.checked_sub_months(Months::new(back)) {
                            rows.push(ReadingRow {
                                meter_id: meter.id,
                                read_on,
                                register: Volume(start + i as i64 * 23_400),
                            });
                        }
                    }
                }
                if !rows.is_empty() {
                    cash::import_readings(store, &admin, &rows, ReadingSource::Demo, today, now)?;
                }
            }
            let n = (office * 10 + 5 + k as i64) as u64;
            let Some(id) = detail.id_number.as_deref() else {
                continue;
            };
            pending.push(RegistryRow {
                account_no: detail.summary.account_no.clone(),
                old_name: detail.summary.holder_name.clone(),
                old_id_number: id_number::parse(id, today)
                    .map_err(crate::domain::transfer::InputError::IdNumber)?,
                old_phone: None,
                new: holder(seed, n, today)?,
                case_no: format!("BDC{}-{:02}{:04}", today.year(), office, n),
            });
            if office > 1 && k == 0 {
                balances.push((office, *account));
            }
        }
    }
    let made = transfer::import_registry(store, &admin, &pending, "demo registry", now)
        .map_err(|(_, e)| e)?;
    for (office, account) in balances {
        let Some(clerk) = staff(store, &format!("{office}004"))? else {
            continue;
        };
        let rules = crate::domain::queue::builtin_rules();
        cash::open_shift(store, &clerk, &rules, Fen::ZERO, now)?;
        let amount =
            Fen::from_yuan(50 + (mix(seed, account as u64, 8) % 150) as i64).unwrap_or(Fen(5000));
        cash::pay_advance(
            store,
            &clerk,
            &PaymentKey::new(),
            account,
            amount,
            &Tender::with_reference(
                PaymentMethod::WeChat,
                &format!("4200{:020}", mix(seed, account as u64, 9) % 10u64.pow(18)),
            ),
            now,
        )?;
        cash::start_balancing(store, &clerk)?;
        cash::close_shift(
            store,
            &clerk,
            &CashCount::new(),
            &[(PaymentMethod::WeChat, amount)],
            "",
            now,
        )?;
    }
    Ok((done, made))
}
