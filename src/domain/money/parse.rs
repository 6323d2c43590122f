//! Strict parsing of typed decimal quantities: amounts in yuan here, volumes in m³ in
//! `domain::tariff`. A cashier's typo must be refused with a reason, never guessed at:
//! "1,000" could be one thousand or one (European decimal comma), "1e3" is no amount anyone
//! says aloud, and a third decimal means the clerk typed something other than they think.
//!
//! What is accepted: ASCII or full-width digits (`１２．５０`, folded as typed with a Chinese
//! input method), `.` / `．` / `。` as the decimal point, blanks around the number (the space,
//! the ideographic space U+3000, a tab, and a pasted line end), and the unit symbols the
//! caller allows around it (`¥12元`). Nothing else: other Unicode spaces (no-break, thin,
//! hair, U+0085, line separators) are invisible and refused as characters, by name.

use super::Fen;
use crate::domain::text::describe_char;
use crate::i18n::{self, Lang, Localized};

/// Why a typed amount was refused. Each mistake a clerk can make has its own message.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    #[error("no amount entered")]
    Empty,
    #[error("an amount has no sign")]
    Sign,
    #[error("exponent notation is not accepted")]
    Exponent,
    #[error("more than two decimals")]
    TooManyDecimals,
    #[error("thousands separators or blanks inside the amount")]
    Separator,
    /// `ch` is the character as typed (before full-width folding).
    #[error("character {ch:?} is not allowed in an amount")]
    InvalidChar { ch: char },
    /// A second decimal point, or a decimal point without digits on both sides.
    #[error("malformed amount")]
    Malformed,
    #[error("the amount is zero")]
    Zero,
    #[error("over the limit of {cap} yuan")]
    OverCap { cap: Fen },
    #[error("the amount is too large to represent")]
    Overflow,
}

impl Localized for AmountError {
    fn localized(&self, lang: Lang) -> String {
        let msg = match self {
            AmountError::Empty => i18n::AMOUNT_EMPTY,
            AmountError::Sign => i18n::AMOUNT_SIGN,
            AmountError::Exponent => i18n::AMOUNT_EXPONENT,
            AmountError::TooManyDecimals => i18n::AMOUNT_TOO_MANY_DECIMALS,
            AmountError::Separator => i18n::AMOUNT_SEPARATOR,
            AmountError::InvalidChar { ch } => {
                return i18n::AMOUNT_INVALID_CHAR.fill(lang, &[("ch", &describe_char(*ch))]);
            }
            AmountError::Malformed => i18n::AMOUNT_MALFORMED,
            AmountError::Zero => i18n::AMOUNT_ZERO,
            AmountError::OverCap { cap } => {
                return i18n::AMOUNT_OVER_CAP.fill(lang, &[("cap", &cap.yuan_string())]);
            }
            AmountError::Overflow => i18n::AMOUNT_OVERFLOW,
        };
        msg.get(lang).to_string()
    }
}

/// A typed amount in yuan as fen: at most two decimals, positive, no sign, no exponent, no
/// separators; `¥`/`￥` before and `元` after are allowed. See [`parse_yuan_capped`] for the
/// per-transaction limit every payment form should apply.
pub fn parse_yuan(input: &str) -> Result<Fen, AmountError> {
    parse_yuan_capped(input, Fen::MAX)
}

/// [`parse_yuan`], refusing amounts above `cap` with [`AmountError::OverCap`].
pub fn parse_yuan_capped(input: &str, cap: Fen) -> Result<Fen, AmountError> {
    let fen = scan_decimal(input, 2, &["¥", "￥"], &["元"]).map_err(|fault| match fault {
        DecimalFault::Empty => AmountError::Empty,
        DecimalFault::Sign => AmountError::Sign,
        DecimalFault::Exponent => AmountError::Exponent,
        DecimalFault::Separator => AmountError::Separator,
        DecimalFault::InvalidChar(ch) => AmountError::InvalidChar { ch },
        DecimalFault::Malformed => AmountError::Malformed,
        DecimalFault::TooManyDecimals => AmountError::TooManyDecimals,
        DecimalFault::Overflow => AmountError::Overflow,
    })?;
    if fen == 0 {
        return Err(AmountError::Zero);
    }
    let fen = Fen(fen);
    if fen > cap {
        return Err(AmountError::OverCap { cap });
    }
    Ok(fen)
}

