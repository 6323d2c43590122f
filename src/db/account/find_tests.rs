use super::*;
use crate::db::account::insert_many;
use crate::db::{Actor, AuditNote, DbKind, Store, office};
use crate::domain::account::{CustomerType, NewAccount};
use crate::domain::office::builtin_offices;

fn account(no: &str, name: &str, phone: &str, address: &str) -> NewAccount {
    NewAccount {
        account_no: no.into(),
        holder_name: name.into(),
        id_number: None,
        phone: Some(phone.into()),
        landline: None,
        district: "蜀山区".into(),
        address: address.into(),
        customer_type: CustomerType::Residential,
        home_office: 3,
        opened_on: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        meter: None,
    }
}

/// Inserted out of account-number order on purpose: results never follow insertion.
fn store() -> Store {
    let mut store = Store::in_memory(DbKind::Live).unwrap();
    office::install(&mut store, &Actor::system(), &builtin_offices()).unwrap();
    let rows = [
        account(
            "3409000009",
            "张伟",
            "13900009999",
            "金寨路9号 光明社区 5栋",
        ),
        account(
            "3401000001",
            "张伟",
            "13800138000",
            "长江西路1号 西园小区 1栋101室",
        ),
        account(
            "3401000002",
            "孙悦",
            "15000000002",
            "宿州路57号 红旗社区 2栋",
        ),
        account(
            "3401000003",
            "曾小满",
            "15000000003",
            "金寨路9号 光明社区 3栋301室",
        ),
        account(
            "3401000004",
            "单丽",
            "15000000004",
            "金寨路9号 光明社区 4栋",
        ),
        account(
            "3400000001",
            "乐丽",
            "13800000001",
            "长江西路1号 长江花园 19栋101室",
        ),
        account(
            "3400000002",
            "孙琳曦",
            "13800000002",
            "长江西路1号 长江花园 29栋101室",
        ),
        account(
            "3400000003",
            "朱琳曦",
            "13900000003",
            "金寨路9号 光明社区 3栋301室",
        ),
        account(
            "3400000004",
            "张伟建",
            "13800003401",
            "长江西路1号 长江花园 9栋201室",
        ),
        account(
            "3400000005",
            "李张伟",
            "13700000005",
            "宿州路57号 红旗社区 1栋101室",
        ),
        account(
            "3400000006",
            "王芳",
            "13600000006",
            "张伟路8号 张伟小区 2栋202室",
        ),
        account(
            "3400000007",
            "孙乐",
            "13500000007",
            "宿州路57号 红旗社区 7栋",
        ),
        account(
            "3409000010",
            "李丽",
            "13900000010",
            "宿州路57号 红旗社区 3栋",
        ),
        account(
            "3409000011",
            "张小明",
            "13800000011",
            "长江西路1号 长江花园 9栋301室",
        ),
        account(
            "3409000012",
            "张小明",
            "13900000012",
            "金寨路9号 光明社区 6栋",
        ),
    ];
    insert_many(&mut store, &Actor::system(), &rows, "test").unwrap();
    store
}

fn numbers(store: &Store, q: &str) -> Vec<String> {
    search(store.conn(), q, 50)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.account_no)
        .collect()
}

fn kinds(store: &Store, q: &str) -> Vec<SearchKind> {
    search(store.conn(), q, 50).unwrap().kinds
}

#[test]
fn a_name_ranks_exact_then_start_then_part_then_address() {
    let s = store();
    assert_eq!(
        numbers(&s, "张伟"),
        [
            "3401000001", // 张伟, exact, by account number
            "3409000009", // 张伟
            "3400000004", // 张伟建 starts with it
            "3400000005", // 李张伟 has it
            "3400000006", // 王芳 at 张伟路
        ]
    );
    assert_eq!(
        kinds(&s, "张伟"),
        [SearchKind::NameChars, SearchKind::AddressChars]
    );
    assert_eq!(numbers(&s, "张伟建"), ["3400000004"]);
    assert_eq!(numbers(&s, "伟建"), ["3400000004"]);
    assert_eq!(numbers(&s, "西园"), ["3401000001"]);
    assert!(numbers(&s, "李四").is_empty());
    assert!(
        numbers(&s, "路号").is_empty(),
        "two common characters apart"
    );
}

