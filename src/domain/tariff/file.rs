//! Reading and validating a tariff file (the format of `data/tariffs.toml`). Everything a
//! price computation relies on is checked here once, so pricing itself only has to guard
//! against arithmetic overflow on absurd inputs.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::{Fees, HouseholdRule, Limits, PriceVersion, Tariff, Tier, Volume};
use crate::domain::money::Fen;

/// More tiers than this is not a tariff anyone could explain at a counter.
pub const MAX_TIERS: usize = 9;

/// A tariff file that cannot be used. These are configuration defects, reported to whoever
/// edits the file, in English like the other data-file errors.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum TariffFileError {
    #[error("tariff file is not valid TOML: {0}")]
    Syntax(String),
    #[error("year_start {0:?} must be MM-DD, a day that exists in every year")]
    BadYearStart(String),
    #[error("household: base_size must be at least 1 and extra_per_person_m3 at least 0")]
    BadHousehold,
    #[error("limits: {0} must be positive")]
    BadLimit(&'static str),
    #[error("fees: {0} must be between 0 and payment_max_fen")]
    BadFee(&'static str),
    #[error("tariff file defines no price version")]
    NoVersions,
    #[error("version {index}: effective_from {value:?} must be a plain date like 2024-01-01")]
    BadDate { index: usize, value: String },
    #[error("versions must be listed by effective_from: {later} is listed before {earlier}")]
    VersionsOutOfOrder {
        earlier: NaiveDate,
        later: NaiveDate,
    },
    #[error("two versions take effect on {0}: which one applies that day would be ambiguous")]
    OverlappingVersions(NaiveDate),
    #[error("version {from}: a residential tariff needs 1 to {MAX_TIERS} tiers")]
    TierCount { from: NaiveDate },
    #[error("version {from}: tier {tier} needs up_to_m3 (only the last tier is open-ended)")]
    MissingThreshold { from: NaiveDate, tier: usize },
    #[error("version {from}: the last tier must not have up_to_m3")]
    LastTierBounded { from: NaiveDate },
    #[error("version {from}: tier {tier} must end above where the previous tier ends")]
    ThresholdNotIncreasing { from: NaiveDate, tier: usize },
    #[error("version {from}: tier {tier} threshold is too large")]
    ThresholdTooLarge { from: NaiveDate, tier: usize },
    #[error("version {from}: tier {tier} price must be positive")]
    ZeroPrice { from: NaiveDate, tier: usize },
    #[error("version {from}: tier {tier} is cheaper than the tier before it")]
    PriceDecreasing { from: NaiveDate, tier: usize },
    #[error("version {from}: commercial_fen_per_m3 must be positive")]
    ZeroCommercialPrice { from: NaiveDate },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    year_start: String,
    household: RawHousehold,
    limits: RawLimits,
    #[serde(default)]
    fees: RawFees,
    #[serde(default)]
    version: Vec<RawVersion>,
}

/// Fees by customer type, in fen; a file without them takes none.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFees {
    #[serde(default)]
    card_replacement_residential_fen: i64,
    #[serde(default)]
    card_replacement_commercial_fen: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHousehold {
    base_size: u8,
    extra_per_person_m3: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    payment_max_fen: i64,
    top_up_max_fen: i64,
    top_up_max_m3: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    effective_from: toml::value::Datetime,
    commercial_fen_per_m3: i64,
    tiers: Vec<RawTier>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    up_to_m3: Option<i64>,
    fen_per_m3: i64,
}

impl Tariff {
    /// Parses and validates a tariff file.
    pub fn parse(text: &str) -> Result<Tariff, TariffFileError> {
        let raw: RawFile =
            toml::from_str(text).map_err(|e| TariffFileError::Syntax(e.to_string()))?;
        let year_start = parse_month_day(&raw.year_start)
            .ok_or_else(|| TariffFileError::BadYearStart(raw.year_start.clone()))?;
        let household = household(&raw.household)?;
        let limits = limits(&raw.limits)?;
        let fees = fees(&raw.fees, &limits)?;
        if raw.version.is_empty() {
            return Err(TariffFileError::NoVersions);
        }
        let mut versions: Vec<PriceVersion> = Vec::with_capacity(raw.version.len());
        for (index, v) in raw.version.iter().enumerate() {
            let from = plain_date(&v.effective_from).ok_or_else(|| TariffFileError::BadDate {
                index: index + 1,
                value: v.effective_from.to_string(),
            })?;
            if let Some(prev) = versions.last() {
                if prev.effective_from == from {
                    return Err(TariffFileError::OverlappingVersions(from));
                }
                if prev.effective_from > from {
                    return Err(TariffFileError::VersionsOutOfOrder {
                        earlier: from,
                        later: prev.effective_from,
                    });
                }
            }
            versions.push(version(from, v, &household)?);
        }
        Ok(Tariff {
            year_start,
            household,
            limits,
            fees,
            versions,
        })
    }
}

/// `MM-DD`, refusing 02-29: a tariff year must start on a day every year has.
fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let all_digits = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(m) || !all_digits(d) {
        return None;
    }
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    // 2023 is not a leap year.
    NaiveDate::from_ymd_opt(2023, m, d).map(|_| (m, d))
}

