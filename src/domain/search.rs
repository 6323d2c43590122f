//! What a search box query means, and the words the search index keeps for an account.
//!
//! One input serves account numbers, phones, pinyin initials and Chinese names or
//! addresses, and several words narrow: each word is read on its own ([`classify`]).
//!
//! Names and addresses are indexed as *atoms*: each character on its own, except that a
//! run of digits is one atom, so `9栋` is the atoms `9`, `栋` and never part of `19栋`
//! (a building, unit or room number matches whole). Both the atoms and each pair of
//! neighbouring atoms are indexed: a query of two or more atoms is a phrase of pairs,
//! which stays fast when each character is everywhere (路, 号) but the pair is rare.
//!
//! Every name token starts with `x` and every address token with `y` ([`Field`]).
//! Everything else a search looks up is a *key*: one token of the account's `keys`
//! column whose first character says what it is ([`key`]).

use crate::domain::pinyin::{self, MAX_QUERY_LEN};

/// The longest query accepted; longer input is cut (a search box is not a document).
pub const MAX_QUERY_CHARS: usize = 40;

/// Folds full-width ASCII (ＡＢＣ１２３) and the ideographic space to their narrow forms.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// Only digits (blanks and dashes inside a number dropped): an account number, a
    /// phone (prefix, last four or whole), or in a query of several words also a number
    /// of the address.
    Digits(String),
    /// Only ASCII letters, at most [`MAX_QUERY_LEN`], lower case: pinyin initials.
    Initials(String),
    /// Anything else: part of a name or an address, as its atoms (never empty).
    Text(Vec<String>),
}

/// The words of a query, in the order typed; none for an empty one. A query that is
/// all digits once blanks and dashes go (`138 0013 8000`) is one number, and one that
/// is all letters (`z x m`) one set of initials.
pub fn classify(input: &str) -> Vec<Word> {
    let folded: String = fold_width(input).chars().take(MAX_QUERY_CHARS).collect();
    let trimmed = folded.trim();
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if compact.is_empty() {
        return Vec::new();
    }
    if let Some(word) = number_or_initials(&compact) {
        return vec![word];
    }
    trimmed
        .split_whitespace()
        .filter_map(|w| {
            let compact: String = w.chars().filter(|c| *c != '-').collect();
            number_or_initials(&compact).or_else(|| {
                let atoms = atoms(w);
                (!atoms.is_empty()).then_some(Word::Text(atoms))
            })
        })
        .collect()
}

fn number_or_initials(compact: &str) -> Option<Word> {
    if compact.is_empty() {
        None
    } else if compact.bytes().all(|b| b.is_ascii_digit()) {
        Some(Word::Digits(compact.to_string()))
    } else if compact.len() <= MAX_QUERY_LEN && compact.bytes().all(|b| b.is_ascii_alphabetic()) {
        Some(Word::Initials(compact.to_ascii_lowercase()))
    } else {
        None
    }
}

/// The atoms of a name, an address or a query word: each letter or other character
/// that is part of a word, each run of ASCII digits whole; blanks, punctuation and
/// control characters are dropped. Full-width digits and letters count as narrow ones.
pub fn atoms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_number = false;
    for c in fold_width(text).chars() {
        if c.is_ascii_digit() {
            if in_number && let Some(last) = out.last_mut() {
                last.push(c);
            } else {
                out.push(c.to_string());
            }
            in_number = true;
        } else {
            in_number = false;
            if c.is_alphanumeric() {
                out.push(c.to_string());
            }
        }
    }
    out
}

/// Each pair of neighbouring atoms run together (`长江花园` → `长江 江花 花园`).
pub fn pairs(atoms: &[String]) -> Vec<String> {
    atoms
        .windows(2)
        .map(|w| format!("{}{}", w[0], w[1]))
        .collect()
}

/// The name or the address of an account, each indexed in a `chars` and a `pairs`
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Address,
}

