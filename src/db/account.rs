//! Customer accounts and meters: inserts, lookups and the search behind F3 and
//! `gasdesk account find`.

use crate::db::Reads;
use rusqlite::{OptionalExtension, Transaction};

use crate::domain::account::NewAccount;
use crate::domain::role::Permission;
use crate::domain::search::{self, Query};

use super::functions::chars_as_tokens;
use super::{Actor, AuditNote, DbError, Store};

/// One row of a search result list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub id: i64,
    pub account_no: String,
    pub holder_name: String,
    pub phone: Option<String>,
    pub district: String,
    pub address: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meter {
    pub id: i64,
    pub serial: String,
    pub kind: String,
    pub installed_on: String,
    pub expires_on: String,
}

/// Everything the customer view shows about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountDetail {
    pub summary: AccountSummary,
    pub id_number: Option<String>,
    pub landline: Option<String>,
    pub customer_type: String,
    pub home_office_id: i64,
    pub opened_on: String,
    pub meters: Vec<Meter>,
}

/// Which index found a row, for the result list ("by name", "by phone").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    AccountNo,
    Phone,
    PhoneLast4,
    Initials,
    NameChars,
    AddressChars,
    Trigram,
}

impl SearchKind {
    fn from_code(code: &str) -> SearchKind {
        match code {
            "phone" => SearchKind::Phone,
            "last4" => SearchKind::PhoneLast4,
            "initials" => SearchKind::Initials,
            "name" => SearchKind::NameChars,
            "address" => SearchKind::AddressChars,
            "trigram" => SearchKind::Trigram,
            _ => SearchKind::AccountNo,
        }
    }
}

/// The one statement a query runs. Each plan is a single SQL statement (a UNION ALL of
/// indexed lookups where a query can mean several things) with an outer LIMIT, so
/// SQLite stops as soon as enough rows are found. The benchmark runs these same strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchPlan {
    /// Digits not starting with 1: an account number, exact or prefix.
    AccountPrefix,
    /// Digits starting with 1: a mobile prefix, then account numbers.
    PhonePrefix,
    /// Four digits: the end of a mobile number, then account numbers.
    PhoneLast4,
    Initials,
    /// A 1-2 character term: names first, then addresses.
    ShortText,
    /// Terms of 3+ characters: names and addresses at once.
    Trigram,
}

const COLUMNS: &str = "a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status";

// ?1 is the pattern or MATCH expression, ?2 the last four digits, ?3 the limit. Prefix
// searches bind the whole GLOB pattern as one parameter so the index is used.
const SQL_ACCOUNT_PREFIX: &str =
    "SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'account'
     FROM account a WHERE a.account_no GLOB ?1 ORDER BY a.account_no LIMIT ?3";
const SQL_PHONE_PREFIX: &str = "SELECT * FROM (SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'phone'
        FROM account a WHERE a.phone GLOB ?1 ORDER BY a.phone LIMIT ?3)
     UNION ALL
     SELECT * FROM (SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'account'
        FROM account a WHERE a.account_no GLOB ?1 ORDER BY a.account_no LIMIT ?3)
     LIMIT ?3";
const SQL_PHONE_LAST4: &str = "SELECT * FROM (SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'last4'
        FROM account a WHERE substr(a.phone, 8) = ?2 LIMIT ?3)
     UNION ALL
     SELECT * FROM (SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'account'
        FROM account a WHERE a.account_no GLOB ?1 ORDER BY a.account_no LIMIT ?3)
     LIMIT ?3";
const SQL_INITIALS: &str =
    "SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'initials'
     FROM (SELECT rowid FROM account_initials WHERE account_initials MATCH ?1 LIMIT ?3) f
     JOIN account a ON a.id = f.rowid";
