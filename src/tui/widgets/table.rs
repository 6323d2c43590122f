//! The one result table: a header, rows of already-sanitised cells, the selected row
//! REVERSED (never colour alone), scrolled to keep the selection visible.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Row, Table, TableState};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub selected: usize,
}

impl Selection {
    pub fn next(&mut self, len: usize) {
        if len > 0 {
            self.selected = (self.selected + 1).min(len - 1);
        }
    }

    pub fn prev(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn page_down(&mut self, len: usize, page: usize) {
        if len > 0 {
            self.selected = (self.selected + page.max(1)).min(len - 1);
        }
    }

    pub fn page_up(&mut self, page: usize) {
        self.selected = self.selected.saturating_sub(page.max(1));
    }

    pub fn reset(&mut self) {
        *self = Selection::default();
    }
}

/// Draws the table with row `selected` lit and kept in view; `None` lights nothing (a
/// screen with two lists lights the row in the list that has the selection).
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    widths: &[Constraint],
    selected: Option<usize>,
) {
    let table = Table::new(rows.into_iter().map(Row::new), widths.to_vec())
        .header(
            Row::new(header)
                .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
        )
        .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED))
        .column_spacing(1);
    // Derived from the selection alone, so screens keep no render state: the selected row
    // is the last visible one once the list scrolls.
    let visible = area.height.saturating_sub(1).max(1) as usize;
    let mut state = TableState::default()
        .with_selected(selected)
        .with_offset(selected.unwrap_or(0).saturating_sub(visible - 1));
    frame.render_stateful_widget(table, area, &mut state);
}