impl Field {
    /// The letter each token of the field starts with. An FTS5 column filter still walks
    /// every row that has the token in any column, so the same character must not be
    /// the same token in both fields: a name search would walk every address with 路.
    pub fn mark(self) -> char {
        match self {
            Field::Name => 'x',
            Field::Address => 'y',
        }
    }

    /// The column and the tokens a word's atoms are looked up by in this field: one
    /// atom in the `chars` column, more as the phrase of their pairs in the `pairs` one.
    pub fn lookup(self, atoms: &[String]) -> (&'static str, Vec<String>) {
        let column = match (self, atoms.len()) {
            (Field::Name, 1) => "name_chars",
            (Field::Name, _) => "name_pairs",
            (Field::Address, 1) => "address_chars",
            (Field::Address, _) => "address_pairs",
        };
        let tokens = if atoms.len() == 1 {
            atoms.to_vec()
        } else {
            pairs(atoms)
        };
        (column, self.marked(tokens))
    }

    fn marked(self, tokens: Vec<String>) -> Vec<String> {
        tokens
            .into_iter()
            .map(|t| format!("{}{t}", self.mark()))
            .collect()
    }
}

/// The text of one of the four name and address columns for `text`, or `None` for
/// another column name.
pub fn column_text(column: &str, text: &str) -> Option<String> {
    column_tokens(column, text).map(|tokens| tokens.join(" "))
}

/// The tokens of one of the four name and address columns for `text`, in order, or
/// `None` for another column name.
pub fn column_tokens(column: &str, text: &str) -> Option<Vec<String>> {
    let (field, pairs_column) = match column {
        "name_chars" => (Field::Name, false),
        "name_pairs" => (Field::Name, true),
        "address_chars" => (Field::Address, false),
        "address_pairs" => (Field::Address, true),
        _ => return None,
    };
    let atoms = atoms(text);
    let tokens = if pairs_column { pairs(&atoms) } else { atoms };
    Some(field.marked(tokens))
}

/// Whether every atom character of `text` is one the index tokenizer (FTS5 `unicode61`)
/// keeps as it is apart from ASCII case: ASCII letters and digits and the CJK
/// ideographs of the basic and first extension blocks (Unicode 3.0, in every table the
/// tokenizer was ever built from). For such text, tokens compared in Rust after ASCII
/// lower-casing are equal exactly when the index's are; for any other text (accented
/// letters, rarer ideographs, other scripts) only the index can say.
pub fn is_plain(text: &str) -> bool {
    fold_width(text).chars().all(|c| {
        !c.is_alphanumeric()
            || c.is_ascii_alphanumeric()
            || ('\u{4E00}'..='\u{9FA5}').contains(&c)
            || ('\u{3400}'..='\u{4DB5}').contains(&c)
    })
}

/// The tokens of the `keys` column. Each starts with a character naming its kind, so
/// no two kinds ever share a token; every one is letters and digits only, which the
/// index tokenizer keeps as one token.
pub mod key {
    /// The whole name, atoms run together: an exact-name search.
    pub fn exact_name(atoms: &[String]) -> String {
        format!("n{}", atoms.concat())
    }

    /// The name's first atom (`s`), or with two or more atoms its first pair (`b`): a
    /// name-starts-with search.
    pub fn name_start(atoms: &[String]) -> String {
        match atoms {
            [] | [_] => format!("s{}", atoms.concat()),
            [a, b, ..] => format!("b{a}{b}"),
        }
    }

