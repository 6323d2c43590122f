//! Reproducible demo data: staff logins and customer accounts.
//!
//! Nothing here describes a real person. Names are a surname and one or two characters
//! drawn independently from `data/names.toml`; ID numbers use Hefei region codes and a
//! valid check character but an order code taken from a permutation of the account index;
//! mobile numbers are a common carrier prefix plus eight random digits. They are not drawn
//! from, nor aimed at, any subscriber list, but a random number may exist: the demo
//! database must never be used to call or text anyone.
//!
//! Determinism: the same seed gives the same accounts on every machine and in every build,
//! so trainers' exercises ("find 王芳 in 长江花园") and test expectations stay valid. The
//! `rand` crate does not promise that its generators or value streams stay the same across
//! versions, so these modules use their own SplitMix64 ([`lists::SplitMix64`]), integer
//! weights only (no floating point), and a fixed reference date instead of the clock.
//!
//! Account `i` is a pure function of `(seed, i)`: it draws from its own SplitMix64 stream,
//! seeded from both, so accounts can be generated lazily, skipped (`nth`) or in parallel.
//! Uniqueness holds by construction, not by checking:
//! - account numbers are `3`, the district digit, then `i` as eight digits;
//! - ID numbers decode (birth date, region, order code) from `(i * ID_MULT + offset) mod
//!   space`, where space = birth days × regions × 1000 order codes; a bijection because
//!   `ID_MULT` is a prime larger than the space;
//! - meter serials end in `(i * SERIAL_MULT + offset) mod 10^8`, likewise a bijection.
//!
//! Hence at most [`MAX_ACCOUNTS`] accounts per dataset.

use chrono::{Datelike, Months, NaiveDate};

use super::lists::{
    self, District, GAMMA, Names, SplitMix64, Weighted, business_name, mix64, person_name, push_num,
};
use crate::domain::account::{CustomerType, MeterKind, NewAccount, NewMeter};
use crate::domain::id_number;
use crate::domain::office::OfficeDef;
use crate::domain::role::Role;

/// "Today" for generated data, so output does not depend on the clock.
pub const REFERENCE_DATE: NaiveDate = date(2026, 1, 1);

/// Eight digits of index in an account number and a meter serial.
pub const MAX_ACCOUNTS: usize = 100_000_000;

/// Meters must be replaced after ten years (JJG 577 for diaphragm gas meters). IoT meters
/// are diaphragm meters with a radio module, so the same limit applies to all three kinds;
/// their battery is serviced separately and does not set the meter's expiry.
pub const METER_LIFE_MONTHS: u32 = 120;

const BIRTH_FIRST: NaiveDate = date(1935, 1, 1);
const BIRTH_LAST: NaiveDate = date(2004, 12, 31);
const OPENED_FIRST: NaiveDate = date(2000, 1, 1);
const METERS_FIRST: NaiveDate = date(2005, 1, 1);
/// Meters installed before this date (ten years before the reference date) are overdue.
const METER_DUE: NaiveDate = date(2016, 1, 1);

/// Per mille of each property.
const COMMERCIAL: u64 = 80;
const NO_ID_NUMBER: u64 = 20;
const NO_MOBILE: u64 = 50;
/// Of accounts opened before [`METER_DUE`]: meters not yet replaced.
const OVERDUE_METER: u64 = 70;

/// Hefei: 瑶海 庐阳 蜀山 包河 (city districts), 长丰 肥东 肥西 庐江 (counties), 巢湖 (city).
/// An ID number records where a person was registered at birth, not where they live, so
/// it need not match the account's district.
const REGIONS: [&str; 9] = [
    "340102", "340103", "340104", "340111", "340121", "340122", "340123", "340124", "340181",
];

const MOBILE_PREFIXES: [&str; 24] = [
    "130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199",
];

const ID_ORDER_CODES: u64 = 1000;
/// A prime larger than the ID space, so coprime to it.
const ID_MULT: u64 = 2_654_435_761;
const SERIAL_SPACE: u64 = 100_000_000;
/// Odd and not a multiple of 5, so coprime to 10^8.
const SERIAL_MULT: u64 = 61_803_399;

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid constant date")
}

fn day_no(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn from_day_no(n: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n).expect("generated dates stay in range")
}

/// A staff login of the demo dataset. Their PINs are set by whoever stores them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoStaff {
    pub staff_no: String,
    pub name: String,
    pub office_id: i64,
    pub counter_no: Option<i64>,
    pub role: Role,
}

/// Seeds the staff names only; staff do not change with the account seed, so training
/// material can name them.
const STAFF_SEED: u64 = 0x5747_4146_4600_0001;

