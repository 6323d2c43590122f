//! The day-end report (日结) of one office: cash per counter and shift, reversals, card
//! writes still pending, the receipt numbers used; the queue per service, 30-minute
//! slot, counter and staff member; the business figures; the audit chain's head at
//! close. Computed here, without I/O, from the rows `db::report` loads (receipts, shift
//! counts, ticket events, the providers' business lines) — never from counters kept on
//! the side. A closed day's report is stored as computed at close and printed as stored.

use std::collections::BTreeMap;

use chrono::{DateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::business::BusinessLine;
use crate::domain::queue::QueueRules;
use crate::domain::queue::stats::{self, EventRow, Figures};
use crate::domain::receipt::PaymentMethod;

/// The version of [`DayReport`]'s stored form.
pub const FORMAT: u32 = 1;

/// Minutes in a queue slot (Qmatic's period report uses half hours).
pub const SLOT_MINUTES: u32 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeRef {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub mobile: bool,
}

impl OfficeRef {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.name_zh,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub id: i64,
    pub hash: String,
}

/// One cash shift as loaded: its latest count, if closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftRow {
    pub id: i64,
    pub counter_no: Option<i64>,
    /// Staff number and name.
    pub staff: String,
    pub state: String,
    pub float_fen: i64,
    /// Per method (stored name), the amount counted at the latest close.
    pub counted: Option<Vec<(String, i64)>>,
    pub reason: Option<String>,
}

/// One receipt of the day as loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRow {
    pub receipt_no: String,
    pub year: i64,
    pub seq: i64,
    pub kind: String,
    pub method: String,
    pub total_fen: i64,
    pub shift_id: i64,
    /// Staff number and name of whoever took it (the requester of a reversal).
    pub staff: String,
    pub original_no: Option<String>,
    pub reason: Option<String>,
    pub approver: Option<String>,
}

