//! Resident ID numbers (居民身份证号码, GB 11643-1999): six digits of region, eight of birth
//! date, three of order (odd for men), and an ISO 7064 MOD 11-2 check character (0–9 or X).

use std::fmt;

use chrono::NaiveDate;

use super::text::describe_char;
use crate::i18n::{self, Lang, Localized};

/// A valid ID number, canonical: 18 ASCII characters, check character `X` upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

impl IdNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(&self.0[6..14]).unwrap_or(MIN_BIRTH)
    }

    /// 3401**********003X, for lists and receipts.
    pub fn masked(&self) -> String {
        super::mask::mask_id_number(&self.0)
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why an ID number was refused. Dates are shown as `YYYY-MM-DD` from the digits typed.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum IdNumberError {
    #[error("empty")]
    Empty,
    #[error("old 15-digit ID number")]
    OldFifteenDigit,
    #[error("an ID number has 18 characters, got {len}")]
    WrongLength { len: usize },
    /// `position` is 1-based, counted after removing blanks.
    #[error("character {position} ({ch:?}) is not allowed")]
    BadCharacter { position: usize, ch: char },
    #[error("unknown province code {code}")]
    UnknownProvince { code: String },
    #[error("birth date {date} does not exist")]
    InvalidBirthDate { date: String },
    #[error("birth date {date} is in the future")]
    BirthDateInFuture { date: String },
    #[error("birth date {date} is before 1900")]
    BirthDateTooEarly { date: String },
    #[error("check digit does not match")]
    CheckDigit,
}

impl Localized for IdNumberError {
    fn localized(&self, lang: Lang) -> String {
        use IdNumberError as E;
        match self {
            E::Empty => i18n::ID_EMPTY.get(lang).to_string(),
            E::OldFifteenDigit => i18n::ID_OLD_15_DIGIT.get(lang).to_string(),
            E::WrongLength { len } => i18n::ID_WRONG_LENGTH.fill(lang, &[("len", len)]),
            E::BadCharacter { position, ch } => i18n::ID_BAD_CHARACTER
                .fill(lang, &[("position", position), ("ch", &describe_char(*ch))]),
            E::UnknownProvince { code } => i18n::ID_UNKNOWN_PROVINCE.fill(lang, &[("code", code)]),
            E::InvalidBirthDate { date } => {
                i18n::ID_INVALID_BIRTH_DATE.fill(lang, &[("date", date)])
            }
            E::BirthDateInFuture { date } => i18n::ID_BIRTH_IN_FUTURE.fill(lang, &[("date", date)]),
            E::BirthDateTooEarly { date } => i18n::ID_BIRTH_TOO_EARLY.fill(lang, &[("date", date)]),
            E::CheckDigit => i18n::ID_CHECK_DIGIT.get(lang).to_string(),
        }
    }
}

const MIN_BIRTH: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date");

/// Province-level codes in use (GB/T 2260), plus 71 Taiwan, 81 Hong Kong, 82 Macao and
/// 83 for the residence permits of Hong Kong, Macao and Taiwan residents.
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character (ISO 7064 MOD 11-2) for the first 17 digits; `None` unless `first17`
/// is exactly 17 ASCII digits.
pub fn check_digit(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Full-width digits and X from Chinese input methods folded to ASCII; `x` to `X`.
fn fold(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        'x' | '\u{FF38}' | '\u{FF58}' => 'X',
        _ => c,
    }
}

fn birth_date_of(yyyymmdd: &str) -> Option<NaiveDate> {
    let n = |r: std::ops::Range<usize>| yyyymmdd.get(r)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(4..6)?, n(6..8)?)
}

/// An ID number as typed: blanks around and between groups (including the ideographic
/// space U+3000) are ignored, full-width digits and a lower-case or full-width x accepted.
/// `today` bounds the birth date.
pub fn parse(input: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold)
        .collect();
    if s.is_empty() {
        return Err(IdNumberError::Empty);
    }
    if let Some((i, c)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == 'X'))
    {
        return Err(IdNumberError::BadCharacter {
            position: i + 1,
            ch: c,
        });
    }
    // Only ASCII remains, so byte lengths and indices are character counts from here on.
    if s.len() == 15 && !s.contains('X') {
        return Err(IdNumberError::OldFifteenDigit);
    }
    if s.len() != 18 {
        return Err(IdNumberError::WrongLength { len: s.len() });
    }
    if let Some(i) = s[..17].find('X') {
        return Err(IdNumberError::BadCharacter {
            position: i + 1,
            ch: 'X',
        });
    }
    let province = &s[..2];
    if !province.parse::<u8>().is_ok_and(|p| PROVINCES.contains(&p)) {
        return Err(IdNumberError::UnknownProvince {
            code: province.to_string(),
        });
    }
    let digits = &s[6..14];
    let date = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
    let birth =
        birth_date_of(digits).ok_or(IdNumberError::InvalidBirthDate { date: date.clone() })?;
    if birth < MIN_BIRTH {
        return Err(IdNumberError::BirthDateTooEarly { date });
    }
    if birth > today {
        return Err(IdNumberError::BirthDateInFuture { date });
    }
    if check_digit(&s[..17]) != s[17..].chars().next() {
        return Err(IdNumberError::CheckDigit);
    }
    Ok(IdNumber(s))
}

