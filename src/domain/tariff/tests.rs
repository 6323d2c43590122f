use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::domain::account::CustomerType::{Commercial, Residential};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn m3(n: i64) -> Volume {
    Volume(n * LITRES_PER_M3)
}

fn t() -> &'static Tariff {
    Tariff::builtin()
}

const DAY: (i32, u32, u32) = (2026, 3, 15);

fn on() -> NaiveDate {
    date(DAY.0, DAY.1, DAY.2)
}

fn line(tier: u8, starts_at: Volume, volume: Volume, unit: i64, amount: i64) -> TierLine {
    TierLine {
        tier,
        starts_at,
        volume,
        unit_price: Fen(unit),
        amount: Fen(amount),
    }
}

#[test]
fn builtin_has_the_demo_values() {
    let t = t();
    let now = t.version_on(on()).expect("in force");
    assert_eq!(now.effective_from, date(2024, 1, 1));
    let prices: Vec<i64> = now.tiers.iter().map(|t| t.unit_price.0).collect();
    assert_eq!(prices, [253, 304, 379]);
    assert_eq!(now.tiers[0].up_to, Some(m3(360)));
    assert_eq!(now.tiers[1].up_to, Some(m3(600)));
    assert_eq!(now.commercial, Fen(345));
    assert_eq!(t.year_start(), (1, 1));
    assert_eq!(t.household().base_size, 4);
    assert_eq!(t.household().extra_per_person, m3(60));
    assert_eq!(t.limits().top_up_max, Fen(300_000));
}

#[test]
fn prices_within_one_tier() {
    let p = t()
        .price(Residential, 3, m3(0), m3(100), on())
        .expect("priced");
    assert_eq!(p.lines, [line(1, m3(0), m3(100), 253, 25_300)]);
    assert_eq!(p.total, Fen(25_300));
    assert_eq!(p.effective_from, date(2024, 1, 1));
    assert_eq!(p.volume, m3(100));
}

#[test]
fn splits_across_tiers_from_the_year_to_date() {
    let p = t()
        .price(Residential, 4, m3(350), m3(20), on())
        .expect("priced");
    assert_eq!(
        p.lines,
        [
            line(1, m3(350), m3(10), 253, 2_530),
            line(2, m3(360), m3(10), 304, 3_040)
        ]
    );
    assert_eq!(p.total, Fen(5_570));

    let all = t()
        .price(Residential, 1, m3(0), m3(700), on())
        .expect("priced");
    assert_eq!(
        all.lines,
        [
            line(1, m3(0), m3(360), 253, 91_080),
            line(2, m3(360), m3(240), 304, 72_960),
            line(3, m3(600), m3(100), 379, 37_900),
        ]
    );
    assert_eq!(all.total, Fen(201_940));
}

#[test]
fn larger_households_get_more_tier_volume() {
    // 6 people: two extra, +120 m³ on both thresholds.
    let p = t()
        .price(Residential, 6, m3(470), m3(260), on())
        .expect("priced");
    assert_eq!(
        p.lines,
        [
            line(1, m3(470), m3(10), 253, 2_530),
            line(2, m3(480), m3(240), 304, 72_960),
            line(3, m3(720), m3(10), 379, 3_790),
        ]
    );
    let five = t().schedule(Residential, 5, on()).expect("schedule");
    assert_eq!(five[0].to, Some(m3(420)));
    assert_eq!(five[1].from, m3(420));
    assert_eq!(five[1].to, Some(m3(660)));
    assert_eq!(five[2].to, None);
    assert_eq!(
        t().schedule(Residential, 4, on()),
        t().schedule(Residential, 1, on())
    );
}

#[test]
fn commercial_is_flat() {
    let p = t()
        .price(Commercial, 0, m3(5_000), m3(100), on())
        .expect("priced");
    assert_eq!(p.lines, [line(1, m3(5_000), m3(100), 345, 34_500)]);
    assert_eq!(p.customer_type, Commercial);
}

#[test]
fn the_version_in_force_that_day_applies() {
    let before = t().price(Residential, 3, m3(0), m3(10), date(2023, 12, 31));
    let after = t().price(Residential, 3, m3(0), m3(10), date(2024, 1, 1));
    assert_eq!(before.map(|p| p.total), Ok(Fen(2_460)));
    assert_eq!(after.map(|p| p.total), Ok(Fen(2_530)));
    assert_eq!(
        t().price(Residential, 3, m3(0), m3(10), date(2022, 12, 31)),
        Err(TariffError::NoPriceOn {
            date: date(2022, 12, 31)
        })
    );
}