    /// The four ranks of an initials match, best first.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum InitialsRank {
        /// The primary variant is the query.
        Primary = 1,
        /// Another variant is the query.
        Other = 2,
        /// The primary variant starts with the query (and is longer).
        PrimaryPrefix = 3,
        /// Another variant starts with the query, the primary one does not.
        OtherPrefix = 4,
    }

    impl InitialsRank {
        pub const ALL: [InitialsRank; 4] = [
            InitialsRank::Primary,
            InitialsRank::Other,
            InitialsRank::PrimaryPrefix,
            InitialsRank::OtherPrefix,
        ];
    }

    pub fn initials(rank: InitialsRank, letters: &str) -> String {
        format!("{}{letters}", rank as u8)
    }

    /// The first `digits` (1 to [`PHONE_HEADS`]) of a mobile number.
    pub fn phone_head(digits: &str) -> String {
        format!("h{digits}")
    }

    /// The whole mobile number; longer heads are searched as its prefix.
    pub fn phone(digits: &str) -> String {
        format!("m{digits}")
    }

    pub fn phone_last4(digits: &str) -> String {
        format!("t{digits}")
    }

    /// Heads of a mobile number indexed as tokens of their own.
    pub const PHONE_HEADS: usize = 6;
}

/// The `keys` column of an account: its exact name, how the name starts, its initials
/// and its mobile number.
pub fn keys_column(name: &str, phone: Option<&str>) -> String {
    let mut keys = name_keys(&atoms(name));
    keys.extend(initials_keys(name));
    keys.extend(phone_keys(phone));
    keys.join(" ")
}

/// The keys of a name's atoms: exact name and how it starts (`n`, `s`, `b`).
pub fn name_keys(name_atoms: &[String]) -> Vec<String> {
    let mut keys = Vec::new();
    if !name_atoms.is_empty() {
        keys.push(key::exact_name(name_atoms));
        keys.push(key::name_start(&name_atoms[..1]));
        if name_atoms.len() > 1 {
            keys.push(key::name_start(name_atoms));
        }
    }
    keys
}

/// The keys of a name's initials, four ranks (`1` to `4`).
pub fn initials_keys(name: &str) -> Vec<String> {
    use key::InitialsRank as R;
    let mut keys = Vec::new();
    if let Some(initials) = pinyin::name_initials(name) {
        let strict_prefixes = |v: &str| -> Vec<String> {
            (1..v.len().min(MAX_QUERY_LEN + 1))
                .map(|k| v[..k].to_string())
                .collect()
        };
        if initials.primary.len() <= MAX_QUERY_LEN {
            keys.push(key::initials(R::Primary, &initials.primary));
        }
        for other in initials.others.iter().filter(|o| o.len() <= MAX_QUERY_LEN) {
            keys.push(key::initials(R::Other, other));
        }
        let primary_prefixes = strict_prefixes(&initials.primary);
        let mut other_prefixes: Vec<String> = initials
            .others
            .iter()
            .flat_map(|o| strict_prefixes(o))
            .filter(|p| !primary_prefixes.contains(p))
            .collect();
        other_prefixes.sort_unstable();
        other_prefixes.dedup();
        keys.extend(
            primary_prefixes
                .iter()
                .map(|p| key::initials(R::PrimaryPrefix, p)),
        );
        keys.extend(
            other_prefixes
                .iter()
                .map(|p| key::initials(R::OtherPrefix, p)),
        );
    }
    keys
}

