//! Amounts in Chinese capital numerals (大写金额), as printed on receipts and written on
//! cheques, following the People's Bank rules for filling in payment instruments
//! (《正确填写票据和结算凭证的基本规定》):
//!
//! - Digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, sections 万 and 亿 (亿亿 beyond 10^16 yuan,
//!   which only `i64::MAX` reaches).
//! - `整` follows `元` when there are no 角 and no 分. After 角 it is optional; gasdesk does not
//!   write it (`伍角`, `壹仟零肆元伍角`), so an amount ends with `整` exactly when it is whole
//!   yuan. Nothing follows 分.
//! - One `零` stands for any run of missing digits between two written ones, including a gap
//!   across a section (`壹拾万零壹拾元整`, `壹亿零壹佰万元整`) and a missing 角 before 分
//!   (`壹元零伍分`). Where the rules make a 零 optional (元 or 万 digit zero but the next one
//!   not: `壹拾元伍角`, `壹拾万柒仟元整`), it is left out, as most banks print.
//! - Below one yuan the yuan part is omitted (`伍角`, `伍分`); zero is `零元整`.
//! - `拾` keeps its `壹` (`壹拾元整`): a bare 拾 at the start is what an alteration looks like.
//! - Negative amounts (reversals) are prefixed with `负`.

use super::Fen;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
const WAN: u64 = 10_000;
const YI: u64 = 100_000_000;

/// `amount` in Chinese capitals, e.g. `Fen(100450)` → `壹仟零肆元伍角`.
pub fn to_chinese_capital(amount: Fen) -> String {
    let (yuan, fen) = amount.abs_parts();
    let (jiao, fen) = (fen / 10, fen % 10);
    let mut out = String::new();
    if amount.is_negative() {
        out.push('负');
    }
    if yuan == 0 && jiao == 0 && fen == 0 {
        out.push_str("零元整");
        return out;
    }
    if yuan > 0 {
        integer(yuan, &mut out);
        out.push('元');
    }
    if jiao > 0 {
        out.push(DIGITS[jiao as usize]);
        out.push('角');
    }
    if fen > 0 {
        if yuan > 0 && jiao == 0 {
            out.push('零');
        }
        out.push(DIGITS[fen as usize]);
        out.push('分');
    }
    if jiao == 0 && fen == 0 {
        out.push('整');
    }
    out
}

/// A positive integer in capitals, splitting at 亿 and 万. The lower part gets a leading 零
/// when its first digit position is empty, so a gap across sections is still read as one.
fn integer(n: u64, out: &mut String) {
    let (high, low, unit, full) = if n >= YI {
        (n / YI, n % YI, '亿', YI / 10)
    } else if n >= WAN {
        (n / WAN, n % WAN, '万', WAN / 10)
    } else {
        section(n, out);
        return;
    };
    integer(high, out);
    out.push(unit);
    if low > 0 {
        if low < full {
            out.push('零');
        }
        integer(low, out);
    }
}

