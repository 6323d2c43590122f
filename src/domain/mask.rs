//! Masking for lists and printouts, so a screen over the counter or a receipt left behind
//! does not give away a customer's full name, ID number or phone. Every function keeps the
//! length in characters (one `*` per hidden character), so columns line up predictably.
//! The few characters left visible are sanitised: the input may be any stored string.

use super::text::{PLACEHOLDER, is_forbidden_char};

const STAR: char = '*';

fn visible(c: char) -> char {
    if is_forbidden_char(c) { PLACEHOLDER } else { c }
}

/// `head` characters shown, then stars, then `tail` characters shown.
fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let len = s.chars().count();
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < head || i + tail >= len {
                visible(c)
            } else {
                STAR
            }
        })
        .collect()
}

/// 张三 → 张*, 欧阳娜娜 → 欧***; a one-character name is shown as is.
pub fn mask_name(name: &str) -> String {
    keep_ends(name, 1, 0)
}

/// A stored canonical ID number: 3401**********003X. Anything that is not 18 characters
/// (a damaged or foreign value) shows only its last four, or nothing if that short.
pub fn mask_id_number(s: &str) -> String {
    match s.chars().count() {
        18 => keep_ends(s, 4, 4),
        n => tail_only(s, n),
    }
}

/// A stored mobile number: 138****5678. Anything else shows only its last four.
pub fn mask_phone(s: &str) -> String {
    if s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit()) {
        keep_ends(s, 3, 4)
    } else {
        tail_only(s, s.chars().count())
    }
}

fn tail_only(s: &str, len: usize) -> String {
    // Four visible characters out of four or fewer would be no mask at all.
    if len <= 4 {
        STAR.to_string().repeat(len)
    } else {
        keep_ends(s, 0, 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_keep_the_first_character() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("张"), "张");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("阿依古丽·买买提"), "阿*******");
    }

    #[test]
    fn id_numbers_show_four_and_four() {
        assert_eq!(mask_id_number("34010419800101003X"), "3401**********003X");
        assert_eq!(mask_id_number("340104800101003"), "***********1003");
        assert_eq!(mask_id_number("1234"), "****");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn phones_show_three_and_four() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("0551-62345678"), "*********5678");
        assert_eq!(mask_phone("110"), "***");
    }

    #[test]
    fn revealed_characters_are_sanitised() {
        assert_eq!(mask_name("\u{202E}张三"), "\u{FFFD}**");
        assert_eq!(mask_phone("1234\u{7}"), "*234\u{FFFD}");
    }

    proptest! {
        #[test]
        fn masking_keeps_length_in_chars(s in "\\PC{0,30}") {
            let n = s.chars().count();
            prop_assert_eq!(mask_name(&s).chars().count(), n);
            prop_assert_eq!(mask_id_number(&s).chars().count(), n);
            prop_assert_eq!(mask_phone(&s).chars().count(), n);
        }

        #[test]
        fn masked_output_is_clean(s in any::<String>()) {
            for masked in [mask_name(&s), mask_id_number(&s), mask_phone(&s)] {
                prop_assert!(!masked.chars().any(is_forbidden_char));
            }
        }
    }
}
