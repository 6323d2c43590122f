//! Meter readings and the bills they produce (post-paid mechanical and IoT meters).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::domain::account::MeterKind;
use crate::domain::money::Fen;
use crate::domain::reading::{REGISTER_MAX, ReadingError, check_consumption};
use crate::domain::role::Permission;
use crate::domain::tariff::{Priced, Tariff, Volume};

use super::{CashError, require_staff};
use crate::db::{Actor, AuditNote, Store};

/// A bill as listed for payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bill {
    pub id: i64,
    pub account_id: i64,
    pub meter_serial: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub volume: Volume,
    pub amount: Fen,
    /// `(tier, litres, unit price, amount)` per tier.
    pub tiers: Vec<(u8, Volume, Fen, Fen)>,
    pub settled: bool,
}

pub(super) const BILL_SELECT: &str = "
    SELECT b.id, b.account_id, m.serial, b.period_from, b.period_to, b.volume_litres,
           b.amount_fen, b.tier_lines, b.settled_by IS NOT NULL
    FROM bill b JOIN meter m ON m.id = b.meter_id";

fn date(s: &str, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, e.into())
    })
}

pub(super) fn bill_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Bill> {
    Ok(Bill {
        id: r.get(0)?,
        account_id: r.get(1)?,
        meter_serial: r.get(2)?,
        period_from: date(&r.get::<_, String>(3)?, 3)?,
        period_to: date(&r.get::<_, String>(4)?, 4)?,
        volume: Volume(r.get(5)?),
        amount: Fen(r.get(6)?),
        tiers: parse_tier_lines(&r.get::<_, String>(7)?),
        settled: r.get(8)?,
    })
}

/// The tier split as stored with a bill or a card purchase.
pub(super) fn tier_lines_json(priced: &Priced) -> String {
    let lines: Vec<serde_json::Value> = priced
        .lines
        .iter()
        .map(|l| {
            serde_json::json!({
                "tier": l.tier,
                "litres": l.volume.litres(),
                "unit_fen": l.unit_price.get(),
                "amount_fen": l.amount.get(),
            })
        })
        .collect();
    serde_json::Value::Array(lines).to_string()
}

/// The stored split back; the JSON is written only by [`tier_lines_json`], so a row
/// that does not parse is shown without a split rather than failing the screen.
pub(super) fn parse_tier_lines(text: &str) -> Vec<(u8, Volume, Fen, Fen)> {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(text)
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| {
            Some((
                u8::try_from(i.get("tier")?.as_u64()?).ok()?,
                Volume(i.get("litres")?.as_i64()?),
                Fen(i.get("unit_fen")?.as_i64()?),
                Fen(i.get("amount_fen")?.as_i64()?),
            ))
        })
        .collect()
}

/// `(account, amount, settling entry, payment round)` of a bill, read under the lock.
pub(super) fn bill_state(
    tx: &Transaction<'_>,
    bill: i64,
) -> Result<(i64, Fen, Option<i64>, i64), CashError> {
    tx.prepare_cached(
        "SELECT account_id, amount_fen, settled_by, payment_round FROM bill WHERE id = +?1",
    )?
    .query_row([bill], |r| {
        Ok((r.get(0)?, Fen(r.get(1)?), r.get(2)?, r.get(3)?))
    })
    .optional()?
    .ok_or(CashError::UnknownBill(bill))
}

/// The refusal for a bill someone already paid: the bill by its period, which receipt,
/// who, and when.
pub(super) fn already_paid(
    conn: &Connection,
    bill: i64,
    entry: i64,
) -> Result<CashError, CashError> {
    let (receipt_no, staff_no, staff_name, at, from, to) = conn
        .prepare_cached(
            "SELECT r.receipt_no, s.staff_no, s.name, r.at, b.period_from, b.period_to
             FROM ledger_entry e
             JOIN receipt r ON r.id = e.receipt_id JOIN staff s ON s.id = r.staff_id
             JOIN bill b ON b.id = +?2
             WHERE e.id = +?1",
        )?
        .query_row((entry, bill), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                date(&r.get::<_, String>(4)?, 4)?,
                date(&r.get::<_, String>(5)?, 5)?,
            ))
        })?;
    Ok(CashError::BillAlreadyPaid {
        bill,
        period: (from, to),
        receipt_no,
        staff_no,
        staff_name,
        at,
    })
}

