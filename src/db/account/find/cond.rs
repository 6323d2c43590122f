//! Conditions on one account's index tokens: written as FTS5 MATCH expressions for
//! SQLite, or checked in Rust against the account's fetched row (see the parent module
//! for why several-word searches do both).

use std::cell::OnceCell;

use crate::domain::search::{self, Field};

/// A condition on one account's index tokens: an FTS5 MATCH expression for SQLite
/// ([`Cond::expr`]), or checked in Rust against a fetched row ([`Cond::holds`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cond {
    /// The tokens one after another in the column (`column : "a b"`), or at its very
    /// start (`column : ^ "a b"`).
    Phrase {
        column: &'static str,
        tokens: Vec<String>,
        at_start: bool,
    },
    /// A token of `keys` starting with this one (`keys : "m138" *`).
    KeyPrefix(String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    ButNot(Box<Cond>, Box<Cond>),
}

/// An FTS5 string: the tokens in double quotes, inner quotes doubled.
pub(super) fn quoted(tokens: &[String]) -> String {
    format!("\"{}\"", tokens.join(" ").replace('"', "\"\""))
}

pub(super) fn joined(conds: &[Cond], op: &str) -> String {
    conds
        .iter()
        .map(|c| format!("({})", c.expr()))
        .collect::<Vec<_>>()
        .join(op)
}

/// Every one of `conds` (one alone is itself).
pub(super) fn all(mut conds: Vec<Cond>) -> Cond {
    if conds.len() == 1 {
        conds.pop().expect("one")
    } else {
        Cond::All(conds)
    }
}

/// Any of `conds` (one alone is itself).
pub(super) fn any(mut conds: Vec<Cond>) -> Cond {
    if conds.len() == 1 {
        conds.pop().expect("one")
    } else {
        Cond::Any(conds)
    }
}

pub(super) fn but_not(cond: Cond, without: Cond) -> Cond {
    Cond::ButNot(Box::new(cond), Box::new(without))
}

/// Two tokens are the same index token: the tokenizer folds ASCII case, and Rust
/// checks only rows whose tokens have nothing else to fold ([`search::is_plain`]).
pub(super) fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Cond {
    pub(super) fn expr(&self) -> String {
        match self {
            Cond::Phrase {
                column,
                tokens,
                at_start,
            } => format!(
                "{column} : {}{}",
                if *at_start { "^ " } else { "" },
                quoted(tokens)
            ),
            Cond::KeyPrefix(token) => format!("keys : {} *", quoted(std::slice::from_ref(token))),
            Cond::All(conds) => joined(conds, " AND "),
            Cond::Any(conds) => joined(conds, " OR "),
            Cond::ButNot(cond, without) => format!("({}) NOT ({})", cond.expr(), without.expr()),
        }
    }

    /// Whether a row with these tokens meets the condition, as the index would say, or
    /// `None` when only the index can say (rare characters in the name or address).
    pub(super) fn holds(&self, row: &RowTokens) -> Option<bool> {
        match self {
            Cond::Phrase {
                column,
                tokens,
                at_start,
            } => row.has_phrase(column, tokens, *at_start),
            Cond::KeyPrefix(prefix) => row.known(
                Field::Name,
                row.keys(prefix).iter().any(|k| {
                    k.len() >= prefix.len()
                        && k.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
                }),
            ),
            Cond::All(conds) => {
                let each: Vec<Option<bool>> = conds.iter().map(|c| c.holds(row)).collect();
                if each.contains(&Some(false)) {
                    Some(false)
                } else if each.contains(&None) {
                    None
                } else {
                    Some(true)
                }
            }
            Cond::Any(conds) => {
                let each: Vec<Option<bool>> = conds.iter().map(|c| c.holds(row)).collect();
                if each.contains(&Some(true)) {
                    Some(true)
                } else if each.contains(&None) {
                    None
                } else {
                    Some(false)
                }
            }
            Cond::ButNot(cond, without) => match (cond.holds(row), without.holds(row)) {
                (Some(false), _) | (_, Some(true)) => Some(false),
                (Some(true), Some(false)) => Some(true),
                _ => None,
            },
        }
    }

    /// A cheaper condition that every row meeting this one meets: a phrase by its first
    /// token alone, anywhere in the column (what is excepted stays exact).
    pub(super) fn loosened(&self) -> Cond {
        match self {
            Cond::Phrase { column, tokens, .. } => Cond::Phrase {
                column,
                tokens: tokens.iter().take(1).cloned().collect(),
                at_start: false,
            },
            Cond::KeyPrefix(_) => self.clone(),
            Cond::All(conds) => all(conds.iter().map(Cond::loosened).collect()),
            Cond::Any(conds) => any(conds.iter().map(Cond::loosened).collect()),
            Cond::ButNot(cond, without) => but_not(cond.loosened(), (**without).clone()),
        }
    }
}

/// The index tokens of one account, worked out from its row by the rules that built
/// the index, each part only when a condition asks for it.
pub(super) struct RowTokens<'a> {
    /// Whether the name and the address are all characters Rust tokenizes as the
    /// index does ([`search::is_plain`]).
    name_plain: bool,
    address_plain: bool,
    name: &'a str,
    address: &'a str,
    phone: Option<&'a str>,
    name_atoms: OnceCell<Vec<String>>,
    address_atoms: OnceCell<Vec<String>>,
    name_keys: OnceCell<Vec<String>>,
    initials_keys: OnceCell<Vec<String>>,
    phone_keys: OnceCell<Vec<String>>,
    all_keys: OnceCell<Vec<String>>,
}