const SQL_SHORT_TEXT: &str = "SELECT * FROM (SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'name'
        FROM (SELECT rowid FROM name_chars WHERE name_chars MATCH ?1 LIMIT ?3) f JOIN account a ON a.id = f.rowid)
     UNION ALL
     SELECT * FROM (SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'address'
        FROM (SELECT rowid FROM address_chars WHERE address_chars MATCH ?1 LIMIT ?3) f JOIN account a ON a.id = f.rowid)
     LIMIT ?3";
const SQL_TRIGRAM: &str =
    "SELECT a.id, a.account_no, a.holder_name, a.phone, a.district, a.address, a.status, 'trigram'
     FROM (SELECT rowid FROM account_trigram WHERE account_trigram MATCH ?1 LIMIT ?3) f
     JOIN account a ON a.id = f.rowid";

impl SearchPlan {
    pub const ALL: [SearchPlan; 6] = [
        SearchPlan::AccountPrefix,
        SearchPlan::PhonePrefix,
        SearchPlan::PhoneLast4,
        SearchPlan::Initials,
        SearchPlan::ShortText,
        SearchPlan::Trigram,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchPlan::AccountPrefix => "account_no",
            SearchPlan::PhonePrefix => "phone_prefix",
            SearchPlan::PhoneLast4 => "phone_last4",
            SearchPlan::Initials => "pinyin_initials",
            SearchPlan::ShortText => "text_1_2_chars",
            SearchPlan::Trigram => "text_3plus_chars",
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            SearchPlan::AccountPrefix => SQL_ACCOUNT_PREFIX,
            SearchPlan::PhonePrefix => SQL_PHONE_PREFIX,
            SearchPlan::PhoneLast4 => SQL_PHONE_LAST4,
            SearchPlan::Initials => SQL_INITIALS,
            SearchPlan::ShortText => SQL_SHORT_TEXT,
            SearchPlan::Trigram => SQL_TRIGRAM,
        }
    }

    /// The plan and its two text parameters for a query, or `None` for an empty one.
    pub fn for_query(input: &str) -> Option<(SearchPlan, String, String)> {
        search::classify(input).map(|q| SearchPlan::for_classified(&q))
    }

    fn for_classified(query: &Query) -> (SearchPlan, String, String) {
        match query {
            Query::Digits(d) if d.len() == 4 => {
                (SearchPlan::PhoneLast4, format!("{d}*"), d.clone())
            }
            Query::Digits(d) if d.starts_with('1') => {
                (SearchPlan::PhonePrefix, format!("{d}*"), String::new())
            }
            Query::Digits(d) => (SearchPlan::AccountPrefix, format!("{d}*"), String::new()),
            Query::Initials(letters) => {
                (SearchPlan::Initials, format!("{letters}*"), String::new())
            }
            Query::Text(parts) => {
                let (plan, expr) = text_match(parts);
                (plan, expr, String::new())
            }
        }
    }
}

fn summary_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountSummary> {
    Ok(AccountSummary {
        id: r.get(0)?,
        account_no: r.get(1)?,
        holder_name: r.get(2)?,
        phone: r.get(3)?,
        district: r.get(4)?,
        address: r.get(5)?,
        status: r.get(6)?,
    })
}

/// An FTS5 string literal: the text in double quotes, inner quotes doubled.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The plan and MATCH expression for a text query. Trigram cannot see 1-2 character
/// terms at all, so any short part sends the query to the per-character indexes.
///
/// With several terms and a short one among them, the names and addresses are separate
/// indexes, so a term may match either: the index answers for the longest term alone
/// (the first of equals: names are usually typed first) and [`search`] keeps the rows
/// that contain every term.
pub fn text_match(parts: &[String]) -> (SearchPlan, String) {
    if parts.iter().any(|p| p.chars().count() < 3) {
        let driver = parts
            .iter()
            .rev()
            .max_by_key(|p| p.chars().count())
            .expect("a text query has at least one part");
        (SearchPlan::ShortText, fts_phrase(&chars_as_tokens(driver)))
    } else {
        let expr = parts
            .iter()
            .map(|p| fts_phrase(p))
            .collect::<Vec<_>>()
            .join(" AND ");
        (SearchPlan::Trigram, expr)
    }
}

