//! A centred confirmation box over the current screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::chrome::textwrap_cells;

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

/// Draws a bordered box with a title, body lines and a hint line at the bottom. The box is
/// as wide as its widest line allows within `area`; longer lines wrap and the box grows
/// down to hold them, so no message is ever cut.
pub fn render(frame: &mut Frame<'_>, area: Rect, title: &str, body: &[String], hint: &str) {
    let (rect, lines) = lay_out(area, title, body, hint);
    clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(
            Line::from(format!(" {title} ")).style(Style::default().add_modifier(Modifier::BOLD)),
        );
    let mut text: Vec<Line<'_>> = lines.body.into_iter().map(Line::from).collect();
    text.push(Line::from(""));
    text.extend(
        lines
            .hint
            .into_iter()
            .map(|l| Line::from(l).style(Style::default().add_modifier(Modifier::DIM))),
    );
    frame.render_widget(Paragraph::new(text).block(block), rect);
}

/// A dialog's text broken into the lines it is drawn in.
struct Wrapped {
    body: Vec<String>,
    hint: Vec<String>,
}

/// Where a dialog goes in `area` and its text wrapped to the box: two cells of the width
/// go to the borders and two stay free at the right, as they always have.
fn lay_out(area: Rect, title: &str, body: &[String], hint: &str) -> (Rect, Wrapped) {
    let widest = body
        .iter()
        .map(|l| display_width(l))
        .chain([display_width(title) + 4, display_width(hint)])
        .max()
        .unwrap_or(20);
    let width = (widest as u16 + 4)
        .clamp(30, area.width.saturating_sub(4).max(30))
        .min(area.width);
    let text_width = width.saturating_sub(4) as usize;
    let wrapped = Wrapped {
        body: body
            .iter()
            .flat_map(|l| textwrap_cells(l, text_width))
            .collect(),
        hint: textwrap_cells(hint, text_width),
    };
    let height = (wrapped.body.len() + wrapped.hint.len() + 3) as u16;
    (centered(area, width, height), wrapped)
}

/// A form in a double-bordered box at the bottom of `area`, under its hint lines (dimmed).
/// A tall form keeps every field in view: the blank line goes first, then hint lines.
pub fn form_dialog(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    form: &crate::tui::widgets::form::Form,
    hint: &str,
    lang: crate::i18n::Lang,
) {
    let width = 76.min(area.width.saturating_sub(2));
    let inner_width = width.saturating_sub(4);
    let hint: Vec<Line<'_>> = textwrap_cells(hint, inner_width as usize)
        .into_iter()
        .map(|l| Line::styled(l, Style::default().add_modifier(Modifier::DIM)))
        .collect();
    let form_rows = form.height(width.saturating_sub(2), lang);
    // A tall form (registration, with a refusal under a field) keeps every field in view:
    // the blank line goes first, then hint lines from the end.
    let room = area.height.saturating_sub(2 + form_rows);
    let spacer = u16::from(room > hint.len() as u16);
    let hint: Vec<Line<'_>> = hint
        .into_iter()
        .take(room.saturating_sub(spacer) as usize)
        .collect();
    let hint_rows = hint.len() as u16;
    let height = (2 + hint_rows + spacer + form_rows).min(area.height);
    let centred = centered(area, width, height);
    let rect = Rect {
        y: area.bottom().saturating_sub(centred.height),
        ..centred
    };
    clear_popup(frame, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .title(
            Line::from(format!(" {title} ")).style(Style::default().add_modifier(Modifier::BOLD)),
        );
    let inner = crate::tui::screens::inside(frame, rect, block);
    frame.render_widget(
        Paragraph::new(hint),
        Rect {
            height: hint_rows.min(inner.height),
            ..inner
        },
    );
    let form_y = (inner.y + hint_rows + spacer).min(inner.bottom());
    form.render(
        frame,
        Rect {
            y: form_y,
            height: inner.bottom().saturating_sub(form_y),
            ..inner
        },
        lang,
        true,
    );
}

#[cfg(test)]
pub(crate) mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;

    use super::*;
    use crate::i18n::check::{all_messages, filled};

    /// The text a buffer shows, row by row, each wide character once.
    pub(crate) fn shown(buffer: &Buffer, area: Rect) -> Vec<String> {
        (area.y..area.bottom())
            .map(|y| {
                let mut line = String::new();
                let mut skip = 0;
                for x in area.x..area.right() {
                    let symbol = buffer[(x, y)].symbol();
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    line.push_str(symbol);
                    skip = display_width(symbol).saturating_sub(1);
                }
                line
            })
            .collect()
    }

    /// Whether every character of `text` is on screen in order, ignoring blanks (where a
    /// line breaks) and the borders around it.
    pub(crate) fn all_shown(screen: &[String], text: &str) -> bool {
        let squeeze =
            |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect::<String>() };
        let on_screen: String = screen
            .iter()
            .map(|row| squeeze(&row.replace(['║', '│'], "")))
            .collect();
        on_screen.contains(&squeeze(text))
    }

    /// The body of an 80x24 screen: below the status bar, above the message line and footer.
    const BODY: Rect = Rect {
        x: 0,
        y: 1,
        width: 80,
        height: 21,
    };

    fn render_at_80x24(title: &str, body: &str, hint: &str) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| render(frame, BODY, title, &[body.to_string()], hint))
            .unwrap();
        shown(terminal.backend().buffer(), Rect::new(0, 0, 80, 24))
    }

    #[test]
    fn a_long_message_wraps_and_the_box_grows_instead_of_cutting_it() {
        let body = "This is a message much longer than any dialog at eighty columns could hold \
                    on one line, and it goes on to say what to do next";
        let screen = render_at_80x24("Title", body, "Enter OK   Esc Cancel");
        assert!(all_shown(&screen, body), "{screen:#?}");
        assert!(all_shown(&screen, "Enter OK   Esc Cancel"), "{screen:#?}");
        let zh = "账单已由另一个窗口收讫，收据号 HF01-2026-000123；未重复收费。请核对后再收其他账单，或返回客户信息查看收费记录";
        let screen = render_at_80x24("标题", zh, "Enter 确定");
        assert!(all_shown(&screen, zh), "{screen:#?}");
        assert!(all_shown(&screen, "Enter 确定"), "{screen:#?}");
    }

    /// Every message of the catalog, in both languages and with its placeholders filled,
    /// fits a dialog at 80x24 whole: as its body, and as a title or hint where it is short
    /// enough to be one.
    #[test]
    fn every_catalog_message_fits_a_dialog_at_80x24() {
        let messages = all_messages();
        assert!(messages.len() > 300);
        for (zh, en) in messages {
            for text in [filled(&zh), filled(&en)] {
                let screen = render_at_80x24("Title", &text, "Enter OK   Esc Cancel");
                assert!(all_shown(&screen, &text), "cut: {text:?}\n{screen:#?}");
                assert!(all_shown(&screen, "Enter OK   Esc Cancel"), "{screen:#?}");
                let screen = render_at_80x24("Title", "Body", &text);
                assert!(all_shown(&screen, &text), "hint cut: {text:?}\n{screen:#?}");
            }
        }
    }
}