/// Whether `token` is the field's mark followed by `parts` run together (a `chars` token
/// is one atom, a `pairs` token two), as the index compares tokens ([`same`]).
pub(super) fn token_is(token: &str, mark: char, parts: &[String]) -> bool {
    let mut buf = [0u8; 4];
    let mut rest = token.as_bytes();
    for part in
        std::iter::once(&*mark.encode_utf8(&mut buf)).chain(parts.iter().map(String::as_str))
    {
        let part = part.as_bytes();
        if rest.len() < part.len() || !rest[..part.len()].eq_ignore_ascii_case(part) {
            return false;
        }
        rest = &rest[part.len()..];
    }
    rest.is_empty()
}

impl<'a> RowTokens<'a> {
    pub(super) fn of(name: &'a str, address: &'a str, phone: Option<&'a str>) -> RowTokens<'a> {
        RowTokens {
            name_plain: search::is_plain(name),
            address_plain: search::is_plain(address),
            name,
            address,
            phone,
            name_atoms: OnceCell::new(),
            address_atoms: OnceCell::new(),
            name_keys: OnceCell::new(),
            initials_keys: OnceCell::new(),
            phone_keys: OnceCell::new(),
            all_keys: OnceCell::new(),
        }
    }

    /// What Rust found in a field's tokens, as the index would say: a token of plain
    /// characters found is in the index too; one not found in text with rare
    /// characters may still be there (the tokenizer may split a token at such a
    /// character), so only the index can say.
    pub(super) fn known(&self, field: Field, found: bool) -> Option<bool> {
        let plain = match field {
            Field::Name => self.name_plain,
            Field::Address => self.address_plain,
        };
        (found || plain).then_some(found)
    }

    pub(super) fn atoms(&self, field: Field) -> &[String] {
        match field {
            Field::Name => self.name_atoms.get_or_init(|| search::atoms(self.name)),
            Field::Address => self
                .address_atoms
                .get_or_init(|| search::atoms(self.address)),
        }
    }

    /// The keys a key starting like `token` can be among: each kind of key has a first
    /// character of its own (see `domain::search::key`).
    pub(super) fn keys(&self, token: &str) -> &[String] {
        match token.bytes().next() {
            Some(b'n' | b's' | b'b') => self
                .name_keys
                .get_or_init(|| search::name_keys(self.atoms(Field::Name))),
            Some(b'1'..=b'4') => self
                .initials_keys
                .get_or_init(|| search::initials_keys(self.name)),
            Some(b'h' | b'm' | b't') => self
                .phone_keys
                .get_or_init(|| search::phone_keys(self.phone)),
            _ => self.all_keys.get_or_init(|| {
                search::keys_column(self.name, self.phone)
                    .split(' ')
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
        }
    }

    /// Whether the column has `tokens` one after another (at its start with `at_start`).
    pub(super) fn has_phrase(
        &self,
        column: &str,
        tokens: &[String],
        at_start: bool,
    ) -> Option<bool> {
        let (field, width) = match column {
            "name_chars" => (Field::Name, 1),
            "name_pairs" => (Field::Name, 2),
            "address_chars" => (Field::Address, 1),
            "address_pairs" => (Field::Address, 2),
            _ => {
                let have = match tokens {
                    [one] => self.keys(one),
                    _ => self.keys(""),
                };
                let at = |i: usize| {
                    have.len() >= i + tokens.len()
                        && have[i..].iter().zip(tokens).all(|(h, t)| same(h, t))
                };
                // Keys hold the name's atoms (n, s, b) or ASCII only.
                let found = if at_start {
                    at(0)
                } else {
                    (0..have.len()).any(at)
                };
                return self.known(Field::Name, found);
            }
        };
        let atoms = self.atoms(field);
        // The column's tokens: one per atom, or one per pair of neighbouring atoms.
        let count = (atoms.len() + 1).saturating_sub(width);
        let at = |i: usize| {
            i + tokens.len() <= count
                && tokens
                    .iter()
                    .enumerate()
                    .all(|(j, t)| token_is(t, field.mark(), &atoms[i + j..i + j + width]))
        };
        let found = if at_start { at(0) } else { (0..count).any(at) };
        self.known(field, found)
    }
}

pub(super) fn in_column(column: &'static str, tokens: Vec<String>) -> Cond {
    Cond::Phrase {
        column,
        tokens,
        at_start: false,
    }
}

pub(super) fn key_is(token: String) -> Cond {
    in_column("keys", vec![token])
}

/// A word's atoms in the name or the address.
pub(super) fn atoms_in(field: Field, atoms: &[String]) -> Cond {
    let (column, tokens) = field.lookup(atoms);
    in_column(column, tokens)
}

/// A word's atoms in the name or in the address.
pub(super) fn atoms_anywhere(atoms: &[String]) -> Cond {
    Cond::Any(vec![
        atoms_in(Field::Name, atoms),
        atoms_in(Field::Address, atoms),
    ])
}