/// Staff of every office: clerks at the first four counters (by number) and a manager.
/// Office `N` numbers them `N001`..`N004` and `N009`; the mobile vehicle (office 9) `0901`,
/// `0902`.. and `0909`. Admin `9000` and trainer `9001` belong to office 1 (or the first
/// fixed office) and sit at no counter. Numbers assume office ids 1–9, as shipped.
pub fn demo_staff(offices: &[OfficeDef]) -> Vec<DemoStaff> {
    let names = lists::builtin_names();
    let mut r = SplitMix64(STAFF_SEED);
    let mut out = Vec::new();
    let mut add = |staff_no: String, office_id: i64, counter_no: Option<i64>, role: Role| {
        out.push(DemoStaff {
            staff_no,
            name: person_name(&names, &mut r, false),
            office_id,
            counter_no,
            role,
        });
    };
    for o in offices {
        let no = |n: u64| {
            let mut s = String::new();
            if o.mobile {
                push_num(&mut s, o.id.unsigned_abs(), 2);
                push_num(&mut s, n, 2);
            } else {
                push_num(&mut s, o.id.unsigned_abs(), 1);
                push_num(&mut s, n, 3);
            }
            s
        };
        let mut counters: Vec<i64> = o.counters.iter().map(|c| c.number).collect();
        counters.sort_unstable();
        for (k, &counter) in counters.iter().take(4).enumerate() {
            add(no(k as u64 + 1), o.id, Some(counter), Role::Clerk);
        }
        add(no(9), o.id, None, Role::Manager);
    }
    let home = offices
        .iter()
        .find(|o| o.id == 1)
        .or_else(|| offices.iter().find(|o| !o.mobile))
        .or(offices.first());
    if let Some(home) = home {
        add("9000".into(), home.id, None, Role::Admin);
        add("9001".into(), home.id, None, Role::Trainer);
    }
    out
}

/// A district accounts are placed in, with the office that serves it.
#[derive(Debug, Clone)]
struct Slot {
    district: District,
    office_id: i64,
    /// Second digit of the account number.
    digit: u8,
}

/// The lazy account generator returned by [`accounts`].
#[derive(Debug, Clone)]
pub struct AccountGen {
    names: Names,
    slots: Vec<Slot>,
    slot_pick: Weighted<usize>,
    seed_key: u64,
    id_space: u64,
    id_offset: u64,
    serial_offset: u64,
    birth_first: i32,
    next: usize,
    count: usize,
}

/// `count` accounts for `seed`, generated on demand. Districts come from
/// `data/places.toml`; each is served by the fixed office whose district has the same
/// name, and gets the digit of its order among those offices (at most nine). If no office
/// matches a district, all districts are used and served by the first office.
///
/// # Panics
/// If `count` exceeds [`MAX_ACCOUNTS`].
pub fn accounts(seed: u64, count: usize, offices: &[OfficeDef]) -> AccountGen {
    assert!(
        count <= MAX_ACCOUNTS,
        "at most {MAX_ACCOUNTS} demo accounts"
    );
    let places = lists::builtin_places();
    let mut slots: Vec<Slot> = Vec::new();
    for o in offices.iter().filter(|o| !o.mobile) {
        let taken = slots.iter().any(|s| s.district.name == o.district);
        if let Some(d) = places.iter().find(|d| d.name == o.district)
            && !taken
            && slots.len() < 9
        {
            slots.push(Slot {
                district: d.clone(),
                office_id: o.id,
                digit: slots.len() as u8 + 1,
            });
        }
    }
    if slots.is_empty() {
        let office_id = offices.first().map_or(1, |o| o.id);
        slots = places
            .into_iter()
            .take(9)
            .enumerate()
            .map(|(k, district)| Slot {
                district,
                office_id,
                digit: k as u8 + 1,
            })
            .collect();
    }
    let slot_pick = Weighted::new(
        slots
            .iter()
            .enumerate()
            .map(|(k, s)| (k, s.district.weight)),
    );
    let birth_days = u64::try_from(day_no(BIRTH_LAST) - day_no(BIRTH_FIRST) + 1).unwrap_or(1);
    let id_space = birth_days * REGIONS.len() as u64 * ID_ORDER_CODES;
    let seed_key = mix64(seed ^ 0x6761_7364_6573_6B21);
    AccountGen {
        names: lists::builtin_names(),
        slots,
        slot_pick,
        seed_key,
        id_space,
        id_offset: mix64(seed_key ^ 1) % id_space,
        serial_offset: mix64(seed_key ^ 2) % SERIAL_SPACE,
        birth_first: day_no(BIRTH_FIRST),
        next: 0,
        count,
    }
}

