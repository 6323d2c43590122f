//! The demo's money side: meter readings and open bills for post-paid meters, so a clerk
//! in training has bills to collect on the first accounts of the list.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::db::cash::{self, CashError, ReadingRow, ReadingSource};
use crate::db::{Actor, Store};
use crate::domain::tariff::Volume;

/// Accounts (by id, from 1) whose post-paid meters get readings and bills.
pub const BILLED_ACCOUNTS: i64 = 3_000;

/// A reproducible number for one meter and purpose, from the demo seed.
fn mix(seed: u64, meter: i64, salt: u64) -> u64 {
    super::lists::mix64(seed ^ (meter as u64).wrapping_mul(super::lists::GAMMA) ^ salt)
}

/// Three bimonthly readings (four months ago, two months ago, this month's 1st) of every
/// post-paid meter of the first [`BILLED_ACCOUNTS`] accounts: two open bills each.
pub fn demo_bills(
    store: &mut Store,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, CashError> {
    let meters = crate::db::account::postpaid_meters_up_to(&store, BILLED_ACCOUNTS)?;
    let first = today.with_day(1).unwrap_or(today);
    let dates: Vec<NaiveDate> = [4, 2, 0]
        .into_iter()
        .filter_map(|back| first.checked_sub_months(Months::new(back)))
        .collect();
    let mut rows = Vec::with_capacity(meters.len() * dates.len());
    for &meter in &meters {
        // A register somewhere in the meter's life, then 8-60 m³ every two months.
        let mut litres = i64::try_from(mix(seed, meter, 1) % 3_000_000).unwrap_or(0);
        for (i, &read_on) in dates.iter().enumerate() {
            if i > 0 {
                let m3 = 8 + i64::try_from(mix(seed, meter, 10 + i as u64) % 53).unwrap_or(0);
                let tenths = i64::try_from(mix(seed, meter, 20 + i as u64) % 10).unwrap_or(0);
                litres += m3 * 1000 + tenths * 100;
            }
            rows.push(ReadingRow {
                meter_id: meter,
                read_on,
                register: Volume(litres),
            });
        }
    }
    cash::import_readings(
        store,
        &Actor::system(),
        &rows,
        ReadingSource::Demo,
        today,
        now,
    )
}
