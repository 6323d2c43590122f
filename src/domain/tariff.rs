//! The tiered residential tariff (阶梯气价) and the flat commercial price, as defined in
//! `data/tariffs.toml`.
//!
//! # Tiers
//! A residential household's price per m³ rises with its cumulative volume in the tariff
//! year (which starts on the file's `year_start`). A purchase or bill is split across tiers
//! starting from the volume the household already took this year (`year_to_date`).
//! Households of more than `base_size` registered people get `extra_per_person_m3` more on
//! every tier threshold for each extra person (6 people, base 4, +60 each: tier 1 ends at
//! 360 + 120 = 480 m³, tier 2 at 600 + 120 = 720 m³). Commercial accounts pay one flat price,
//! shown as a single line numbered tier 1.
//!
//! # Price versions
//! The file lists price versions by `effective_from`; a volume is priced with the version in
//! force on the pricing date (a reading date, or the day of a top-up), for all of it. A bill
//! whose reading period spans a price change is therefore priced at the new price from the
//! change's date on; proration is not done.
//!
//! # Rounding: each line on its own, so a customer can recompute the bill
//! Prices are fen per m³ and volumes litres. Each tier line of a purchase or bill costs
//! `round_half_up(volume in m³ × unit price)` fen, rounded on its own (12.345 m³ × 2.53 =
//! 31.23285 → 31.23), and the total is the sum of the lines as shown. Consequences:
//! - every line is `volume × unit price` rounded to the fen, and the total their sum, so
//!   a bill or receipt can be checked with a calculator;
//! - buying x then y may differ from x + y in one purchase by a fen or two (each purchase
//!   rounds its own lines); whole-m³ volumes are always exact.

mod file;
mod volume;

#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

pub use file::{MAX_TIERS, TariffFileError};
pub use volume::{
    LITRES_PER_M3, TENTH_M3, Volume, VolumeError, parse_m3, parse_m3_capped, parse_m3_tenths_capped,
};

use crate::domain::account::CustomerType;
use crate::domain::fee::FeeCode;
use crate::domain::money::Fen;
use crate::i18n::{self, Lang, Localized};

/// A validated tariff: price versions in date order, the tariff year and household rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tariff {
    year_start: (u32, u32),
    household: HouseholdRule,
    limits: Limits,
    fees: Fees,
    versions: Vec<PriceVersion>,
}

/// What the counter charges for a service ([`FeeCode`]), by customer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fees {
    /// Residential, then commercial.
    pub card_replacement: [Fen; 2],
}

/// Prices in force from `effective_from` until the next version's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceVersion {
    pub effective_from: NaiveDate,
    /// Residential tiers in order; every tier but the last has `up_to`.
    pub tiers: Vec<Tier>,
    /// The flat commercial price per m³.
    pub commercial: Fen,
}

/// One residential tier, with its threshold for a household of `base_size` or fewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// Cumulative yearly volume where the tier ends; `None` for the open last tier.
    pub up_to: Option<Volume>,
    /// Price per m³.
    pub unit_price: Fen,
}

/// More tier volume for households larger than `base_size` registered people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HouseholdRule {
    pub base_size: u8,
    pub extra_per_person: Volume,
}

impl HouseholdRule {
    /// The volume added to each tier threshold for a household of `size` people.
    pub fn extra_for(&self, size: u8) -> Option<Volume> {
        let extra_people = i64::from(size.saturating_sub(self.base_size));
        self.extra_per_person.checked_mul(extra_people)
    }
}

/// Per-transaction limits from the tariff file, for the amount and volume fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest single payment of bills or on account.
    pub payment_max: Fen,
    /// Largest IC-card purchase by amount.
    pub top_up_max: Fen,
    /// Largest IC-card purchase by volume.
    pub top_up_max_volume: Volume,
}

/// A tier as it applies to one household on one day: the volume range of the tariff year
/// it covers and its price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// 1-based; commercial accounts have the single band 1.
    pub tier: u8,
    pub from: Volume,
    /// `None` for the open last band.
    pub to: Option<Volume>,
    pub unit_price: Fen,
}

