//! Pinyin initials of holder names, so that `zxm` finds 张小明.
//!
//! A character may have several readings (heteronyms), and the clerk types the initials of
//! the reading they know, so a name is indexed under every combination of initials. Names
//! only: place names in addresses are searched as characters, never by pinyin.
//!
//! The first character of a name is read as a surname only. The `pinyin` crate lists 曾
//! as ceng first, 单 as dan, 解 as jie, 区 as qu, and knows nothing of 黑 as he, so the
//! surnames in [`COMPOUND_SURNAMES`] and [`SURNAMES`] take their readings from those tables;
//! any other first character takes the crate's first (most common) reading alone, so 朱
//! is z and never s (shu), 丁 d and never z (zheng), 蔡 c, 邓 d. The characters after it
//! keep every reading.
//!
//! Of all the variants, the one built from each position's first reading is the
//! *primary* one: the surname's own reading and the usual reading of each given-name
//! character. Search ranks a name found by its primary variant before one found only by
//! another reading.

use ::pinyin::ToPinyinMulti;

/// A name yields at most this many initials variants. Each heteronym character doubles
/// the count, and a few common given-name characters (长 乐 行 重 朝) are heteronyms; 32
/// covers five such characters in one name, more than any real name has, while keeping a
/// pathological input (a pasted sentence) from producing thousands of index rows. When the
/// cap bites, the variants built from each character's first reading are kept first.
pub const MAX_VARIANTS: usize = 32;

/// Longest initials query, matching the longest names worth indexing.
pub const MAX_QUERY_LEN: usize = 8;

/// Compound surnames and their readings, one syllable per character. Ambiguous pairs whose
/// first character is also a common single surname followed by a common given-name
/// character (单于 could be 单 + 于…) are left out.
pub const COMPOUND_SURNAMES: &[(&str, [&str; 2])] = &[
    ("欧阳", ["ou", "yang"]),
    ("司马", ["si", "ma"]),
    ("上官", ["shang", "guan"]),
    ("诸葛", ["zhu", "ge"]),
    ("东方", ["dong", "fang"]),
    ("皇甫", ["huang", "fu"]),
    ("尉迟", ["yu", "chi"]),
    ("公孙", ["gong", "sun"]),
    ("慕容", ["mu", "rong"]),
    ("长孙", ["zhang", "sun"]),
    ("宇文", ["yu", "wen"]),
    ("司徒", ["si", "tu"]),
    ("夏侯", ["xia", "hou"]),
    ("令狐", ["ling", "hu"]),
    ("澹台", ["tan", "tai"]),
    ("万俟", ["mo", "qi"]),
    ("司空", ["si", "kong"]),
    ("端木", ["duan", "mu"]),
    ("轩辕", ["xuan", "yuan"]),
    ("呼延", ["hu", "yan"]),
    ("南宫", ["nan", "gong"]),
    ("西门", ["xi", "men"]),
    ("独孤", ["du", "gu"]),
    ("钟离", ["zhong", "li"]),
    ("淳于", ["chun", "yu"]),
    ("濮阳", ["pu", "yang"]),
    ("申屠", ["shen", "tu"]),
    ("公冶", ["gong", "ye"]),
    ("宗政", ["zong", "zheng"]),
    ("赫连", ["he", "lian"]),
    ("拓跋", ["tuo", "ba"]),
    ("闻人", ["wen", "ren"]),
];

