//! Reports as tables, the one form every output is written from: text for the terminal
//! and the printer, CSV and xlsx for spreadsheets (JSON is the figures themselves).

use crate::domain::money::Fen;
use crate::domain::queue::QueueRules;
use crate::i18n::{self, Lang, Msg};

use super::business::{self, BusinessLine, Unit};
use super::day::{DayReport, MethodLine, QueueLine};
use super::period::{PeriodReport, Span};

/// One cell, typed so that a spreadsheet gets numbers with their format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Money in fen, shown in yuan with two decimals.
    Fen(i64),
    /// Gas in litres, shown in m³ with one decimal.
    Litres(i64),
    /// A share in per mille, shown as a percentage with one decimal.
    Permille(i64),
    /// A duration in seconds, shown in minutes with one decimal.
    Secs(i64),
    Empty,
}

impl Cell {
    /// As text, the way the terminal, the printer and CSV show it.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => crate::domain::text::sanitize(s).into_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Fen(f) => Fen(*f).yuan_string(),
            Cell::Litres(l) => tenths(*l, 100),
            Cell::Permille(p) => format!("{}%", tenths(*p, 1)),
            Cell::Secs(s) => tenths(*s * 10, 60),
            Cell::Empty => String::new(),
        }
    }

    /// The number a spreadsheet holds (yuan, m³, a fraction, minutes).
    pub fn number(&self) -> Option<f64> {
        match *self {
            Cell::Int(n) => Some(n as f64),
            // An xlsx number cell is a double, as a CSV number is text: the cell gets the
            // exact decimal the report prints (integer fen written as yuan with integer
            // arithmetic), read the way a spreadsheet reads it. No arithmetic is done on
            // money in floating point; sums stay in fen in the report itself.
            Cell::Fen(f) => yuan_decimal(f).parse().ok(),
            Cell::Litres(l) => Some(((l as f64) / 100.0).round() / 10.0),
            Cell::Permille(p) => Some(p as f64 / 1000.0),
            Cell::Secs(s) => Some(((s as f64) / 6.0).round() / 10.0),
            Cell::Text(_) | Cell::Empty => None,
        }
    }

    fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Cell) -> Cell {
        v.map_or(Cell::Empty, f)
    }
}

