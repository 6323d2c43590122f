//! The bare-SQL side of `gasdesk bench load`: the same writes as gasdesk's, straight on a
//! connection configured like the store's.

use std::path::Path;
use std::time::Instant;

use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{
    LockLog, Operations, PAY_AMOUNT, Timing, paid_account, service_of, transfer_accounts,
    transfer_of,
};
use crate::db::{DbError, LockTiming, Store, cash};
use crate::domain::queue::ticket_number;

/// The same writes as bare SQL on a connection tuned like the store's
/// ([`Store::tune_connection`]) but waiting for the lock with SQLite's own busy handler:
/// what the database itself costs, without audit rows, policy or checks. Its SQL is written the way gasdesk writes its own (values compared
/// as `+?N`, see [`crate::db::queue`]), so neither run pays for planning a statement twice.
pub(super) struct Bare {
    conn: Connection,
    office: i64,
    counter: i64,
    staff_id: i64,
    /// The office clerk's open shift and its business day, for payments.
    shift: (i64, i64, i64),
    office_code: String,
    /// The office's IC-card accounts the transfers go round.
    accounts: Vec<i64>,
    locks: LockLog,
}

fn bare_text(e: rusqlite::Error) -> String {
    let d = DbError::from(e);
    if d.is_busy() {
        "busy".into()
    } else {
        d.to_string()
    }
}

impl Bare {
    pub(super) fn open(file: &Path, office: i64, counter: i64) -> Result<Bare> {
        let conn = Connection::open(file)?;
        conn.busy_timeout(crate::db::DEFAULT_WRITE_WAIT)?;
        Store::tune_connection(&conn)?;
        // A holder's change fires the search index's triggers, which call these.
        crate::db::register_sql_functions(&conn)?;
        let accounts = transfer_accounts(&conn, office)?;
        let staff_id: i64 = conn.query_row(
            "SELECT id FROM staff WHERE office_id = ?1 AND role = 'clerk' ORDER BY id LIMIT 1",
            [office],
            |r| r.get(0),
        )?;
        let shift = conn.query_row(
            "SELECT id, business_day_id, staff_id FROM cash_shift
             WHERE office_id = ?1 AND state = 'open' ORDER BY id LIMIT 1",
            [office],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let office_code =
            conn.query_row("SELECT code FROM office WHERE id = ?1", [office], |r| {
                r.get(0)
            })?;
        Ok(Bare {
            conn,
            office,
            counter,
            staff_id,
            shift,
            office_code,
            accounts,
            locks: LockLog::default(),
        })
    }

    fn day(conn: &Connection, office: i64) -> rusqlite::Result<i64> {
        conn.prepare_cached(
            "SELECT id FROM business_day WHERE office_id = +?1 AND closed_at IS NULL",
        )?
        .query_row([office], |r| r.get(0))
    }

    /// Runs `work` as one IMMEDIATE transaction and commits it, noting how long the write
    /// lock took to get and how long it was held.
    fn immediate<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> Result<T, String> {
        let asked = Instant::now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(bare_text)?;
        let got = Instant::now();
        let value = work(&tx).map_err(bare_text)?;
        tx.commit().map_err(bare_text)?;
        self.locks.0.push(LockTiming {
            waited: got - asked,
            held: got.elapsed(),
        });
        Ok(value)
    }
}

/// Who writes an event in the bare run.
#[derive(Clone, Copy)]
struct Desk {
    office: i64,
    counter: Option<i64>,
    staff: Option<i64>,
}

fn bare_event(
    conn: &Connection,
    ticket: i64,
    day: i64,
    kind: &str,
    service: &str,
    desk: Desk,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO ticket_event (ticket_id, business_day_id, office_id, at, kind, service,
                                   staff_id, counter_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        ticket,
        day,
        desk.office,
        crate::db::now_utc(),
        kind,
        service,
        desk.staff,
        desk.counter
    ])?;
    Ok(())
}