/// Everything the day-end is computed from.
#[derive(Debug, Clone)]
pub struct DayRows {
    pub office: OfficeRef,
    pub date: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub audit_head: Option<AuditHead>,
    pub shifts: Vec<ShiftRow>,
    pub receipts: Vec<ReceiptRow>,
    pub card_writes: Vec<CardWriteLine>,
    pub events: Vec<EventRow>,
    /// Staff number and name by staff id, for the queue figures per staff member.
    pub staff: BTreeMap<i64, String>,
    pub business: Vec<BusinessLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodLine {
    pub method: String,
    pub receipts: i64,
    pub expected_fen: i64,
    pub counted_fen: Option<i64>,
    /// Counted minus expected: over (+) or under (−).
    pub over_under_fen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftLine {
    pub shift_id: i64,
    pub counter_no: Option<i64>,
    pub staff: String,
    pub state: String,
    pub float_fen: i64,
    pub methods: Vec<MethodLine>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReversalLine {
    pub receipt_no: String,
    /// `void` or `refund`.
    pub kind: String,
    pub original_no: String,
    pub amount_fen: i64,
    pub method: String,
    pub requester: String,
    pub approver: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardWriteLine {
    pub receipt_no: String,
    pub meter_serial: String,
    pub state: String,
    pub attempts: i64,
    pub litres: i64,
}

/// The receipt numbers of one series used on the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptRange {
    pub year: i64,
    pub first: String,
    pub last: String,
    pub count: i64,
    /// Sequence numbers between the first and the last not used by this day: none, as
    /// the series is gapless and one office has one business day open at a time.
    pub missing: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    /// Service letter, slot start (`09:30`), counter number, or staff number and name.
    pub key: String,
    pub issued: i64,
    pub served: i64,
    pub no_show: i64,
    pub moved: i64,
    pub closed: i64,
    pub wait_p50_secs: Option<i64>,
    pub wait_p90_secs: Option<i64>,
    pub judged: i64,
    pub within_target: i64,
}

impl QueueLine {
    fn of(key: String, f: &Figures) -> QueueLine {
        let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
        QueueLine {
            key,
            issued: n(f.issued),
            served: n(f.served),
            no_show: n(f.no_show),
            moved: n(f.transferred),
            closed: n(f.closed),
            wait_p50_secs: f.wait.p50_secs,
            wait_p90_secs: f.wait.p90_secs,
            judged: n(f.judged),
            within_target: n(f.within_target),
        }
    }

    /// Share within target in per mille, rounded down.
    pub fn within_permille(&self) -> Option<i64> {
        (self.judged > 0).then(|| self.within_target * 1000 / self.judged)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueSection {
    pub total: QueueLine,
    pub by_service: Vec<QueueLine>,
    pub by_slot: Vec<QueueLine>,
    pub by_counter: Vec<QueueLine>,
    pub by_staff: Vec<QueueLine>,
    /// Tickets issued per hour of the offices' clock, (hour, count), every hour from the
    /// first to the last that has any.
    pub arrivals_by_hour: Vec<(u32, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReport {
    pub format: u32,
    pub office: OfficeRef,
    pub date: String,
    /// Office time, `HH:MM`.
    pub opened_at: String,
    /// Office time, `YYYY-MM-DD HH:MM`, when closed.
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub audit_head: Option<AuditHead>,
    pub shifts: Vec<ShiftLine>,
    /// The office's totals per method, over every shift.
    pub methods: Vec<MethodLine>,
    pub reversals: Vec<ReversalLine>,
    pub card_writes: Vec<CardWriteLine>,
    pub receipts: Vec<ReceiptRange>,
    pub queue: QueueSection,
    pub business: Vec<BusinessLine>,
}

impl DayReport {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }

    /// The stored form: compact JSON, the same bytes for the same figures.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Computes the day-end from its rows.
pub fn compute(rows: &DayRows, rules: &QueueRules) -> DayReport {
    let shifts: Vec<ShiftLine> = rows.shifts.iter().map(|s| shift_line(s, rows)).collect();
    let methods = PaymentMethod::ALL
        .into_iter()
        .map(|m| {
            let of: Vec<&MethodLine> = shifts
                .iter()
                .flat_map(|s| s.methods.iter())
                .filter(|l| l.method == m.as_str())
                .collect();
            let all_counted = of.iter().all(|l| l.counted_fen.is_some());
            let counted = all_counted.then(|| of.iter().filter_map(|l| l.counted_fen).sum());
            let expected: i64 = of.iter().map(|l| l.expected_fen).sum();
            MethodLine {
                method: m.as_str().to_string(),
                receipts: of.iter().map(|l| l.receipts).sum(),
                expected_fen: expected,
                counted_fen: counted,
                over_under_fen: counted.map(|c: i64| c - expected),
            }
        })
        .collect();
    let reversals = rows
        .receipts
        .iter()
        .filter(|r| r.original_no.is_some())
        .map(|r| ReversalLine {
            receipt_no: r.receipt_no.clone(),
            kind: r.kind.clone(),
            original_no: r.original_no.clone().unwrap_or_default(),
            amount_fen: r.total_fen,
            method: r.method.clone(),
            requester: r.staff.clone(),
            approver: r.approver.clone().unwrap_or_default(),
            reason: r.reason.clone().unwrap_or_default(),
        })
        .collect();
    let local = |at: DateTime<Utc>, f: &str| rules.local(at).format(f).to_string();
    DayReport {
        format: FORMAT,
        office: rows.office.clone(),
        date: rows.date.clone(),
        opened_at: local(rows.opened_at, "%H:%M"),
        closed_at: rows.closed_at.map(|t| local(t, "%Y-%m-%d %H:%M")),
        closed_by: rows.closed_by.clone(),
        audit_head: rows.audit_head.clone(),
        shifts,
        methods,
        reversals,
        card_writes: rows.card_writes.clone(),
        receipts: ranges(&rows.receipts),
        queue: queue(rows, rules),
        business: rows.business.clone(),
    }
}

fn shift_line(s: &ShiftRow, rows: &DayRows) -> ShiftLine {
    let methods = PaymentMethod::ALL
        .into_iter()
        .map(|m| {
            let of: Vec<&ReceiptRow> = rows
                .receipts
                .iter()
                .filter(|r| r.shift_id == s.id && r.method == m.as_str())
                .collect();
            let held = if m.is_cash() { s.float_fen } else { 0 };
            let expected = held + of.iter().map(|r| r.total_fen).sum::<i64>();
            let counted = s.counted.as_ref().map(|c| {
                c.iter()
                    .find(|(method, _)| method == m.as_str())
                    .map_or(0, |(_, f)| *f)
            });
            MethodLine {
                method: m.as_str().to_string(),
                receipts: i64::try_from(of.len()).unwrap_or(i64::MAX),
                expected_fen: expected,
                counted_fen: counted,
                over_under_fen: counted.map(|c| c - expected),
            }
        })
        .collect();
    ShiftLine {
        shift_id: s.id,
        counter_no: s.counter_no,
        staff: s.staff.clone(),
        state: s.state.clone(),
        float_fen: s.float_fen,
        methods,
        reason: s.reason.clone(),
    }
}

/// First, last, count and gaps of each year's series among the day's receipts.
fn ranges(receipts: &[ReceiptRow]) -> Vec<ReceiptRange> {
    let mut by_year: BTreeMap<i64, Vec<&ReceiptRow>> = BTreeMap::new();
    for r in receipts {
        by_year.entry(r.year).or_default().push(r);
    }
    by_year
        .into_iter()
        .map(|(year, mut rs)| {
            rs.sort_by_key(|r| r.seq);
            let first = rs[0];
            let last = rs[rs.len() - 1];
            let mut missing = Vec::new();
            let mut expect = first.seq;
            for r in &rs {
                while expect < r.seq {
                    missing.push(expect);
                    expect += 1;
                }
                expect = r.seq + 1;
            }
            ReceiptRange {
                year,
                first: first.receipt_no.clone(),
                last: last.receipt_no.clone(),
                count: i64::try_from(rs.len()).unwrap_or(i64::MAX),
                missing,
            }
        })
        .collect()
}

/// The slot of an instant: minutes since local midnight over [`SLOT_MINUTES`].
pub fn slot_of(rules: &QueueRules, at: DateTime<Utc>) -> u32 {
    let t = rules.local(at);
    (t.hour() * 60 + t.minute()) / SLOT_MINUTES
}

pub fn slot_label(slot: u32) -> String {
    let m = slot * SLOT_MINUTES;
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn queue(rows: &DayRows, rules: &QueueRules) -> QueueSection {
    let target = |s| rules.target_seconds(s);
    let by_hour = stats::compute(&rows.events, target);
    // The same figures with each event's "hour" set to its half-hour slot.
    let slotted: Vec<EventRow> = rows
        .events
        .iter()
        .map(|e| EventRow {
            hour: slot_of(rules, e.at),
            ..e.clone()
        })
        .collect();
    let by_slot = stats::compute(&slotted, target);
    let hours: Vec<(u32, i64)> = match (
        by_hour.by_hour.iter().find(|(_, f)| f.issued > 0),
        by_hour.by_hour.iter().rev().find(|(_, f)| f.issued > 0),
    ) {
        (Some((&first, _)), Some((&last, _))) => (first..=last)
            .map(|h| {
                let n = by_hour.by_hour.get(&h).map_or(0, |f| f.issued);
                (h, i64::try_from(n).unwrap_or(i64::MAX))
            })
            .collect(),
        _ => Vec::new(),
    };
    QueueSection {
        total: QueueLine::of(String::new(), &by_hour.total),
        by_service: by_hour
            .by_service
            .iter()
            .map(|(s, f)| QueueLine::of(s.to_string(), f))
            .collect(),
        by_slot: by_slot
            .by_hour
            .iter()
            .map(|(s, f)| QueueLine::of(slot_label(*s), f))
            .collect(),
        by_counter: by_hour
            .by_counter
            .iter()
            .map(|(c, f)| QueueLine::of(c.to_string(), f))
            .collect(),
        by_staff: by_hour
            .by_staff
            .iter()
            .map(|(id, f)| {
                let who = rows
                    .staff
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| format!("#{id}"));
                QueueLine::of(who, f)
            })
            .collect(),
        arrivals_by_hour: hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(seq: i64, kind: &str, method: &str, fen: i64, shift: i64) -> ReceiptRow {
        ReceiptRow {
            receipt_no: format!("HF01-2026-{seq:06}"),
            year: 2026,
            seq,
            kind: kind.into(),
            method: method.into(),
            total_fen: fen,
            shift_id: shift,
            staff: "1001 甲".into(),
            original_no: (fen < 0).then(|| "HF01-2026-000001".into()),
            reason: (fen < 0).then(|| "录错".into()),
            approver: (fen < 0).then(|| "1009 所长".into()),
        }
    }

    fn rows() -> DayRows {
        DayRows {
            office: OfficeRef {
                id: 1,
                code: "HF01".into(),
                name_zh: "庐阳服务所".into(),
                name_en: "Luyang".into(),
                mobile: false,
            },
            date: "2026-11-28".into(),
            opened_at: DateTime::from_timestamp(1_795_827_600, 0).unwrap(),
            closed_at: None,
            closed_by: None,
            audit_head: None,
            shifts: vec![
                ShiftRow {
                    id: 7,
                    counter_no: Some(1),
                    staff: "1001 甲".into(),
                    state: "closed".into(),
                    float_fen: 50_000,
                    counted: Some(vec![("cash".into(), 59_900), ("wechat".into(), 3_000)]),
                    reason: Some("少找零".into()),
                },
                ShiftRow {
                    id: 8,
                    counter_no: Some(2),
                    staff: "1002 乙".into(),
                    state: "open".into(),
                    float_fen: 0,
                    counted: None,
                    reason: None,
                },
            ],
            receipts: vec![
                receipt(1, "bills", "cash", 10_000, 7),
                receipt(2, "top_up", "wechat", 3_000, 7),
                receipt(4, "void", "cash", -10_000, 7),
                receipt(3, "advance", "cash", 10_000, 8),
            ],
            card_writes: vec![],
            events: vec![],
            staff: BTreeMap::new(),
            business: vec![],
        }
    }

    #[test]
    fn cash_is_expected_against_counted_per_shift_and_method() {
        let r = compute(&rows(), &crate::domain::queue::builtin_rules());
        let cash = &r.shifts[0].methods[0];
        // Float 500 + 100 − 100 = 500 expected; 599 counted.
        assert_eq!(
            (cash.expected_fen, cash.counted_fen),
            (50_000, Some(59_900))
        );
        assert_eq!(cash.over_under_fen, Some(9_900));
        assert_eq!(r.shifts[0].methods[2].over_under_fen, Some(0));
        // The office: shift 8 is not counted yet, so neither is the office's cash.
        assert_eq!(r.methods[0].expected_fen, 60_000);
        assert_eq!(r.methods[0].counted_fen, None);
        assert_eq!(r.reversals.len(), 1);
        assert_eq!(r.reversals[0].approver, "1009 所长");
        assert_eq!(r.receipts[0].count, 4);
        assert!(r.receipts[0].missing.is_empty());
        assert_eq!(r.receipts[0].first, "HF01-2026-000001");
    }

    #[test]
    fn a_gap_in_the_numbers_is_named() {
        let mut rows = rows();
        rows.receipts.remove(1);
        let r = compute(&rows, &crate::domain::queue::builtin_rules());
        assert_eq!(r.receipts[0].missing, vec![2]);
        assert_eq!(r.receipts[0].count, 3);
    }

    #[test]
    fn slots_are_half_hours_of_the_offices_clock() {
        let rules = crate::domain::queue::builtin_rules();
        // 01:45 UTC is 09:45 in Hefei.
        let at = DateTime::from_timestamp(1_795_830_300, 0).unwrap();
        assert_eq!(rules.local(at).format("%H:%M").to_string(), "09:45");
        assert_eq!(slot_label(slot_of(&rules, at)), "09:30");
    }
}