/// Fen as the plain decimal yuan `-1234.05`, by integer arithmetic only.
fn yuan_decimal(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// `n / per` tenths, rounded half away from zero, as `12.3`.
fn tenths(n: i64, per: i64) -> String {
    let t = (n.abs() * 2 + per) / (per * 2);
    let sign = if n < 0 && t > 0 { "-" } else { "" };
    format!("{sign}{}.{}", t / 10, t % 10)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// A short name (a worksheet's name: at most 31 characters).
    pub name: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn t(m: Msg, lang: Lang) -> String {
    m.get(lang).to_string()
}

fn method_label(method: &str, lang: Lang) -> String {
    crate::domain::receipt::PaymentMethod::parse(method)
        .map_or_else(|| method.to_string(), |m| m.label().get(lang).to_string())
}

fn kind_label(kind: &str, lang: Lang) -> String {
    match kind {
        "void" => t(i18n::RPT_KIND_VOID, lang),
        "refund" => t(i18n::RPT_KIND_REFUND, lang),
        other => other.to_string(),
    }
}

fn money_cells(l: &MethodLine) -> Vec<Cell> {
    vec![
        Cell::Int(l.receipts),
        Cell::Fen(l.expected_fen),
        Cell::opt(l.counted_fen, Cell::Fen),
        Cell::opt(l.over_under_fen, Cell::Fen),
    ]
}

fn queue_headers(first: Msg, lang: Lang) -> Vec<String> {
    [
        first,
        i18n::RPT_Q_ISSUED,
        i18n::RPT_Q_SERVED,
        i18n::RPT_Q_NO_SHOW,
        i18n::RPT_Q_MOVED,
        i18n::RPT_Q_WAIT_P50,
        i18n::RPT_Q_WAIT_P90,
        i18n::RPT_Q_WITHIN,
    ]
    .into_iter()
    .map(|m| t(m, lang))
    .collect()
}

fn queue_row(key: String, q: &QueueLine) -> Vec<Cell> {
    vec![
        Cell::Text(key),
        Cell::Int(q.issued),
        Cell::Int(q.served),
        Cell::Int(q.no_show),
        Cell::Int(q.moved),
        Cell::opt(q.wait_p50_secs, Cell::Secs),
        Cell::opt(q.wait_p90_secs, Cell::Secs),
        Cell::opt(q.within_permille(), Cell::Permille),
    ]
}

fn line_cell(l: &BusinessLine) -> Cell {
    match l.unit {
        Unit::Count => Cell::Int(l.value),
        Unit::Fen => Cell::Fen(l.value),
        Unit::Litres => Cell::Litres(l.value),
    }
}

/// The day-end as tables, in the order they are printed.
pub fn day_tables(r: &DayReport, rules: &QueueRules, lang: Lang) -> Vec<Table> {
    let mut out = Vec::new();
    let status = match (&r.closed_at, &r.closed_by) {
        (Some(at), by) => i18n::RPT_STATUS_CLOSED
            .fill(lang, &[("at", at), ("by", &by.clone().unwrap_or_default())]),
        (None, _) => t(i18n::RPT_STATUS_OPEN, lang),
    };
    let head = r.audit_head.as_ref().map_or_else(
        || t(i18n::RPT_HEAD_AT_CLOSE_NONE, lang),
        |h| format!("#{} {}", h.id, h.hash),
    );
    out.push(Table {
        name: t(i18n::RPT_SHEET_SUMMARY, lang),
        title: t(i18n::RPT_SHEET_SUMMARY, lang),
        headers: vec![t(i18n::RPT_COL_ITEM, lang), t(i18n::RPT_COL_VALUE, lang)],
        rows: vec![
            vec![
                Cell::Text(t(i18n::RPT_OFFICE, lang)),
                Cell::Text(format!("{} {}", r.office.code, r.office.name(lang))),
            ],
            vec![
                Cell::Text(t(i18n::RPT_DATE, lang)),
                Cell::Text(r.date.clone()),
            ],
            vec![
                Cell::Text(t(i18n::RPT_OPENED, lang)),
                Cell::Text(r.opened_at.clone()),
            ],
            vec![Cell::Text(t(i18n::RPT_STATUS, lang)), Cell::Text(status)],
            vec![Cell::Text(t(i18n::RPT_AUDIT_HEAD, lang)), Cell::Text(head)],
        ],
    });
    // Cash per shift and method.
    let mut rows = Vec::new();
    for s in &r.shifts {
        for l in &s.methods {
            if l.receipts == 0 && l.expected_fen == 0 && l.counted_fen.unwrap_or(0) == 0 {
                continue;
            }
            let mut row = vec![
                Cell::opt(s.counter_no, Cell::Int),
                Cell::Text(s.staff.clone()),
                Cell::Text(method_label(&l.method, lang)),
            ];
            row.extend(money_cells(l));
            row.push(Cell::Text(if l.over_under_fen.unwrap_or(0) != 0 {
                s.reason.clone().unwrap_or_default()
            } else {
                String::new()
            }));
            rows.push(row);
        }
    }
    for l in &r.methods {
        let mut row = vec![
            Cell::Empty,
            Cell::Text(t(i18n::RPT_OFFICE_TOTAL, lang)),
            Cell::Text(method_label(&l.method, lang)),
        ];
        row.extend(money_cells(l));
        row.push(Cell::Empty);
        rows.push(row);
    }
    out.push(Table {
        name: t(i18n::RPT_SHEET_CASH, lang),
        title: t(i18n::RPT_CASH_TITLE, lang),
        headers: [
            i18n::RPT_COL_COUNTER,
            i18n::RPT_COL_STAFF,
            i18n::RPT_COL_METHOD,
            i18n::RPT_COL_RECEIPTS,
            i18n::RPT_COL_EXPECTED,
            i18n::RPT_COL_COUNTED,
            i18n::RPT_COL_OVER_UNDER,
            i18n::RPT_COL_REASON,
        ]
        .into_iter()
        .map(|m| t(m, lang))
        .collect(),
        rows,
    });
    out.push(Table {
        name: t(i18n::RPT_SHEET_REVERSALS, lang),
        title: t(i18n::RPT_REVERSALS_TITLE, lang),
        headers: [
            i18n::RPT_COL_RECEIPT,
            i18n::RPT_COL_KIND,
            i18n::RPT_COL_ORIGINAL,
            i18n::RPT_COL_AMOUNT,
            i18n::RPT_COL_METHOD,
            i18n::RPT_COL_REQUESTER,
            i18n::RPT_COL_APPROVER,
            i18n::RPT_COL_REASON,
        ]
        .into_iter()
        .map(|m| t(m, lang))
        .collect(),
        rows: r
            .reversals
            .iter()
            .map(|v| {
                vec![
                    Cell::Text(v.receipt_no.clone()),
                    Cell::Text(kind_label(&v.kind, lang)),
                    Cell::Text(v.original_no.clone()),
                    Cell::Fen(v.amount_fen),
                    Cell::Text(method_label(&v.method, lang)),
                    Cell::Text(v.requester.clone()),
                    Cell::Text(v.approver.clone()),
                    Cell::Text(v.reason.clone()),
                ]
            })
            .collect(),
    });
    out.push(Table {
        name: t(i18n::RPT_SHEET_RECEIPTS, lang),
        title: t(i18n::RPT_RECEIPTS_TITLE, lang),
        headers: [
            i18n::RPT_COL_FIRST,
            i18n::RPT_COL_LAST,
            i18n::RPT_COL_COUNT,
            i18n::RPT_COL_MISSING,
        ]
        .into_iter()
        .map(|m| t(m, lang))
        .collect(),
        rows: r
            .receipts
            .iter()
            .map(|g| {
                vec![
                    Cell::Text(g.first.clone()),
                    Cell::Text(g.last.clone()),
                    Cell::Int(g.count),
                    Cell::Text(if g.missing.is_empty() {
                        t(i18n::RPT_NONE_MISSING, lang)
                    } else {
                        g.missing
                            .iter()
                            .map(|s| s.to_string())
                            .collect::<Vec<_>>()
                            .join(" ")
                    }),
                ]
            })
            .collect(),
    });
    out.push(Table {
        name: t(i18n::RPT_SHEET_CARDS, lang),
        title: t(i18n::RPT_CARDS_TITLE, lang),
        headers: [
            i18n::RPT_COL_RECEIPT,
            i18n::RPT_COL_METER,
            i18n::RPT_COL_STATE,
            i18n::RPT_COL_ATTEMPTS,
            i18n::RPT_COL_M3,
        ]
        .into_iter()
        .map(|m| t(m, lang))
        .collect(),
        rows: r
            .card_writes
            .iter()
            .map(|w| {
                vec![
                    Cell::Text(w.receipt_no.clone()),
                    Cell::Text(w.meter_serial.clone()),
                    Cell::Text(w.state.clone()),
                    Cell::Int(w.attempts),
                    Cell::Litres(w.litres),
                ]
            })
            .collect(),
    });
    // The queue.
    let service_name = |key: &str| {
        let letter = key.chars().next().unwrap_or('?');
        rules
            .service(letter)
            .map_or_else(|| key.to_string(), |s| format!("{letter} {}", s.name(lang)))
    };
    let mut rows = vec![queue_row(t(i18n::RPT_OFFICE_TOTAL, lang), &r.queue.total)];
    rows.extend(
        r.queue
            .by_service
            .iter()
            .map(|q| queue_row(service_name(&q.key), q)),
    );
    out.push(Table {
        name: t(i18n::RPT_SHEET_QUEUE, lang),
        title: t(i18n::RPT_QUEUE_TITLE, lang),
        headers: queue_headers(i18n::RPT_COL_SERVICE, lang),
        rows,
    });
    for (name, title, first, lines) in [
        (
            i18n::RPT_SHEET_SLOTS,
            i18n::RPT_SLOTS_TITLE,
            i18n::RPT_COL_SLOT,
            &r.queue.by_slot,
        ),
        (
            i18n::RPT_SHEET_COUNTERS,
            i18n::RPT_COUNTERS_TITLE,
            i18n::RPT_COL_COUNTER,
            &r.queue.by_counter,
        ),
        (
            i18n::RPT_SHEET_STAFF,
            i18n::RPT_STAFF_TITLE,
            i18n::RPT_COL_STAFF,
            &r.queue.by_staff,
        ),
    ] {
        out.push(Table {
            name: t(name, lang),
            title: t(title, lang),
            headers: queue_headers(first, lang),
            rows: lines.iter().map(|q| queue_row(q.key.clone(), q)).collect(),
        });
    }
    out.push(Table {
        name: t(i18n::RPT_SHEET_BUSINESS, lang),
        title: t(i18n::RPT_BUSINESS_TITLE, lang),
        headers: vec![t(i18n::RPT_COL_ITEM, lang), t(i18n::RPT_COL_VALUE, lang)],
        rows: r
            .business
            .iter()
            .map(|l| vec![Cell::Text(business::label(&l.key, lang)), line_cell(l)])
            .collect(),
    });
    out
}

fn span_table(p: &PeriodReport, s: &Span, name: String, lang: Lang) -> Table {
    let mut headers = vec![t(i18n::RPT_COL_ITEM, lang)];
    headers.extend(p.offices.iter().map(|o| o.name(lang).to_string()));
    if p.offices.len() > 1 {
        headers.push(t(i18n::RPT_OFFICE_TOTAL_ALL, lang));
    }
    let rows = s
        .total
        .iter()
        .map(|total| {
            let mut row = vec![Cell::Text(business::label(&total.key, lang))];
            for o in &p.offices {
                let v = s
                    .columns
                    .iter()
                    .find(|c| c.office_id == o.id)
                    .map_or(0, |c| business::value(&c.lines, &total.key));
                row.push(line_cell(&BusinessLine {
                    value: v,
                    ..total.clone()
                }));
            }
            if p.offices.len() > 1 {
                row.push(line_cell(total));
            }
            row
        })
        .collect();
    Table {
        name,
        title: i18n::RPT_PERIOD_SPAN.fill(lang, &[("from", &s.from), ("to", &s.to)]),
        headers,
        rows,
    }
}

/// The period report as tables: the whole range, then each month.
pub fn period_tables(p: &PeriodReport, lang: Lang) -> Vec<Table> {
    let mut out = vec![span_table(
        p,
        &p.whole,
        t(i18n::RPT_SHEET_PERIOD, lang),
        lang,
    )];
    if p.months.len() > 1 {
        for m in &p.months {
            out.push(span_table(p, m, m.label.clone(), lang));
        }
    }
    out
}

/// The period report as one narrow table for the screen: a row per office (and the
/// total), a column per headline figure.
pub fn period_overview(p: &PeriodReport, span: &Span, lang: Lang) -> Table {
    const KEYS: [(&str, Msg); 6] = [
        ("days", i18n::RPT_SHORT_DAYS),
        ("tickets", i18n::RPT_SHORT_TICKETS),
        ("enquiries", i18n::RPT_SHORT_ENQUIRIES),
        ("payments", i18n::RPT_SHORT_PAYMENTS),
        ("top_ups", i18n::RPT_SHORT_TOP_UPS),
        ("net_fen", i18n::RPT_SHORT_NET),
    ];
    let mut headers = vec![t(i18n::RPT_OFFICE, lang)];
    headers.extend(KEYS.iter().map(|(_, m)| t(*m, lang)));
    let row = |name: String, lines: &[BusinessLine]| {
        let mut row = vec![Cell::Text(name)];
        for (key, _) in KEYS {
            let unit = if key == "net_fen" {
                Unit::Fen
            } else {
                Unit::Count
            };
            row.push(line_cell(&BusinessLine::new(
                key,
                unit,
                business::value(lines, key),
            )));
        }
        row
    };
    let mut rows: Vec<Vec<Cell>> = p
        .offices
        .iter()
        .map(|o| {
            let lines = span
                .columns
                .iter()
                .find(|c| c.office_id == o.id)
                .map_or(&[][..], |c| c.lines.as_slice());
            row(o.name(lang).to_string(), lines)
        })
        .collect();
    if p.offices.len() > 1 {
        rows.push(row(t(i18n::RPT_OFFICE_TOTAL_ALL, lang), &span.total));
    }
    Table {
        name: t(i18n::RPT_SHEET_PERIOD, lang),
        title: i18n::RPT_PERIOD_SPAN.fill(lang, &[("from", &span.from), ("to", &span.to)]),
        headers,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reaches_the_spreadsheet_as_its_exact_decimal() {
        assert_eq!(yuan_decimal(123_405), "1234.05");
        assert_eq!(yuan_decimal(-5), "-0.05");
        assert_eq!(yuan_decimal(0), "0.00");
        assert_eq!(Cell::Fen(1_962_133).number(), Some(19621.33));
        assert_eq!(Cell::Fen(-1).number(), Some(-0.01));
    }

    #[test]
    fn cells_show_yuan_cubic_metres_shares_and_minutes() {
        assert_eq!(Cell::Fen(-123_456).text(), "-1,234.56");
        assert_eq!(Cell::Litres(12_345).text(), "12.3");
        assert_eq!(Cell::Litres(12_350).text(), "12.4");
        assert_eq!(Cell::Permille(935).text(), "93.5%");
        assert_eq!(Cell::Secs(90).text(), "1.5");
        assert_eq!(Cell::Secs(0).text(), "0.0");
        assert_eq!(Cell::Fen(150).number(), Some(1.5));
        assert_eq!(Cell::Permille(935).number(), Some(0.935));
        assert_eq!(Cell::Secs(90).number(), Some(1.5));
        assert_eq!(Cell::Litres(12_345).number(), Some(12.3));
    }
}
