//! Reports (报表, F8): the day-end of an office and the period report of the group,
//! computed without I/O from rows the store loads (`db::report`): the ledger, the
//! receipts, the shift counts and the ticket events — never counters kept on the side.
//! Rendered as tables ([`table`]) to text, CSV, xlsx; JSON is the figures themselves.

pub mod business;
pub mod day;
pub mod period;
pub mod render;
pub mod table;
pub mod xlsx;

pub use business::{BusinessLine, Unit};
pub use day::DayReport;
pub use period::PeriodReport;

/// How a report is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Csv,
    Json,
    Xlsx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The bytes of a report in `format`: `title` and `tables` for text, CSV and xlsx, `json`
/// for JSON (pretty, with a final newline).
pub fn write(
    format: Format,
    title: &str,
    tables: &[table::Table],
    json: &impl serde::Serialize,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    Ok(match format {
        Format::Text => render::text(title, tables).into_bytes(),
        Format::Csv => render::csv(title, tables),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(json).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
        Format::Xlsx => xlsx::workbook(tables)?,
    })
}