/// The search result: rows (at most `limit`, each account once) and the kinds of index
/// that found them, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResult {
    pub rows: Vec<AccountSummary>,
    pub kinds: Vec<SearchKind>,
}

/// Rows read for a multi-term query whose short terms are checked after the index.
const MULTI_TERM_CANDIDATES: usize = 2000;

/// The one customer search: one indexed statement with a LIMIT, cheap enough to run on
/// each keystroke over millions of accounts.
pub fn search(db: &impl Reads, input: &str, limit: usize) -> Result<SearchResult, DbError> {
    let conn = db.connection(crate::db::key());
    let mut result = SearchResult::default();
    let Some(query) = search::classify(input) else {
        return Ok(result);
    };
    let (plan, pattern, digits) = SearchPlan::for_classified(&query);
    // Terms the index did not check (see `text_match`) filter the rows here, from a
    // larger, still bounded, set of candidates.
    let extra_terms: Vec<String> = match query {
        Query::Text(parts) if plan == SearchPlan::ShortText && parts.len() > 1 => parts,
        _ => Vec::new(),
    };
    let fetch = if extra_terms.is_empty() {
        limit
    } else {
        limit.max(MULTI_TERM_CANDIDATES)
    };
    let mut stmt = conn.prepare_cached(plan.sql())?;
    let mut rows = stmt.query((&pattern, &digits, fetch as i64))?;
    while let Some(row) = rows.next()? {
        if result.rows.len() >= limit {
            break;
        }
        let summary = summary_from(row)?;
        if !extra_terms.iter().all(|t| {
            summary.holder_name.contains(t.as_str()) || summary.address.contains(t.as_str())
        }) {
            continue;
        }
        // An account can match twice (its phone and its number): list it once.
        if result.rows.iter().any(|r| r.id == summary.id) {
            continue;
        }
        let kind = SearchKind::from_code(row.get_ref(7)?.as_str().unwrap_or_default());
        if !result.kinds.contains(&kind) {
            result.kinds.push(kind);
        }
        result.rows.push(summary);
    }
    Ok(result)
}

pub fn get(db: &impl Reads, id: i64) -> Result<Option<AccountDetail>, DbError> {
    let conn = db.connection(crate::db::key());
    let row = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS}, a.id_number, a.landline, a.customer_type,
                        a.home_office_id, a.opened_on
                 FROM account a WHERE a.id = ?1"
            ),
            [id],
            |r| {
                Ok(AccountDetail {
                    summary: summary_from(r)?,
                    id_number: r.get(7)?,
                    landline: r.get(8)?,
                    customer_type: r.get(9)?,
                    home_office_id: r.get(10)?,
                    opened_on: r.get(11)?,
                    meters: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut detail) = row else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, serial, kind, installed_on, expires_on FROM meter WHERE account_id = ?1
         ORDER BY id",
    )?;
    detail.meters = stmt
        .query_map([id], |r| {
            Ok(Meter {
                id: r.get(0)?,
                serial: r.get(1)?,
                kind: r.get(2)?,
                installed_on: r.get(3)?,
                expires_on: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(detail))
}

pub fn id_by_account_no(db: &impl Reads, account_no: &str) -> Result<Option<i64>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .query_row(
            "SELECT id FROM account WHERE account_no = ?1",
            [account_no],
            |r| r.get(0),
        )
        .optional()?)
}

/// The meter with this serial (serials are unique across accounts), for files that name
/// meters the way the meter-reading system does.
pub fn meter_id_by_serial(db: &impl Reads, serial: &str) -> Result<Option<i64>, DbError> {
    let conn = db.connection(crate::db::key());
    // Cached: an import looks up one serial per row.
    Ok(conn
        .prepare_cached("SELECT id FROM meter WHERE serial = ?1")?
        .query_row([serial], |r| r.get(0))
        .optional()?)
}

pub fn id_number_exists(db: &impl Reads, id_number: &str) -> Result<bool, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .query_row(
            "SELECT 1 FROM account WHERE id_number = ?1",
            [id_number],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Post-paid (mechanical and IoT) meters of the accounts with id up to `last_account`,
/// by id: the demo's billed meters.
pub fn postpaid_meters_up_to(db: &impl Reads, last_account: i64) -> Result<Vec<i64>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare("SELECT id FROM meter WHERE kind <> 'ic_card' AND account_id <= ?1 ORDER BY id")?
        .query_map([last_account], |r| r.get(0))?
        .collect::<Result<_, _>>()?)
}