/// An ID number for generated demo data only (never a real person's): `region` (six
/// digits) and `birth` as given, the three-digit order code `(seq + rng_bits) mod 1000`
/// (pass a counter, random bits, or both), then the check character. A region that is
/// not six digits of a known province falls back to 340104 (Hefei, Shushan); a birth year
/// outside 1900–9999 falls back to 1900-01-01.
pub fn generate(rng_bits: u64, birth: NaiveDate, region: &str, seq: u16) -> IdNumber {
    let region_ok = region.len() == 6
        && region.bytes().all(|b| b.is_ascii_digit())
        && region[..2]
            .parse::<u8>()
            .is_ok_and(|p| PROVINCES.contains(&p));
    let region = if region_ok { region } else { "340104" };
    let birth = if (1900..=9999).contains(&chrono::Datelike::year(&birth)) {
        birth
    } else {
        MIN_BIRTH
    };
    let order = (u64::from(seq) + rng_bits % 1000) % 1000;
    let first17 = format!("{region}{}{order:03}", birth.format("%Y%m%d"));
    let check = check_digit(&first17).unwrap_or('0');
    IdNumber(format!("{first17}{check}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    fn ok(s: &str) -> String {
        parse(s, today()).unwrap().to_string()
    }

    fn err(s: &str) -> IdNumberError {
        parse(s, today()).unwrap_err()
    }

    #[test]
    fn check_digits() {
        assert_eq!(check_digit("11010519491231002"), Some('X'));
        assert_eq!(check_digit("34010419800101003"), Some('9'));
        assert_eq!(check_digit("1101051949123100"), None);
        assert_eq!(check_digit("1101051949123100a"), None);
        assert_eq!(check_digit("１１010519491231002"), None);
    }

    #[test]
    fn valid_numbers_in_the_ways_people_type_them() {
        assert_eq!(ok("11010519491231002X"), "11010519491231002X");
        assert_eq!(ok("11010519491231002x"), "11010519491231002X");
        assert_eq!(
            ok("１１０１０５１９４９１２３１００２Ｘ"),
            "11010519491231002X"
        );
        assert_eq!(
            ok("１１０１０５１９４９１２３１００２ｘ"),
            "11010519491231002X"
        );
        assert_eq!(ok(" \u{3000}11010519491231002X\t"), "11010519491231002X");
        assert_eq!(ok("110105 19491231 002X"), "11010519491231002X");
        assert_eq!(ok("340104198001010039"), "340104198001010039");
    }

    #[test]
    fn accessors() {
        let id = parse("11010519491231002x", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.masked(), "1101**********002X");
    }

    #[test]
    fn refusals() {
        assert_eq!(err(""), IdNumberError::Empty);
        assert_eq!(err(" \u{3000} "), IdNumberError::Empty);
        assert_eq!(err("110105491231002"), IdNumberError::OldFifteenDigit);
        assert_eq!(
            err("1101051949123100"),
            IdNumberError::WrongLength { len: 16 }
        );
        assert_eq!(
            err("11010519491231002X1"),
            IdNumberError::WrongLength { len: 19 }
        );
        assert_eq!(
            err("1101051949I231002X"),
            IdNumberError::BadCharacter {
                position: 11,
                ch: 'I'
            }
        );
        assert_eq!(
            err("110105194912310X2X"),
            IdNumberError::BadCharacter {
                position: 16,
                ch: 'X'
            }
        );
        assert_eq!(
            err("99010519491231002X"),
            IdNumberError::UnknownProvince { code: "99".into() }
        );
        assert_eq!(
            err("000000194912310020"),
            IdNumberError::UnknownProvince { code: "00".into() }
        );
        assert_eq!(
            err("110105190002290017"),
            IdNumberError::InvalidBirthDate {
                date: "1900-02-29".into()
            }
        );
        assert_eq!(
            err("110105202601010010"),
            IdNumberError::BirthDateInFuture {
                date: "2026-01-01".into()
            }
        );
        // Born today is not in the future.
        assert!(parse(generate(0, today(), "110105", 1).as_str(), today()).is_ok());
        assert_eq!(
            err("110105189912310010"),
            IdNumberError::BirthDateTooEarly {
                date: "1899-12-31".into()
            }
        );
        assert_eq!(err("110105194912310021"), IdNumberError::CheckDigit);
    }

    #[test]
    fn messages_a_clerk_understands() {
        assert_eq!(
            IdNumberError::CheckDigit.localized(Lang::Zh),
            "身份证号校验位不符，请核对后重新输入"
        );
        assert_eq!(
            IdNumberError::CheckDigit.localized(Lang::En),
            "The check digit does not match: re-check the number"
        );
        assert!(
            IdNumberError::OldFifteenDigit
                .localized(Lang::Zh)
                .contains("18位")
        );
        assert!(
            IdNumberError::OldFifteenDigit
                .localized(Lang::En)
                .contains("18-digit")
        );
        assert_eq!(
            err("110105190002290017").localized(Lang::En),
            "The birth date in the ID number (1900-02-29) does not exist: re-check the number"
        );
        let bidi = IdNumberError::BadCharacter {
            position: 3,
            ch: '\u{202E}',
        };
        assert!(bidi.localized(Lang::Zh).contains("U+202E"));
    }

    #[test]
    fn generated_numbers_are_valid() {
        let birth = NaiveDate::from_ymd_opt(1985, 7, 15).unwrap();
        let id = generate(12345, birth, "340104", 7);
        assert_eq!(&id.as_str()[..14], "34010419850715");
        assert_eq!(&id.as_str()[14..17], "352");
        assert_eq!(parse(id.as_str(), today()), Ok(id.clone()));
        assert_eq!(id.birth_date(), birth);
        let fallback = generate(0, birth, "bad", 1);
        assert!(fallback.as_str().starts_with("340104"));
        assert!(parse(fallback.as_str(), today()).is_ok());
    }

    fn to_full_width(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(u32::from(c) + 0xFEE0).unwrap(),
                'X' => '\u{FF38}',
                _ => c,
            })
            .collect()
    }

    /// 17 digits with a real province and a birth date in 1900..=today.
    fn first17() -> impl Strategy<Value = String> {
        (
            prop::sample::select(PROVINCES.to_vec()),
            0u32..10_000,
            0i64..=(today() - MIN_BIRTH).num_days(),
            0u32..1000,
        )
            .prop_map(|(p, area, days, order)| {
                let birth = MIN_BIRTH + chrono::Duration::days(days);
                format!("{p:02}{area:04}{}{order:03}", birth.format("%Y%m%d"))
            })
    }

    proptest! {
        #[test]
        fn appending_the_check_digit_makes_a_valid_number(f in first17()) {
            let full = format!("{f}{}", check_digit(&f).unwrap());
            prop_assert_eq!(parse(&full, today()).unwrap().to_string(), full);
        }

        #[test]
        fn changing_any_one_digit_is_caught(f in first17(), pos in 0usize..18, delta in 1u8..10) {
            let full = format!("{f}{}", check_digit(&f).unwrap());
            let mut bytes = full.into_bytes();
            bytes[pos] = match bytes[pos] {
                b'X' => b'0' + delta,
                d if pos == 17 && (d - b'0' + delta) % 11 == 10 => b'X',
                d => b'0' + (d - b'0' + delta) % 10,
            };
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(parse(&changed, today()).is_err(), "{}", changed);
        }

        #[test]
        fn full_width_round_trips(f in first17(), lower in any::<bool>()) {
            let id = parse(&format!("{f}{}", check_digit(&f).unwrap()), today()).unwrap();
            let mut typed = to_full_width(id.as_str());
            if lower {
                typed = typed.replace('\u{FF38}', "x");
            }
            prop_assert_eq!(parse(&format!("\u{3000}{typed} "), today()), Ok(id));
        }

        #[test]
        fn generate_always_parses(bits in any::<u64>(), f in first17(), seq in any::<u16>()) {
            let birth = birth_date_of(&f[6..14]).unwrap();
            let id = generate(bits, birth, &f[..6], seq);
            prop_assert_eq!(parse(id.as_str(), today()), Ok(id.clone()));
            prop_assert_eq!(id.birth_date(), birth);
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = parse(&s, today());
        }
    }
}