/// Single-character surnames whose surname reading differs from, or is missing among, the
/// crate's readings. Where a surname genuinely has two readings (尉 yu/wei, 覃 qin/tan),
/// both are listed.
pub const SURNAMES: &[(char, &[&str])] = &[
    ('曾', &["zeng"]),
    ('单', &["shan"]),
    ('解', &["xie"]),
    ('仇', &["qiu"]),
    ('朴', &["piao"]),
    ('查', &["zha"]),
    ('乐', &["yue", "le"]),
    ('区', &["ou"]),
    ('盖', &["ge", "gai"]),
    ('覃', &["qin", "tan"]),
    ('曲', &["qu"]),
    ('繁', &["po"]),
    ('缪', &["miao"]),
    ('员', &["yun"]),
    ('种', &["chong"]),
    ('黑', &["he", "hei"]),
    ('祭', &["zhai"]),
    ('都', &["du"]),
    ('过', &["guo"]),
    ('宿', &["su"]),
    ('纪', &["ji"]),
    ('秘', &["bi"]),
    ('召', &["shao"]),
    ('相', &["xiang"]),
    ('翟', &["zhai", "di"]),
    ('隗', &["wei", "kui"]),
    ('任', &["ren"]),
    ('沈', &["shen"]),
    ('华', &["hua"]),
    ('冯', &["feng"]),
    ('燕', &["yan"]),
    ('尉', &["yu", "wei"]),
    ('叶', &["ye"]),
    ('柏', &["bai"]),
    ('薄', &["bo"]),
    ('卜', &["bu"]),
    ('句', &["gou"]),
    ('阚', &["kan"]),
    ('佴', &["nai"]),
    ('逄', &["pang"]),
    ('颉', &["xie"]),
    ('粘', &["nian"]),
    ('牟', &["mu", "mou"]),
    ('蕃', &["pi"]),
    ('莘', &["shen", "xin"]),
    ('冼', &["xian"]),
    ('折', &["she"]),
    ('能', &["nai"]),
    ('朝', &["chao"]),
    ('车', &["che"]),
    ('石', &["shi"]),
    ('贾', &["jia"]),
    ('藏', &["zang"]),
    ('重', &["chong"]),
    ('长', &["chang"]),
    ('万', &["wan"]),
    ('王', &["wang"]),
];

/// The distinct initial letters one position contributes, the preferred reading's first.
/// There are only 26 letters, so the fixed array never overflows.
#[derive(Clone, Copy)]
struct Letters {
    bytes: [u8; 26],
    len: usize,
}

impl Letters {
    const EMPTY: Letters = Letters {
        bytes: [0; 26],
        len: 0,
    };

    fn push_initial(&mut self, reading: &str) {
        if let Some(&b) = reading.as_bytes().first()
            && b.is_ascii_lowercase()
            && !self.as_slice().contains(&b)
        {
            self.bytes[self.len] = b;
            self.len += 1;
        }
    }

    fn of_readings(readings: &[&str]) -> Letters {
        let mut set = Letters::EMPTY;
        for r in readings {
            set.push_initial(r);
        }
        set
    }

    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Letters of a character in general (not surname) position; empty when it is skipped.
fn general_letters(c: char) -> Letters {
    let mut set = Letters::EMPTY;
    if c.is_ascii_alphabetic() {
        set.bytes[0] = c.to_ascii_lowercase() as u8;
        set.len = 1;
    } else if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            set.push_initial(p.plain());
        }
    }
    set
}

/// Pushes the letters of the surname `name` starts with and returns how many characters
/// of `name` that covers. Characters before the first one with a reading (a stray `·`)
/// are passed over. A listed compound or single surname takes its readings from the
/// tables; any other first character its first reading alone.
fn surname_letters(name: &str, positions: &mut Vec<Letters>) -> usize {
    let lead = name
        .chars()
        .take_while(|&c| general_letters(c).len == 0)
        .count();
    let mut chars = name.chars().skip(lead);
    let (Some(a), b) = (chars.next(), chars.next()) else {
        return lead;
    };
    if let Some(b) = b
        && let Some((_, readings)) = COMPOUND_SURNAMES.iter().find(|(surname, _)| {
            let mut sc = surname.chars();
            sc.next() == Some(a) && sc.next() == Some(b)
        })
    {
        positions.extend(readings.iter().map(|r| Letters::of_readings(&[r])));
        return lead + 2;
    }
    if let Some((_, readings)) = SURNAMES.iter().find(|(c, _)| *c == a) {
        positions.push(Letters::of_readings(readings));
    } else {
        let mut first = general_letters(a);
        first.len = 1;
        positions.push(first);
    }
    lead + 1
}

/// The initials of a name: the primary variant (each position's first reading) and the
/// others, sorted, without the primary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameInitials {
    pub primary: String,
    pub others: Vec<String>,
}

impl NameInitials {
    /// The primary variant, then the others.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.primary.as_str()).chain(self.others.iter().map(String::as_str))
    }
}

