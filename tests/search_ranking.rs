//! The customer search ranks the right customer first: `tests/fixtures/search_ranking.toml`
//! against the seeded 20,000-account demo, built in-process with a fixed clock.

mod common;

use gasdesk::db::{Store, account};

#[derive(serde::Deserialize)]
struct Fixture {
    query: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    q: String,
    first: String,
    #[serde(default)]
    never: Vec<String>,
    why: String,
}

const ACCOUNTS: usize = 20_000;

/// One demo database for every check (building it takes a few seconds; searches only
/// read it), at a fixed instant.
#[test]
fn search_ranking_on_the_demo() {
    let dir = common::temp_dir();
    let path = dir.path().join("demo.sqlite");
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-28T01:30:00Z")
        .expect("a fixed instant")
        .to_utc();
    gasdesk::demo::build(
        &path,
        gasdesk::demo::DEFAULT_SEED,
        ACCOUNTS,
        at,
        &mut |_| {},
    )
    .expect("demo build");
    let store = Store::open(&path).expect("open demo");
    each_query_lists_its_customer_first(&store);
    a_smaller_limit_is_a_prefix_of_a_larger_one(&store);
    a_building_number_matches_whole(&store, &path);
    several_words_list_what_exact_statements_do(&store, &path);
}

fn found(store: &Store, q: &str, limit: usize) -> Vec<String> {
    account::search(store, q, limit)
        .expect("search")
        .rows
        .into_iter()
        .map(|r| r.account_no)
        .collect()
}

fn each_query_lists_its_customer_first(store: &Store) {
    let text = std::fs::read_to_string(common::fixture("search_ranking.toml")).expect("fixture");
    let fixture: Fixture = toml::from_str(&text).expect("fixture parses");
    assert!(fixture.query.len() >= 10);
    let mut wrong = Vec::new();
    for case in &fixture.query {
        let all = found(store, &case.q, 5000);
        if all.first() != Some(&case.first) {
            wrong.push(format!(
                "{:?} ({}): first {:?}, want {}",
                case.q,
                case.why,
                all.first(),
                case.first
            ));
        }
        for never in case.never.iter().filter(|n| all.contains(n)) {
            wrong.push(format!("{:?} ({}): found {never}", case.q, case.why));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The result is the same list in the same order whatever the limit: ranks and ties
/// never depend on how many rows are asked for.
fn a_smaller_limit_is_a_prefix_of_a_larger_one(store: &Store) {
    for q in ["sl", "张伟", "3401", "138", "长江花园", "张 138", "zx"] {
        let long = found(store, q, 200);
        let short = found(store, q, 50);
        assert_eq!(short[..], long[..short.len()], "{q}");
        assert!(short.len() == 50 || short.len() == long.len(), "{q}");
    }
}

/// `长江花园 9栋` lists building 9 only, and all of it.
fn a_building_number_matches_whole(store: &Store, path: &std::path::Path) {
    let listed = found(store, "长江花园 9栋", 5000);
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT account_no FROM account
             WHERE address LIKE '%长江花园 9栋%' ORDER BY account_no",
        )
        .expect("prepare");
    let expected: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(!expected.is_empty());
    assert_eq!(listed, expected);
}

/// Several words run loosened statements checked row by row in Rust: on the bench's own
/// kinds of query (surname and compound, initials and compound, surname and mobile
/// prefix, compound and building) they list what the exact statements list.
fn several_words_list_what_exact_statements_do(store: &Store, path: &std::path::Path) {
    let bare = gasdesk::bench::bare_connection(path).expect("bare connection");
    let queries = gasdesk::bench::sample_queries(&bare, 200).expect("queries");
    let mut checked = 0;
    for (_, q) in queries
        .iter()
        .filter(|(kind, _)| *kind == account::SearchPlan::Words)
    {
        for limit in [50, 5000] {
            let listed = account::search(store, q, limit).expect("search");
            let strict = account::search_strict(store, q, limit).expect("strict");
            assert_eq!(listed, strict, "{q} (limit {limit})");
        }
        checked += 1;
    }
    assert!(checked >= 100, "{checked}");
}
