//! Mainland China phone numbers: mobiles (11 digits, 1[3-9]…) and landlines
//! (area code 0 + 2–3 digits, a 7–8 digit local number, an optional extension).
//!
//! Input is what a clerk types or a caller reads out: full-width digits from a Chinese
//! input method, spaces, hyphens, brackets, a +86 / 0086 prefix.

use std::fmt;

use super::text::describe_char;
use crate::i18n::{self, Lang, Localized};

/// A mobile number, canonical: 11 ASCII digits, no prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 138****5678, for lists and receipts.
    pub fn masked(&self) -> String {
        super::mask::mask_phone(&self.0)
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A landline, canonical: `0551-62345678`, or `0551-62345678-123` with an extension.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Landline(String);

impl Landline {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Landline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a phone number was refused.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    #[error("empty")]
    Empty,
    #[error("character {0:?} is not allowed in a phone number")]
    BadCharacter(char),
    /// Digits counted after removing separators and the country code.
    #[error("a mobile number has 11 digits, got {0}")]
    WrongLength(usize),
    #[error("not a mobile number")]
    NotMobile,
    #[error("not a landline number")]
    NotLandline,
    #[error("a mobile number given as a landline")]
    MobileAsLandline,
}

impl Localized for PhoneError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            PhoneError::Empty => i18n::PHONE_EMPTY.get(lang).to_string(),
            PhoneError::BadCharacter(c) => {
                i18n::PHONE_BAD_CHARACTER.fill(lang, &[("ch", &describe_char(*c))])
            }
            PhoneError::WrongLength(n) => i18n::PHONE_WRONG_LENGTH.fill(lang, &[("len", n)]),
            PhoneError::NotMobile => i18n::PHONE_NOT_MOBILE.get(lang).to_string(),
            PhoneError::NotLandline => i18n::PHONE_NOT_LANDLINE.get(lang).to_string(),
            PhoneError::MobileAsLandline => i18n::PHONE_MOBILE_AS_LANDLINE.get(lang).to_string(),
        }
    }
}

/// Full-width forms from Chinese input methods folded to ASCII (digits, `+`, `-`,
/// brackets); other characters unchanged.
fn fold(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF08}' | '\u{FF09}' => {
            char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
        }
        // Dashes people paste from documents.
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// Folded input without blanks, hyphens and brackets.
fn digits_and_plus(input: &str) -> String {
    input
        .chars()
        .map(fold)
        .filter(|&c| !(c.is_whitespace() || matches!(c, '-' | '(' | ')')))
        .collect()
}