/// A priced volume: how it splits across tiers and what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    pub customer_type: CustomerType,
    /// The price version used.
    pub effective_from: NaiveDate,
    /// The household's volume this tariff year before this one.
    pub year_to_date: Volume,
    pub volume: Volume,
    /// One line per tier touched, in tier order; empty for a zero volume.
    pub lines: Vec<TierLine>,
    /// The sum of the line amounts.
    pub total: Fen,
}

/// The part of a priced volume that falls in one tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierLine {
    pub tier: u8,
    /// Cumulative yearly volume where this line starts.
    pub starts_at: Volume,
    pub volume: Volume,
    pub unit_price: Fen,
    pub amount: Fen,
}

/// Why a volume or amount could not be priced.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum TariffError {
    #[error("no price version is in force on {date}")]
    NoPriceOn { date: NaiveDate },
    #[error("a household has at least one person")]
    HouseholdSizeZero,
    #[error("negative volume")]
    NegativeVolume,
    #[error("negative amount")]
    NegativeAmount,
    #[error("the purchase step must be positive")]
    BadStep,
    #[error("{amount} yuan does not buy the smallest unit of gas")]
    AmountBuysNothing { amount: Fen },
    #[error("the date is out of range")]
    DateOutOfRange,
    #[error("the volume or amount is too large to price")]
    Overflow,
}

impl Localized for TariffError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            TariffError::NoPriceOn { date } => {
                i18n::TARIFF_NO_PRICE_ON.fill(lang, &[("date", date)])
            }
            TariffError::HouseholdSizeZero => i18n::TARIFF_HOUSEHOLD_ZERO.get(lang).to_string(),
            TariffError::NegativeVolume => i18n::TARIFF_NEGATIVE_VOLUME.get(lang).to_string(),
            TariffError::NegativeAmount => i18n::TARIFF_NEGATIVE_AMOUNT.get(lang).to_string(),
            TariffError::BadStep => i18n::TARIFF_BAD_STEP.get(lang).to_string(),
            TariffError::AmountBuysNothing { amount } => {
                i18n::TARIFF_AMOUNT_BUYS_NOTHING.fill(lang, &[("amount", &amount.yuan_string())])
            }
            TariffError::DateOutOfRange => i18n::TARIFF_DATE_OUT_OF_RANGE.get(lang).to_string(),
            TariffError::Overflow => i18n::TARIFF_OVERFLOW.get(lang).to_string(),
        }
    }
}

static BUILTIN: LazyLock<Tariff> = LazyLock::new(|| {
    // Checked by a unit test, so a failure here is a build defect, not a runtime condition.
    Tariff::parse(include_str!("../../data/tariffs.toml"))
        .expect("data/tariffs.toml is validated by tests")
});

