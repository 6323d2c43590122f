//! The word lists behind generated demo data (`data/names.toml`, `data/places.toml`) and
//! the deterministic random draws from them.
//!
//! Both files are embedded and checked by the tests below, so the loaders treat a broken
//! file as a build defect.

use serde::Deserialize;

/// Items drawn with integer weights. Integer arithmetic keeps the draw identical on every
/// machine, which floating-point cumulative sums would not guarantee across refactors.
#[derive(Debug, Clone)]
pub struct Weighted<T> {
    items: Vec<T>,
    /// Running totals: `cumulative[i]` is the sum of the weights of items `0..=i`.
    cumulative: Vec<u64>,
}

impl<T> Weighted<T> {
    /// Items with a zero weight are dropped; an empty result is the caller's error.
    pub fn new(pairs: impl IntoIterator<Item = (T, u64)>) -> Self {
        let mut items = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        for (item, weight) in pairs {
            if weight > 0 {
                total += weight;
                items.push(item);
                cumulative.push(total);
            }
        }
        Weighted { items, cumulative }
    }

    pub fn total(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The item for a draw `r` in `0..total()`; larger values wrap.
    pub fn pick(&self, r: u64) -> &T {
        let r = r % self.total().max(1);
        let i = self.cumulative.partition_point(|&c| c <= r);
        &self.items[i.min(self.items.len() - 1)]
    }
}

#[derive(Debug, Clone)]
pub struct Names {
    /// Single and compound surnames in one table.
    pub surnames: Weighted<String>,
    pub given: Vec<String>,
    pub rare: Vec<String>,
    pub business_kinds: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compound {
    pub name: String,
    pub street: String,
    pub number: u32,
    /// Walk-up blocks of at most six floors.
    #[serde(default)]
    pub old: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub name: String,
    pub weight: u64,
    pub streets: Vec<String>,
    pub compounds: Vec<Compound>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("demo list: {0}")]
pub struct ListError(String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    surnames: Vec<(String, u64)>,
    compound_surnames: Vec<(String, u64)>,
    given: String,
    rare: Vec<String>,
    business_kinds: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    district: Vec<District>,
}

fn unique(words: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

pub fn parse_names(text: &str) -> Result<Names, ListError> {
    let f: NamesFile = toml::from_str(text).map_err(|e| ListError(e.to_string()))?;
    let names = Names {
        surnames: Weighted::new(f.surnames.into_iter().chain(f.compound_surnames)),
        given: unique(f.given.split_whitespace().map(str::to_string)),
        rare: unique(f.rare),
        business_kinds: unique(f.business_kinds),
    };
    if names.surnames.is_empty() || names.given.is_empty() || names.business_kinds.is_empty() {
        return Err(ListError(
            "surnames, given and business_kinds must not be empty".into(),
        ));
    }
    Ok(names)
}

pub fn parse_places(text: &str) -> Result<Vec<District>, ListError> {
    let f: PlacesFile = toml::from_str(text).map_err(|e| ListError(e.to_string()))?;
    if f.district.is_empty() {
        return Err(ListError("no district".into()));
    }
    for d in &f.district {
        if d.weight == 0 || d.streets.is_empty() || d.compounds.is_empty() {
            return Err(ListError(format!(
                "district {} needs a weight, streets and compounds",
                d.name
            )));
        }
        if let Some(c) = d.compounds.iter().find(|c| c.number == 0) {
            return Err(ListError(format!("compound {} has house number 0", c.name)));
        }
    }
    Ok(f.district)
}

pub fn builtin_names() -> Names {
    parse_names(include_str!("../../data/names.toml")).expect("data/names.toml is tested")
}

pub fn builtin_places() -> Vec<District> {
    parse_places(include_str!("../../data/places.toml")).expect("data/places.toml is tested")
}

/// Per mille of names given a rare character.
pub const RARE_CHAR: u64 = 1;
/// Per cent of names with a single given character.
pub const ONE_GIVEN_CHAR: u64 = 30;

/// SplitMix64's increment: 2^64 divided by the golden ratio, odd.
pub const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective mix of all 64 bits.
pub const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, and fully specified here.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix64(self.0)
    }

