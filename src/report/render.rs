//! Tables written out: plain text (terminal, printer), CSV for Excel and WPS (a
//! byte-order mark and CRLF line ends, so Chinese opens correctly; text cells that would
//! run as formulas are quoted), and xlsx ([`super::xlsx`]).

use crate::domain::text::{csv_cell, display_width};

use super::table::{Cell, Table};

fn pad(s: &str, cells: usize, right: bool) -> String {
    let fill = " ".repeat(cells.saturating_sub(display_width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The tables as text, each under its title, columns aligned by terminal cells; numbers
/// to the right.
pub fn text(title: &str, tables: &[Table]) -> String {
    let mut out = String::new();
    out.push_str(&crate::domain::text::sanitize(title));
    out.push('\n');
    for t in tables {
        out.push('\n');
        out.push_str(&crate::domain::text::sanitize(&t.title));
        out.push('\n');
        let cells: Vec<Vec<String>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect();
        let headers: Vec<String> = t
            .headers
            .iter()
            .map(|h| crate::domain::text::sanitize(h).into_owned())
            .collect();
        let widths: Vec<usize> = (0..headers.len())
            .map(|i| {
                cells
                    .iter()
                    .filter_map(|r| r.get(i))
                    .chain(std::iter::once(&headers[i]))
                    .map(|s| display_width(s))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..headers.len())
            .map(|i| {
                t.rows
                    .iter()
                    .any(|r| matches!(r.get(i), Some(c) if c.number().is_some()))
            })
            .collect();
        let line = |row: &[String]| {
            let parts: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, s)| pad(s, widths[i], numeric[i]))
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        out.push_str(&line(&headers));
        out.push('\n');
        if cells.is_empty() {
            out.push_str("  —\n");
        }
        for r in &cells {
            out.push_str(&line(r));
            out.push('\n');
        }
    }
    out
}

/// The tables as one CSV file: a title line, then each table (its title, headers and
/// rows) with an empty line between. UTF-8 with a byte-order mark, CRLF line ends.
pub fn csv(title: &str, tables: &[Table]) -> Vec<u8> {
    let writer = || {
        ::csv::WriterBuilder::new()
            .flexible(true)
            .terminator(::csv::Terminator::CRLF)
            .from_writer(Vec::new())
    };
    let text_cell = |s: &str| csv_cell(s);
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    let mut w = writer();
    let _ = w.write_record([text_cell(title)]);
    bytes.extend(w.into_inner().unwrap_or_default());
    for t in tables {
        bytes.extend_from_slice(b"\r\n");
        let mut w = writer();
        let _ = w.write_record([text_cell(&t.title)]);
        let _ = w.write_record(t.headers.iter().map(|h| text_cell(h)));
        for r in &t.rows {
            let _ = w.write_record(r.iter().map(|c| match c {
                // Numbers unformatted (no thousands separators), so a spreadsheet reads
                // them as numbers.
                Cell::Fen(f) => crate::domain::money::Fen(*f).to_string(),
                Cell::Text(s) => text_cell(s),
                other => other.text().trim_end_matches('%').to_string(),
            }));
        }
        bytes.extend(w.into_inner().unwrap_or_default());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            name: "x".into(),
            title: "现金".into(),
            headers: vec!["项目".into(), "金额".into()],
            rows: vec![
                vec![Cell::Text("=1+1,张".into()), Cell::Fen(-150)],
                vec![Cell::Text("现金".into()), Cell::Fen(123_456)],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_crlf_and_quotes_formulas() {
        let bytes = csv("日结", &[table()]);
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        let s = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            s,
            "日结\r\n\r\n现金\r\n项目,金额\r\n\"'=1+1,张\",-1.50\r\n现金,1234.56\r\n"
        );
    }

    #[test]
    fn text_aligns_by_terminal_cells() {
        let s = text("日结", &[table()]);
        assert_eq!(
            s,
            "日结\n\n现金\n项目         金额\n=1+1,张     -1.50\n现金     1,234.56\n"
        );
    }
}
