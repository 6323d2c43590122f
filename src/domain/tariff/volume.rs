//! Gas volume in litres. Meter readings carry up to three decimals of m³ (the red drum of a
//! diaphragm meter counts litres), and a bill or a top-up priced from them must be exact, so
//! volumes are integers of the smallest unit a meter shows.

use std::fmt;

use crate::domain::money::{DecimalFault, scan_decimal};
use crate::domain::text::describe_char;
use crate::i18n::{self, Lang, Localized};

/// Litres in one m³.
pub const LITRES_PER_M3: i64 = 1000;

/// A volume of gas in litres (1/1000 m³). Negative values are refused by pricing.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Volume(pub i64);

impl Volume {
    pub const ZERO: Volume = Volume(0);
    pub const MAX: Volume = Volume(i64::MAX);
    /// The step for meters and cards that take whole m³.
    pub const ONE_M3: Volume = Volume(LITRES_PER_M3);

    /// Whole m³; `None` if it does not fit.
    pub const fn from_m3(m3: i64) -> Option<Volume> {
        match m3.checked_mul(LITRES_PER_M3) {
            Some(l) => Some(Volume(l)),
            None => None,
        }
    }

    pub const fn litres(self) -> i64 {
        self.0
    }

    pub const fn is_whole_m3(self) -> bool {
        self.0 % LITRES_PER_M3 == 0
    }

    pub fn checked_add(self, other: Volume) -> Option<Volume> {
        self.0.checked_add(other.0).map(Volume)
    }

    pub fn checked_sub(self, other: Volume) -> Option<Volume> {
        self.0.checked_sub(other.0).map(Volume)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Volume> {
        self.0.checked_mul(factor).map(Volume)
    }

    /// m³ with exactly three decimals (`12.500`), for columns where decimals must align.
    pub fn m3_fixed(self) -> String {
        let (whole, frac) = self.abs_parts();
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{whole}.{frac:03}")
    }

    fn abs_parts(self) -> (u64, u64) {
        let abs = self.0.unsigned_abs();
        let per = LITRES_PER_M3.unsigned_abs();
        (abs / per, abs % per)
    }
}

/// m³ without trailing zeros (`360`, `12.5`, `0.001`); exact, never rounded. Honours width
/// and alignment. Typing it back into [`parse_m3`] gives the same volume.
impl fmt::Display for Volume {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fixed = self.m3_fixed();
        let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
        f.pad(trimmed)
    }
}

/// Why a typed volume was refused.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum VolumeError {
    #[error("no volume entered")]
    Empty,
    #[error("a volume has no sign")]
    Sign,
    #[error("exponent notation is not accepted")]
    Exponent,
    #[error("more than three decimals")]
    TooManyDecimals,
    #[error("thousands separators or blanks inside the volume")]
    Separator,
    #[error("character {ch:?} is not allowed in a volume")]
    InvalidChar { ch: char },
    #[error("malformed volume")]
    Malformed,
    #[error("the volume is zero")]
    Zero,
    #[error("over the limit of {cap} m³")]
    OverCap { cap: Volume },
    #[error("the volume is too large to represent")]
    Overflow,
    #[error("cards take tenths of a m³: at most one decimal")]
    NotTenths,
}

impl Localized for VolumeError {
    fn localized(&self, lang: Lang) -> String {
        let msg = match self {
            VolumeError::Empty => i18n::VOLUME_EMPTY,
            VolumeError::Sign => i18n::VOLUME_SIGN,
            VolumeError::Exponent => i18n::VOLUME_EXPONENT,
            VolumeError::TooManyDecimals => i18n::VOLUME_TOO_MANY_DECIMALS,
            VolumeError::Separator => i18n::VOLUME_SEPARATOR,
            VolumeError::InvalidChar { ch } => {
                return i18n::VOLUME_INVALID_CHAR.fill(lang, &[("ch", &describe_char(*ch))]);
            }
            VolumeError::Malformed => i18n::VOLUME_MALFORMED,
            VolumeError::Zero => i18n::VOLUME_ZERO,
            VolumeError::OverCap { cap } => {
                return i18n::VOLUME_OVER_CAP.fill(lang, &[("cap", cap)]);
            }
            VolumeError::Overflow => i18n::VOLUME_OVERFLOW,
            VolumeError::NotTenths => i18n::VOLUME_NOT_TENTHS,
        };
        msg.get(lang).to_string()
    }
}

/// Units a clerk may type after the number; `ｍ３` folds to `m3`. Longest first, so `立方米`
/// is not read as `立方` followed by a stray `米`.
const SUFFIXES: [&str; 6] = ["立方米", "立方", "方", "m³", "m3", "M3"];

/// A typed volume in m³ (e.g. `12.5`, `１２．５`, `30方`), with the same strictness as
/// [`crate::domain::money::parse_yuan`] and at most three decimals (one litre).
pub fn parse_m3(input: &str) -> Result<Volume, VolumeError> {
    parse_m3_capped(input, Volume::MAX)
}

