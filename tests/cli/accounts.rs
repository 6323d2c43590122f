//! `gasdesk import accounts` and `gasdesk account find`, part of the `cli` test binary.

use std::path::Path;

use rusqlite::Connection;

use super::common::{assert_exit, assert_ok, build_demo, fixture, run, stderr, stdout, temp_dir};
use super::{add_staff, count, en, live_db, p};

pub(crate) fn import(db: &Path, file: &str, extra: &[&str]) -> std::process::Output {
    let path = fixture(&format!("import/{file}"));
    let mut args = vec!["import", "accounts", p(&path), "--as", "9000"];
    args.extend_from_slice(extra);
    en(db, &args, "135790\n")
}

/// The account numbers `account find` returns, from its JSON output.
fn found(db: &Path, query: &str) -> Vec<String> {
    let out = en(
        db,
        &["account", "find", query, "--json", "--limit", "500"],
        "",
    );
    assert_ok(&out, "account find");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["account_no"].as_str().unwrap().to_string())
        .collect()
}

/// The bad rows of `mixed.csv` with the start of their reason.
const MIXED_BAD: [(usize, &str); 9] = [
    (3, "id_number: The check digit does not match"),
    (4, "id_number: This is an old 15-digit ID number"),
    (5, "phone: This is not a mobile number"),
    (
        6,
        "name: Character 2 is an invisible control character (U+202E)",
    ),
    (7, "the row has 4 fields but the header has 5"),
    (
        8,
        "account_no: 3499100001 appears twice in the file (first on line 2)",
    ),
    (
        9,
        "id_number: the same ID number appears earlier in the file (line 2)",
    ),
    (10, "account_no: 3499000001 already exists in the database"),
    (
        12,
        "id_number: this ID number already belongs to another account",
    ),
];

#[test]
fn import_is_all_or_nothing_by_default() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let good = import(&db, "good.csv", &[]);
    assert_ok(&good, "import good.csv");
    assert_eq!(stdout(&good).trim(), "Imported 3 accounts");
    assert_eq!(found(&db, "3499000002"), ["3499000002"]);
    let conn = Connection::open(&db).unwrap();
    let address: String = conn
        .query_row(
            "SELECT address FROM account WHERE account_no = '3499000002'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        address, "庐阳区长江中路88号, 长江花园 2栋101室",
        "quoted comma kept"
    );
    let (id, phone): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT id_number, phone FROM account WHERE account_no = '3499000003'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((id, phone), (None, None), "empty ID and phone stay empty");
    drop(conn);

    let mixed = import(&db, "mixed.csv", &[]);
    assert_exit(&mixed, 1, "import mixed.csv");
    let err = stderr(&mixed);
    for (line, reason) in MIXED_BAD {
        let expected = format!("line {line}: {reason}");
        assert!(
            err.lines().any(|l| l.starts_with(&expected)),
            "missing {expected:?} in:\n{err}"
        );
    }
    assert_eq!(err.lines().filter(|l| l.starts_with("line ")).count(), 9);
    assert!(
        !err.contains('\u{202e}'),
        "the bidi override must not reach the terminal"
    );
    assert!(err.contains("9 rows have errors; nothing was imported"));
    assert!(stdout(&mixed).is_empty());
    assert!(found(&db, "3499100001").is_empty());
    assert!(found(&db, "3499100011").is_empty());
    assert_eq!(count(&db, "SELECT count(*) FROM account"), 3);

    let zh = run(
        &[
            "import",
            "accounts",
            p(&fixture("import/mixed.csv")),
            "--as",
            "9000",
            "--db",
            p(&db),
        ],
        "135790\n",
    );
    assert_exit(&zh, 1, "import mixed.csv in zh");
    assert!(stderr(&zh).contains("第 3 行：id_number：身份证号校验位不符"));
    assert!(stderr(&zh).contains("9 行有错误，未导入任何数据"));
}