impl AccountGen {
    /// The ID number of account `i` and the birth date it encodes.
    fn id_number(&self, i: u64) -> (NaiveDate, String) {
        let p = (i.wrapping_mul(ID_MULT) % self.id_space + self.id_offset) % self.id_space;
        let birth_days = self.id_space / (REGIONS.len() as u64 * ID_ORDER_CODES);
        let day = (p % birth_days) as i32;
        let rest = p / birth_days;
        let region = REGIONS[(rest % REGIONS.len() as u64) as usize];
        let order = rest / REGIONS.len() as u64;
        let birth = from_day_no(self.birth_first + day);
        let mut s = String::with_capacity(18);
        s.push_str(region);
        push_num(&mut s, birth.year().unsigned_abs().into(), 4);
        push_num(&mut s, birth.month().into(), 2);
        push_num(&mut s, birth.day().into(), 2);
        push_num(&mut s, order, 3);
        s.push(id_number::check_digit(&s).expect("17 ASCII digits"));
        (birth, s)
    }

    fn address(&self, district: &District, commercial: bool, r: &mut SplitMix64) -> String {
        let mut s = String::with_capacity(64);
        if commercial {
            s.push_str(r.word(&district.streets));
            push_num(&mut s, 1 + r.below(999), 1);
            s.push_str("号 ");
            push_num(&mut s, 1 + r.below(3), 1);
            s.push_str("层商铺");
            return s;
        }
        let c = r.pick(&district.compounds);
        let (blocks, units, floors, doors) = if c.old { (24, 6, 6, 2) } else { (36, 3, 33, 4) };
        s.push_str(&c.street);
        push_num(&mut s, c.number.into(), 1);
        s.push_str("号 ");
        s.push_str(&c.name);
        s.push(' ');
        push_num(&mut s, 1 + r.below(blocks), 1);
        s.push('栋');
        push_num(&mut s, 1 + r.below(units), 1);
        s.push_str("单元");
        push_num(&mut s, (1 + r.below(floors)) * 100 + 1 + r.below(doors), 1);
        s.push('室');
        s
    }

    fn meter(&self, i: u64, opened: i32, r: &mut SplitMix64) -> NewMeter {
        let kind = match r.below(100) {
            0..55 => MeterKind::IcCard,
            55..85 => MeterKind::Mechanical,
            _ => MeterKind::Iot,
        };
        let due = day_no(METER_DUE);
        let installed = if opened >= due {
            opened
        } else if r.per_mille(OVERDUE_METER) {
            r.day_between(opened.max(day_no(METERS_FIRST)), due)
        } else {
            // The first meter was replaced when it expired; this is its successor.
            r.day_between(due, day_no(REFERENCE_DATE))
        };
        let installed_on = from_day_no(installed);
        let mut serial = String::with_capacity(12);
        serial.push_str(match kind {
            MeterKind::IcCard => "IC",
            MeterKind::Mechanical => "JX",
            MeterKind::Iot => "WL",
        });
        push_num(
            &mut serial,
            u64::from(installed_on.year().unsigned_abs() % 100),
            2,
        );
        let q = (i * SERIAL_MULT % SERIAL_SPACE + self.serial_offset) % SERIAL_SPACE;
        push_num(&mut serial, q, 8);
        NewMeter {
            serial,
            kind,
            installed_on,
            expires_on: installed_on
                .checked_add_months(Months::new(METER_LIFE_MONTHS))
                .expect("dates stay in range"),
        }
    }