fn is_mobile_digits(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// A mobile number as typed or read out: `+86 138-0013-8000`, `0086 13800138000`,
/// full-width `１３８００１３８０００`.
pub fn parse(input: &str) -> Result<Mobile, PhoneError> {
    let s = digits_and_plus(input);
    if s.is_empty() {
        return Err(PhoneError::Empty);
    }
    // "+86" is a country code whatever follows; a bare "0086" or "86" only when exactly a
    // mobile's worth of digits follows, so a mistyped number is not silently shortened.
    let rest = if let Some(rest) = s.strip_prefix("+86") {
        rest
    } else {
        ["0086", "86"]
            .iter()
            .find_map(|p| s.strip_prefix(p).filter(|r| r.len() == 11))
            .unwrap_or(&s)
    };
    if let Some(c) = rest.chars().find(|c| !c.is_ascii_digit()) {
        return Err(PhoneError::BadCharacter(c));
    }
    if rest.is_empty() {
        return Err(PhoneError::WrongLength(0));
    }
    if is_mobile_digits(rest) {
        return Ok(Mobile(rest.to_string()));
    }
    // A leading 0 is an area code: the number is a landline, whatever its length.
    if rest.starts_with('0') {
        return Err(PhoneError::NotMobile);
    }
    if rest.len() != 11 {
        return Err(PhoneError::WrongLength(rest.len()));
    }
    Err(PhoneError::NotMobile)
}

/// A landline as typed: `0551-62345678`, `(0551)62345678`, `055162345678`,
/// `010 12345678`, with an optional extension `-123` or `转123`.
pub fn parse_landline(input: &str) -> Result<Landline, PhoneError> {
    let folded: String = input
        .chars()
        .map(fold)
        .filter(|&c| !(c.is_whitespace() || matches!(c, '(' | ')')))
        .collect();
    if folded.is_empty() {
        return Err(PhoneError::Empty);
    }
    if let Some(c) = folded
        .chars()
        .find(|&c| !(c.is_ascii_digit() || c == '-' || c == '转'))
    {
        return Err(PhoneError::BadCharacter(c));
    }
    if parse(input).is_ok() {
        return Err(PhoneError::MobileAsLandline);
    }
    let (main, ext) = match folded.split_once('转') {
        Some((main, ext)) => (main, Some(ext)),
        None => (folded.as_str(), None),
    };
    let parts: Vec<&str> = main.split('-').collect();
    let (area, local, ext) = match (parts.as_slice(), ext) {
        ([whole], ext) => {
            let n = area_code_len(whole).ok_or(PhoneError::NotLandline)?;
            (&whole[..n], &whole[n..], ext)
        }
        ([a, b], None) if area_code_len(a) == Some(a.len()) => (*a, *b, None),
        ([whole, e], None) => {
            let n = area_code_len(whole).ok_or(PhoneError::NotLandline)?;
            (&whole[..n], &whole[n..], Some(*e))
        }
        ([a, b], ext) => (*a, *b, ext),
        ([a, b, e], None) => (*a, *b, Some(*e)),
        _ => return Err(PhoneError::NotLandline),
    };
    let local_ok = (7..=8).contains(&local.len())
        && local.bytes().all(|b| b.is_ascii_digit())
        && !local.starts_with(['0', '1']);
    let ext_ok =
        ext.is_none_or(|e| (1..=6).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()));
    if area_code_len(area) != Some(area.len()) || !local_ok || !ext_ok {
        return Err(PhoneError::NotLandline);
    }
    let mut canonical = format!("{area}-{local}");
    if let Some(e) = ext {
        canonical.push('-');
        canonical.push_str(e);
    }
    Ok(Landline(canonical))
}

