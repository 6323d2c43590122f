//! A centred confirmation box over the current screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use crate::domain::text::display_width;

/// A rectangle of `width` x `height` centred in `area` (clamped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Blanks `rect` for a popup. A wide (CJK) character just left of the popup would spill
/// its right half under the popup's border, so it is blanked too.
pub fn clear_popup(frame: &mut Frame<'_>, rect: Rect) {
    frame.render_widget(Clear, rect);
    if rect.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in rect.y..rect.bottom() {
        if let Some(cell) = buffer.cell_mut((rect.x - 1, y))
            && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Draws a bordered box with a title, body lines and a hint line at the bottom.
pub fn render(frame: &mut Frame<'_>, area: Rect, title: &str, body: &[String], hint: &str) {
    let widest = body
        .iter()
        .map(|l| display_width(l))
        .chain([display_width(title) + 4, display_width(hint)])
        .max()
        .unwrap_or(20);
    let width = (widest as u16 + 4).clamp(30, area.width.saturating_sub(4).max(30));
    let height = body.len() as u16 + 4;
    let rect = centered(area, width, height);
    clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(
            Line::from(format!(" {title} ")).style(Style::default().add_modifier(Modifier::BOLD)),
        );
    let mut lines: Vec<Line<'_>> = body.iter().map(|l| Line::from(l.as_str())).collect();
    lines.push(Line::from(""));
    lines.push(Line::from(hint).style(Style::default().add_modifier(Modifier::DIM)));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