impl Operations for Bare {
    fn issue(&mut self, k: u32) -> Result<(), String> {
        let office = self.office;
        let letter = service_of(k).to_string();
        self.immediate(|tx| {
            let day = Bare::day(tx, office)?;
            let seq: i64 = tx
                .prepare_cached(
                    "SELECT coalesce(max(seq), 0) + 1 FROM ticket
                     WHERE business_day_id = +?1 AND letter = +?2",
                )?
                .query_row((day, &letter), |r| r.get(0))?;
            let number = ticket_number(service_of(k), seq);
            tx.prepare_cached(
                "INSERT INTO ticket (business_day_id, letter, seq, number, service, priority,
                                     issued_at, state)
                 VALUES (?1, ?2, ?3, ?4, ?2, 0, ?5, 'waiting')",
            )?
            .execute((day, &letter, seq, &number, crate::db::now_utc()))?;
            let id = tx.last_insert_rowid();
            let kiosk = Desk {
                office,
                counter: None,
                staff: None,
            };
            bare_event(tx, id, day, "issued", &letter, kiosk)
        })
    }

    fn call(&mut self) -> Result<Option<i64>, String> {
        let (office, counter, staff) = (self.office, self.counter, self.staff_id);
        // Nobody waiting leaves the transaction empty: its commit writes nothing.
        self.immediate(|tx| {
            let day = Bare::day(tx, office)?;
            let next: Option<(i64, String)> = tx
                .prepare_cached(
                    "SELECT id, service FROM ticket
                     WHERE business_day_id = +?1 AND state = 'waiting'
                     ORDER BY priority DESC, id LIMIT 1",
                )?
                .query_row([day], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((id, service)) = next else {
                return Ok(None);
            };
            tx.prepare_cached(
                "UPDATE ticket SET state = 'called', counter_no = ?2,
                                   owner_staff_id = coalesce(owner_staff_id, ?3)
                 WHERE id = +?1 AND state = 'waiting'",
            )?
            .execute((id, counter, staff))?;
            let desk = Desk {
                office,
                counter: Some(counter),
                staff: Some(staff),
            };
            bare_event(tx, id, day, "called", &service, desk)?;
            Ok(Some(id))
        })
    }

    fn finish(&mut self, ticket: i64) -> Result<(), String> {
        let (office, counter, staff) = (self.office, self.counter, self.staff_id);
        self.immediate(|tx| {
            let (day, service): (i64, String) = tx
                .prepare_cached("SELECT business_day_id, service FROM ticket WHERE id = +?1")?
                .query_row([ticket], |r| Ok((r.get(0)?, r.get(1)?)))?;
            tx.prepare_cached(
                "UPDATE ticket SET state = 'finished', outcome = 'other' WHERE id = +?1",
            )?
            .execute([ticket])?;
            let desk = Desk {
                office,
                counter: Some(counter),
                staff: Some(staff),
            };
            bare_event(tx, ticket, day, "finished", &service, desk)
        })
    }

    fn pay(&mut self, k: u32) -> Result<(), String> {
        let (shift, day, cashier) = self.shift;
        let office = self.office;
        let office_code = self.office_code.clone();
        self.immediate(|tx| {
            let year: i64 = tx
                .prepare_cached(
                    "SELECT CAST(substr(day, 1, 4) AS INTEGER) FROM business_day WHERE id = +?1",
                )?
                .query_row([day], |r| r.get(0))?;
            let seq: i64 = tx
                .prepare_cached(
                    "UPDATE receipt_series SET last_seq = last_seq + 1
                     WHERE office_id = +?1 AND year = +?2
                     RETURNING last_seq",
                )?
                .query_row((office, year), |r| r.get(0))?;
            let number = format!("{office_code}-{year}-{seq:06}");
            let account = paid_account(office, k);
            tx.prepare_cached(
                "INSERT INTO receipt (receipt_no, office_id, year, seq, kind, account_id,
                                      total_fen, method, shift_id, business_day_id, staff_id,
                                      at, idempotency_key)
                 VALUES (?1, ?2, ?3, ?4, 'advance', ?5, ?6, 'cash', ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(rusqlite::params![
                number,
                office,
                year,
                seq,
                account,
                PAY_AMOUNT.get(),
                shift,
                day,
                cashier,
                crate::db::now_utc(),
                cash::PaymentKey::new().as_str(),
            ])?;
            let receipt = tx.last_insert_rowid();
            tx.prepare_cached(
                "INSERT INTO ledger_entry (receipt_id, account_id, kind, amount_fen)
                 VALUES (?1, ?2, 'advance', ?3)",
            )?
            .execute((receipt, account, PAY_AMOUNT.get()))?;
            Ok(())
        })
    }

    fn transfer(&mut self, k: u32) -> Result<(), String> {
        let Some((account, holder)) = transfer_of(&self.accounts, self.counter, k) else {
            return Err("no IC-card account to transfer".into());
        };
        let (office, staff, counter) = (self.office, self.staff_id, self.counter);
        self.immediate(|tx| {
            let now = crate::db::now_utc();
            type Old = (String, Option<String>, Option<String>, String);
            let (name, id, phone, from): Old = tx
                .prepare_cached(
                    "SELECT holder_name, id_number, phone,
                            coalesce((SELECT max(valid_to) FROM holder_history
                                      WHERE account_id = +?1), opened_on)
                     FROM account WHERE id = +?1",
                )?
                .query_row([account], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            // Nothing owed, nothing pending: the checks gasdesk makes, as bare reads.
            tx.prepare_cached(
                "SELECT count(*) FROM bill WHERE account_id = +?1 AND settled_by IS NULL",
            )?
            .query_row([account], |r| r.get::<_, i64>(0))?;
            tx.prepare_cached(
                "SELECT count(*) FROM transfer WHERE account_id = +?1 AND state = 'pending'",
            )?
            .query_row([account], |r| r.get::<_, i64>(0))?;
            tx.prepare_cached(
                "INSERT INTO transfer (account_id, office_id, state, source, case_code, old_name,
                     old_id_number, old_phone, new_name, new_id_number, new_phone,
                     new_household_size, created_at, created_by, done_at, done_by, counter_no,
                     documents, final_readings, balance_fen, balance_how, consent_recorded,
                     arrears_settled_fen)
                 VALUES (?1, ?2, 'done', 'counter', 'sale', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                         ?10, ?11, ?12, '[]', '[]', 0, 'none', 0, 0)",
            )?
            .execute(rusqlite::params![
                account,
                office,
                name,
                id,
                phone,
                holder.name,
                holder.id_number.as_str(),
                holder.phone.as_str(),
                holder.household_size,
                now,
                staff,
                counter,
            ])?;
            let transfer = tx.last_insert_rowid();
            tx.prepare_cached(
                "INSERT INTO holder_history (account_id, holder_name, id_number, phone,
                                             valid_from, valid_to, transfer_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![
                account, name, id, phone, from, now, transfer
            ])?;
            tx.prepare_cached(
                "UPDATE account SET holder_name = ?2, id_number = ?3, phone = ?4,
                                    household_size = ?5
                 WHERE id = +?1",
            )?
            .execute(rusqlite::params![
                account,
                holder.name,
                holder.id_number.as_str(),
                holder.phone.as_str(),
                holder.household_size,
            ])?;
            Ok(())
        })
    }

    fn lock_timings(&mut self) -> Vec<(&'static str, Vec<Timing>)> {
        self.locks.take_series()
    }
}