/// Open bills of an account, oldest first.
pub(super) fn open_bills(conn: &Connection, account_id: i64) -> Result<Vec<Bill>, CashError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{BILL_SELECT} WHERE b.account_id = +?1 AND b.settled_by IS NULL ORDER BY b.id"
    ))?;
    let rows = stmt
        .query_map([account_id], bill_from)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Billed volume of an account in the tariff year before `before`: the tier position of
/// the next bill.
fn billed_this_year(
    tx: &Transaction<'_>,
    account_id: i64,
    year_start: NaiveDate,
    before: NaiveDate,
) -> Result<Volume, CashError> {
    let litres: i64 = tx
        .prepare_cached(
            "SELECT coalesce(sum(volume_litres), 0) FROM bill
             WHERE account_id = +?1 AND period_to >= +?2 AND period_to < +?3",
        )?
        .query_row(
            (account_id, year_start.to_string(), before.to_string()),
            |r| r.get(0),
        )?;
    Ok(Volume(litres))
}

/// Where a reading came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingSource {
    /// Typed at a counter by the clerk.
    Counter,
    /// From the meter-reading system's file.
    Import,
    /// Generated for the demo dataset.
    Demo,
}

impl ReadingSource {
    fn as_str(self) -> &'static str {
        match self {
            ReadingSource::Counter => "counter",
            ReadingSource::Import => "import",
            ReadingSource::Demo => "demo",
        }
    }
}

/// Records a reading of a post-paid meter. The first reading of a meter only sets the
/// start of its register; every later one bills the volume since the previous reading,
/// priced on the reading date. Returns the bill, if one was made.
pub fn record_reading(
    store: &mut Store,
    actor: &Actor,
    meter_id: i64,
    read_on: NaiveDate,
    register: Volume,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<Bill>, CashError> {
    let (staff, _) = require_staff(actor, Permission::CounterWork)?;
    check_reading(read_on, register, today)?;
    store.write_checked::<_, CashError>(actor, |tx| {
        let terms = super::card::meter_terms(tx, meter_id)?;
        let bill = reading_in_tx(
            tx,
            &terms,
            read_on,
            register,
            ReadingSource::Counter,
            Some(staff),
            now,
        )?;
        Ok((
            bill.clone(),
            // Filed under the account, so the customer view's recent activity shows it.
            AuditNote::new("meter_reading", "account", &terms.account_no).detail(
                serde_json::json!({
                    "meter": meter_id,
                    "read_on": read_on.to_string(),
                    "register_litres": register.litres(),
                    "bill": bill.as_ref().map(|b| b.id),
                }),
            ),
        ))
    })
}

/// One reading of a batch from the meter-reading system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingRow {
    pub meter_id: i64,
    pub read_on: NaiveDate,
    pub register: Volume,
}