impl Tariff {
    /// The tariff shipped in `data/tariffs.toml` (demo values).
    pub fn builtin() -> &'static Tariff {
        &BUILTIN
    }

    /// The price versions, oldest first.
    pub fn versions(&self) -> &[PriceVersion] {
        &self.versions
    }

    pub fn household(&self) -> HouseholdRule {
        self.household
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The fee `code` for a customer of this type; zero when none is taken.
    pub fn fee(&self, code: FeeCode, customer: CustomerType) -> Fen {
        let by_type = match code {
            FeeCode::CardReplacement => self.fees.card_replacement,
            // The install fee is quoted per application (data/install.toml); its fixed
            // part is the connection fee.
            FeeCode::Install => {
                let f = &crate::domain::install::InstallRules::builtin().fees;
                [Fen(f.connection_residential), Fen(f.connection_commercial)]
            }
            // The transfer fee is set per case in data/transfer.toml, not per customer type.
            FeeCode::Transfer => [Fen(0), Fen(0)],
        };
        match customer {
            CustomerType::Residential => by_type[0],
            CustomerType::Commercial => by_type[1],
        }
    }

    /// Month and day the tariff year starts.
    pub fn year_start(&self) -> (u32, u32) {
        self.year_start
    }

    /// The version in force on `on`: the latest whose `effective_from` is not after it.
    pub fn version_on(&self, on: NaiveDate) -> Result<&PriceVersion, TariffError> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective_from <= on)
            .ok_or(TariffError::NoPriceOn { date: on })
    }

    /// The first day of the tariff year containing `on`. The store sums the household's
    /// volume from this day (inclusive) to get `year_to_date`.
    pub fn tariff_year_start(&self, on: NaiveDate) -> Result<NaiveDate, TariffError> {
        let (m, d) = self.year_start;
        let this_year =
            NaiveDate::from_ymd_opt(on.year(), m, d).ok_or(TariffError::DateOutOfRange)?;
        if this_year <= on {
            return Ok(this_year);
        }
        let year = on
            .year()
            .checked_sub(1)
            .ok_or(TariffError::DateOutOfRange)?;
        NaiveDate::from_ymd_opt(year, m, d).ok_or(TariffError::DateOutOfRange)
    }

    /// The first day of the next tariff year (the end of `on`'s year, exclusive).
    pub fn tariff_year_end(&self, on: NaiveDate) -> Result<NaiveDate, TariffError> {
        let start = self.tariff_year_start(on)?;
        let year = start
            .year()
            .checked_add(1)
            .ok_or(TariffError::DateOutOfRange)?;
        NaiveDate::from_ymd_opt(year, start.month(), start.day()).ok_or(TariffError::DateOutOfRange)
    }

    /// The bands that apply to a customer on a day, household adjustment included; for a
    /// screen that shows "tier 1 up to 480 m³ at 2.53".
    pub fn schedule(
        &self,
        customer: CustomerType,
        household_size: u8,
        on: NaiveDate,
    ) -> Result<Vec<Band>, TariffError> {
        let version = self.version_on(on)?;
        self.bands(version, customer, household_size)
    }

    fn bands(
        &self,
        version: &PriceVersion,
        customer: CustomerType,
        household_size: u8,
    ) -> Result<Vec<Band>, TariffError> {
        if customer == CustomerType::Commercial {
            return Ok(vec![Band {
                tier: 1,
                from: Volume::ZERO,
                to: None,
                unit_price: version.commercial,
            }]);
        }
        if household_size == 0 {
            return Err(TariffError::HouseholdSizeZero);
        }
        let extra = self
            .household
            .extra_for(household_size)
            .ok_or(TariffError::Overflow)?;
        let mut bands = Vec::with_capacity(version.tiers.len());
        let mut from = Volume::ZERO;
        for (tier, t) in (1u8..).zip(&version.tiers) {
            let to = match t.up_to {
                Some(end) => Some(end.checked_add(extra).ok_or(TariffError::Overflow)?),
                None => None,
            };
            bands.push(Band {
                tier,
                from,
                to,
                unit_price: t.unit_price,
            });
            from = to.unwrap_or(Volume::MAX);
        }
        Ok(bands)
    }

    /// Prices `volume` for a household that already took `year_to_date` this tariff year,
    /// with the version in force on `on`. See the module documentation for the rounding.
    pub fn price(
        &self,
        customer: CustomerType,
        household_size: u8,
        year_to_date: Volume,
        volume: Volume,
        on: NaiveDate,
    ) -> Result<Priced, TariffError> {
        if year_to_date < Volume::ZERO || volume < Volume::ZERO {
            return Err(TariffError::NegativeVolume);
        }
        let version = self.version_on(on)?;
        let bands = self.bands(version, customer, household_size)?;
        let end = year_to_date
            .checked_add(volume)
            .ok_or(TariffError::Overflow)?;
        let mut lines = Vec::new();
        for band in &bands {
            let start = band.from.max(year_to_date);
            let stop = band.to.unwrap_or(Volume::MAX).min(end);
            if start >= stop {
                continue;
            }
            lines.push(TierLine {
                tier: band.tier,
                starts_at: start,
                volume: Volume(stop.0 - start.0),
                unit_price: band.unit_price,
                amount: to_fen(line_fen(stop.0 - start.0, band.unit_price)?)?,
            });
        }
        Ok(Priced {
            customer_type: customer,
            effective_from: version.effective_from,
            year_to_date,
            volume,
            lines,
            total: to_fen(purchase_fen(&bands, year_to_date, end)?)?,
        })
    }

    /// For a top-up entered in yuan: the largest volume, in litres, whose price is at most
    /// `amount`, priced. The customer pays the returned `total`, which may be a few fen
    /// below `amount`.
    pub fn volume_for_amount(
        &self,
        customer: CustomerType,
        household_size: u8,
        year_to_date: Volume,
        amount: Fen,
        on: NaiveDate,
    ) -> Result<Priced, TariffError> {
        self.volume_for_amount_in_steps(
            customer,
            household_size,
            year_to_date,
            amount,
            on,
            Volume(1),
        )
    }

    /// [`Tariff::volume_for_amount`] in multiples of `step`, for cards and meters that take
    /// only whole m³ ([`Volume::ONE_M3`]) or tenths.
    pub fn volume_for_amount_in_steps(
        &self,
        customer: CustomerType,
        household_size: u8,
        year_to_date: Volume,
        amount: Fen,
        on: NaiveDate,
        step: Volume,
    ) -> Result<Priced, TariffError> {
        if amount.is_negative() {
            return Err(TariffError::NegativeAmount);
        }
        if amount.is_zero() {
            // The first litre rounds to 0 fen; it is not handed out for nothing.
            return Err(TariffError::AmountBuysNothing { amount });
        }
        if step <= Volume::ZERO {
            return Err(TariffError::BadStep);
        }
        if year_to_date < Volume::ZERO {
            return Err(TariffError::NegativeVolume);
        }
        let bands = self.bands(self.version_on(on)?, customer, household_size)?;
        // Steps that keep the year's volume representable; one more is never affordable.
        let beyond = i128::from((i64::MAX - year_to_date.0) / step.0) + 1;
        // Cost is non-decreasing in volume (prices are positive), so affordability is
        // monotone and the largest affordable count is found by galloping then bisecting.
        let affordable = |n: i128| -> bool {
            let Some(end) = i64::try_from(n)
                .ok()
                .and_then(|n| step.0.checked_mul(n))
                .and_then(|v| year_to_date.0.checked_add(v))
            else {
                return false;
            };
            // An overflowing cost is beyond any i64 amount.
            purchase_fen(&bands, year_to_date, Volume(end)).is_ok_and(|c| c <= i128::from(amount.0))
        };
        let (mut lo, mut hi) = (0i128, 1i128);
        while hi < beyond && affordable(hi) {
            lo = hi;
            hi = (hi * 2).min(beyond);
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if affordable(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if lo == 0 {
            return Err(TariffError::AmountBuysNothing { amount });
        }
        let steps = i64::try_from(lo).map_err(|_| TariffError::Overflow)?;
        let volume = step.checked_mul(steps).ok_or(TariffError::Overflow)?;
        self.price(customer, household_size, year_to_date, volume, on)
    }
}

/// One tier line's amount: its volume times its unit price, rounded half up to the fen
/// on its own, so the customer can recompute every line from what the bill shows.
fn line_fen(litres: i64, unit_price: Fen) -> Result<i128, TariffError> {
    let per_m3 = i128::from(LITRES_PER_M3);
    // Non-negative, so flooring after adding half a fen rounds half up.
    i128::from(litres)
        .checked_mul(i128::from(unit_price.0))
        .and_then(|m| m.checked_add(per_m3 / 2))
        .map(|m| m / per_m3)
        .ok_or(TariffError::Overflow)
}

/// What the gas from `start` to `stop` of the year costs: the sum of its tier lines, each
/// rounded on its own ([`line_fen`]). Computed in i128: a price times a volume, both i64,
/// always fits; only the sum is checked.
fn purchase_fen(bands: &[Band], start: Volume, stop: Volume) -> Result<i128, TariffError> {
    let mut total: i128 = 0;
    for band in bands {
        let from = band.from.max(start);
        let to = band.to.unwrap_or(Volume::MAX).min(stop);
        if from >= to {
            continue;
        }
        total = total
            .checked_add(line_fen(to.0 - from.0, band.unit_price)?)
            .ok_or(TariffError::Overflow)?;
    }
    Ok(total)
}

fn to_fen(fen: i128) -> Result<Fen, TariffError> {
    i64::try_from(fen)
        .map(Fen)
        .map_err(|_| TariffError::Overflow)
}