/// What [`scan_decimal`] found wrong, before the caller names the quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalFault {
    Empty,
    Sign,
    Exponent,
    Separator,
    InvalidChar(char),
    Malformed,
    TooManyDecimals,
    Overflow,
}

/// Full-width ASCII forms (U+FF01..U+FF5E) fold to ASCII one to one, so character positions
/// are kept; the ideographic full stop `。` is what a Chinese input method types for `.`.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '。' => '.',
        '\u{2212}' => '-',
        _ => c,
    }
}

/// A character after folding, with the character as typed for messages.
type Typed = (char, char);

fn starts_with(chars: &[Typed], word: &str) -> bool {
    let n = word.chars().count();
    chars.len() >= n && chars[..n].iter().map(|t| t.0).eq(word.chars())
}

fn ends_with(chars: &[Typed], word: &str) -> bool {
    let n = word.chars().count();
    chars.len() >= n
        && chars[chars.len() - n..]
            .iter()
            .map(|t| t.0)
            .eq(word.chars())
}

/// The blanks allowed around a number (and, inside it, refused as separators): what a
/// keyboard types or a paste carries. Other Unicode spaces are invisible look-alikes and
/// are refused as characters.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\t' | '\n' | '\r')
}

fn trim(chars: &[Typed]) -> &[Typed] {
    let start = chars.iter().take_while(|t| is_blank(t.0)).count();
    let rest = &chars[start..];
    let end = rest.len() - rest.iter().rev().take_while(|t| is_blank(t.0)).count();
    &rest[..end]
}