/// The first `limit` account numbers (by id) whose home is `office`.
pub fn account_numbers_of_office(
    db: &impl Reads,
    office: i64,
    limit: i64,
) -> Result<Vec<String>, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn
        .prepare("SELECT account_no FROM account WHERE home_office_id = ?1 ORDER BY id LIMIT ?2")?
        .query_map([office, limit], |row| row.get(0))?
        .collect::<Result<_, _>>()?)
}

pub fn count(db: &impl Reads) -> Result<i64, DbError> {
    let conn = db.connection(crate::db::key());
    Ok(conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?)
}

pub(super) fn insert_one(tx: &Transaction<'_>, a: &NewAccount) -> Result<(), DbError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO account (account_no, holder_name, id_number, phone, landline, district,
                              address, customer_type, home_office_id, opened_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(rusqlite::params![
        a.account_no,
        a.holder_name,
        a.id_number,
        a.phone,
        a.landline,
        a.district,
        a.address,
        a.customer_type.as_str(),
        a.home_office,
        a.opened_on.to_string(),
    ])?;
    if let Some(m) = &a.meter {
        let account_id = tx.last_insert_rowid();
        let mut stmt = tx.prepare_cached(
            "INSERT INTO meter (account_id, serial, kind, installed_on, expires_on)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        stmt.execute((
            account_id,
            &m.serial,
            m.kind.as_str(),
            m.installed_on.to_string(),
            m.expires_on.to_string(),
        ))?;
    }
    Ok(())
}

/// Drops the per-row search trigger inside `tx` and returns its SQL, to be executed
/// again before the transaction commits.
pub(super) fn take_insert_trigger(tx: &Transaction<'_>) -> Result<String, DbError> {
    let trigger: String = tx.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'account_search_insert'",
        [],
        |r| r.get(0),
    )?;
    tx.execute_batch("DROP TRIGGER account_search_insert")?;
    Ok(trigger)
}