#[test]
fn each_line_rounds_on_its_own_so_a_bill_can_be_recomputed() {
    // One litre at 2.53/m³ is 0.253 fen: it rounds to nothing, wherever it falls.
    let first = t().price(Residential, 3, Volume(0), Volume(1), on());
    let second = t().price(Residential, 3, Volume(1), Volume(1), on());
    assert_eq!(first.map(|p| p.total), Ok(Fen(0)));
    assert_eq!(second.map(|p| p.total), Ok(Fen(0)));
    // 12.345 m³ = 3123.285 fen → 31.23 yuan.
    let p = t().price(Residential, 3, Volume(0), Volume(12_345), on());
    assert_eq!(p.map(|p| p.total), Ok(Fen(3_123)));
    // Across two tiers, each line is its volume times its price, rounded half up.
    let p = t()
        .price(Residential, 3, Volume(359_500), Volume(1_001), on())
        .expect("priced");
    assert_eq!(p.lines.len(), 2);
    for l in &p.lines {
        assert_eq!(i128::from(l.amount.0), own_rounding(l.volume, l.unit_price));
    }
    assert_eq!(p.total, Fen(p.lines.iter().map(|l| l.amount.0).sum()));
}

#[test]
fn refuses_bad_inputs() {
    assert_eq!(
        t().price(Residential, 0, m3(0), m3(1), on()),
        Err(TariffError::HouseholdSizeZero)
    );
    assert_eq!(
        t().price(Residential, 3, Volume(-1), m3(1), on()),
        Err(TariffError::NegativeVolume)
    );
    assert_eq!(
        t().price(Residential, 3, m3(0), Volume(-1), on()),
        Err(TariffError::NegativeVolume)
    );
    assert_eq!(
        t().price(Residential, 3, Volume::MAX, Volume(1), on()),
        Err(TariffError::Overflow)
    );
    let zero = t()
        .price(Residential, 3, m3(10), Volume::ZERO, on())
        .expect("zero");
    assert!(zero.lines.is_empty());
    assert_eq!(zero.total, Fen::ZERO);
}

#[test]
fn volume_for_amount_buys_the_most_gas() {
    // 100 yuan at 2.53: 39.527 m³ costs 10,000.331 fen → 100.00; 39.528 m³ would be 100.01.
    let p = t()
        .volume_for_amount(Residential, 3, m3(0), Fen(10_000), on())
        .expect("priced");
    assert_eq!(p.volume, Volume(39_527));
    assert_eq!(p.total, Fen(10_000));
    let whole = t()
        .volume_for_amount_in_steps(Residential, 3, m3(0), Fen(10_000), on(), Volume::ONE_M3)
        .expect("priced");
    assert_eq!(whole.volume, m3(39));
    assert_eq!(whole.total, Fen(9_867));
    // Across a threshold: 10 m³ left in tier 1 (25.30), the rest at 3.04.
    let p = t()
        .volume_for_amount_in_steps(Residential, 3, m3(350), Fen(10_000), on(), Volume::ONE_M3)
        .expect("priced");
    assert_eq!(p.volume, m3(34));
    assert_eq!(p.total, Fen(2_530 + 24 * 304));
}

#[test]
fn volume_for_amount_refusals() {
    let buy = |amount: i64, step: Volume| {
        t().volume_for_amount_in_steps(Residential, 3, m3(0), Fen(amount), on(), step)
    };
    assert_eq!(
        buy(100, Volume::ONE_M3),
        Err(TariffError::AmountBuysNothing { amount: Fen(100) })
    );
    // A litre alone rounds to 0 fen, but nothing is handed out for nothing.
    assert_eq!(
        buy(0, Volume(1)),
        Err(TariffError::AmountBuysNothing { amount: Fen(0) })
    );
    assert_eq!(buy(-1, Volume(1)), Err(TariffError::NegativeAmount));
    assert_eq!(buy(1, Volume(0)), Err(TariffError::BadStep));
    let rich = t().volume_for_amount(Commercial, 1, Volume(0), Fen::MAX, on());
    assert!(rich.is_ok(), "{rich:?}");
}

#[test]
fn tariff_years() {
    let t = t();
    assert_eq!(t.tariff_year_start(date(2026, 3, 15)), Ok(date(2026, 1, 1)));
    assert_eq!(t.tariff_year_start(date(2026, 1, 1)), Ok(date(2026, 1, 1)));
    assert_eq!(t.tariff_year_end(date(2026, 12, 31)), Ok(date(2027, 1, 1)));
    let text = include_str!("../../../data/tariffs.toml").replace("\"01-01\"", "\"07-01\"");
    let july = Tariff::parse(&text).expect("valid");
    assert_eq!(
        july.tariff_year_start(date(2026, 3, 15)),
        Ok(date(2025, 7, 1))
    );
    assert_eq!(
        july.tariff_year_start(date(2026, 7, 1)),
        Ok(date(2026, 7, 1))
    );
    assert_eq!(
        july.tariff_year_end(date(2026, 3, 15)),
        Ok(date(2026, 7, 1))
    );
    assert_eq!(
        july.tariff_year_start(NaiveDate::MIN),
        Err(TariffError::DateOutOfRange)
    );
    assert_eq!(
        t.tariff_year_end(NaiveDate::MAX),
        Err(TariffError::DateOutOfRange)
    );
}