/// A typed non-negative decimal as an integer count of `10^-scale` units. At most one of
/// `prefixes` may precede and one of `suffixes` follow the number (blanks allowed between);
/// they are compared after folding. Faults are reported left to right, so the message is
/// about the first thing the clerk got wrong.
pub(crate) fn scan_decimal(
    input: &str,
    scale: u32,
    prefixes: &[&str],
    suffixes: &[&str],
) -> Result<i64, DecimalFault> {
    let chars: Vec<Typed> = input.chars().map(|c| (fold(c), c)).collect();
    let mut body = trim(&chars);
    if let Some(p) = prefixes.iter().find(|p| starts_with(body, p)) {
        body = trim(&body[p.chars().count()..]);
    }
    if let Some(s) = suffixes.iter().find(|s| ends_with(body, s)) {
        body = trim(&body[..body.len() - s.chars().count()]);
    }
    if body.is_empty() {
        return Err(DecimalFault::Empty);
    }
    for (i, &(c, typed)) in body.iter().enumerate() {
        match c {
            '0'..='9' | '.' => {}
            '+' | '-' => return Err(DecimalFault::Sign),
            'e' | 'E' if i > 0 && (body[i - 1].0.is_ascii_digit() || body[i - 1].0 == '.') => {
                return Err(DecimalFault::Exponent);
            }
            ',' | '_' | '\'' => return Err(DecimalFault::Separator),
            c if is_blank(c) => return Err(DecimalFault::Separator),
            _ => return Err(DecimalFault::InvalidChar(typed)),
        }
    }
    // Only ASCII digits and dots are left.
    let body: Vec<char> = body.iter().map(|t| t.0).collect();
    let body = body.as_slice();
    let (whole, frac) = match body.iter().position(|&c| c == '.') {
        Some(dot) => (&body[..dot], Some(&body[dot + 1..])),
        None => (body, None),
    };
    if whole.is_empty() || frac.is_some_and(|f| f.is_empty() || f.contains(&'.')) {
        return Err(DecimalFault::Malformed);
    }
    let frac = frac.unwrap_or(&[]);
    if frac.len() > scale as usize {
        return Err(DecimalFault::TooManyDecimals);
    }
    let mut value: i64 = 0;
    let padding = std::iter::repeat_n('0', scale as usize - frac.len());
    for c in whole.iter().chain(frac).copied().chain(padding) {
        let digit = i64::from(u32::from(c) - u32::from('0'));
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(digit))
            .ok_or(DecimalFault::Overflow)?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(s: &str) -> i64 {
        parse_yuan(s).unwrap_or_else(|e| panic!("{s:?}: {e}")).0
    }

    #[test]
    fn accepts_plain_amounts() {
        assert_eq!(ok("12"), 1200);
        assert_eq!(ok("12.5"), 1250);
        assert_eq!(ok("12.50"), 1250);
        assert_eq!(ok("0.01"), 1);
        assert_eq!(ok("0.1"), 10);
        assert_eq!(ok("007"), 700);
        assert_eq!(ok("1000000"), 100_000_000);
    }

    #[test]
    fn folds_full_width_and_unit_symbols() {
        assert_eq!(ok("１２．５０"), 1250);
        assert_eq!(ok("１２。５"), 1250);
        assert_eq!(ok("  12.50  "), 1250);
        assert_eq!(ok("\u{3000}12\u{3000}"), 1200);
        assert_eq!(ok("¥12.50"), 1250);
        assert_eq!(ok("￥12.50"), 1250);
        assert_eq!(ok("12.50元"), 1250);
        assert_eq!(ok("￥ １２ 元"), 1200);
        assert_eq!(ok(" ¥100元 "), 10000);
    }

    #[test]
    fn each_mistake_has_its_own_error() {
        use AmountError as E;
        let cases: &[(&str, AmountError)] = &[
            ("", E::Empty),
            ("   ", E::Empty),
            ("\u{3000}", E::Empty),
            ("¥", E::Empty),
            ("元", E::Empty),
            ("-5", E::Sign),
            ("+5", E::Sign),
            ("－５", E::Sign),
            ("¥-5", E::Sign),
            ("5-", E::Sign),
            ("\u{2212}5", E::Sign),
            ("1e3", E::Exponent),
            ("1E3", E::Exponent),
            ("1.5e2", E::Exponent),
            ("１ｅ３", E::Exponent),
            ("12.345", E::TooManyDecimals),
            ("12.500", E::TooManyDecimals),
            ("0.001", E::TooManyDecimals),
            ("1,234.50", E::Separator),
            ("1，234", E::Separator),
            ("1 234", E::Separator),
            ("1\u{3000}234", E::Separator),
            ("1_000", E::Separator),
            ("1'000", E::Separator),
            ("12a", E::InvalidChar { ch: 'a' }),
            ("ｅ", E::InvalidChar { ch: 'ｅ' }),
            ("12元5角", E::InvalidChar { ch: '元' }),
            ("0x10", E::InvalidChar { ch: 'x' }),
            ("$12", E::InvalidChar { ch: '$' }),
            ("１２ａ", E::InvalidChar { ch: 'ａ' }),
            ("一百", E::InvalidChar { ch: '一' }),
            ("1\n2", E::Separator),
            ("1\u{0}2", E::InvalidChar { ch: '\u{0}' }),
            (".5", E::Malformed),
            ("5.", E::Malformed),
            ("1.2.3", E::Malformed),
            ("..", E::Malformed),
            ("0", E::Zero),
            ("0.00", E::Zero),
            ("¥0元", E::Zero),
            ("92233720368547758.08", E::Overflow),
            ("99999999999999999999999", E::Overflow),
        ];
        for (input, want) in cases {
            assert_eq!(parse_yuan(input).as_ref(), Err(want), "{input:?}");
        }
        // A pasted trailing newline is a surrounding blank, not a separator.
        assert_eq!(parse_yuan("12\n"), Ok(Fen(1200)));
        assert_eq!(parse_yuan("\t12\r\n"), Ok(Fen(1200)));
    }

    #[test]
    fn invisible_look_alikes_of_a_blank_are_refused_by_name() {
        for ch in [
            '\u{A0}', '\u{85}', '\u{0B}', '\u{0C}', '\u{1680}', '\u{2000}', '\u{2007}', '\u{200A}',
            '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}',
        ] {
            for input in [format!("{ch}12"), format!("12{ch}"), format!("1{ch}2")] {
                assert_eq!(
                    parse_yuan(&input),
                    Err(AmountError::InvalidChar { ch }),
                    "{input:?}"
                );
            }
        }
        let en = AmountError::InvalidChar { ch: '\u{A0}' }.localized(Lang::En);
        assert!(en.contains("U+00A0"), "{en}");
    }

    #[test]
    fn cap_is_inclusive() {
        let cap = Fen(300_000);
        assert_eq!(parse_yuan_capped("3000", cap), Ok(cap));
        assert_eq!(
            parse_yuan_capped("3000.01", cap),
            Err(AmountError::OverCap { cap })
        );
        assert_eq!(
            parse_yuan("92233720368547758.07"),
            Ok(Fen(i64::MAX)),
            "the largest representable amount parses"
        );
    }

    #[test]
    fn messages_speak_to_the_cashier() {
        assert_eq!(
            AmountError::TooManyDecimals.localized(Lang::Zh),
            "金额最多两位小数（精确到分）"
        );
        let cap = AmountError::OverCap { cap: Fen(300_000) };
        assert!(cap.localized(Lang::Zh).contains("3,000.00"));
        assert!(cap.localized(Lang::En).contains("3,000.00"));
        let bad = AmountError::InvalidChar { ch: '\u{3000}' };
        assert!(bad.localized(Lang::En).contains("U+3000"));
    }

    proptest! {
        #[test]
        fn display_round_trips(v in 1..=i64::MAX) {
            prop_assert_eq!(parse_yuan(&Fen(v).to_string()), Ok(Fen(v)));
        }

        #[test]
        fn full_width_display_round_trips(v in 1..=i64::MAX) {
            let wide: String = Fen(v)
                .to_string()
                .chars()
                .map(|c| char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c))
                .collect();
            prop_assert_eq!(parse_yuan(&wide), Ok(Fen(v)));
        }

        #[test]
        fn three_decimals_are_refused(whole in 0u64..1_000_000_000_000, frac in 0u32..1000) {
            let s = format!("{whole}.{frac:03}");
            prop_assert_eq!(parse_yuan(&s), Err(AmountError::TooManyDecimals));
        }

        #[test]
        fn grouped_amounts_are_refused(v in 100_000..=i64::MAX) {
            prop_assert_eq!(parse_yuan(&Fen(v).yuan_string()), Err(AmountError::Separator));
        }

        #[test]
        fn never_panics_and_never_negative(s in "\\PC{0,24}") {
            if let Ok(f) = parse_yuan(&s) {
                prop_assert!(f.is_positive());
            }
        }

        /// Whatever is accepted is made only of what the module's doc lists.
        #[test]
        fn only_listed_characters_are_accepted(s in "\\PC{0,12}") {
            if parse_yuan(&s).is_ok() {
                for c in s.chars() {
                    prop_assert!(
                        c.is_ascii_digit()
                            || ('０'..='９').contains(&c)
                            || ".．。¥￥元 \u{3000}\t\n\r".contains(c),
                        "{:?} accepted in {:?}", c, s
                    );
                }
            }
        }

        #[test]
        fn any_sign_is_refused(v in 1..=i64::MAX, minus in any::<bool>()) {
            let s = format!("{}{}", if minus { '-' } else { '+' }, Fen(v));
            prop_assert_eq!(parse_yuan(&s), Err(AmountError::Sign));
        }
    }
}