#[test]
fn import_skip_invalid_writes_rejects() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    assert_ok(&import(&db, "good.csv", &[]), "import good.csv");
    let rejects = dir.path().join("rejects.csv");
    let out = import(
        &db,
        "mixed.csv",
        &["--skip-invalid", "--rejects", p(&rejects)],
    );
    assert_ok(&out, "import --skip-invalid");
    assert_eq!(stdout(&out).trim(), "Imported 2 accounts");
    assert!(stderr(&out).contains("9 rows were not imported; they are in"));
    assert_eq!(found(&db, "3499100001"), ["3499100001"]);
    assert_eq!(found(&db, "3499100011"), ["3499100011"]);
    assert_eq!(count(&db, "SELECT count(*) FROM account"), 5);

    let mut reader = csv::Reader::from_path(&rejects).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "account_no",
            "name",
            "id_number",
            "phone",
            "address",
            "line",
            "reason"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), MIXED_BAD.len());
    for (row, (line, reason)) in rows.iter().zip(MIXED_BAD) {
        assert_eq!(row.len(), 7, "{row:?}");
        assert_eq!(row.get(5), Some(line.to_string().as_str()));
        assert!(row.get(6).unwrap().starts_with(reason), "{row:?}");
    }
    assert_eq!(rows[0].get(0), Some("3499100002"));

    // An existing rejects file is never overwritten, and then nothing is imported.
    let before = std::fs::read(&rejects).unwrap();
    let again = import(
        &db,
        "mixed.csv",
        &["--skip-invalid", "--rejects", p(&rejects)],
    );
    assert_exit(&again, 1, "import with an existing rejects file");
    assert!(
        stderr(&again).contains("already exists; nothing was imported"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(&rejects).unwrap(), before);
    assert_eq!(count(&db, "SELECT count(*) FROM account"), 5);

    // --skip-invalid alone is a usage error caught before anything is read.
    let alone = import(&db, "mixed.csv", &["--skip-invalid"]);
    assert_exit(&alone, 2, "--skip-invalid without --rejects");
    assert!(stderr(&alone).contains("--rejects"));
}

#[test]
fn import_checks_the_header() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let unknown = import(&db, "unknown_column.csv", &[]);
    assert_exit(&unknown, 1, "unknown column");
    assert_eq!(stderr(&unknown).trim(), "Unknown column \"vip\"");
    let missing = import(&db, "missing_column.csv", &[]);
    assert_exit(&missing, 1, "missing column");
    assert!(stderr(&missing).starts_with("The file lacks columns: address."));
    assert_eq!(count(&db, "SELECT count(*) FROM account"), 0);

    let bom = import(&db, "bom.csv", &[]);
    assert_ok(&bom, "BOM header");
    assert_eq!(stdout(&bom).trim(), "Imported 1 accounts");
    assert_eq!(found(&db, "3499000010"), ["3499000010"]);

    let clerk = add_staff(&db, "2001", "clerk", "246801");
    assert_ok(&clerk, "add clerk");
    let path = fixture("import/good.csv");
    let out = en(
        &db,
        &["import", "accounts", p(&path), "--as", "2001"],
        "246801\n",
    );
    assert_exit(&out, 1, "clerk imports");
    assert!(stderr(&out).contains("Not allowed"));
}

