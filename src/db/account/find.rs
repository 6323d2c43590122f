//! The customer search behind F3 and `gasdesk account find`: results best first.
//!
//! A query is planned as *ranks*, best first (exact account number; exact phone or its
//! last four digits; exact name; initials of the whole name by the surname's own
//! reading, then by other readings; then prefixes and parts). Each rank is one indexed
//! statement, or a few whose rows are merged, with a LIMIT; the ranks run in order until
//! the list is full, so a query costs a handful of index lookups however many accounts
//! match. Within a rank rows come in account-number order: the search index's rowid is
//! the account number (see `005_search_rank.sql`).
//!
//! In a query of several words the first word's ranks order the result and every other
//! word narrows each rank. Every rank is then ANDed with the same narrowing phrase
//! (`庐州花园` is the phrase of its pairs `y庐州 y州花 y花园`), and a phrase costs a seek
//! into the doclist of each of its tokens for every candidate row. So in a query of
//! several words each statement is *loosened*: the first word's rank stays exact, the
//! other words' phrases are looked up by their first token only, and each row the
//! statement returns is checked exactly in Rust against the account's own name, address
//! and phone, tokenized by the rules that built the index (`domain::search`); a row that
//! fails is skipped. Where a row's rare characters (outside the basic CJK blocks) could
//! make the index's tokens differ from Rust's, the index itself is asked. A statement
//! whose rows keep failing the check is run exact from where it stopped. The result is
//! the same list in the same order as with exact statements ([`search_strict`], which
//! the tests hold it to). (One statement for all the ranks at once, each row given its
//! rank in Rust, was tried: it gains where matches are few and loses more where they are
//! many, since it cannot stop at 50 rows before the best rank is complete.)

use std::collections::HashSet;

use rusqlite::Connection;

use crate::domain::search::{self, Field, Word, key, key::InitialsRank};

use super::{AccountSummary, summary_from};
use crate::db::{DbError, Reads};

mod cond;

use cond::{Cond, RowTokens, all, any, atoms_anywhere, atoms_in, but_not, key_is};

/// Which kind of match found a row, for the result list ("by name", "by phone").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    AccountNo,
    Phone,
    PhoneLast4,
    Initials,
    NameChars,
    AddressChars,
}

/// The kinds of query the benchmark reports apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchPlan {
    /// Digits not starting with 1: an account number, exact or prefix.
    AccountPrefix,
    /// Digits starting with 1: a mobile prefix or whole number, then account numbers.
    PhonePrefix,
    /// Four digits: the end of a mobile number, then account numbers.
    PhoneLast4,
    Initials,
    /// A word of one or two characters.
    ShortText,
    /// A word of three or more characters.
    Text,
    /// Several words.
    Words,
}

impl SearchPlan {
    pub const ALL: [SearchPlan; 7] = [
        SearchPlan::AccountPrefix,
        SearchPlan::PhonePrefix,
        SearchPlan::PhoneLast4,
        SearchPlan::Initials,
        SearchPlan::ShortText,
        SearchPlan::Text,
        SearchPlan::Words,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchPlan::AccountPrefix => "account_no",
            SearchPlan::PhonePrefix => "phone_prefix",
            SearchPlan::PhoneLast4 => "phone_last4",
            SearchPlan::Initials => "pinyin_initials",
            SearchPlan::ShortText => "text_1_2_chars",
            SearchPlan::Text => "text_3plus_chars",
            SearchPlan::Words => "several_words",
        }
    }
}

/// ?1 the MATCH expression, ?2 and ?3 the account-number range, ?4 the limit (negative:
/// none). FTS5 hands back rowids in order; the join keeps it. The rowid comes last.
const SQL_INDEX: &str =
    "SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status,
            f.rowid
     FROM (SELECT rowid FROM account_search
           WHERE account_search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid LIMIT ?4) f
     JOIN account a ON a.account_no = printf('%010d', f.rowid)";
/// ?1 the MATCH expression, ?2 the index rowid: whether that account matches.
const SQL_INDEX_HAS: &str =
    "SELECT 1 FROM account_search WHERE account_search MATCH ?1 AND rowid = ?2";
/// ?1 the account number.
const SQL_ACCOUNT_NO: &str =
    "SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status
     FROM account a WHERE a.account_no = ?1";
/// ?1 the whole GLOB pattern (bound as one parameter so the index is used), ?2 the limit.
const SQL_ACCOUNT_PREFIX: &str =
    "SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status
     FROM account a WHERE a.account_no GLOB ?1 ORDER BY a.account_no LIMIT ?2";

