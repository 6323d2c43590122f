//! Meter readings as typed at a counter or read from the reading system's file.

use chrono::NaiveDate;

use crate::domain::tariff::{Volume, VolumeError, parse_m3};

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

    #[test]
    fn a_register_may_be_zero_but_is_otherwise_strict() {
        assert_eq!(parse_register("0"), Ok(Volume::ZERO));
        assert_eq!(parse_register("1234.5"), Ok(Volume(1_234_500)));
        assert_eq!(parse_register("-1"), Err(VolumeError::Sign));
        assert_eq!(parse_register("1,234"), Err(VolumeError::Separator));
        assert_eq!(parse_register(""), Err(VolumeError::Empty));
    }
}