/// [`parse_m3`], refusing volumes above `cap` (the per-purchase limit of a top-up).
pub fn parse_m3_capped(input: &str, cap: Volume) -> Result<Volume, VolumeError> {
    let litres = scan_decimal(input, 3, &[], &SUFFIXES).map_err(|fault| match fault {
        DecimalFault::Empty => VolumeError::Empty,
        DecimalFault::Sign => VolumeError::Sign,
        DecimalFault::Exponent => VolumeError::Exponent,
        DecimalFault::Separator => VolumeError::Separator,
        DecimalFault::InvalidChar(ch) => VolumeError::InvalidChar { ch },
        DecimalFault::Malformed => VolumeError::Malformed,
        DecimalFault::TooManyDecimals => VolumeError::TooManyDecimals,
        DecimalFault::Overflow => VolumeError::Overflow,
    })?;
    if litres == 0 {
        return Err(VolumeError::Zero);
    }
    let volume = Volume(litres);
    if volume > cap {
        return Err(VolumeError::OverCap { cap });
    }
    Ok(volume)
}

/// Litres in the tenth of a m³ that IC cards and their meters take.
pub const TENTH_M3: i64 = LITRES_PER_M3 / 10;

/// A top-up typed in m³: [`parse_m3_capped`], with at most one decimal, since cards take
/// tenths of a m³. `12.5` and `12.50` are taken; `12.55` is refused with its own message,
/// never cut to `12.5`.
pub fn parse_m3_tenths_capped(input: &str, cap: Volume) -> Result<Volume, VolumeError> {
    let volume = parse_m3_capped(input, Volume::MAX).map_err(|e| match e {
        VolumeError::TooManyDecimals => VolumeError::NotTenths,
        other => other,
    })?;
    if volume.0 % TENTH_M3 != 0 {
        return Err(VolumeError::NotTenths);
    }
    if volume > cap {
        return Err(VolumeError::OverCap { cap });
    }
    Ok(volume)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_is_exact_m3() {
        assert_eq!(Volume(360_000).to_string(), "360");
        assert_eq!(Volume(12_500).to_string(), "12.5");
        assert_eq!(Volume(1).to_string(), "0.001");
        assert_eq!(Volume(0).to_string(), "0");
        assert_eq!(Volume(-1500).to_string(), "-1.5");
        assert_eq!(Volume(12_500).m3_fixed(), "12.500");
        assert_eq!(format!("{:>6}", Volume(2000)), "     2");
    }

    #[test]
    fn parses_typed_m3() {
        assert_eq!(parse_m3("12.5"), Ok(Volume(12_500)));
        assert_eq!(parse_m3("１２．５"), Ok(Volume(12_500)));
        assert_eq!(parse_m3("30方"), Ok(Volume(30_000)));
        assert_eq!(parse_m3("30 立方米"), Ok(Volume(30_000)));
        assert_eq!(parse_m3("30m³"), Ok(Volume(30_000)));
        assert_eq!(parse_m3("３０ｍ３"), Ok(Volume(30_000)));
        assert_eq!(parse_m3("0.001"), Ok(Volume(1)));
        assert_eq!(parse_m3("0.0001"), Err(VolumeError::TooManyDecimals));
        assert_eq!(parse_m3("-3"), Err(VolumeError::Sign));
        assert_eq!(parse_m3("1e2"), Err(VolumeError::Exponent));
        assert_eq!(parse_m3("1,000"), Err(VolumeError::Separator));
        assert_eq!(parse_m3("0"), Err(VolumeError::Zero));
        assert_eq!(parse_m3("¥30"), Err(VolumeError::InvalidChar { ch: '¥' }));
        assert_eq!(parse_m3("米"), Err(VolumeError::InvalidChar { ch: '米' }));
        assert_eq!(parse_m3(""), Err(VolumeError::Empty));
        assert_eq!(parse_m3("5."), Err(VolumeError::Malformed));
        assert_eq!(parse_m3("99999999999999999"), Err(VolumeError::Overflow));
        let cap = Volume::from_m3(1000).unwrap_or(Volume::MAX);
        assert_eq!(parse_m3_capped("1000", cap), Ok(cap));
        assert_eq!(
            parse_m3_capped("1000.001", cap),
            Err(VolumeError::OverCap { cap })
        );
        assert!(
            VolumeError::OverCap { cap }
                .localized(Lang::Zh)
                .contains("1000")
        );
    }

    #[test]
    fn a_top_up_takes_one_decimal_and_cuts_nothing() {
        let cap = Volume::from_m3(1000).unwrap_or(Volume::MAX);
        assert_eq!(parse_m3_tenths_capped("12.5", cap), Ok(Volume(12_500)));
        assert_eq!(
            parse_m3_tenths_capped("１２．５０", cap),
            Ok(Volume(12_500))
        );
        assert_eq!(parse_m3_tenths_capped("30方", cap), Ok(Volume(30_000)));
        assert_eq!(
            parse_m3_tenths_capped("12.55", cap),
            Err(VolumeError::NotTenths)
        );
        assert_eq!(
            parse_m3_tenths_capped("0.0001", cap),
            Err(VolumeError::NotTenths)
        );
        assert_eq!(
            parse_m3_tenths_capped("0.05", cap),
            Err(VolumeError::NotTenths)
        );
        assert_eq!(
            parse_m3_tenths_capped("1000.1", cap),
            Err(VolumeError::OverCap { cap })
        );
        assert_eq!(parse_m3_tenths_capped("0", cap), Err(VolumeError::Zero));
    }

    proptest! {
        #[test]
        fn display_round_trips(v in 1..=i64::MAX) {
            prop_assert_eq!(parse_m3(&Volume(v).to_string()), Ok(Volume(v)));
            prop_assert_eq!(parse_m3(&Volume(v).m3_fixed()), Ok(Volume(v)));
        }
    }
}