/// Every account number, as the rowid range of the search index.
const ALL_NUMBERS: (i64, i64) = (0, 9_999_999_999);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// A MATCH expression over `account_search` and an account-number range.
    Index {
        expr: String,
        range: (i64, i64),
    },
    AccountNo(String),
    /// A GLOB pattern over account numbers.
    AccountPrefix(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    source: Source,
    kind: SearchKind,
    /// For a loosened statement, the exact condition each of its rows is checked by.
    exact: Option<Exact>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Exact {
    /// What the loosened statement does not ensure: the loosened conditions, exact.
    cond: Cond,
    /// The exact MATCH expression: for rows only the index can check, and to carry on
    /// exact when too many rows fail.
    expr: String,
}

/// How a query is run: its ranks, best first; the rows of the steps of one rank are
/// merged by account number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub kind: SearchPlan,
    ranks: Vec<Vec<Step>>,
}

// --- ranks of one word ----------------------------------------------------------------

/// One rank of a word: a condition or an account number, and what it is.
#[derive(Debug, Clone)]
enum Class {
    Expr(Cond, SearchKind),
    /// The account with this number (as an integer).
    Account(i64),
}

/// Exact name, name starting with the word, name containing it, address containing it.
fn text_classes(atoms: &[String]) -> Vec<Class> {
    let exact = key_is(key::exact_name(atoms));
    let in_name = atoms_in(Field::Name, atoms);
    let start = if atoms.len() <= 2 {
        key_is(key::name_start(atoms))
    } else {
        let (column, tokens) = Field::Name.lookup(atoms);
        Cond::All(vec![
            key_is(key::name_start(atoms)),
            Cond::Phrase {
                column,
                tokens,
                at_start: true,
            },
        ])
    };
    vec![
        Class::Expr(exact.clone(), SearchKind::NameChars),
        Class::Expr(but_not(start.clone(), exact), SearchKind::NameChars),
        Class::Expr(but_not(in_name.clone(), start), SearchKind::NameChars),
        Class::Expr(
            but_not(atoms_in(Field::Address, atoms), in_name),
            SearchKind::AddressChars,
        ),
    ]
}

fn initials_classes(letters: &str) -> Vec<Class> {
    InitialsRank::ALL
        .iter()
        .map(|&rank| Class::Expr(key_is(key::initials(rank, letters)), SearchKind::Initials))
        .collect()
}

/// The phone meanings of a number: a head, the whole number or its prefix.
fn phone_expr(digits: &str) -> Option<Cond> {
    if !digits.starts_with('1') {
        return None;
    }
    Some(match digits.len() {
        n if n <= key::PHONE_HEADS => key_is(key::phone_head(digits)),
        11 => key_is(key::phone(digits)),
        n if n < 11 => Cond::KeyPrefix(key::phone(digits)),
        _ => return None,
    })
}

fn account_number(digits: &str) -> Option<i64> {
    (digits.len() == 10).then(|| digits.parse().ok()).flatten()
}

/// A number's meanings in a query of several words, best first: the account number
/// (ten digits), the last four digits of a mobile (four), the whole mobile number or its
/// prefix, a number in the name or the address (whole: `9` is not part of `19`). An
/// account-number prefix is a meaning of a number alone only.
fn number_classes(digits: &str) -> Vec<Class> {
    let mut classes = Vec::new();
    if let Some(no) = account_number(digits) {
        classes.push(Class::Account(no));
    }
    if digits.len() == 4 {
        classes.push(Class::Expr(
            key_is(key::phone_last4(digits)),
            SearchKind::PhoneLast4,
        ));
    }
    if let Some(phone) = phone_expr(digits) {
        classes.push(Class::Expr(phone, SearchKind::Phone));
    }
    classes.push(Class::Expr(
        atoms_anywhere(&[digits.to_string()]),
        SearchKind::AddressChars,
    ));
    classes
}

fn word_classes(word: &Word) -> Vec<Class> {
    match word {
        Word::Digits(d) => number_classes(d),
        Word::Initials(letters) => initials_classes(letters),
        Word::Text(atoms) => text_classes(atoms),
    }
}