/// Issue 10: `sl` listed 109 customers before 单丽; `slx` found 朱琳曦.
#[test]
fn initials_rank_whole_name_then_surname_reading_then_prefixes() {
    let s = store();
    // 孙乐 and 单丽 read sl in full (孙乐 also sy), 孙琳曦 starts with it.
    assert_eq!(
        numbers(&s, "sl"),
        ["3400000007", "3401000004", "3400000002"]
    );
    assert_eq!(numbers(&s, "slx"), ["3400000002"], "朱 is never shu");
    // Another reading ranks after the usual one, whatever the account numbers.
    assert_eq!(numbers(&s, "sy"), ["3401000002", "3400000007"]);
    assert_eq!(
        numbers(&s, "ll"),
        ["3409000010", "3400000001"],
        "乐 reads yue first"
    );
    assert_eq!(numbers(&s, "yl"), ["3400000001"]);
    assert_eq!(
        numbers(&s, "zxm"),
        ["3401000003", "3409000011", "3409000012"]
    );
    assert_eq!(numbers(&s, "ZXM"), numbers(&s, "zxm"));
    assert_eq!(kinds(&s, "zxm"), [SearchKind::Initials]);
    assert!(numbers(&s, "qqq").is_empty());
}

#[test]
fn numbers_rank_exact_then_last_four_then_prefixes() {
    let s = store();
    assert_eq!(numbers(&s, "3409000009"), ["3409000009"]);
    assert_eq!(numbers(&s, "３４０９０００００９"), ["3409000009"]);
    assert_eq!(numbers(&s, "13800138000"), ["3401000001"]);
    assert_eq!(numbers(&s, "138-0013-8000"), ["3401000001"]);
    // Four digits: the phone ending 3401 first, then the account numbers.
    assert_eq!(
        numbers(&s, "3401"),
        [
            "3400000004",
            "3401000001",
            "3401000002",
            "3401000003",
            "3401000004"
        ]
    );
    assert_eq!(
        kinds(&s, "3401"),
        [SearchKind::PhoneLast4, SearchKind::AccountNo]
    );
    assert_eq!(numbers(&s, "9999"), ["3409000009"]);
    assert_eq!(
        numbers(&s, "1380013"),
        ["3401000001"],
        "a mobile prefix longer than the indexed heads"
    );
    assert_eq!(
        numbers(&s, "138"),
        [
            "3400000001",
            "3400000002",
            "3400000004",
            "3401000001",
            "3409000011"
        ]
    );
    assert_eq!(kinds(&s, "138"), [SearchKind::Phone]);
    assert_eq!(
        numbers(&s, "34090000"),
        ["3409000009", "3409000010", "3409000011", "3409000012"]
    );
    assert!(numbers(&s, "9999999999").is_empty());
    let limited = search(s.conn(), "340", 3).unwrap();
    assert_eq!(
        limited
            .rows
            .iter()
            .map(|r| r.account_no.as_str())
            .collect::<Vec<_>>(),
        ["3400000001", "3400000002", "3400000003"]
    );
}

#[test]
fn several_words_narrow_whatever_their_kind() {
    let s = store();
    assert_eq!(numbers(&s, "zxm 长江"), ["3409000011"]);
    assert_eq!(numbers(&s, "长江 zxm"), ["3409000011"]);
    assert_eq!(
        numbers(&s, "张 138"),
        ["3400000004", "3401000001", "3409000011"]
    );
    assert_eq!(numbers(&s, "张伟 光明"), ["3409000009"]);
    assert_eq!(numbers(&s, "光明 张伟"), ["3409000009"]);
    assert_eq!(numbers(&s, "张伟 8000"), ["3401000001"], "last four digits");
    assert_eq!(numbers(&s, "3409000009 光明"), ["3409000009"]);
    assert!(numbers(&s, "3409000009 长江").is_empty());
    assert_eq!(numbers(&s, "张伟 红旗社区"), ["3400000005"]);
    assert!(numbers(&s, "张伟 西园 光明").is_empty());
    assert!(numbers(&s, "3409000009 3401000001").is_empty());
    assert_eq!(numbers(&s, "张伟 张伟"), numbers(&s, "张伟"));
}

