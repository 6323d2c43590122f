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
    frame.render_widget(Clear, rect);
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