/// What a word that narrows another word's ranks allows: a condition any of whose
/// meanings holds, and for a ten-digit number also that account.
fn narrowing(word: &Word) -> (Option<Cond>, Option<i64>) {
    let mut conds = Vec::new();
    let mut account = None;
    match word {
        Word::Text(atoms) => conds.push(atoms_anywhere(atoms)),
        _ => {
            for class in word_classes(word) {
                match class {
                    Class::Expr(e, _) => conds.push(e),
                    Class::Account(no) => account = Some(no),
                }
            }
        }
    }
    let cond = (!conds.is_empty()).then(|| any(conds));
    (cond, account)
}

// --- plans ----------------------------------------------------------------------------

fn index(cond: Cond, kind: SearchKind) -> Step {
    Step {
        source: Source::Index {
            expr: cond.expr(),
            range: ALL_NUMBERS,
        },
        kind,
        exact: None,
    }
}

/// One word alone: a number also as an account-number prefix.
fn single(word: &Word) -> Plan {
    let one = |step: Step| vec![step];
    match word {
        Word::Digits(d) => {
            let mut ranks = Vec::new();
            if d.len() == 10 {
                ranks.push(one(Step {
                    source: Source::AccountNo(d.clone()),
                    kind: SearchKind::AccountNo,
                    exact: None,
                }));
            }
            if d.len() == 11
                && let Some(e) = phone_expr(d)
            {
                ranks.push(one(index(e, SearchKind::Phone)));
            }
            if d.len() == 4 {
                ranks.push(one(index(
                    key_is(key::phone_last4(d)),
                    SearchKind::PhoneLast4,
                )));
            }
            // Prefixes of either kind, merged by account number.
            let mut prefixes = Vec::new();
            if d.len() < 10 {
                prefixes.push(Step {
                    source: Source::AccountPrefix(format!("{d}*")),
                    kind: SearchKind::AccountNo,
                    exact: None,
                });
            }
            if d.len() < 11
                && let Some(e) = phone_expr(d)
            {
                prefixes.push(index(e, SearchKind::Phone));
            }
            if !prefixes.is_empty() {
                ranks.push(prefixes);
            }
            let kind = match d.len() {
                4 => SearchPlan::PhoneLast4,
                _ if d.starts_with('1') => SearchPlan::PhonePrefix,
                _ => SearchPlan::AccountPrefix,
            };
            Plan { kind, ranks }
        }
        Word::Initials(letters) => Plan {
            kind: SearchPlan::Initials,
            ranks: classes_to_ranks(initials_classes(letters), &[], false),
        },
        Word::Text(atoms) => Plan {
            kind: if atoms.len() <= 2 {
                SearchPlan::ShortText
            } else {
                SearchPlan::Text
            },
            ranks: classes_to_ranks(text_classes(atoms), &[], false),
        },
    }
}

/// The lead word's ranks, each narrowed by every other word. A ten-digit number among
/// them may be an account number or not: each rank gets a step for each reading, merged.
/// With `loose`, a statement with a phrase looks it up by its first token only and
/// keeps the exact condition to check its rows by.
fn classes_to_ranks(classes: Vec<Class>, others: &[Word], loose: bool) -> Vec<Vec<Step>> {
    let narrowing: Vec<(Option<Cond>, Option<i64>)> = others.iter().map(narrowing).collect();
    let mut ranks = Vec::new();
    for class in classes {
        let (lead_expr, lead_range, kind) = match class {
            Class::Expr(e, kind) => (Some(e), ALL_NUMBERS, kind),
            Class::Account(no) => (None, (no, no), SearchKind::AccountNo),
        };
        let leads = usize::from(lead_expr.is_some());
        // Each other word by its MATCH meanings, or (a ten-digit number) as an account.
        let mut combos: Vec<(Vec<Cond>, (i64, i64))> =
            vec![(lead_expr.into_iter().collect(), lead_range)];
        for (expr, account) in &narrowing {
            let mut next = Vec::new();
            for (exprs, range) in &combos {
                if let Some(e) = expr {
                    let mut exprs = exprs.clone();
                    exprs.push(e.clone());
                    next.push((exprs, *range));
                }
                if let Some(no) = account
                    && (range.0..=range.1).contains(no)
                {
                    next.push((exprs.clone(), (*no, *no)));
                }
            }
            combos = next;
        }
        let steps: Vec<Step> = combos
            .into_iter()
            .filter_map(|(exprs, range)| {
                let (source, exact) = match (exprs.len(), range) {
                    (0, (no, hi)) if no == hi => (Source::AccountNo(format!("{no:010}")), None),
                    (0, _) => return None,
                    (_, range) => {
                        // The other words' conditions loosened: the statement still
                        // holds the lead's exactly, and each row is checked by the
                        // loosened ones.
                        let mut looser = exprs[..leads].to_vec();
                        let mut checks = Vec::new();
                        for cond in &exprs[leads..] {
                            let loosened = cond.loosened();
                            if loose && loosened != *cond {
                                looser.push(loosened);
                                checks.push(cond.clone());
                            } else {
                                looser.push(cond.clone());
                            }
                        }
                        let expr = all(exprs).expr();
                        if checks.is_empty() {
                            (Source::Index { expr, range }, None)
                        } else {
                            let source = Source::Index {
                                expr: all(looser).expr(),
                                range,
                            };
                            let cond = all(checks);
                            (source, Some(Exact { cond, expr }))
                        }
                    }
                };
                Some(Step {
                    source,
                    kind,
                    exact,
                })
            })
            .collect();
        if !steps.is_empty() {
            ranks.push(steps);
        }
    }
    ranks
}

