//! Tables as an xlsx workbook (rust_xlsxwriter): one worksheet per table, its title in
//! the first row, headers bold in the second, numbers stored as numbers with the format
//! a manager keeps (yuan `#,##0.00`, m³ `0.0`, shares `0.0%`, minutes `0.0`), columns as
//! wide as their text.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::domain::text::display_width;

use super::table::{Cell, Table};

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut out = if clean.is_empty() {
        "sheet".to_string()
    } else {
        clean
    };
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&out)) {
        out = format!("{}~{n}", out.chars().take(28).collect::<String>());
        n += 1;
    }
    taken.push(out.clone());
    out
}

/// The workbook's bytes.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let yuan = Format::new().set_num_format("#,##0.00");
    let m3 = Format::new().set_num_format("0.0");
    let share = Format::new().set_num_format("0.0%");
    let minutes = Format::new().set_num_format("0.0");
    let mut names = Vec::new();
    for t in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&t.name, &mut names))?;
        sheet.write_string_with_format(0, 0, crate::domain::text::sanitize(&t.title), &bold)?;
        let mut widths: Vec<usize> = t.headers.iter().map(|h| display_width(h)).collect();
        for (c, h) in t.headers.iter().enumerate() {
            sheet.write_string_with_format(1, col(c), crate::domain::text::sanitize(h), &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = u32::try_from(r + 2).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                widths[c] = widths[c].max(display_width(&cell.text()));
                let format = match cell {
                    Cell::Fen(_) => Some(&yuan),
                    Cell::Litres(_) => Some(&m3),
                    Cell::Permille(_) => Some(&share),
                    Cell::Secs(_) => Some(&minutes),
                    _ => None,
                };
                match (cell, cell.number()) {
                    (Cell::Text(s), _) => {
                        sheet.write_string(r, col(c), crate::domain::text::sanitize(s))?;
                    }
                    (_, Some(n)) => match format {
                        Some(f) => {
                            sheet.write_number_with_format(r, col(c), n, f)?;
                        }
                        None => {
                            sheet.write_number(r, col(c), n)?;
                        }
                    },
                    _ => {}
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(col(c), (*w as f64 + 2.0).min(60.0))?;
        }
    }
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