/// Every combination of initials over the readings of each character of `name`, lower
/// case, at most [`MAX_VARIANTS`] (the primary one always among them). Han characters
/// contribute the initial of each reading (the first character as a surname, see the
/// module notes), ASCII letters themselves lowercased; everything else (`·`, digits,
/// blanks, characters the crate has no reading for) is skipped. Every variant has one
/// letter per contributing character; a name with none has no initials.
pub fn name_initials(name: &str) -> Option<NameInitials> {
    let mut positions = Vec::with_capacity(name.len());
    let skip = surname_letters(name, &mut positions);
    positions.extend(
        name.chars()
            .skip(skip)
            .map(general_letters)
            .filter(|l| l.len > 0),
    );
    if positions.is_empty() {
        return None;
    }
    // Most names have one reading per character: no combinations to build.
    if positions.iter().all(|l| l.len == 1) {
        return Some(NameInitials {
            primary: positions.iter().map(|l| char::from(l.bytes[0])).collect(),
            others: Vec::new(),
        });
    }

    let mut variants: Vec<Vec<u8>> = vec![Vec::with_capacity(positions.len())];
    for letters in &positions {
        // Preferred letter across all variants so far first, so truncation at the cap
        // drops the rarer readings and the first variant is always the primary one.
        let mut next = Vec::with_capacity((variants.len() * letters.len).min(MAX_VARIANTS));
        'fill: for &l in letters.as_slice() {
            for v in &variants {
                if next.len() == MAX_VARIANTS {
                    break 'fill;
                }
                let mut w = v.clone();
                w.push(l);
                next.push(w);
            }
        }
        variants = next;
    }
    let mut out = variants
        .into_iter()
        .map(|v| String::from_utf8(v).expect("initials are ASCII letters"));
    let primary = out.next().expect("at least one variant");
    let mut others: Vec<String> = out.filter(|v| *v != primary).collect();
    others.sort_unstable();
    others.dedup();
    Some(NameInitials { primary, others })
}

/// Every variant of [`name_initials`], sorted and de-duplicated; none for a name without
/// initials.
pub fn initials_variants(name: &str) -> Vec<String> {
    let Some(initials) = name_initials(name) else {
        return Vec::new();
    };
    let mut out: Vec<String> = initials.all().map(str::to_string).collect();
    out.sort_unstable();
    out
}

