//! Meter readings as typed at a counter or read from the reading system's file.

use chrono::NaiveDate;

use crate::domain::account::CustomerType;
use crate::domain::tariff::{Volume, VolumeError, parse_m3};
use crate::i18n::{self, Lang, Localized};

/// The largest register any gas meter shows: eight whole digits (99,999,999.999 m³, the
/// counter of a large commercial meter; a household meter has five).
pub const REGISTER_MAX: Volume = Volume(99_999_999_999);

/// The most gas a billed meter can pass in an hour, in litres: its maximum flow (Qmax).
/// A household is served by a G1.6–G4 diaphragm meter (Qmax at most 6 m³/h); the
/// commercial customers of a city counter (shops, restaurants, small boilers) by meters up
/// to G25 (Qmax 40 m³/h).
pub fn max_flow_litres_per_hour(customer: CustomerType) -> i64 {
    match customer {
        CustomerType::Residential => 6_000,
        CustomerType::Commercial => 40_000,
    }
}

/// Why a reading cannot be true of the meter it names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadingError {
    #[error("a register of {0} m³ is more than any meter shows")]
    RegisterTooLarge(Volume),
    /// More gas between two readings than the meter could pass running at its maximum
    /// flow the whole time: a mistyped register, or a reading of another meter.
    #[error("{used} m³ from {from} to {to} is more than the meter can pass ({max} m³)")]
    OverCapacity {
        used: Volume,
        max: Volume,
        from: NaiveDate,
        to: NaiveDate,
    },
}

impl Localized for ReadingError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ReadingError::RegisterTooLarge(v) => {
                i18n::RD_REGISTER_TOO_LARGE.fill(lang, &[("register", v), ("max", &REGISTER_MAX)])
            }
            ReadingError::OverCapacity {
                used,
                max,
                from,
                to,
            } => i18n::RD_OVER_CAPACITY.fill(
                lang,
                &[("used", used), ("max", max), ("from", from), ("to", to)],
            ),
        }
    }
}

/// Checks a reading against the meter's previous one (`last` register on `from`): the gas
/// used in between is at most the meter's maximum flow for every hour of the days between
/// them (counted whole, both ends included, since readings carry no time of day).
pub fn check_consumption(
    customer: CustomerType,
    last: Volume,
    from: NaiveDate,
    register: Volume,
    to: NaiveDate,
) -> Result<(), ReadingError> {
    if register > REGISTER_MAX {
        return Err(ReadingError::RegisterTooLarge(register));
    }
    let days = (to - from).num_days().max(0) + 1;
    let max = Volume(max_flow_litres_per_hour(customer) * 24 * days);
    match register.checked_sub(last) {
        Some(used) if used > max => Err(ReadingError::OverCapacity {
            used,
            max,
            from,
            to,
        }),
        _ => Ok(()),
    }
}

/// A typed reading date: `YYYY-MM-DD`, blanks around it ignored.
pub fn parse_read_on(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    // chrono takes `2026-9-1`; the office writes dates in full, so does the form.
    if t.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// A typed meter register in m³. Unlike an amount of gas, a register may be zero: a new
/// meter starts there.
pub fn parse_register(text: &str) -> Result<Volume, VolumeError> {
    match parse_m3(text) {
        Err(VolumeError::Zero) => Ok(Volume::ZERO),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_full_and_real() {
        assert_eq!(
            parse_read_on(" 2026-09-01 "),
            NaiveDate::from_ymd_opt(2026, 9, 1)
        );
        assert_eq!(parse_read_on("2026-9-1"), None);
        assert_eq!(parse_read_on("2026-02-30"), None);
        assert_eq!(parse_read_on("20260901"), None);
        assert_eq!(parse_read_on(""), None);
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn a_reading_is_capped_at_what_the_meter_can_pass() {
        use CustomerType::*;
        let m3 = |v: i64| Volume(v * 1000);
        // Two days, both ends counted: 3 × 24 h × 6 m³/h = 432 m³ for a household.
        assert_eq!(
            check_consumption(Residential, m3(100), day(1), m3(532), day(3)),
            Ok(())
        );
        assert_eq!(
            check_consumption(Residential, m3(100), day(1), m3(533), day(3)),
            Err(ReadingError::OverCapacity {
                used: m3(433),
                max: m3(432),
                from: day(1),
                to: day(3)
            })
        );
        assert_eq!(
            check_consumption(Commercial, m3(100), day(1), m3(533), day(3)),
            Ok(())
        );
        let absurd = Volume(i64::MAX);
        assert_eq!(
            check_consumption(Residential, Volume::ZERO, day(1), absurd, day(3)),
            Err(ReadingError::RegisterTooLarge(absurd))
        );
        assert_eq!(
            check_consumption(Commercial, Volume::ZERO, day(1), REGISTER_MAX, day(1)),
            Err(ReadingError::OverCapacity {
                used: REGISTER_MAX,
                max: m3(960),
                from: day(1),
                to: day(1)
            })
        );
        let en = ReadingError::OverCapacity {
            used: m3(433),
            max: m3(432),
            from: day(1),
            to: day(3),
        }
        .localized(Lang::En);
        assert!(en.contains("433") && en.contains("432"), "{en}");
    }

    #[test]
    fn a_register_may_be_zero_but_is_otherwise_strict() {
        assert_eq!(parse_register("0"), Ok(Volume::ZERO));
        assert_eq!(parse_register("1234.5"), Ok(Volume(1_234_500)));
        assert_eq!(parse_register("-1"), Err(VolumeError::Sign));
        assert_eq!(parse_register("1,234"), Err(VolumeError::Separator));
        assert_eq!(parse_register(""), Err(VolumeError::Empty));
    }
}