/// 1..=9999 with 仟佰拾 units; a run of zeros between digits is one 零, trailing zeros none.
fn section(n: u64, out: &mut String) {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            pending_zero = started;
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(UNITS[3 - i]);
        started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cap(fen: i64) -> String {
        to_chinese_capital(Fen(fen))
    }

    /// Each example checked by hand against the People's Bank rules.
    #[test]
    fn hand_checked_examples() {
        let cases: &[(i64, &str)] = &[
            (0, "零元整"),
            (1, "壹分"),
            (5, "伍分"),
            (10, "壹角"),
            (50, "伍角"),
            (55, "伍角伍分"),
            (99, "玖角玖分"),
            (100, "壹元整"),
            (105, "壹元零伍分"),
            (110, "壹元壹角"),
            (111, "壹元壹角壹分"),
            (1000, "壹拾元整"),
            (1050, "壹拾元伍角"),
            (1005, "壹拾元零伍分"),
            (1100, "壹拾壹元整"),
            (2000, "贰拾元整"),
            (10000, "壹佰元整"),
            (10100, "壹佰零壹元整"),
            (11000, "壹佰壹拾元整"),
            (25300, "贰佰伍拾叁元整"),
            (91080, "玖佰壹拾元捌角"),
            (100000, "壹仟元整"),
            (100450, "壹仟零肆元伍角"),
            (100100, "壹仟零壹元整"),
            (101000, "壹仟零壹拾元整"),
            (110000, "壹仟壹佰元整"),
            (168032, "壹仟陆佰捌拾元叁角贰分"),
            (123450, "壹仟贰佰叁拾肆元伍角"),
            (300000, "叁仟元整"),
            (1000000, "壹万元整"),
            (1000100, "壹万零壹元整"),
            (1001000, "壹万零壹拾元整"),
            (1010000, "壹万零壹佰元整"),
            (1100000, "壹万壹仟元整"),
            (1234567, "壹万贰仟叁佰肆拾伍元陆角柒分"),
            (10000000, "壹拾万元整"),
            (10001000, "壹拾万零壹拾元整"),
            (10700053, "壹拾万柒仟元伍角叁分"),
            (100000000, "壹佰万元整"),
            (100000007, "壹佰万元零柒分"),
            (100500000, "壹佰万伍仟元整"),
            (100050000, "壹佰万零伍佰元整"),
            (325000000, "叁佰贰拾伍万元整"),
            (1000000000, "壹仟万元整"),
            (1000000001, "壹仟万元零壹分"),
            (1010101010, "壹仟零壹拾万壹仟零壹拾元壹角"),
            (10000000000, "壹亿元整"),
            (10000000100, "壹亿零壹元整"),
            (10100000000, "壹亿零壹佰万元整"),
            (11000000000, "壹亿壹仟万元整"),
            (10000100000, "壹亿零壹仟元整"),
            (100000000000, "壹拾亿元整"),
            (1000000000000, "壹佰亿元整"),
            (100000000000000, "壹万亿元整"),
            (100010000000000, "壹万零壹亿元整"),
            (100000000000500, "壹万亿零伍元整"),
            (1000000000000000000, "壹亿亿元整"),
            (-50, "负伍角"),
            (-100450, "负壹仟零肆元伍角"),
        ];
        for &(fen, want) in cases {
            assert_eq!(cap(fen), want, "{}", Fen(fen));
        }
    }

    #[test]
    fn extremes_do_not_panic() {
        assert_eq!(
            cap(i64::MAX),
            "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"
        );
        assert!(cap(i64::MIN).starts_with("负玖亿"));
    }

    proptest! {
        #[test]
        fn never_contains_digits(v in any::<i64>()) {
            let s = cap(v);
            prop_assert!(!s.chars().any(|c| c.is_ascii_digit()), "{}", s);
        }

        #[test]
        fn ends_with_zheng_iff_whole_yuan(v in any::<i64>()) {
            prop_assert_eq!(cap(v).ends_with('整'), v % 100 == 0);
        }

        #[test]
        fn never_doubles_or_ends_with_ling(v in any::<i64>()) {
            let s = cap(v);
            prop_assert!(!s.contains("零零"), "{}", s);
            prop_assert!(!s.contains("零元") || v == 0, "{}", s);
            prop_assert!(!s.contains("零万") && !s.contains("零亿"), "{}", s);
            prop_assert!(!s.starts_with('零') || v == 0, "{}", s);
        }

        /// Reading the capitals back gives the amount: the conversion loses nothing.
        #[test]
        fn reads_back(v in any::<i64>()) {
            prop_assert_eq!(read_back(&cap(v)), i128::from(v));
        }
    }

    /// A small reader for the capitals this module writes, as a cashier would read them.
    fn read_back(s: &str) -> i128 {
        let (neg, s) = match s.strip_prefix('负') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let mut total: i128 = 0; // in fen
        let mut yi: i128 = 0;
        let mut wan: i128 = 0;
        let mut sec: i128 = 0;
        let mut digit: i128 = 0;
        for c in s.chars() {
            if let Some(d) = DIGITS.iter().position(|&x| x == c) {
                digit = d as i128;
                continue;
            }
            match c {
                '拾' => sec += digit * 10,
                '佰' => sec += digit * 100,
                '仟' => sec += digit * 1000,
                '万' => {
                    wan += (sec + digit) * 10_000;
                    sec = 0;
                }
                '亿' => {
                    // 亿亿: what came before already sits in `yi`.
                    yi = (yi + wan + sec + digit) * 100_000_000;
                    wan = 0;
                    sec = 0;
                }
                '元' => total += (yi + wan + sec + digit) * 100,
                '角' => total += digit * 10,
                '分' => total += digit,
                '整' => {}
                other => panic!("unexpected {other} in {s}"),
            }
            digit = 0;
        }
        if neg { -total } else { total }
    }
}
