//! The period and group report: any range of dates, one office or all (the eight offices
//! and the vehicle) side by side, the whole range and then month by month, with the
//! seed's kind of figures (the vehicle's trips, enquiries, payments, other business) and
//! the money, top-ups and care work — every figure a business line of a provider.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::business::{self, BusinessLine};
use super::day::OfficeRef;

/// The figures of one office over one span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub office_id: i64,
    pub lines: Vec<BusinessLine>,
}

/// One span (the whole range, or one calendar month clipped to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// `2026-11` for a month, `from..to` for the whole range.
    pub label: String,
    pub from: String,
    pub to: String,
    pub columns: Vec<Column>,
    /// Every office's figures summed.
    pub total: Vec<BusinessLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodReport {
    pub from: String,
    pub to: String,
    pub offices: Vec<OfficeRef>,
    pub whole: Span,
    pub months: Vec<Span>,
}

/// The calendar months a range touches, each clipped to the range.
pub fn months(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let first = start.with_day(1).unwrap_or(start);
        let next = first
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX);
        let end = next.pred_opt().unwrap_or(next).min(to);
        out.push((start, end));
        if next == NaiveDate::MAX {
            break;
        }
        start = next;
    }
    out
}

/// A span from its columns.
pub fn span(label: String, from: NaiveDate, to: NaiveDate, columns: Vec<Column>) -> Span {
    let total = business::sum(columns.iter().map(|c| c.lines.as_slice()));
    Span {
        label,
        from: from.to_string(),
        to: to.to_string(),
        columns,
        total,
    }
}

/// The report from each month's columns (in office order): the whole range is their sum.
pub fn assemble(
    from: NaiveDate,
    to: NaiveDate,
    offices: Vec<OfficeRef>,
    monthly: Vec<(NaiveDate, NaiveDate, Vec<Column>)>,
) -> PeriodReport {
    let whole_columns = offices
        .iter()
        .map(|o| Column {
            office_id: o.id,
            lines: business::sum(
                monthly
                    .iter()
                    .flat_map(|(_, _, cols)| cols.iter())
                    .filter(|c| c.office_id == o.id)
                    .map(|c| c.lines.as_slice()),
            ),
        })
        .collect();
    let months = monthly
        .into_iter()
        .map(|(f, t, cols)| span(f.format("%Y-%m").to_string(), f, t, cols))
        .collect();
    PeriodReport {
        from: from.to_string(),
        to: to.to_string(),
        offices,
        whole: span(format!("{from} – {to}"), from, to, whole_columns),
        months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_clipped_to_the_range() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            months(d("2026-01-15"), d("2026-03-02")),
            vec![
                (d("2026-01-15"), d("2026-01-31")),
                (d("2026-02-01"), d("2026-02-28")),
                (d("2026-03-01"), d("2026-03-02")),
            ]
        );
        assert_eq!(
            months(d("2026-12-03"), d("2026-12-03")),
            vec![(d("2026-12-03"), d("2026-12-03"))]
        );
        assert!(months(d("2026-12-04"), d("2026-12-03")).is_empty());
    }
}