/// One account of the demo database: number, name, phone, address.
fn demo_row(db: &Path, sql: &str) -> (String, String, String, String) {
    let conn = Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn holder(db: &Path, account_no: &str) -> (String, String, String) {
    let conn = Connection::open(db).unwrap();
    conn.query_row(
        "SELECT holder_name, coalesce(phone, ''), address FROM account WHERE account_no = ?1",
        [account_no],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn account_find_on_a_demo_database() {
    let dir = temp_dir();
    let db = dir.path().join("demo.db");
    build_demo(&db, 2000);
    const COLUMNS: &str = "SELECT account_no, holder_name, phone, address FROM account";
    let (account_no, _, phone, _) = demo_row(&db, &format!("{COLUMNS} WHERE id = 1234"));

    assert_eq!(
        found(&db, &account_no),
        [account_no.as_str()],
        "exact number"
    );
    let prefix = &account_no[..8];
    let by_prefix = found(&db, prefix);
    let in_db = count(
        &db,
        &format!("SELECT count(*) FROM account WHERE account_no LIKE '{prefix}%'"),
    );
    assert_eq!(
        by_prefix.len() as i64,
        in_db,
        "every account under {prefix}"
    );
    assert!(by_prefix.iter().all(|a| a.starts_with(prefix)));

    let phone_prefix = &phone[..7];
    let by_phone = found(&db, phone_prefix);
    assert!(by_phone.contains(&account_no));
    assert!(
        by_phone
            .iter()
            .all(|a| holder(&db, a).1.starts_with(phone_prefix))
    );

    let last4 = &phone[7..];
    let by_last4 = found(&db, last4);
    assert!(by_last4.contains(&account_no), "last four {last4}");
    assert!(
        by_last4
            .iter()
            .all(|a| holder(&db, a).1.ends_with(last4) || a.starts_with(last4))
    );

    let (three_no, three_name, _, _) = demo_row(
        &db,
        &format!("{COLUMNS} WHERE length(holder_name) = 3 ORDER BY id LIMIT 1"),
    );
    let initials = gasdesk::domain::pinyin::initials_variants(&three_name);
    let by_initials = found(&db, &initials[0]);
    assert!(
        by_initials.contains(&three_no),
        "{three_name} by {initials:?}"
    );
    assert!(by_initials.iter().all(|a| {
        gasdesk::domain::pinyin::initials_variants(&holder(&db, a).0)
            .iter()
            .any(|v| v.starts_with(&initials[0]))
    }));

    let (two_no, two_name, _, _) = demo_row(
        &db,
        &format!("{COLUMNS} WHERE length(holder_name) = 2 ORDER BY id DESC LIMIT 1"),
    );
    let by_name = found(&db, &two_name);
    assert!(by_name.contains(&two_no), "{two_name}");
    assert!(by_name.iter().all(|a| {
        let (name, _, address) = holder(&db, a);
        name.contains(&two_name) || address.replace(' ', "").contains(&two_name)
    }));

    let by_address = found(&db, "长江花园");
    let in_db = count(
        &db,
        "SELECT count(*) FROM account WHERE address LIKE '%长江花园%'",
    );
    assert!(in_db > 0, "the demo has 长江花园 addresses");
    assert_eq!(by_address.len() as i64, in_db.min(500));
    assert!(
        by_address
            .iter()
            .all(|a| holder(&db, a).2.contains("长江花园"))
    );

    // JSON and table output are masked.
    let out = en(&db, &["account", "find", &account_no, "--json"], "");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let (name, phone, _) = holder(&db, &account_no);
    let first: String = name.chars().take(1).collect();
    let stars = "*".repeat(name.chars().count() - 1);
    assert_eq!(rows[0]["name"], format!("{first}{stars}"));
    assert_eq!(
        rows[0]["phone"],
        format!("{}****{}", &phone[..3], &phone[7..])
    );
    let table = en(&db, &["account", "find", &account_no], "");
    assert_ok(&table, "table output");
    assert!(stdout(&table).starts_with(&format!("{account_no}  {first}{stars}  ")));
    assert!(!stdout(&table).contains(&phone));
    assert!(!stdout(&table).contains(&name) || name.chars().count() == 1);

    let none = run(&["account", "find", "没有这个人", "--db", p(&db)], "");
    assert_ok(&none, "no match");
    assert!(stdout(&none).is_empty());
    assert_eq!(stderr(&none).trim(), "没有找到匹配的客户");

    // --limit is honoured past 500 (it used to stop there without a word).
    let many = en(
        &db,
        &["account", "find", "3", "--json", "--limit", "1500"],
        "",
    );
    assert_ok(&many, "a large limit");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&many)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1500);
}

/// An imported account opens on the office's date, not the server's: a server zone 24
/// hours behind the office (`XXX16`, UTC-16) always has a different date.
#[test]
fn imported_accounts_open_on_the_office_date() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let office_day = || gasdesk::domain::queue::builtin_rules().local_day(chrono::Utc::now());
    let before = office_day().to_string();
    let path = fixture("import/good.csv");
    let out = super::common::command(&[
        "--lang",
        "en",
        "import",
        "accounts",
        p(&path),
        "--as",
        "9000",
        "--db",
        p(&db),
    ])
    .env("TZ", "XXX16")
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .and_then(|mut child| {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(b"135790\n")?;
        child.wait_with_output()
    })
    .expect("run gasdesk");
    assert_ok(&out, "import under a server zone 24 h behind the office");
    let after = office_day().to_string();
    let opened: String = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT opened_on FROM account WHERE account_no = '3499000001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        opened == before || opened == after,
        "opened {opened}, office day {before}"
    );
}