/// The plan of a query, or `None` for an empty one.
pub fn plan(input: &str) -> Option<Plan> {
    plan_with(input, true)
}

/// The plan of a query; with `loose`, several words have loosened statements (when the
/// query's own tokens are ones Rust compares as the index does).
fn plan_with(input: &str, loose: bool) -> Option<Plan> {
    let mut words: Vec<Word> = Vec::new();
    for word in search::classify(input) {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    match words.as_slice() {
        [] => None,
        [word] => Some(single(word)),
        [lead, others @ ..] => Some(Plan {
            kind: SearchPlan::Words,
            ranks: classes_to_ranks(word_classes(lead), others, loose && search::is_plain(input)),
        }),
    }
}

// --- running --------------------------------------------------------------------------

/// Rows of a loosened statement that may fail their check before it carries on exact.
const FAILED_CHECKS_PER_RESULT: usize = 1;

impl Step {
    /// Runs `expr` (or the step's own statement) over account numbers from `from` on,
    /// handing each row to `row` until it returns false. Only index steps start later.
    fn run(
        &self,
        conn: &Connection,
        expr: Option<&str>,
        from: i64,
        limit: usize,
        row: &mut dyn FnMut(&rusqlite::Row<'_>) -> Result<bool, DbError>,
    ) -> Result<(), DbError> {
        // No LIMIT at all for a statement whose rows are checked (-1 in SQLite).
        let limit = i64::try_from(limit).unwrap_or(-1);
        let (mut stmt, params): (_, Vec<rusqlite::types::Value>) = match &self.source {
            Source::Index { expr: own, range } => {
                let low = range.0.max(from);
                if low > range.1 {
                    return Ok(());
                }
                let expr = expr.unwrap_or(own).to_string();
                (
                    conn.prepare_cached(SQL_INDEX)?,
                    vec![expr.into(), low.into(), range.1.into(), limit.into()],
                )
            }
            Source::AccountNo(no) => (
                conn.prepare_cached(SQL_ACCOUNT_NO)?,
                vec![no.clone().into()],
            ),
            Source::AccountPrefix(pattern) => (
                conn.prepare_cached(SQL_ACCOUNT_PREFIX)?,
                vec![pattern.clone().into(), limit.into()],
            ),
        };
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        while let Some(r) = rows.next()? {
            if !row(r)? {
                break;
            }
        }
        Ok(())
    }
}

impl Exact {
    /// Whether the account of a row of [`SQL_INDEX`] meets the exact condition: in
    /// Rust from its name, address and phone, or by the index for text only the index
    /// can compare.
    fn holds(&self, conn: &Connection, r: &rusqlite::Row<'_>) -> Result<bool, DbError> {
        let text = |column: usize| -> Result<Option<&str>, DbError> {
            Ok(r.get_ref(column)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?)
        };
        let (name, phone, address) = (text(2)?.unwrap_or(""), text(3)?, text(5)?.unwrap_or(""));
        match self.cond.holds(&RowTokens::of(name, address, phone)) {
            Some(holds) => Ok(holds),
            None => {
                let no: i64 = r.get(7)?;
                Ok(conn
                    .prepare_cached(SQL_INDEX_HAS)?
                    .exists((&self.expr, no))?)
            }
        }
    }
}

/// The search result: rows (at most `limit`, each account once), best first, and the
/// kinds of match that found them, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResult {
    pub rows: Vec<AccountSummary>,
    pub kinds: Vec<SearchKind>,
}

/// The one customer search: a few indexed statements with a LIMIT each, cheap enough to
/// run on each keystroke over millions of accounts.
pub fn search(db: &impl Reads, input: &str, limit: usize) -> Result<SearchResult, DbError> {
    match plan(input) {
        Some(plan) => run(
            db.connection(crate::db::key()),
            &plan,
            limit,
            FAILED_CHECKS_PER_RESULT * limit,
        ),
        None => Ok(SearchResult::default()),
    }
}

/// The same search with every statement exact (phrases whole, no row checked in Rust):
/// what [`search`] lists, the same rows in the same order, by another road (for tests).
pub fn search_strict(db: &impl Reads, input: &str, limit: usize) -> Result<SearchResult, DbError> {
    match plan_with(input, false) {
        Some(plan) => run(db.connection(crate::db::key()), &plan, limit, 0),
        None => Ok(SearchResult::default()),
    }
}

/// The ranks in order until `limit` rows. A loosened statement skips the rows that fail
/// their check; after more than `may_fail` of them it carries on exact.
fn run(
    conn: &Connection,
    plan: &Plan,
    limit: usize,
    may_fail: usize,
) -> Result<SearchResult, DbError> {
    let mut result = SearchResult::default();
    let mut seen: HashSet<i64> = HashSet::new();
    for rank in &plan.ranks {
        let remaining = limit.saturating_sub(result.rows.len());
        if remaining == 0 {
            break;
        }
        let mut found: Vec<(AccountSummary, SearchKind)> = Vec::new();
        for step in rank {
            let mut taken = 0;
            let mut failed = 0;
            // Where to carry on exact, when too many rows failed.
            let exact_from = std::cell::Cell::new(None);
            // Rows already listed count against the statement's LIMIT: allow for them.
            // A checked statement has none: its rows may fail.
            let exact_limit = limit + seen.len();
            let sql_limit = match step.exact {
                Some(_) => usize::MAX,
                None => exact_limit,
            };
            let mut take = |r: &rusqlite::Row<'_>, check: bool| -> Result<bool, DbError> {
                let id: i64 = r.get(0)?;
                if seen.contains(&id) {
                    return Ok(true);
                }
                if check
                    && let Some(exact) = &step.exact
                    && !exact.holds(conn, r)?
                {
                    failed += 1;
                    if failed > may_fail {
                        let no: i64 = r.get(7)?;
                        exact_from.set(Some(no.saturating_add(1)));
                        return Ok(false);
                    }
                    return Ok(true);
                }
                let summary = summary_from(r)?;
                seen.insert(id);
                found.push((summary, step.kind));
                taken += 1;
                Ok(taken < remaining)
            };
            step.run(conn, None, ALL_NUMBERS.0, sql_limit, &mut |r| take(r, true))?;
            if let (Some(from), Some(exact)) = (exact_from.get(), &step.exact) {
                step.run(conn, Some(&exact.expr), from, exact_limit, &mut |r| {
                    take(r, false)
                })?;
            }
        }
        if rank.len() > 1 {
            found.sort_by(|a, b| a.0.account_no.cmp(&b.0.account_no));
            for (dropped, _) in found.iter().skip(remaining) {
                seen.remove(&dropped.id);
            }
        }
        for (summary, kind) in found.into_iter().take(remaining) {
            if !result.kinds.contains(&kind) {
                result.kinds.push(kind);
            }
            result.rows.push(summary);
        }
    }
    Ok(result)
}

/// The statements of `plan` alone, in order, with parameters built beforehand, until
/// `limit` rows have been read (every column of each, in place): the bare SQL the
/// benchmark sets beside [`search`], on a connection of its own. Returns the rows read.
/// (The bare side checks no rows: where a loosened statement returns rows that fail
/// their check, the search reads a few more rows than this.)
pub fn run_bare(conn: &Connection, plan: &Plan, limit: usize) -> Result<usize, DbError> {
    let mut n = 0;
    for step in plan.ranks.iter().flatten() {
        if n >= limit {
            break;
        }
        step.run(conn, None, ALL_NUMBERS.0, limit, &mut |r| {
            for column in 0..7 {
                std::hint::black_box(r.get_ref(column)?);
            }
            n += 1;
            Ok(n < limit)
        })?;
    }
    Ok(n)
}

#[cfg(test)]
#[path = "find_tests.rs"]
mod tests;