    /// A value in `0..n` by multiply-high; the bias (at most n / 2^64) is irrelevant here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    pub fn per_mille(&mut self, p: u64) -> bool {
        self.below(1000) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn word<'a>(&mut self, words: &'a [String]) -> &'a str {
        self.pick::<String>(words)
    }

    /// A day in `from..to` (exclusive), as a day number from the common era.
    pub fn day_between(&mut self, from: i32, to: i32) -> i32 {
        let span = u64::try_from(to - from).unwrap_or(0).max(1);
        from + self.below(span) as i32
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits.
pub fn push_num(s: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    i = i.min(buf.len() - width.min(buf.len()));
    s.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

pub fn person_name(names: &Names, r: &mut SplitMix64, allow_rare: bool) -> String {
    let mut s = String::with_capacity(16);
    s.push_str(names.surnames.pick(r.next_u64()));
    let given = if r.below(100) < ONE_GIVEN_CHAR { 1 } else { 2 };
    let rare = allow_rare && !names.rare.is_empty() && r.per_mille(RARE_CHAR);
    for k in 0..given {
        if rare && k == given - 1 {
            s.push_str(r.word(&names.rare));
        } else {
            s.push_str(r.word(&names.given));
        }
    }
    s
}

pub fn business_name(names: &Names, r: &mut SplitMix64) -> String {
    let mut s = String::with_capacity(40);
    if r.below(2) == 0 {
        s.push_str("合肥");
        s.push_str(r.word(&names.given));
        s.push_str(r.word(&names.given));
    } else {
        s.push_str(names.surnames.pick(r.next_u64()));
        s.push('记');
    }
    s.push_str(r.word(&names.business_kinds));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::office::builtin_offices;

    #[test]
    fn names_file_is_complete() {
        let n = builtin_names();
        let single = n.surnames.items().iter().filter(|s| s.chars().count() == 1);
        assert!(single.count() >= 100);
        let compound: Vec<&String> = n
            .surnames
            .items()
            .iter()
            .filter(|s| s.chars().count() == 2)
            .collect();
        assert!(compound.len() >= 15);
        for s in [
            "曾", "单", "解", "仇", "朴", "查", "乐", "区", "欧阳", "司马", "上官", "诸葛",
        ] {
            assert!(n.surnames.items().iter().any(|x| x == s), "{s}");
        }
        assert!(n.given.len() >= 280, "{}", n.given.len());
        assert!(n.given.iter().all(|g| g.chars().count() == 1));
        assert!(
            n.rare
                .iter()
                .any(|r| r.chars().all(|c| u32::from(c) > 0xFFFF))
        );
    }

    #[test]
    fn places_file_matches_the_offices() {
        let places = builtin_places();
        let offices = builtin_offices();
        let districts: Vec<&str> = places.iter().map(|d| d.name.as_str()).collect();
        for o in offices.iter().filter(|o| !o.mobile) {
            assert!(districts.contains(&o.district.as_str()), "{}", o.district);
        }
        assert_eq!(districts.len(), 8);
        let compounds: Vec<&str> = places
            .iter()
            .flat_map(|d| d.compounds.iter().map(|c| c.name.as_str()))
            .collect();
        assert!(compounds.len() >= 38);
        let mut sorted = compounds.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), compounds.len(), "compound names are unique");
        for required in [
            "天鹅湖畔",
            "光明社区",
            "红旗社区",
            "玉兰公寓",
            "绿怡居东区",
            "轴承厂宿舍",
            "西园小区",
            "长江花园",
        ] {
            assert!(compounds.contains(&required), "{required}");
        }
        for d in &places {
            for c in &d.compounds {
                assert!(d.streets.contains(&c.street), "{} on {}", c.name, c.street);
            }
        }
    }

    #[test]
    fn weighted_pick_follows_the_weights() {
        let w = Weighted::new([("a", 1), ("zero", 0), ("b", 3)]);
        assert_eq!(w.total(), 4);
        let picks: Vec<&str> = (0..8).map(|r| *w.pick(r)).collect();
        assert_eq!(picks, ["a", "b", "b", "b", "a", "b", "b", "b"]);
    }

    #[test]
    fn broken_lists_are_refused() {
        assert!(parse_places("").is_err());
        assert!(
            parse_places("[[district]]\nname = \"x\"\nweight = 1\nstreets = []\ncompounds = []")
                .is_err()
        );
        assert!(parse_names("surnames = []").is_err());
    }

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // First outputs for seed 0 of the published reference implementation: if these
        // change, every demo dataset changes with them.
        let mut r = SplitMix64(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn zero_padding() {
        let mut s = String::new();
        push_num(&mut s, 42, 4);
        push_num(&mut s, 12345, 2);
        push_num(&mut s, 0, 1);
        assert_eq!(s, "0042123450");
    }
}