/// `import accounts` of a file written by the test, with `extra` arguments.
fn import_bytes(db: &Path, dir: &Path, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    let path = dir.join("in.csv");
    std::fs::write(&path, bytes).unwrap();
    let mut args = vec!["import", "accounts", p(&path), "--as", "9000"];
    args.extend_from_slice(extra);
    en(db, &args, "135790\n")
}

#[test]
fn a_column_named_twice_in_the_header_is_refused() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let out = import_bytes(
        &db,
        dir.path(),
        "account_no,name,id_number,phone,address,phone\n\
         3499000001,张小明,,13800135678,蜀山区长江西路88号,13900139000\n"
            .as_bytes(),
        &[],
    );
    assert_exit(&out, 1, "a duplicate column");
    assert_eq!(
        stderr(&out).trim(),
        "Column \"phone\" appears twice in the header: each column may appear once"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM account"), 0);
}

#[test]
fn a_row_that_is_not_utf8_is_one_rejected_row() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let mut file = b"account_no,name,id_number,phone,address\n".to_vec();
    // 张三 in GBK, as a spreadsheet saved in the local encoding writes it.
    file.extend_from_slice(b"3499000001,\xd5\xc5\xc8\xfd,,,\xba\xcf\xb7\xca\n");
    file.extend_from_slice("3499000002,李娜,,,庐阳区长江中路88号\n".as_bytes());
    let rejects = dir.path().join("rejects.csv");
    let out = import_bytes(
        &db,
        dir.path(),
        &file,
        &["--skip-invalid", "--rejects", p(&rejects)],
    );
    assert_ok(&out, "import with one GBK row");
    assert_eq!(stdout(&out).trim(), "Imported 1 accounts");
    assert!(
        stderr(&out).contains("line 2: name: not UTF-8 text (save the file as UTF-8)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(found(&db, "3499000002"), ["3499000002"]);
    assert!(found(&db, "3499000001").is_empty());
    let text = std::fs::read_to_string(&rejects).expect("the rejects file is UTF-8");
    assert!(text.contains("3499000001"), "{text}");
    // Without --skip-invalid it is refused like any other bad row.
    let all = import_bytes(&db, dir.path(), &file, &[]);
    assert_exit(&all, 1, "all or nothing");
    assert!(stderr(&all).contains("line 2: name: not UTF-8 text"));
}

#[test]
fn the_rejects_file_is_safe_to_open_in_a_spreadsheet() {
    let dir = temp_dir();
    let db = live_db(dir.path());
    let file = "account_no,name,id_number,phone,address\n\
        \"=HYPERLINK(\"\"http://x.test\"\",\"\"click\"\")\",张三,,,合肥\n\
        3499000001,\"李\u{1b}[2J四\",,,@SUM(A1)\n\
        3499000002,王五,,-1+1,\"+合肥\r\n蜀山\"\n";
    let rejects = dir.path().join("rejects.csv");
    let out = import_bytes(
        &db,
        dir.path(),
        file.as_bytes(),
        &["--skip-invalid", "--rejects", p(&rejects)],
    );
    assert_ok(&out, "import with rejects");
    let bytes = std::fs::read(&rejects).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "no control characters: {text:?}"
    );
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut cells = Vec::new();
    for row in reader.records() {
        cells.extend(row.unwrap().iter().map(String::from));
    }
    assert_eq!(cells.len(), 3 * 7, "{cells:?}");
    for cell in &cells {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "a formula cell: {cell:?}"
        );
    }
    assert!(cells.contains(&"'=HYPERLINK(\"http://x.test\",\"click\")".to_string()));
    assert!(cells.contains(&"'@SUM(A1)".to_string()));
    assert!(cells.contains(&"'-1+1".to_string()));
}
