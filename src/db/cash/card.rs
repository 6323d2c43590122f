//! IC-card purchases, phase two: writing the card and reading it back, and the recovery of
//! writes that failed or were interrupted. The card is written outside any transaction
//! (no lock is held while a clerk fumbles with a card); each state change is its own
//! audited write.

use crate::db::Reads;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::card::{CardError, CardWriter};
use crate::domain::account::{CustomerType, MeterKind};
use crate::domain::money::Fen;
use crate::domain::role::Permission;
use crate::domain::tariff::{Priced, Tariff, Volume};
use crate::i18n::{self, Msg};

use super::{CashError, require_staff};
use crate::db::{Actor, AuditNote, Store};

/// Cards and meters take purchases in tenths of a cubic metre.
pub const CARD_STEP: Volume = Volume(100);

/// What the clerk typed for a top-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopUpOrder {
    /// This much gas, in [`CARD_STEP`]s (anything else is refused, never rounded).
    Volume(Volume),
    /// As much gas as this amount buys, in [`CARD_STEP`]s; the customer pays the price
    /// of that gas, which may be a few fen less.
    Amount(Fen),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardWriteState {
    Pending,
    Written,
    Verified,
    Failed,
    Reversed,
}

impl CardWriteState {
    fn parse(s: &str) -> rusqlite::Result<CardWriteState> {
        Ok(match s {
            "pending" => CardWriteState::Pending,
            "written" => CardWriteState::Written,
            "verified" => CardWriteState::Verified,
            "failed" => CardWriteState::Failed,
            "reversed" => CardWriteState::Reversed,
            other => {
                return Err(rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    format!("unknown card write state {other:?}").into(),
                ));
            }
        })
    }

    pub fn label(self) -> Msg {
        match self {
            CardWriteState::Pending => i18n::CARD_STATE_PENDING,
            CardWriteState::Written => i18n::CARD_STATE_WRITTEN,
            CardWriteState::Verified => i18n::CARD_STATE_VERIFIED,
            CardWriteState::Failed => i18n::CARD_STATE_FAILED,
            CardWriteState::Reversed => i18n::CARD_STATE_REVERSED,
        }
    }

    /// Still owed to the customer: listed for recovery.
    pub fn unfinished(self) -> bool {
        matches!(self, CardWriteState::Pending | CardWriteState::Failed)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardWriteRow {
    pub id: i64,
    pub meter_id: i64,
    pub meter_serial: String,
    pub account_id: i64,
    pub account_no: String,
    pub holder_name: String,
    /// `false` for a rewrite onto a replacement card (补卡).
    pub is_purchase: bool,
    pub receipt_id: Option<i64>,
    pub receipt_no: Option<String>,
    pub purchase_count: i64,
    pub volume: Volume,
    pub state: CardWriteState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub office_id: i64,
    /// For a replacement card: why (`lost`, `damaged`, `other`) and the clerk's words.
    pub reason: Option<String>,
    pub reason_note: Option<String>,
    /// For a replacement card: the receipt of its fee, if one was taken.
    pub fee_receipt_id: Option<i64>,
}

const CARD_WRITE_SELECT: &str = "
    SELECT w.id, w.meter_id, m.serial, a.id, a.account_no, a.holder_name, w.purpose = 'purchase',
           r.id, r.receipt_no, w.purchase_count, w.volume_litres, w.state, w.attempts,
           w.last_error, w.created_at, s.office_id, coalesce(e.amount_fen, 0), w.reason,
           w.reason_note, w.fee_receipt_id
    FROM card_write w
    JOIN meter m ON m.id = w.meter_id
    JOIN account a ON a.id = m.account_id
    JOIN staff s ON s.id = w.staff_id
    LEFT JOIN ledger_entry e ON e.id = w.entry_id
    LEFT JOIN receipt r ON r.id = e.receipt_id";

fn card_write_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<CardWriteRow> {
    Ok(CardWriteRow {
        id: r.get(0)?,
        meter_id: r.get(1)?,
        meter_serial: r.get(2)?,
        account_id: r.get(3)?,
        account_no: r.get(4)?,
        holder_name: r.get(5)?,
        is_purchase: r.get(6)?,
        receipt_id: r.get(7)?,
        receipt_no: r.get(8)?,
        purchase_count: r.get(9)?,
        volume: Volume(r.get(10)?),
        state: CardWriteState::parse(&r.get::<_, String>(11)?)?,
        attempts: r.get(12)?,
        last_error: r.get(13)?,
        created_at: r.get(14)?,
        office_id: r.get(15)?,
        reason: r.get(17)?,
        reason_note: r.get(18)?,
        fee_receipt_id: r.get(19)?,
    })
}

/// One card write by id, whatever its state.
pub fn card_write_by_id(db: &impl Reads, id: i64) -> Result<CardWriteRow, CashError> {
    let conn = db.connection(crate::db::key());
    conn.prepare_cached(&format!("{CARD_WRITE_SELECT} WHERE w.id = +?1"))?
        .query_row([id], card_write_from)
        .optional()?
        .ok_or(CashError::UnknownCardWrite(id))
}

pub(super) fn card_write_of_receipt(
    conn: &Connection,
    receipt_id: i64,
) -> Result<Option<CardWriteRow>, CashError> {
    Ok(conn
        .prepare_cached(&format!("{CARD_WRITE_SELECT} WHERE r.id = +?1"))?
        .query_row([receipt_id], card_write_from)
        .optional()?)
}

/// The latest card writes of an account, newest first, each with what its purchase cost
/// (zero for a rewrite onto a replacement card).
pub(super) fn card_writes_of_account(
    conn: &Connection,
    account_id: i64,
    limit: usize,
) -> Result<Vec<(CardWriteRow, Fen)>, CashError> {
    let mut stmt = conn.prepare_cached(&format!(
        "{CARD_WRITE_SELECT} WHERE m.account_id = +?1 ORDER BY w.id DESC LIMIT +?2"
    ))?;
    let rows = stmt
        .query_map((account_id, limit as i64), |r| {
            Ok((card_write_from(r)?, Fen(r.get(16)?)))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Card writes of an office that failed or never finished, oldest first.
pub fn unfinished_card_writes(
    db: &impl Reads,
    office_id: i64,
) -> Result<Vec<CardWriteRow>, CashError> {
    let conn = db.connection(crate::db::key());
    let mut stmt = conn.prepare_cached(&format!(
        "{CARD_WRITE_SELECT} WHERE w.state IN ('pending', 'failed') AND s.office_id = +?1
         ORDER BY w.id"
    ))?;
    let rows = stmt
        .query_map([office_id], card_write_from)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// A meter, its account, and what the account's tariff depends on.
pub(super) struct MeterTerms {
    pub meter_id: i64,
    pub account_id: i64,
    pub account_no: String,
    pub kind: Option<MeterKind>,
    pub customer: CustomerType,
    pub household: u8,
}

pub(super) fn meter_terms(conn: &Connection, meter_id: i64) -> Result<MeterTerms, CashError> {
    let (account_id, account_no, kind, customer, household): (i64, String, String, String, i64) =
        conn.prepare_cached(
            "SELECT m.account_id, a.account_no, m.kind, a.customer_type, a.household_size
             FROM meter m JOIN account a ON a.id = m.account_id WHERE m.id = +?1",
        )?
        .query_row([meter_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?
        .ok_or(CashError::UnknownMeter(meter_id))?;
    Ok(MeterTerms {
        meter_id,
        account_id,
        account_no,
        kind: MeterKind::parse(&kind),
        customer: CustomerType::parse(&customer).unwrap_or(CustomerType::Residential),
        household: u8::try_from(household).unwrap_or(u8::MAX),
    })
}

/// An IC-card meter, or the refusal to top up any other.
pub(super) fn ic_meter(conn: &Connection, meter_id: i64) -> Result<MeterTerms, CashError> {
    let terms = meter_terms(conn, meter_id)?;
    if terms.kind != Some(MeterKind::IcCard) {
        return Err(CashError::MeterNotIcCard);
    }
    Ok(terms)
}

/// Gas bought on cards by an account in the tariff year of `on`, reversals netted.
fn bought_this_year(
    conn: &Connection,
    account_id: i64,
    on: NaiveDate,
) -> Result<Volume, CashError> {
    let tariff = Tariff::builtin();
    let start = tariff.tariff_year_start(on)?;
    let end = tariff.tariff_year_end(on)?;
    let litres: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(e.volume_litres), 0) FROM ledger_entry e
             JOIN receipt r ON r.id = e.receipt_id
             JOIN business_day d ON d.id = r.business_day_id
             WHERE e.account_id = +?1 AND e.volume_litres IS NOT NULL
               AND d.day >= +?2 AND d.day <= +?3",
        )?
        .query_row((account_id, start.to_string(), end.to_string()), |r| {
            r.get(0)
        })?;
    Ok(Volume(litres))
}

pub(super) fn price_top_up(
    conn: &Connection,
    meter: &MeterTerms,
    order: TopUpOrder,
    on: NaiveDate,
) -> Result<Priced, CashError> {
    let tariff = Tariff::builtin();
    let limits = tariff.limits();
    let ytd = bought_this_year(conn, meter.account_id, on)?;
    let priced = match order {
        TopUpOrder::Volume(volume) => {
            if volume <= Volume::ZERO {
                return Err(crate::domain::tariff::VolumeError::Zero.into());
            }
            // Never cut to the step: what is charged is what was asked for.
            if volume.litres() % CARD_STEP.litres() != 0 {
                return Err(crate::domain::tariff::VolumeError::NotTenths.into());
            }
            if volume > limits.top_up_max_volume {
                return Err(crate::domain::tariff::VolumeError::OverCap {
                    cap: limits.top_up_max_volume,
                }
                .into());
            }
            tariff.price(meter.customer, meter.household, ytd, volume, on)?
        }
        TopUpOrder::Amount(amount) => {
            if amount > limits.top_up_max {
                return Err(CashError::OverCap {
                    cap: limits.top_up_max,
                });
            }
            tariff.volume_for_amount_in_steps(
                meter.customer,
                meter.household,
                ytd,
                amount,
                on,
                CARD_STEP,
            )?
        }
    };
    if priced.total > limits.top_up_max {
        return Err(CashError::OverCap {
            cap: limits.top_up_max,
        });
    }
    Ok(priced)
}

/// What a top-up would cost today, for the form's preview. The purchase itself prices
/// again under the lock, so a purchase by another counter in between is accounted for.
pub fn quote_top_up(
    db: &impl Reads,
    meter_id: i64,
    order: TopUpOrder,
    on: NaiveDate,
) -> Result<Priced, CashError> {
    let conn = db.connection(crate::db::key());
    let meter = ic_meter(conn, meter_id)?;
    price_top_up(conn, &meter, order, on)
}

/// The purchase count the next purchase will carry on the card.
pub(super) fn next_purchase_count(tx: &Transaction<'_>, meter_id: i64) -> Result<i64, CashError> {
    let last: i64 = tx
        .prepare_cached(
            "SELECT coalesce(max(purchase_count), 0) FROM card_write
             WHERE meter_id = +?1 AND purpose = 'purchase' AND state <> 'reversed'",
        )?
        .query_row([meter_id], |r| r.get(0))?;
    Ok(last + 1)
}

fn set_write_state(
    store: &mut Store,
    actor: &Actor,
    row: &CardWriteRow,
    state: &'static str,
    error: Option<&str>,
    count_attempt: bool,
    now: DateTime<Utc>,
) -> Result<CardWriteRow, CashError> {
    store.write_checked::<_, CashError>(actor, |tx| {
        tx.prepare_cached(
            "UPDATE card_write SET state = ?2, attempts = attempts + ?3, last_error = ?4,
                                   updated_at = ?5
             WHERE id = +?1",
        )?
        .execute((
            row.id,
            state,
            i64::from(count_attempt),
            error,
            super::fmt_time(now),
        ))?;
        Ok((
            card_write_by_id(tx, row.id)?,
            AuditNote::new("card_write", "card_write", row.id).detail(serde_json::json!({
                "state": state,
                "serial": row.meter_serial,
                "purchase_count": row.purchase_count,
                "error": error,
            })),
        ))
    })
}

/// Writes a pending (or failed) purchase onto the card and reads it back. A failure is
/// recorded and returned; the write stays listed for recovery. Doing this twice is
/// harmless: the card accepts each purchase count once.
pub fn complete_card_write(
    store: &mut Store,
    actor: &Actor,
    card_write_id: i64,
    writer: &mut dyn CardWriter,
    now: DateTime<Utc>,
) -> Result<CardWriteRow, CashError> {
    let (_, office) = require_staff(actor, Permission::CounterWork)?;
    let row = card_write_by_id(store.conn(), card_write_id)?;
    if row.office_id != office {
        return Err(CashError::WrongOffice {
            office: row.office_id,
        });
    }
    let row = match row.state {
        CardWriteState::Verified => return Err(CashError::CardWriteDone(row.id)),
        CardWriteState::Reversed => return Err(CashError::CardWriteNotPending(row.id)),
        CardWriteState::Written => row,
        CardWriteState::Pending | CardWriteState::Failed => {
            match writer.write(&row.meter_serial, row.purchase_count, row.volume.litres()) {
                Ok(_) => set_write_state(store, actor, &row, "written", None, true, now)?,
                Err(e) => {
                    let detail = e.to_string();
                    set_write_state(store, actor, &row, "failed", Some(&detail), true, now)?;
                    return Err(e.into());
                }
            }
        }
    };
    let read = writer.read(&row.meter_serial);
    match read {
        Ok(card)
            if card.purchase_count == row.purchase_count
                && card.last_volume_litres == row.volume.litres() =>
        {
            set_write_state(store, actor, &row, "verified", None, false, now)
        }
        Ok(card) => {
            let e = CardError::OutOfSequence {
                held: card.purchase_count,
                wanted: row.purchase_count,
            };
            set_write_state(
                store,
                actor,
                &row,
                "failed",
                Some(&e.to_string()),
                false,
                now,
            )?;
            Err(e.into())
        }
        Err(e) => {
            set_write_state(
                store,
                actor,
                &row,
                "failed",
                Some(&e.to_string()),
                false,
                now,
            )?;
            Err(e.into())
        }
    }
}