/// Inserts validated accounts in one transaction with one audit row naming `source`.
/// All or nothing: a duplicate account or ID number rolls the whole batch back.
///
/// The per-row search trigger is set aside for the batch and the search indexes are
/// filled with one statement each afterwards: FTS5 flushes its in-memory index at every
/// trigger statement, which made row-by-row loading a hundred times slower. The trigger
/// is restored from its own stored text inside the same transaction, so no other
/// process ever sees the schema without it.
pub fn insert_many(
    store: &mut Store,
    actor: &Actor,
    accounts: &[NewAccount],
    source: &str,
) -> Result<usize, DbError> {
    actor.require(Permission::ManageAccounts)?;
    store.write(actor, |tx| {
        let first_new: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM account", [], |r| {
                r.get(0)
            })?;
        let trigger = take_insert_trigger(tx)?;
        for a in accounts {
            insert_one(tx, a)?;
        }
        tx.execute(
            "INSERT INTO name_chars(rowid, name)
             SELECT id, gasdesk_chars(holder_name) FROM account WHERE id >= ?1",
            [first_new],
        )?;
        tx.execute(
            "INSERT INTO address_chars(rowid, address)
             SELECT id, gasdesk_chars(address) FROM account WHERE id >= ?1",
            [first_new],
        )?;
        tx.execute(
            "INSERT INTO account_initials(rowid, initials)
             SELECT id, gasdesk_initials(holder_name) FROM account WHERE id >= ?1",
            [first_new],
        )?;
        tx.execute(
            "INSERT INTO account_trigram(rowid, holder_name, address)
             SELECT id, holder_name, address FROM account WHERE id >= ?1",
            [first_new],
        )?;
        tx.execute_batch(&trigger)?;
        let first = accounts.first().map(|a| a.account_no.clone());
        let last = accounts.last().map(|a| a.account_no.clone());
        Ok((
            accounts.len(),
            AuditNote::new("account_import", "account", accounts.len()).detail(serde_json::json!({
                "source": source, "count": accounts.len(), "first": first, "last": last,
            })),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DbKind, office};
    use crate::domain::account::CustomerType;
    use crate::domain::office::builtin_offices;

    fn account(no: &str, name: &str, address: &str) -> NewAccount {
        NewAccount {
            account_no: no.into(),
            holder_name: name.into(),
            id_number: None,
            phone: Some(format!("1390000{}", &no[6..])),
            landline: None,
            district: "蜀山区".into(),
            address: address.into(),
            customer_type: CustomerType::Residential,
            home_office: 3,
            opened_on: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            meter: None,
        }
    }

    fn store() -> Store {
        let mut store = Store::in_memory(DbKind::Live).unwrap();
        office::install(&mut store, &Actor::system(), &builtin_offices()).unwrap();
        let rows = [
            account("3401000001", "张伟", "长江西路1号 西园小区 1栋101室"),
            account("3401000002", "张伟建", "长江西路1号 长江花园 2栋201室"),
            account("3401000003", "曾小满", "金寨路9号 光明社区 3栋301室"),
        ];
        insert_many(&mut store, &Actor::system(), &rows, "test").unwrap();
        store
    }

    fn names(store: &Store, q: &str) -> Vec<String> {
        search(store.conn(), q, 10)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.holder_name)
            .collect()
    }

    #[test]
    fn every_query_kind_finds_its_account() {
        let s = store();
        assert_eq!(names(&s, "张伟"), ["张伟", "张伟建"]);
        assert_eq!(names(&s, "伟建"), ["张伟建"]);
        assert_eq!(names(&s, "西园"), ["张伟"]);
        assert_eq!(names(&s, "长江花园"), ["张伟建"]);
        assert_eq!(names(&s, "zxm"), ["曾小满"]);
        assert_eq!(names(&s, "3401000003"), ["曾小满"]);
        assert_eq!(names(&s, "0002"), ["张伟建"]);
        assert_eq!(names(&s, "13900000"), ["张伟", "张伟建", "曾小满"]);
        assert!(names(&s, "李四").is_empty());
        // A short name and a short address term together: each may be in either.
        assert_eq!(names(&s, "张伟 西园"), ["张伟"]);
        assert_eq!(names(&s, "西园 张伟"), ["张伟"]);
        assert_eq!(names(&s, "张伟 长江花园"), ["张伟建"]);
        assert!(names(&s, "张伟 光明").is_empty());
    }

    /// The contentless indexes forget old tokens only through the update trigger.
    #[test]
    fn renaming_a_holder_moves_every_index() {
        let mut s = store();
        s.write(&Actor::system(), |tx| {
            tx.execute(
                "UPDATE account SET holder_name = '李娜' WHERE account_no = '3401000001'",
                [],
            )?;
            Ok(((), AuditNote::new("test_rename", "account", "3401000001")))
        })
        .unwrap();
        assert_eq!(names(&s, "张伟"), ["张伟建"]);
        assert_eq!(names(&s, "李娜"), ["李娜"]);
        assert_eq!(names(&s, "ln"), ["李娜"]);
        assert!(names(&s, "zw").iter().all(|n| n != "李娜"));
    }
}