    fn account(&self, index: usize) -> NewAccount {
        let i = index as u64;
        let mut r = SplitMix64(mix64(self.seed_key.wrapping_add(i.wrapping_mul(GAMMA))));
        let slot = &self.slots[*self.slot_pick.pick(r.next_u64())];
        let commercial = r.per_mille(COMMERCIAL);
        let holder_name = if commercial {
            business_name(&self.names, &mut r)
        } else {
            person_name(&self.names, &mut r, true)
        };
        let mut account_no = String::with_capacity(10);
        account_no.push('3');
        push_num(&mut account_no, slot.digit.into(), 1);
        push_num(&mut account_no, i, 8);

        let (birth, id) = self.id_number(i);
        let id_number = (!r.per_mille(NO_ID_NUMBER)).then_some(id);
        let phone = (!r.per_mille(NO_MOBILE)).then(|| {
            let mut s = String::with_capacity(11);
            s.push_str(r.pick::<&str>(&MOBILE_PREFIXES));
            push_num(&mut s, r.below(100_000_000), 8);
            s
        });
        let landline = r.per_mille(if commercial { 700 } else { 100 }).then(|| {
            let mut s = String::with_capacity(13);
            s.push_str("0551-6");
            push_num(&mut s, r.below(10_000_000), 7);
            s
        });
        let address = self.address(&slot.district, commercial, &mut r);

        // Holders open accounts as adults; birth dates end in 2004, so this is always
        // before the reference date.
        let adult = day_no(
            birth
                .checked_add_months(Months::new(18 * 12))
                .expect("in range"),
        );
        let opened = r.day_between(day_no(OPENED_FIRST).max(adult), day_no(REFERENCE_DATE));
        let meter = self.meter(i, opened, &mut r);
        NewAccount {
            account_no,
            holder_name,
            id_number,
            phone,
            landline,
            district: slot.district.name.clone(),
            address,
            customer_type: if commercial {
                CustomerType::Commercial
            } else {
                CustomerType::Residential
            },
            home_office: slot.office_id,
            opened_on: from_day_no(opened),
            meter: Some(meter),
        }
    }
}

impl Iterator for AccountGen {
    type Item = NewAccount;

    fn next(&mut self) -> Option<NewAccount> {
        if self.next >= self.count {
            return None;
        }
        let a = self.account(self.next);
        self.next += 1;
        Some(a)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.count - self.next;
        (left, Some(left))
    }

    fn nth(&mut self, n: usize) -> Option<NewAccount> {
        self.next = self.next.saturating_add(n).min(self.count);
        self.next()
    }
}