#[test]
fn errors_explain_themselves() {
    let e = TariffError::AmountBuysNothing { amount: Fen(100) };
    assert!(e.localized(Lang::Zh).contains("1.00"));
    let e = TariffError::NoPriceOn {
        date: date(2022, 1, 1),
    };
    assert!(e.localized(Lang::En).contains("2022-01-01"));
}

fn customer() -> impl Strategy<Value = CustomerType> {
    prop_oneof![Just(Residential), Just(Commercial)]
}

fn pricing_day() -> impl Strategy<Value = NaiveDate> {
    (2023i32..=2027, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| date(y, m, d))
}

/// Rounded on its own, for comparing a line with `volume × unit price`.
fn own_rounding(volume: Volume, unit: Fen) -> i128 {
    (i128::from(volume.0) * i128::from(unit.0) + 500) / 1000
}

proptest! {
    #[test]
    fn buying_in_two_parts_costs_about_the_same(
        c in customer(),
        size in 1u8..=12,
        ytd in 0i64..3_000_000,
        x in 0i64..1_000_000,
        y in 0i64..1_000_000,
        day in pricing_day(),
    ) {
        let t = t();
        let first = t.price(c, size, Volume(ytd), Volume(x), day).expect("x");
        let second = t.price(c, size, Volume(ytd + x), Volume(y), day).expect("y");
        let both = t.price(c, size, Volume(ytd), Volume(x + y), day).expect("x+y");
        // Each purchase rounds its own lines: at most half a fen per line either way.
        let lines = first.lines.len() + second.lines.len() + both.lines.len();
        let diff = (first.total.0 + second.total.0 - both.total.0).abs();
        prop_assert!(diff as usize * 2 <= lines, "{} over {} lines", diff, lines);
    }

    #[test]
    fn lines_add_up_and_follow_the_tiers(
        c in customer(),
        size in 1u8..=12,
        ytd in 0i64..3_000_000,
        v in 0i64..2_000_000,
        day in pricing_day(),
    ) {
        let p = t().price(c, size, Volume(ytd), Volume(v), day).expect("priced");
        prop_assert_eq!(Fen::checked_sum(p.lines.iter().map(|l| l.amount)), Some(p.total));
        prop_assert_eq!(p.lines.iter().map(|l| l.volume.0).sum::<i64>(), v);
        let mut at = Volume(ytd);
        let mut last_tier = 0;
        for l in &p.lines {
            prop_assert_eq!(l.starts_at, at);
            prop_assert!(l.tier > last_tier && l.volume > Volume::ZERO);
            prop_assert!(l.amount >= Fen::ZERO);
            prop_assert_eq!(i128::from(l.amount.0), own_rounding(l.volume, l.unit_price));
            at = Volume(at.0 + l.volume.0);
            last_tier = l.tier;
        }
    }

    #[test]
    fn whole_m3_lines_are_exact(
        size in 1u8..=12,
        ytd in 0i64..3000,
        v in 0i64..2000,
        day in pricing_day(),
    ) {
        let p = t().price(Residential, size, m3(ytd), m3(v), day).expect("priced");
        for l in &p.lines {
            prop_assert_eq!(i128::from(l.amount.0), own_rounding(l.volume, l.unit_price));
            prop_assert_eq!(l.amount.0 % l.unit_price.0, 0);
        }
    }

    #[test]
    fn huge_inputs_return_errors_not_panics(
        c in customer(),
        size in any::<u8>(),
        ytd in any::<i64>(),
        v in any::<i64>(),
        amount in any::<i64>(),
        step in any::<i64>(),
    ) {
        let t = t();
        let _ = t.price(c, size, Volume(ytd), Volume(v), on());
        let _ = t.volume_for_amount_in_steps(c, size, Volume(ytd), Fen(amount), on(), Volume(step));
    }

    #[test]
    fn volume_for_amount_is_maximal(
        c in customer(),
        size in 1u8..=12,
        ytd in 0i64..3_000_000,
        amount in 1i64..2_000_000,
        step in prop_oneof![Just(1i64), Just(10), Just(100), Just(1000)],
        day in pricing_day(),
    ) {
        let t = t();
        match t.volume_for_amount_in_steps(c, size, Volume(ytd), Fen(amount), day, Volume(step)) {
            Ok(p) => {
                prop_assert!(p.total <= Fen(amount));
                prop_assert!(p.volume.0 > 0 && p.volume.0 % step == 0);
                let more = t.price(c, size, Volume(ytd), Volume(p.volume.0 + step), day);
                prop_assert!(more.expect("priced").total > Fen(amount));
            }
            Err(TariffError::AmountBuysNothing { .. }) => {
                let one = t.price(c, size, Volume(ytd), Volume(step), day).expect("priced");
                prop_assert!(one.total > Fen(amount));
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}
