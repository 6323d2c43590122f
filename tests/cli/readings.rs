//! `gasdesk import readings`, part of the `cli` test binary.

use std::path::Path;

use super::common::{assert_exit, assert_ok, fixture, stderr, stdout, temp_dir};
use super::{count, en, live_db, p};

/// A live database with the three accounts of `readings_accounts.csv`: a mechanical
/// meter, an IoT meter and an IC-card meter.
fn with_meters(dir: &Path) -> std::path::PathBuf {
    let db = live_db(dir);
    let accounts = fixture("readings_accounts.csv");
    let out = en(
        &db,
        &["import", "accounts", p(&accounts), "--as", "9000"],
        "135790\n",
    );
    assert_ok(&out, "import accounts");
    db
}

fn import_readings(db: &Path, file: &str) -> std::process::Output {
    let path = fixture(file);
    en(
        db,
        &["import", "readings", p(&path), "--as", "9000"],
        "135790\n",
    )
}

#[test]
fn readings_import_bills_the_gas_used_since_the_last_reading() {
    let dir = temp_dir();
    let db = with_meters(dir.path());
    let out = import_readings(&db, "readings_good.csv");
    assert_ok(&out, "import readings");
    assert_eq!(stdout(&out).trim(), "Imported 4 readings, 2 bills issued");
    assert_eq!(count(&db, "SELECT count(*) FROM meter_reading"), 4);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM meter_reading WHERE source = 'import' AND entered_by IS NULL"
        ),
        4
    );
    assert_eq!(
        count(
            &db,
            "SELECT sum(volume_litres) FROM bill b JOIN meter m ON m.id = b.meter_id
             WHERE m.serial = 'JX2025000101' AND b.period_from = '2025-01-05'
               AND b.period_to = '2025-03-05'"
        ),
        23_500
    );
    assert_eq!(
        count(
            &db,
            "SELECT volume_litres FROM bill b JOIN meter m ON m.id = b.meter_id
             WHERE m.serial = 'WL2025000102'"
        ),
        40_000
    );
    assert!(count(&db, "SELECT min(amount_fen) FROM bill") > 0);

    // The same file again: the store refuses the batch, and nothing of it goes in.
    let again = import_readings(&db, "readings_good.csv");
    assert_exit(&again, 1, "the same readings again");
    assert!(
        stderr(&again).contains("no readings were imported: There is already a reading"),
        "{}",
        stderr(&again)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM meter_reading"), 4);
    assert_eq!(count(&db, "SELECT count(*) FROM bill"), 2);
}

#[test]
fn a_bad_row_stops_the_readings_import_naming_its_line() {
    let dir = temp_dir();
    let db = with_meters(dir.path());
    let out = import_readings(&db, "readings_bad.csv");
    assert_exit(&out, 1, "bad readings");
    let err = stderr(&out);
    for expected in [
        "line 3: meter_serial: no meter has serial NOPE0000",
        "line 4: read_on: 2025-02-30 is not a real date as YYYY-MM-DD",
        "line 5: register_m3: ",
        "line 6: The reading is below the last one (100 m³) (same meter as line 2)",
        "4 bad rows; no readings were imported",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    assert!(!err.contains("line 2:"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM meter_reading"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM bill"), 0);

    // In Chinese by default.
    let path = fixture("readings_bad.csv");
    let zh = super::common::run(
        &[
            "import",
            "readings",
            p(&path),
            "--as",
            "9000",
            "--db",
            p(&db),
        ],
        "135790\n",
    );
    assert_exit(&zh, 1, "bad readings in zh");
    assert!(
        stderr(&zh).contains("第 3 行：meter_serial：没有表号为 NOPE0000 的燃气表"),
        "{}",
        stderr(&zh)
    );
}

#[test]
fn a_readings_file_needs_its_header() {
    let dir = temp_dir();
    let db = with_meters(dir.path());
    // The accounts file is no readings file.
    let out = import_readings(&db, "readings_accounts.csv");
    assert_exit(&out, 1, "wrong header");
    assert!(
        stderr(&out).contains("missing columns: read_on,register_m3"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_readings_file_with_a_column_twice_or_a_row_not_utf8_is_refused_by_line() {
    let dir = temp_dir();
    let db = with_meters(dir.path());
    let twice = dir.path().join("twice.csv");
    std::fs::write(
        &twice,
        "meter_serial,read_on,register_m3,read_on\nJX2025000101,2025-01-05,1,2025-01-06\n",
    )
    .unwrap();
    let out = en(
        &db,
        &["import", "readings", p(&twice), "--as", "9000"],
        "135790\n",
    );
    assert_exit(&out, 1, "a duplicate column");
    assert_eq!(
        stderr(&out).trim(),
        "Column \"read_on\" appears twice in the header: each column may appear once"
    );
    let gbk = dir.path().join("gbk.csv");
    std::fs::write(
        &gbk,
        b"meter_serial,read_on,register_m3\nJX2025000101,2025-01-05,1\n\xd5\xc5,2025-01-05,1\n",
    )
    .unwrap();
    let out = en(
        &db,
        &["import", "readings", p(&gbk), "--as", "9000"],
        "135790\n",
    );
    assert_exit(&out, 1, "a row not UTF-8");
    assert!(
        stderr(&out).contains("line 3: meter_serial: not UTF-8 text"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM meter_reading"), 0);
}

#[test]
fn a_reading_is_refused_past_what_its_meter_can_pass() {
    let dir = temp_dir();
    let db = with_meters(dir.path());
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        en(
            &db,
            &["import", "readings", p(&path), "--as", "9000"],
            "135790\n",
        )
    };
    let absurd = write(
        "absurd.csv",
        "meter_serial,read_on,register_m3\nJX2025000101,2025-01-05,9223372036854775.807\n",
    );
    assert_exit(&absurd, 1, "the largest register");
    assert!(
        stderr(&absurd).contains(
            "line 2: register_m3: A register of 9223372036854775.807 m³ is more than any meter shows"
        ),
        "{}",
        stderr(&absurd)
    );
    assert_ok(
        &write(
            "first.csv",
            "meter_serial,read_on,register_m3\nJX2025000101,2025-01-05,100\n",
        ),
        "a first reading",
    );
    // A household meter passes at most 6 m³/h: 59 days (both ends) is 8,496 m³.
    let over = write(
        "over.csv",
        "meter_serial,read_on,register_m3\nJX2025000101,2025-03-04,8597\n",
    );
    assert_exit(&over, 1, "more than the meter can pass");
    assert!(
        stderr(&over).contains(
            "8497 m³ from 2025-01-05 to 2025-03-04 is more than the meter can pass running at full flow day and night (8496 m³)"
        ),
        "{}",
        stderr(&over)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM bill"), 0, "nothing billed");
    assert_ok(
        &write(
            "max.csv",
            "meter_serial,read_on,register_m3\nJX2025000101,2025-03-04,8596\n",
        ),
        "exactly the meter's capacity",
    );
    assert_eq!(count(&db, "SELECT count(*) FROM bill"), 1);
}