#[test]
fn building_unit_and_room_numbers_match_whole() {
    let s = store();
    assert_eq!(numbers(&s, "长江花园 9栋"), ["3400000004", "3409000011"]);
    assert_eq!(numbers(&s, "长江花园 19栋"), ["3400000001"]);
    assert_eq!(numbers(&s, "9栋"), ["3400000004", "3409000011"]);
    assert_eq!(numbers(&s, "长江花园 9"), ["3400000004", "3409000011"]);
    assert_eq!(numbers(&s, "1栋101室"), ["3400000005", "3401000001"]);
}

/// The contentless index forgets old tokens only through the update trigger. (A new
/// holder name is written only with the old holder's period, as a transfer writes it.)
#[test]
fn renaming_a_holder_or_changing_a_phone_moves_the_index() {
    let mut s = store();
    s.write(&Actor::system(), |tx| {
        tx.execute_batch(
            "INSERT INTO transfer (account_id, office_id, state, source, old_name, new_name,
                 new_id_number, new_phone, new_household_size, created_at, done_at)
             SELECT id, home_office_id, 'done', 'counter', holder_name, '李娜',
                    '11010519491231002X', '18600000000', 3, '2026-01-01T00:00:00.000Z',
                    '2026-01-01T00:00:00.000Z'
             FROM account WHERE account_no = '3401000001';
             INSERT INTO holder_history (account_id, holder_name, id_number, phone, valid_from,
                                         valid_to, transfer_id)
             SELECT id, holder_name, id_number, phone, opened_on, '2026-01-01T00:00:00.000Z',
                    last_insert_rowid()
             FROM account WHERE account_no = '3401000001';",
        )?;
        tx.execute(
            "UPDATE account SET holder_name = '李娜', phone = '18600000000'
             WHERE account_no = '3401000001'",
            [],
        )?;
        Ok(((), AuditNote::new("test_rename", "account", "3401000001")))
    })
    .unwrap();
    assert_eq!(numbers(&s, "李娜"), ["3401000001"]);
    assert_eq!(numbers(&s, "ln"), ["3401000001"]);
    assert!(!numbers(&s, "张伟").contains(&"3401000001".to_string()));
    assert!(!numbers(&s, "zw").contains(&"3401000001".to_string()));
    assert_eq!(numbers(&s, "18600000000"), ["3401000001"]);
    assert!(numbers(&s, "13800138000").is_empty());
}

/// The index's rowid is the account number as an integer: a leading zero survives.
#[test]
fn an_account_number_with_a_leading_zero() {
    let mut s = store();
    let row = account("0123456789", "欧阳娜娜", "18612345678", "徽州大道100号");
    insert_many(&mut s, &Actor::system(), &[row], "test").unwrap();
    assert_eq!(numbers(&s, "oynn"), ["0123456789"]);
    assert_eq!(numbers(&s, "0123456789"), ["0123456789"]);
    assert_eq!(numbers(&s, "欧阳娜娜 徽州"), ["0123456789"]);
}

#[test]
fn an_empty_or_unreadable_query_finds_nothing() {
    let s = store();
    for q in [
        "", "   ", "-", "·", "\"", "*", "^", "NOT", "a OR b", "(", "张\"伟",
    ] {
        let found = search(s.conn(), q, 50);
        assert!(found.is_ok(), "{q:?}: {found:?}");
    }
    assert!(plan("  ").is_none());
}

#[test]
fn plans_by_kind_of_query() {
    let kind = |q: &str| plan(q).unwrap().kind;
    assert_eq!(kind("3401000001"), SearchPlan::AccountPrefix);
    assert_eq!(kind("1380013"), SearchPlan::PhonePrefix);
    assert_eq!(kind("5678"), SearchPlan::PhoneLast4);
    assert_eq!(kind("zxm"), SearchPlan::Initials);
    assert_eq!(kind("张伟"), SearchPlan::ShortText);
    assert_eq!(kind("长江花园"), SearchPlan::Text);
    assert_eq!(kind("张 138"), SearchPlan::Words);
}

/// The bench's bare statements read the same rows as the search, up to the limit.
#[test]
fn the_bare_statements_read_what_the_search_lists() {
    let s = store();
    for q in ["张伟", "sl", "3401", "张 138", "长江花园 9栋", "138"] {
        let p = plan(q).unwrap();
        let listed = search(s.conn(), q, 50).unwrap().rows.len();
        assert_eq!(run_bare(s.conn(), &p, 50).unwrap(), listed, "{q}");
    }
}