fn plain_date(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let date = dt.date?;
    let parsed = NaiveDate::from_ymd_opt(
        i32::from(date.year),
        u32::from(date.month),
        u32::from(date.day),
    )?;
    (parsed.year() >= 1970).then_some(parsed)
}

fn household(raw: &RawHousehold) -> Result<HouseholdRule, TariffFileError> {
    let extra = Volume::from_m3(raw.extra_per_person_m3);
    match extra {
        Some(extra) if raw.base_size >= 1 && extra >= Volume::ZERO => Ok(HouseholdRule {
            base_size: raw.base_size,
            extra_per_person: extra,
        }),
        _ => Err(TariffFileError::BadHousehold),
    }
}

fn limits(raw: &RawLimits) -> Result<Limits, TariffFileError> {
    if raw.payment_max_fen <= 0 {
        return Err(TariffFileError::BadLimit("payment_max_fen"));
    }
    if raw.top_up_max_fen <= 0 {
        return Err(TariffFileError::BadLimit("top_up_max_fen"));
    }
    let top_up_max_volume = Volume::from_m3(raw.top_up_max_m3)
        .filter(|v| *v > Volume::ZERO)
        .ok_or(TariffFileError::BadLimit("top_up_max_m3"))?;
    Ok(Limits {
        payment_max: Fen(raw.payment_max_fen),
        top_up_max: Fen(raw.top_up_max_fen),
        top_up_max_volume,
    })
}

fn fees(raw: &RawFees, limits: &Limits) -> Result<Fees, TariffFileError> {
    let fee = |fen: i64, name: &'static str| {
        if (0..=limits.payment_max.get()).contains(&fen) {
            Ok(Fen(fen))
        } else {
            Err(TariffFileError::BadFee(name))
        }
    };
    Ok(Fees {
        card_replacement: [
            fee(
                raw.card_replacement_residential_fen,
                "card_replacement_residential_fen",
            )?,
            fee(
                raw.card_replacement_commercial_fen,
                "card_replacement_commercial_fen",
            )?,
        ],
    })
}

