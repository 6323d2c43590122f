//! Consistency of the money tables, for `gasdesk check`: what the triggers and
//! constraints cannot see row by row.

use crate::db::Reads;

use super::CashError;

/// One thing wrong in the money tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerFault {
    /// A receipt's total is not the sum of its ledger entries.
    ReceiptTotal { receipt_no: String },
    /// An office's series for a year has a gap or a repeat, or disagrees with its counter.
    SeriesGap { office_code: String, year: i64 },
    /// A bill's settling entry is not a payment of that bill in its current round.
    BillSettlement { bill: i64 },
    /// A reversal that does not mirror what it reverses.
    Reversal { receipt_no: String },
    /// A bill's amount or volume differs from its priced tier lines, or from a payment
    /// of it.
    BillAmount { bill: i64 },
}

pub fn ledger_faults(db: &impl Reads) -> Result<Vec<LedgerFault>, CashError> {
    let conn = db.connection(crate::db::key());
    let mut faults = Vec::new();
    let strings = |sql: &str| -> Result<Vec<String>, CashError> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    };
    for receipt_no in strings(
        "SELECT r.receipt_no FROM receipt r
         WHERE r.total_fen IS NOT (SELECT sum(e.amount_fen) FROM ledger_entry e
                                   WHERE e.receipt_id = r.id)",
    )? {
        faults.push(LedgerFault::ReceiptTotal { receipt_no });
    }
    let mut stmt = conn.prepare(
        "SELECT o.code, s.year FROM receipt_series s JOIN office o ON o.id = s.office_id
         WHERE s.last_seq IS NOT (SELECT count(*) FROM receipt r
                                  WHERE r.office_id = s.office_id AND r.year = s.year)
            OR s.last_seq IS NOT (SELECT max(seq) FROM receipt r
                                  WHERE r.office_id = s.office_id AND r.year = s.year)",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (office_code, year) = row?;
        faults.push(LedgerFault::SeriesGap { office_code, year });
    }
    let mut stmt = conn.prepare(
        "SELECT b.id FROM bill b
         LEFT JOIN ledger_entry e ON e.id = b.settled_by
         WHERE (b.settled_by IS NOT NULL
                AND (e.kind IS NOT 'bill' OR e.bill_id IS NOT b.id
                     OR e.bill_round IS NOT b.payment_round
                     OR EXISTS (SELECT 1 FROM ledger_entry v WHERE v.reverses_id = e.id)))
            OR (b.settled_by IS NULL AND EXISTS (
                SELECT 1 FROM ledger_entry p WHERE p.bill_id = b.id AND p.kind = 'bill'
                  AND p.bill_round = b.payment_round))",
    )?;
    for row in stmt.query_map([], |r| r.get(0))? {
        faults.push(LedgerFault::BillSettlement { bill: row? });
    }
    for receipt_no in strings(
        "SELECT v.receipt_no FROM receipt v JOIN receipt o ON o.id = v.reverses_id
         WHERE v.total_fen <> -o.total_fen OR v.account_id <> o.account_id
            OR v.method <> o.method",
    )? {
        faults.push(LedgerFault::Reversal { receipt_no });
    }
    let mut bad_bills = std::collections::BTreeSet::new();
    let mut stmt = conn.prepare("SELECT id, amount_fen, volume_litres, tier_lines FROM bill")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, amount, litres): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let lines = super::bill::parse_tier_lines(&r.get::<_, String>(3)?);
        let priced: i64 = lines.iter().map(|l| l.3.get()).sum();
        let volume: i64 = lines.iter().map(|l| l.1.litres()).sum();
        if lines.is_empty() || priced != amount || volume != litres {
            bad_bills.insert(id);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT DISTINCT b.id FROM ledger_entry e JOIN bill b ON b.id = e.bill_id
         WHERE e.kind = 'bill' AND e.amount_fen <> b.amount_fen",
    )?;
    for row in stmt.query_map([], |r| r.get(0))? {
        bad_bills.insert(row?);
    }
    faults.extend(
        bad_bills
            .into_iter()
            .map(|bill| LedgerFault::BillAmount { bill }),
    );
    Ok(faults)
}
