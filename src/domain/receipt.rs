//! Receipt numbers, and (in the `tender` submodule) how money is taken: payment methods, their
//! references, change, and the cash count by denomination.
//!
//! A receipt number is `{office code}-{year}-{sequence}`, e.g. `HF03-2026-000123`: one
//! gapless series per office (the mobile vehicle has its own code) per calendar year,
//! starting at 000001. Numbers are allocated by the store inside the paying transaction, so
//! a rolled-back payment leaves no gap; this module only formats, parses and advances them.

mod tender;

use std::fmt;

pub use tender::{
    CashCount, CountError, Denomination, MAX_PIECES, PaymentMethod, REFERENCE_MAX_CHARS,
    ReferenceError, TenderError, change_due, parse_pieces, validate_reference,
};

use crate::domain::office::MAX_CODE_LEN;
use crate::i18n::{self, Lang, Localized};

/// Digits of the sequence part.
pub const SEQ_DIGITS: usize = 6;
/// The last number of a yearly series.
pub const MAX_SEQ: u32 = 999_999;
/// Receipt years are four digits.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 9999;

/// A receipt number, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReceiptNo {
    office_code: String,
    year: i32,
    seq: u32,
}

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ReceiptNoError {
    #[error("office code {code:?} must be 1-{MAX_CODE_LEN} ASCII letters or digits")]
    BadOfficeCode { code: String },
    #[error("year {year} is outside {MIN_YEAR}-{MAX_YEAR}")]
    BadYear { year: i32 },
    #[error("sequence {seq} is outside 1-{MAX_SEQ}")]
    BadSequence { seq: u32 },
    #[error("the receipt series of {office_code} for {year} is used up")]
    SeriesExhausted { office_code: String, year: i32 },
    #[error("not a receipt number (like HF03-2026-000123)")]
    Malformed,
}

impl Localized for ReceiptNoError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ReceiptNoError::BadOfficeCode { code } => {
                i18n::RECEIPT_BAD_OFFICE_CODE.fill(lang, &[("code", code)])
            }
            ReceiptNoError::BadYear { year } => {
                i18n::RECEIPT_BAD_YEAR.fill(lang, &[("year", year)])
            }
            ReceiptNoError::BadSequence { seq } => {
                i18n::RECEIPT_BAD_SEQUENCE.fill(lang, &[("seq", seq)])
            }
            ReceiptNoError::SeriesExhausted { office_code, year } => i18n::RECEIPT_SERIES_EXHAUSTED
                .fill(lang, &[("office", office_code), ("year", year)]),
            ReceiptNoError::Malformed => i18n::RECEIPT_MALFORMED.get(lang).to_string(),
        }
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl ReceiptNo {
    /// Checks each part: the office code as `data/offices.toml` allows it, a four-digit
    /// year, a sequence in `1..=MAX_SEQ`.
    pub fn new(office_code: &str, year: i32, seq: u32) -> Result<ReceiptNo, ReceiptNoError> {
        if !valid_code(office_code) {
            return Err(ReceiptNoError::BadOfficeCode {
                code: office_code.to_string(),
            });
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(ReceiptNoError::BadYear { year });
        }
        if !(1..=MAX_SEQ).contains(&seq) {
            return Err(ReceiptNoError::BadSequence { seq });
        }
        Ok(ReceiptNo {
            office_code: office_code.to_string(),
            year,
            seq,
        })
    }

    /// The first number of an office's series for a year.
    pub fn first(office_code: &str, year: i32) -> Result<ReceiptNo, ReceiptNoError> {
        ReceiptNo::new(office_code, year, 1)
    }

    /// The number after this one in the same series; refused past [`MAX_SEQ`] rather
    /// than wrapping or widening, so the series stays sortable and unique.
    pub fn next(&self) -> Result<ReceiptNo, ReceiptNoError> {
        if self.seq >= MAX_SEQ {
            return Err(ReceiptNoError::SeriesExhausted {
                office_code: self.office_code.clone(),
                year: self.year,
            });
        }
        Ok(ReceiptNo {
            office_code: self.office_code.clone(),
            year: self.year,
            seq: self.seq + 1,
        })
    }

    pub fn office_code(&self) -> &str {
        &self.office_code
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn seq(&self) -> u32 {
        self.seq
    }
}

impl fmt::Display for ReceiptNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = format!("{}-{}-{:06}", self.office_code, self.year, self.seq);
        f.pad(&s)
    }
}

/// `HF03-2026-000123` from its parts, checked as in [`ReceiptNo::new`].
pub fn format_receipt_no(office_code: &str, year: i32, seq: u32) -> Result<String, ReceiptNoError> {
    ReceiptNo::new(office_code, year, seq).map(|r| r.to_string())
}