impl ExactSizeIterator for AccountGen {}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::domain::office::builtin_offices;

    fn sample(seed: u64, n: usize) -> Vec<NewAccount> {
        accounts(seed, n, &builtin_offices()).collect()
    }

    fn is_mobile(s: &str) -> bool {
        let b = s.as_bytes();
        b.len() == 11
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1])
            && b.iter().all(u8::is_ascii_digit)
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let a = sample(7, 1000);
        assert_eq!(a, sample(7, 1000));
        let b = sample(8, 1000);
        assert_ne!(a, b);
        let same_names = a
            .iter()
            .zip(&b)
            .filter(|(x, y)| x.holder_name == y.holder_name);
        assert!(same_names.count() < 100);
    }

    #[test]
    fn accounts_are_pure_functions_of_seed_and_index() {
        let all = sample(3, 50);
        let mut g = accounts(3, 50, &builtin_offices());
        assert_eq!(g.len(), 50);
        assert_eq!(g.nth(20).as_ref(), Some(&all[20]));
        assert_eq!(g.len(), 29);
        assert_eq!(g.nth(100), None);
        assert_eq!(g.len(), 0);
    }

    #[test]
    fn twenty_thousand_accounts_are_valid_and_varied() {
        let n = 20_000;
        let all = sample(42, n);
        let offices = builtin_offices();
        let account_nos: HashSet<&str> = all.iter().map(|a| a.account_no.as_str()).collect();
        assert_eq!(account_nos.len(), n);
        let ids: Vec<&str> = all.iter().filter_map(|a| a.id_number.as_deref()).collect();
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
        assert!(
            (n * 96 / 100..n * 99 / 100).contains(&ids.len()),
            "{}",
            ids.len()
        );
        for id in &ids {
            let parsed = id_number::parse(id, REFERENCE_DATE).expect("valid ID");
            assert!((BIRTH_FIRST..=BIRTH_LAST).contains(&parsed.birth_date()));
        }
        let phones: Vec<&str> = all.iter().filter_map(|a| a.phone.as_deref()).collect();
        assert!(phones.iter().all(|p| is_mobile(p)), "mobile pattern");
        assert!((n * 93 / 100..n * 97 / 100).contains(&phones.len()));
        let serials: HashSet<&str> = all
            .iter()
            .map(|a| {
                a.meter
                    .as_ref()
                    .expect("every demo account has a meter")
                    .serial
                    .as_str()
            })
            .collect();
        assert_eq!(serials.len(), n);

        let overdue = all
            .iter()
            .filter(|a| a.meter.as_ref().unwrap().expires_on < REFERENCE_DATE)
            .count();
        assert!(overdue > 0 && overdue < n / 10, "{overdue}");

        let residential = all
            .iter()
            .filter(|a| a.customer_type == CustomerType::Residential)
            .count();
        assert!((n * 90 / 100..n * 94 / 100).contains(&residential));
        for a in &all {
            assert!(crate::domain::account::is_account_no(&a.account_no));
            let office = offices.iter().find(|o| o.id == a.home_office).unwrap();
            assert_eq!(office.district, a.district);
            assert!(a.opened_on < REFERENCE_DATE);
            let m = a.meter.as_ref().unwrap();
            assert!(m.installed_on >= METERS_FIRST && m.installed_on < REFERENCE_DATE);
            assert!(m.installed_on >= a.opened_on);
            assert_eq!(
                m.expires_on,
                m.installed_on + Months::new(METER_LIFE_MONTHS)
            );
            assert!(!a.holder_name.is_empty() && !a.address.is_empty());
        }
    }

    #[test]
    fn named_compounds_and_name_shapes_appear() {
        let all = sample(1, 20_000);
        for compound in [
            "天鹅湖畔",
            "光明社区",
            "红旗社区",
            "玉兰公寓",
            "绿怡居东区",
            "轴承厂宿舍",
            "西园小区",
            "长江花园",
        ] {
            let needle = format!(" {compound} ");
            assert!(
                all.iter().any(|a| a.address.contains(&needle)),
                "{compound}"
            );
        }
        let homes = all
            .iter()
            .filter(|a| a.customer_type == CustomerType::Residential);
        for a in homes.clone() {
            let parts: Vec<&str> = a.address.split(' ').collect();
            assert!(
                parts.len() == 3 && parts[0].ends_with('号'),
                "{}",
                a.address
            );
            assert!(
                parts[2].ends_with('室') && parts[2].contains("栋"),
                "{}",
                a.address
            );
        }
        let people: Vec<&str> = homes.map(|a| a.holder_name.as_str()).collect();
        let two = people.iter().filter(|p| p.chars().count() == 2).count();
        assert!(
            two > people.len() / 5 && two < people.len() * 2 / 5,
            "{two}"
        );
        let names = lists::builtin_names();
        let compound_surnames: Vec<&String> = names
            .surnames
            .items()
            .iter()
            .filter(|s| s.chars().count() == 2)
            .collect();
        assert!(
            people
                .iter()
                .any(|p| compound_surnames.iter().any(|c| p.starts_with(c.as_str())))
        );
        assert!(people.iter().any(|p| p.starts_with('曾')));
        assert!(
            people
                .iter()
                .any(|p| names.rare.iter().any(|r| p.contains(r.as_str())))
        );
        let kinds: HashSet<MeterKind> =
            all.iter().map(|a| a.meter.as_ref().unwrap().kind).collect();
        assert_eq!(kinds.len(), 3);
    }

    #[test]
    fn permutations_are_bijective() {
        fn gcd(a: u64, b: u64) -> u64 {
            if b == 0 { a } else { gcd(b, a % b) }
        }
        let g = accounts(0, 0, &builtin_offices());
        assert!(g.id_space >= MAX_ACCOUNTS as u64);
        assert_eq!(gcd(ID_MULT, g.id_space), 1);
        assert_eq!(gcd(SERIAL_MULT, SERIAL_SPACE), 1);
        assert!(SERIAL_SPACE >= MAX_ACCOUNTS as u64);
    }

    #[test]
    fn staff_list_has_the_required_logins() {
        let staff = demo_staff(&builtin_offices());
        let find = |no: &str| {
            staff
                .iter()
                .find(|s| s.staff_no == no)
                .unwrap_or_else(|| panic!("{no}"))
        };
        for (no, office, counter, role) in [
            ("1001", 1, Some(1), Role::Clerk),
            ("1002", 1, Some(2), Role::Clerk),
            ("1003", 1, Some(3), Role::Clerk),
            ("1004", 1, Some(4), Role::Clerk),
            ("1009", 1, None, Role::Manager),
            ("3002", 3, Some(2), Role::Clerk),
            ("8004", 8, Some(4), Role::Clerk),
            ("8009", 8, None, Role::Manager),
            ("0901", 9, Some(1), Role::Clerk),
            ("0902", 9, Some(2), Role::Clerk),
            ("0909", 9, None, Role::Manager),
            ("9000", 1, None, Role::Admin),
            ("9001", 1, None, Role::Trainer),
        ] {
            let s = find(no);
            assert_eq!(
                (s.office_id, s.counter_no, s.role),
                (office, counter, role),
                "{no}"
            );
            assert!(!s.name.is_empty());
        }
        let numbers: HashSet<&str> = staff.iter().map(|s| s.staff_no.as_str()).collect();
        assert_eq!(numbers.len(), staff.len());
        assert_eq!(staff.len(), 8 * 5 + 3 + 2);
        assert_eq!(staff, demo_staff(&builtin_offices()));
    }
}