/// Records a batch of readings in one transaction, all or nothing, and returns the bills
/// made. For an administrator (the reading system's feed) and the demo builder.
pub fn import_readings(
    store: &mut Store,
    actor: &Actor,
    rows: &[ReadingRow],
    source: ReadingSource,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, CashError> {
    actor.require(Permission::ManageAccounts)?;
    for row in rows {
        check_reading(row.read_on, row.register, today)?;
    }
    store.write_checked::<_, CashError>(actor, |tx| {
        let mut bills = 0;
        for row in rows {
            let terms = super::card::meter_terms(tx, row.meter_id)?;
            let bill = reading_in_tx(tx, &terms, row.read_on, row.register, source, None, now)?;
            bills += usize::from(bill.is_some());
        }
        Ok((
            bills,
            AuditNote::new("import_readings", "meter_reading", source.as_str())
                .detail(serde_json::json!({ "readings": rows.len(), "bills": bills })),
        ))
    })
}

fn check_reading(read_on: NaiveDate, register: Volume, today: NaiveDate) -> Result<(), CashError> {
    if read_on > today {
        return Err(CashError::ReadingInFuture(read_on));
    }
    if register < Volume::ZERO {
        return Err(crate::domain::tariff::VolumeError::Sign.into());
    }
    Ok(())
}

fn reading_in_tx(
    tx: &Transaction<'_>,
    terms: &super::card::MeterTerms,
    read_on: NaiveDate,
    register: Volume,
    source: ReadingSource,
    staff: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Option<Bill>, CashError> {
    let meter_id = terms.meter_id;
    if terms.kind == Some(MeterKind::IcCard) {
        return Err(CashError::MeterIsIcCard);
    }
    let account_id = terms.account_id;
    let last: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT register_litres, read_on FROM meter_reading WHERE meter_id = +?1
             ORDER BY read_on DESC LIMIT 1",
        )?
        .query_row([meter_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((litres, on)) = &last {
        if *on >= read_on.to_string() {
            return Err(CashError::ReadingExists);
        }
        if register.litres() < *litres {
            return Err(CashError::ReadingGoesBack { last: *litres });
        }
        let from = NaiveDate::parse_from_str(on, "%Y-%m-%d").unwrap_or(read_on);
        check_consumption(terms.customer, Volume(*litres), from, register, read_on)?;
    } else if register > REGISTER_MAX {
        return Err(ReadingError::RegisterTooLarge(register).into());
    }
    tx.prepare_cached(
        "INSERT INTO meter_reading (meter_id, read_on, register_litres, source, entered_by, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        meter_id,
        read_on.to_string(),
        register.litres(),
        source.as_str(),
        staff,
        super::fmt_time(now),
    ))?;
    let reading_id = tx.last_insert_rowid();
    let Some((litres, from)) = last.filter(|(litres, _)| register.litres() > *litres) else {
        return Ok(None);
    };
    let volume = Volume(register.litres() - litres);
    let tariff = Tariff::builtin();
    let year_start = tariff.tariff_year_start(read_on)?;
    let ytd = billed_this_year(tx, account_id, year_start, read_on)?;
    let priced = tariff.price(terms.customer, terms.household, ytd, volume, read_on)?;
    // A few litres can price below one fen: nothing to bill.
    if !priced.total.is_positive() {
        return Ok(None);
    }
    Ok(Some(insert_bill(
        tx, account_id, meter_id, reading_id, &from, read_on, &priced, now,
    )?))
}

#[allow(clippy::too_many_arguments)]
fn insert_bill(
    tx: &Transaction<'_>,
    account_id: i64,
    meter_id: i64,
    reading_id: i64,
    period_from: &str,
    period_to: NaiveDate,
    priced: &Priced,
    now: DateTime<Utc>,
) -> Result<Bill, CashError> {
    tx.prepare_cached(
        "INSERT INTO bill (account_id, meter_id, reading_id, period_from, period_to,
                           volume_litres, amount_fen, tier_lines, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![
        account_id,
        meter_id,
        reading_id,
        period_from,
        period_to.to_string(),
        priced.volume.litres(),
        priced.total.get(),
        tier_lines_json(priced),
        super::fmt_time(now),
    ])?;
    let id = tx.last_insert_rowid();
    Ok(tx
        .prepare_cached(&format!("{BILL_SELECT} WHERE b.id = +?1"))?
        .query_row([id], bill_from)?)
}

/// The meter's last reading (its date and register), shown in the reading form before
/// anything is typed; `None` before the first.
pub fn last_reading(
    db: &impl crate::db::Reads,
    meter_id: i64,
) -> Result<Option<(NaiveDate, Volume)>, CashError> {
    let conn = db.connection(crate::db::key());
    let last: Option<(String, i64)> = conn
        .prepare_cached(
            "SELECT read_on, register_litres FROM meter_reading WHERE meter_id = +?1
             ORDER BY read_on DESC LIMIT 1",
        )?
        .query_row([meter_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match last {
        Some((on, litres)) => Some((date(&on, 0)?, Volume(litres))),
        None => None,
    })
}

/// The first `count` bills with their accounts, oldest first (the payment bench races
/// two processes over them).
pub fn first_bills(db: &impl crate::db::Reads, count: usize) -> Result<Vec<(i64, i64)>, CashError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare_cached("SELECT id, account_id FROM bill ORDER BY id LIMIT ?1")?;
    let rows = stmt
        .query_map([count as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}