/// Whether a search query should be matched against name initials: 1 to
/// [`MAX_QUERY_LEN`] ASCII letters, either case.
pub fn is_initials_query(q: &str) -> bool {
    (1..=MAX_QUERY_LEN).contains(&q.len()) && q.bytes().all(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(name: &str) -> Vec<String> {
        initials_variants(name)
    }

    #[test]
    fn common_name() {
        assert_eq!(v("张小明"), ["zxm"]);
    }

    #[test]
    fn surname_readings_replace_general_ones() {
        assert_eq!(v("曾"), ["z"]);
        assert_eq!(v("单"), ["s"]);
        assert_eq!(v("解"), ["x"]);
        assert_eq!(v("区"), ["o"]);
        assert_eq!(v("仇"), ["q"]);
        assert_eq!(v("朴"), ["p"]);
        assert_eq!(v("查"), ["z"]);
        assert_eq!(v("黑"), ["h"]);
        assert_eq!(v("曾小明"), ["zxm"]);
        assert_eq!(v("尉"), ["w", "y"]);
    }

    /// Issue 10: `slx` found 朱琳曦, 蔡林夏 and 邓丽秀, `zx` found 丁迅霆.
    #[test]
    fn the_first_character_reads_as_a_surname_only() {
        assert_eq!(v("朱琳曦"), ["zlx"]);
        assert_eq!(v("丁迅霆"), ["dxt"]);
        // 夏 is also jia in a given name; 蔡 is never sa.
        assert_eq!(v("蔡林夏"), ["clj", "clx"]);
        assert_eq!(v("邓丽秀"), ["dlx"]);
        // A stray mark before the name does not make the surname a given name.
        assert_eq!(v("·朱琳"), ["zl"]);
        // Business names too: 合 is he, not ge.
        assert!(v("合肥").iter().all(|x| x.starts_with('h')));
    }

    #[test]
    fn the_primary_variant_is_the_surname_reading_and_usual_readings() {
        let got = name_initials("乐丽").unwrap();
        assert_eq!(got.primary, "yl");
        assert_eq!(got.others, ["ll"]);
        let got = name_initials("王乐").unwrap();
        assert_eq!(got.primary, "wl");
        assert_eq!(got.others, ["wy"]);
        assert_eq!(name_initials("单丽").unwrap().primary, "sl");
        assert!(name_initials("张伟").unwrap().others.is_empty());
        assert_eq!(name_initials("·1"), None);
    }

    #[test]
    fn surname_table_applies_only_at_the_start() {
        // 曾 in a given name keeps both readings.
        assert_eq!(v("王曾"), ["wc", "wz"]);
        assert_eq!(v("张单"), ["zc", "zd", "zs"]);
    }

    #[test]
    fn compound_surnames() {
        assert_eq!(v("欧阳娜娜"), ["oynn"]);
        // 无 also reads mo (南无), so zsmj is there too; what matters is that 长 is not c.
        let zhangsun = v("长孙无忌");
        assert!(zhangsun.contains(&"zswj".to_string()), "{zhangsun:?}");
        assert!(zhangsun.iter().all(|x| x.starts_with("zs")), "{zhangsun:?}");
        assert_eq!(v("尉迟恭"), ["ycg"]);
        assert_eq!(v("万俟卨"), ["mqx"]);
        assert_eq!(v("澹台明"), ["ttm"]);
        assert_eq!(v("司马光"), ["smg"]);
    }

    #[test]
    fn heteronym_in_given_name_gives_both() {
        let got = v("王乐");
        assert!(got.contains(&"wl".to_string()), "{got:?}");
        assert!(got.contains(&"wy".to_string()), "{got:?}");
    }

    #[test]
    fn ascii_letters_kept_other_characters_skipped() {
        assert_eq!(v("Tom张"), ["tomz"]);
        assert_eq!(v("阿依·木拉提"), v("阿依木拉提"));
        assert_eq!(v("张 3 明"), ["zm"]);
        assert!(v("").is_empty());
        assert!(v("·123").is_empty());
        // A character without a known reading is skipped, not guessed.
        assert_eq!(v("张\u{2020C}"), ["z"]);
        assert_eq!(v("王䶮"), ["wy"]);
    }

    #[test]
    fn cap_keeps_preferred_readings() {
        let got = v("长乐朝重行都乐长");
        assert_eq!(got.len(), MAX_VARIANTS);
        assert!(got.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        let preferred: String = "长乐朝重行都乐长"
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    'c' // 长 as a surname is chang
                } else {
                    char::from(general_letters(c).bytes[0])
                }
            })
            .collect();
        assert!(got.contains(&preferred), "{preferred} in {got:?}");
        assert_eq!(
            name_initials("长乐朝重行都乐长").unwrap().primary,
            preferred
        );
    }

    #[test]
    fn initials_queries() {
        assert!(is_initials_query("zxm"));
        assert!(is_initials_query("ZXM"));
        assert!(is_initials_query("abcdefgh"));
        assert!(!is_initials_query(""));
        assert!(!is_initials_query("abcdefghi"));
        assert!(!is_initials_query("zx1"));
        assert!(!is_initials_query("张"));
        assert!(!is_initials_query("z m"));
    }

    fn indexed_chars(name: &str) -> usize {
        let mut surname = Vec::new();
        let skip = surname_letters(name, &mut surname);
        surname.len()
            + name
                .chars()
                .skip(skip)
                .filter(|&c| c.is_ascii_alphabetic() || c.to_pinyin_multi().is_some())
                .count()
    }

    proptest! {
        #[test]
        fn never_panics_and_lengths_match(
            name in prop_oneof![
                "[\\u{4e00}-\\u{9fff}a-zA-Z·0-9 ]{0,12}",
                "(欧阳|长孙|曾|单|尉|尉迟|万俟)[\\u{4e00}-\\u{9fff}]{0,3}",
                any::<String>(),
            ]
        ) {
            let got = initials_variants(&name);
            let n = indexed_chars(&name);
            prop_assert!(got.len() <= MAX_VARIANTS);
            prop_assert_eq!(got.is_empty(), n == 0);
            if let Some(initials) = name_initials(&name) {
                prop_assert!(got.contains(&initials.primary));
                prop_assert!(!initials.others.contains(&initials.primary));
            }
            for variant in &got {
                prop_assert_eq!(variant.len(), n);
                prop_assert!(variant.bytes().all(|b| b.is_ascii_lowercase()));
            }
        }
    }
}
