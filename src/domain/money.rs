//! Money as integer fen (分, 1/100 yuan). Floating point never touches an amount: every sum a
//! cashier is accountable for must add up to the fen, and binary fractions cannot hold 0.10.
//!
//! Typed amounts are parsed strictly by [`parse_yuan`] / [`parse_yuan_capped`]; receipts show
//! them in figures ([`Fen::yuan_string`]) and in Chinese capitals ([`to_chinese_capital`]).

mod capital;
mod parse;

use std::fmt;

pub use capital::to_chinese_capital;
pub use parse::{AmountError, parse_yuan, parse_yuan_capped};
pub(crate) use parse::{DecimalFault, scan_decimal};

/// An amount in fen. Negative values exist (reversals, shortages, balances in credit); the
/// parsers never produce them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

/// Fen in one yuan.
pub const FEN_PER_YUAN: i64 = 100;

impl Fen {
    pub const ZERO: Fen = Fen(0);
    pub const MAX: Fen = Fen(i64::MAX);

    /// Whole yuan as fen; `None` if it does not fit.
    pub const fn from_yuan(yuan: i64) -> Option<Fen> {
        match yuan.checked_mul(FEN_PER_YUAN) {
            Some(f) => Some(Fen(f)),
            None => None,
        }
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Fen> {
        self.0.checked_mul(factor).map(Fen)
    }

    pub fn checked_neg(self) -> Option<Fen> {
        self.0.checked_neg().map(Fen)
    }

    /// The sum of `amounts`, `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Fen>>(amounts: I) -> Option<Fen> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |acc, a| acc.checked_add(a))
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Whole yuan and the remaining fen (0..=99) of the absolute value. `unsigned_abs`
    /// keeps `i64::MIN` representable.
    pub(crate) const fn abs_parts(self) -> (u64, u64) {
        let abs = self.0.unsigned_abs();
        (abs / FEN_PER_YUAN as u64, abs % FEN_PER_YUAN as u64)
    }

    /// Yuan with two decimals and thousands separators, for receipts and totals:
    /// `1,234.50`, `-0.50`, `0.00`. Use `Display` (`1234.50`) where the text may be typed
    /// back into an amount field, since [`parse_yuan`] refuses separators.
    pub fn yuan_string(self) -> String {
        let (yuan, fen) = self.abs_parts();
        let digits = yuan.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 4);
        if self.is_negative() {
            grouped.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        grouped.push('.');
        grouped.push_str(&format!("{fen:02}"));
        grouped
    }
}

/// Yuan with exactly two decimals and no separators (`1234.50`, `-0.50`); honours width and
/// alignment (`{:>10}`) so columns of amounts line up.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (yuan, fen) = self.abs_parts();
        let sign = if self.is_negative() { "-" } else { "" };
        f.pad(&format!("{sign}{yuan}.{fen:02}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_has_two_decimals() {
        assert_eq!(Fen(123450).to_string(), "1234.50");
        assert_eq!(Fen(-50).to_string(), "-0.50");
        assert_eq!(Fen(0).to_string(), "0.00");
        assert_eq!(Fen(1).to_string(), "0.01");
        assert_eq!(Fen(-100).to_string(), "-1.00");
        assert_eq!(Fen(i64::MAX).to_string(), "92233720368547758.07");
        assert_eq!(Fen(i64::MIN).to_string(), "-92233720368547758.08");
        assert_eq!(format!("{:>8}", Fen(150)), "    1.50");
        assert_eq!(format!("{:<6}|", Fen(5)), "0.05  |");
    }

    #[test]
    fn yuan_string_groups_thousands() {
        assert_eq!(Fen(123450).yuan_string(), "1,234.50");
        assert_eq!(Fen(99999).yuan_string(), "999.99");
        assert_eq!(Fen(100000).yuan_string(), "1,000.00");
        assert_eq!(Fen(123456789).yuan_string(), "1,234,567.89");
        assert_eq!(Fen(-123456789).yuan_string(), "-1,234,567.89");
        assert_eq!(Fen(-50).yuan_string(), "-0.50");
        assert_eq!(Fen(0).yuan_string(), "0.00");
        assert_eq!(Fen(i64::MIN).yuan_string(), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn checked_arithmetic_reports_overflow() {
        assert_eq!(Fen(1).checked_add(Fen(2)), Some(Fen(3)));
        assert_eq!(Fen::MAX.checked_add(Fen(1)), None);
        assert_eq!(Fen(1).checked_sub(Fen(2)), Some(Fen(-1)));
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
        assert_eq!(Fen(253).checked_mul(360), Some(Fen(91080)));
        assert_eq!(Fen::MAX.checked_mul(2), None);
        assert_eq!(Fen(i64::MIN).checked_neg(), None);
        assert_eq!(Fen::checked_sum([Fen(1), Fen(2), Fen(3)]), Some(Fen(6)));
        assert_eq!(Fen::checked_sum([Fen::MAX, Fen(1)]), None);
        assert_eq!(Fen::checked_sum([]), Some(Fen::ZERO));
        assert_eq!(Fen::from_yuan(12), Some(Fen(1200)));
        assert_eq!(Fen::from_yuan(i64::MAX), None);
    }

    proptest! {
        #[test]
        fn yuan_string_without_commas_is_display(v in any::<i64>()) {
            prop_assert_eq!(Fen(v).yuan_string().replace(',', ""), Fen(v).to_string());
        }
    }
}