/// Several words run loosened statements (a phrase by its first token) and check each
/// row in Rust, or by the index for rare characters: the same list, in the same order,
/// as the exact statements, however many rows fail the check.
#[test]
fn loosened_statements_list_what_exact_ones_do() {
    let mut s = store();
    let rows = [
        // A rare ideograph (outside the basic blocks): only the index compares it.
        account(
            "3402000001",
            "王𬌗",
            "13800000021",
            "长江西路1号 长江花园 9栋",
        ),
        // 长江 and 花园 apart: the first pair of 长江花园 is here, the phrase is not.
        account(
            "3402000002",
            "李娜",
            "13800000022",
            "长江西路2号 长江苑 花园路 9栋",
        ),
        account("3402000003", "Anna张", "13800000023", "光明社区 B座 1302室"),
        account(
            "3402000004",
            "李芳",
            "13800000024",
            "长江西路1号 长江花园 9栋",
        ),
        // A rare ideograph inside the address: whether 长江花园 is there only the
        // index can say.
        account(
            "3402000005",
            "张三",
            "13800000025",
            "长江西路1号 长江𬌗花园 9栋",
        ),
    ];
    insert_many(&mut s, &Actor::system(), &rows, "test").unwrap();
    let queries = [
        "张 长江花园",
        "zw 长江花园",
        "李 长江花园",
        "王 长江花园",
        "王𬌗 长江花园",
        "张伟 长江花园",
        "zxm 长江花园",
        "长江花园 9栋",
        "长江 9栋",
        "光明社区 张",
        "sl 光明社区",
        "张 b座",
        "ANNA 光明社区",
        "张 138",
        "张伟 8000",
        "138 长江花园",
        "长江花园 zxm",
        "1302室 光明",
    ];
    for q in queries {
        let strict = search_strict(s.conn(), q, 50).unwrap();
        assert_eq!(search(s.conn(), q, 50).unwrap(), strict, "{q}");
        // Carrying on exact after the first row that fails changes nothing either.
        let p = plan(q).unwrap();
        assert_eq!(run(s.conn(), &p, 50, 0).unwrap(), strict, "{q}");
        for limit in [1, 2] {
            let short = search(s.conn(), q, limit).unwrap();
            assert_eq!(short.rows[..], strict.rows[..short.rows.len()], "{q}");
        }
    }
    assert_eq!(
        numbers(&s, "李 长江花园"),
        ["3402000004"],
        "长江 and 花园 apart are not 长江花园"
    );
    assert_eq!(numbers(&s, "王 长江花园"), ["3402000001"]);
    assert_eq!(numbers(&s, "张 b座"), ["3402000003"]);
    assert!(
        plan("李 长江花园")
            .unwrap()
            .ranks
            .iter()
            .flatten()
            .any(|step| step.exact.is_some()),
        "the plan has loosened statements"
    );
}

/// Rust says what the index would about plain text, and leaves the rest to the index.
#[test]
fn a_row_with_rare_characters_is_left_to_the_index_where_they_matter() {
    let phrase = |column, tokens: &[&str]| Cond::Phrase {
        column,
        tokens: tokens.iter().map(|t| t.to_string()).collect(),
        at_start: false,
    };
    let row = RowTokens::of("王𬌗", "长江西路1号 长江花园 9栋", Some("13800000021"));
    let compound = phrase("address_pairs", &["y长江", "y江花", "y花园"]);
    assert_eq!(compound.holds(&row), Some(true));
    assert_eq!(phrase("address_chars", &["y李"]).holds(&row), Some(false));
    assert_eq!(phrase("name_chars", &["x王"]).holds(&row), Some(true));
    assert_eq!(
        phrase("name_chars", &["x李"]).holds(&row),
        None,
        "not found in a name with a rare character: the index may split its tokens"
    );
    let either = Cond::Any(vec![phrase("name_chars", &["x李"]), compound.clone()]);
    assert_eq!(either.holds(&row), Some(true));
    let both = Cond::All(vec![phrase("name_chars", &["x李"]), compound]);
    assert_eq!(both.holds(&row), None);
    let plain = RowTokens::of("Anna张", "光明社区 B座", None);
    assert_eq!(phrase("address_chars", &["yb"]).holds(&plain), Some(true));
    assert_eq!(phrase("name_pairs", &["xanna"]).holds(&plain), Some(false));
}