/// The keys of a mobile number: its heads, the whole number, its last four digits
/// (`h`, `m`, `t`).
pub fn phone_keys(phone: Option<&str>) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(phone) = phone.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        for len in 1..=phone.len().min(key::PHONE_HEADS) {
            keys.push(key::phone_head(&phone[..len]));
        }
        keys.push(key::phone(phone));
        if phone.len() >= 4 {
            keys.push(key::phone_last4(&phone[phone.len() - 4..]));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> Word {
        Word::Digits(s.into())
    }

    fn text(atoms: &[&str]) -> Word {
        Word::Text(atoms.iter().map(|a| a.to_string()).collect())
    }

    #[test]
    fn digits_letters_and_text_are_told_apart() {
        assert_eq!(classify("3401000123"), [digits("3401000123")]);
        assert_eq!(classify(" 138-0013 "), [digits("1380013")]);
        assert_eq!(classify("138 0013 8000"), [digits("13800138000")]);
        assert_eq!(classify("５６７８"), [digits("5678")]);
        assert_eq!(classify("ZXM"), [Word::Initials("zxm".into())]);
        assert_eq!(classify("z x m"), [Word::Initials("zxm".into())]);
        assert_eq!(classify("张伟"), [text(&["张", "伟"])]);
        assert_eq!(
            classify("长江花园　9栋"),
            [text(&["长", "江", "花", "园"]), text(&["9", "栋"])]
        );
        assert_eq!(classify("   "), []);
        assert_eq!(classify("-"), []);
        assert_eq!(
            classify("abcdefghi"),
            [text(&["a", "b", "c", "d", "e", "f", "g", "h", "i"])]
        );
    }

    #[test]
    fn several_words_each_keep_their_kind() {
        assert_eq!(
            classify("zxm 长江"),
            [Word::Initials("zxm".into()), text(&["长", "江"])]
        );
        assert_eq!(classify("张 138"), [text(&["张"]), digits("138")]);
        assert_eq!(
            classify("张 ·"),
            [text(&["张"])],
            "a word of punctuation is dropped"
        );
    }

    #[test]
    fn control_characters_never_reach_the_index() {
        assert_eq!(classify("张\u{202e}伟"), [text(&["张", "伟"])]);
    }

    #[test]
    fn numbers_are_whole_atoms() {
        assert_eq!(
            atoms("长江花园 19栋3单元1302室"),
            [
                "长", "江", "花", "园", "19", "栋", "3", "单", "元", "1302", "室"
            ]
        );
        assert_eq!(atoms("１９栋"), ["19", "栋"]);
        assert_eq!(atoms("3-2-101"), ["3", "2", "101"]);
        assert_eq!(atoms("阿依·木拉提"), ["阿", "依", "木", "拉", "提"]);
        assert_eq!(pairs(&atoms("9栋")), ["9栋"]);
        assert_eq!(pairs(&atoms("19栋")), ["19栋"]);
        assert!(pairs(&atoms("张")).is_empty());
    }

    #[test]
    fn names_and_addresses_have_tokens_of_their_own() {
        let col = |c: &str, t: &str| column_text(c, t).unwrap();
        assert_eq!(col("address_pairs", "长江花园"), "y长江 y江花 y花园");
        assert_eq!(col("address_chars", "9栋"), "y9 y栋");
        assert_eq!(col("name_chars", "张 伟"), "x张 x伟");
        assert_eq!(col("name_pairs", "张伟"), "x张伟");
        assert_eq!(column_text("keys", "张伟"), None);
        let atoms = atoms("长江花园");
        assert_eq!(
            Field::Address.lookup(&atoms),
            (
                "address_pairs",
                vec!["y长江".into(), "y江花".into(), "y花园".into()]
            )
        );
        assert_eq!(
            Field::Name.lookup(&atoms[..1]),
            ("name_chars", vec!["x长".to_string()])
        );
    }

    #[test]
    fn keys_of_an_account() {
        let keys = keys_column("乐丽", Some("13800138000"));
        let keys: Vec<&str> = keys.split(' ').collect();
        assert_eq!(
            keys,
            [
                "n乐丽",
                "s乐",
                "b乐丽",
                "1yl",
                "2ll",
                "3y",
                "4l",
                "h1",
                "h13",
                "h138",
                "h1380",
                "h13800",
                "h138001",
                "m13800138000",
                "t8000",
            ]
        );
        // Variants longer than a query can be have prefixes only.
        let long = keys_column("合肥市庐阳区燃气公司", None);
        assert!(!long.split(' ').any(|k| k.starts_with('1')), "{long}");
        assert!(long.split(' ').any(|k| k == "3hfslyqrq"), "{long}");
        assert_eq!(keys_column("·", None), "");
    }
}