fn version(
    from: NaiveDate,
    raw: &RawVersion,
    household: &HouseholdRule,
) -> Result<PriceVersion, TariffFileError> {
    if raw.tiers.is_empty() || raw.tiers.len() > MAX_TIERS {
        return Err(TariffFileError::TierCount { from });
    }
    if raw.commercial_fen_per_m3 <= 0 {
        return Err(TariffFileError::ZeroCommercialPrice { from });
    }
    // The largest household (u8::MAX people) must still have representable thresholds, so
    // pricing never meets an overflow the file could have caused.
    let widest = household
        .extra_for(u8::MAX)
        .ok_or(TariffFileError::BadHousehold)?;
    let last = raw.tiers.len() - 1;
    let mut tiers = Vec::with_capacity(raw.tiers.len());
    let mut prev_end = Volume::ZERO;
    let mut prev_price = 0;
    for (i, t) in raw.tiers.iter().enumerate() {
        let tier = i + 1;
        if t.fen_per_m3 <= 0 {
            return Err(TariffFileError::ZeroPrice { from, tier });
        }
        if t.fen_per_m3 < prev_price {
            return Err(TariffFileError::PriceDecreasing { from, tier });
        }
        prev_price = t.fen_per_m3;
        let up_to = match (t.up_to_m3, i == last) {
            (None, true) => None,
            (Some(_), true) => return Err(TariffFileError::LastTierBounded { from }),
            (None, false) => return Err(TariffFileError::MissingThreshold { from, tier }),
            (Some(m3), false) => {
                let end = Volume::from_m3(m3)
                    .filter(|end| end.checked_add(widest).is_some())
                    .ok_or(TariffFileError::ThresholdTooLarge { from, tier })?;
                if end <= prev_end {
                    return Err(TariffFileError::ThresholdNotIncreasing { from, tier });
                }
                prev_end = end;
                Some(end)
            }
        };
        tiers.push(Tier {
            up_to,
            unit_price: Fen(t.fen_per_m3),
        });
    }
    Ok(PriceVersion {
        effective_from: from,
        tiers,
        commercial: Fen(raw.commercial_fen_per_m3),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
year_start = "01-01"
[household]
base_size = 4
extra_per_person_m3 = 60
[limits]
payment_max_fen = 5000000
top_up_max_fen = 300000
top_up_max_m3 = 1000
"#;

    fn with_versions(versions: &str) -> Result<Tariff, TariffFileError> {
        Tariff::parse(&format!("{HEAD}{versions}"))
    }

    const GOOD: &str = r#"
[[version]]
effective_from = 2024-01-01
commercial_fen_per_m3 = 345
tiers = [{ up_to_m3 = 360, fen_per_m3 = 253 }, { up_to_m3 = 600, fen_per_m3 = 304 }, { fen_per_m3 = 379 }]
"#;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn parses_a_good_file() {
        let t = with_versions(GOOD).expect("valid");
        assert_eq!(t.versions().len(), 1);
        assert_eq!(t.versions()[0].tiers.len(), 3);
        assert_eq!(t.versions()[0].tiers[0].up_to, Volume::from_m3(360));
        assert_eq!(t.versions()[0].tiers[2].up_to, None);
        assert_eq!(t.limits().top_up_max, Fen(300_000));
    }

    #[test]
    fn refuses_defects() {
        use TariffFileError as E;
        let v = |from: &str, tiers: &str| {
            format!(
                "[[version]]\neffective_from = {from}\ncommercial_fen_per_m3 = 345\ntiers = [{tiers}]\n"
            )
        };
        let three = "{ up_to_m3 = 360, fen_per_m3 = 253 }, { up_to_m3 = 600, fen_per_m3 = 304 }, { fen_per_m3 = 379 }";
        let d = date(2024, 1, 1);
        let cases: Vec<(String, TariffFileError)> = vec![
            (String::new(), E::NoVersions),
            (
                format!("{}{}", v("2024-01-01", three), v("2023-01-01", three)),
                E::VersionsOutOfOrder {
                    earlier: date(2023, 1, 1),
                    later: d,
                },
            ),
            (
                format!("{}{}", v("2024-01-01", three), v("2024-01-01", three)),
                E::OverlappingVersions(d),
            ),
            (v("2024-01-01", ""), E::TierCount { from: d }),
            (
                v("2024-01-01", "{ fen_per_m3 = 253 }, { fen_per_m3 = 304 }"),
                E::MissingThreshold { from: d, tier: 1 },
            ),
            (
                v("2024-01-01", "{ up_to_m3 = 360, fen_per_m3 = 253 }"),
                E::LastTierBounded { from: d },
            ),
            (
                v(
                    "2024-01-01",
                    "{ up_to_m3 = 360, fen_per_m3 = 253 }, { up_to_m3 = 360, fen_per_m3 = 304 }, { fen_per_m3 = 379 }",
                ),
                E::ThresholdNotIncreasing { from: d, tier: 2 },
            ),
            (
                v(
                    "2024-01-01",
                    "{ up_to_m3 = 0, fen_per_m3 = 253 }, { fen_per_m3 = 379 }",
                ),
                E::ThresholdNotIncreasing { from: d, tier: 1 },
            ),
            (
                v(
                    "2024-01-01",
                    "{ up_to_m3 = 9223372036854775807, fen_per_m3 = 253 }, { fen_per_m3 = 379 }",
                ),
                E::ThresholdTooLarge { from: d, tier: 1 },
            ),
            (
                v(
                    "2024-01-01",
                    "{ up_to_m3 = 360, fen_per_m3 = 0 }, { fen_per_m3 = 379 }",
                ),
                E::ZeroPrice { from: d, tier: 1 },
            ),
            (
                v(
                    "2024-01-01",
                    "{ up_to_m3 = 360, fen_per_m3 = 304 }, { fen_per_m3 = 253 }",
                ),
                E::PriceDecreasing { from: d, tier: 2 },
            ),
            (
                v("2024-01-01T08:00:00", three),
                E::BadDate {
                    index: 1,
                    value: "2024-01-01T08:00:00".into(),
                },
            ),
        ];
        for (body, want) in cases {
            assert_eq!(with_versions(&body).err(), Some(want), "{body}");
        }
        let commercial = GOOD.replace("= 345", "= 0");
        assert_eq!(
            with_versions(&commercial).err(),
            Some(E::ZeroCommercialPrice { from: d })
        );
    }

    #[test]
    fn refuses_bad_header() {
        let bad_start = HEAD.replace("\"01-01\"", "\"02-29\"");
        assert!(matches!(
            Tariff::parse(&format!("{bad_start}{GOOD}")),
            Err(TariffFileError::BadYearStart(_))
        ));
        for s in ["1-1", "13-01", "01-32", "0a-01", ""] {
            assert_eq!(parse_month_day(s), None, "{s}");
        }
        assert_eq!(parse_month_day("07-01"), Some((7, 1)));
        let no_base = HEAD.replace("base_size = 4", "base_size = 0");
        assert_eq!(
            Tariff::parse(&format!("{no_base}{GOOD}")).err(),
            Some(TariffFileError::BadHousehold)
        );
        let no_cap = HEAD.replace("top_up_max_fen = 300000", "top_up_max_fen = 0");
        assert_eq!(
            Tariff::parse(&format!("{no_cap}{GOOD}")).err(),
            Some(TariffFileError::BadLimit("top_up_max_fen"))
        );
        let unknown = format!("{HEAD}surprise = 1\n{GOOD}");
        assert!(matches!(
            Tariff::parse(&unknown),
            Err(TariffFileError::Syntax(_))
        ));
    }
}