/// A receipt number as typed for a reprint or a void: surrounding blanks are ignored and
/// full-width characters folded (`ＨＦ０３－２０２６－０００１２３`); the office code keeps its
/// case, as codes are compared exactly. The year must have four digits and the sequence six.
pub fn parse_receipt_no(input: &str) -> Result<ReceiptNo, ReceiptNoError> {
    let folded: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let mut parts = folded.split('-');
    let (Some(code), Some(year), Some(seq), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReceiptNoError::Malformed);
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !valid_code(code) || !digits(year, 4) || !digits(seq, SEQ_DIGITS) {
        return Err(ReceiptNoError::Malformed);
    }
    let year = year.parse().map_err(|_| ReceiptNoError::Malformed)?;
    let seq = seq.parse().map_err(|_| ReceiptNoError::Malformed)?;
    ReceiptNo::new(code, year, seq)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_with_six_digits() {
        assert_eq!(
            format_receipt_no("HF03", 2026, 123).as_deref(),
            Ok("HF03-2026-000123")
        );
        assert_eq!(
            format_receipt_no("HF09", 2026, 1).as_deref(),
            Ok("HF09-2026-000001")
        );
        assert_eq!(
            format_receipt_no("HF01", 2026, MAX_SEQ).as_deref(),
            Ok("HF01-2026-999999")
        );
        assert_eq!(
            format_receipt_no("HF-3", 2026, 1),
            Err(ReceiptNoError::BadOfficeCode {
                code: "HF-3".into()
            })
        );
        assert!(matches!(
            format_receipt_no("", 2026, 1),
            Err(ReceiptNoError::BadOfficeCode { .. })
        ));
        assert!(matches!(
            format_receipt_no("ABCDEFGHI", 2026, 1),
            Err(ReceiptNoError::BadOfficeCode { .. })
        ));
        assert_eq!(
            format_receipt_no("HF03", 1999, 1),
            Err(ReceiptNoError::BadYear { year: 1999 })
        );
        assert_eq!(
            format_receipt_no("HF03", 2026, 0),
            Err(ReceiptNoError::BadSequence { seq: 0 })
        );
        assert_eq!(
            format_receipt_no("HF03", 2026, 1_000_000),
            Err(ReceiptNoError::BadSequence { seq: 1_000_000 })
        );
    }

    #[test]
    fn parses_typed_numbers() {
        let r = parse_receipt_no("HF03-2026-000123").expect("valid");
        assert_eq!((r.office_code(), r.year(), r.seq()), ("HF03", 2026, 123));
        assert_eq!(parse_receipt_no("  HF03-2026-000123\n"), Ok(r.clone()));
        assert_eq!(parse_receipt_no("ＨＦ０３－２０２６－０００１２３"), Ok(r));
        for bad in [
            "",
            "HF03",
            "HF03-2026",
            "HF03-2026-123",
            "HF03-26-000123",
            "HF03-2026-0001234",
            "HF03-2026-000123-1",
            "HF 03-2026-000123",
            "HF03-2026-00012a",
            "HF03-2026-+00123",
            "-2026-000123",
            "HF03—2026—000123",
        ] {
            assert_eq!(
                parse_receipt_no(bad),
                Err(ReceiptNoError::Malformed),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_receipt_no("HF03-2026-000000"),
            Err(ReceiptNoError::BadSequence { seq: 0 })
        );
        assert_eq!(
            parse_receipt_no("HF03-1999-000001"),
            Err(ReceiptNoError::BadYear { year: 1999 })
        );
    }

    #[test]
    fn series_advance_and_end() {
        let first = ReceiptNo::first("HF03", 2026).expect("valid");
        assert_eq!(first.to_string(), "HF03-2026-000001");
        assert_eq!(
            first.next().map(|n| n.to_string()).as_deref(),
            Ok("HF03-2026-000002")
        );
        let last = ReceiptNo::new("HF03", 2026, MAX_SEQ).expect("valid");
        assert_eq!(
            last.next(),
            Err(ReceiptNoError::SeriesExhausted {
                office_code: "HF03".into(),
                year: 2026
            })
        );
        assert!(
            last.next()
                .is_err_and(|e| e.localized(Lang::Zh).contains("HF03"))
        );
        // Within a series, text order is number order.
        assert!(first.to_string() < first.next().map(|n| n.to_string()).unwrap_or_default());
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(
            code in "[A-Z0-9]{1,8}",
            year in MIN_YEAR..=MAX_YEAR,
            seq in 1..=MAX_SEQ,
        ) {
            let text = format_receipt_no(&code, year, seq).expect("valid");
            prop_assert_eq!(text.len(), code.len() + 12);
            let parsed = parse_receipt_no(&text).expect("parses");
            prop_assert_eq!((parsed.office_code(), parsed.year(), parsed.seq()), (code.as_str(), year, seq));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = parse_receipt_no(&s);
        }
    }
}