/// Length of the area code `s` starts with: 010 and 02x are three digits, 03xx–09xx four.
fn area_code_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'0') || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = match b.get(1)? {
        b'1' if b.get(2) == Some(&b'0') => 3,
        b'2' => 3,
        b'3'..=b'9' => 4,
        _ => return None,
    };
    (b.len() >= n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mobile(s: &str) -> String {
        parse(s).unwrap().to_string()
    }

    #[test]
    fn mobiles_in_the_ways_people_write_them() {
        assert_eq!(mobile("13800138000"), "13800138000");
        assert_eq!(mobile("+86 138-0013-8000"), "13800138000");
        assert_eq!(mobile("0086 13800138000"), "13800138000");
        assert_eq!(mobile("86 138 0013 8000"), "13800138000");
        assert_eq!(mobile("+86(138)00138000"), "13800138000");
        assert_eq!(mobile("１３８００１３８０００"), "13800138000");
        assert_eq!(
            mobile("＋８６\u{3000}１３８－００１３－８０００"),
            "13800138000"
        );
        assert_eq!(mobile("\u{3000}19912345678 "), "19912345678");
    }

    #[test]
    fn mobiles_refused() {
        assert_eq!(parse(""), Err(PhoneError::Empty));
        assert_eq!(parse(" \u{3000}- "), Err(PhoneError::Empty));
        assert_eq!(parse("12345678901"), Err(PhoneError::NotMobile));
        assert_eq!(parse("10086100861"), Err(PhoneError::NotMobile));
        assert_eq!(parse("1380013800"), Err(PhoneError::WrongLength(10)));
        assert_eq!(parse("138001380001"), Err(PhoneError::WrongLength(12)));
        assert_eq!(parse("+86 1380013800"), Err(PhoneError::WrongLength(10)));
        assert_eq!(parse("+86"), Err(PhoneError::WrongLength(0)));
        assert_eq!(parse("138o0138000"), Err(PhoneError::BadCharacter('o')));
        assert_eq!(parse("+1 4155550100"), Err(PhoneError::BadCharacter('+')));
        assert_eq!(
            parse("1380013800\u{202E}0"),
            Err(PhoneError::BadCharacter('\u{202E}'))
        );
    }

    #[test]
    fn a_landline_in_the_mobile_field_is_pointed_elsewhere() {
        assert_eq!(parse("0551-62345678"), Err(PhoneError::NotMobile));
        assert_eq!(parse("05516234567"), Err(PhoneError::NotMobile));
        assert_eq!(
            PhoneError::NotMobile.localized(Lang::En),
            "This is not a mobile number; put landlines in the landline field"
        );
        assert!(
            PhoneError::NotMobile
                .localized(Lang::Zh)
                .contains("固定电话")
        );
    }

    #[test]
    fn messages_quote_invisible_characters_by_code() {
        let e = PhoneError::BadCharacter('\u{202E}');
        assert_eq!(
            e.localized(Lang::En),
            "A phone number cannot contain U+202E"
        );
        assert_eq!(
            PhoneError::WrongLength(10).localized(Lang::Zh),
            "手机号应为11位，现在是10位"
        );
    }

    #[test]
    fn masked_mobile() {
        assert_eq!(parse("13812345678").unwrap().masked(), "138****5678");
    }

    fn landline(s: &str) -> String {
        parse_landline(s).unwrap().to_string()
    }

    #[test]
    fn landlines() {
        assert_eq!(landline("0551-62345678"), "0551-62345678");
        assert_eq!(landline("(0551)62345678"), "0551-62345678");
        assert_eq!(landline("０５５１－６２３４５６７８"), "0551-62345678");
        assert_eq!(landline("055162345678"), "0551-62345678");
        assert_eq!(landline("0551 6234567"), "0551-6234567");
        assert_eq!(landline("010-62345678"), "010-62345678");
        assert_eq!(landline("02187654321"), "021-87654321");
        assert_eq!(landline("0551-62345678-123"), "0551-62345678-123");
        assert_eq!(landline("055162345678-123"), "0551-62345678-123");
        assert_eq!(landline("0551-62345678转123"), "0551-62345678-123");
        assert_eq!(landline("0551 62345678 转 8"), "0551-62345678-8");
    }

    #[test]
    fn landlines_refused() {
        assert_eq!(parse_landline(""), Err(PhoneError::Empty));
        assert_eq!(parse_landline("62345678"), Err(PhoneError::NotLandline));
        assert_eq!(parse_landline("0551-0234567"), Err(PhoneError::NotLandline));
        assert_eq!(
            parse_landline("0551-623456789"),
            Err(PhoneError::NotLandline)
        );
        assert_eq!(parse_landline("0551-623456"), Err(PhoneError::NotLandline));
        assert_eq!(
            parse_landline("0011-62345678"),
            Err(PhoneError::NotLandline)
        );
        assert_eq!(
            parse_landline("0551-62345678-1234567"),
            Err(PhoneError::NotLandline)
        );
        assert_eq!(
            parse_landline("0551-6234-5678-1"),
            Err(PhoneError::NotLandline)
        );
        assert_eq!(
            parse_landline("0551#62345678"),
            Err(PhoneError::BadCharacter('#'))
        );
        assert_eq!(
            parse_landline("138 0013 8000"),
            Err(PhoneError::MobileAsLandline)
        );
    }

    fn full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' | '+' | '-' => char::from_u32(u32::from(c) + 0xFEE0).unwrap(),
                _ => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn any_mobile_round_trips(number in "1[3-9][0-9]{9}", prefix in prop::sample::select(vec!["", "+86", "0086", "86", "+86 "])) {
            let typed = format!("{prefix}{}-{}-{}", &number[..3], &number[3..7], &number[7..]);
            prop_assert_eq!(parse(&typed).unwrap().to_string(), number.clone());
            prop_assert_eq!(parse(&full_width(&typed)).unwrap().to_string(), number);
        }

        #[test]
        fn canonical_landlines_parse_to_themselves(area in "0(10|2[0-9]|[3-9][0-9]{2})", local in "[2-9][0-9]{6,7}") {
            let canonical = format!("{area}-{local}");
            prop_assert_eq!(landline(&canonical), canonical.clone());
            prop_assert_eq!(landline(&format!("{area}{local}")), canonical.clone());
            prop_assert_eq!(landline(&full_width(&canonical)), canonical);
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = parse(&s);
            let _ = parse_landline(&s);
        }
    }
}
